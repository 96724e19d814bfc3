"""Backups and restore from the window; the unexpected-error dialog; user text stays literal."""

from __future__ import annotations

import sys
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from netcare_desktop.store import backup, contacts
from netcare_desktop.store.models import Contact


def _add(name, now):
    given, family = name.split(" ", 1)
    return contacts.create_contact(contacts.ContactInput(given_name=given, family_name=family), now)


def test_back_up_now_then_restore_from_the_dialog(window, qtbot, answer_modal, now, app_paths):
    _add("Ada Lovelace", now)
    window.refresh()
    from netcare_desktop.ui.backups import BackupsDialog

    def back_up(dialog: BackupsDialog):
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
        assert dialog.table.item(0, 1).text() == "Made by hand"
        dialog.reject()

    answer_modal(window.show_backups, back_up, want=BackupsDialog)
    _add("Alan Turing", now)
    Contact.delete().where(Contact.display_name == "Ada Lovelace").execute()
    window.refresh()
    assert window.model.rowCount() == 1

    def restore(dialog: BackupsDialog):
        def confirm(box: QMessageBox):
            box.button(QMessageBox.StandardButton.Yes).click()

        answer_modal(dialog._restore, confirm, want=QMessageBox)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10000)
        dialog.reject()

    answer_modal(window.show_backups, restore, want=BackupsDialog)
    qtbot.waitUntil(
        lambda: window.model.rowCount() == 1 and window.model.index(0, 0).data() == "Ada Lovelace",
        timeout=10000,
    )
    labels = {b.label for b in backup.list_backups(app_paths.backups_dir)}
    assert labels == {"manual", "before-restore"}


def test_an_unexpected_error_shows_a_dialog_with_the_log_and_copy_details(
    qtbot, answer_modal, tmp_path
):
    from netcare_desktop.app import _install_excepthook

    saved = sys.excepthook
    log_path = tmp_path / "netcare.log"
    _install_excepthook(log_path)
    seen = {}

    def read(box: QMessageBox):
        seen["text"] = box.text()
        seen["format"] = box.textFormat()
        copy = next(b for b in box.buttons() if b.text() == "Copy Details")
        copy.click()

    try:
        try:
            raise ValueError("<b>boom</b>")
        except ValueError:
            exc_info = sys.exc_info()
        answer_modal(lambda: sys.excepthook(*exc_info), read, want=QMessageBox)
    finally:
        sys.excepthook = saved
    assert "<b>boom</b>" in seen["text"] and str(log_path) in seen["text"]
    assert seen["format"] == Qt.TextFormat.PlainText
    assert "NetCare keeps running" in seen["text"]
    copied = QApplication.clipboard().text()
    assert "ValueError: <b>boom</b>" in copied and "Traceback" in copied


def test_hostile_names_are_shown_literally_everywhere(window, qtbot, now):
    hostile = "<img src=x> <b>Bold</b> &amp;"
    cid = contacts.create_contact(
        contacts.ContactInput(
            display_name=hostile, given_name="X", notes="<script>alert(1)</script>", circle_id=1
        ),
        now - timedelta(days=40),
    )
    contacts.log_interaction(cid, "call", now - timedelta(days=35), now, summary="<i>it</i>")
    window.refresh()
    window.select_contact(cid)
    # The table, the detail pane, the Due view: the same characters, never rendered markup.
    assert window.model.index(0, 0).data() == hostile
    texts = {lab.text(): lab.textFormat() for lab in window.detail.findChildren(QLabel)}
    assert texts[hostile] == Qt.TextFormat.PlainText
    assert texts["<script>alert(1)</script>"] == Qt.TextFormat.PlainText
    window.start_reminders()
    window.show_due()
    assert window.due_view.model.index(0, 2).data() == hostile
    tip = window.due_view.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img src=x&gt;" in tip  # escaped: the tooltip shows the brackets
    window.reminders.stop()
