"""Every released schema version, opened by the current code (fixtures in tests/fixtures)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from netcare_desktop.store import schema
from netcare_desktop.store.database import close_store, open_store
from netcare_desktop.store.reader import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2026, 11, 25, 12)


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / "data" / "netcare.db"
    target.parent.mkdir()
    shutil.copy(FIXTURES / name, target)
    return target


def _facts(path: Path) -> dict:
    con = sqlite3.connect(path)
    try:
        return {
            "contacts": con.execute(
                "SELECT id, display_name, circle_id, last_touch_at FROM contact ORDER BY id"
            ).fetchall(),
            "interactions": con.execute(
                "SELECT id, contact_id, kind, occurred_at, follow_up FROM interaction ORDER BY id"
            ).fetchall(),
            "settings": con.execute("SELECT key, value FROM setting ORDER BY key").fetchall(),
        }
    finally:
        con.close()


def test_a_version_1_database_climbs_to_the_current_schema_keeping_everything(tmp_path):
    path = _copy("schema-v1.db", tmp_path)
    before = _facts(path)
    database = open_store(path, tmp_path / "backups", NOW)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        # The keep-in-touch cache is filled for contacts that were already in a circle.
        cached = database.execute_sql(
            "SELECT count(*) FROM contact WHERE circle_id IS NOT NULL AND kit_due IS NULL"
            " AND coalesce(last_touch_at, circle_since) IS NOT NULL"
            " AND (SELECT cadence_days FROM circle WHERE id = circle_id) > 0"
        ).fetchone()[0]
        assert cached == 0
        from netcare_desktop.store import reminders

        queue = reminders.due_queue(database.connection(), NOW, None)
        assert any(r.kind == "follow_up" and r.display_name == "Ada Lovelace" for r in queue)
    finally:
        close_store(database)
    assert _facts(path) == before
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and "v1" in backups[0].name


def test_migrating_twice_is_harmless(tmp_path):
    """Steps check before they alter: a rerun (say, after a crash mid-ladder) does nothing."""
    path = _copy("schema-v1.db", tmp_path)
    close_store(open_store(path, tmp_path / "backups", NOW))
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 1")  # as if the bump had not been recorded
    con.commit()
    con.close()
    database = open_store(path, tmp_path / "backups", NOW)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        close_store(database)


def test_a_failed_migration_leaves_the_original_file_untouched(tmp_path, monkeypatch):
    path = _copy("schema-v1.db", tmp_path)
    before = _facts(path)

    def broken(database):
        database.execute_sql("ALTER TABLE contact ADD COLUMN kit_days INTEGER")
        raise RuntimeError("disk full, say")

    monkeypatch.setitem(schema.MIGRATIONS, 2, broken)
    with pytest.raises(RuntimeError):
        open_store(path, tmp_path / "backups", NOW)
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        cols = {r[1] for r in con.execute("PRAGMA table_info(contact)")}
        assert "kit_days" not in cols
    finally:
        con.close()
    assert _facts(path) == before


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5])
def test_every_released_schema_opens_with_its_data(tmp_path, version):
    """One fixture per released schema version, written by that version's code."""
    path = _copy(f"schema-v{version}.db", tmp_path)
    before = _facts(path)
    database = open_store(path, tmp_path / "backups", NOW)
    try:
        conn = database.connection()
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        from netcare_desktop.store import health, today

        h = health.network_health(conn, NOW)
        assert h.contacts == len(before["contacts"])
        assert today.today_queue(conn, NOW, None) is not None
    finally:
        close_store(database)
    assert _facts(path) == before
    if version == SCHEMA_VERSION:
        assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_version_3_forgets_the_import_changes_of_contacts_deleted_since(tmp_path):
    """Version 2 kept an import's change of a contact deleted later; SQLite then gave its id
    to the next contact created, and undoing the import deleted that other person."""
    path = _copy("schema-v2.db", tmp_path)
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "INSERT INTO import_batch (id, created_at, source, summary, undone)"
            " VALUES (1, '2026-01-10 09:00:00', 'old.vcf', '{}', 0)"
        )
        kept, gone = 5, 9999  # a contact the import created, and one deleted since
        later = con.execute(  # created after the import, on an id the import had used
            "SELECT id FROM contact WHERE created_at > '2026-01-10 09:00:00' ORDER BY id"
        ).fetchone()[0]
        con.execute("UPDATE contact SET created_at = '2026-01-10 09:00:00' WHERE id = ?", (kept,))
        con.executemany(
            "INSERT INTO import_change (batch_id, contact_id, action, before)"
            " VALUES (1, ?, 'created', NULL)",
            [(kept,), (gone,), (later,)],
        )
    con.close()
    database = open_store(path, tmp_path / "backups", NOW)
    try:
        changes = database.execute_sql("SELECT contact_id FROM import_change").fetchall()
        assert changes == [(kept,)]
        database.execute_sql("DELETE FROM contact WHERE id = ?", (kept,))
        assert database.execute_sql("SELECT count(*) FROM import_change").fetchone()[0] == 0
    finally:
        close_store(database)


def test_version_5_adds_pref_and_group_columns_keeping_every_row(tmp_path):
    """A version-4 file migrates in place: its phones, URLs and addresses are there after,
    not preferred and in no group; a rerun of the step changes nothing."""
    path = _copy("schema-v4.db", tmp_path)
    con = sqlite3.connect(path)
    with con:
        cid = con.execute("SELECT min(id) FROM contact").fetchone()[0]
        con.execute(
            "INSERT INTO phone (contact_id, raw, e164, label, position)"
            " VALUES (?, '+44 20 7946 0018', '', 'work', 0)",
            (cid,),
        )
    con.close()
    database = open_store(path, tmp_path / "backups", NOW)
    try:
        rows = database.execute_sql(
            "SELECT raw, label, preferred, vcard_group FROM phone"
        ).fetchall()
        assert rows == [("+44 20 7946 0018", "work", 0, "")]
        for table in ("phone", "url", "address"):
            assert {"preferred", "vcard_group"} <= {c.name for c in database.get_columns(table)}
        assert "vcard_group" in {c.name for c in database.get_columns("email")}
        with database.atomic():
            schema.MIGRATIONS[5](database)  # idempotent
    finally:
        close_store(database)
    assert any("v4" in b.name for b in (tmp_path / "backups").iterdir())


def test_the_version_5_fixture_keeps_its_preferred_grouped_phone(tmp_path):
    path = _copy("schema-v5.db", tmp_path)
    database = open_store(path, tmp_path / "backups", NOW)
    try:
        rows = database.execute_sql("SELECT label, preferred, vcard_group FROM phone").fetchall()
        assert rows == [("work fax", 1, "item1")]
    finally:
        close_store(database)
