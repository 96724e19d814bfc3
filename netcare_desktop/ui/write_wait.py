"""While a write waits for the database's lock: the window stays painted and says so.

The store's ``begin`` tries for the write lock in short slices and calls the hook
installed here between them (``store.database.set_wait_hook``).  On the GUI thread
the hook shows "Saving…" in the status bar with a busy cursor and lets Qt paint and
run its timers; user input waits until the write is stored, so nothing the person
does can slip in between.  A write that waited past the store's limit raises
``StoreBusy``; :func:`save` then keeps what the person entered and offers to retry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThread
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from netcare_desktop.store.locking import StoreBusy
from netcare_desktop.ui.messages import Button, Icon, box

T = TypeVar("T")

SAY_AFTER_S = 0.2  # a wait shorter than this is not worth a word
WAITING = "Saving… waiting for another program that is writing to NetCare's database"


class WriteWaitIndicator:
    """The wait hook for the window (``set_wait_hook(WriteWaitIndicator(window))``)."""

    def __init__(self, window: QMainWindow):
        self.window = window
        self.depth = 0  # waits in progress on the GUI thread (a timer may write while one waits)
        self.shown = False

    def __call__(self, waited: float | None) -> None:
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return  # a worker's wait: the worker's own progress says it
        if not shiboken6.isValid(self.window):
            return
        if waited is None:
            self._end()
            return
        if waited >= SAY_AFTER_S and not self.shown:
            self.shown = True
            self.window.statusBar().showMessage(WAITING)
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.depth += 1
        try:
            app.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 20)
        finally:
            self.depth -= 1

    def _end(self) -> None:
        if self.depth == 0 and self.shown:
            self.shown = False
            QApplication.restoreOverrideCursor()
            if self.window.statusBar().currentMessage() == WAITING:
                self.window.statusBar().clearMessage()


def save(parent: QWidget, write: Callable[[], T], what: str) -> T | None:
    """Run ``write``; if the lock stayed taken past the limit, keep the change and ask
    whether to try again (Retry) or drop it (Discard). None when it was dropped."""
    while True:
        try:
            return write()
        except StoreBusy as exc:
            b = box(
                parent,
                Icon.Warning,
                "Not saved yet",
                f"{what} is not saved yet: {exc}.\n\nTry again now, or discard it?",
            )
            b.setStandardButtons(Button.Retry | Button.Discard)
            b.setDefaultButton(Button.Retry)
            if b.exec() != Button.Retry:
                return None
