"""The change feed: every write, by whoever, is announced with what it changed."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from netcare_desktop.core.reminders import ReminderKind
from netcare_desktop.store import changes, contacts, reminders, schema
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.database import close_store, open_store
from netcare_desktop.store.models import Contact, db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _since(reader, seq):
    return changes.read_since(reader, seq)


def _add(now, **kw) -> int:
    return contacts.create_contact(ContactInput(**kw), now)


def test_a_new_contact_and_an_edit_name_that_contact(store, reader, now):
    start = changes.latest(reader)
    ada = _add(now, given_name="Ada", emails=[("", "ada@example.org")], groups=["Chess"])
    seen = _since(reader, start)
    assert seen.contacts == {ada}
    assert seen.interactions == set()

    data = contacts.load_input(ada)
    data.phones = [("mobile", "+44 20 7946 0958")]
    contacts.update_contact(ada, data, now)
    assert _since(reader, seen.seq).contacts == {ada}


def test_a_logged_touch_names_its_contact_and_moves_the_due_queue(store, reader, now):
    ada, bob = _add(now, given_name="Ada"), _add(now, given_name="Bob")
    start = changes.latest(reader)
    contacts.log_interaction(bob, "call", now, now, summary="Lunch")
    seen = _since(reader, start)
    assert seen.interactions == {bob}
    assert seen.contacts == {bob}  # its last touch changed
    assert seen.reminders
    assert ada not in seen.contacts


def test_a_deleted_contact_is_named_once_per_row_it_owned(store, reader, now):
    ada = _add(now, given_name="Ada", emails=[("", "a@x.org"), ("", "b@x.org")])
    contacts.log_interaction(ada, "call", now, now)
    start = changes.latest(reader)
    contacts.delete_contacts([ada])
    seen = _since(reader, start)
    assert seen.contacts == {ada} and seen.interactions == {ada}


def test_snooze_and_preferences_are_announced(store, reader, now):
    ada = _add(now, given_name="Ada", circle_id=1)
    start = changes.latest(reader)
    reminders.snooze(["kit:1"], now + timedelta(days=1))
    seen = _since(reader, start)
    assert seen.reminders and seen.contacts == set() and seen.settings == set()

    prefs = reminders.read_preferences(db.connection())
    reminders.save_preferences(dataclasses.replace(prefs, today_size=7))
    seen = _since(reader, seen.seq)
    assert "prefs.today_size" in seen.settings
    assert seen.reminders  # preferences are an input of the due queue

    due = [r for r in reminders.reminders(reader, now + timedelta(days=400), None)]
    follow = [r for r in due if r.kind is ReminderKind.KEEP_IN_TOUCH and r.contact_id == ada]
    assert follow
    reminders.skip(follow[0], now)
    assert _since(reader, seen.seq).reminders


def test_a_circle_cadence_change_could_touch_any_contact(store, reader, now):
    _add(now, given_name="Ada", circle_id=1)
    start = changes.latest(reader)
    reminders.set_circle_cadence(1, 10)
    seen = _since(reader, start)
    assert seen.contacts is None and seen.reminders


def test_a_write_that_is_rolled_back_announces_nothing(store, reader, now):
    start = changes.latest(reader)
    with pytest.raises(RuntimeError):
        with db.atomic():
            _add(now, given_name="Ada")
            raise RuntimeError("the disk is full, say")
    seen = _since(reader, start)
    assert seen.empty and seen.seq == start


def test_nothing_new_reads_as_empty(store, reader, now):
    _add(now, given_name="Ada")
    top = changes.latest(reader)
    assert _since(reader, top).empty


def test_a_bulk_insert_with_suspended_triggers_says_any_contact(store, reader, now):
    start = changes.latest(reader)
    with db.atomic():
        cur = db.cursor()
        with schema.suspended_triggers(cur, schema.BULK_INSERT_TRIGGERS):
            rows = [
                {
                    "display_name": f"P{i}",
                    "sort_name": f"p{i}",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(500)
            ]
            Contact.insert_many(rows).execute()
    seen = _since(reader, start)
    assert seen.contacts is None
    top = changes.latest(reader)
    assert top - start == 1  # one row for the whole batch, not 500
    # The triggers are back: the next single write is named again.
    ada = _add(now, given_name="Ada")
    assert _since(reader, top).contacts == {ada}


def test_a_reader_behind_the_pruning_is_told_any(store, reader, now):
    ada = _add(now, given_name="Ada")
    start = changes.latest(reader)
    contacts.log_interaction(ada, "call", now, now)
    _add(now, given_name="Bob")
    with db.atomic():
        changes.prune(db.connection(), keep=1)
    seen = _since(reader, start)
    assert seen.contacts is None and seen.interactions is None and seen.settings is None
    assert seen.reminders
    # Caught up again: from here on it is told ids.
    carol = _add(now, given_name="Carol")
    assert _since(reader, seen.seq).contacts == {carol}


def test_the_log_stays_short_by_itself(store, reader, now):
    with db.atomic():
        db.connection().executemany(
            "INSERT INTO setting (key, value) VALUES (?, '1')",
            [(f"bench.{i}",) for i in range(changes.KEEP + 3 * changes.PRUNE_EVERY)],
        )
    rows = reader.execute("SELECT count(*) FROM change_log").fetchone()[0]
    assert rows <= changes.KEEP + changes.PRUNE_EVERY
    assert _since(reader, 0).settings is None  # from the start: behind the pruning


def test_a_restore_reads_as_everything(store, reader, app_paths, now):
    from netcare_desktop.store import backup

    _add(now, given_name="Ada")
    copy = backup.take_backup(db.connection(), app_paths.backups_dir, now, label="manual")
    _add(now, given_name="Bob")
    start = changes.latest(reader)
    backup.restore(db.connection(), copy, app_paths.backups_dir, now)
    seen = _since(reader, start)
    assert seen.contacts is None and seen.interactions is None and seen.reminders


def test_version_3_databases_get_the_feed(tmp_path, now):
    path = tmp_path / "data" / "netcare.db"
    path.parent.mkdir()
    shutil.copy(FIXTURES / "schema-v3.db", path)
    database = open_store(path, tmp_path / "backups", now)
    try:
        con = sqlite3.connect(path)
        start = changes.latest(con)
        contacts.log_interaction(1, "call", now, now)
        assert changes.read_since(con, start).interactions == {1}
        con.close()
    finally:
        close_store(database)


def test_a_database_without_the_feed_reads_as_everything(tmp_path):
    con = sqlite3.connect(tmp_path / "old.db")
    con.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY)")
    seen = changes.read_since(con, 5)
    assert seen.contacts is None and seen.reminders
    assert changes.latest(con) == 0


def test_a_new_empty_group_is_announced_as_itself_and_a_rename_as_its_members(store, reader):
    from netcare_desktop.store import groups

    start = changes.latest(reader)
    chess = groups.create_group("Chess club")
    seen = _since(reader, start)
    assert seen.groups == {chess}  # the Groups tab must list it, though nobody is in it
    assert seen.contacts == set()
    groups.rename_group(chess, "Chess Club")
    later = _since(reader, seen.seq)
    assert later.contacts is None and later.groups == set()


def test_a_row_no_trigger_writes_reads_as_could_be_any_not_as_an_id(store, reader):
    """Another program can write anything into change_log: a view is never handed a
    contact 'id' that is text, or a setting 'key' that is a number."""
    start = changes.latest(reader)
    conn = db.connection()
    with db.atomic():
        conn.execute(
            "INSERT INTO change_log (kind, ref) VALUES ('contact', 'x; DROP TABLE contact')"
        )
        conn.execute("INSERT INTO change_log (kind, ref) VALUES ('setting', 42)")
        conn.execute("INSERT INTO change_log (kind, ref) VALUES ('interaction', 7)")
    seen = _since(reader, start)
    assert seen.contacts is None and seen.settings is None
    assert seen.interactions == {7}
