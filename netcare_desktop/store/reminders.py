"""The due queue, computed in SQL from contacts and interactions; delivery state.

Reads are plain SQL on any ``sqlite3`` connection (the GUI's lean reader,
or peewee's connection in the CLI), so they never need peewee loaded.  SQL
narrows 100,000 contacts down to the ones near or past their date, using
the same arithmetic as :mod:`netcare_desktop.core.cadence`; the rules in
``core`` then decide each state, so the table, the Due view, the tray and
``netcare due`` can never disagree.

Writes (snooze, skip, done, notified) go through peewee, each one
a short transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

from netcare_desktop.core import reminders as rules
from netcare_desktop.core.cadence import THRESHOLDS
from netcare_desktop.core.kinds import Kind
from netcare_desktop.core.preferences import Preferences
from netcare_desktop.core.reminders import Delivery, Reminder, ReminderKind
from netcare_desktop.store.settings import read_preferences, read_settings
from netcare_desktop.store.settings import (  # re-exported: their old import path
    save_preferences as save_preferences,
)
from netcare_desktop.store.settings import set_circle_cadence as set_circle_cadence
from netcare_desktop.store.sqltime import as_date, as_datetime, from_julian, julian_day

STATUS_DONE_KEY = "reminders.status_last_done"

# Keep-in-touch candidates, from the trigger-kept cache (schema.KIT_TRIGGERS): one
# range scan of (archived, kit_due).  core.cadence then decides each state exactly.
_KIT_SQL = """
    SELECT c.id, c.display_name, coalesce(c.last_touch_at, c.circle_since),
           c.last_touch_at IS NOT NULL, c.kit_days
      FROM contact c INDEXED BY contact_kit_queue
     WHERE c.archived = 0 AND c.kit_due <= ?
"""
_NEXT_KIT_SQL = "SELECT min(kit_due) FROM contact WHERE archived = 0 AND kit_due > ?"
_MAX_DAYS_SQL = "SELECT max(kit_days) FROM contact WHERE archived = 0"
_EPSILON_DAYS = 1e-5  # a second: float julian days never hide one that is due right now
_FOLLOW_UP_SQL = """
    SELECT i.id, i.contact_id, c.display_name, i.follow_up, i.summary
      FROM interaction i CROSS JOIN contact c  -- CROSS: open follow-ups first, by their index
     WHERE c.id = i.contact_id AND i.follow_up_done = 0 AND i.follow_up IS NOT NULL AND i.follow_up <= ?
       AND c.archived = 0
"""
_BIRTHDAY_SQL = """
    SELECT c.id, c.display_name, c.birthday_month, c.birthday_day, c.birthday_year, c.last_touch_at
      FROM contact c INDEXED BY contact_birthday
     WHERE c.birthday_month IN ({months}) AND c.birthday_month IS NOT NULL
       AND c.birthday_month * 100 + c.birthday_day IN ({marks}) AND c.archived = 0
