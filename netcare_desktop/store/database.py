"""Opening the store: pragmas, version checks, migrations."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import peewee
from peewee import SqliteDatabase

from netcare_desktop.store import commits, models, schema
from netcare_desktop.store.locking import (
    WAIT_SLICE_S,
    WRITE_WAIT_S,
    StoreBusy,
    set_wait_hook,
    wait_hook,
)
from netcare_desktop.store.reader import (
    FileError,
    check_integrity,
    check_wal,
    read_user_version,
)
from netcare_desktop.store.schema import DatabaseDamaged, DatabaseTooNew, StoreError

__all__ = [
    "open_store",
    "close_store",
    "StoreError",
    "StoreBusy",
    "DatabaseTooNew",
    "DatabaseDamaged",
    "set_wait_hook",
]

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "cache_size": -16000,
    "temp_store": "memory",
}
BUSY_TIMEOUT_S = 10  # a statement inside a transaction (the lock is already ours)
_WRITE_SQL = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _load_schema(conn: sqlite3.Connection) -> None:
    """Read the schema now that the lock is ours (nobody can change it before we commit).

    Another process's import drops and re-creates insert triggers in each of its
    transactions; the first statement this connection prepares afterwards re-reads the
    schema, and SQLite 3.40 can fail that once with "no such table: contact" (seen when
    a contact was deleted during a `netcare import`). A second read succeeds."""
    for attempt in range(3):
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc) or attempt == 2:
                raise


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


class NetCareDatabase(SqliteDatabase):
    """``BEGIN IMMEDIATE`` that waits for the write lock as long as it takes (up to
    ``WRITE_WAIT_S``) in short slices, running the wait hook between them, so a caller
    can say it is waiting and a window can stay painted instead of freezing in SQLite's
    busy handler. Statements inside a transaction keep the ordinary busy timeout."""

    write_wait_s = WRITE_WAIT_S
    # Told after every commit of any NetCareDatabase in this process (store.commits).
    add_commit_listener = staticmethod(commits.add_listener)
    remove_commit_listener = staticmethod(commits.remove_listener)
    _real_path: str | None = None

    def commit(self):
        # Only the outermost transaction's COMMIT comes here (a savepoint is released
        # instead), so a listener hears once per transaction, after it is durable for
        # other connections, never inside it.
        result = super().commit()
        if self._real_path is None:
            self._real_path = commits.real_path(self.database)
        commits.notify(self._real_path)
        return result

    def execute_sql(self, sql, params=None, *args, **kwargs):
        # A write outside a transaction would take the lock in SQLite's own implicit
        # transaction, bounded by the 10 s busy timeout: give it the same patient BEGIN.
        if _WRITE_SQL.match(sql) and not self.in_transaction():
            conn = self.connection()
            if not conn.in_transaction:
                with self.atomic():
                    return super().execute_sql(sql, params, *args, **kwargs)
        return super().execute_sql(sql, params, *args, **kwargs)

    def begin(self, lock_type=None):
        conn = self.connection()
        started = time.monotonic()
        waited_any = False
        conn.execute(f"PRAGMA busy_timeout = {int(WAIT_SLICE_S * 1000)}")
        try:
            while True:
                try:
                    super().begin(lock_type)
                    _load_schema(conn)
                    return None
                except (sqlite3.OperationalError, peewee.OperationalError) as exc:
                    if not _is_busy(exc):
                        raise
                waited = time.monotonic() - started
                if waited >= self.write_wait_s:
                    raise StoreBusy(
                        "another program has been writing to NetCare's database for over"
                        f" {self.write_wait_s / 60:.0f} minutes (a long import, a backup or"
                        " another NetCare); nothing was saved, try again when it is done"
                    )
                hook = wait_hook()
                if hook is not None:
                    waited_any = True
                    hook(waited)
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            hook = wait_hook()
            if waited_any and hook is not None:
                hook(None)


def open_store(
    path: Path, backups_dir: Path, now: datetime, checked: bool = False
) -> SqliteDatabase:
    """Open (creating or migrating as needed) the database at ``path`` and bind the models.

    Raises :class:`StoreError` with a message fit for a person when the file
    cannot be used; in that case the file is left exactly as it was.
    """
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        # Before any connection: a stale or foreign -wal is damage, never replayed.
        check_wal(path)
        unwritable = _unwritable(path)
        try:
            version = read_user_version(path, immutable=unwritable is not None)
        except FileError as exc:
            raise StoreError(str(exc)) from exc
        if not checked:  # the GUI runs the check on a worker thread at start-up
            check_integrity(path, immutable=unwritable is not None)
        if version > schema.SCHEMA_VERSION:
            raise DatabaseTooNew(
                f"{path} was written by a newer NetCare (schema version {version}; this one "
                f"understands up to {schema.SCHEMA_VERSION}). Install a newer NetCare; the file "
                "was not changed."
            )
        if unwritable is not None:
            # Reading, export and a backup elsewhere still work; writes say why they cannot.
            if version != schema.SCHEMA_VERSION:
                raise StoreError(
                    f"{path} needs an upgrade to this NetCare's schema, but {unwritable}; "
                    "nothing was changed"
                )
            return _open_read_only(path, unwritable)
    else:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Created readable by the user only.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    if path.stat().st_size > 0:
        _refuse_foreign(path)
    # BEGIN IMMEDIATE: a transaction takes the write lock when it starts, so two writers
    # (the window and a CLI command) queue on the busy timeout instead of one failing with
    # "database is locked" when its read turns into a write after the other committed.
    database = NetCareDatabase(
        str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_S, lock_type="IMMEDIATE"
    )
    try:
        database.connect(reuse_if_open=True)
        models.db.initialize(database)
        schema.migrate(database, backups_dir, now)
    except StoreError:
        database.close()
        raise
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        database.close()
        raise StoreError(f"cannot use {path}: {exc}") from exc
    return database


# What every NetCare database has had since schema 1; another app's file that happens to
# carry a user_version must not be migrated (that would write to it) or read as ours.
_OUR_TABLES = frozenset(
    {"contact", "email", "phone", "interaction", "circle", "setting", "import_batch"}
)
_OUR_CONTACT_COLUMNS = frozenset({"display_name", "sort_name", "circle_id", "vcard_uid"})


def _refuse_foreign(path: Path) -> None:
    """Refuse another program's SQLite file before anything (even the WAL pragma) writes."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        columns = {r[1] for r in conn.execute("PRAGMA table_info(contact)")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a NetCare database ({exc}); it was not changed") from exc
    finally:
        conn.close()
    if version == 0 and not tables:
        return  # an empty database: ours to create
    if not (_OUR_TABLES <= tables and _OUR_CONTACT_COLUMNS <= columns):
        raise StoreError(
            f"{path} is an SQLite database of another program (schema version {version}),"
            " not NetCare's; it was not changed"
        )


