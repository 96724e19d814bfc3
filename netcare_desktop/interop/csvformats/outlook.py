"""Outlook desktop, Outlook.com and Google's "Outlook CSV" export."""

from __future__ import annotations

import re
from collections.abc import Callable

from netcare_desktop.core.record import (
    Address,
    Extra,
)
from netcare_desktop.interop.csvformats.rows import (
    Columns,
    Row,
)
from netcare_desktop.interop.csvformats.values import (
    as_email,
    basic_date,
    split_groups,
)

# -- Outlook ----------------------------------------------------------------------------------

_OUTLOOK_PHONES = {
    "assistant's phone": "Assistant",
    "business phone": "Business",
    "business phone 2": "Business",
    "business fax": "Business Fax",
    "callback": "Callback",
    "car phone": "Car",
    "company main phone": "Company Main",
    "home phone": "Home",
    "home phone 2": "Home",
    "home fax": "Home Fax",
    "isdn": "ISDN",
    "mobile phone": "Mobile",
    "other phone": "Other",
    "other fax": "Other Fax",
    "pager": "Pager",
    "primary phone": "Primary",
    "radio phone": "Radio",
    "telex": "Telex",
    "tty/tdd phone": "TTY/TDD",
}
_OUTLOOK_RELATED = {
    "spouse": "Spouse",
    "children": "Child",
    "manager's name": "Manager",
    "assistant's name": "Assistant",
    "referred by": "Referred by",
}
_OUTLOOK_QUIET: dict[str, Callable[[str], bool]] = {
    "gender": lambda v: v.casefold() in ("unspecified", "0"),
    "priority": lambda v: v.casefold() == "normal",
    "sensitivity": lambda v: v.casefold() == "normal",
    "private": lambda v: v.casefold() in ("false", "0"),
    "e-mail type": lambda v: True,
    "e-mail 2 type": lambda v: True,
    "e-mail 3 type": lambda v: True,
    "e-mail display name": lambda v: True,
    "e-mail 2 display name": lambda v: True,
    "e-mail 3 display name": lambda v: True,
    "internet free busy": lambda v: v.casefold() in ("", "false"),
}


def _outlook_phone_columns(cols: Columns) -> list[tuple[int, str]]:
    """(index, label) of every phone column: "Mobile Phone" -> "Mobile"."""
    if "outlook phones" not in cols.cache:
        found = []
        for i, name in enumerate(cols.norm):
            label = _OUTLOOK_PHONES.get(name)
            if label is None and re.search(r"\b(phone|fax)\b", name) and "yomi" not in name:
                label = re.sub(r"\s*\b(phone|\d+)\b\s*", " ", cols.header[i], flags=re.I).strip()
            if label is not None:
                found.append((i, label))
        cols.cache["outlook phones"] = found
    return cols.cache["outlook phones"]


def map_outlook(row: Row) -> None:
    rec = row.rec
    rec.prefix = row.get("title")
    rec.given_name = row.get("first name")
    rec.middle_name = row.get("middle name")
    rec.family_name = row.get("last name")
    rec.suffix = row.get("suffix")
    rec.nickname = row.get("nickname")
    rec.display_name = row.get("display name", "name")
    row.extra("X-PHONETIC-FIRST-NAME", row.get("given yomi"))
    row.extra("X-PHONETIC-LAST-NAME", row.get("surname yomi"))
    rec.organization = row.get("company")
    rec.department = row.get("department")
    rec.title = row.get("job title")
    for prefix in ("e-mail", "e-mail 2", "e-mail 3"):
        value = row.get(f"{prefix} address")
        kind = row.get(f"{prefix} type")
        shown = row.get(f"{prefix} display name")
        if not value:
            continue
        if kind.upper() == "EX" or not as_email(value):
            # An Exchange (X.500) address: the display name often carries the SMTP one.
            fallback = as_email(shown)
            if fallback:
                row.email(fallback)
                continue
        row.email(value)
    for i, label in _outlook_phone_columns(row.cols):
        row.phone(row.at(i), label)
    for kind in ("business", "home", "other"):
        streets = [row.get(f"{kind} street{n}") for n in ("", " 2", " 3")]
        address = Address(
            label=kind.capitalize(),
            po_box=row.get(f"{kind} address po box", f"{kind} po box"),
            street="\n".join(s for s in streets if s),
            locality=row.get(f"{kind} city"),
            region=row.get(f"{kind} state"),
            postal_code=row.get(f"{kind} postal code"),
            country=row.get(f"{kind} country/region", f"{kind} country"),
        )
        if not address.is_empty():
            rec.addresses.append(address)
    for index in row.cols.by_name.get("web page", ()):
        row.url(row.at(index), "")
    for index in row.cols.by_name.get("personal web page", ()):
        row.url(row.at(index), "Personal")
    birthday = row.get("birthday")
    if birthday:
        row.birthday(birthday)
    anniversary = row.get("anniversary")
    if anniversary:
        d = row.date(anniversary, "anniversary")
        if d:
            rec.extras.append(Extra("ANNIVERSARY", {}, basic_date(d)))
    rec.notes = row.get("notes")
    for index in row.cols.by_name.get("categories", ()):
        for g in split_groups(row.at(index), r"\s*(?:;|:::)\s*"):
            if g not in rec.groups:
                rec.groups.append(g)
    for name, label in _OUTLOOK_RELATED.items():
        row.extra("RELATED", row.get(name), {"VALUE": ["text"], "TYPE": [label]})
    for index in row.cols.by_name.get("imaddress", ()):
        row.extra("X-IM", row.at(index))
    row.leftovers(_OUTLOOK_QUIET)
