"""khard's CSV (``khard new --input-format csv``): "<key>[ <n>[ - <sub>]]" columns.

"Email 1 - type" / "Email 1 - value", "Phone 1 - ...", "Address 1 - Street" and so on,
"Additional 1" (middle names), "Organisation 1", "Categories 1", "Formatted name",
"Webpage", "Note". A second organisation is kept as an extra (``X-ORGANISATION-2``).
"""

from __future__ import annotations

from netcare_desktop.core.record import Address, Extra
from netcare_desktop.interop.csvformats.rows import Row
from netcare_desktop.interop.csvformats.sniff import KHARD_NUMBERED
from netcare_desktop.interop.csvformats.values import basic_date, split_groups

_ADDRESS_PARTS = {
    "box": "po_box",
    "extended": "extended",
    "street": "street",
    "code": "postal_code",
    "city": "locality",
    "region": "region",
    "country": "country",
}


def _numbered(row: Row) -> dict[str, dict[int, dict[str, int]]]:
    """kind -> number -> sub-column ("" when none) -> index, worked out once per file."""
    key = "khard"
    if key not in row.cols.cache:
        found = []
        for i, name in enumerate(row.cols.norm):
            m = KHARD_NUMBERED.match(name)
            if m:
                found.append((i, f"{m.group(1)}|{m.group(2) or 0}|{m.group(3) or ''}"))
        row.cols.cache[key] = found
    out: dict[str, dict[int, dict[str, int]]] = {}
    for i, spec in row.cols.cache[key]:
        kind, number, sub = spec.split("|")
        out.setdefault(kind, {}).setdefault(int(number), {}).setdefault(sub.strip(), i)
    return out


def map_khard(row: Row) -> None:
    rec = row.rec
    numbered = _numbered(row)

    def each(kind: str) -> list[dict[str, int]]:
        return [subs for _, subs in sorted(numbered.get(kind, {}).items())]

    rec.display_name = row.get("formatted name")
    rec.prefix = row.get("prefix")
    rec.given_name = row.get("first name")
    middle = [row.at(subs.get("")) for subs in each("additional")]
    rec.middle_name = " ".join(m for m in middle if m)
    rec.family_name = row.get("last name")
    rec.suffix = row.get("suffix")
    rec.nickname = row.get("nickname")
    birthday = row.get("birthday")
    if birthday:
        row.birthday(birthday)
    anniversary = row.get("anniversary")
    if anniversary:
        d = row.date(anniversary, "anniversary")
        if d:
            rec.extras.append(Extra("ANNIVERSARY", {}, basic_date(d)))
    orgs = each("organisation")
    if orgs:
        rec.organization = row.at(orgs[0].get(""))  # the others: left to the leftovers
    rec.title = row.get("title")
    row.extra("ROLE", row.get("role"))
    for subs in each("phone"):
        row.phone(row.at(subs.get("value")), row.at(subs.get("type")))
    for subs in each("email"):
        row.email(row.at(subs.get("value")), row.at(subs.get("type")))
    for subs in each("address"):
        address = Address(label=row.at(subs.get("type")))
        for sub, attr in _ADDRESS_PARTS.items():
            setattr(address, attr, row.at(subs.get(sub)))
        if not address.is_empty():
            rec.addresses.append(address)
    for subs in each("categories"):
        for g in split_groups(row.at(subs.get("")), r"\s*,\s*"):
            if g not in rec.groups:
                rec.groups.append(g)
    row.url(row.get("webpage"))
    rec.notes = row.get("note")
    row.leftovers({"kind": lambda v: v.casefold() == "individual"})  # khard's default kind
