"""One row of a CSV file: its cells by column name, and what the mapping has read."""

from __future__ import annotations

import re
from collections.abc import Callable

from netcare_desktop.core.record import (
    ContactRecord,
    Email,
    Extra,
    Issue,
    Phone,
    Url,
)
from netcare_desktop.interop.csvformats.sniff import (
    GOOGLE_NUMBERED,
    norm_name,
)
from netcare_desktop.interop.csvformats.values import (
    LINKEDIN_URL,
    as_email,
    cell_text,
    clean_label,
    column_slug,
    parse_date,
    split_multi,
    unneutralise,
)
from netcare_desktop.interop.vcard.writer import escape_text

# -- one row ----------------------------------------------------------------------------------


class Row:
    """A row's cells by normalised column name; remembers which columns were read."""

    def __init__(self, cols: Columns, cells: list[str], path: str, line: int) -> None:
        self.cols = cols
        self.cells = cells
        self.used: set[int] = set()
        self.path = path
        self.line = line
        self.issues: list[Issue] = []
        self.rec = ContactRecord(source=path, line=line)

    def at(self, index: int | None, strip: bool = True) -> str:
        """The cell's text; ``strip=False`` keeps white space at its ends (a label's "* ")."""
        if index is None:
            return ""
        self.used.add(index)
        if index >= len(self.cells):
            return ""
        value = self.cells[index]
        value = unneutralise(value) if self.cols.neutralised else value
        return cell_text(value) if strip else value.replace("\r\n", "\n").replace("\r", "\n")

    def get(self, *names: str) -> str:
        """The first non-empty value among these columns (all of them count as read)."""
        found = ""
        for name in names:
            for index in self.cols.by_name.get(name, ()):
                value = self.at(index)
                if value and not found:
                    found = value
        return found

    def issue(self, message: str) -> None:
        self.issues.append(Issue(self.path, self.line, message))

    def date(self, value: str, what: str) -> tuple[int | None, int, int] | None:
        try:
            return parse_date(value)
        except ValueError as exc:
            self.issue(f"{what}: {exc}; left out")
            return None

    def birthday(self, value: str) -> None:
        d = self.date(value, "birthday")
        if d:
            self.rec.birthday_year, self.rec.birthday_month, self.rec.birthday_day = d

    def email(self, value: str, label: str = "", preferred: bool = False) -> None:
        for part in re.split(r"\s*(?::::|;)\s*", value):
            if not part.strip():
                continue
            address = as_email(part)
            if not address:
                self.issue(f"{part.strip()!r} is not an email address; left out")
                continue
            if not any(e.value.casefold() == address.casefold() for e in self.rec.emails):
                self.rec.emails.append(Email(address, label, preferred))
            preferred = False

    def phone(self, value: str, label: str = "") -> None:
        for part in split_multi(value):
            self.rec.phones.append(Phone(part, label))

    def url(self, value: str, label: str = "") -> None:
        for part in split_multi(value):
            if not any(u.value == part for u in self.rec.urls):
                self.rec.urls.append(Url(part, label))
            if not self.rec.linkedin_url and LINKEDIN_URL.search(part):
                self.rec.linkedin_url = part

    def extra(self, name: str, value: str, params: dict[str, list[str]] | None = None) -> None:
        if value:
            self.rec.extras.append(Extra(name, params or {}, escape_text(value)))

    def leftovers(self, quiet: dict[str, Callable[[str], bool]]) -> None:
        """Every non-empty column nobody read becomes an ``X-<COLUMN>`` extra."""
        for index, value in enumerate(self.cells):
            if index in self.used or index >= len(self.cols.header):
                continue
            value = cell_text(unneutralise(value) if self.cols.neutralised else value)
            name = self.cols.norm[index]
            if not value or (name in quiet and quiet[name](value)):
                continue
            slug = column_slug(self.cols.header[index]) or f"COLUMN-{index + 1}"
            self.extra(f"X-{slug}", value)


class Columns:
    def __init__(self, header: list[str]) -> None:
        self.header = [" ".join(h.replace("\ufeff", "").split()) for h in header]
        self.norm = [norm_name(h) for h in header]
        self.by_name: dict[str, list[int]] = {}
        self.cache: dict[str, list[tuple[int, str]]] = {}
        self.neutralised = False  # cells as write_google_csv writes them (Google's format)
        for i, n in enumerate(self.norm):
            self.by_name.setdefault(n, []).append(i)
        # Google's numbered groups: kind -> number -> sub-column -> index
        self.numbered: dict[str, dict[int, dict[str, int]]] = {}
        for i, n in enumerate(self.norm):
            m = GOOGLE_NUMBERED.match(n)
            if m:
                kind, number, sub = m.group(1), int(m.group(2)), m.group(3)
                self.numbered.setdefault(kind, {}).setdefault(number, {}).setdefault(sub, i)

    def groups(self, kind: str) -> list[dict[str, int]]:
        return [subs for _, subs in sorted(self.numbered.get(kind, {}).items())]


# Between a " ::: " cell's labels: one space each side at most, so a label's own "* " stays.
LABEL_SEPARATOR = re.compile(r" ?::: ?")


def label_of(row: Row, subs: dict[str, int]) -> str:
    """A label cell as written: Google's primary mark "* " is not a label "*"."""
    return row.at(subs.get("label", subs.get("type")), strip=False)


def labelled_values(row: Row, subs: dict[str, int]) -> list[tuple[str, str, bool]]:
    """(value, label, primary) for each value of a numbered group's " ::: " cell."""
    values = split_multi(row.at(subs.get("value")))
    pairs = paired(label_of(row, subs), len(values))
    return [(v, label, primary) for v, (label, primary) in zip(values, pairs, strict=True)]


def paired(labels: str, count: int) -> list[tuple[str, bool]]:
    """One (label, primary) per value of a " ::: " cell; a single label applies to all."""
    parts = LABEL_SEPARATOR.split(labels) if labels.strip() else [""]  # "* " is not "*"
    if len(parts) == count:
        return [clean_label(p) for p in parts]
    label, primary = clean_label(labels)
    return [(label, primary and i == 0) for i in range(count)]
