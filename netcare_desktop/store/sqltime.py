"""Moments as SQLite stores them: ISO text, and julian day numbers (``kit_due``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

UNIX_EPOCH_JD = 2440587.5


def as_datetime(value) -> datetime | None:
    """A stored moment (ISO text or already a datetime) as a datetime; None stays None."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def as_date(value) -> date | None:
    """A stored date (or the date part of a moment) as a date; None stays None."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def from_julian(jd: float) -> datetime:
    """Back from a julian day, rounded up to the second (a timer must not fire early)."""
    moment = datetime(1970, 1, 1) + timedelta(days=jd - UNIX_EPOCH_JD)
    if moment.microsecond:
        moment = moment.replace(microsecond=0) + timedelta(seconds=1)
    return moment


def julian_day(moment: datetime) -> float:
    """A naive UTC moment as SQLite's julian day number (what ``kit_due`` holds)."""
    return (moment - datetime(1970, 1, 1)).total_seconds() / 86400 + UNIX_EPOCH_JD
