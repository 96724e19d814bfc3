"""vCard values: escapes, structured values, labels from TYPE, dates and photos.

RFC 6350 §3.4 (escaping), §4.1 (lists and structured values), §6.2.5 (year-less dates),
``data:`` URIs (RFC 2397), Apple's ``_$!<Label>!$_`` labels and the TYPE words.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re

from netcare_desktop.core.record import Address, sniff_image_mime
from netcare_desktop.interop.vcard.lines import Property

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


def split_raw(text: str, sep: str) -> list[str]:
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


def split_escaped(text: str, sep: str) -> list[str]:
    """Split on ``sep`` not preceded by a backslash, unescaping each part."""
    if "\\" not in text:
        return text.split(sep)
    return [unescape(part) for part in split_raw(text, sep)]


def name_parts(value: str) -> list[str]:
    """N's five components (family, given, middle, prefix, suffix); a component's list
    (``Anna,Maria``) joined by commas."""
    parts = [
        ",".join(p for p in (x.strip() for x in split_escaped(part, ",")) if p)
        for part in split_raw(value, ";")
    ]
    return (parts + [""] * 5)[:5]


def address_parts(value: str) -> list[str]:
    """ADR's seven components (PO box, extended, street, locality, region, code, country)."""
    parts = [p.replace("\r\n", "\n").strip() for p in split_escaped(value, ";")]
    if len(parts) != 7:
        parts = (parts + [""] * 7)[:7]
    return parts


def address_of(label: str, value: str, preferred: bool = False, group: str = "") -> Address:
    """An ADR value as an :class:`Address` (see :func:`address_parts`)."""
    po_box, extended, street, locality, region, postal_code, country = address_parts(value)
    return Address(
        label, po_box, extended, street, locality, region, postal_code, country, preferred, group
    )


def add_categories(groups: list[str], value: str) -> None:
    """CATEGORIES' names added to ``groups``, each once (compared case-insensitively)."""
    for cat in split_escaped(value, ","):
        cat = cat.strip()
        if cat and (not groups or cat.casefold() not in {g.casefold() for g in groups}):
            groups.append(cat)


APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
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


# The order a property's types are kept in, whatever order the file wrote them in: where
# (home, work, other), then what (mobile, fax...); types not listed follow in the order
# written.  So TYPE=WORK,FAX, TYPE=fax;TYPE=work and 2.1's WORK;FAX all read "work fax".
_LABEL_ORDER = {
    word: rank
    for rank, word in enumerate(
        (
            "home",
            "work",
            "other",
            "main",
            "mobile",
            "iPhone",
            "fax",
            "pager",
            "text",
            "textphone",
            "video",
            "car",
            "message",
            "ISDN",
            "BBS",
            "modem",
            "postal",
            "parcel",
            "domestic",
            "international",
        )
    )
}


def label_of(prop: Property, apple_labels: dict[str, str]) -> str:
    """Apple's X-ABLabel for the group, else every TYPE (:func:`type_label`)."""
    if prop.group and prop.group.lower() in apple_labels:
        return apple_labels[prop.group.lower()]
    return type_label(prop.params)


# The TYPE words of RFC 2426 and RFC 6350 (and the vendors' common ones): what a quoted
# list such as TYPE="work,voice" is made of.
_TYPE_WORDS = (
    set(_LABEL_TYPES) | _NOT_LABELS | {"pcs", "aol", "applelink", "attmail", "cis", "tlx"}
) - {"uri", "text/plain"}


def _type_words(params: dict[str, list[str]]) -> list[str]:
    """The TYPE parameter's values, one type each.

    Unquoted ``TYPE=work,voice`` and 2.1's bare ``WORK,VOICE`` are lists, split by
    ``parse_params``. A quoted value is one value (RFC 6350 §5: commas inside the quotes
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


def type_label(params: dict[str, list[str]]) -> str:
    """Every TYPE of the property but the defaults (voice, internet) and pref (which is
    :func:`is_preferred`), each once, known ones in their label spelling ("cell" is
    "mobile") and canonical order, then the others as written: "work fax",
    "work whatsapp", "HomePage"."""
    words: list[str] = []
    seen: set[str] = set()
    for t in _type_words(params):
        low = t.lower()
        if low in _NOT_LABELS:
            continue
        word = _LABEL_TYPES.get(low, t)
        if word.casefold() not in seen:
            seen.add(word.casefold())
            words.append(word)
    if len(words) > 1:
        last = len(_LABEL_ORDER)
        words.sort(key=lambda w: _LABEL_ORDER.get(w, last))  # stable: custom ones as written
    return " ".join(words)


def is_preferred(params: dict[str, list[str]]) -> bool:
    """2.1's bare PREF and 3.0's TYPE=pref, or 4.0's PREF=1..100 (any value)."""
    return any(t.lower() == "pref" for t in _type_words(params)) or bool(params.get("PREF"))


LINKEDIN_URL = re.compile(r"linkedin\.com/(in|pub)/", re.IGNORECASE)


_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_YEARLESS_DATE = re.compile(r"^--(\d{2})-?(\d{2})$")


def parse_date(text: str, omit_year: str | None) -> tuple[int | None, int, int] | None:
    """RFC 6350 §4.3.1 dates, 2.1/3.0 forms, and Apple's year-less 1604 convention."""
    text = text.strip()
    year: int | None
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


def photo_of(prop: Property) -> tuple[bytes | None, str, str, str | None]:
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
