"""The first-run circles step: whether to offer it after an import, and what it lists.

No reminder comes without a circle, and an import brings people in without one.
So after the first import into a database where nobody has a circle yet, the
window offers to choose circles for the imported people; once the person has
closed that step (applied or not), it is not offered again (one ``Setting``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

CIRCLE_STEP_KEY = "first_run.circle_step_done"


@dataclass(frozen=True)
class Imported:
    contact_id: int
    display_name: str
    organization: str
    circle: str  # "" for none


def should_offer_circle_step(conn: sqlite3.Connection, batch_id: int | None) -> bool:
    """After import ``batch_id``: not dismissed before, it brought people in, nobody has a circle."""
    if batch_id is None:
        return False
    try:
        if conn.execute("SELECT 1 FROM setting WHERE key = ?", (CIRCLE_STEP_KEY,)).fetchone():
            return False
        if not conn.execute(
            "SELECT 1 FROM import_change WHERE batch_id = ? LIMIT 1", (batch_id,)
        ).fetchone():
            return False
        circled = conn.execute(
            "SELECT 1 FROM contact WHERE circle_id IS NOT NULL AND NOT archived LIMIT 1"
        ).fetchone()
    except sqlite3.Error:
        return False
    return circled is None


def imported_contacts(conn: sqlite3.Connection, batch_id: int) -> list[Imported]:
    """The contacts an import created or merged into that still exist, by name."""
    rows = conn.execute(
        "SELECT c.id, c.display_name, c.organization, COALESCE(ci.name, '')"
        " FROM contact c LEFT JOIN circle ci ON ci.id = c.circle_id"
        " WHERE c.id IN (SELECT contact_id FROM import_change WHERE batch_id = ?)"
        " AND NOT c.archived"
        " ORDER BY c.sort_name, c.display_name, c.id",
        (batch_id,),
    ).fetchall()
    return [Imported(int(r[0]), r[1] or "", r[2] or "", r[3] or "") for r in rows]


def dismiss_circle_step() -> None:
    """The person closed the step: do not offer it again."""
    from netcare_desktop.store.models import Setting, db

    with db.atomic():
        Setting.replace(key=CIRCLE_STEP_KEY, value=True).execute()
