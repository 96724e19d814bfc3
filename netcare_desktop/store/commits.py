"""In-process commit listeners: told after every commit this process makes to a database.

``NetCareDatabase.commit`` calls :func:`notify` once the COMMIT has returned, so a
listener never runs inside the transaction it hears about.  It runs on the thread
that committed (a worker's import, say): a listener that touches a GUI must hand the
news to its own thread (``ui.store_events`` does, through a queued signal) and
return at once.  No peewee and no Qt here, so a window can listen before peewee is
loaded.  Writes by other processes are not announced here: they reach readers
through the change feed (``store.changes``) and a watch on the file.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

CommitListener = Callable[[str], None]  # called with the database's real path

_listeners: list[CommitListener] = []
_lock = threading.Lock()


def real_path(path: str | os.PathLike) -> str:
    """The key a listener compares: the absolute path with symbolic links resolved."""
    return os.path.realpath(os.fspath(path))


def add_listener(listener: CommitListener) -> None:
    with _lock:
        if listener not in _listeners:
            _listeners.append(listener)


def remove_listener(listener: CommitListener) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def notify(path: str) -> None:
    """Tell every listener that the database at ``path`` (a real path) has committed.

    A failing listener is logged and the others are still told: the write itself has
    succeeded and must never look as if it had failed."""
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(path)
        except Exception:  # noqa: BLE001 - a listener never fails the write
            log.exception("a commit listener failed")
