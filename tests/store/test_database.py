"""Opening, versioning and migrating the SQLite file, for real."""

import hashlib
import sqlite3
import stat

import pytest

from netcare_desktop.store import schema
from netcare_desktop.store.database import DatabaseTooNew, StoreError, close_store, open_store
from netcare_desktop.store.models import Circle
from netcare_desktop.store.reader import SCHEMA_VERSION


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_versioned_wal_private_and_seeded(store, app_paths):
    assert store.execute_sql("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert store.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    mode = stat.S_IMODE(app_paths.database.stat().st_mode)
    assert mode & 0o077 == 0, oct(mode)
    assert [(c.name, c.cadence_days) for c in Circle.select().order_by(Circle.position)] == [
        ("Inner", 30),
        ("Active", 90),
        ("Acquaintance", 180),
        ("Dormant", None),
    ]


def test_reopening_changes_nothing(store, app_paths, now):
    close_store(store)
    again = open_store(app_paths.database, app_paths.backups_dir, now)
    assert Circle.select().count() == 4
    assert list(app_paths.backups_dir.iterdir()) == []
    close_store(again)


def test_newer_database_is_refused_and_left_untouched(tmp_path, now):
    path = tmp_path / "netcare.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, display_name TEXT)")
    con.execute("INSERT INTO contact VALUES (1, 'From the future')")
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(DatabaseTooNew, match="newer NetCare"):
        open_store(path, tmp_path / "backups", now)
    assert _digest(path) == before
    assert not (tmp_path / "netcare.db-wal").exists()


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path, now):
    path = tmp_path / "netcare.db"
    path.write_bytes(b"BEGIN:VCARD\r\nFN:Not a database\r\nEND:VCARD\r\n" * 200)
    before = _digest(path)
    with pytest.raises(StoreError, match="not a NetCare database"):
        open_store(path, tmp_path / "backups", now)
    assert _digest(path) == before


def test_someone_elses_sqlite_file_is_refused(tmp_path, now):
    path = tmp_path / "netcare.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not NetCare's"):
        open_store(path, tmp_path / "backups", now)


def _add_column_step(database):
    cols = {c.name for c in database.get_columns("contact")}
    if "pronouns" not in cols:  # idempotent: check before altering
        database.execute_sql("ALTER TABLE contact ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''")


def _failing_step(database):
    database.execute_sql("ALTER TABLE contact ADD COLUMN half_done TEXT")
    raise RuntimeError("step failed midway")


def test_migration_backs_up_first_then_climbs_in_a_transaction(store, app_paths, now):
    from netcare_desktop.store import contacts

    contacts.create_contact(contacts.ContactInput(given_name="Grace", family_name="Hopper"), now)
    v = SCHEMA_VERSION
    backup = schema.migrate(
        store, app_paths.backups_dir, now, steps={v + 1: _add_column_step}, target=v + 1
    )
    assert store.execute_sql("PRAGMA user_version").fetchone()[0] == v + 1
    assert "pronouns" in {c.name for c in store.get_columns("contact")}
    assert backup is not None and backup.exists()
    con = sqlite3.connect(backup)
    assert con.execute("PRAGMA user_version").fetchone()[0] == v
    assert con.execute("SELECT display_name FROM contact").fetchall() == [("Grace Hopper",)]
    con.close()
    assert stat.S_IMODE(backup.stat().st_mode) & 0o077 == 0


def test_a_failed_migration_step_rolls_back_completely(store, app_paths, now):
    with pytest.raises(RuntimeError, match="midway"):
        schema.migrate(
            store,
            app_paths.backups_dir,
            now,
            steps={SCHEMA_VERSION + 1: _add_column_step, SCHEMA_VERSION + 2: _failing_step},
            target=SCHEMA_VERSION + 2,
        )
    # The first step committed; the second left nothing behind.
    assert store.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert "half_done" not in {c.name for c in store.get_columns("contact")}
    assert len(list(app_paths.backups_dir.iterdir())) == 1


def test_closing_while_another_writer_overtook_the_optimize_still_closes(app_paths, now):
    """PRAGMA optimize at close may meet SQLITE_BUSY without waiting (its ANALYZE read was
    overtaken by another writer's commit); peewee raises that as its own OperationalError,
    which escaped: a traceback at the end of a busy writer (found by `make stress`)."""
    import peewee

    database = open_store(app_paths.database, app_paths.backups_dir, now)
    real = database.execute_sql

    def busy(sql, *args, **kwargs):
        if sql == "PRAGMA optimize":
            raise peewee.OperationalError("database is locked")
        return real(sql, *args, **kwargs)

    database.execute_sql = busy
    close_store(database)
    assert database.is_closed()
