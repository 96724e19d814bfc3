"""Reminders: what needs attention at a given moment, and when to say so.

Four kinds, all derived from the data (never stored as a to-do list):

* ``keep_in_touch``: a contact with a cadence whose next touch is due
  (see :mod:`cadence`; any logged interaction resets the clock);
* ``follow_up``: an interaction's follow-up date, until it is marked done;
* ``birthday``: on the day (year-less too; Feb 29 falls on Feb 28 in other
  years) and for a week after, unless a touch on or after the day settled it;
* ``status``: the person's own recurring "update your status or profile".

Everything takes ``now`` (naive UTC, as the store keeps time) and the user's
time zone ``tz`` (``None``: the system's) as arguments; nothing here reads a
clock.  Calendar things (birthdays, follow-up dates, quiet hours, "not again
today") are decided in local time; cadences are exact durations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from netcare_desktop.core.cadence import (
    HEALTH_URGENCY,
    THRESHOLDS,
    Health,
    Thresholds,
    health,
    next_due,
)


class ReminderKind(StrEnum):
    KEEP_IN_TOUCH = "keep_in_touch"
    FOLLOW_UP = "follow_up"
    BIRTHDAY = "birthday"
    STATUS = "status"


KIND_LABELS = {
    ReminderKind.KEEP_IN_TOUCH: "Keep in touch",
    ReminderKind.FOLLOW_UP: "Follow up",
    ReminderKind.BIRTHDAY: "Birthday",
    ReminderKind.STATUS: "Your status",
}

# Within one state: the time-bound ones first (a birthday will not wait).
_KIND_ORDER = {
    ReminderKind.BIRTHDAY: 0,
    ReminderKind.FOLLOW_UP: 1,
    ReminderKind.KEEP_IN_TOUCH: 2,
    ReminderKind.STATUS: 3,
}

# The states that mean "needs attention now" (what `netcare due` lists).
DUE_STATES = frozenset({Health.DUE, Health.OVERDUE, Health.LAPSED})

STATUS_NAME = "You: update your status or profile"


class Reminder(NamedTuple):
    """One reminder (a tuple: tens of thousands are built per queue)."""

    key: str  # stable identity of this occurrence; delivery state hangs off it
    kind: ReminderKind
    contact_id: int | None
    display_name: str
    due: datetime  # naive UTC: the moment it came (or comes) due
    due_date: date  # the same moment as a local calendar date
    state: Health
    days_overdue: int  # whole local days since due_date (0 on the day)
    detail: str = ""  # what it is about, for people
    interaction_id: int | None = None
    period_end: datetime | None = None  # "skip this period" hides it until then
    last_touch: datetime | None = None  # keep-in-touch: what the clock counts from
    cadence_days: int | None = None

    @property
    def is_due(self) -> bool:
        return self.state in DUE_STATES


def describe(
    r: Reminder,
    tz: tzinfo | None,
    show_date: Callable[[date], str] = date.isoformat,
    show_day: Callable[[date], str] | None = None,
) -> str:
    """What the reminder is about, in a few words. ``show_date`` writes a date (ISO by
    default; the window passes the locale's), ``show_day`` a day without its year (a
    birthday's; by default the detail's own words)."""
    if r.kind is ReminderKind.BIRTHDAY and show_day is not None:
        turns = r.detail[r.detail.index(" (turns") :] if " (turns" in r.detail else ""
        return f"birthday {show_day(r.due_date)}{turns}"
    if r.kind is not ReminderKind.KEEP_IN_TOUCH:
        return r.detail
    if r.last_touch is not None:
        last = show_date(local_date(r.last_touch, tz))
        return f"every {r.cadence_days} days; last touch {last}"
    return f"every {r.cadence_days} days; no touch since joining the circle"


def sort_key(r: Reminder) -> tuple:
    """Most pressing first: by state, then time-bound kinds, then the oldest due."""
    return (HEALTH_URGENCY[r.state], _KIND_ORDER[r.kind], r.due, r.key)


def ordered(reminders: Iterable[Reminder]) -> list[Reminder]:
    return sorted(reminders, key=sort_key)


# -- time helpers ---------------------------------------------------------------


def local(now: datetime, tz: tzinfo | None) -> datetime:
    """A naive UTC moment as an aware local one (``tz=None``: the system's zone)."""
    return now.replace(tzinfo=UTC).astimezone(tz)


@lru_cache(maxsize=8192)
def _utc_day_offset(tz: tzinfo | None, day: date) -> timedelta | None:
    """The zone's UTC offset through one whole UTC day; None when it changes that day."""
    start = datetime.combine(day, time(), tzinfo=UTC)
    first = start.astimezone(tz).utcoffset()
    last = (start + timedelta(days=1) - timedelta(microseconds=1)).astimezone(tz).utcoffset()
    return first if first == last else None


def local_date(now: datetime, tz: tzinfo | None) -> date:
    """The local calendar date of a naive UTC moment.

    The zone's offset is looked up once per UTC day (the queue converts
    thousands of moments); a day with a DST change takes the exact path.
    """
    offset = _utc_day_offset(tz, now.date())
    if offset is None:
        return local(now, tz).date()
    return (now + offset).date()


@lru_cache(maxsize=8192)
def local_midnight(day: date, tz: tzinfo | None) -> datetime:
    """The start of a local calendar day, as naive UTC."""
    start = datetime.combine(day, time())
    aware = start.replace(tzinfo=tz) if tz is not None else start.astimezone()
    return aware.astimezone(UTC).replace(tzinfo=None)


def next_local_midnight(now: datetime, tz: tzinfo | None) -> datetime:
    return local_midnight(local_date(now, tz) + timedelta(days=1), tz)


def _days_between(earlier: date, later: date) -> int:
    return max(0, (later - earlier).days)


# -- the four kinds ----------------------------------------------------------------


def keep_in_touch(
    contact_id: int,
    name: str,
    last_touch: datetime | None,
    circle_since: datetime | None,
    cadence_days: int | None,
    now: datetime,
    tz: tzinfo | None,
    thresholds: Thresholds = THRESHOLDS,
) -> Reminder | None:
    """The contact's keep-in-touch reminder, when it is due soon or later; else None."""
    start = last_touch or circle_since
    if not cadence_days or start is None:
        return None
    found = keep_in_touch_many(
        [(contact_id, name, start, last_touch is not None, cadence_days)], now, tz, thresholds
    )
    return found[0] if found else None


def keep_in_touch_many(
    rows: Iterable[tuple[int, str, datetime, bool, int]],
    now: datetime,
    tz: tzinfo | None,
    thresholds: Thresholds = THRESHOLDS,
) -> list[Reminder]:
    """Keep-in-touch reminders for many contacts at once (the due queue's hot loop).

    Each row is ``(contact_id, name, start, touched, cadence_days)``: ``start``
    is the last touch (``touched``) or the day the contact entered its
    circle, a datetime or its ISO text as SQLite stores it.  The states are
    :func:`cadence.state_at`'s, with the per-cadence arithmetic done once per
    cadence, and the zone's offset looked up once per day.
    """
    today = local(now, tz).date()
    spans: dict[int, tuple] = {}
    offsets: dict[date, timedelta | None] = {}
    out: list[Reminder] = []
    append = out.append
    parse = datetime.fromisoformat
    kit = ReminderKind.KEEP_IN_TOUCH
    due_soon, due_, overdue, lapsed = Health.DUE_SOON, Health.DUE, Health.OVERDUE, Health.LAPSED
    for cid, name, start, touched, days in rows:
        if start.__class__ is str:
            start = parse(start)
        span = spans.get(days)
        if span is None:
            cadence = timedelta(days=days)
            grace = min(cadence * thresholds.due_grace_fraction, thresholds.due_grace_max)
            span = spans[days] = (
                cadence,
                cadence * thresholds.due_soon_fraction,
                grace,
                cadence * (thresholds.lapsed_multiple - 1),
            )
        cadence, soon, grace, lapse = span
        due = start + cadence
        if now < due:
            if now < due - soon:
                continue
            state = due_soon
        elif now >= due + lapse:
            state = lapsed
        elif now < due + grace:
            state = due_
        else:
            state = overdue
        day = due.date()
        offset = offsets.get(day, False)
        if offset is False:
            offset = offsets[day] = _utc_day_offset(tz, day)
        due_day = (due + offset).date() if offset is not None else local_date(due, tz)
        late = (today - due_day).days if now >= due else 0
        append(
            Reminder(
                f"kit:{cid}",
                kit,
                cid,
                name,
                due,
                due_day,
                state,
                late if late > 0 else 0,
                "",
                None,
                due + cadence,
                start if touched else None,
                days,
            )
        )
    return out


def follow_up(
    interaction_id: int,
    contact_id: int,
    name: str,
    on: date,
    summary: str,
    now: datetime,
    tz: tzinfo | None,
    thresholds: Thresholds = THRESHOLDS,
) -> Reminder | None:
    """A follow-up date that has arrived (the caller leaves out the ones marked done)."""
    today = local_date(now, tz)
    if today < on:
        return None
    late = (today - on).days
    return Reminder(
        key=f"follow_up:{interaction_id}",
        kind=ReminderKind.FOLLOW_UP,
        contact_id=contact_id,
        display_name=name,
        due=local_midnight(on, tz),
        due_date=on,
        state=Health.DUE if late < thresholds.follow_up_grace_days else Health.OVERDUE,
        days_overdue=late,
        detail=summary or "follow up",
        interaction_id=interaction_id,
    )


def birthday_on(month: int, day: int, year: int) -> date:
    """This year's birthday; Feb 29 is celebrated on Feb 28 in other years."""
    try:
        return date(year, month, day)
    except ValueError:
        if month == 2 and day == 29:
            return date(year, 2, 28)
        raise


def birthday(
    contact_id: int,
    name: str,
    month: int,
    day: int,
    birth_year: int | None,
    last_touch: datetime | None,
    now: datetime,
    tz: tzinfo | None,
    thresholds: Thresholds = THRESHOLDS,
    today: date | None = None,
) -> Reminder | None:
    """A birthday that is today, in the week before (due soon) or in the grace week after.

    A touch logged on or after the day settles it: the wishes were sent.
    ``today`` (the local date of ``now``) may be passed in when many are checked.
    """
    if today is None:
        today = local_date(now, tz)
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            occurs = birthday_on(month, day, year)
        except ValueError:
            return None  # not a real date: nothing to remind
        start = occurs - timedelta(days=thresholds.birthday_notice_days)
        end = occurs + timedelta(days=thresholds.birthday_grace_days)
        if not start <= today <= end:
            continue
        if last_touch is not None and local_date(last_touch, tz) >= occurs:
            return None
        late = (today - occurs).days
        if late < 0:
            state = Health.DUE_SOON
        elif late == 0:
            state = Health.DUE
        else:
            state = Health.OVERDUE
        age = f" (turns {occurs.year - birth_year})" if birth_year else ""
        return Reminder(
            key=f"birthday:{contact_id}:{occurs.year}",
            kind=ReminderKind.BIRTHDAY,
            contact_id=contact_id,
            display_name=name,
            due=local_midnight(occurs, tz),
            due_date=occurs,
            state=state,
            days_overdue=max(0, late),
            detail=f"birthday {occurs.strftime('%d %b')}{age}",
            period_end=local_midnight(end + timedelta(days=1), tz),
        )
    return None


def status(
    every_days: int | None,
    last_done: datetime | None,
    started: datetime | None,
    now: datetime,
    tz: tzinfo | None,
    thresholds: Thresholds = THRESHOLDS,
) -> Reminder | None:
    """The person's own "update your status or profile" reminder, every ``every_days``.

    Counted from the last time it was done (a ``status_update`` logged, or the
    reminder marked done), else from when the person started using NetCare.
    """
    if not every_days or every_days <= 0:
        return None
    state = health(now, last_done, started, every_days, thresholds)
    if state in (Health.ON_TRACK, Health.NO_CADENCE):
        return None
    due = next_due(last_done, started, every_days)
    assert due is not None  # health() returned a state, so there is an anchor
    due_day = local_date(due, tz)
    return Reminder(
        key="status",
        kind=ReminderKind.STATUS,
        contact_id=None,
        display_name=STATUS_NAME,
        due=due,
        due_date=due_day,
        state=state,
        days_overdue=_days_between(due_day, local_date(now, tz)) if now >= due else 0,
        detail=f"share what you are working on (every {every_days} days)",
        period_end=due + timedelta(days=every_days),
        cadence_days=every_days,
    )


# -- delivery: snoozes, skips, notifications, quiet hours ----------------------------


@dataclass(frozen=True, slots=True)
class Delivery:
    """What has happened to one reminder: ``ReminderState`` as plain data."""

    snoozed_until: datetime | None = None
    last_notified: datetime | None = None
    done_until: datetime | None = None


def hidden(d: Delivery | None, now: datetime) -> bool:
    """Snoozed, or skipped for this period."""
    if d is None:
        return False
    return bool(
        (d.snoozed_until is not None and now < d.snoozed_until)
        or (d.done_until is not None and now < d.done_until)
    )


def should_notify(d: Delivery | None, now: datetime, tz: tzinfo | None) -> bool:
    """A due reminder is announced once: again only after its snooze ends, or the next day."""
    if d is None or d.last_notified is None:
        return not hidden(d, now)
    if hidden(d, now):
        return False
    if d.snoozed_until is not None and d.last_notified < d.snoozed_until <= now:
        return True
    return local_date(d.last_notified, tz) < local_date(now, tz)


@dataclass(frozen=True)
class QuietHours:
    """No notifications between ``start`` and ``end`` local time (may span midnight)."""

    start: time = time(21, 0)
    end: time = time(8, 0)
    enabled: bool = True

    def active(self, now: datetime, tz: tzinfo | None) -> bool:
        if not self.enabled or self.start == self.end:
            return False
        t = local(now, tz).time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def ends(self, now: datetime, tz: tzinfo | None) -> datetime:
        """The next moment (naive UTC) quiet hours are over; ``now`` if they are not on."""
        if not self.active(now, tz):
            return now
        here = local(now, tz)
        day = here.date()
        if self.start > self.end and here.time().replace(tzinfo=None) >= self.start:
            day += timedelta(days=1)  # evening: they end tomorrow morning
        end = datetime.combine(day, self.end)
        aware = end.replace(tzinfo=tz) if tz is not None else end.astimezone()
        return aware.astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Notification:
    title: str
    body: str
    contact_id: int | None  # clicking opens this contact; None: the Due view
    keys: tuple[str, ...]  # the reminders it announces


def _title(r: Reminder) -> str:
    """A notification title never holds user text (some hosts read titles as markup)."""
    if r.kind is ReminderKind.BIRTHDAY:
        return "A birthday today" if r.days_overdue == 0 else "A belated birthday"
    if r.kind is ReminderKind.FOLLOW_UP:
        return "Time to follow up"
    if r.kind is ReminderKind.STATUS:
        return "Time to update your own status or profile"
    if r.state is Health.LAPSED:
        return "A connection is lapsing"
    return "Time to get in touch"


def _names(reminders: Sequence[Reminder], shown: int = 3) -> str:
    names: list[str] = []
    for r in reminders:
        name = "your status" if r.kind is ReminderKind.STATUS else r.display_name
        if name not in names:
            names.append(name)
    if len(names) <= shown:
        return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return ", ".join(names[:shown]) + f" and {len(names) - shown} more"


def plan_notification(
    fresh: Sequence[Reminder], digest: bool, tz: tzinfo | None = None
) -> Notification | None:
    """One notification for everything newly due: never a flood.

    ``digest`` is the first announcement after start: what came due while
    NetCare was closed arrives as one summary even when it is a single item.
    """
    if not fresh:
        return None
    fresh = ordered(fresh)
    keys = tuple(r.key for r in fresh)
    if len(fresh) == 1 and not digest:
        r = fresh[0]
        about = describe(r, tz)
        body = about if r.kind is ReminderKind.STATUS else f"{r.display_name} · {about}"
        return Notification(_title(r), body, r.contact_id, keys)
    count = len(fresh)
    noun = "reminder" if count == 1 else "reminders"
    if digest:
        title = f"While NetCare was closed: {count} {noun} came due"
    else:
        title = f"{count} {noun} need your attention"
    return Notification(title, _names(fresh), None, keys)