"""


# -- delivery state ---------------------------------------------------------------


def deliveries(conn: sqlite3.Connection) -> dict[str, Delivery]:
    rows = conn.execute(
        "SELECT key, snoozed_until, last_notified, done_until FROM reminder_state"
    ).fetchall()
    return {k: Delivery(as_datetime(s), as_datetime(n), as_datetime(d)) for k, s, n, d in rows}


def _status_anchor(conn: sqlite3.Connection) -> tuple[datetime | None, datetime | None]:
    """(last time the status was updated, when the person started using NetCare)."""
    logged = conn.execute(
        "SELECT max(occurred_at) FROM interaction WHERE kind = ?", (Kind.STATUS_UPDATE.value,)
    ).fetchone()[0]
    marked = read_settings(conn, STATUS_DONE_KEY).get(STATUS_DONE_KEY)
    done = [
        d
        for d in (as_datetime(logged), as_datetime(marked) if isinstance(marked, str) else None)
        if d
    ]
    first = conn.execute("SELECT created_at FROM contact ORDER BY id LIMIT 1").fetchone()
    started = as_datetime(first[0]) if first else None
    return (max(done) if done else None), started


def _birthday_keys(today: date, include_soon: bool = True) -> list[int]:
    ahead = THRESHOLDS.birthday_notice_days if include_soon else 0
    span = range(-THRESHOLDS.birthday_grace_days, ahead + 1)
    keys = set()
    for offset in span:
        d = today + timedelta(days=offset)
        keys.add(d.month * 100 + d.day)
        if d.month == 2 and d.day == 28:
            keys.add(229)  # celebrated on Feb 28 in years without a Feb 29
    return sorted(keys)


def reminders(
    conn: sqlite3.Connection,
    now: datetime,
    tz: tzinfo | None,
    prefs: Preferences | None = None,
    include_soon: bool = False,
    kit_rows: list[tuple] | None = None,
) -> list[Reminder]:
    """Every reminder due at ``now`` (and those due soon when asked), snoozed or not.

    Most pressing first.  ``kit_rows`` replaces the keep-in-touch candidates (rows
    shaped like ``_KIT_SQL``'s) when the caller has narrowed them itself (Today).
    """
    prefs = read_preferences(conn) if prefs is None else prefs
    out: list[Reminder] = []
    today = rules.local_date(now, tz)
    horizon = julian_day(now) + _EPSILON_DAYS
    if include_soon:
        longest = conn.execute(_MAX_DAYS_SQL).fetchone()[0] or 0
        horizon += longest * THRESHOLDS.due_soon_fraction
    rows = conn.execute(_KIT_SQL, (horizon,)) if kit_rows is None else kit_rows
    out = rules.keep_in_touch_many(rows, now, tz)
    for iid, cid, name, on, summary in conn.execute(_FOLLOW_UP_SQL, (today.isoformat(),)):
        on_day = as_date(on)
        assert on_day is not None  # the query keeps only follow_up IS NOT NULL
        r = rules.follow_up(iid, cid, name, on_day, summary, now, tz)
        if r is not None:
            out.append(r)
    keys = _birthday_keys(today, include_soon)
    months = sorted({k // 100 for k in keys})
    sql = _BIRTHDAY_SQL.format(
        months=",".join("?" for _ in months), marks=",".join("?" for _ in keys)
    )
    for cid, name, month, day, year, last in conn.execute(sql, [*months, *keys]):
        r = rules.birthday(cid, name, month, day, year, as_datetime(last), now, tz, today=today)
        if r is not None:
            out.append(r)
    if prefs.status_every_days:
        last_done, started = _status_anchor(conn)
        r = rules.status(prefs.status_every_days, last_done, started, now, tz)
        if r is not None:
            out.append(r)
    if not include_soon:
        out = [r for r in out if r.is_due]
    return rules.ordered(out)


def due_queue(
    conn: sqlite3.Connection,
    now: datetime,
    tz: tzinfo | None,
    prefs: Preferences | None = None,
    include_hidden: bool = False,
    kit_rows: list[tuple] | None = None,
) -> list[Reminder]:
    """What needs attention now (due, overdue, lapsed), most pressing first.

    Snoozed reminders and those skipped for this period are left out unless
    ``include_hidden``.
    """
    due = reminders(conn, now, tz, prefs, kit_rows=kit_rows)
    if include_hidden:
        return due
    states = deliveries(conn)
    if not states:
        return due
    return [r for r in due if not rules.hidden(states.get(r.key), now)]


def next_change(
    conn: sqlite3.Connection, now: datetime, tz: tzinfo | None, prefs: Preferences | None = None
) -> datetime:
    """The next moment the queue can change by itself (naive UTC, after ``now``).

    The earliest of: a keep-in-touch coming due, a snooze or skip ending, the
    status reminder coming due, and the next local midnight (birthdays,
    follow-up dates, and "not again today" all turn over then).
    """
    prefs = read_preferences(conn) if prefs is None else prefs
    candidates = [rules.next_local_midnight(now, tz)]
    jd = conn.execute(_NEXT_KIT_SQL, (julian_day(now),)).fetchone()[0]
    if jd is not None:
        candidates.append(from_julian(jd))
    for d in deliveries(conn).values():
        for moment in (d.snoozed_until, d.done_until):
            if moment is not None and moment > now:
                candidates.append(moment)
    if prefs.status_every_days:
        last_done, started = _status_anchor(conn)
        anchor = last_done or started
        if anchor is not None:
            due = anchor + timedelta(days=prefs.status_every_days)
            if due > now:
                candidates.append(due)
    return max(min(candidates), now + timedelta(seconds=1))


# -- writes (peewee) ------------------------------------------------------------------


def _upsert(key: str, **values) -> None:
    from netcare_desktop.store.models import ReminderState

    ReminderState.insert(key=key, **values).on_conflict(
        conflict_target=[ReminderState.key], update=values
    ).execute()


def snooze(keys: Iterable[str], until: datetime) -> None:
    """Hide these reminders until ``until``; they are announced again then."""
    from netcare_desktop.store.models import db

    with db.atomic():
        for key in keys:
            _upsert(key, snoozed_until=until)


def skip(reminder: Reminder, now: datetime) -> None:
    """End this reminder for its current period (a follow-up: dismiss it)."""
    from netcare_desktop.store.models import Interaction, db

    with db.atomic():
        if reminder.kind is ReminderKind.FOLLOW_UP and reminder.interaction_id is not None:
            Interaction.update(follow_up_done=True).where(
                Interaction.id == reminder.interaction_id
            ).execute()
            return
        # This period: until the next one would begin, and never less than one cadence
        # from now (an overdue relationship skipped today is not back tomorrow).
        until = reminder.period_end or (now + timedelta(days=1))
        if reminder.cadence_days:
            until = max(until, now + timedelta(days=reminder.cadence_days))
        _upsert(reminder.key, done_until=max(until, now + timedelta(minutes=1)))


DONE_TOUCH = {
    ReminderKind.KEEP_IN_TOUCH: (Kind.CHECK_IN, "Checked in"),
    ReminderKind.BIRTHDAY: (Kind.BIRTHDAY, "Birthday wishes"),
    ReminderKind.FOLLOW_UP: (Kind.MESSAGE, "Followed up"),
}


def done(
    reminder: Reminder,
    now: datetime,
    kind: Kind | None = None,
    summary: str | None = None,
) -> int | None:
    """Handle a reminder: log the touch (which resets the clock), or mark the status updated.

    Returns the new interaction's id (None for the status reminder).
    """
    from netcare_desktop.store import interactions
    from netcare_desktop.store.models import Interaction, Setting, db

    with db.atomic():
        if reminder.kind is ReminderKind.STATUS:
            Setting.replace(key=STATUS_DONE_KEY, value=now.isoformat(sep=" ")).execute()
            _upsert(reminder.key, snoozed_until=None, done_until=None)
            return None
        default_kind, default_summary = DONE_TOUCH[reminder.kind]
        if reminder.kind is ReminderKind.FOLLOW_UP:
            default_summary = f"Followed up: {reminder.detail}"
            Interaction.update(follow_up_done=True).where(
                Interaction.id == reminder.interaction_id
            ).execute()
        assert reminder.contact_id is not None  # only status reminders (returned above) have none
        iid = interactions.log_interaction(
            reminder.contact_id,
            kind or default_kind,
            now,
            now,
            summary=default_summary if summary is None else summary,
        )
        _upsert(reminder.key, snoozed_until=None)
        return iid


def mark_notified(keys: Iterable[str], now: datetime) -> None:
    """Remember these were announced, so they are not repeated today; drop stale rows."""
    from netcare_desktop.store.models import ReminderState, db

    stale = now - timedelta(days=400)
    with db.atomic():
        for key in keys:
            _upsert(key, last_notified=now)
        ReminderState.delete().where(
            (ReminderState.last_notified < stale)
            & ((ReminderState.snoozed_until.is_null()) | (ReminderState.snoozed_until < stale))
            & ((ReminderState.done_until.is_null()) | (ReminderState.done_until < stale))
        ).execute()
