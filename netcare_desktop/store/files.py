"""Files private from their first byte, and targets that are refused rather than followed.

Every file NetCare writes outside its database (backups, ``backup -o``, exports)
is created here: ``O_CREAT | O_EXCL | O_NOFOLLOW`` with mode 0600 under a
temporary umask of 077, so no other local user can open it at any moment, and
nothing that was already at the path (a symlink, a FIFO, another user's file) is
followed, written through or replaced.  The umask is process-wide; while it is
held, SQLite's own ``-journal``/``-wal``/``-shm`` files beside a copy are private
too (SQLite also gives them the database file's own mode, 0600).
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SIDE_FILES = ("-journal", "-wal", "-shm")  # what SQLite may create beside a database
PARTIAL = ".partial"  # a file being written: never listed, counted or used


class UnsafeTarget(OSError):
    """The path cannot be written safely (a message for a person)."""


_lock = threading.Lock()
_depth = 0
_saved_umask = 0o022


@contextmanager
def private_umask() -> Iterator[None]:
    """``umask 077`` for the duration (nested and threaded uses restore the original once)."""
    global _depth, _saved_umask
    with _lock:
        if _depth == 0:
            _saved_umask = os.umask(0o077)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                os.umask(_saved_umask)


def why_unsafe(path: Path) -> str | None:
    """Why ``path`` cannot be a new file of ours, or None when nothing is there."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot use {path}: {exc.strerror}"
    if stat.S_ISLNK(st.st_mode):
        return f"{path} is a symbolic link; NetCare does not write through links"
    if stat.S_ISFIFO(st.st_mode):
        return f"{path} is a named pipe (FIFO), not a file"
    if stat.S_ISDIR(st.st_mode):
        return f"{path} is a folder"
    if not stat.S_ISREG(st.st_mode):
        return f"{path} is not a regular file"
    if st.st_uid != os.geteuid():
        return f"{path} belongs to another user; NetCare does not write to it"
    return f"{path} already exists; choose a new name (NetCare does not overwrite files)"


def refuse_existing(path: Path) -> None:
    """Raise :class:`UnsafeTarget` if anything at all is at ``path``."""
    why = why_unsafe(path)
    if why is not None:
        raise UnsafeTarget(errno.EEXIST, why)


def create_private(path: Path) -> int:
    """A new file, 0600 from its first byte; returns a write-only descriptor.

    Never chmod-ed afterwards: the mode is right from ``open``.  Whatever is
    already at ``path`` is refused, not followed or replaced.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    with private_umask():
        try:
            return os.open(path, flags, 0o600)
        except FileExistsError:
            refuse_existing(path)
            raise
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symlink
                raise UnsafeTarget(exc.errno, f"{path} is a symbolic link") from exc
            raise


def clear_leftover(path: Path) -> None:
    """Remove a stale file of ours (a ``.partial`` left by a killed run); refuse anything else."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid():
        os.unlink(path)
        return
    if stat.S_ISLNK(st.st_mode) and st.st_uid == os.geteuid():
        os.unlink(path)  # removes the link itself, never what it points to
        return
    refuse_existing(path)


def fsync_path(path: Path, directory: bool = False) -> None:
    """Flush a file (or a folder's entries) to the disk."""
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        if directory:
            return  # some platforms cannot open folders; the rename is still atomic
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not directory:
            raise
    finally:
        os.close(fd)


def publish(tmp: Path, target: Path, replace: bool = False) -> None:
    """Give a finished, private file its final name, atomically.

    With ``replace`` (NetCare's own backups folder) an old file of the same
    name is replaced; otherwise a file that appeared at ``target`` meanwhile is
    never clobbered: a hard link fails if the name is taken.
    """
    if replace:
        os.replace(tmp, target)
    else:
        try:
            os.link(tmp, target, follow_symlinks=False)
        except FileExistsError:
            refuse_existing(target)
            raise
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
                raise
            refuse_existing(target)  # no hard links here (FAT, some network disks)
            os.replace(tmp, target)
        else:
            os.unlink(tmp)
    fsync_path(target.parent, directory=True)


def describe_os_error(exc: BaseException) -> str:
    """The cause in plain words: disk full and read-only are named as such."""
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if code == errno.ENOSPC or "disk is full" in text or "database or disk is full" in text:
        return "the disk is full"
    if code == errno.EDQUOT:
        return "the disk quota is exhausted"
    if code == errno.EROFS or "read-only" in text or "readonly" in text:
        return "the disk or folder is read-only"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return str(exc)
