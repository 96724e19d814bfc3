"""Any other CSV, through a column mapping: :data:`FIELDS` are the targets a column can have."""

from __future__ import annotations

import re

from netcare_desktop.core.fields import TEXT_FIELDS
from netcare_desktop.core.record import (
    Url,
)
from netcare_desktop.interop.csvformats.rows import (
    Row,
)
from netcare_desktop.interop.csvformats.values import (
    split_groups,
    split_multi,
)

# The targets a column can be mapped to, in the order the mapping dialog lists them: the
# person's single-valued text fields (core.fields; set once, from the first column that has a
# value), then the CSV-only targets and the two text fields several columns may feed: notes
# add up, a LinkedIn column also gives a URL. photo_url is no target: a photo link in a
# spreadsheet is rare, and NetCare never fetches one.
_NOT_SCALAR = ("notes", "linkedin_url", "photo_url")
SCALAR_FIELDS: tuple[str, ...] = tuple(f for f in TEXT_FIELDS if f not in _NOT_SCALAR)
FIELDS: tuple[str, ...] = (
    *SCALAR_FIELDS,
    "email",
    "phone",
    "url",
    "linkedin_url",
    "notes",
    "birthday",  # core.fields.BIRTHDAY_FIELDS, from one date
    "groups",
    "ignore",
)


# -- generic ----------------------------------------------------------------------------------

_LABEL_NOISE = re.compile(
    r"\b(e|mail|email|e-mail|address|addr|phone|telephone|tel|number|no|nr|url|website|site|"
    r"web|page|homepage|\d+)\b",
    re.IGNORECASE,
)


def _column_label(column: str) -> str:
    """ "Work Email" -> "Work", "Mobile Phone" -> "Mobile", "E-mail 2" -> ""."""
    words = [w for w in re.split(r"[\s_\-#:.]+", column) if w]
    kept = [w for w in words if not _LABEL_NOISE.fullmatch(w)]
    return " ".join(kept).strip(" ()")


def map_generic(row: Row, mapping: list[str]) -> None:
    rec = row.rec
    notes: list[str] = []
    for index, target in enumerate(mapping):
        if target == "ignore" or index >= len(row.cells):
            continue  # left to the leftovers: kept as an X-<COLUMN> extra
        value = row.at(index)
        if not value:
            continue
        column = row.cols.header[index]
        if target in SCALAR_FIELDS:
            if not getattr(rec, target):
                setattr(rec, target, value)
        elif target == "email":
            row.email(re.sub(r"\s*,\s*", ";", value), _column_label(column))
        elif target == "phone":
            row.phone(value, _column_label(column))
        elif target == "url":
            row.url(value, _column_label(column))
        elif target == "linkedin_url":
            for part in split_multi(value):
                if not rec.linkedin_url:
                    rec.linkedin_url = part
                if not any(u.value == part for u in rec.urls):
                    rec.urls.append(Url(part, "LinkedIn"))
        elif target == "notes":
            notes.append(value)
        elif target == "birthday":
            if rec.birthday_month is None:
                row.birthday(value)
        elif target == "groups":
            for g in split_groups(value, r"\s*(?:;|,|:::)\s*"):
                if g not in rec.groups:
                    rec.groups.append(g)
    rec.notes = "\n".join(notes)
    row.leftovers({})
