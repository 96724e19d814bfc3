"""Google Contacts: reading its CSV (current and legacy header) and writing its current one."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from netcare_desktop.core.record import (
    Address,
    ContactRecord,
    Extra,
)
from netcare_desktop.interop.csvformats.linkedin import CONNECTED_ON
from netcare_desktop.interop.csvformats.rows import (
    Row,
    label_of,
    labelled_values,
    paired,
)
from netcare_desktop.interop.csvformats.values import (
    MULTI,
    basic_date,
    is_system_group,
    iso_date,
    neutralise,
    parse_date,
    split_groups,
)
from netcare_desktop.interop.vcard.params import format_params, parse_param_text
from netcare_desktop.interop.vcard.values import unescape
from netcare_desktop.interop.vcard.writer import escape_text

# -- Google -----------------------------------------------------------------------------------

_GOOGLE_EVENT_ANNIVERSARY = "anniversary"
_CONNECTED_EVENT = "Connected on LinkedIn"
_VCARD_NAMES = frozenset(
    "IMPP GENDER ROLE LANG TZ GEO KEY LOGO SOUND KIND MEMBER CALURI FBURL CALADRURI LABEL MAILER "
    "CLASS SORT-STRING AGENT SOURCE RELATED ANNIVERSARY".split()
)
_EXTRA_LABEL = re.compile(r"^((?:[A-Za-z0-9-]+\.)?)(X-[A-Z0-9-]+|[A-Z][A-Z-]*)((?:;.*)?)$")
_GOOGLE_QUIET: dict[str, Callable[[str], bool]] = {
    "sensitivity": lambda v: v.casefold() == "normal",
    "priority": lambda v: v.casefold() == "normal",
}


def _custom_field(row: Row, label: str, value: str) -> None:
    m = _EXTRA_LABEL.match(label)
    if m and (m.group(2).startswith("X-") or m.group(2) in _VCARD_NAMES):
        params = parse_param_text(m.group(3))
        if params is not None:
            row.rec.extras.append(Extra(m.group(1) + m.group(2), params, escape_text(value)))
            return
    row.extra("X-CUSTOM-FIELD", value, {"TYPE": [label]} if label else None)


def map_google(row: Row) -> None:
    rec = row.rec
    cols = row.cols
    rec.display_name = row.get("name", "file as")
    rec.given_name = row.get("first name", "given name")
    rec.middle_name = row.get("middle name", "additional name")
    rec.family_name = row.get("last name", "family name")
    rec.prefix = row.get("name prefix")
    rec.suffix = row.get("name suffix")
    rec.nickname = row.get("nickname")
    for column, name in (
        (("phonetic first name", "given name yomi"), "X-PHONETIC-FIRST-NAME"),
        (("phonetic middle name", "additional name yomi"), "X-PHONETIC-MIDDLE-NAME"),
        (("phonetic last name", "family name yomi"), "X-PHONETIC-LAST-NAME"),
    ):
        row.extra(name, row.get(*column))
    rec.organization = row.get("organization name")
    rec.title = row.get("organization title")
    rec.department = row.get("organization department")
    for subs in cols.groups("organization"):
        name, title, dept = (row.at(subs.get(k)) for k in ("name", "title", "department"))
        row.at(subs.get("type"))
        if not (name or title or dept):
            continue
        if not (rec.organization or rec.title or rec.department):
            rec.organization, rec.title, rec.department = name, title, dept
        else:  # a second organization: left to the leftovers
            for k in ("name", "title", "department"):
                if k in subs:
                    row.used.discard(subs[k])
    birthday = row.get("birthday")
    if birthday:
        row.birthday(birthday)
    rec.notes = row.get("notes")
    photo = row.get("photo")
    if photo.lower().startswith(("http://", "https://")):
        rec.photo_url = photo
    else:
        row.extra("X-PHOTO", photo)
    for index in (*cols.by_name.get("labels", ()), *cols.by_name.get("group membership", ())):
        for g in split_groups(row.at(index)):
            if g not in rec.groups:
                rec.groups.append(g)

    for subs in cols.groups("e-mail"):
        for value, label, primary in labelled_values(row, subs):
            row.email(value, label, primary)
    for subs in cols.groups("phone"):
        for value, label, _ in labelled_values(row, subs):
            row.phone(value, label)
    for subs in cols.groups("website"):
        for value, label, _ in labelled_values(row, subs):
            row.url(value, label)
            if label.casefold() == "linkedin" and not rec.linkedin_url:
                rec.linkedin_url = value
    for subs in cols.groups("address"):
        _google_address(row, subs)
    for subs in cols.groups("event"):
        for value, label, _ in labelled_values(row, subs):
            _google_event(row, label, value)
    for subs in cols.groups("relation"):
        for value, label, _ in labelled_values(row, subs):
            params = {"VALUE": ["text"]} | ({"TYPE": [label]} if label else {})
            row.extra("RELATED", value, params)
    for subs in cols.groups("custom field"):  # one value each: never split on " ::: "
        value, label = row.at(subs.get("value")), label_of(row, subs).strip()
        if value:
            _custom_field(row, label, value)
    for subs in cols.groups("im"):
        services = row.at(subs.get("service"))
        for value, label, _ in labelled_values(row, subs):
            params = ({"TYPE": [label]} if label else {}) | (
                {"X-SERVICE-TYPE": [services]} if services else {}
            )
            row.extra("X-IM", value, params)
    row.leftovers(_GOOGLE_QUIET)


def _google_event(row: Row, label: str, value: str) -> None:
    try:
        d = parse_date(value)
    except ValueError:
        d = None
    folded = label.casefold()
    if d and folded == _GOOGLE_EVENT_ANNIVERSARY:
        row.rec.extras.append(Extra("ANNIVERSARY", {}, basic_date(d)))
    elif d and d[0] and folded == _CONNECTED_EVENT.casefold() and not row.rec.connected_on:
        row.rec.connected_on = iso_date(d)
        row.extra(CONNECTED_ON, row.rec.connected_on)  # what the store keeps
    else:
        row.extra("X-EVENT", value, {"TYPE": [label]} if label else None)


_ADDRESS_PARTS = (
    ("street", "street"),
    ("city", "locality"),
    ("po box", "po_box"),
    ("region", "region"),
    ("postal code", "postal_code"),
    ("country", "country"),
    ("extended address", "extended"),
)


def _split_positional(value: str) -> list[str]:
    """The parts of a " ::: " cell, empty ones kept: address parts pair up by position."""
    return [p.strip() for p in MULTI.split(value)] if value.strip() else []


def _google_address(row: Row, subs: dict[str, int]) -> None:
    label_cell = label_of(row, subs)
    formatted = _split_positional(row.at(subs.get("formatted")))
    parts = {attr: _split_positional(row.at(subs.get(sub))) for sub, attr in _ADDRESS_PARTS}
    count = max([len(formatted), *(len(v) for v in parts.values())])
    labels = paired(label_cell, count)
    for i in range(count):
        address = Address(label=labels[i][0])
        for attr, values in parts.items():
            if i < len(values):
                setattr(address, attr, values[i])
        if address.is_empty() and i < len(formatted):
            address.street = formatted[i]
        if not address.is_empty():
            row.rec.addresses.append(address)


# -- writing ----------------------------------------------------------------------------------

GOOGLE_HEADER_BASE: tuple[str, ...] = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
)
_ADDRESS_SUBS = (
    "Label",
    "Formatted",
    "Street",
    "City",
    "PO Box",
    "Region",
    "Postal Code",
    "Country",
    "Extended Address",
)
# How many numbered groups Google writes at least (as in its own export).
_GOOGLE_MIN = {"E-mail": 2, "Phone": 2, "Address": 1, "Website": 1, "Event": 1, "Relation": 1}
_GOOGLE_MIN_CUSTOM = 1
_STARRED = {"starred"}
_PHONETIC = {
    "X-PHONETIC-FIRST-NAME": "Phonetic First Name",
    "X-PHONETIC-MIDDLE-NAME": "Phonetic Middle Name",
    "X-PHONETIC-LAST-NAME": "Phonetic Last Name",
}


def google_header(
    emails: int = 2,
    phones: int = 2,
    addresses: int = 1,
    websites: int = 1,
    events: int = 1,
    relations: int = 1,
    custom: int = 1,
) -> list[str]:
    """Google Contacts' current header with this many numbered groups of each kind."""
    header = list(GOOGLE_HEADER_BASE)
    for kind, count in (("E-mail", emails), ("Phone", phones)):
        for n in range(1, count + 1):
            header += [f"{kind} {n} - Label", f"{kind} {n} - Value"]
    for n in range(1, addresses + 1):
        header += [f"Address {n} - {sub}" for sub in _ADDRESS_SUBS]
    for kind, count in (("Website", websites), ("Event", events), ("Relation", relations)):
        for n in range(1, count + 1):
            header += [f"{kind} {n} - Label", f"{kind} {n} - Value"]
    for n in range(1, custom + 1):
        header += [f"Custom Field {n} - Label", f"Custom Field {n} - Value"]
    return header


