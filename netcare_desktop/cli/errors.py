"""An error nobody planned for, explained in one line; never a traceback.

The root cause is found under the chain (a failed ROLLBACK after a full disk hides the
full disk), storage problems are named (full, read-only, permissions, I/O), and the
traceback is appended to the log file for whoever reports the bug.
"""

from __future__ import annotations

from netcare_desktop.cli.common import current_time


def _root_cause(exc: BaseException) -> BaseException:
    """The error that started it: a failed ROLLBACK after a full disk hides the full disk."""
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    storage = [e for e in seen if _storage_problem(e)]
    return storage[-1] if storage else seen[0]


def _storage_problem(exc: BaseException) -> str | None:
    import errno

    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "disk is full" in text:
        return "the disk is full"
    if isinstance(exc, OSError) and exc.errno == errno.EROFS or "readonly" in text:
        return "the database or its folder is read-only"
    if isinstance(exc, OSError) and exc.errno == errno.EACCES or "unable to open" in text:
        return "NetCare's files cannot be opened (permissions)"
    if "disk i/o error" in text or isinstance(exc, OSError) and exc.errno == errno.EIO:
        return "the disk reported an I/O error"
    return None


def explain(exc: BaseException, args) -> str:
    """One line for an error nobody planned for; the traceback goes to the log file."""
    import traceback

    cause = _root_cause(exc)
    problem = _storage_problem(cause)
    if problem:  # SQLite says "readonly" when a full disk denied it its -shm: look
        problem = _disk_state(args) or problem
    where = _log_traceback(args, "".join(traceback.format_exception(exc)))
    if problem:
        return f"{problem}: nothing was changed ({cause})"
    detail = f"; details are in {where}" if where else ""
    return f"unexpected error, nothing was changed ({type(cause).__name__}: {cause}){detail}"


def _disk_state(args) -> str | None:
    """What the data folder's file system says: full, read-only, or nothing to say."""
    import os

    from netcare_desktop import paths

    try:
        st = os.statvfs(paths.resolve(getattr(args, "data_dir", None)).data_dir)
    except (OSError, AttributeError):  # no statvfs on Windows
        return None
    if st.f_flag & os.ST_RDONLY:
        return "the data folder's disk is read-only"
    if st.f_bavail * st.f_frsize < 1_000_000:
        return "the disk is full"
    return None


def _log_traceback(args, text: str) -> str | None:
    """Append ``text`` to the log (created 0600); where it went, or None if it could not."""
    import os

    from netcare_desktop import paths

    try:
        log_dir = paths.resolve(getattr(args, "data_dir", None)).log_dir
        log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = log_dir / "netcare.log"
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(f"{current_time().isoformat()} ERROR netcare.cli: {text}\n")
        return str(target)
    except (OSError, ValueError):
        return None
