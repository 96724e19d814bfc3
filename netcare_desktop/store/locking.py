"""Waiting for the write lock: the limit, the hook that says so, the error past the limit.

Free of peewee and Qt, so the window can install its hook before the writing side
of the store is loaded (``database.NetCareDatabase.begin`` does the waiting).
"""

from __future__ import annotations

from collections.abc import Callable

# A write waits this long for the lock before it gives up: a long import (40,000 cards),
# a backup or another NetCare may hold it for seconds; a write is never dropped for that.
WRITE_WAIT_S = 180.0
WAIT_SLICE_S = 0.05  # each try at the lock waits this long, then the hook runs


class StoreBusy(Exception):
    """Another program held the write lock for longer than ``WRITE_WAIT_S`` (a message
    for a person); nothing of this write was stored."""


# Called while a write waits for the lock: ``hook(waited_seconds)``, from the waiting
# thread, about every WAIT_SLICE_S, and ``hook(None)`` once the lock is ours (or the wait
# gave up). The CLI says once that it waits; the window repaints and shows "Saving…".
WaitHook = Callable[[float | None], None]
_wait_hook: WaitHook | None = None


def set_wait_hook(hook: WaitHook | None) -> WaitHook | None:
    """Install the hook run while a write waits for the lock; returns the previous one."""
    global _wait_hook
    previous, _wait_hook = _wait_hook, hook
    return previous


def wait_hook() -> WaitHook | None:
    return _wait_hook
