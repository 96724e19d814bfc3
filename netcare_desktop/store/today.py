"""Today's queue: the due reminders and the contacts whose balance leans on them, ranked.

The ranking itself is ``core.today``; this gathers its inputs with SQL.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, tzinfo

from netcare_desktop.core.preferences import Preferences
from netcare_desktop.core.reminders import hidden
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


def lean_key(contact_id: int) -> str:
    """The delivery key of a "give something back" line (it is not a reminder of its own)."""
    return f"lean:{contact_id}"


def today_queue(
    conn: sqlite3.Connection,
    now: datetime,
    tz: tzinfo | None,
    prefs: Preferences | None = None,
) -> list[TodayItem]:
    prefs = store_reminders.read_preferences(conn) if prefs is None else prefs
    states = store_reminders.deliveries(conn)
    queue = store_reminders.due_queue(
        conn, now, tz, prefs, kit_rows=_kit_candidates(conn, now, prefs.today_size, states)
    )
    leans = {
        cid: v for cid, v in leaning(conn).items() if not hidden(states.get(lean_key(cid)), now)
    }
    return rank(queue, leans, now, prefs.today_size)


# Keep-in-touch candidates for Today, ranked in SQL by the points core.today gives them
# (days late counted in UTC days here; the exact local count decides later): the best
# few, plus every due contact whose balance leans on them (their bonus can lift them).
# 100,000 contacts need not become 14,000 reminder objects to pick five.
_KIT_TOP_SQL = """
    SELECT id, display_name, coalesce(last_touch_at, circle_since), last_touch_at IS NOT NULL,
           kit_days
      FROM contact INDEXED BY contact_kit_queue
     WHERE archived = 0 AND kit_due <= :jd
     ORDER BY (30 + min(max(CAST(:jd - kit_due AS INTEGER), 0), 30))
              * CASE WHEN kit_days <= 30 THEN 1.5 WHEN kit_days <= 90 THEN 1.0 ELSE 0.75 END DESC,
              kit_due
     LIMIT :limit
"""
_KIT_LEANING_SQL = """
    SELECT id, display_name, coalesce(last_touch_at, circle_since), last_touch_at IS NOT NULL,
           kit_days
      FROM contact INDEXED BY contact_leaning
     WHERE archived = 0 AND asked_count > gave_count AND kit_due <= :jd
"""


def _kit_candidates(conn: sqlite3.Connection, now: datetime, size: int, states) -> list[tuple]:
    jd = store_reminders.julian_day(now) + 1e-5  # a second: one due right now is in
    snoozed = sum(1 for k, d in states.items() if k.startswith("kit:") and hidden(d, now))
    limit = max(size, 1) * 4 + 2 + snoozed  # room for a day's rounding and for snoozed ones
    rows = {r[0]: r for r in conn.execute(_KIT_TOP_SQL, {"jd": jd, "limit": limit})}
    for r in conn.execute(_KIT_LEANING_SQL, {"jd": jd}):
        rows.setdefault(r[0], r)
    return list(rows.values())


def snooze(item: TodayItem, until: datetime) -> None:
    """Not today: every reminder behind the line, and the balance line itself."""
    store_reminders.snooze([*item.keys, lean_key(item.contact_id)], until)


def done(item: TodayItem, now: datetime, kind=None, summary: str | None = None) -> int:
    """Log the touch (one interaction, the suggested kind unless another is given).

    It resets the keep-in-touch clock and settles a birthday by itself; the
    follow-ups behind the line are marked done.
    """
    from netcare_desktop.store import contacts
    from netcare_desktop.store.models import Interaction, db

    with db.atomic():
        follow_ups = [int(k.split(":", 1)[1]) for k in item.keys if k.startswith("follow_up:")]
        if follow_ups:
            Interaction.update(follow_up_done=True).where(Interaction.id.in_(follow_ups)).execute()
        text = summary if summary is not None else item.reason[:1].upper() + item.reason[1:]
        return contacts.log_interaction(
            item.contact_id, kind or item.suggested_kind, now, now, summary=text
        )
