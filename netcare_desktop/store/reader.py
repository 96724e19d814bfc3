"""A lean read-only connection for the contact list, and version checks without peewee.

The contact list's queries are plain SQL (``queries.py``), so they run on a
bare ``sqlite3`` connection.  That lets the window paint its first frame,
contacts included, before peewee (about 30 ms of imports) is loaded for the
writing side.  ``query_only`` makes sure nothing is ever written through it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import struct
import time
from pathlib import Path

from netcare_desktop.store.errors import DatabaseDamaged
from netcare_desktop.store.errors import FileError as FileError  # re-exported (old path)
from netcare_desktop.store.version import SCHEMA_VERSION as SCHEMA_VERSION  # likewise


def _damaged(path: Path, said: str):
    return DatabaseDamaged(
        f"NetCare's database {path} is damaged ({said}). Nothing was written to it.", path
    )


_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_VERSION = 3007000


def _wal_checksum(data: bytes, big_endian: bool) -> tuple[int, int]:
    """SQLite's WAL checksum over ``data`` (a multiple of 8 bytes)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    s0 = s1 = 0
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def _shm_salts(shm: Path) -> set[bytes] | None:
    """The WAL salts the wal-index (``-shm``) holds in its two header copies, or None."""
    try:
        with open(shm, "rb") as f:
            head = f.read(96)
    except OSError:
        return None
    if len(head) < 96:
        return None
    return {head[32:40], head[48 + 32 : 48 + 40]}


_SHM_DMS_BYTE = 128  # SQLite (unix VFS): every open connection holds a read lock on it


