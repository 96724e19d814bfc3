from datetime import datetime, timedelta

import pytest

from netcare_desktop.core.cadence import THRESHOLDS, Health, effective_cadence, health, next_due

T0 = datetime(2026, 1, 1, 9, 0)


def test_contact_override_wins_over_circle():
    assert effective_cadence(14, 90) == 14
    assert effective_cadence(None, 90) == 90
    assert effective_cadence(None, None) is None
    assert effective_cadence(0, None) is None


def test_next_due_counts_from_last_touch_else_circle_entry():
    assert next_due(T0, T0 - timedelta(days=400), 30) == T0 + timedelta(days=30)
    assert next_due(None, T0, 30) == T0 + timedelta(days=30)
    assert next_due(T0, T0, None) is None


@pytest.mark.parametrize(
    ("days_after_touch", "expected"),
    [
        (0, Health.ON_TRACK),
        (23.9, Health.ON_TRACK),  # the last 20 % of a 30-day window starts at day 24
        (24, Health.DUE_SOON),
        (29.9, Health.DUE_SOON),
        (30, Health.DUE),
        (32.9, Health.DUE),  # grace: 10 % of 30 days = 3 days
        (33, Health.OVERDUE),
        (59.9, Health.OVERDUE),
        (60, Health.LAPSED),  # twice the cadence
        (400, Health.LAPSED),
    ],
)
def test_states_follow_the_thresholds(days_after_touch, expected):
    now = T0 + timedelta(days=days_after_touch)
    assert health(now, T0, None, 30) is expected


def test_due_grace_is_capped_at_a_week():
    assert THRESHOLDS.due_grace_max == timedelta(days=7)
    # 180-day cadence: 10 % would be 18 days, the cap keeps it to 7.
    assert health(T0 + timedelta(days=186.9), T0, None, 180) is Health.DUE
    assert health(T0 + timedelta(days=187), T0, None, 180) is Health.OVERDUE


def test_no_cadence_means_no_state():
    assert health(T0, T0, T0, None) is Health.NO_CADENCE
    assert health(T0, None, None, 30) is Health.NO_CADENCE
