"""Commit listeners: told once per committed transaction, after it, never for a rollback."""

from __future__ import annotations

import pytest

from netcare_desktop.store import commits, contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.database import NetCareDatabase
from netcare_desktop.store.models import Contact, db


@pytest.fixture
def heard(store):
    calls: list[tuple[str, bool, int]] = []

    def listener(path: str) -> None:
        # What a listener may look at: the transaction is over, its rows are there.
        calls.append((path, db.in_transaction(), Contact.select().count()))

    NetCareDatabase.add_commit_listener(listener)
    yield calls
    NetCareDatabase.remove_commit_listener(listener)


def test_one_call_per_transaction_after_its_commit(heard, app_paths, now):
    with db.atomic():
        contacts.create_contact(ContactInput(given_name="Ada"), now)  # its own atomic: nested
        contacts.create_contact(ContactInput(given_name="Bob"), now)
    assert heard == [(commits.real_path(app_paths.database), False, 2)]


def test_a_rolled_back_transaction_is_not_announced(heard, now):
    with pytest.raises(RuntimeError):
        with db.atomic():
            contacts.create_contact(ContactInput(given_name="Ada"), now)
            raise RuntimeError("no")
    assert heard == []


def test_a_failing_listener_never_fails_the_write(store, now, caplog):
    def broken(path: str) -> None:
        raise OSError("the listener's own trouble")

    commits.add_listener(broken)
    try:
        ada = contacts.create_contact(ContactInput(given_name="Ada"), now)
    finally:
        commits.remove_listener(broken)
    assert Contact.get_by_id(ada).given_name == "Ada"
    assert "a commit listener failed" in caplog.text
