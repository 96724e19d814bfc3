"""UI fixtures: a real main window over a real database, and a way to answer modal dialogs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.exceptions import TimeoutError  # noqa: A004 - pytest-qt's own

from netcare_desktop.ui.main_window import MainWindow
from netcare_desktop.ui.store_events import StoreEvents


@pytest.fixture
def window(qtbot, store, reader, app_paths, now):
    events = StoreEvents(app_paths.database)
    w = MainWindow(app_paths, reader, clock=lambda: now, events=events)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    events.close()


@pytest.fixture
def answer_modal(qtbot):
    """Run ``trigger`` (which opens a modal dialog) and let ``handler`` drive that dialog.

    The handler runs inside the dialog's own event loop, as a person's clicks would.
    """

    def run(
        trigger: Callable[[], None],
        handler: Callable[[QWidget], None],
        timeout_ms: int = 5000,
        want: type | None = None,
        wait: bool = False,
    ) -> None:
        """``want``: only a modal of that type counts (progress dialogs come and go first);
        ``wait``: the dialog appears later (after a worker), so wait for it."""
        state = {"done": False, "error": None, "waited": 0}

        def poll():
            dialog = QApplication.activeModalWidget()
            if dialog is None or (want is not None and not isinstance(dialog, want)):
                state["waited"] += 20
                if state["waited"] < timeout_ms:
                    QTimer.singleShot(20, poll)
                return
            try:
                handler(dialog)
            except BaseException as exc:  # re-raised after the dialog closes
                state["error"] = exc
                dialog.close()
            state["done"] = True

        before = QApplication.activeWindow()
        focus = QApplication.focusWidget()
        QTimer.singleShot(0, poll)
        trigger()
        if wait:
            qtbot.waitUntil(lambda: state["done"], timeout=timeout_ms + 1000)
        if state["error"] is not None:
            raise state["error"]
        assert state["done"], "no modal dialog appeared"
        # Give activation and focus back, as the window manager does when a dialog closes.
        if (
            before is not None
            and QApplication.activeModalWidget() is None
            and not before.isActiveWindow()
        ):
            before.activateWindow()
            try:
                qtbot.waitUntil(before.isActiveWindow, timeout=2000)
            except TimeoutError:  # another dialog of the flow took over: nothing to give back
                pass
            if focus is not None:
                focus.setFocus()

    return run
