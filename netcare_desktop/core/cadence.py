"""Keep-in-touch rules: when a relationship is next due and how it is doing.

A contact's cadence is its own override, else its circle's, else none
(then there is no keep-in-touch reminder at all: choosing whom to sustain is
the user's act).  Next due = last touch + cadence; a contact never touched
counts from the day it entered its circle.

Every threshold lives in ``THRESHOLDS``; the store's SQL ordering and the
UI's colours both defer to this module.  ``now`` is always passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Health(StrEnum):
    NO_CADENCE = "no_cadence"
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    DUE = "due"
    OVERDUE = "overdue"
    LAPSED = "lapsed"


HEALTH_LABELS: dict[Health, str] = {
    Health.NO_CADENCE: "—",
    Health.ON_TRACK: "On track",
    Health.DUE_SOON: "Due soon",
    Health.DUE: "Due",
    Health.OVERDUE: "Overdue",
    Health.LAPSED: "Lapsed",
}

# Most pressing first: used to rank.
HEALTH_URGENCY: dict[Health, int] = {
    Health.LAPSED: 0,
    Health.OVERDUE: 1,
    Health.DUE: 2,
    Health.DUE_SOON: 3,
    Health.ON_TRACK: 4,
    Health.NO_CADENCE: 5,
}


@dataclass(frozen=True)
class Thresholds:
    """Where one state ends and the next begins, as fractions of the cadence."""

    due_soon_fraction: float = 0.2  # the last 20 % of the window is "due soon"
    due_grace_fraction: float = 0.1  # "due" for 10 % of the cadence past the date...
    due_grace_max: timedelta = timedelta(days=7)  # ...but never more than a week
    lapsed_multiple: float = 2.0  # past twice the cadence since the last touch
    # Reminders that are not keep-in-touch cadences:
    follow_up_grace_days: int = 1  # a follow-up is "due" on its day, "overdue" after
    birthday_grace_days: int = 7  # belated wishes still count for a week, then it drops
    birthday_notice_days: int = 7  # "due soon" in the week before


THRESHOLDS = Thresholds()

# A touch is something that happened. One dated further ahead than this (time zones and a
# clock a little off allowed for) is asked about: logged by mistake, it would keep the
# contact "on track" until that day.
FUTURE_TOUCH_SLACK = timedelta(days=2)


def effective_cadence(override_days: int | None, circle_days: int | None) -> int | None:
    """The contact's own cadence wins over its circle's; none means no reminder."""
    if override_days is not None and override_days > 0:
        return override_days
    if circle_days is not None and circle_days > 0:
        return circle_days
    return None


def next_due(
    last_touch: datetime | None, circle_since: datetime | None, cadence_days: int | None
) -> datetime | None:
    """Last touch + cadence; never touched counts from entering the circle."""
    if cadence_days is None:
        return None
    start = last_touch or circle_since
    if start is None:
        return None
    return start + timedelta(days=cadence_days)


def health(
    now: datetime,
    last_touch: datetime | None,
    circle_since: datetime | None,
    cadence_days: int | None,
    thresholds: Thresholds = THRESHOLDS,
) -> Health:
    """The relationship's state at ``now``."""
    due = next_due(last_touch, circle_since, cadence_days)
    if due is None or cadence_days is None:
        return Health.NO_CADENCE
    return state_at(now, due, timedelta(days=cadence_days), thresholds)


def state_at(
    now: datetime, due: datetime, cadence: timedelta, thresholds: Thresholds = THRESHOLDS
) -> Health:
    """The state at ``now`` of a touch due at ``due``, every ``cadence``."""
    if now < due - cadence * thresholds.due_soon_fraction:
        return Health.ON_TRACK
    if now < due:
        return Health.DUE_SOON
    if now >= due + cadence * (thresholds.lapsed_multiple - 1):
        return Health.LAPSED
    grace = min(cadence * thresholds.due_grace_fraction, thresholds.due_grace_max)
    if now < due + grace:
        return Health.DUE
    return Health.OVERDUE
