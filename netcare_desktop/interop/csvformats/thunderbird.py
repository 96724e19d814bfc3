"""Thunderbird's address-book CSV export (any delimiter, English or translated header)."""

from __future__ import annotations

from netcare_desktop.core.record import Address
from netcare_desktop.interop.csvformats.rows import Row
from netcare_desktop.interop.csvformats.sniff import thunderbird_columns

_PHONES = (
    ("work phone", "Work"),
    ("home phone", "Home"),
    ("fax number", "Fax"),
    ("pager number", "Pager"),
    ("mobile number", "Mobile"),
)


def _index(row: Row) -> dict[str, int]:
    """English Thunderbird name -> the column that holds it in this file."""
    cache = row.cols.cache
    if "thunderbird" not in cache:
        canon = thunderbird_columns(row.cols.norm)
        cache["thunderbird"] = [(i, c) for i, c in enumerate(canon) if c]
    found: dict[str, int] = {}
    for i, name in cache["thunderbird"]:
        found.setdefault(name, i)
    return found


def map_thunderbird(row: Row) -> None:
    rec = row.rec
    col = _index(row)

    def get(name: str) -> str:
        return row.at(col.get(name))

    rec.given_name = get("first name")
    rec.family_name = get("last name")
    rec.display_name = get("display name")
    rec.nickname = get("nickname")
    row.email(get("primary email"))
    row.email(get("secondary email"))
    row.extra("X-IM", get("screen name"))
    for name, label in _PHONES:
        row.phone(get(name), label)
    for kind in ("home", "work"):
        streets = [get(f"{kind} address"), get(f"{kind} address 2")]
        address = Address(
            label=kind.capitalize(),
            street="\n".join(s for s in streets if s),
            locality=get(f"{kind} city"),
            region=get(f"{kind} state"),
            postal_code=get(f"{kind} zipcode"),
            country=get(f"{kind} country"),
        )
        if not address.is_empty():
            rec.addresses.append(address)
    rec.title = get("job title")
    rec.department = get("department")
    rec.organization = get("organization")
    row.url(get("web page 1"), "Work")
    row.url(get("web page 2"), "Home")
    year, month, day = get("birth year"), get("birth month"), get("birth day")
    if month and day:
        row.birthday(f"{year}-{month}-{day}" if year else f"--{month}-{day}")
    elif year:
        row.extra("X-BIRTH-YEAR", year)  # a year alone is no birthday NetCare can hold
    for n in range(1, 5):  # as Thunderbird's own vCard export names them, in any language
        row.extra(f"X-CUSTOM{n}", get(f"custom {n}"))
    rec.notes = get("notes")
    row.leftovers({})  # any other column: X-<COLUMN>
