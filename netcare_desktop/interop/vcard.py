"""vCard 2.1, 3.0 and 4.0: a tolerant reader and a strict writer.

Written for what real clients produce rather than only for the RFCs, and read
one card at a time so a broken value costs that value, a broken card costs
that card, and never the file.

References:
- vCard 2.1 (versit, 1996): bare parameters (``TEL;CELL;PREF``), quoted-printable
  with ``=`` soft line breaks, ``CHARSET``, base64 blocks ended by a blank line.
- RFC 2425 §5.8.1 and RFC 2426 (vCard 3.0): line folding, ``ENCODING=b``, escapes.
- RFC 6350 (vCard 4.0): §3.2 folding, §3.3 ABNF (params, quoted values), §3.4
  value escaping, §4.1 lists and structured values, §6.2.5 year-less dates,
  ``data:`` URIs (RFC 2397) for PHOTO.
- RFC 6868: ``^n`` ``^'`` ``^^`` in parameter values.

Apple's ``itemN.`` groups with ``X-ABLabel`` give labels to the property they
group; ``X-APPLE-OMIT-YEAR`` (and the bare year 1604) mean "year unknown".
Properties NetCare does not model are kept as :class:`Extra`s with their
original (escaped) value, so an export writes them back unchanged.

Speed: plain cards (UTF-8, no quoted-printable or CHARSET, nothing to report) take a fast
path, one regular expression over each unfolded card and their common properties mapped
inline; every other card is read line by line by the general reader.  Both give the same
records and issues (tests/interop/test_vcard_fast.py and the property tests compare them).
Reading the 10,000-card file of ``bench/import_bench.py`` (27.8 MB) takes about 0.5 s,
vobject 0.9.9 about 6 s to parse it.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import quopri
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from netcare_desktop.interop.record import (
    Address,
    ContactRecord,
    Email,
    Extra,
    Issue,
    Phone,
    Url,
    sniff_image_mime,
)

# -- decoding the file ----------------------------------------------------------

BOM = b"\xef\xbb\xbf"  # U+FEFF in UTF-8 (a UTF-16 file's BOM too, once the file is UTF-8)


def to_utf8_bytes(data: bytes) -> tuple[bytes, bool]:
    """Normalise a whole file: UTF-16/32 (BOM or NUL pattern) become UTF-8; a UTF-8 BOM is dropped.

    Returns the bytes and whether they are known to be UTF-8 as a whole (after a
    UTF-16 decode). 8-bit files stay bytes: each value is decoded on its own
    (its CHARSET, else UTF-8, else Windows-1252).
    """
    if data.startswith(BOM):
        return data[3:], False
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace").encode("utf-8"), True
    head = data[:200]
    if len(head) >= 8 and head.count(b"\x00") * 3 >= len(head):  # UTF-16 without a BOM
        codec = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        return data.decode(codec, errors="replace").encode("utf-8"), True
    return data, False


_LINE_BREAK = re.compile(rb"\r\r\n|\r\n|\n|\r")
_BASE64_LINE = re.compile(rb"^[A-Za-z0-9+/=]+$")


@dataclass
class Property:
    group: str
    name: str  # upper case
    params: dict[str, list[str]]
    raw: bytes  # the value as written (after unfolding), not yet decoded
    line: int
    text: str = ""  # decoded (charset, quoted-printable) but not unescaped
    binary: bytes | None = None  # decoded base64, for ENCODING=b/BASE64

    @property
    def types(self) -> list[str]:
        return [t.lower() for t in self.params.get("TYPE", []) if t]


@dataclass
class RawCard:
    line: int
    props: list[Property] = field(default_factory=list)
    issues: list[tuple[int, str]] = field(default_factory=list)


BLOCK = 1 << 20  # work on ~1 MB at a time: no single C call holds the GIL for long


def _blocks(data: bytes) -> Iterator[bytes]:
    """Cut a big file into pieces at card starts, so the GUI thread keeps its share of the GIL."""
    start = 0
    while len(data) - start > BLOCK:
        cut = data.find(b"\nBEGIN:VCARD", start + BLOCK)
        if cut < 0:
            break
        yield data[start : cut + 1]
        start = cut + 1
    yield data[start:] if start else data


# The parameter that makes a value quoted-printable (ENCODING=QUOTED-PRINTABLE, 2.1's bare
# QUOTED-PRINTABLE), not the word inside another parameter's name or value: only then does
# a value ending in "=" continue on the next line.
_QP_PARAM = re.compile(
    rb';[ \t]*(?:ENCODING[ \t]*=[ \t]*)?"?QUOTED-PRINTABLE"?[ \t]*(?:;|$)', re.IGNORECASE
)


def _logical_lines(data: bytes, number: int = 1) -> Iterator[tuple[int, bytes]]:
    """Unfold (RFC 6350 §3.2, RFC 2425 §5.8.1; TAB too), join 2.1 quoted-printable soft
    breaks and 2.1 base64 blocks; yield (first physical line number, logical line).

    Line ends are normalised first (CR CR LF, CRLF, CR -> LF) and the folds removed with
    regular expressions, so the per-line Python work is per logical line only.
    """
    data = data.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    # A fold (line break + space or TAB) becomes one marker byte; C-speed all the way.
    data = data.replace(b"\x01", b"").replace(b"\n ", b"\x01").replace(b"\n\t", b"\x01")
    current: bytes | None = None
    start = 0
    is_qp = is_b64 = False
    for chunk in data.split(b"\n"):
        folds = chunk.count(b"\x01")
        line_count = folds + 1
        if folds:
            colon = chunk.find(b":")
            if _QP_PARAM.search(chunk[: colon if colon >= 0 else 200]):
                chunk = chunk.replace(b"=\x01", b"")  # a soft break whose next line is indented
            line = chunk.replace(b"\x01", b"")
        else:
            line = chunk
        here = number
        number += line_count
        if current is not None:
            if (
                is_qp
                and current.endswith(b"=")
                and line.strip().removeprefix(BOM).upper() not in (b"END:VCARD", b"BEGIN:VCARD")
            ):
                current = current[:-1] + line.lstrip(b" \t")
                continue
            if is_b64 and line and b":" not in line and _BASE64_LINE.match(line):
                current += line  # 2.1 base64 continues until a blank line
                continue
            yield start, current
            current = None
        if line[:3] == BOM:  # files joined with `cat`, each with its BOM: not data
            line = line[3:]
        if not line.strip():
            continue
        current, start = line, here
        head = line[: line.find(b":")].upper() if b":" in line else line.upper()
        is_qp = b"QUOTED-PRINTABLE" in head and _QP_PARAM.search(head) is not None
        is_b64 = b"BASE64" in head or b"ENCODING=B" in head
    if current is not None:
        yield start, current


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


def _parse_params(text: str) -> dict[str, list[str]]:
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


# What Windows and phones really write when they declare these: the vendor supersets.
_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "euc-kr": "cp949",
    "ks-c-5601-1987": "cp949",
}
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _decode_bytes(raw: bytes, charset: str | None) -> tuple[str, str | None]:
    """Bytes to text: the declared charset, else UTF-8, else Windows-1252. Returns (text, problem).

    UTF-8 with a stray invalid byte or two (a broken quoted-printable escape) keeps the
    rest of its text: only the bad bytes are dropped, and that is reported."""
    problem = None
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        charset = _SUPERSETS.get(charset.lower().replace("_", "-"), charset)
        try:
            return raw.decode(charset), None
        except (LookupError, UnicodeError, ValueError, TypeError):
            problem = f"charset {charset!r} unusable for this value"
    try:
        return raw.decode("utf-8"), problem
    except UnicodeDecodeError:
        pass
    lenient = raw.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    if bad and bad <= max(2, len(lenient) // 50) and _UTF8_SEQUENCE.search(raw):
        return lenient.replace("\ufffd", ""), f"{bad} invalid UTF-8 byte(s) left out"
    return raw.decode("cp1252", errors="replace"), problem


_OPEN_LABEL = re.compile(rb";LABEL=[^\";]*$", re.IGNORECASE)


def _adr_colon(line: bytes, first: int) -> int:
    """Nextcloud writes unquoted colons inside ADR's LABEL parameter: the value is where
    the seven ';'-separated components start, not at the first colon."""
    pos = first
    while pos >= 0:
        rest = line[pos + 1 :]
        semi = rest.find(b";")
        if rest.count(b";") >= 6 and b":" not in (rest[:semi] if semi >= 0 else rest):
            return pos
        pos = line.find(b":", pos + 1)
    return first


def parse_line(line: bytes, number: int, utf8: bool) -> Property | str:
    """One logical line to a Property, or an error message."""
    # The name/params part ends at the first colon outside quotes.
    colon = line.find(b":")
    if colon >= 0 and b'"' in line[:colon]:  # a quoted parameter value may hold colons
        quoted = escaped = False
        colon = -1
        for i, byte in enumerate(line):
            if escaped:
                escaped = False
            elif byte == 0x5C and quoted:  # backslash inside quotes: the next byte is literal
                escaped = True
            elif byte == 0x22:
                quoted = not quoted
            elif byte == 0x3A and not quoted:
                colon = i
                break
    if (
        colon >= 0
        and line[:4].upper() == b"ADR;"
        and line.count(b":") > 1
        and _OPEN_LABEL.search(line[:colon])
    ):
        colon = _adr_colon(line, colon)
    if colon < 0:
        quoted_colon = line.find(b":")
        if quoted_colon < 0:
            return f"no ':' in {line[:40].decode('utf-8', 'replace')!r}; line ignored"
        colon = quoted_colon  # an unbalanced quote: take the first colon
    head = line[:colon].decode("utf-8", errors="replace")
    name_part, _, param_text = head.partition(";")
    name_part = name_part.strip()
    group, _, name = name_part.rpartition(".")
    if not name or not (name.isascii() and name.replace("-", "").isalnum()):
        return f"not a property name: {name_part[:40]!r}; line ignored"
    if group and not (group.isascii() and group.replace("-", "").isalnum()):
        return f"not a property name: {name_part[:40]!r}; line ignored"  # RFC 6350 §3.3
    params = _parse_params(param_text) if param_text else {}
    prop = Property(
        group=group, name=name.upper(), params=params, raw=line[colon + 1 :], line=number
    )
    encoding = (params.get("ENCODING") or [""])[0].upper()
    charset = None if utf8 else (params.get("CHARSET") or [None])[0]
    if encoding in ("BASE64", "B") and not prop.raw[:12].lstrip().lower().startswith(b"data:"):
        compact = prop.raw.translate(None, b" \t\r\n\x0b\x0c")
        try:
            prop.binary = base64.b64decode(compact + b"=" * (-len(compact) % 4), validate=True)
        except (binascii.Error, ValueError):
            prop.binary = None
            prop.text = compact.decode("ascii", errors="replace")
            return prop  # the mapping reports the broken data for this value only
        prop.text = compact.decode("ascii")
        return prop
    raw = prop.raw
    if encoding == "QUOTED-PRINTABLE":
        raw = quopri.decodestring(raw)
    prop.text, problem = _decode_bytes(raw, charset)
    if problem:
        prop.params.setdefault("X-NETCARE-PROBLEM", []).append(problem)
    return prop


def _normalize_breaks(block: bytes) -> bytes:
    """CR CR LF, CRLF and CR become LF (C-speed, skipped when there is no CR)."""
    if b"\r" not in block:
        return block
    out = block.replace(b"\r\n", b"\n")
    if b"\r" not in out:  # CRLF only: the common case, one pass and a memchr
        return out
    return block.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _all_logical_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    number = 1
    for block in _blocks(data):
        block = _normalize_breaks(block)
        yield from _logical_lines(block, number)
        number += block.count(b"\n")


_JOINED = re.compile(rb"^END:VCARD[ \t]*(?:\xef\xbb\xbf)?BEGIN:VCARD$")


class _CardReader:
    """Logical lines to cards: the state (the card being read) lives across calls, so a
    file can be fed in pieces."""

    def __init__(self, utf8: bool):
        self.utf8 = utf8
        self.card: RawCard | None = None

    def feed(self, lines: Iterable[tuple[int, bytes]]) -> Iterator[RawCard]:
        utf8 = self.utf8
        for number, line in lines:
            upper = line.strip().upper()
            if upper[:9] == b"END:VCARD" and upper != b"END:VCARD" and _JOINED.match(upper):
                # `cat` of files, one without a final line break: END:VCARD[BOM]BEGIN:VCARD
                yield from self.feed(((number, b"END:VCARD"), (number, b"BEGIN:VCARD")))
                continue
            if upper == b"BEGIN:VCARD":
                if self.card is not None:
                    self.card.issues.append(
                        (number, "card not closed with END:VCARD before the next one")
                    )
                    yield self.card
                self.card = RawCard(line=number)
                continue
            if upper == b"END:VCARD":
                if self.card is not None:
                    yield self.card
                self.card = None
                continue
            if self.card is None:
                self.card = RawCard(line=number)
                self.card.issues.append((number, "BEGIN:VCARD missing; card started here"))
            parsed = parse_line(line, number, utf8)
            if isinstance(parsed, str):
                self.card.issues.append((number, parsed))
            else:
                self.card.props.append(parsed)

    def finish(self) -> Iterator[RawCard]:
        card, self.card = self.card, None
        if card is not None and (card.props or card.issues):
            card.issues.append((card.line, "END:VCARD missing at the end of the file; card closed"))
            yield card


def read_raw_cards(data: bytes) -> Iterator[RawCard]:
    """Split a file into cards of properties; closes an unterminated last card and
    starts a card where BEGIN:VCARD is missing."""
    data, utf8 = to_utf8_bytes(data)
    reader = _CardReader(utf8)
    yield from reader.feed(_all_logical_lines(data))
    yield from reader.finish()


# -- values ---------------------------------------------------------------------


_ANY_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_HOLD = "\ue000"  # stands in for an escaped backslash while the others are replaced


def unescape(text: str) -> str:
    """RFC 6350 §3.4: \\n \\N newline; \\, \\; \\: \\\\ the character (any other: the character)."""
    if "\\" not in text:
        return text
    if _HOLD in text:  # pragma: no cover - a private-use character in the data: the slow way
        return _ANY_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)
    text = (
        text.replace("\\\\", _HOLD)
        .replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\:", ":")
    )
    if "\\" in text:
        text = _ANY_ESCAPE.sub(lambda m: m.group(1), text)
    return text.replace(_HOLD, "\\")


def split_escaped(text: str, sep: str) -> list[str]:
    """Split on ``sep`` not preceded by a backslash, unescaping each part."""
    if "\\" not in text:
        return text.split(sep)
    parts, buf, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append(unescape("".join(buf)))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append(unescape("".join(buf)))
    return parts


def _split_raw(text: str, sep: str) -> list[str]:
    """Split on unescaped ``sep`` keeping the escapes (for structured values with list parts)."""
    if "\\" not in text:
        return text.split(sep)
    parts, buf, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts


_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_LABEL_TYPES = {
    "cell": "mobile",
    "mobile": "mobile",
    "iphone": "iPhone",
    "home": "home",
    "work": "work",
    "fax": "fax",
    "pager": "pager",
    "main": "main",
    "other": "other",
    "car": "car",
    "video": "video",
    "text": "text",
    "textphone": "textphone",
    "isdn": "ISDN",
    "bbs": "BBS",
    "modem": "modem",
    "msg": "message",
    "postal": "postal",
    "parcel": "parcel",
    "dom": "domestic",
    "intl": "international",
}
_NOT_LABELS = {"pref", "internet", "voice", "x400", "x-internet", "uri", "text/plain"}


_LABEL_PRIORITY = ("fax", "pager", "mobile", "iPhone", "work", "home", "other", "main")


def _label(prop: Property, apple_labels: dict[str, str]) -> str:
    """Apple's X-ABLabel for the group, else the most telling TYPE ("fax" over "work",
    "work" over "postal"), unknown ones in their own spelling ("HomePage")."""
    if prop.group and prop.group.lower() in apple_labels:
        return apple_labels[prop.group.lower()]
    return _type_label(prop.params)


# The TYPE words of RFC 2426 and RFC 6350 (and the vendors' common ones): what a quoted
# list such as TYPE="work,voice" is made of.
_TYPE_WORDS = (
    set(_LABEL_TYPES) | _NOT_LABELS | {"pcs", "aol", "applelink", "attmail", "cis", "tlx"}
) - {"uri", "text/plain"}


def _type_words(params: dict[str, list[str]]) -> list[str]:
    """The TYPE parameter's values, one type each.

    Unquoted ``TYPE=work,voice`` and 2.1's bare ``WORK,VOICE`` are lists, split by
    ``_parse_params``. A quoted value is one value (RFC 6350 §5: commas inside the quotes
    do not separate), so ``TYPE="Work, Home"`` is the label the user wrote; except that
    RFC 6350's own examples (§6.4.1) and KAddressBook quote a list of type words,
    ``TYPE="voice,home"``: a quoted value made only of known type words joined by bare
    commas is read as that list."""
    out: list[str] = []
    for t in params.get("TYPE", ()):
        if "," in t and all(not w or w.lower() in _TYPE_WORDS for w in t.split(",")):
            out.extend(w for w in t.split(",") if w)
        else:
            t = t.strip()
            if t:
                out.append(t)
    return out


def _type_label(params: dict[str, list[str]]) -> str:
    words = [
        _LABEL_TYPES.get(t.lower(), t) for t in _type_words(params) if t.lower() not in _NOT_LABELS
    ]
    if not words:
        return ""
    for wanted in _LABEL_PRIORITY:
        if wanted in words:
            return wanted
    return words[0]


def _preferred(params: dict[str, list[str]]) -> bool:
    return any(t.lower() == "pref" for t in _type_words(params)) or bool(params.get("PREF"))


_LINKEDIN = re.compile(r"linkedin\.com/(in|pub)/", re.IGNORECASE)


_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_YEARLESS_DATE = re.compile(r"^--(\d{2})-?(\d{2})$")


def _parse_date(text: str, omit_year: str | None) -> tuple[int | None, int, int] | None:
    """RFC 6350 §4.3.1 dates, 2.1/3.0 forms, and Apple's year-less 1604 convention."""
    text = text.strip()
    m = _DATE.match(text)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if omit_year and m.group(1) == omit_year or year == 1604:
            year = None
    else:
        m = _YEARLESS_DATE.match(text)
        if not m:
            return None
        year, month, day = None, int(m.group(1)), int(m.group(2))
    try:
        datetime.date(year or 2000, month, day)  # a real day (2000 is a leap year: --0229 is fine)
    except ValueError:
        return None
    return year, month, day


