"""The contact list: searching and sorting done in SQL, rows read a page at a time.

Plain SQL on any ``sqlite3`` connection: the GUI passes its lean reader
(``reader.open_reader``), the CLI passes peewee's connection.

Search goes through the FTS5 index: every word the user typed must prefix-match
a word of the name, organization, title, emails or notes.  The user's text is
never passed to FTS5 as syntax, so quotes, dashes or ``o'brien`` cannot break
the query.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from enum import IntEnum

from netcare_desktop.core import cadence


class SortKey(IntEnum):
    NAME = 0
    ORGANIZATION = 1
    TITLE = 2
    CIRCLE = 3
    LAST_TOUCH = 4
    NEXT_DUE = 5
    STATUS = 6
    BALANCE = 7


# Kept by triggers: schema.KIT_TRIGGERS (the same rule as core.cadence.next_due).
_NEXT_DUE_SQL = "c.kit_due"

_ORDER_SQL = {
    SortKey.NAME: "c.sort_name {d}, c.id {d}",
    SortKey.ORGANIZATION: "c.organization = '' , c.organization COLLATE NOCASE {d}, c.sort_name, c.id",
    SortKey.TITLE: "c.title = '', c.title COLLATE NOCASE {d}, c.sort_name, c.id",
    SortKey.CIRCLE: "ci.position IS NULL, ci.position {d}, c.sort_name, c.id",
    SortKey.LAST_TOUCH: "c.last_touch_at IS NULL, c.last_touch_at {d}, c.sort_name, c.id",
    SortKey.NEXT_DUE: "next_due IS NULL, next_due {d}, c.sort_name, c.id",
    SortKey.STATUS: "next_due IS NULL, next_due {d}, c.sort_name, c.id",
    # Ascending: the most leaned-on first (asked most over given).
    SortKey.BALANCE: "c.gave_count - c.asked_count {d}, c.sort_name, c.id",
}

# From this many full-text hits on, page through the name index instead of sorting them.
BROAD_MATCH = 5000

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """Turn what the user typed into a safe FTS5 prefix query; None when there is nothing to find."""
    words = _WORD.findall(text)
    if not words:
        return None
    return " AND ".join(f'"{w}"*' for w in words)


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: int
    name: str
    organization: str
    title: str
    circle: str
    last_touch: datetime | None
    next_due: datetime | None
    health: cadence.Health
    gave: int = 0
    asked: int = 0
    archived: bool = False


class Archived(IntEnum):
    """Which contacts the list shows: the active ones (the default), the archived, or all."""

    ACTIVE = 0
    ARCHIVED = 1
    ALL = 2


@dataclass(frozen=True)
class ContactQuery:
    """One view of the contact list: what to search for and how to sort."""

    search: str = ""
    sort: SortKey = SortKey.NAME
    descending: bool = False
    include_archived: bool = False
    leaning_only: bool = False  # "I've asked more than I've given"
    only_archived: bool = False  # the archived contacts alone

    @property
    def archived(self) -> Archived:
        if self.only_archived:
            return Archived.ARCHIVED
        return Archived.ALL if self.include_archived else Archived.ACTIVE

    def with_archived(self, which: Archived) -> ContactQuery:
        return replace(
            self,
            include_archived=which is Archived.ALL,
            only_archived=which is Archived.ARCHIVED,
        )

    @property
    def narrowed(self) -> bool:
        """True when some contacts are left out (a search, a filter, archived hidden)."""
        return bool(self.search.strip() or self.leaning_only or self.only_archived)

    def _where(self, match: str | None = None) -> tuple[str, list]:
        clauses, params = [], []
        if self.only_archived:
            clauses.append("c.archived = 1")
        elif not self.include_archived:
            clauses.append("c.archived = 0")
        if self.leaning_only:
            clauses.append("c.asked_count > c.gave_count")
        if match is None:
            match = fts_query(self.search)
        if match is not None:
            clauses.append("c.id IN (SELECT rowid FROM contact_index WHERE contact_index MATCH ?)")
            params.append(match)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def count(self, conn: sqlite3.Connection) -> int:
        where, params = self._where()
        sql = f"SELECT count(*) FROM contact c{where}"
        return conn.execute(sql, params).fetchone()[0]

    def page(
        self, conn: sqlite3.Connection, offset: int, limit: int, now: datetime
    ) -> list[ContactRow]:
        match = fts_query(self.search)
        source = "contact c"
        if match is not None and self.sort == SortKey.NAME:
            # A broad match (the first letters typed, a common domain) is cheaper to
            # page by walking the name index and checking membership than by sorting
            # every match; FTS5 counts its matches in a few milliseconds.
            hits = conn.execute(
                "SELECT count(*) FROM contact_index WHERE contact_index MATCH ?", [match]
            ).fetchone()[0]
            if hits == 0:
                return []
            if hits >= BROAD_MATCH:
                source = "contact c INDEXED BY contact_archived_sort_name"
        where, params = self._where(match)
        order = _ORDER_SQL[self.sort].format(d="DESC" if self.descending else "ASC")
        sql = (
            "SELECT c.id, c.display_name, c.organization, c.title, coalesce(ci.name, ''),"
            " c.last_touch_at, c.circle_since, c.cadence_days, ci.cadence_days,"
            f" {_NEXT_DUE_SQL} AS next_due, c.gave_count, c.asked_count, c.archived"
            f" FROM {source} LEFT JOIN circle ci ON ci.id = c.circle_id"
            f"{where} ORDER BY {order} LIMIT ? OFFSET ?"
        )
        rows = conn.execute(sql, [*params, limit, offset]).fetchall()
        out = []
        for row in rows:
            cid, name, org, title, circle, last, since, own, circle_days, _, gave, asked = row[:12]
            last_dt = _parse(last)
            since_dt = _parse(since)
            days = cadence.effective_cadence(own, circle_days)
            out.append(
                ContactRow(
                    id=cid,
                    name=name,
                    organization=org,
                    title=title,
                    circle=circle,
                    last_touch=last_dt,
                    next_due=cadence.next_due(last_dt, since_dt, days),
                    health=cadence.health(now, last_dt, since_dt, days),
                    gave=gave,
                    asked=asked,
                    archived=bool(row[12]),
                )
            )
        return out

    def position(self, conn: sqlite3.Connection, contact_id: int) -> int | None:
        """Where this contact is in the list (0 first), or None when it is left out."""
        where, params = self._where()
        order = _ORDER_SQL[self.sort].format(d="DESC" if self.descending else "ASC")
        order = order.replace("next_due", _NEXT_DUE_SQL)
        sql = (
            "SELECT rn FROM (SELECT c.id AS id, row_number() OVER"
            f" (ORDER BY {order}) - 1 AS rn FROM contact c"
            f" LEFT JOIN circle ci ON ci.id = c.circle_id{where}) WHERE id = ?"
        )
        found = conn.execute(sql, [*params, contact_id]).fetchone()
        return None if found is None else found[0]

    def ids(self, conn: sqlite3.Connection) -> list[int]:
        where, params = self._where()
        return [r[0] for r in conn.execute(f"SELECT c.id FROM contact c{where}", params).fetchall()]


def _parse(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)
