"""The fast path: plain cards read by one regular expression, their common properties
mapped inline.

Most cards of a big file are plain: BEGIN:VCARD, lines of [GROUP.]NAME[;PARAMS]:VALUE in
UTF-8 without quoted-printable or CHARSET, END:VCARD.  Such a card is unfolded, decoded and
split into lines by a handful of C-level calls (one regular expression over the whole card)
and its common properties go straight into the record.  Any other card, and any card whose
reading would report something, is read by the general reader (:mod:`.lines`,
:mod:`.cards`) from the same bytes, in the same state: both ways give the same records and
issues (tests/interop/test_vcard_fast.py compares them).
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator

from netcare_desktop.core.record import (
    ContactRecord,
    Email,
    Issue,
    Phone,
    Url,
)
from netcare_desktop.interop.vcard.cards import (
    ADR_MODELLED_PARAMS,
    DROPPED,
    MODELLED,
    extra_of,
    map_prop,
    records_of,
)
from netcare_desktop.interop.vcard.lines import (
    BOM,
    CardReader,
    Codepage,
    Property,
    file_blocks,
    logical_lines,
    normalize_breaks,
)
from netcare_desktop.interop.vcard.params import parse_params
from netcare_desktop.interop.vcard.values import (
    APPLE_LABEL,
    LINKEDIN_URL,
    add_categories,
    address_of,
    is_preferred,
    name_parts,
    parse_date,
    split_escaped,
    type_label,
    unescape,
)

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
    params = parse_params(ptext[1:]) if len(ptext) > 1 else {}
    charsets = params.get("CHARSET")
    charset = charsets[0] if charsets and not utf8 else None
    plain = (
        "QUOTED-PRINTABLE" not in ptext.upper()
        and "X-NETCARE-PROBLEM" not in params
        and (charset is None or charset.lower().replace("_", "-") in ("utf-8", "utf8"))
    )
    preferred = is_preferred(params)
    encoding = (params.get("ENCODING") or [""])[0].upper()
    return params, type_label(params), preferred, encoding, plain


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
            m = APPLE_LABEL.match(label)
            labels[group.lower()] = m.group(1) if m else label
    return labels


def fast_card(
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
    apple_labels: dict[str, str] = {}  # read on the first grouped line
    labels_read = False
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
            if not labels_read:
                found = _fast_labels(lines, utf8, cache)
                if found is None:
                    return None
                apple_labels, labels_read = found, True
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
        if name in DROPPED:
            if name in ("BEGIN", "END"):
                return None
            continue
        if name == "X-ABLABEL":
            labels_used = labels_used or bool(group)
            continue
        if group and name in MODELLED:
            grouped_used.add(gl)
        plain = "\\" not in value
        if name == "EMAIL":
            address = (value if plain else unescape(value)).strip()
            if address.lower().startswith("mailto:"):
                address = address[7:]
            if address:
                label = apple_labels.get(gl, info[1]) if group else info[1]
                rec.emails.append(Email(address, label, info[2], group))
        elif name == "TEL":
            number = (value if plain else unescape(value)).strip()
            if number.lower().startswith("tel:"):
                number = number[4:]
            if number:
                label = apple_labels.get(gl, info[1]) if group else info[1]
                rec.phones.append(Phone(number, label, "", info[2], group))
        elif name == "URL":
            url = (value if plain else unescape(value)).strip()
            if url:
                label = apple_labels.get(gl, info[1]) if group else info[1]
                rec.urls.append(Url(url, label, info[2], group))
                if not rec.linkedin_url and LINKEDIN_URL.search(url):
                    rec.linkedin_url = url
        elif name == "FN" and not rec.display_name:
            rec.display_name = (value if plain else unescape(value)).strip()
        elif name == "N":
            if plain and "," not in value:
                parts = [x.strip() for x in value.split(";")]
            else:
                parts = name_parts(value)
            parts += [""] * 5
            fam, given, middle, prefix, suffix = parts[:5]
            if fam or given or middle or prefix or suffix:
                if rec.family_name or rec.given_name:  # a second name (ALTID): kept
                    return None  # the general reader keeps it as written
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
        elif name == "ADR" and len(info[0].keys() - ADR_MODELLED_PARAMS) == 0:
            label = apple_labels.get(gl, info[1]) if group else info[1]
            adr = address_of(label, value, info[2], group)
            if not adr.is_empty():
                rec.addresses.append(adr)
        elif name == "CATEGORIES":
            add_categories(rec.groups, value)
        elif name == "UID":
            rec.uid = rec.uid or (value if plain else unescape(value)).strip()
        elif (
            name == "BDAY"
            and rec.birthday_month is None
            and (info[0].get("VALUE") or ["date"])[0].lower() != "text"
            and (
                parsed := parse_date(
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
            map_prop(rec, prop, apple_labels, grouped_used, _unusual)

    if labels_used:  # labels whose group no modelled property used are kept as written
        for group, name, ptext, value in lines:
            if group and name.upper() == "X-ABLABEL" and group.lower() not in grouped_used:
                info = cache[ptext] if ptext else _NO_PARAMS
                params = {k: list(v) for k, v in info[0].items()}
                rec.extras.append(
                    extra_of(Property(group, "X-ABLABEL", params, b"", line, value, None))
                )
    if not rec.has_identity():
        return None, [Issue(path, line, "card has no name, email or phone; skipped", True)]
    return rec, []


def fast_vcards(
    data: bytes, utf8: bool, path: str, codepage: Codepage | None = None
) -> Iterator[tuple[ContactRecord | None, list[Issue]]]:
    """Plain cards through ``fast_card``; everything else through ``CardReader``.

    A card that is not UTF-8 fails ``fast_card``'s decoding and goes the general way,
    to the file's code page; when the person chose one, every card that is not ASCII does."""
    reader = CardReader(utf8, codepage)
    forced = codepage is not None and codepage.forced not in (None, "utf-8")
    cache: dict[str, tuple] = {}
    number = 1
    for block in file_blocks(data):
        block = normalize_breaks(block)
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
                    item = (
                        None
                        if forced and not block[pos:end].isascii()
                        else fast_card(block[pos + 12 : last + 1], line, path, tabs, utf8, cache)
                    )
                except Exception:  # noqa: BLE001 - the general reader decides
                    item = None
                if item is not None:
                    yield item
                else:
                    lines = logical_lines(block[pos:end], line)
                    yield from records_of(reader.feed(lines), path)
                line += block.count(b"\n", pos, end)
                pos = end
                if reader.card is not None:  # pragma: no cover - the card ends at END:VCARD
                    break
        if pos < size:
            yield from records_of(reader.feed(logical_lines(block[pos:], line)), path)
        number += block.count(b"\n")
    yield from records_of(reader.finish(), path)