def _photo(prop: Property) -> tuple[bytes | None, str, str, str | None]:
    """(bytes, mime, url, problem) for PHOTO: base64, ``data:`` URIs or a URL (never fetched)."""
    if prop.binary is not None:
        return prop.binary, sniff_image_mime(prop.binary) or _type_mime(prop), "", None
    value = unescape(prop.text.strip()).strip() if prop.binary is None else ""
    if not value:
        if (prop.params.get("ENCODING") or [""])[0].upper() in ("B", "BASE64") and prop.raw.strip():
            return None, "", "", "the photo's base64 data is broken; photo left out"
        return None, "", "", None
    if value.lower().startswith("data:"):
        header, _, payload = value.partition(",")
        if ";base64" in header.lower():
            compact = re.sub(r"\s+", "", payload)
            try:
                data = base64.b64decode(compact + "=" * (-len(compact) % 4), validate=True)
            except (binascii.Error, ValueError):
                return None, "", "", "the photo's data: URI is broken; photo left out"
        else:
            from urllib.parse import unquote_to_bytes

            data = unquote_to_bytes(payload)
        mime = sniff_image_mime(data) or header[5:].split(";")[0]
        return data, mime, "", None
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE):
        return None, "", value, None
    # A bare 2.1 photo whose encoding parameter is missing: try base64.
    try:
        data = base64.b64decode(re.sub(r"\s+", "", value), validate=True)
    except (binascii.Error, ValueError):
        return None, "", "", "unreadable photo value; photo left out"
    return data, sniff_image_mime(data) or _type_mime(prop), "", None


