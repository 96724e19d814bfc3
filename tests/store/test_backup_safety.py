"""Backups that cannot turn against the user: checked before they count, refused targets,
restore only of NetCare databases (and undoable), stale or foreign WALs, full and read-only disks.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import peewee
import pytest

from netcare_desktop.store import backup, contacts
from netcare_desktop.store.database import DatabaseDamaged, close_store, open_store
from netcare_desktop.store.models import Contact, db
from netcare_desktop.store.reader import SCHEMA_VERSION


def _add(name, now):
    given, family = name.split(" ", 1)
    return contacts.create_contact(contacts.ContactInput(given_name=given, family_name=family), now)


def _names(path):
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT display_name FROM contact"))
    finally:
        con.close()


# -- a failed copy is never a backup ---------------------------------------------------------


def test_a_copy_left_by_a_killed_backup_is_not_listed_counted_or_kept(store, app_paths, now):
    _add("Ada Lovelace", now)
    # What a backup killed mid-copy leaves: a half file under the partial name.
    half = app_paths.backups_dir / "netcare-daily-20261125T110000.db.partial"
    good = backup.take_backup(db.connection(), app_paths.backups_dir, now - timedelta(days=3))
    half.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    (app_paths.backups_dir / (half.name + "-journal")).write_bytes(b"\0" * 512)
    assert [b.path for b in backup.list_backups(app_paths.backups_dir)] == [good]
    assert backup.due_for_daily(app_paths.backups_dir, now)  # the half copy is not "today's"
    taken = backup.daily(app_paths.database, app_paths.backups_dir, now, 7, 4)
    assert taken is not None and backup.integrity_ok(taken) == (True, "ok")
    left = sorted(p.name for p in app_paths.backups_dir.iterdir())
    assert left == sorted([good.name, taken.name])  # the next backup cleaned the leftovers


def test_a_damaged_copy_with_a_backup_name_neither_counts_nor_makes_pruning_delete(
    store, app_paths, now
):
    conn = db.connection()
    older = [
        backup.take_backup(conn, app_paths.backups_dir, now - timedelta(days=d))
        for d in (12, 11, 10, 9, 8, 7)
    ]
    # Five newer files that look like backups but are not sound copies.
    for hours in range(1, 6):
        fake = now - timedelta(hours=hours)
        name = f"netcare-daily-{fake:%Y%m%dT%H%M%S}.db"
        (app_paths.backups_dir / name).write_bytes(b"SQLite format 3\0" + os.urandom(8000))
    assert backup.due_for_daily(app_paths.backups_dir, now)  # no verified copy today
    backup.prune(app_paths.backups_dir, now)
    present = {p for p in app_paths.backups_dir.iterdir()}
    # The newest five verified copies stay: the damaged files did not push them out.
    assert set(older[-5:]) <= present
    assert len([p for p in present if p.name.startswith("netcare-daily")]) >= 5 + 5


def test_a_backup_that_changed_after_its_check_is_checked_again_before_it_counts(
    store, app_paths, now
):
    taken = backup.take_backup(db.connection(), app_paths.backups_dir, now - timedelta(hours=1))
    assert not backup.due_for_daily(app_paths.backups_dir, now)
    size = taken.stat().st_size
    with open(taken, "r+b") as f:  # a disk error overwrites pages of the copy
        for offset in range(4096, size - 4096, 4096):
            f.seek(offset + 64)
            f.write(os.urandom(512))
    assert backup.due_for_daily(app_paths.backups_dir, now)


def test_a_backup_into_an_unusable_folder_fails_with_a_message_and_leaves_nothing(
    store, app_paths, now, tmp_path
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backups folder should be")
    with pytest.raises(backup.BackupError, match="backups folder"):
        backup.take_backup(db.connection(), blocked, now)
    assert blocked.read_text() == "a file where the backups folder should be"


# -- targets that are refused ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder", "other-user", "ours"])
def test_backup_to_a_path_that_exists_is_refused_and_nothing_is_written_through(
    store, app_paths, now, tmp_path, kind
):
    _add("Ada Lovelace", now)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "copy.db"
    if kind == "symlink":
        target.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.write_text("pre-created")
        if kind == "other-user":
            os.chown(target, 65534, 65534)
    with pytest.raises(backup.BackupError) as caught:
        backup.export_copy(db.connection(), target)
    message = str(caught.value)
    assert str(target) in message and "\n" not in message
    assert victim.read_text() == "keep me"
    if kind in ("other-user", "ours"):
        assert target.read_text() == "pre-created"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.db"]


def test_a_partial_name_planted_as_a_symlink_is_refused_not_followed(
    store, app_paths, now, tmp_path
):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "copy.db"
    (tmp_path / "copy.db.partial-journal").symlink_to(victim)
    with pytest.raises(backup.BackupError, match="symbolic link"):
        backup.export_copy(db.connection(), target)
    assert victim.read_text() == "keep me" and not target.exists()


def test_a_copy_and_everything_beside_it_is_private_under_any_umask(
    store, app_paths, now, tmp_path
):
    _add("Ada Lovelace", now)
    old = os.umask(0)
    try:
        target = backup.export_copy(db.connection(), tmp_path / "copy.db")
        taken = backup.take_backup(db.connection(), app_paths.backups_dir, now)
    finally:
        os.umask(old)
    assert os.umask(old) == old  # the process umask is back as it was
    for path in (target, taken):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _names(target) == ["Ada Lovelace"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "data"]


# -- restore: only NetCare's files, and always undoable -------------------------------------


def _foreign(path: Path, version: int, tables: str = "contact (id INTEGER, name TEXT)"):
    con = sqlite3.connect(path)
    con.execute(f"CREATE TABLE {tables}")
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(
    "make",
    [
        lambda p: _foreign(p, 0),  # another app's `contact` table, user_version 0
        lambda p: _foreign(p, 2),  # another app that happens to set user_version 2
        lambda p: _foreign(p, SCHEMA_VERSION + 1),  # a newer NetCare
        lambda p: p.write_bytes(b"BEGIN:VCARD\r\n" * 500) and p,  # not a database at all
    ],
    ids=["other-app-v0", "other-app-v2", "newer", "not-sqlite"],
)
def test_restore_refuses_anything_but_a_netcare_database_before_replacing(
    store, app_paths, now, tmp_path, make
):
    _add("Ada Lovelace", now)
    source = make(tmp_path / "candidate.db")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = app_paths.database.read_bytes()
    with pytest.raises(backup.BackupError, match="nothing was changed|newer NetCare"):
        backup.restore(db.connection(), source, app_paths.backups_dir, now)
    assert [c.display_name for c in Contact.select()] == ["Ada Lovelace"]
    assert backup.list_backups(app_paths.backups_dir) == []  # not even a safety copy taken
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert app_paths.database.read_bytes() == before


def test_a_restore_can_be_undone(store, app_paths, now):
    _add("Ada Lovelace", now)
    saved = backup.take_backup(db.connection(), app_paths.backups_dir, now - timedelta(days=1))
    _add("Alan Turing", now)  # work done after that backup
    backup.restore(db.connection(), saved, app_paths.backups_dir, now)
    assert [c.display_name for c in Contact.select()] == ["Ada Lovelace"]
    # Days of daily backups later, the copy from before the restore is still there...
    for days in range(1, 12):
        backup.take_backup(db.connection(), app_paths.backups_dir, now + timedelta(days=days))
    back, safety = backup.undo_restore(
        db.connection(), app_paths.backups_dir, now + timedelta(days=12)
    )
    assert sorted(c.display_name for c in Contact.select()) == ["Ada Lovelace", "Alan Turing"]
    assert _names(safety) == ["Ada Lovelace"]  # and the undo itself can be undone


def test_undo_without_a_restore_says_so(store, app_paths, now):
    with pytest.raises(backup.BackupError, match="no restore to undo"):
        backup.undo_restore(db.connection(), app_paths.backups_dir, now)


# -- a WAL that is not this database's own ---------------------------------------------------


def _netcare_db(folder: Path, names: list[str], now, keep_open: bool = False):
    folder.mkdir(parents=True, exist_ok=True)
    database = open_store(folder / "netcare.db", folder / "backups", now)
    if keep_open:
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    for name in names:
        _add(name, now)
    if keep_open:
        return database
    close_store(database)
    return None


def test_a_wal_from_another_netcare_database_is_refused_as_damaged_untouched(tmp_path, now):
    ours = tmp_path / "ours"
    _netcare_db(ours, ["Ada Lovelace", "Grace Hopper"], now)
    theirs = tmp_path / "theirs"
    other = _netcare_db(theirs, [f"Stranger {i}" for i in range(30)], now, keep_open=True)
    try:
        shutil.copy(theirs / "netcare.db-wal", ours / "netcare.db-wal")
    finally:
        close_store(other)
    db_bytes = (ours / "netcare.db").read_bytes()
    wal_bytes = (ours / "netcare.db-wal").read_bytes()
    with pytest.raises(DatabaseDamaged, match="-wal file beside it") as caught:
        open_store(ours / "netcare.db", ours / "backups", now)
    assert caught.value.path == ours / "netcare.db"
    assert (ours / "netcare.db").read_bytes() == db_bytes
    assert (ours / "netcare.db-wal").read_bytes() == wal_bytes
    assert not (ours / "netcare.db-shm").exists()  # not even opened by SQLite
    # The damaged-file flow sets the file aside with that WAL, and a good backup comes back.
    aside = backup.set_aside_damaged(ours / "netcare.db", now)
    assert aside.read_bytes() == db_bytes
    assert Path(f"{aside}-wal").read_bytes() == wal_bytes


def test_a_wal_of_another_page_size_is_refused(tmp_path, now):
    ours = tmp_path / "ours"
    _netcare_db(ours, ["Ada Lovelace"], now)
    odd = tmp_path / "odd.db"
    con = sqlite3.connect(odd)
    con.execute("PRAGMA page_size = 8192")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (randomblob(3000))")
    con.commit()
    shutil.copy(f"{odd}-wal", ours / "netcare.db-wal")
    shutil.copy(f"{odd}-shm", ours / "netcare.db-shm")
    con.close()
    with pytest.raises(DatabaseDamaged, match="page size 8192"):
        open_store(ours / "netcare.db", ours / "backups", now)


def test_the_wal_of_a_killed_netcare_is_ours_and_replayed(tmp_path, now):
    data = tmp_path / "data"
    code = (
        "import os, signal; from datetime import datetime; from pathlib import Path;"
        "from netcare_desktop.store.database import open_store;"
        "from netcare_desktop.store.contacts import create_contact, ContactInput as C;"
        f"d = Path({str(data)!r}); d.mkdir(parents=True, exist_ok=True);"
        "db = open_store(d / 'netcare.db', d / 'backups', datetime(2026, 11, 25));"
        "db.execute_sql('PRAGMA wal_autocheckpoint = 0');"
        "[create_contact(C(given_name='Kept', family_name=str(i)), datetime(2026, 11, 25))"
        " for i in range(40)];"
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert (data / "netcare.db-wal").stat().st_size > 0
    database = open_store(data / "netcare.db", data / "backups", now)
    try:
        assert Contact.select().count() == 40  # committed before the kill: all there
    finally:
        close_store(database)


def test_a_netcare_killed_in_its_first_long_transaction_opens_as_it_was(tmp_path, now):
    """A fresh WAL gets its salts in the -shm only at commit: a transaction killed before it
    leaves a WAL that does not match, but holds nothing SQLite would replay."""
    data = tmp_path / "data"
    code = (
        "import os, signal; from datetime import datetime; from pathlib import Path;"
        "from netcare_desktop.store.database import open_store, close_store;"
        "from netcare_desktop.store.contacts import create_contact, ContactInput as C;"
        f"d = Path({str(data)!r}); d.mkdir(parents=True, exist_ok=True); now = datetime(2026, 11, 25);"
        "db = open_store(d / 'netcare.db', d / 'backups', now);"
        "[create_contact(C(given_name='Kept', family_name=str(i)), now) for i in range(30)];"
        "close_store(db); db = open_store(d / 'netcare.db', d / 'backups', now);"
        "db.execute_sql('PRAGMA cache_size = 10');"
        "tx = db.atomic(); tx.__enter__();"
        "[create_contact(C(given_name='Lost', family_name=str(i), notes='x' * 500), now)"
        " for i in range(2000)];"
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert (data / "netcare.db-wal").stat().st_size > 100_000  # the transaction spilled
    database = open_store(data / "netcare.db", data / "backups", now)
    try:
        assert Contact.select().count() == 30
    finally:
        close_store(database)


# -- full and read-only disks -------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A real 3 MB tmpfs (root, with mount rights); skipped where none can be mounted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small disk here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass


def _prepare(folder: Path, now) -> None:
    database = open_store(folder / "netcare.db", folder / "backups", now)
    for i in range(20):
        _add(f"Person {i}", now)
    close_store(database)


@pytest.mark.parametrize("problem", ["read-only", "disk full"])
def test_a_read_only_or_full_disk_still_reads_exports_and_backs_up_elsewhere(
    small_disk, tmp_path, now, problem
):
    _prepare(small_disk, now)
    if problem == "read-only":
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    else:
        _fill(small_disk)
    database = open_store(small_disk / "netcare.db", small_disk / "backups", now)
    try:
        assert Contact.select().count() == 20
        from netcare_desktop.interop.exporter import export

        out = tmp_path / "out.vcf"
        with open(out, "w", encoding="utf-8", newline="") as f:
            assert export("vcf", f, now) == 20
        copy = backup.export_copy(db.connection(), tmp_path / "copy.db")
        assert len(_names(copy)) == 20
        with pytest.raises(backup.BackupError) as caught:
            backup.take_backup(db.connection(), small_disk / "backups", now)
        said = str(caught.value)
        assert ("read-only" if problem == "read-only" else "disk is full") in said
        assert "not a NetCare database" not in said
        with pytest.raises((sqlite3.OperationalError, peewee.OperationalError), match="readonly"):
            db.execute_sql("DELETE FROM contact")
    finally:
        close_store(database)
