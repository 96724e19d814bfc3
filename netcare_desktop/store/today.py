"""Today's queue: the due reminders and the contacts whose balance leans on them, ranked.

The ranking itself is ``core.today``; this gathers its inputs with SQL.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, tzinfo

from netcare_desktop.core.preferences import Preferences
from netcare_desktop.core.today import TodayItem, rank
from netcare_desktop.store import reminders as store_reminders

_LEANING_SQL = """
    SELECT id, display_name, gave_count, asked_count, last_touch_at
      FROM contact INDEXED BY contact_leaning
     WHERE archived = 0 AND asked_count > gave_count
"""


def leaning(conn: sqlite3.Connection) -> dict[int, tuple[str, int, int, datetime | None]]:
    """Contacts you have asked more of than you have given to (a partial index holds them)."""
    out = {}
    for cid, name, gave, asked, last in conn.execute(_LEANING_SQL):
        out[cid] = (name, gave, asked, datetime.fromisoformat(last) if last else None)
    return out


def today_queue(
    conn: sqlite3.Connection,
    now: datetime,
    tz: tzinfo | None,
    prefs: Preferences | None = None,
) -> list[TodayItem]:
    prefs = store_reminders.read_preferences(conn) if prefs is None else prefs
    queue = store_reminders.due_queue(conn, now, tz, prefs)
    return rank(queue, leaning(conn), now, prefs.today_size)