def _unwritable(path: Path) -> str | None:
    """Why the database cannot be written here ("read-only", "disk full"), or None."""
    import errno

    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EPERM, errno.EACCES):
            return "the disk or folder is read-only"
        return None  # let SQLite say what is wrong
    os.close(fd)
    try:
        fs = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs on Windows
        return None
    if fs.f_flag & getattr(os, "ST_RDONLY", 1):
        return "the disk or folder is read-only"
    shm = path.with_name(path.name + "-shm")
    if fs.f_bavail * fs.f_frsize < 256 * 1024 and not shm.exists():
        return "the disk is full"  # SQLite could not even create its -shm to read
    return None


class ReadOnlyStore(SqliteDatabase):
    """A database that can be read, exported and copied, but not written (``why`` says why)."""

    read_only: str = ""


def _open_read_only(path: Path, why: str) -> SqliteDatabase:
    """Open without writing anything: no WAL pragma, no migration, ``query_only``.

    With no ``-shm`` beside the file (no NetCare has it open) SQLite cannot read
    a WAL-mode file in a read-only folder unless told the file is immutable.
    """
    shm = path.with_name(path.name + "-shm")
    mode = "mode=ro" if shm.exists() else "immutable=1"
    database = ReadOnlyStore(
        f"{path.absolute().as_uri()}?{mode}",
        uri=True,
        pragmas={"query_only": 1, "foreign_keys": 1, "temp_store": "memory"},
        timeout=BUSY_TIMEOUT_S,
    )
    database.read_only = why
    try:
        database.connect(reuse_if_open=True)
        models.db.initialize(database)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        database.close()
        raise StoreError(f"cannot read {path}: {why}") from exc
    return database


def close_store(database: SqliteDatabase) -> None:
    if not database.is_closed():
        try:
            database.execute_sql("PRAGMA optimize")
        except (sqlite3.Error, peewee.DatabaseError):
            # Best effort: its ANALYZE needs the write lock, and a read that another writer
            # overtook cannot wait for it (SQLITE_BUSY without the busy timeout; peewee
            # raises that as its own OperationalError). The next close tries again.
            pass
        database.close()
