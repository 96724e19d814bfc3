"""Backups on real files: verified copies, retention, restore, damaged databases."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import timedelta

import pytest

from netcare_desktop.store import backup, contacts
from netcare_desktop.store.database import DatabaseDamaged, close_store, open_store
from netcare_desktop.store.models import Contact, db


def _add(name, now):
    given, family = name.split(" ", 1)
    return contacts.create_contact(contacts.ContactInput(given_name=given, family_name=family), now)


def _names(path):
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT display_name FROM contact"))
    finally:
        con.close()


def test_a_backup_is_a_verified_private_copy(store, app_paths, now):
    _add("Ada Lovelace", now)
    path = backup.take_backup(db.connection(), app_paths.backups_dir, now)
    assert backup.integrity_ok(path) == (True, "ok")
    assert _names(path) == ["Ada Lovelace"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not path.with_name(path.name + "-wal").exists()  # a plain file, no WAL beside it
    (info,) = backup.list_backups(app_paths.backups_dir)
    assert info.label == "daily" and info.taken_at == now.replace(microsecond=0)


def test_retention_keeps_seven_days_four_weeks_and_the_newest(store, app_paths, now):
    conn = db.connection()
    for days in range(60, -1, -1):  # a backup a day for two months
        backup.take_backup(conn, app_paths.backups_dir, now - timedelta(days=days))
    kept = backup.list_backups(app_paths.backups_dir)
    ages = sorted((now.date() - b.taken_at.date()).days for b in kept)
    assert ages[:7] == list(range(7))  # the last seven days
    assert max(ages) < 28  # nothing older than four weeks
    assert len(kept) <= 7 + 4


def test_a_backup_that_fails_its_check_prunes_nothing(store, app_paths, now, monkeypatch):
    conn = db.connection()
    for days in (30, 20, 10):
        backup.take_backup(conn, app_paths.backups_dir, now - timedelta(days=days))
    before = {b.path for b in backup.list_backups(app_paths.backups_dir)}
    monkeypatch.setattr(backup, "integrity_ok", lambda path, quick=False: (False, "bad page"))
    with pytest.raises(backup.BackupError, match="failed its check"):
        backup.take_backup(conn, app_paths.backups_dir, now)
    assert {b.path for b in backup.list_backups(app_paths.backups_dir)} == before


def test_the_daily_backup_happens_at_most_once_a_day(store, app_paths, now):
    first = backup.daily(app_paths.database, app_paths.backups_dir, now, 7, 4)
    assert first is not None
    assert (
        backup.daily(app_paths.database, app_paths.backups_dir, now + timedelta(hours=5), 7, 4)
        is None
    )
    assert backup.daily(app_paths.database, app_paths.backups_dir, now + timedelta(hours=25), 7, 4)


def test_before_a_large_import_but_not_a_small_one_or_into_nothing(store, app_paths, now):
    assert backup.before_import(app_paths.database, app_paths.backups_dir, now, 500) is None
    _add("Ada Lovelace", now)
    assert backup.before_import(app_paths.database, app_paths.backups_dir, now, 100) is None
    taken = backup.before_import(app_paths.database, app_paths.backups_dir, now, 101)
    assert taken is not None and "pre-import" in taken.name


def test_restore_backs_up_first_and_replaces_the_live_data(store, app_paths, reader, now):
    _add("Ada Lovelace", now)
    saved = backup.take_backup(db.connection(), app_paths.backups_dir, now)
    _add("Alan Turing", now)
    Contact.delete().where(Contact.display_name == "Ada Lovelace").execute()
    safety = backup.restore(db.connection(), saved, app_paths.backups_dir, now + timedelta(hours=1))
    assert _names(safety) == ["Alan Turing"]
    assert [c.display_name for c in Contact.select()] == ["Ada Lovelace"]
    # The GUI's reader sees the restored data at its next read.
    assert reader.execute("SELECT display_name FROM contact").fetchall() == [("Ada Lovelace",)]
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_refuses_a_broken_or_foreign_file(store, app_paths, tmp_path, now):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(backup.BackupError, match="not a sound NetCare database"):
        backup.restore(db.connection(), junk, app_paths.backups_dir, now)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE songs (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(backup.BackupError):
        backup.restore(db.connection(), other, app_paths.backups_dir, now)


def _damage(path):
    """Overwrite pages in the middle of the file, as a failing disk would."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        for offset in range(4096 * 2, size - 4096, 4096 * 3):
            f.seek(offset + 100)
            f.write(os.urandom(400))


def test_a_damaged_database_is_refused_untouched_and_a_backup_brings_it_back(app_paths, now):
    database = open_store(app_paths.database, app_paths.backups_dir, now)
    for i in range(400):
        _add(f"Person {i}", now)
    good = backup.take_backup(database.connection(), app_paths.backups_dir, now)
    close_store(database)
    _damage(app_paths.database)
    damaged_bytes = app_paths.database.read_bytes()
    with pytest.raises(DatabaseDamaged, match="is damaged") as caught:
        open_store(app_paths.database, app_paths.backups_dir, now)
    assert caught.value.path == app_paths.database
    assert app_paths.database.read_bytes() == damaged_bytes  # never written to
    assert backup.newest_good(app_paths.backups_dir).path == good
    aside = backup.recover_from(good, app_paths.database, now)
    assert aside.read_bytes() == damaged_bytes  # kept beside, as it was
    database = open_store(app_paths.database, app_paths.backups_dir, now)
    try:
        assert Contact.select().count() == 400
    finally:
        close_store(database)
