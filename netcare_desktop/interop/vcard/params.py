"""vCard parameters: the one parser and the one formatter every reader and writer uses.

RFC 6350 §3.3 (``;NAME=value,value`` with quoted values), vCard 2.1's bare parameters
(``TEL;CELL;PREF``), and RFC 6868's ``^n`` ``^'`` ``^^`` in parameter values.

The vCard reader and writer use them, and so do the CSV formats for a kept property
written as a Google custom field labelled ``NAME;PARAM=value`` (:func:`parse_param_text`
checks such a label is parameters before it is read as them), and the importer for the
line a kept property is stored as: a value comes back from every path as it was written
(line breaks as LF).
"""

from __future__ import annotations

import re


def _split_unquoted(text: str, sep: str) -> list[str]:
    if '"' not in text:
        return text.split(sep)
    out, buf, quoted, i = [], [], False, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and quoted and i + 1 < len(text):  # \" inside a quoted value
            buf.append(text[i : i + 2])
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
            buf.append(ch)
        elif ch == sep and not quoted:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    out.append("".join(buf))
    return out


def _rfc6868(value: str) -> str:
    if "^" not in value:
        return value
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "^" and i + 1 < len(value) and value[i + 1] in "n'^":
            out.append({"n": "\n", "'": '"', "^": "^"}[value[i + 1]])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


_QUOTED_ESCAPE = re.compile(r'\\(["\\])')


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        inner = value[1:-1]  # \" and \\ inside quotes: a quote, a backslash
        return _QUOTED_ESCAPE.sub(r"\1", inner) if "\\" in inner else inner
    return value.strip('"')


_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}


def parse_params(text: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for segment in _split_unquoted(text, ";"):
        segment = segment.strip()
        if not segment:
            continue
        if "=" in segment:
            key, _, value = segment.partition("=")
            key = key.strip().upper()
            values = [_rfc6868(_unquote(v.strip())) for v in _split_unquoted(value, ",")]
            values = [v for v in values if v != ""]
        else:  # vCard 2.1 bare parameter: never quoted, so a comma separates types
            upper = segment.upper()
            if upper in _ENCODINGS:
                key, values = "ENCODING", [upper]
            elif "," in segment and '"' not in segment:
                key, values = "TYPE", [v.strip() for v in segment.split(",") if v.strip()]
            else:
                key, values = "TYPE", [segment]
        if key:
            params.setdefault(key, []).extend(values)
    return params


# Every parameter value a writer puts on a line goes through encode_param (and every value
# through writer.encode_value), so no text can end its line early: a line break in any form
# (LF, CR, CRLF, one decoded from quoted-printable =0D=0A) becomes ^n (RFC 6868).
ANY_BREAK = re.compile(r"\r\n|\r|\n")


def encode_param(value: str) -> str:
    """A parameter value as written (RFC 6868: ^^ ^n ^' for ^, a line break, a quote),
    quoted when it holds a separator or white space at either end (which would be lost).
    The same for 3.0: RFC 2426 has no way to write a quote or a line break in a
    parameter, and NetCare's reader decodes RFC 6868 in every version."""
    v = value.replace("^", "^^")
    if "\r" in v or "\n" in v:
        v = ANY_BREAK.sub("^n", v)
    v = v.replace('"', "^'")
    if any(c in v for c in ",;:") or v != v.strip():  # inside quotes \ is an escape
        return '"' + v.replace("\\", "\\\\") + '"'
    return v


def format_params(params: dict[str, list[str]]) -> str:
    """``;KEY=value,value`` for each parameter, every value through :func:`encode_param`.

    A parameter without a value is written ``;KEY=``: a bare ``;KEY`` is vCard 2.1's
    shorthand for ``TYPE=KEY`` and would read back as that."""
    return "".join(f";{k}={','.join(encode_param(v) for v in vals)}" for k, vals in params.items())


# A parameter name as the reader takes it (a name that cannot end the parameter, its
# value or the line; RFC 6350 wants letters, digits and "-", real files hold more).
PARAM_NAME = re.compile(r'^[^;:="\s](?:[^;:="\r\n]*[^;:="\s])?$')
_VALUE = r'(?:"(?:[^"\\\r\n]|\\.)*"|[^;,"\r\n]*)'
_PARAM_TEXT = re.compile(rf"(?:;{PARAM_NAME.pattern[1:-1]}={_VALUE}(?:,{_VALUE})*)*")


def parse_param_text(text: str) -> dict[str, list[str]] | None:
    """The parameters of a text such as ``;TYPE=a,b;X-Y="q;v"`` as :func:`parse_params`
    reads them, or None when the text is not made only of ``;NAME=value`` parameters
    (``;bar``, an unclosed quote): the CSV formats keep such a label as a label."""
    if not _PARAM_TEXT.fullmatch(text):
        return None
    return parse_params(text[1:]) if text else {}
