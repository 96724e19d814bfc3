"""The reminder rules with a fixed clock: every kind, boundaries, leap days, time zones."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcare_desktop.core import reminders as r
from netcare_desktop.core.cadence import Health, health
from netcare_desktop.core.reminders import Delivery, QuietHours, ReminderKind

UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
LA = ZoneInfo("America/Los_Angeles")
T0 = datetime(2026, 3, 1, 12, 0)  # naive UTC


# -- keep in touch ----------------------------------------------------------------


def test_keep_in_touch_due_from_last_touch_plus_cadence():
    rem = r.keep_in_touch(7, "Ada", T0, None, 30, T0 + timedelta(days=30), UTC)
    assert rem.key == "kit:7" and rem.kind is ReminderKind.KEEP_IN_TOUCH
    assert rem.due == T0 + timedelta(days=30)
    assert rem.state is Health.DUE and rem.days_overdue == 0
    assert rem.period_end == T0 + timedelta(days=60)


def test_on_track_gives_no_reminder_and_due_soon_is_not_due():
    assert r.keep_in_touch(7, "Ada", T0, None, 30, T0 + timedelta(days=23), UTC) is None
    soon = r.keep_in_touch(7, "Ada", T0, None, 30, T0 + timedelta(days=25), UTC)
    assert soon.state is Health.DUE_SOON and not soon.is_due


def test_never_touched_counts_from_joining_the_circle():
    rem = r.keep_in_touch(7, "Ada", None, T0, 90, T0 + timedelta(days=100), UTC)
    assert rem.due == T0 + timedelta(days=90) and rem.days_overdue == 10
    assert "no touch since joining" in r.describe(rem, UTC)


def test_no_cadence_or_no_anchor_means_no_reminder():
    assert r.keep_in_touch(7, "Ada", T0, None, None, T0 + timedelta(days=999), UTC) is None
    assert r.keep_in_touch(7, "Ada", None, None, 30, T0 + timedelta(days=999), UTC) is None


def test_a_cadence_change_moves_the_due_date():
    now = T0 + timedelta(days=40)
    assert r.keep_in_touch(7, "Ada", T0, None, 30, now, UTC).state is Health.OVERDUE
    assert r.keep_in_touch(7, "Ada", T0, None, 90, now, UTC) is None


@given(
    days=st.integers(min_value=1, max_value=400),
    offset=st.floats(min_value=-500, max_value=1000, allow_nan=False),
)
def test_the_batch_path_agrees_with_the_cadence_rules(days, offset):
    now = T0 + timedelta(days=offset)
    expected = health(now, T0, None, days)
    found = r.keep_in_touch_many([(1, "A", T0, True, days)], now, UTC)
    if expected is Health.ON_TRACK:
        assert found == []
    else:
        assert found[0].state is expected


def test_days_overdue_counts_local_calendar_days():
    # Due at 23:30 UTC on 1 March = 00:30 on 2 March in Berlin.
    touch = datetime(2026, 1, 30, 23, 30)
    now = datetime(2026, 3, 3, 12, 0)
    rem_utc = r.keep_in_touch(1, "A", touch, None, 30, now, UTC)
    rem_berlin = r.keep_in_touch(1, "A", touch, None, 30, now, BERLIN)
    assert rem_utc.due_date == date(2026, 3, 1) and rem_utc.days_overdue == 2
    assert rem_berlin.due_date == date(2026, 3, 2) and rem_berlin.days_overdue == 1


# -- follow-ups ---------------------------------------------------------------------


def test_follow_up_due_on_its_day_then_overdue():
    on = date(2026, 3, 10)
    assert r.follow_up(5, 1, "Ada", on, "send slides", datetime(2026, 3, 9, 22), UTC) is None
    due = r.follow_up(5, 1, "Ada", on, "send slides", datetime(2026, 3, 10, 0, 1), UTC)
    assert due.state is Health.DUE and due.key == "follow_up:5" and due.interaction_id == 5
    late = r.follow_up(5, 1, "Ada", on, "send slides", datetime(2026, 3, 12, 9), UTC)
    assert late.state is Health.OVERDUE and late.days_overdue == 2


def test_follow_up_day_is_the_local_day():
    on = date(2026, 3, 10)
    at = datetime(2026, 3, 9, 16, 0)  # 01:00 on the 10th in Tokyo, 08:00 on the 9th in LA
    assert r.follow_up(5, 1, "Ada", on, "", at, TOKYO) is not None
    assert r.follow_up(5, 1, "Ada", on, "", at, LA) is None


# -- birthdays --------------------------------------------------------------------------


def test_birthday_due_on_the_day_soon_before_and_overdue_for_a_week():
    def at(d):
        return r.birthday(1, "Ada", 12, 10, 1815, None, datetime.combine(d, time(12)), UTC)

    assert at(date(2026, 12, 2)) is None
    assert at(date(2026, 12, 3)).state is Health.DUE_SOON
    today = at(date(2026, 12, 10))
    assert today.state is Health.DUE and today.key == "birthday:1:2026"
    assert "turns 211" in today.detail
    assert at(date(2026, 12, 17)).state is Health.OVERDUE
    assert at(date(2026, 12, 18)) is None


def test_year_less_birthday_and_the_new_year():
    late = r.birthday(1, "Ada", 12, 30, None, None, datetime(2027, 1, 2, 12), UTC)
    assert late.due_date == date(2026, 12, 30) and late.days_overdue == 3
    assert "turns" not in late.detail


def test_feb_29_birthdays_fall_on_feb_28_in_other_years():
    rem = r.birthday(1, "Leap", 2, 29, 2000, None, datetime(2027, 2, 28, 9), UTC)
    assert rem.state is Health.DUE and rem.due_date == date(2027, 2, 28)
    leap = r.birthday(1, "Leap", 2, 29, 2000, None, datetime(2028, 2, 29, 9), UTC)
    assert leap.state is Health.DUE and leap.due_date == date(2028, 2, 29)
    assert r.birthday(1, "Leap", 2, 29, 2000, None, datetime(2028, 2, 28, 9), UTC).state is (
        Health.DUE_SOON
    )


def test_a_touch_on_or_after_the_day_settles_the_birthday():
    now = datetime(2026, 12, 12, 12)
    before = datetime(2026, 12, 1, 12)
    on_the_day = datetime(2026, 12, 10, 18)
    assert r.birthday(1, "Ada", 12, 10, None, before, now, UTC) is not None
    assert r.birthday(1, "Ada", 12, 10, None, on_the_day, now, UTC) is None


def test_birthday_is_the_local_day():
    at = datetime(2026, 12, 9, 16, 0)  # already the 10th in Tokyo, still the 9th in LA
    assert r.birthday(1, "Ada", 12, 10, None, None, at, TOKYO).state is Health.DUE
    assert r.birthday(1, "Ada", 12, 10, None, None, at, LA).state is Health.DUE_SOON


# -- status -----------------------------------------------------------------------------


def test_status_reminder_every_n_days_from_the_last_update():
    assert r.status(30, T0, None, T0 + timedelta(days=29), UTC) is None or (
        r.status(30, T0, None, T0 + timedelta(days=29), UTC).state is Health.DUE_SOON
    )
    rem = r.status(30, T0, None, T0 + timedelta(days=31), UTC)
    assert rem.kind is ReminderKind.STATUS and rem.contact_id is None and rem.is_due
    assert r.status(0, T0, None, T0 + timedelta(days=300), UTC) is None  # turned off
    started = r.status(30, None, T0, T0 + timedelta(days=30), UTC)
    assert started.due == T0 + timedelta(days=30)
    assert r.status(30, None, None, T0, UTC) is None  # nobody yet: nothing to update


# -- ordering ------------------------------------------------------------------------


def test_most_pressing_first():
    now = T0 + timedelta(days=100)
    lapsed = r.keep_in_touch(1, "Lapsed", T0, None, 30, now, UTC)
    overdue = r.keep_in_touch(2, "Overdue", T0 + timedelta(days=60), None, 30, now, UTC)
    due = r.keep_in_touch(3, "Due", T0 + timedelta(days=70), None, 30, now, UTC)
    bday = r.birthday(4, "Bday", *_md(now), None, None, now, UTC)
    assert (lapsed.state, overdue.state, due.state, bday.state) == (
        Health.LAPSED,
        Health.OVERDUE,
        Health.DUE,
        Health.DUE,
    )
    assert [x.display_name for x in r.ordered([due, bday, overdue, lapsed])] == [
        "Lapsed",
        "Overdue",
        "Bday",
        "Due",
    ]


def _md(now):
    return now.month, now.day


# -- delivery -------------------------------------------------------------------------


def test_snooze_and_skip_hide_until_they_end():
    now = T0
    assert not r.hidden(None, now)
    assert r.hidden(Delivery(snoozed_until=now + timedelta(hours=1)), now)
    assert not r.hidden(Delivery(snoozed_until=now), now)
    assert r.hidden(Delivery(done_until=now + timedelta(days=3)), now)


def test_a_reminder_is_announced_once_a_day_or_when_its_snooze_ends():
    tz = BERLIN
    morning = datetime(2026, 3, 2, 8, 0)
    assert r.should_notify(None, morning, tz)
    told = Delivery(last_notified=morning)
    assert not r.should_notify(told, morning + timedelta(hours=6), tz)
    assert r.should_notify(told, datetime(2026, 3, 3, 7, 0), tz)  # the next local day
    snoozed = Delivery(last_notified=morning, snoozed_until=morning + timedelta(hours=1))
    assert not r.should_notify(snoozed, morning + timedelta(minutes=30), tz)
    assert r.should_notify(snoozed, morning + timedelta(hours=1), tz)
    again = Delivery(
        last_notified=morning + timedelta(hours=1, minutes=1),
        snoozed_until=morning + timedelta(hours=1),
    )
    assert not r.should_notify(again, morning + timedelta(hours=2), tz)


@pytest.mark.parametrize(
    ("local_time", "quiet"),
    [
        (time(20, 59), False),
        (time(21, 0), True),
        (time(23, 59), True),
        (time(0, 0), True),
        (time(7, 59), True),
        (time(8, 0), False),
        (time(12, 0), False),
    ],
)
def test_quiet_hours_span_midnight(local_time, quiet):
    qh = QuietHours(time(21), time(8))
    now = datetime.combine(date(2026, 6, 1), local_time)  # tz=UTC: local == UTC
    assert qh.active(now, UTC) is quiet


def test_quiet_hours_end_in_the_morning_local_time():
    qh = QuietHours(time(21), time(8))
    evening = datetime(2026, 6, 1, 20, 30)  # 22:30 in Berlin (summer, UTC+2)
    assert qh.active(evening, BERLIN)
    assert qh.ends(evening, BERLIN) == datetime(2026, 6, 2, 6, 0)  # 08:00 Berlin
    night = datetime(2026, 6, 2, 1, 0)  # 03:00 Berlin
    assert qh.ends(night, BERLIN) == datetime(2026, 6, 2, 6, 0)
    assert not QuietHours(enabled=False).active(evening, BERLIN)
    day = QuietHours(time(12), time(13))
    assert day.active(datetime(2026, 6, 1, 12, 30), UTC)
    assert day.ends(datetime(2026, 6, 1, 12, 30), UTC) == datetime(2026, 6, 1, 13, 0)


# -- notifications ----------------------------------------------------------------------


def _kit(cid, name, days_late=5):
    return r.keep_in_touch(cid, name, T0, None, 30, T0 + timedelta(days=30 + days_late), UTC)


def test_one_reminder_one_notification_that_opens_the_contact():
    n = r.plan_notification([_kit(3, "Grace Hopper")], digest=False)
    assert n.title == "Time to get in touch"  # titles hold no user text
    assert n.body == "Grace Hopper · every 30 days; last touch 2026-03-01"
    assert n.contact_id == 3 and n.keys == ("kit:3",)


def test_several_at_once_make_one_summary_that_opens_the_due_view():
    fresh = [_kit(i, f"Person {i}", days_late=i) for i in range(1, 7)]
    n = r.plan_notification(fresh, digest=False)
    assert n.title == "6 reminders need your attention"
    assert n.contact_id is None and len(n.keys) == 6
    assert n.body.endswith("and 3 more")


def test_the_start_digest_is_one_summary_even_for_one():
    n = r.plan_notification([_kit(3, "Grace Hopper")], digest=True)
    assert n.title.startswith("While NetCare was closed: 1 reminder")
    assert n.contact_id is None
    assert r.plan_notification([], digest=True) is None
