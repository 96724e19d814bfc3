"""The due queue on a real SQLite file: SQL narrowing + core rules, delivery state, settings."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from netcare_desktop.core.cadence import Health
from netcare_desktop.core.preferences import Preferences
from netcare_desktop.core.reminders import ReminderKind
from netcare_desktop.store import contacts, reminders
from netcare_desktop.store.models import Circle, Contact, Interaction, db

UTC = ZoneInfo("UTC")  # explicit, so the machine's zone cannot change the outcome


@pytest.fixture
def circles(store):
    return {c.name: c.id for c in Circle.select()}


def _person(name, now, circle_id=None, **extra) -> int:
    given, family = name.split()
    return contacts.create_contact(
        contacts.ContactInput(given_name=given, family_name=family, circle_id=circle_id, **extra),
        now,
    )


NO_STATUS = Preferences(status_every_days=0)


def _queue(now, **kw):
    """The queue; the personal status reminder is off unless a test turns it on."""
    kw.setdefault("prefs", NO_STATUS)
    return reminders.due_queue(db.connection(), now, kw.pop("tz", UTC), **kw)


def _names(queue):
    return [r.display_name for r in queue]


def test_a_contact_in_a_circle_comes_due_and_a_touch_resets_the_clock(store, circles, now):
    start = now - timedelta(days=40)
    cid = _person("Ada Lovelace", start, circles["Inner"])  # 30 days
    q = _queue(now)
    assert _names(q) == ["Ada Lovelace"]
    assert q[0].kind is ReminderKind.KEEP_IN_TOUCH and q[0].state is Health.OVERDUE
    assert q[0].days_overdue == 10
    contacts.log_interaction(cid, "check_in", now - timedelta(hours=1), now)
    assert _queue(now) == []
    assert _names(_queue(now + timedelta(days=31))) == ["Ada Lovelace"]


def test_no_circle_no_keep_in_touch_and_dormant_never_reminds(store, circles, now):
    start = now - timedelta(days=400)
    _person("Free Agent", start)
    _person("Dormant Friend", start, circles["Dormant"])
    assert _queue(now) == []


def test_the_contacts_own_cadence_wins_over_its_circle(store, circles, now):
    cid = _person("Alan Turing", now - timedelta(days=20), circles["Acquaintance"], cadence_days=14)
    assert _names(_queue(now)) == ["Alan Turing"]
    data = contacts.load_input(cid)
    data.cadence_days = None
    contacts.update_contact(cid, data, now - timedelta(days=20))
    assert _queue(now) == []


def test_changing_a_circles_cadence_or_moving_a_contact_moves_the_due_date(store, circles, now):
    cid = _person("Grace Hopper", now - timedelta(days=60), circles["Active"])  # 90 days
    assert _queue(now) == []
    reminders.set_circle_cadence(circles["Active"], 45)
    assert _names(_queue(now)) == ["Grace Hopper"]
    data = contacts.load_input(cid)
    data.circle_id = circles["Acquaintance"]
    contacts.update_contact(cid, data, now)  # joining a circle starts its clock now
    assert _queue(now) == []
    assert _names(_queue(now + timedelta(days=181))) == ["Grace Hopper"]


def test_archived_contacts_are_not_due(store, circles, now):
    cid = _person("Old Colleague", now - timedelta(days=100), circles["Inner"])
    Contact.update(archived=True).where(Contact.id == cid).execute()
    assert _queue(now) == []


def test_follow_ups_until_marked_done(store, now):
    cid = _person("Katherine Johnson", now)
    contacts.log_interaction(
        cid, "meeting", now - timedelta(days=5), now, summary="Talk", follow_up=date(2026, 11, 24)
    )
    q = _queue(now)
    assert [(r.kind, r.detail, r.state) for r in q] == [
        (ReminderKind.FOLLOW_UP, "Talk", Health.OVERDUE)
    ]
    iid = reminders.done(q[0], now)
    assert Interaction.get_by_id(q[0].interaction_id).follow_up_done
    assert Interaction.get_by_id(iid).summary == "Followed up: Talk"
    assert _queue(now) == []


def test_birthdays_with_and_without_a_year(store, now):
    _person("Year Less", now, birthday_month=now.month, birthday_day=now.day)
    _person("With Year", now, birthday_year=1990, birthday_month=11, birthday_day=20)
    _person("Next Month", now, birthday_month=12, birthday_day=30)
    q = _queue(now)
    assert [(r.display_name, r.state) for r in q if r.kind is ReminderKind.BIRTHDAY] == [
        ("With Year", Health.OVERDUE),
        ("Year Less", Health.DUE),
    ]
    soon = reminders.reminders(
        db.connection(), now + timedelta(days=30), UTC, NO_STATUS, include_soon=True
    )
    assert "Next Month" in _names(soon)


def test_status_reminder_counts_from_the_last_status_update(store, now):
    cid = _person("First Contact", now - timedelta(days=40))
    prefs = Preferences(status_every_days=30)
    q = _queue(now, prefs=prefs)
    assert [r.kind for r in q] == [ReminderKind.STATUS]
    contacts.log_interaction(cid, "status_update", now - timedelta(days=1), now)
    assert _queue(now, prefs=prefs) == []
    assert _queue(now + timedelta(days=40), prefs=Preferences(status_every_days=0)) == []


def test_status_done_is_remembered(store, now):
    _person("First Contact", now - timedelta(days=40))
    prefs = Preferences(status_every_days=30)
    (status,) = _queue(now, prefs=prefs)
    assert reminders.done(status, now) is None
    assert _queue(now + timedelta(days=29), prefs=prefs) == []
    assert [r.kind for r in _queue(now + timedelta(days=31), prefs=prefs)] == [ReminderKind.STATUS]


def test_snooze_hides_until_it_ends_and_skip_ends_this_period(store, circles, now):
    _person("Snoozy Person", now - timedelta(days=35), circles["Inner"])
    _person("Skip Person", now - timedelta(days=35), circles["Inner"])
    prefs = Preferences(status_every_days=0)
    by_name = {r.display_name: r for r in _queue(now, prefs=prefs)}
    reminders.snooze([by_name["Snoozy Person"].key], now + timedelta(days=1))
    reminders.skip(by_name["Skip Person"], now)
    assert _queue(now, prefs=prefs) == []
    assert len(_queue(now, prefs=prefs, include_hidden=True)) == 2
    assert _names(_queue(now + timedelta(days=1), prefs=prefs)) == ["Snoozy Person"]
    # Skipped for a cadence from now (the period had begun 5 days ago), then back, lapsed.
    assert _names(_queue(now + timedelta(days=29), prefs=prefs)) == ["Snoozy Person"]
    later = _queue(now + timedelta(days=31), prefs=prefs)
    assert {r.display_name: r.state for r in later} == {
        "Snoozy Person": Health.LAPSED,
        "Skip Person": Health.LAPSED,
    }


def test_done_logs_a_touch_that_resets_the_clock(store, circles, now):
    cid = _person("Linus Torvalds", now - timedelta(days=35), circles["Inner"])
    (r,) = _queue(now, prefs=Preferences(status_every_days=0))
    iid = reminders.done(r, now)
    it = Interaction.get_by_id(iid)
    assert (it.contact_id, it.kind, it.direction) == (cid, "check_in", "gave")
    assert _queue(now, prefs=Preferences(status_every_days=0)) == []


def test_notified_reminders_are_remembered(store, now):
    reminders.mark_notified(["kit:1", "status"], now)
    states = reminders.deliveries(db.connection())
    assert states["kit:1"].last_notified == now and states["status"].last_notified == now


def test_next_change_is_the_next_due_moment_or_midnight(store, circles, now):
    cid = _person("Soon Due", now - timedelta(days=29, hours=20), circles["Inner"])
    contact = Contact.get_by_id(cid)
    moment = reminders.next_change(db.connection(), now, UTC, Preferences(status_every_days=0))
    due = contact.circle_since + timedelta(days=30)
    assert due <= moment < due + timedelta(seconds=1)
    reminders.snooze(["kit:1"], now + timedelta(minutes=30))
    moment = reminders.next_change(db.connection(), now, UTC, Preferences(status_every_days=0))
    assert moment == now + timedelta(minutes=30)


def test_preferences_round_trip_and_bad_values_fall_back(store):
    prefs = Preferences(quiet_start="22:30", status_every_days=14, autostart=True)
    reminders.save_preferences(prefs)
    assert reminders.read_preferences(db.connection()) == prefs
    db.execute_sql("UPDATE setting SET value = '\"25:99\"' WHERE key = 'prefs.quiet_start'")
    db.execute_sql("UPDATE setting SET value = 'not json' WHERE key = 'prefs.quiet_end'")
    read = reminders.read_preferences(db.connection())
    assert read.quiet_start == "21:00" and read.quiet_end == "08:00"
    assert read.status_every_days == 14


@pytest.mark.parametrize("bad", ['"de"', '"Germany"', "49", '"DEU"', "null"])
def test_the_phone_region_preference_round_trips_and_a_bad_one_is_the_locale(store, bad):
    reminders.save_preferences(Preferences(phone_region="DE"))
    assert reminders.read_preferences(db.connection()).phone_region == "DE"
    db.execute_sql(f"UPDATE setting SET value = '{bad}' WHERE key = 'prefs.phone_region'")
    assert reminders.read_preferences(db.connection()).phone_region == ""
