"""Writing vCard 4.0 and 3.0: every value and parameter value through one encoder."""

from __future__ import annotations

import base64
import quopri
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from netcare_desktop.core.record import ContactRecord, Extra, Url, sniff_image_mime
from netcare_desktop.interop.vcard.lines import parse_line
from netcare_desktop.interop.vcard.params import ANY_BREAK, PARAM_NAME, encode_param, format_params
from netcare_desktop.interop.vcard.values import type_label

# Every value and every parameter value the writer puts on a line goes through one of two
# encoders (encode_value below, params.encode_param), so no text can end its line early: a
# line break in any form (LF, CR, CRLF, one decoded from quoted-printable =0D=0A) becomes
# the two characters \n in a value and ^n in a parameter (RFC 6868), and no line can
# start with END:VCARD or BEGIN:VCARD.
TEXT_SPECIALS = ",;"  # TEXT values (RFC 6350 §3.4): list and component separators
URI_SPECIALS = ""  # URL, PHOTO's link, UID: only the backslash and line breaks


def encode_value(text: str, specials: str = TEXT_SPECIALS) -> str:
    """A property value as written: backslash, line breaks and ``specials`` escaped."""
    text = text.replace("\\", "\\\\")
    if "\r" in text or "\n" in text:
        text = ANY_BREAK.sub(r"\\n", text)
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
        return ANY_BREAK.sub(r"\\n", value)
    return value


_NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+$")
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
        if not PARAM_NAME.match(key):
            return f"{x.name}: parameter name {key[:40]!r} cannot be written"
    encoding = [e.upper() for e in x.params.get("ENCODING", [])]
    if ("B" in encoding or "BASE64" in encoding) and not _BASE64_TEXT.match(x.value):
        if not x.value.lstrip()[:5].lower() == "data:":
            return f"{x.name}: broken base64 data"  # read with its bad bytes replaced
    return None


# What vCard 2.1 alone has (RFC 2426 §5, RFC 6350 §3.3 and Appendix A): CHARSET, and the
# encodings QUOTED-PRINTABLE, BASE64, 8BIT and 7BIT. An extra kept from a 2.1 file (or a
# JSON document) is converted as it is written: quoted-printable decoded, CHARSET dropped,
# base64 as ENCODING=b in 3.0 and as a data: URI in 4.0 (which has no ENCODING at all).
_BINARY_PROPS = {"PHOTO", "LOGO", "SOUND", "KEY"}  # URI values by default in 4.0
_MEDIA_TYPES = {
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tiff": "image/tiff",
    "webp": "image/webp",
    "wave": "audio/wav",
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "pgp": "application/pgp-keys",
    "x509": "application/pkix-cert",
}
_DATA_URI = re.compile(r"^data:([^;,]*)((?:;[^;,]*)*?);base64,(.*)$", re.IGNORECASE | re.DOTALL)


def _media_type(params: dict[str, list[str]], data: bytes) -> tuple[str, str | None]:
    """(media type, the TYPE word it came from or None) of a binary value."""
    for word in params.get("TYPE", []):
        mime = _MEDIA_TYPES.get(word.lower()) or (word if _MIME.match(word) else "")
        if mime:
            return mime.lower(), word
    for mime in params.get("MEDIATYPE", []):
        if _MIME.match(mime):
            return mime.lower(), None
    return sniff_image_mime(data) or "application/octet-stream", None


def _decode_qp(value: str, charsets: list[str]) -> str:
    raw = quopri.decodestring(value.encode("utf-8"))
    for charset in [*charsets, "utf-8"]:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeError):
            continue
    return raw.decode("cp1252", errors="replace")


