"""Opening the store: pragmas, version checks, migrations."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import peewee
from peewee import SqliteDatabase

from netcare_desktop.store import models, schema
from netcare_desktop.store.reader import FileError, check_integrity, read_user_version
from netcare_desktop.store.schema import DatabaseDamaged, DatabaseTooNew, StoreError

__all__ = ["open_store", "close_store", "StoreError", "DatabaseTooNew", "DatabaseDamaged"]

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "cache_size": -16000,
    "temp_store": "memory",
}
BUSY_TIMEOUT_S = 10


def open_store(
    path: Path, backups_dir: Path, now: datetime, checked: bool = False
) -> SqliteDatabase:
    """Open (creating or migrating as needed) the database at ``path`` and bind the models.

    Raises :class:`StoreError` with a message fit for a person when the file
    cannot be used; in that case the file is left exactly as it was.
    """
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        try:
            version = read_user_version(path)
        except FileError as exc:
            raise StoreError(str(exc)) from exc
        if not checked:  # the GUI runs the check on a worker thread at start-up
            check_integrity(path)
        if version > schema.SCHEMA_VERSION:
            raise DatabaseTooNew(
                f"{path} was written by a newer NetCare (schema version {version}; this one "
                f"understands up to {schema.SCHEMA_VERSION}). Install a newer NetCare; the file "
                "was not changed."
            )
    else:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Created readable by the user only.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    # BEGIN IMMEDIATE: a transaction takes the write lock when it starts, so two writers
    # (the window and a CLI command) queue on the busy timeout instead of one failing with
    # "database is locked" when its read turns into a write after the other committed.
    database = SqliteDatabase(
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
