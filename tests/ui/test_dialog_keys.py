"""Ctrl+Enter submits a dialog from anywhere in it, a multi-line text included."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from netcare_desktop.ui import dialog_keys

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def installed():
    dialog_keys.install(QApplication.instance())


def _dialog(qtbot, ok_enabled: bool = True):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    notes = QPlainTextEdit()
    name = QLineEdit()
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok_enabled)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(name)
    layout.addWidget(notes)
    layout.addWidget(buttons)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, notes, name


def test_enter_in_notes_is_a_new_line_and_ctrl_enter_submits(qtbot):
    dialog, notes, _name = _dialog(qtbot)
    notes.setFocus()
    qtbot.keyClicks(notes, "first")
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClicks(notes, "second")
    assert notes.toPlainText() == "first\nsecond"
    assert dialog.isVisible()

    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(notes, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert notes.toPlainText() == "first\nsecond"  # no stray line added


@pytest.mark.parametrize(
    "key, mods",
    [
        (Qt.Key.Key_Return, CTRL),
        (Qt.Key.Key_Enter, CTRL | Qt.KeyboardModifier.KeypadModifier),  # the keypad's Enter
    ],
)
def test_ctrl_enter_from_a_line_edit(qtbot, key, mods):
    dialog, _notes, name = _dialog(qtbot)
    name.setFocus()
    qtbot.keyClicks(name, "Ada")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(name, key, mods)


def test_a_disabled_ok_is_not_pressed(qtbot):
    dialog, notes, _name = _dialog(qtbot, ok_enabled=False)
    notes.setFocus()
    qtbot.keyClick(notes, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and dialog.result() == 0


def test_a_dialog_with_only_a_default_button(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    text = QPlainTextEdit()
    go = QPushButton("Go")
    go.setDefault(True)
    go.clicked.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(go)
    dialog.show()
    qtbot.waitExposed(dialog)
    text.setFocus()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(text, Qt.Key.Key_Return, CTRL)


def test_the_log_dialog_is_submitted_from_its_notes(qtbot, window, answer_modal, now):
    """A real NetCare dialog: Log Interaction's notes take Enter, Ctrl+Enter logs it."""
    from netcare_desktop.store import contacts

    cid = contacts.create_contact(contacts.ContactInput(given_name="Ada"), now)
    window.model.refresh()
    window.select_contact(cid)
    logged = {}

    def fill(dialog):
        edits = dialog.findChildren(QPlainTextEdit)
        assert edits, "the log dialog has a multi-line notes field"
        notes = edits[-1]
        notes.setFocus()
        qtbot.keyClicks(notes, "coffee")
        qtbot.keyClick(notes, Qt.Key.Key_Return)
        qtbot.keyClicks(notes, "talked about the book")
        logged["text"] = notes.toPlainText()
        qtbot.keyClick(notes, Qt.Key.Key_Return, CTRL)
        logged["closed"] = not dialog.isVisible()

    answer_modal(window.commands.log_interaction, fill)
    assert logged == {"text": "coffee\ntalked about the book", "closed": True}
    from netcare_desktop.store.reader import open_reader

    con = open_reader(window.paths.database)
    try:
        notes = [r[0] for r in con.execute("SELECT notes FROM interaction")]
    finally:
        con.close()
    assert notes == ["coffee\ntalked about the book"]
