"""Correcting and deleting a touch, and undoing the queue's actions, on a real SQLite file."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from netcare_desktop.core.preferences import Preferences
from netcare_desktop.core.reminders import ReminderKind
from netcare_desktop.store import contacts, interactions, reminders, today, undo_rows
from netcare_desktop.store.errors import NotFound
from netcare_desktop.store.interactions import FutureTouch, InvalidInteraction
from netcare_desktop.store.models import Circle, Contact, Interaction, ReminderState, Setting, db

UTC = ZoneInfo("UTC")


def _person(name, now, circle="Inner", **extra) -> int:
    given, family = name.split()
    cid = Circle.get(Circle.name == circle).id if circle else None
    return contacts.create_contact(
        contacts.ContactInput(given_name=given, family_name=family, circle_id=cid, **extra), now
    )


def _last_touch(cid):
    return Contact.get_by_id(cid).last_touch_at


def _rows():
    """Everything the undo must give back, as plain tuples."""
    return (
        sorted(Interaction.select().tuples()),
        sorted(ReminderState.select().tuples()),
        sorted(Setting.select().tuples()),
        sorted(Contact.select(Contact.id, Contact.last_touch_at).tuples()),
    )


def test_edit_changes_only_what_is_given_and_moves_the_last_touch(store, now):
    cid = _person("Ada Lovelace", now)
    old = interactions.log_interaction(cid, "call", now - timedelta(days=3), now, summary="Hi")
    iid = interactions.log_interaction(cid, "note", now - timedelta(days=1), now, notes="n")
    before = interactions.edit_interaction(
        iid, now, kind="coffee", occurred_at=now - timedelta(days=10), summary="  Coffee  "
    )
    it = Interaction.get_by_id(iid)
    assert (it.kind, it.summary, it.notes, it.direction) == ("coffee", "Coffee", "n", "mutual")
    assert it.occurred_at == now - timedelta(days=10)
    assert _last_touch(cid) == Interaction.get_by_id(old).occurred_at  # the newest now
    assert before.kind == "note" and before.occurred_at == now - timedelta(days=1)
    interactions.restore_interaction(before)
    assert Interaction.get_by_id(iid).kind == "note"
    assert _last_touch(cid) == now - timedelta(days=1)


def test_edit_is_checked_like_a_log(store, now):
    cid = _person("Ada Lovelace", now)
    iid = interactions.log_interaction(cid, "call", now, now)
    with pytest.raises(InvalidInteraction, match="unknown interaction kind 'lunch'"):
        interactions.edit_interaction(iid, now, kind="lunch")
    with pytest.raises(InvalidInteraction, match="unknown direction 'sideways'"):
        interactions.edit_interaction(iid, now, direction="sideways")
    with pytest.raises(InvalidInteraction, match="outside the years 1900 to 2999"):
        interactions.edit_interaction(iid, now, occurred_at=now.replace(year=1026))
    with pytest.raises(InvalidInteraction, match="follow-up date 3026-01-01"):
        interactions.edit_interaction(iid, now, follow_up=date(3026, 1, 1))
    with pytest.raises(FutureTouch, match="in the future"):
        interactions.edit_interaction(iid, now, occurred_at=now + timedelta(days=5))
    with pytest.raises(NotFound):
        interactions.edit_interaction(iid + 99, now, summary="x")
    assert Interaction.get_by_id(iid).kind == "call"  # nothing changed
    interactions.edit_interaction(iid, now, occurred_at=now + timedelta(days=5), allow_future=True)
    with pytest.raises(InvalidInteraction):
        interactions.log_interaction(cid, "call", now, now, direction="sideways")


def test_a_new_follow_up_date_is_open_again_and_none_removes_it(store, now):
    cid = _person("Ada Lovelace", now)
    iid = interactions.log_interaction(cid, "call", now, now, follow_up=date(2026, 12, 1))
    Interaction.update(follow_up_done=True).where(Interaction.id == iid).execute()
    interactions.edit_interaction(iid, now, follow_up=date(2026, 12, 8))
    it = Interaction.get_by_id(iid)
    assert it.follow_up == date(2026, 12, 8) and not it.follow_up_done
    interactions.edit_interaction(iid, now, follow_up=None)
    assert Interaction.get_by_id(iid).follow_up is None


def test_delete_then_restore_gives_back_the_same_row(store, now):
    cid = _person("Ada Lovelace", now)
    iid = interactions.log_interaction(
        cid,
        "coffee",
        now - timedelta(days=2),
        now,
        summary="s",
        notes="n\nline two",
        follow_up=date(2026, 12, 3),
    )
    rows = _rows()
    snap = interactions.delete_interaction(iid)
    assert Interaction.get_or_none(Interaction.id == iid) is None
    assert _last_touch(cid) is None
    assert interactions.restore_interaction(snap) == cid
    assert _rows() == rows


def test_undo_of_a_log_removes_the_touch_and_resets_the_clock(store, now):
    cid = _person("Ada Lovelace", now - timedelta(days=40))
    interactions.log_interaction(cid, "call", now - timedelta(days=35), now)
    rows = _rows()
    iid, before = undo_rows.run(lambda: interactions.log_interaction(cid, "note", now, now))
    assert _last_touch(cid) == now
    undo_rows.restore(before)
    assert Interaction.get_or_none(Interaction.id == iid) is None
    assert _rows() == rows


def _due(now):
    return reminders.due_queue(db.connection(), now, UTC, Preferences(status_every_days=0))


def test_undo_of_due_done_and_skip_restores_the_delivery_rows(store, now):
    cid = _person("Ada Lovelace", now - timedelta(days=40))
    [r] = _due(now)
    reminders.snooze([r.key], now - timedelta(days=1))  # an old snooze row, still there
    rows = _rows()
    iid, before = undo_rows.reminder_done(r, now)
    assert iid is not None and _due(now) == []
    undo_rows.restore(before)
    assert _rows() == rows and [x.contact_id for x in _due(now)] == [cid]

    before = undo_rows.reminder_skipped(r, now)
    assert _due(now) == []
    undo_rows.restore(before)
    assert _rows() == rows


def test_undo_of_a_follow_up_done_reopens_it(store, now):
    cid = _person("Ada Lovelace", now, circle=None)
    iid = interactions.log_interaction(
        cid, "call", now - timedelta(days=5), now, follow_up=date(2026, 11, 24)
    )
    [r] = _due(now)
    assert r.kind is ReminderKind.FOLLOW_UP and r.interaction_id == iid
    rows = _rows()
    undo_rows.restore(undo_rows.reminder_done(r, now)[1])
    assert _rows() == rows
    undo_rows.restore(undo_rows.reminder_skipped(r, now))
    assert _rows() == rows


def test_undo_of_the_status_reminder_restores_the_setting(store, now):
    _person("Ada Lovelace", now - timedelta(days=400), circle=None)
    prefs = Preferences(status_every_days=30)
    [r] = reminders.due_queue(db.connection(), now, UTC, prefs)
    assert r.kind is ReminderKind.STATUS
    rows = _rows()
    _, before = undo_rows.reminder_done(r, now)
    assert Setting.get_or_none(Setting.key == reminders.STATUS_DONE_KEY) is not None
    undo_rows.restore(before)
    assert _rows() == rows


def test_undo_of_todays_done_and_not_today(store, now):
    cid = _person("Ada Lovelace", now - timedelta(days=40))
    interactions.log_interaction(
        cid, "call", now - timedelta(days=35), now, follow_up=date(2026, 11, 20)
    )
    prefs = Preferences(status_every_days=0)
    [item] = today.today_queue(db.connection(), now, UTC, prefs)
    assert any(k.startswith("follow_up:") for k in item.keys)
    rows = _rows()
    _, before = undo_rows.today_done(item, now)
    assert today.today_queue(db.connection(), now, UTC, prefs) == []
    undo_rows.restore(before)
    assert _rows() == rows
    before = undo_rows.today_snoozed(item, now + timedelta(days=1))
    assert today.today_queue(db.connection(), now, UTC, prefs) == []
    undo_rows.restore(before)
    assert _rows() == rows