def _type_mime(prop: Property) -> str:
    for t in prop.types + [m.lower() for m in prop.params.get("MEDIATYPE", [])]:
        if "/" in t:
            return t
        if t in ("jpeg", "jpg", "png", "gif", "bmp", "tiff", "webp"):
            return "image/jpeg" if t in ("jpeg", "jpg") else f"image/{t}"
    return ""


_PHOTO_MODELLED_PARAMS = {"TYPE", "ENCODING", "VALUE", "MEDIATYPE", "CHARSET", "X-NETCARE-PROBLEM"}
_ADR_MODELLED_PARAMS = {"TYPE", "PREF", "CHARSET", "ENCODING", "X-NETCARE-PROBLEM", "LANGUAGE"}
_MODELLED = {
    "FN",
    "N",
    "NICKNAME",
    "ORG",
    "TITLE",
    "EMAIL",
    "TEL",
    "URL",
    "ADR",
    "BDAY",
    "NOTE",
    "PHOTO",
    "UID",
    "CATEGORIES",
    "X-ABLABEL",
}
_DROPPED = {"VERSION", "PRODID", "BEGIN", "END"}


def _extra(prop: Property) -> Extra:
    params = {k: v for k, v in prop.params.items() if k not in ("CHARSET", "X-NETCARE-PROBLEM")}
    if (params.get("ENCODING") or [""])[0].upper() == "QUOTED-PRINTABLE":
        params.pop("ENCODING")  # decoded: written back as plain (escaped) text
    name = f"{prop.group}.{prop.name}" if prop.group else prop.name
    # Kept in escaped form: a line break decoded from quoted-printable becomes \n.
    value = prop.text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return Extra(name=name, params=params, value=value)