def convert_extra(x: Extra, version: str) -> Extra:
    """An extra as a 3.0 or 4.0 line holds it: no 2.1-only parameter, no ENCODING in 4.0."""
    params = {k: list(v) for k, v in x.params.items() if k.upper() != "CHARSET"}
    charsets = x.params.get("CHARSET", [])
    encoding = [e.upper() for e in params.pop("ENCODING", [])]
    value = x.value
    bare = x.name.rpartition(".")[2].upper()
    if "QUOTED-PRINTABLE" in encoding:
        value = keep_escaped(_decode_qp(value, charsets))
    elif "B" in encoding or "BASE64" in encoding:
        compact = "".join(value.split())
        if compact[:5].lower() == "data:":  # a data: URI already, whatever ENCODING says
            value = compact
        else:
            try:
                data = base64.b64decode(compact + "=" * (-len(compact) % 4))
            except ValueError:  # binascii.Error: checked by extra_problem, but be sure
                data = b""
            if version != "4.0":
                return Extra(x.name, {"ENCODING": ["b"], **params}, compact)
            mime, word = _media_type(params, data)
            if word is not None:
                params["TYPE"] = [t for t in params["TYPE"] if t != word]
                if not params["TYPE"]:
                    del params["TYPE"]
            params.pop("VALUE", None)
            if bare not in _BINARY_PROPS:
                params["VALUE"] = ["uri"]
            value = f"data:{mime};base64,{compact}"
    if version != "4.0" and bare in _BINARY_PROPS:
        m = _DATA_URI.match(value)
        if m:  # 3.0 readers know ENCODING=b and a TYPE for a picture, few know data: URIs
            sub = m.group(1).rpartition("/")[2].lower()
            kind = sub.upper() if sub in _PHOTO_TYPES else m.group(1) or "JPEG"
            params = {k: v for k, v in params.items() if k.upper() not in ("VALUE", "MEDIATYPE")}
            params = {"ENCODING": ["b"], "TYPE": [kind], **params}
            return Extra(x.name, params, "".join(m.group(3).split()))
    return Extra(x.name, params, value)


