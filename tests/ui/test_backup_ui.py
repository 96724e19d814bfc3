"""A failed daily backup is shown in the window and tried again; a restore is undone there."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from netcare_desktop.store import backup, contacts
from netcare_desktop.store.models import Contact, db
from netcare_desktop.ui.backups import BackupsDialog, DailyBackups


def _add(name, now):
    given, family = name.split(" ", 1)
    return contacts.create_contact(contacts.ContactInput(given_name=given, family_name=family), now)


def test_a_failed_daily_backup_is_shown_and_retried_until_it_works(window, qtbot, app_paths, now):
    _add("Ada Lovelace", now)
    shutil.rmtree(app_paths.backups_dir)
    app_paths.backups_dir.write_text("a file where the backups folder should be")
    daily = DailyBackups(window, app_paths, clock=lambda: now)
    daily.start(0)
    qtbot.waitUntil(lambda: daily.banner.isVisible(), timeout=10000)
    assert "daily backup failed" in daily.banner.text()
    assert "tries again" in daily.banner.text()
    assert daily.banner.textFormat() == Qt.TextFormat.PlainText
    assert daily.timer.isActive()  # the next try is scheduled, not given up
    # The person (or the disk) fixes it; the next hourly try succeeds and the banner goes.
    app_paths.backups_dir.unlink()
    daily.timer.timeout.emit()
    qtbot.waitUntil(lambda: not daily.banner.isVisible() and not daily.running, timeout=10000)
    (taken,) = backup.list_backups(app_paths.backups_dir)
    assert taken.label == "daily"


def test_the_last_restore_is_undone_from_the_backups_dialog(
    window, qtbot, answer_modal, app_paths, now
):
    _add("Ada Lovelace", now)
    saved = backup.take_backup(db.connection(), app_paths.backups_dir, now, "manual")
    _add("Alan Turing", now)
    backup.restore(db.connection(), saved, app_paths.backups_dir, now)
    window.refresh()
    assert [c.display_name for c in Contact.select()] == ["Ada Lovelace"]

    def undo(dialog: BackupsDialog):
        assert dialog.undo_button.isEnabled()

        def confirm(box: QMessageBox):
            box.button(QMessageBox.StandardButton.Yes).click()

        answer_modal(dialog._undo_restore, confirm, want=QMessageBox)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10000)
        dialog.reject()

    answer_modal(window.show_backups, undo, want=BackupsDialog)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=10000)
    assert sorted(c.display_name for c in Contact.select()) == ["Ada Lovelace", "Alan Turing"]


def test_the_undo_button_is_off_when_there_was_no_restore(window, qtbot, answer_modal, now):
    def look(dialog: BackupsDialog):
        assert not dialog.undo_button.isEnabled()
        dialog.reject()

    answer_modal(window.show_backups, look, want=BackupsDialog)
