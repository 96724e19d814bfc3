"""Backups: SQLite's online backup API, verified copies, a daily/weekly retention, restore.

A backup is a complete database file in ``backups/`` (0600), named
``netcare-<reason>-<UTC stamp>.db``.  Every new copy is checked with
``PRAGMA integrity_check`` before anything older is pruned; a copy that fails
the check is deleted and the old ones are kept.  Retention keeps the newest
backup of each of the last ``daily`` days and of each of the last ``weekly``
ISO weeks (settings), and the newest five whatever their day.

Restoring first backs up the current file, then copies the chosen backup
into the live database through the backup API (other connections see the
restored data at their next read); the chosen file must pass its check.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from netcare_desktop.store.schema import backup_database, copy_database

DAILY_KEEP = 7
WEEKLY_KEEP = 4
KEEP_RECENT = 5  # the newest few, whatever their day (a manual one, the one before a restore)
_NAME = re.compile(r"^netcare-(?P<label>[\w-]+?)-(?P<stamp>\d{8}T\d{6})(?:-\d+)?\.db$")


class BackupError(Exception):
    """A backup could not be made, verified or restored (a message for a person)."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    label: str
    taken_at: datetime  # naive UTC
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def integrity_ok(path: Path, quick: bool = False) -> tuple[bool, str]:
    """Run ``integrity_check`` (or ``quick_check``) read-only; (ok, what SQLite said)."""
    try:
        con = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return False, str(exc)
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [r[0] for r in con.execute(f"PRAGMA {pragma}").fetchall()]
        ok = rows == ["ok"]
        if ok:  # it must also be a NetCare database
            con.execute("SELECT count(*) FROM contact").fetchone()
        return ok, "ok" if ok else "; ".join(str(r) for r in rows[:5])
    except sqlite3.DatabaseError as exc:
        return False, str(exc)
    finally:
        con.close()


def list_backups(backups_dir: Path) -> list[BackupInfo]:
    """Backups, newest first (files that do not look like ours are ignored)."""
    out = []
    if not backups_dir.is_dir():
        return out
    for p in backups_dir.iterdir():
        m = _NAME.match(p.name)
        if not m or not p.is_file():
            continue
        try:
            taken = datetime.strptime(m.group("stamp"), "%Y%m%dT%H%M%S")
        except ValueError:
            continue
        out.append(BackupInfo(p, m.group("label"), taken, p.stat().st_size))
    out.sort(key=lambda b: (b.taken_at, b.name), reverse=True)
    return out


def take_backup(
    conn: sqlite3.Connection,
    backups_dir: Path,
    now: datetime,
    label: str = "daily",
    daily: int = DAILY_KEEP,
    weekly: int = WEEKLY_KEEP,
) -> Path:
    """Copy the live database, verify the copy, then prune. Raises BackupError."""
    try:
        target = backup_database(conn, backups_dir, label, now)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"could not write a backup in {backups_dir}: {exc}") from exc
    ok, said = integrity_ok(target)
    if not ok:
        target.unlink(missing_ok=True)
        raise BackupError(f"the new backup failed its check ({said}); older backups were kept")
    prune(backups_dir, now, daily, weekly, keep=target)
    return target


def prune(
    backups_dir: Path,
    now: datetime,
    daily: int = DAILY_KEEP,
    weekly: int = WEEKLY_KEEP,
    keep: Path | None = None,
) -> list[Path]:
    """Delete what the retention does not keep; returns the deleted files."""
    backups = list_backups(backups_dir)
    kept: set[Path] = {keep} if keep else set()
    days: set = set()
    weeks: set = set()
    for b in backups:  # newest first: the newest of each day / week is kept
        day = b.taken_at.date()
        week = day.isocalendar()[:2]
        if (now.date() - day).days < daily and day not in days:
            days.add(day)
            kept.add(b.path)
        if now.date() - day < timedelta(weeks=weekly) and week not in weeks:
            weeks.add(week)
            kept.add(b.path)
    kept.update(b.path for b in backups[:KEEP_RECENT])  # a backup just taken is never pruned
    deleted = []
    for b in backups:
        if b.path not in kept:
            b.path.unlink(missing_ok=True)
            deleted.append(b.path)
    return deleted


IMPORT_BACKUP_OVER = 100  # records


def before_import(db_path: Path, backups_dir: Path, now: datetime, records: int) -> Path | None:
    """A verified backup before an import of more than 100 records into a non-empty database.

    Opens its own connection, so it can run on whichever thread does the import.
    """
    if records <= IMPORT_BACKUP_OVER:
        return None
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        if conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 0:
            return None  # nothing to lose yet
        return take_backup(conn, backups_dir, now, label="pre-import")
    finally:
        conn.close()


def daily(db_path: Path, backups_dir: Path, now: datetime, days: int, weeks: int) -> Path | None:
    """The automatic backup: at most once a day, verified, then pruned (own connection)."""
    if not due_for_daily(backups_dir, now):
        return None
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        return take_backup(conn, backups_dir, now, "daily", days, weeks)
    finally:
        conn.close()


def due_for_daily(backups_dir: Path, now: datetime) -> bool:
    """At most one automatic backup a day: is there none from the last 24 hours?"""
    newest = next(iter(list_backups(backups_dir)), None)
    return newest is None or now - newest.taken_at >= timedelta(hours=24)


def export_copy(conn: sqlite3.Connection, target: Path) -> Path:
    """``netcare backup -o FILE``: a verified copy somewhere the user chose."""
    target = Path(target)
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        copy_database(conn, tmp)
        ok, said = integrity_ok(tmp)
        if not ok:
            raise BackupError(f"the copy failed its check ({said})")
        os.replace(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"could not write {target}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target


def restore(conn: sqlite3.Connection, source: Path, backups_dir: Path, now: datetime) -> Path:
    """Replace the live database with ``source`` (verified); the current file is backed up first.

    Returns the safety backup of what was there before.  The schema version of
    ``source`` must not be newer than this app's.
    """
    from netcare_desktop.store.reader import SCHEMA_VERSION, read_user_version

    source = Path(source)
    if not source.is_file():
        raise BackupError(f"no such backup: {source}")
    ok, said = integrity_ok(source)
    if not ok:
        raise BackupError(f"{source.name} is not a sound NetCare database ({said})")
    version = read_user_version(source)
    if version > SCHEMA_VERSION:
        raise BackupError(
            f"{source.name} was written by a newer NetCare (schema {version}); not restored"
        )
    safety = take_backup(conn, backups_dir, now, label="before-restore")
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        src.backup(conn)
    except sqlite3.Error as exc:
        raise BackupError(f"could not restore {source.name}: {exc}") from exc
    finally:
        src.close()
    return safety


def newest_good(backups_dir: Path) -> BackupInfo | None:
    """The newest backup that passes its integrity check."""
    for b in list_backups(backups_dir):
        if integrity_ok(b.path)[0]:
            return b
    return None


def set_aside_damaged(path: Path, now: datetime) -> Path:
    """Move a damaged database (and its WAL/SHM) beside itself, untouched, and return where."""
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def recover_from(backup: Path, path: Path, now: datetime) -> Path:
    """Put the damaged file aside and copy ``backup`` in its place; returns the damaged copy."""
    damaged = set_aside_damaged(path, now)
    src = sqlite3.connect(f"{Path(backup).as_uri()}?mode=ro", uri=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.close(fd)
        dest = sqlite3.connect(path)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")
        finally:
            dest.close()
    finally:
        src.close()
    return damaged