def fold(line: str) -> str:
    """RFC 6350 §3.2: lines of at most 75 octets, never splitting a UTF-8 sequence."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line + "\r\n"
    out: list[str] = []
    chunk: list[str] = []
    size, limit = 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append("".join(chunk))
            chunk, size, limit = [], 0, 74  # continuation lines start with a space
        chunk.append(ch)
        size += n
    out.append("".join(chunk))
    return "\r\n ".join(out) + "\r\n"


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
# A label word as its TYPE word (the reader's spelling back: values._LABEL_TYPES).
_TYPE_OF_WORD = {"mobile": "cell", "message": "msg", "domestic": "dom", "international": "intl"}


def type_param(label: str, version: str) -> dict[str, list[str]]:
    """The TYPE parameter for a label: each of its types when it is made of types
    ("work fax" is TYPE=WORK,FAX in 3.0, TYPE=work,fax in 4.0; "work whatsapp" is
    TYPE=WORK,whatsapp), else the label as one value."""
    if not label:
        return {}
    words = [_TYPE_OF_WORD.get(w.lower(), w) for w in label.split()]
    known = [w.lower() in _KNOWN_TYPES for w in words]
    types = [
        (w.lower() if version == "4.0" else w.upper()) if k else w
        for w, k in zip(words, known, strict=True)
    ]
    if all(known):
        return {"TYPE": types}
    if len(words) > 1 and any(known) and type_label({"TYPE": types}) == label:
        return {"TYPE": types}
    return {"TYPE": [label]}


def _preferred(params: dict[str, list[str]], version: str) -> None:
    """PREF=1 in 4.0 (RFC 6350 §5.3), TYPE=PREF in 3.0 (RFC 2426)."""
    if version == "4.0":
        params["PREF"] = ["1"]
    else:
        params.setdefault("TYPE", []).append("PREF")


@lru_cache(maxsize=1024)
def _type_reads_back(label: str) -> bool:
    """Whether ``TYPE=<label>`` reads back as ``label``: not so for a label such as
    ``Work,Home``, which reads as the types work and home, or ``internet``."""
    prop = parse_line(f"TEL{format_params({'TYPE': [label]})}:1".encode(), 0, True)
    return not isinstance(prop, str) and type_label(prop.params) == label


# Apple's own labels, which its X-ABLabel writes as _$!<Label>!$_ (and the reader unwraps).
_APPLE_LABELS = {
    "Home",
    "Work",
    "Other",
    "Mobile",
    "Main",
    "HomeFAX",
    "WorkFAX",
    "OtherFAX",
    "Pager",
    "HomePage",
    "School",
    "Anniversary",
    "Father",
    "Mother",
    "Parent",
    "Brother",
    "Sister",
    "Child",
    "Friend",
    "Spouse",
    "Partner",
    "Assistant",
    "Manager",
}


class _LabelGroups:
    """Labels a TYPE parameter cannot carry go in Apple's way: ``itemN.EMAIL:…`` with
    ``itemN.X-ABLabel:<label>`` (the reader takes that label as written).  A property
    read with a group is written in that group again (``item1.ADR`` beside the kept
    ``item1.X-ABADR``), and its label keeps its case there: ``X-ABLabel:_$!<Work>!$_``
    reads back "Work", where ``TYPE=WORK`` would read "work"."""

    def __init__(self, rec: ContactRecord):
        self.taken = {x.name.partition(".")[0].lower() for x in rec.extras if "." in x.name}
        labelled = {
            x.name.partition(".")[0].lower()
            for x in rec.extras
            if x.name.rpartition(".")[2].upper() == "X-ABLABEL"
        }
        used: dict[str, int] = {}
        for items in (rec.emails, rec.phones, rec.urls, rec.addresses):
            for i in items:
                if i.group:
                    used[i.group.lower()] = used.get(i.group.lower(), 0) + 1
        self.taken.update(used)
        # A group is kept for the one property read in it; a group that several share, or
        # whose X-ABLabel is kept for an extra, would give that label to the wrong one.
        self.keep = {g for g, n in used.items() if n == 1 and g not in labelled}
        self.n = 0

    def params(self, label: str, version: str, group: str = "") -> tuple[str, dict[str, list[str]]]:
        """(group prefix or "", parameters) for a property with this label: a TYPE
        parameter when it reads back as this label, else an Apple label (white space
        around a label is not kept: the readers strip it)."""
        label = label.strip()
        ok = _NAME.match(group or "-") and "." not in group and group.lower() in self.keep
        group = group if ok else ""
        params = type_param(label, version)
        if group:  # vCard's own types as TYPE, any other label as the group's X-ABLabel
            known = all(t.lower() in _KNOWN_TYPES for t in params.get("TYPE", ()))
            if known and type_label(params) == label:
                return f"{group}.", params
            return f"{group}.", {}
        if params.get("TYPE") != [label] or _type_reads_back(label):
            if type_label(params).casefold() == label.casefold():
                return "", params
        self.n += 1
        while f"item{self.n}" in self.taken:
            self.n += 1
        return f"item{self.n}.", {}

    @staticmethod
    def label_lines(group: str, label: str, params: dict[str, list[str]]) -> list[str]:
        label = label.strip()
        if not group or params.get("TYPE") or not label:
            return []
        text = f"_$!<{label}>!$_" if label in _APPLE_LABELS else label
        return [f"{group}X-ABLabel:{escape_text(text)}"]


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
    labels = _LabelGroups(rec)
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
        group, params = labels.params(e.label, version, e.group)
        label_lines = labels.label_lines(group, e.label, params)
        if e.preferred:
            _preferred(params, version)
        if version == "3.0":
            params.setdefault("TYPE", []).insert(0, "INTERNET")
        lines.append(f"{group}EMAIL{format_params(params)}:{escape_text(e.value)}")
        lines += label_lines
    for p in rec.phones:
        group, params = labels.params(p.label, version, p.group)
        label_lines = labels.label_lines(group, p.label, params)
        if p.preferred:
            _preferred(params, version)
        lines.append(f"{group}TEL{format_params(params)}:{escape_text(p.value)}")
        lines += label_lines
    urls = list(rec.urls)
    if rec.linkedin_url and not any(u.value == rec.linkedin_url for u in urls):
        urls.append(Url(rec.linkedin_url, "linkedin"))
    for u in urls:
        group, params = labels.params(u.label, version, u.group)
        label_lines = labels.label_lines(group, u.label, params)
        if u.preferred:
            _preferred(params, version)
        lines.append(f"{group}URL{format_params(params)}:{encode_value(u.value, URI_SPECIALS)}")
        lines += label_lines
    for a in rec.addresses:
        parts = (a.po_box, a.extended, a.street, a.locality, a.region, a.postal_code, a.country)
        group, params = labels.params(a.label, version, a.group)
        label_lines = labels.label_lines(group, a.label, params)
        if a.preferred:
            _preferred(params, version)
        lines.append(
            f"{group}ADR{format_params(params)}:" + ";".join(escape_text(x) for x in parts)
        )
        lines += label_lines
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
        if x.name.upper() == "PROFILE" and x.value.strip().upper() == "VCARD":
            continue  # RFC 2426's restatement of BEGIN:VCARD (Lotus Notes): vobject, khard refuse it
        x = convert_extra(x, version)
        lines.append(f"{x.name}{format_params(x.params)}:{keep_escaped(x.value)}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def write_vcards(records: Iterable[ContactRecord], version: str = "4.0") -> Iterator[str]:
    for rec in records:
        yield write_vcard(rec, version)
