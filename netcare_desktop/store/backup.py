"""Backups: SQLite's online backup API, verified copies, a daily/weekly retention, restore.

A backup is a complete database file in ``backups/``, named
``netcare-<reason>-<UTC stamp>.db``, private (0600) from its first byte.  It
is written as ``<name>.partial`` (which nothing lists, counts or prunes),
flushed to the disk, checked with ``PRAGMA integrity_check``, and only then
renamed to its name; a copy that fails is deleted and the old ones are kept,
and leftovers of a killed copy are removed by the next backup.  Copies that
passed their check are recorded (name, size, modification time) in
``backups.verified`` beside the folder; retention only ever counts recorded copies, and a file
that changed since its check (or was never checked) is checked again before it
counts.  Retention keeps the newest verified backup of each of the last
``daily`` days and of each of the last ``weekly`` ISO weeks (settings), the
newest five whatever their day, and always the newest "before-restore" copy,
so the last restore can be undone.

Restoring accepts only a NetCare database (schema 1 up to this app's, NetCare's
tables, ``integrity_check`` passed), backs up the current file first, then
copies the chosen backup into the live database through the backup API (other
connections see the restored data at their next read).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from netcare_desktop.store import changes, files
from netcare_desktop.store.errors import StoreError

DAILY_KEEP = 7
WEEKLY_KEEP = 4
KEEP_RECENT = 5  # the newest few, whatever their day (a manual one, the one before a restore)
_NAME = re.compile(r"^netcare-(?P<label>[\w-]+?)-(?P<stamp>\d{8}T\d{6})(?:-\d+)?\.db$")
PARTIAL = files.PARTIAL
VERIFIED = ".verified"  # beside backups/: the record of copies that passed integrity_check
# Tables every NetCare database has had since schema 1.
NETCARE_TABLES = frozenset(
    "address circle contact email extra group import_batch import_change interaction "
    "membership phone reminder_state setting url".split()
)


class BackupError(StoreError):
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
        con = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
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
    out: list[BackupInfo] = []
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


def write_verified(conn: sqlite3.Connection, target: Path, replace: bool = False) -> Path:
    """Copy the live database to ``target`` so that it appears whole and checked, or not at all.

    The copy is written as ``<target>.partial`` (private from its first byte),
    flushed, checked with ``integrity_check``, and renamed only then.  Raises
    :class:`BackupError`; nothing is left behind when it fails.
    """
    target = Path(target).absolute()
    tmp = target.with_name(target.name + PARTIAL)
    created = False
    try:
        if not replace:
            files.refuse_existing(target)
        files.clear_leftover(tmp)  # ours from a killed run; anything else is refused
        copy_database(conn, tmp)
        created = True
        files.fsync_path(tmp)
        ok, said = integrity_ok(tmp)
        if not ok:
            raise BackupError(f"the new copy failed its check ({said}); older backups were kept")
        files.publish(tmp, target, replace=replace)
    except files.UnsafeTarget as exc:
        raise BackupError(exc.strerror) from exc
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"could not write {target}: {files.describe_os_error(exc)}") from exc
    finally:
        if created:
            tmp.unlink(missing_ok=True)
    if replace:
        _record_verified(target.parent, [target])
    return target


def backup_database(
    source: sqlite3.Connection, backups_dir: Path, label: str, now: datetime
) -> Path:
    """A verified copy of a live database in ``backups/`` (WAL content included).

    Written under a ``.partial`` name that nothing lists, flushed, checked with
    ``integrity_check``, and only then renamed: a copy that fails (disk full,
    killed, I/O error) never looks like a backup.  Raises ``BackupError``.
    """
    try:
        with files.private_umask():
            backups_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise BackupError(
            f"cannot use the backups folder {backups_dir}: {files.describe_os_error(exc)}"
        ) from exc
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target = backups_dir / f"netcare-{label}-{stamp}.db"
    n = 1
    while target.exists():
        n += 1
        target = backups_dir / f"netcare-{label}-{stamp}-{n}.db"
    return write_verified(source, target, replace=True)


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """A whole copy of a live database (WAL content included) in a NEW file.

    The file is created 0600 (``O_EXCL | O_NOFOLLOW``, umask 077) before SQLite
    touches the path, and SQLite runs under umask 077 while it copies, so its
    ``-journal``/``-wal`` beside the copy are private too; nothing is chmod-ed
    afterwards.  Anything already at ``target`` or its side files is refused.
    """
    target = Path(target)
    sides = [target.with_name(target.name + suffix) for suffix in files.SIDE_FILES]
    for side in sides:
        files.refuse_existing(side)
    os.close(files.create_private(target))
    try:
        with files.private_umask():
            dest = sqlite3.connect(f"{target.absolute().as_uri()}?nofollow=1", uri=True)
            try:
                source.backup(dest)
                # A copy is a plain file: rollback journal, so opening it read-only later
                # leaves no -wal/-shm beside it.
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
    except BaseException:
        for path in (target, *sides):
            path.unlink(missing_ok=True)
        raise
    return target


def clean_partials(backups_dir: Path) -> list[Path]:
    """Remove what killed or failed copies left in ``backups/`` (never listed, never counted)."""
    removed: list[Path] = []
    if not backups_dir.is_dir():
        return removed
    for p in backups_dir.iterdir():
        base = p.name
        for suffix in files.SIDE_FILES:
            base = base.removesuffix(suffix)
        if base.endswith(PARTIAL) and base.startswith("netcare-"):
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed


def _record_path(backups_dir: Path) -> Path:
    return backups_dir.with_name(backups_dir.name + VERIFIED)


def _read_record(backups_dir: Path) -> dict[str, list[int]]:
    try:
        data = json.loads(_record_path(backups_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _stamp(path: Path) -> list[int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _record_verified(backups_dir: Path, checked: list[Path]) -> None:
    """Add ``checked`` to the record (and drop files that are gone); written atomically."""
    record = _read_record(backups_dir)
    for p in checked:
        stamp = _stamp(p)
        if stamp is not None:
            record[p.name] = stamp
    present = {b.name for b in list_backups(backups_dir)}
    record = {k: v for k, v in record.items() if k in present}
    final = _record_path(backups_dir)
    tmp = final.with_name(final.name + PARTIAL)
    try:
        files.clear_leftover(tmp)
        fd = files.create_private(tmp)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.replace(tmp, final)
    except OSError:
        tmp.unlink(missing_ok=True)  # the record is an optimisation: copies get checked again


def verified_backups(backups_dir: Path) -> list[BackupInfo]:
    """Listed backups that passed ``integrity_check`` as they are now, newest first.

    A copy recorded as checked, with the same size and modification time, is
    not read again; any other is checked now (once: the result is recorded).
    """
    record = _read_record(backups_dir)
    out, newly = [], []
    for b in list_backups(backups_dir):
        if record.get(b.name) == _stamp(b.path):
            out.append(b)
        elif integrity_ok(b.path)[0]:
            out.append(b)
            newly.append(b.path)
    if newly:
        _record_verified(backups_dir, newly)
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
    clean_partials(backups_dir)
    target = backup_database(conn, backups_dir, label, now)
    prune(backups_dir, now, daily, weekly, keep=target)
    return target


def prune(
    backups_dir: Path,
    now: datetime,
    daily: int = DAILY_KEEP,
    weekly: int = WEEKLY_KEEP,
    keep: Path | None = None,
) -> list[Path]:
    """Delete what the retention does not keep; returns the deleted files.

    Only verified copies count, and only verified copies are deleted: a file
    that fails its check neither stands in for a good one nor disappears.
    """
    backups = verified_backups(backups_dir)
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
    undo = next((b for b in backups if b.label == "before-restore"), None)
    if undo is not None:  # the last restore can always be undone
        kept.add(undo.path)
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
    """At most one automatic backup a day: is there no verified one from the last 24 hours?"""
    newest = next(iter(verified_backups(backups_dir)), None)
    return newest is None or now - newest.taken_at >= timedelta(hours=24)


def export_copy(conn: sqlite3.Connection, target: Path) -> Path:
    """``netcare backup -o FILE``: a verified, private copy somewhere the user chose.

    Anything already at ``FILE`` (a file, a symlink, a FIFO, a folder) is
    refused; the copy appears there whole and checked, or not at all.
    """
    return write_verified(conn, Path(target), replace=False)


def check_restorable(source: Path) -> int:
    """Raise BackupError unless ``source`` is a sound NetCare database this app can read.

    Returns its schema version.  Nothing is opened for writing.
    """
    from netcare_desktop.store.reader import SCHEMA_VERSION, FileError, read_user_version

    source = Path(source)
    if source.is_symlink() or not source.is_file():
        raise BackupError(f"{source} is not a backup file")
    try:
        version = read_user_version(source)
    except FileError as exc:
        raise BackupError(
            f"{source.name} is not a sound NetCare database (not an SQLite file); "
            "nothing was changed"
        ) from exc
    if version > SCHEMA_VERSION:
        raise BackupError(
            f"{source.name} was written by a newer NetCare (schema {version}); not restored"
        )
    if version < 1:
        raise BackupError(
            f"{source.name} is not a sound NetCare database (no NetCare schema version); "
            "nothing was changed"
        )
    ok, said = integrity_ok(source)
    if not ok:
        raise BackupError(
            f"{source.name} is not a sound NetCare database ({said}); nothing was changed"
        )
    con = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as exc:
        raise BackupError(
            f"{source.name} is not a sound NetCare database ({exc}); nothing was changed"
        ) from exc
    finally:
        con.close()
    if not NETCARE_TABLES <= tables:
        raise BackupError(
            f"{source.name} is an SQLite database of another program, not NetCare's; "
            "nothing was changed"
        )
    return version


def restore(
    conn: sqlite3.Connection,
    source: Path,
    backups_dir: Path,
    now: datetime,
    label: str = "before-restore",
) -> Path:
    """Replace the live database with ``source`` (checked); the current file is backed up first.

    Returns the safety backup of what was there before (undo with
    :func:`undo_restore`).  Anything but a sound NetCare database of a known
    schema version is refused before anything is replaced.
    """
    source = Path(source)
    check_restorable(source)
    safety = take_backup(conn, backups_dir, now, label=label)
    seen = changes.latest(conn)
    src = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
    try:
        src.backup(conn)
    except sqlite3.Error as exc:
        raise BackupError(
            f"could not restore {source.name}: {files.describe_os_error(exc)}; "
            f"what was there before is kept in {safety}"
        ) from exc
    finally:
        src.close()
    _announce_restore(conn, seen)
    return safety


def _announce_restore(conn: sqlite3.Connection, seen: int) -> None:
    """The backup's change feed came back with it: tell every reader it could be anything.

    A restored file of an older schema has no feed; its readers see that as "anything"."""
    if not changes.has_feed(conn):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        changes.record_everything(conn, above=seen)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def last_restore(backups_dir: Path) -> BackupInfo | None:
    """The safety copy taken before the newest restore, if any (what an undo goes back to)."""
    return next((b for b in list_backups(backups_dir) if b.label == "before-restore"), None)


def undo_restore(conn: sqlite3.Connection, backups_dir: Path, now: datetime) -> tuple[Path, Path]:
    """Put back what was there before the last restore; returns (what came back, safety copy).

    What the undo replaces is itself backed up first ("before-undo"), so the
    undo can be undone by restoring that copy.
    """
    last = last_restore(backups_dir)
    if last is None:
        raise BackupError("there is no restore to undo")
    return last.path, restore(conn, last.path, backups_dir, now, label="before-undo")


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
