"""Bulk writes over many contacts (the table's menu) and their exact undo."""

from datetime import timedelta

import pytest

from netcare_desktop.store import bulk, contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.errors import NotFound
from netcare_desktop.store.models import Contact, Group, Membership


def _people(now, n, **kw):
    return [contacts.create_contact(ContactInput(given_name=f"P{i}", **kw), now) for i in range(n)]


def test_set_circle_for_twenty_and_undo_puts_back_each_one(store, now):
    ids = _people(now, 19) + _people(now, 1, circle_id=1)
    already = Contact.get_by_id(ids[-1])
    later = now + timedelta(days=3)
    change = bulk.set_circle(ids, 1, later)
    assert {c.circle_id for c in Contact.select()} == {1}
    assert Contact.get_by_id(ids[0]).circle_since == later
    # the one already in the circle keeps its own clock
    assert Contact.get_by_id(ids[-1]).circle_since == already.circle_since
    bulk.undo(change)
    assert [Contact.get_by_id(i).circle_id for i in ids] == [None] * 19 + [1]
    assert Contact.get_by_id(ids[0]).updated_at == now


def test_add_to_group_keeps_existing_memberships_on_undo(store, now):
    ids = _people(now, 3)
    contacts.update_contact(ids[0], ContactInput(given_name="P0", groups=["Book club"]), now)
    change = bulk.add_to_group(ids, "book CLUB")  # the same group, any case
    assert Group.select().count() == 1
    assert Membership.select().count() == 3
    bulk.undo(change)
    assert [m.contact_id for m in Membership.select()] == [ids[0]]


def test_add_to_new_group_and_undo_removes_the_group(store, now):
    ids = _people(now, 2)
    bulk.undo(bulk.add_to_group(ids, "  Chess   club "))
    assert Group.select().count() == 0


def test_add_to_group_refuses_unknown_contact_and_writes_nothing(store, now):
    ids = _people(now, 1)
    with pytest.raises(NotFound):
        bulk.add_to_group([ids[0], 9999], "Alumni")
    assert Membership.select().count() == 0 and Group.select().count() == 0


def test_archive_and_bring_back(store, now):
    ids = _people(now, 3)
    change = bulk.set_archived(ids[:2], True, now)
    assert [Contact.get_by_id(i).archived for i in ids] == [True, True, False]
    bulk.undo(change)
    assert not any(Contact.get_by_id(i).archived for i in ids)
