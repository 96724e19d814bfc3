"""A lean read-only connection for the contact list, and version checks without peewee.

The contact list's queries are plain SQL (``queries.py``), so they run on a
bare ``sqlite3`` connection.  That lets the window paint its first frame,
contacts included, before peewee (about 30 ms of imports) is loaded for the
writing side.  ``query_only`` makes sure nothing is ever written through it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = 3  # the schema this code writes; the migration ladder lives in schema.py


class FileError(Exception):
    """The file cannot be read as a NetCare database (a message for a person)."""


def read_user_version(path: Path) -> int:
    """Read the schema version without writing anything (read-only URI)."""
    try:
        con = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise FileError(f"cannot open {path}: {exc}") from exc
    try:
        return int(con.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise FileError(f"{path} is not a NetCare database ({exc})") from exc
    finally:
        con.close()


def open_reader(path: Path, busy_timeout_s: float = 10.0) -> sqlite3.Connection:
    """A connection for reads only, in autocommit mode so it always sees the latest commit."""
    con = sqlite3.connect(str(path), timeout=busy_timeout_s, isolation_level=None)
    con.execute("PRAGMA query_only = 1")
    con.execute("PRAGMA temp_store = memory")
    con.execute("PRAGMA cache_size = -16000")
    return con


def check_integrity(path: Path) -> None:
    """``PRAGMA quick_check`` read-only before anything writes: a damaged file stays as it is."""
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise FileError(f"cannot open {path}: {exc}") from exc
    try:
        rows = [r[0] for r in con.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    finally:
        con.close()
    if rows != ["ok"]:
        said = "; ".join(str(r) for r in rows[:3])
        from netcare_desktop.store.schema import DatabaseDamaged  # peewee: only on this path

        raise DatabaseDamaged(
            f"NetCare's database {path} is damaged (SQLite's check says: {said}). "
            "Nothing was written to it.",
            path,
        )