def _formatted_address(a: Address) -> str:
    city = " ".join(p for p in (a.region, a.postal_code) if p)
    city = ", ".join(p for p in (a.locality, city) if p)
    lines = [a.street, a.extended, a.po_box, city, a.country]
    return "\n".join(p for p in lines if p)


@dataclass
class _GoogleRow:
    base: dict[str, str]
    emails: list[tuple[str, str]]
    phones: list[tuple[str, str]]
    addresses: list[list[str]]
    websites: list[tuple[str, str]]
    events: list[tuple[str, str]]
    relations: list[tuple[str, str]]
    custom: list[tuple[str, str]]


def _date_for_google(value: str) -> str:
    try:
        d = parse_date(value)
    except ValueError:
        return value
    return iso_date(d) if d else value


def _dated(value: str) -> bool:
    """A date with a year: what reads back from a "Connected on LinkedIn" event (any other
    text is written as a custom field labelled with the extra's name, read back as it)."""
    try:
        d = parse_date(value)
    except ValueError:
        return False
    return bool(d and d[0])


def _google_row(rec: ContactRecord) -> _GoogleRow:
    base = {
        "First Name": rec.given_name,
        "Middle Name": rec.middle_name,
        "Last Name": rec.family_name,
        "Name Prefix": rec.prefix,
        "Name Suffix": rec.suffix,
        "Nickname": rec.nickname,
        "File As": rec.display_name,
        "Organization Name": rec.organization,
        "Organization Title": rec.title,
        "Organization Department": rec.department,
        "Notes": rec.notes,
        "Photo": rec.photo_url,
    }
    if rec.birthday_month and rec.birthday_day:
        base["Birthday"] = iso_date((rec.birthday_year, rec.birthday_month, rec.birthday_day))
    labels = ["* myContacts"]
    for g in rec.groups:
        if not is_system_group(g):
            labels.append(f"* {g}" if g.casefold() in _STARRED else g)
    base["Labels"] = " ::: ".join(labels)

    emails = [(f"* {e.label}" if e.preferred else e.label, e.value) for e in rec.emails]
    phones = [(p.label, p.value) for p in rec.phones]
    urls = [(u.label, u.value) for u in rec.urls]
    if rec.linkedin_url and not any(u.value == rec.linkedin_url for u in rec.urls):
        urls.append(("LinkedIn", rec.linkedin_url))
    addresses = [
        [
            a.label,
            _formatted_address(a),
            a.street,
            a.locality,
            a.po_box,
            a.region,
            a.postal_code,
            a.country,
            a.extended,
        ]
        for a in rec.addresses
        if not a.is_empty()
    ]
    events: list[tuple[str, str]] = []
    relations: list[tuple[str, str]] = []
    custom: list[tuple[str, str]] = []
    for x in rec.extras:
        value = unescape(x.value)
        label = (x.params.get("TYPE") or [""])[0]
        if x.name.upper() in _PHONETIC and not x.params and not base.get(_PHONETIC[x.name.upper()]):
            base[_PHONETIC[x.name.upper()]] = value
        elif x.name.upper() == "ANNIVERSARY" and not x.params:
            events.append(("Anniversary", _date_for_google(x.value)))
        elif x.name.upper() == "X-EVENT" and set(x.params) <= {"TYPE"}:
            events.append((label, value))
        elif x.name.upper() == "RELATED" and set(x.params) <= {"TYPE", "VALUE"}:
            relations.append((label, value))
        elif x.name.upper() == CONNECTED_ON and not x.params and _dated(value):
            if value != rec.connected_on:  # rec.connected_on's event is written below
                events.append((_CONNECTED_EVENT, value))
        elif x.name.upper() == "X-CUSTOM-FIELD" and set(x.params) <= {"TYPE"}:
            custom.append((label, value))
        else:
            custom.append((x.name + format_params(x.params), value))
    if rec.connected_on:
        events.append((_CONNECTED_EVENT, rec.connected_on))
    return _GoogleRow(base, emails, phones, addresses, urls, events, relations, custom)


