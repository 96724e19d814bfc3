"""What every part of the command line shares: the user error, the clock, dates.

``UserError`` is something the user can fix (one line on stderr, exit code 1); the
clock is read in one place; ``--at`` and the JSON dates are parsed and written here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


class UserError(Exception):
    """Something the user can fix; printed as one line, exit code 1."""


def current_time() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def iso_text(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


# The years --at may name: reminders add cadences and birthdays to it, and Python's
# dates end at 9999; nobody's network needs more than this.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_when(text: str, option: str = "--at") -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise UserError(
            f"{option} {text!r} is not an ISO date or time (e.g. 2026-11-25T14:30)"
        ) from exc
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise UserError(f"{option} {text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    if value.tzinfo is None:
        value = value.astimezone()  # local time
    return value.astimezone(UTC).replace(tzinfo=None)


def load_prefs():
    from netcare_desktop.store import reminders
    from netcare_desktop.store.models import db

    return reminders.read_preferences(db.connection())