def _map_prop(
    rec: ContactRecord,
    prop: Property,
    apple_labels: dict[str, str],
    grouped_used: set[str],
    report: Callable[[Property, str], None],
) -> None:
    """One property into the record (the fast path uses it for what it does not inline)."""
    name = prop.name
    for problem in prop.params.get("X-NETCARE-PROBLEM", []):
        report(prop, f"{problem}; read as UTF-8 or Windows-1252 instead")
    if name in _DROPPED:
        return
    value = prop.text
    if name == "X-ABLABEL":
        return  # consumed with its group below (or kept if nothing used it)
    if prop.group and name in _MODELLED:
        grouped_used.add(prop.group.lower())
    if name == "FN":
        if not rec.display_name:
            rec.display_name = unescape(value).strip()
        else:
            rec.extras.append(_extra(prop))
    elif name == "N":
        parts = [
            ",".join(p for p in (x.strip() for x in split_escaped(part, ",")) if p)
            for part in _split_raw(value, ";")
        ] + [""] * 5
        fam, given, middle, prefix, suffix = (p.strip() for p in parts[:5])
        if any((fam, given, middle, prefix, suffix)) and not (rec.family_name or rec.given_name):
            rec.family_name, rec.given_name, rec.middle_name = fam, given, middle
            rec.prefix, rec.suffix = prefix, suffix
    elif name == "NICKNAME":
        nick = ", ".join(p.strip() for p in split_escaped(value, ",") if p.strip())
        rec.nickname = (
            f"{rec.nickname}, {nick}" if rec.nickname and nick else (rec.nickname or nick)
        )
    elif name == "ORG":
        parts = [p.strip() for p in split_escaped(value, ";")]
        if parts and any(parts) and not rec.organization:
            rec.organization = parts[0]
            rec.department = "; ".join(p for p in parts[1:] if p)
        elif any(parts):
            rec.extras.append(_extra(prop))
    elif name == "TITLE":
        title = unescape(value).strip()
        if title and not rec.title:
            rec.title = title
        elif title:
            rec.extras.append(_extra(prop))
    elif name == "EMAIL":
        address = unescape(value).strip()
        if address.lower().startswith("mailto:"):
            address = address[7:]
        if address:
            rec.emails.append(Email(address, _label(prop, apple_labels), _preferred(prop.params)))
    elif name == "TEL":
        number = unescape(value).strip()
        if number.lower().startswith("tel:"):
            number = number[4:]
        if number:
            rec.phones.append(Phone(number, _label(prop, apple_labels)))
    elif name == "URL":
        url = unescape(value).strip()
        if url:
            rec.urls.append(Url(url, _label(prop, apple_labels)))
            if not rec.linkedin_url and _LINKEDIN.search(url):
                rec.linkedin_url = url
    elif name == "ADR":
        parts = [p.replace("\r\n", "\n").strip() for p in split_escaped(value, ";")] + [""] * 7
        adr = Address(_label(prop, apple_labels), *parts[:7])
        if not adr.is_empty():
            rec.addresses.append(adr)
        kept = {k: v for k, v in prop.params.items() if k not in _ADR_MODELLED_PARAMS}
        if kept:  # LABEL, GEO...: kept beside the address so export loses nothing
            rec.extras.append(Extra("X-NETCARE-ADR", kept, prop.text))
    elif name == "BDAY":
        omit = (prop.params.get("X-APPLE-OMIT-YEAR") or [None])[0]
        parsed = None
        if (prop.params.get("VALUE") or ["date"])[0].lower() != "text":
            parsed = _parse_date(unescape(value), omit)
        if parsed and rec.birthday_month is None:
            rec.birthday_year, rec.birthday_month, rec.birthday_day = parsed
        else:
            rec.extras.append(_extra(prop))  # a text birthday, or a second one: kept as written
    elif name == "NOTE":
        note = unescape(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        if note:
            rec.notes = f"{rec.notes}\n\n{note}" if rec.notes else note
    elif name == "PHOTO":
        data, mime, url, problem = _photo(prop)
        if problem:
            report(prop, problem)
        elif (data and rec.photo is None) or (url and not rec.photo_url):
            if data:
                rec.photo, rec.photo_mime = data, mime
            else:
                rec.photo_url = url  # a link, kept and never fetched
            kept = {k: v for k, v in prop.params.items() if k not in _PHOTO_MODELLED_PARAMS}
            if kept:  # e.g. Apple's X-ABCROP-RECTANGLE: kept beside the photo
                rec.extras.append(Extra("X-NETCARE-PHOTO", kept, "uri" if url else "data"))
        elif data or url:
            rec.extras.append(_extra(prop))  # a second photo, kept as written
    elif name == "UID":
        rec.uid = rec.uid or unescape(value).strip()
    elif name == "CATEGORIES":
        for cat in split_escaped(value, ","):
            cat = cat.strip()
            if cat and cat.casefold() not in {g.casefold() for g in rec.groups}:
                rec.groups.append(cat)
    elif name in ("X-SOCIALPROFILE", "IMPP") and _LINKEDIN.search(value) and not rec.linkedin_url:
        rec.linkedin_url = unescape(value).strip()
        rec.extras.append(_extra(prop))
    elif prop.binary is None and (prop.params.get("ENCODING") or [""])[0].upper() in (
        "B",
        "BASE64",
    ):
        report(prop, "broken base64 data; value left out")
    else:
        rec.extras.append(_extra(prop))


def card_to_record(card: RawCard, path: str) -> tuple[ContactRecord | None, list[Issue]]:
    """Map one card; every value that could not be kept is reported; only a card with
    no name, email or phone is dropped (and reported)."""
    rec = ContactRecord(source=path, line=card.line)
    issues = [Issue(path, n, msg) for n, msg in card.issues]

    def report(prop: Property, message: str) -> None:
        issues.append(Issue(path, prop.line, f"{prop.name}: {message}"))

    apple_labels: dict[str, str] = {}
    for prop in card.props:
        if prop.name == "X-ABLABEL" and prop.group:
            label = unescape(prop.text.strip())
            m = _APPLE_LABEL.match(label)
            apple_labels[prop.group.lower()] = m.group(1) if m else label
    grouped_used: set[str] = set()

    for prop in card.props:
        _map_prop(rec, prop, apple_labels, grouped_used, report)

    # Labels whose group no modelled property used stay as they were written.
    for prop in card.props:
        if prop.name == "X-ABLABEL" and prop.group and prop.group.lower() not in grouped_used:
            rec.extras.append(_extra(prop))

    if not rec.has_identity():
        issues.append(
            Issue(path, card.line, "card has no name, email or phone; skipped", skipped=True)
        )
        return None, issues
    return rec, issues


# -- the fast path -------------------------------------------------------------------
#
# Most cards of a big file are plain: BEGIN:VCARD, lines of [GROUP.]NAME[;PARAMS]:VALUE in
# UTF-8 without quoted-printable or CHARSET, END:VCARD.  Such a
# card is unfolded, decoded and split into lines by a handful of C-level calls (one
# regular expression over the whole card) and its common properties go straight into the
# record.  Any other card, and any card whose reading would report something, is read by
# the general reader above from the same bytes, in the same state: both ways give the same
# records and issues (tests/interop/test_vcard_fast.py compares them).

# Parameters may hold quoted values (``TYPE="Work, Home"``, ``X-SERVICE-TYPE="a: b"``): the
# value starts at the first colon outside quotes, as ``parse_line`` finds it; a backslash
# inside quotes (``\"``) is left to the general reader.
_FAST_LINE = re.compile(
    r"^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)"
    r"((?:;[^:\n\"]*(?:\"[^\"\n\\]*\"[^:\n\"]*)*)?):(.*)$",
    re.MULTILINE,
)
_WHITESPACE = re.compile(r"[ \t\x0b\x0c]")
_FOLD_START = (b" ", b"\t")
_BOM_BEGIN = BOM + b"BEGIN:VCARD\n"
_NO_PARAMS: tuple = ({}, "", False, "", True)


class _Unusual(Exception):
    """This card needs the general reader."""


def _unusual(prop: Property, message: str) -> None:
    raise _Unusual(message)


def _param_info(ptext: str, utf8: bool) -> tuple:
    """(params, TYPE label, preferred, ENCODING, plain) for one parameter text such as
    ``;TYPE=INTERNET,WORK`` (cached per file: a file repeats a few dozen of them)."""
    params = _parse_params(ptext[1:]) if len(ptext) > 1 else {}
    charset = None if utf8 else (params.get("CHARSET") or [None])[0]
    plain = (
        "QUOTED-PRINTABLE" not in ptext.upper()
        and "X-NETCARE-PROBLEM" not in params
        and (charset is None or charset.lower().replace("_", "-") in ("utf-8", "utf8"))
    )
    preferred = _preferred(params)
    encoding = (params.get("ENCODING") or [""])[0].upper()
    return params, _type_label(params), preferred, encoding, plain


def _fast_labels(
    lines: list[tuple[str, str, str, str]], utf8: bool, cache: dict[str, tuple]
) -> dict | None:
    """Apple's labels by (lower-case) group, or None when a grouped line needs the general
    reader."""
    labels: dict[str, str] = {}
    for group, name, ptext, value in lines:
        if not group:
            continue
        if "quoted-printable" in group.lower():
            return None
        if name.upper() == "X-ABLABEL":
            info = cache.get(ptext) or _param_info(ptext, utf8) if ptext else _NO_PARAMS
            if not info[4] or info[3] in ("B", "BASE64"):
                return None
            label = value.strip()
            if "\\" in label:
                label = unescape(label)
            m = _APPLE_LABEL.match(label)
            labels[group.lower()] = m.group(1) if m else label
    return labels


def _fast_card(
    body: bytes, line: int, path: str, tabs: bool, utf8: bool, cache: dict[str, tuple]
) -> tuple[ContactRecord | None, list[Issue]] | None:
    """The card between BEGIN:VCARD and END:VCARD (``body``, LF line ends, ends with LF)
    as ``card_to_record`` gives it, or None when the general reader must read it.

    Unfolding: without TAB folds in the block, removing LF SPACE gives the general reader's
    lines; a blank line (which ends a 2.1 base64 block) leaves an empty line that the line
    pattern does not take.  With TAB folds, a blank line could turn into a fold once the
    spaces are gone, so such cards go the general way."""
    if tabs:
        if b"\n\n" in body:
            return None
        body = body.replace(b"\n ", b"").replace(b"\n\t", b"")
    else:
        body = body.replace(b"\n ", b"")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = _FAST_LINE.findall(text)
    if len(lines) != text.count("\n"):
        return None  # a line the pattern does not take: no colon, quotes, odd names
    apple_labels: dict[str, str] | None = None
    rec = ContactRecord(source=path, line=line)
    grouped_used: set[str] = set()
    labels_used = False
    for group, name, ptext, value in lines:
        if ptext:
            info = cache.get(ptext)
            if info is None:
                info = cache[ptext] = _param_info(ptext, utf8)
            if not info[4]:
                return None
        else:
            info = _NO_PARAMS
        if group:
            if apple_labels is None:
                apple_labels = _fast_labels(lines, utf8, cache)
                if apple_labels is None:
                    return None
            gl = group.lower()
        name = name.upper()
        binary = None
        if info[3] in ("B", "BASE64"):
            if name != "PHOTO":
                return None
            if not value[:12].lstrip(" \t\n\r\x0b\x0c").lower().startswith("data:"):
                if " " in value or "\t" in value or "\x0b" in value or "\x0c" in value:
                    value = _WHITESPACE.sub("", value)
                try:  # what base64.b64decode(validate=True) does, without its ASCII copy
                    binary = binascii.a2b_base64(value + "=" * (-len(value) % 4), strict_mode=True)
                except (binascii.Error, ValueError):
                    return None
        if name in _DROPPED:
            if name in ("BEGIN", "END"):
                return None
            continue
        if name == "X-ABLABEL":
            labels_used = labels_used or bool(group)
            continue
        if group and name in _MODELLED:
            grouped_used.add(gl)
        plain = "\\" not in value
        if name == "EMAIL":
            address = (value if plain else unescape(value)).strip()
            if address.lower().startswith("mailto:"):
                address = address[7:]
            if address:
                label = apple_labels.get(gl, info[1]) if group else info[1]
                rec.emails.append(Email(address, label, info[2]))
        elif name == "TEL":
            number = (value if plain else unescape(value)).strip()
            if number.lower().startswith("tel:"):
                number = number[4:]
            if number:
                label = apple_labels.get(gl, info[1]) if group else info[1]
                rec.phones.append(Phone(number, label))
        elif name == "URL":
            url = (value if plain else unescape(value)).strip()
            if url:
                label = apple_labels.get(gl, info[1]) if group else info[1]
                rec.urls.append(Url(url, label))
                if not rec.linkedin_url and _LINKEDIN.search(url):
                    rec.linkedin_url = url
        elif name == "FN" and not rec.display_name:
            rec.display_name = (value if plain else unescape(value)).strip()
        elif name == "N":
            if plain and "," not in value:
                parts = [x.strip() for x in value.split(";")]
            else:
                parts = [
                    ",".join(p for p in (x.strip() for x in split_escaped(part, ",")) if p)
                    for part in _split_raw(value, ";")
                ]
            parts += [""] * 5
            fam, given, middle, prefix, suffix = parts[:5]
            if (fam or given or middle or prefix or suffix) and not (
                rec.family_name or rec.given_name
            ):
                rec.family_name, rec.given_name, rec.middle_name = fam, given, middle
                rec.prefix, rec.suffix = prefix, suffix
        elif name == "ORG" and not rec.organization:
            parts = [p.strip() for p in split_escaped(value, ";")]
            if any(parts):
                rec.organization = parts[0]
                rec.department = "; ".join(p for p in parts[1:] if p)
        elif name == "TITLE" and not rec.title:
            rec.title = (value if plain else unescape(value)).strip()
        elif name == "NOTE":
            note = (value if plain else unescape(value)).replace("\r\n", "\n")
            note = note.replace("\r", "\n").strip()
            if note:
                rec.notes = f"{rec.notes}\n\n{note}" if rec.notes else note
        elif name == "ADR" and "LABEL" in ptext.upper():
            return None  # the general reader finds where such a value starts
        elif name == "ADR" and len(info[0].keys() - _ADR_MODELLED_PARAMS) == 0:
            parts = [p.replace("\r\n", "\n").strip() for p in split_escaped(value, ";")]
            parts += [""] * 7
            label = apple_labels.get(gl, info[1]) if group else info[1]
            adr = Address(label, *parts[:7])
            if not adr.is_empty():
                rec.addresses.append(adr)
        elif name == "CATEGORIES":
            for cat in split_escaped(value, ","):
                cat = cat.strip()
                if cat and cat.casefold() not in {g.casefold() for g in rec.groups}:
                    rec.groups.append(cat)
        elif name == "UID":
            rec.uid = rec.uid or (value if plain else unescape(value)).strip()
        elif (
            name == "BDAY"
            and rec.birthday_month is None
            and (info[0].get("VALUE") or ["date"])[0].lower() != "text"
            and (
                parsed := _parse_date(
                    value if plain else unescape(value),
                    (info[0].get("X-APPLE-OMIT-YEAR") or [None])[0],
                )
            )
        ):
            rec.birthday_year, rec.birthday_month, rec.birthday_day = parsed
        else:  # everything else the way the general reader maps it
            if "QUOTED-PRINTABLE" in name:
                return None
            if not name.replace("-", "").isalnum():
                return None  # not a property name: reported by the general reader
            prop = Property(
                group,
                name,
                {k: list(v) for k, v in info[0].items()},
                b"" if binary is not None else value.encode("utf-8"),  # raw: read if no binary
                line,
                value,
                binary,
            )
            _map_prop(rec, prop, apple_labels or {}, grouped_used, _unusual)

    if labels_used:  # labels whose group no modelled property used are kept as written
        for group, name, ptext, value in lines:
            if group and name.upper() == "X-ABLABEL" and group.lower() not in grouped_used:
                info = cache[ptext] if ptext else _NO_PARAMS
                params = {k: list(v) for k, v in info[0].items()}
                rec.extras.append(
                    _extra(Property(group, "X-ABLABEL", params, b"", line, value, None))
                )
    if not rec.has_identity():
        return None, [Issue(path, line, "card has no name, email or phone; skipped", True)]
    return rec, []


def _fast_vcards(
    data: bytes, utf8: bool, path: str
) -> Iterator[tuple[ContactRecord | None, list[Issue]]]:
    """Plain cards through ``_fast_card``; everything else through ``_CardReader``."""
    reader = _CardReader(utf8)
    cache: dict[str, tuple] = {}
    number = 1
    for block in _blocks(data):
        block = _normalize_breaks(block)
        size = len(block)
        pos, line = 0, number
        # The fast way only between cards (nothing left open) and without the fold marker.
        tabs = b"\t" in block and b"\n\t" in block  # (a TAB at all is rare: memchr first)
        if reader.card is None and b"\x01" not in block:
            while pos < size:
                if block[pos] == 0x0A:  # an empty line between cards (not one folded on)
                    if block[pos + 1 : pos + 2] in _FOLD_START:
                        break
                    pos += 1
                    line += 1
                    continue
                if block.startswith(_BOM_BEGIN, pos):  # files joined with `cat`
                    pos += 3
                if (
                    not block.startswith(b"BEGIN:VCARD\n", pos)
                    or block[pos + 12 : pos + 13] in _FOLD_START
                ):
                    break
                last = block.find(b"\nEND:VCARD", pos + 11)
                if last < 0:
                    break
                end = last + 10
                if end < size:
                    if block[end] != 0x0A or block[end + 1 : end + 2] in _FOLD_START:
                        break
                    end += 1
                try:
                    item = _fast_card(block[pos + 12 : last + 1], line, path, tabs, utf8, cache)
                except Exception:  # noqa: BLE001 - the general reader decides
                    item = None
                if item is not None:
                    yield item
                else:
                    lines = _logical_lines(block[pos:end], line)
                    yield from _records(reader.feed(lines), path)
                line += block.count(b"\n", pos, end)
                pos = end
                if reader.card is not None:  # pragma: no cover - the card ends at END:VCARD
                    break
        if pos < size:
            yield from _records(reader.feed(_logical_lines(block[pos:], line)), path)
        number += block.count(b"\n")
    yield from _records(reader.finish(), path)


def _records(
    cards: Iterable[RawCard], path: str
) -> Iterator[tuple[ContactRecord | None, list[Issue]]]:
    for card in cards:
        try:
            yield card_to_record(card, path)
        except Exception as exc:  # noqa: BLE001 - one card's bug must not cost the file
            yield None, [Issue(path, card.line, f"card could not be read ({exc}); skipped", True)]


@dataclass
class VcardResult:
    records: list[ContactRecord]
    issues: list[Issue]
    cards: int


def read_vcards(data: bytes, path: str) -> VcardResult:
    """Every card of a file, with what could not be kept."""
    return collect(iter_vcards(data, path))


def iter_vcards(
    data: bytes, path: str, fast: bool = True
) -> Iterator[tuple[ContactRecord | None, list[Issue]]]:
    """Stream (record or None, issues) card by card; never raises on bad input.

    ``fast=False`` reads every card the general way (the tests compare both)."""
    try:
        data, utf8 = to_utf8_bytes(data)
        if fast:
            yield from _fast_vcards(data, utf8, path)
        else:
            reader = _CardReader(utf8)
            yield from _records(reader.feed(_all_logical_lines(data)), path)
            yield from _records(reader.finish(), path)
    except Exception as exc:  # noqa: BLE001
        yield None, [Issue(path, 1, f"file could not be read ({exc})", True)]


def collect(items: Iterable[tuple[ContactRecord | None, list[Issue]]]) -> VcardResult:
    records, issues, cards = [], [], 0
    for rec, card_issues in items:
        cards += 1
        issues.extend(card_issues)
        if rec is not None:
            records.append(rec)
    return VcardResult(records, issues, cards)


# -- writing ----------------------------------------------------------------------


# Every value and every parameter value the writer puts on a line goes through one of the
# two encoders below, so no text can end its line early: a line break in any form (LF, CR,
# CRLF, one decoded from quoted-printable =0D=0A) becomes the two characters \n in a value
# and ^n in a parameter (RFC 6868), and no line can start with END:VCARD or BEGIN:VCARD.
_ANY_BREAK = re.compile(r"\r\n|\r|\n")
TEXT_SPECIALS = ",;"  # TEXT values (RFC 6350 §3.4): list and component separators
URI_SPECIALS = ""  # URL, PHOTO's link, UID: only the backslash and line breaks


def encode_value(text: str, specials: str = TEXT_SPECIALS) -> str:
    """A property value as written: backslash, line breaks and ``specials`` escaped."""
    text = text.replace("\\", "\\\\")
    if "\r" in text or "\n" in text:
        text = _ANY_BREAK.sub(r"\\n", text)
    for ch in specials:
        if ch in text:
            text = text.replace(ch, "\\" + ch)
    return text


def escape_text(text: str) -> str:
    return encode_value(text, TEXT_SPECIALS)


def keep_escaped(value: str) -> str:
    """A value kept in its escaped form (an :class:`Extra`): only its line breaks are
    encoded, so the value never spans lines."""
    if "\r" in value or "\n" in value:
        return _ANY_BREAK.sub(r"\\n", value)
    return value


def encode_param(value: str) -> str:
    """A parameter value as written (RFC 6868: ^^ ^n ^' for ^, a line break, a quote),
    quoted when it holds a separator or white space at either end (which would be lost).
    The same for 3.0: RFC 2426 has no way to write a quote or a line break in a
    parameter, and NetCare's reader decodes RFC 6868 in every version."""
    v = value.replace("^", "^^")
    if "\r" in v or "\n" in v:
        v = _ANY_BREAK.sub("^n", v)
    v = v.replace('"', "^'")
    if any(c in v for c in ",;:") or v != v.strip():  # inside quotes \ is an escape
        return '"' + v.replace("\\", "\\\\") + '"'
    return v


def format_params(params: dict[str, list[str]]) -> str:
    return "".join(
        f";{k}={','.join(encode_param(v) for v in vals)}" if vals else f";{k}"
        for k, vals in params.items()
    )


_NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+$")
# A parameter name as the reader takes it (a name that cannot end the parameter, its
# value or the line; RFC 6350 wants letters, digits and "-", real files hold more).
_PARAM_NAME = re.compile(r'^[^;:="\s](?:[^;:="\r\n]*[^;:="\s])?$')
_NEVER_EXTRA = {"BEGIN", "END", "VERSION", "PRODID"}
_BASE64_TEXT = re.compile(r"^[A-Za-z0-9+/=\s]*$")


def extra_problem(x: Extra) -> str | None:
    """Why an :class:`Extra` cannot be written as a line of its own, or None.

    Names come from a reader that checked them, except in a hand-written JSON document:
    a name or parameter name with any other character (a line break, a colon) could
    start a property of its own, and BEGIN/END would open or close a card."""
    bare = x.name.rpartition(".")[2].upper()
    if not _NAME.match(x.name) or bare in _NEVER_EXTRA:
        return f"property name {x.name[:40]!r} is not a vCard name"
    for key in x.params:
        if not _PARAM_NAME.match(key):
            return f"{x.name}: parameter name {key[:40]!r} cannot be written"
    encoding = [e.upper() for e in x.params.get("ENCODING", [])]
    if ("B" in encoding or "BASE64" in encoding) and not _BASE64_TEXT.match(x.value):
        if not x.value.lstrip()[:5].lower() == "data:":
            return f"{x.name}: broken base64 data"  # read with its bad bytes replaced
    return None


def fold(line: str) -> str:
    """RFC 6350 §3.2: lines of at most 75 octets, never splitting a UTF-8 sequence."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line + "\r\n"
    out, chunk, size, limit = [], [], 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append("".join(chunk))
            chunk, size, limit = [], 0, 74  # continuation lines start with a space
        chunk.append(ch)
        size += n
    out.append("".join(chunk))
    return "\r\n ".join(out) + "\r\n"


_TEL_TYPES_30 = {
    "mobile": "CELL",
    "work": "WORK",
    "home": "HOME",
    "fax": "FAX",
    "pager": "PAGER",
    "main": "MAIN",
    "other": "OTHER",
}


_KNOWN_TYPES = {
    "work",
    "home",
    "other",
    "fax",
    "pager",
    "main",
    "voice",
    "text",
    "video",
    "cell",
    "textphone",
    "car",
    "isdn",
    "bbs",
    "modem",
    "msg",
    "postal",
    "parcel",
    "dom",
    "intl",
}


def _type_param(label: str, version: str) -> dict[str, list[str]]:
    if not label:
        return {}
    words = ["cell" if w.lower() == "mobile" else w for w in label.split()]
    if all(w.lower() in _KNOWN_TYPES for w in words):
        return {"TYPE": [w.lower() if version == "4.0" else w.upper() for w in words]}
    return {"TYPE": [label]}


@lru_cache(maxsize=1024)
def _type_reads_back(label: str) -> bool:
    """Whether ``TYPE=<label>`` reads back as ``label``: not so for a label such as
    ``Work,Home``, which reads as the types work and home, or ``internet``."""
    prop = parse_line(f"TEL{format_params({'TYPE': [label]})}:1".encode(), 0, True)
    return not isinstance(prop, str) and _type_label(prop.params) == label


class _LabelGroups:
    """Labels a TYPE parameter cannot carry go in Apple's way: ``itemN.EMAIL:…`` with
    ``itemN.X-ABLabel:<label>`` (the reader takes that label as written)."""

    def __init__(self, extras: list[Extra]):
        self.taken = {x.name.partition(".")[0].lower() for x in extras if "." in x.name}
        self.n = 0

    def params(self, label: str, version: str) -> tuple[str, dict[str, list[str]]]:
        """(group prefix or "", parameters) for a property with this label: a TYPE
        parameter when it reads back as this label, else an Apple label (white space
        around a label is not kept: the readers strip it)."""
        label = label.strip()
        params = _type_param(label, version)
        if params.get("TYPE") != [label] or _type_reads_back(label):
            if _type_label(params).casefold() == label.casefold():
                return "", params
        self.n += 1
        while f"item{self.n}" in self.taken:
            self.n += 1
        return f"item{self.n}.", {}

    @staticmethod
    def label_lines(group: str, label: str) -> list[str]:
        return [f"{group}X-ABLabel:{escape_text(label.strip())}"] if group else []


# A media type as RFC 6838 spells one (anything else read from a card is not written).
_MIME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$")
_PHOTO_TYPES = ("jpeg", "png", "gif", "bmp", "tiff", "webp")


def write_vcard(
    rec: ContactRecord, version: str = "4.0", report: Callable[[str], None] | None = None
) -> str:
    """One card. ``version`` is "4.0" or "3.0". Every value goes through ``encode_value``
    (or ``keep_escaped`` for an extra kept as read) and every parameter value through
    ``encode_param``; an extra that cannot be a line of its own is left out and passed
    to ``report``."""
    labels = _LabelGroups(rec.extras)
    lines = ["BEGIN:VCARD", f"VERSION:{version}", "PRODID:-//NetCare//NetCare Desktop//EN"]
    if rec.uid:  # text in 3.0, a URI (or text) in 4.0
        lines.append(f"UID:{encode_value(rec.uid, TEXT_SPECIALS if version == '3.0' else '')}")
    display = (
        rec.display_name
        or " ".join(p for p in (rec.prefix, rec.given_name, rec.middle_name, rec.family_name) if p)
        or rec.organization
    )
    lines.append(f"FN:{escape_text(display)}")
    lines.append(
        "N:"
        + ";".join(
            escape_text(p)
            for p in (rec.family_name, rec.given_name, rec.middle_name, rec.prefix, rec.suffix)
        )
    )
    if rec.nickname:
        lines.append(
            "NICKNAME:"
            + ",".join(
                escape_text(n.strip()) for n in rec.nickname.split(", ")
            )  # the reader joins with ", "
        )
    if rec.organization or rec.department:
        lines.append(
            "ORG:"
            + ";".join(
                escape_text(p)
                for p in [
                    rec.organization,
                    *([d.strip() for d in rec.department.split(";")] if rec.department else []),
                ]
            )
        )
    if rec.title:
        lines.append(f"TITLE:{escape_text(rec.title)}")
    if rec.birthday_month and rec.birthday_day:
        if rec.birthday_year:
            lines.append(
                f"BDAY:{rec.birthday_year:04d}{rec.birthday_month:02d}{rec.birthday_day:02d}"
                if version == "4.0"
                else f"BDAY:{rec.birthday_year:04d}-{rec.birthday_month:02d}-{rec.birthday_day:02d}"
            )
        elif version == "4.0":
            lines.append(f"BDAY:--{rec.birthday_month:02d}{rec.birthday_day:02d}")
        else:  # 3.0 has no year-less date: Apple's convention, which readers understand
            lines.append(
                f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{rec.birthday_month:02d}-{rec.birthday_day:02d}"
            )
    for e in rec.emails:
        group, params = labels.params(e.label, version)
        if e.preferred:
            if version == "4.0":
                params["PREF"] = ["1"]
            else:
                params.setdefault("TYPE", []).append("PREF")
        if version == "3.0":
            params.setdefault("TYPE", []).insert(0, "INTERNET")
        lines.append(f"{group}EMAIL{format_params(params)}:{escape_text(e.value)}")
        lines += labels.label_lines(group, e.label)
    for p in rec.phones:
        group, params = labels.params(p.label, version)
        lines.append(f"{group}TEL{format_params(params)}:{escape_text(p.value)}")
        lines += labels.label_lines(group, p.label)
    urls = list(rec.urls)
    if rec.linkedin_url and not any(u.value == rec.linkedin_url for u in urls):
        urls.append(Url(rec.linkedin_url, "linkedin"))
    for u in urls:
        group, params = labels.params(u.label, version)
        lines.append(f"{group}URL{format_params(params)}:{encode_value(u.value, URI_SPECIALS)}")
        lines += labels.label_lines(group, u.label)
    for a in rec.addresses:
        parts = (a.po_box, a.extended, a.street, a.locality, a.region, a.postal_code, a.country)
        group, params = labels.params(a.label, version)
        lines.append(
            f"{group}ADR{format_params(params)}:" + ";".join(escape_text(x) for x in parts)
        )
        lines += labels.label_lines(group, a.label)
    if rec.notes:
        lines.append(f"NOTE:{escape_text(rec.notes)}")
    if rec.groups:
        lines.append("CATEGORIES:" + ",".join(escape_text(g) for g in rec.groups))
    if rec.photo:
        mime = rec.photo_mime if _MIME.match(rec.photo_mime or "") else ""
        mime = mime or sniff_image_mime(rec.photo) or "image/jpeg"
        data = base64.b64encode(rec.photo).decode("ascii")
        if version == "4.0":
            lines.append(f"PHOTO:data:{mime};base64,{data}")
        else:  # TYPE=JPEG for the types readers know, else the media type itself
            sub = mime.rpartition("/")[2].lower()
            kind = sub.upper() if sub in _PHOTO_TYPES else mime
            lines.append(f"PHOTO;ENCODING=b;TYPE={encode_param(kind)}:{data}")
    if rec.photo_url:  # a link beside (or instead of) the picture
        url = encode_value(rec.photo_url, URI_SPECIALS)
        lines.append(f"PHOTO;VALUE=uri:{url}" if version == "3.0" else f"PHOTO:{url}")
    for x in rec.extras:  # kept as read; a value never spans lines
        problem = extra_problem(x)
        if problem:
            if report is not None:
                report(f"{problem}; left out")
            continue
        lines.append(f"{x.name}{format_params(x.params)}:{keep_escaped(x.value)}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def write_vcards(records: Iterable[ContactRecord], version: str = "4.0") -> Iterator[str]:
    for rec in records:
        yield write_vcard(rec, version)