def write_google_csv(records: list[ContactRecord]) -> str:
    """Google Contacts' current CSV (one row per record), with as many numbered columns as needed.

    Each email, phone, address, website, event, relation and custom field gets its own numbered
    column group (never " ::: "); a preferred email's label gets Google's "* "; Labels start
    with "* myContacts" (and "starred" is written as Google's "* starred"); birthdays are
    "YYYY-MM-DD" or "--MM-DD". :func:`read_csv` reads it back with the same facts.
    The text has no BOM and CRLF line ends; write it as "utf-8-sig" for Excel, as Google does.
    """
    rows = [_google_row(r) for r in records]

    def most(attr: str, minimum: int) -> int:
        return max([minimum, *(len(getattr(r, attr)) for r in rows)])

    counts = {
        "emails": most("emails", _GOOGLE_MIN["E-mail"]),
        "phones": most("phones", _GOOGLE_MIN["Phone"]),
        "addresses": most("addresses", _GOOGLE_MIN["Address"]),
        "websites": most("websites", _GOOGLE_MIN["Website"]),
        "events": most("events", _GOOGLE_MIN["Event"]),
        "relations": most("relations", _GOOGLE_MIN["Relation"]),
        "custom": most("custom", _GOOGLE_MIN_CUSTOM),
    }
    header = google_header(**counts)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for r in rows:
        cells = [r.base.get(name, "") for name in GOOGLE_HEADER_BASE]
        for items, count in ((r.emails, counts["emails"]), (r.phones, counts["phones"])):
            for n in range(count):
                cells += list(items[n]) if n < len(items) else ["", ""]
        for n in range(counts["addresses"]):
            cells += r.addresses[n] if n < len(r.addresses) else [""] * len(_ADDRESS_SUBS)
        for items, count in (
            (r.websites, counts["websites"]),
            (r.events, counts["events"]),
            (r.relations, counts["relations"]),
            (r.custom, counts["custom"]),
        ):
            for n in range(count):
                cells += list(items[n]) if n < len(items) else ["", ""]
        writer.writerow([neutralise(c) for c in cells])
    return out.getvalue()
