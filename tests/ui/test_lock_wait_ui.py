"""The window while another process holds the write lock: it paints, says "Saving…",
stores the change when the lock is free, and past the limit keeps it for a retry."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from netcare_desktop.core.kinds import Kind
from netcare_desktop.store import contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.models import db
from netcare_desktop.ui.dialogs import LogInteractionDialog
from netcare_desktop.ui.write_wait import WAITING
from tests.e2e.test_lock_wait import hold_lock


def _grace(window, now) -> int:
    cid = contacts.create_contact(
        ContactInput(given_name="Grace", family_name="Hopper", circle_id=1), now
    )
    window.refresh()
    window.table.selectRow(0)
    assert window.detail.contact_id == cid
    return cid


def _log(qtbot, summary, when=None):
    def fill(dialog):
        assert isinstance(dialog, LogInteractionDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData(Kind.COFFEE.value))
        if when is not None:
            dialog.when.setDateTime(when)
        qtbot.keyClicks(dialog.summary, summary)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    return fill


def _summaries(app_paths):
    con = sqlite3.connect(app_paths.database)
    try:
        return [r[0] for r in con.execute("SELECT summary FROM interaction ORDER BY id")]
    finally:
        con.close()


def test_a_touch_logged_while_locked_waits_with_the_window_painting(
    qtbot, window, answer_modal, app_paths, now
):
    _grace(window, now)
    seen = {"ticks": 0, "messages": set()}

    def tick():
        seen["ticks"] += 1
        seen["messages"].add(window.statusBar().currentMessage())

    timer = QTimer(window)
    timer.timeout.connect(tick)
    timer.start(50)
    holder = hold_lock(app_paths.database, 2.0)
    try:
        answer_modal(
            lambda: qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
            _log(qtbot, "Coffee while the import ran"),
        )
        ticks_while_waiting = seen["ticks"]
    finally:
        holder.communicate(timeout=30)
        timer.stop()
    # Timers ran (the window repainted) during the wait instead of a frozen GUI thread.
    assert ticks_while_waiting >= 10
    assert WAITING in seen["messages"]
    assert _summaries(app_paths) == ["Coffee while the import ran"]
    assert window.statusBar().currentMessage() == "Interaction logged."
    assert QApplication.overrideCursor() is None


def test_past_the_limit_the_touch_is_kept_and_retry_stores_it(
    qtbot, window, answer_modal, app_paths, now
):
    _grace(window, now)
    db.obj.write_wait_s = 0.3
    holder = hold_lock(app_paths.database, 1.5)
    asked = []

    def retry_when_free():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.windowTitle() != "Not saved yet":
            QTimer.singleShot(20, retry_when_free)
            return
        asked.append(box.text())
        holder.communicate(timeout=30)  # the other program finishes
        box.button(QMessageBox.StandardButton.Retry).click()

    try:
        QTimer.singleShot(0, retry_when_free)
        answer_modal(
            lambda: qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
            _log(qtbot, "Kept for a retry"),
        )
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Interaction logged.")
    finally:
        del db.obj.write_wait_s
        if holder.poll() is None:
            holder.communicate(timeout=30)
    assert asked and "The touch is not saved yet" in asked[0]
    assert _summaries(app_paths) == ["Kept for a retry"]


def test_a_touch_dated_far_ahead_is_asked_about(qtbot, window, answer_modal, app_paths, now):
    from PySide6.QtCore import QDate, QDateTime, QTime

    _grace(window, now)
    far = QDateTime(QDate(2099, 1, 1), QTime(9, 0))
    answers = []

    def answer(button):
        def run():
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, run)
                return
            answers.append(box.text())
            box.button(button).click()

        return run

    def fill_twice(dialog):
        # First "No": the dialog stays open with the date; then "Yes" logs it.
        QTimer.singleShot(0, answer(QMessageBox.StandardButton.No))
        _log(qtbot, "Planned coffee", far)(dialog)
        assert dialog.isVisible() and _summaries(app_paths) == []
        QTimer.singleShot(0, answer(QMessageBox.StandardButton.Yes))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    answer_modal(
        lambda: qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
        fill_twice,
    )
    assert len(answers) == 2 and "2099-01-01 09:00" in answers[0]
    assert _summaries(app_paths) == ["Planned coffee"]
    # A touch of yesterday is not asked about.
    answer_modal(
        lambda: qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
        _log(qtbot, "Yesterday", QDateTime(QDate(2026, 11, 24), QTime(10, 0))),
    )
    assert _summaries(app_paths)[-1] == "Yesterday"
    assert len(answers) == 2


def test_a_write_that_gave_up_elsewhere_says_not_saved_not_a_bug(qtbot, answer_modal, tmp_path):
    import sys

    from netcare_desktop.app import _install_excepthook
    from netcare_desktop.store.locking import StoreBusy

    saved = sys.excepthook
    _install_excepthook(tmp_path / "netcare.log")
    seen = {}

    def read(box):
        seen["title"], seen["text"], seen["format"] = (
            box.windowTitle(),
            box.text(),
            box.textFormat(),
        )
        box.close()

    try:
        try:
            raise StoreBusy("another program has been writing for over 3 minutes")
        except StoreBusy:
            exc_info = sys.exc_info()
        answer_modal(lambda: sys.excepthook(*exc_info), read, want=QMessageBox)
    finally:
        sys.excepthook = saved
    assert seen["title"] == "Not saved" and "over 3 minutes" in seen["text"]
    assert "ran into a problem" not in seen["title"] and seen["format"] == Qt.TextFormat.PlainText