def _in_use(shm: Path) -> bool:
    """Does another process have the database open (a lock on the -shm's DMS byte)?"""
    try:
        import fcntl
    except ImportError:  # Windows: no fcntl locks to ask; the salts decide
        return False
    try:
        fd = os.open(shm, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        # F_GETLK for a write lock: answers with the conflicting lock if anyone holds one.
        query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS_BYTE, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        return struct.unpack("hhqqi4x", answer)[0] != fcntl.F_UNLCK
    except OSError:
        return False
    finally:
        os.close(fd)


def wal_problem(path: Path) -> str | None:
    """Why the ``-wal`` beside ``path`` must not be replayed into it, or None.

    SQLite replays any well-formed WAL beside a database, even one copied from
    another database or left from an older copy of this one.  A WAL that SQLite
    would replay (valid header, a first frame with its salts) must have the
    database's page size and be the one the wal-index (``-shm``) of the last
    session describes: the same salts.  A live NetCare and a killed one both
    leave a matching pair; a WAL copied or left beside the file alone does not.
    """
    path = Path(path)
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    try:
        st = os.lstat(wal)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"its -wal file cannot be read: {exc.strerror}"
    if not stat.S_ISREG(st.st_mode):
        return "its -wal is not a regular file"
    if _in_use(shm):
        # Another connection has the file open: the WAL is its live log. A long write
        # that restarted the WAL has new salts the -shm only gets at its commit, so
        # comparing them now would call a healthy database damaged.
        return None
    for _attempt in range(20):  # a live writer may be restarting its WAL right now
        before = _shm_salts(shm)
        try:
            with open(wal, "rb") as f:
                header = f.read(32)
                frame = f.read(24)
            with open(path, "rb") as f:
                db_header = f.read(100)
        except OSError as exc:
            return f"its -wal file cannot be read: {exc.strerror}"
        after = _shm_salts(shm)
        if before == after:
            break
        time.sleep(0.01)
    if len(header) < 32 or len(frame) < 24 or len(db_header) < 100:
        return None  # no frame at all: nothing to replay
    magic, version, page_size = struct.unpack(">3I", header[:12])
    if magic not in _WAL_MAGIC:
        return "the -wal file beside it is not an SQLite log"
    if _wal_checksum(header[:24], bool(magic & 1)) != struct.unpack(">2I", header[24:32]):
        return None  # SQLite ignores a WAL whose header fails its checksum
    if version != _WAL_VERSION:
        return "the -wal file beside it has an unknown format"
    if frame[8:16] != header[16:24]:
        return None  # the first frame is not of this WAL: SQLite replays nothing
    db_page = struct.unpack(">H", db_header[16:18])[0]
    db_page = 65536 if db_page == 1 else db_page
    if page_size != db_page:
        return (
            f"the -wal file beside it belongs to another database (page size {page_size}, "
            f"the database's is {db_page})"
        )
    if not _has_commit(wal, header, page_size, st.st_size):
        # A transaction that never committed (killed mid-import, in a fresh WAL whose
        # salts the -shm only learns at commit): SQLite replays none of it.
        return None
    salts = _shm_salts(shm)
    if salts is None or header[16:24] not in salts:
        return "the -wal file beside it is not the one its last session wrote (stale or foreign)"
    return None


def _has_commit(wal: Path, header: bytes, page_size: int, size: int) -> bool:
    """Does the WAL hold a commit frame of its own (its salts), i.e. something to replay?"""
    salts = header[16:24]
    offset = 32
    try:
        with open(wal, "rb") as f:
            while offset + 24 + page_size <= size:
                f.seek(offset)
                frame = f.read(24)
                if len(frame) < 24 or frame[8:16] != salts:
                    return False
                if frame[4:8] != b"\0\0\0\0":  # a commit frame: the database size after it
                    return True
                offset += 24 + page_size
    except OSError:
        return True  # cannot tell: let the salts decide
    return False


def check_wal(path: Path) -> None:
    """Raise ``DatabaseDamaged`` when a stale or foreign ``-wal`` lies beside ``path``.

    A live writer restarting its WAL updates the ``-shm`` a moment before the WAL
    header: a mismatch must persist over a few looks before it counts.
    """
    problem = wal_problem(path)
    for _look in range(5):
        if problem is None:
            return
        time.sleep(0.02)
        problem = wal_problem(path)
    if problem is not None:
        raise _damaged(path, problem)


_NOT_THE_FILE = ("SQLITE_CANTOPEN", "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_BUSY", "SQLITE_PERM")


def _cannot_read(path: Path, exc: sqlite3.Error) -> FileError | None:
    """A failure of the disk or folder (not of the file's content), said as such."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if not (name.startswith("SQLITE_IOERR") or name in _NOT_THE_FILE):
        return None
    from netcare_desktop.store.files import describe_os_error

    said = describe_os_error(exc)
    if name == "SQLITE_CANTOPEN" and said == str(exc):
        said = "the disk or folder cannot be used (read-only or full?)"
    return FileError(f"cannot read {path}: {said}")


def read_only_uri(path: Path, immutable: bool = False) -> str:
    """A URI that reads ``path`` without writing; ``immutable`` for a read-only or full disk.

    SQLite cannot read a WAL-mode file in a read-only folder when it cannot create
    its ``-shm``; with no ``-shm`` (no NetCare has the file open) nothing else is
    writing, and the file can be read as immutable.
    """
    path = Path(path).absolute()
    shm = path.with_name(path.name + "-shm")
    mode = "immutable=1" if immutable and not shm.exists() else "mode=ro"
    return f"{path.as_uri()}?{mode}"


def read_user_version(path: Path, immutable: bool = False) -> int:
    """Read the schema version without writing anything (read-only URI).

    A stale or foreign ``-wal`` beside the file is refused first (``DatabaseDamaged``),
    before any connection could replay it.
    """
    check_wal(path)
    try:
        con = sqlite3.connect(read_only_uri(path, immutable), uri=True)
    except sqlite3.Error as exc:
        raise FileError(f"cannot open {path}: {exc}") from exc
    try:
        return int(con.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise _cannot_read(path, exc) or FileError(
            f"{path} is not a NetCare database ({exc})"
        ) from exc
    finally:
        con.close()


def open_reader(path: Path, busy_timeout_s: float = 10.0) -> sqlite3.Connection:
    """A connection for reads only, in autocommit mode so it always sees the latest commit."""
    con = sqlite3.connect(str(path), timeout=busy_timeout_s, isolation_level=None)
    con.execute("PRAGMA query_only = 1")
    con.execute("PRAGMA temp_store = memory")
    con.execute("PRAGMA cache_size = -16000")
    return con


def check_integrity(path: Path, immutable: bool = False) -> None:
    """``PRAGMA quick_check`` read-only before anything writes: a damaged file stays as it is.

    A stale or foreign ``-wal`` beside it counts as damage too (see :func:`wal_problem`).
    """
    check_wal(path)
    try:
        con = sqlite3.connect(read_only_uri(path, immutable), uri=True)
    except sqlite3.Error as exc:
        raise FileError(f"cannot open {path}: {exc}") from exc
    try:
        rows = [r[0] for r in con.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        unreadable = _cannot_read(path, exc)
        if unreadable is not None:
            con.close()
            raise unreadable from exc
        rows = [str(exc)]
    finally:
        con.close()
    if rows != ["ok"]:
        said = "; ".join(str(r) for r in rows[:3])

        raise DatabaseDamaged(
            f"NetCare's database {path} is damaged (SQLite's check says: {said}). "
            "Nothing was written to it.",
            path,
        )
