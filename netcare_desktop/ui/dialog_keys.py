"""Ctrl+Enter submits a dialog, wherever the focus is in it.

Enter already presses a dialog's default button, except where it has another job:
in a multi-line text (notes, a message) it starts a new line.  Ctrl+Return and
Ctrl+Enter (the keypad's) press the dialog's accept button from anywhere in it, as
in mail clients and chat programs.  One event filter on the application does it for
every dialog, so no dialog has to remember to.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QPushButton, QWidget

_KEY_PRESS = QEvent.Type.KeyPress
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ACCEPTING = (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.YesRole)


def _usable(button: QAbstractButton) -> bool:
    return button.isVisible() and button.isEnabled()


def submit_button(dialog: QDialog) -> QAbstractButton | None:
    """The button Ctrl+Enter presses: the accept (then Yes) button, else the default one."""
    boxes = dialog.findChildren(QDialogButtonBox)
    for role in _ACCEPTING:
        for box in boxes:
            for button in box.buttons():
                if box.buttonRole(button) == role and _usable(button):
                    return button
    for button in dialog.findChildren(QPushButton):
        if button.isDefault() and _usable(button):
            return button
    return None


class DialogKeys(QObject):
    """The application-wide filter: Ctrl+Return / Ctrl+Enter in a dialog submits it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != _KEY_PRESS:  # the cheap test first: this sees every event
            return False
        if event.key() not in _ENTER_KEYS:  # type: ignore[attr-defined]
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # type: ignore[attr-defined]
        if mods != Qt.KeyboardModifier.ControlModifier or not isinstance(watched, QWidget):
            return False
        dialog = watched.window()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            return False
        button = submit_button(dialog)
        if button is None:
            return False
        button.click()
        return True


_filter: DialogKeys | None = None


def install(app) -> DialogKeys:
    """Install the filter once on ``app`` (a QApplication)."""
    global _filter
    if _filter is None:
        _filter = DialogKeys(app)
        app.installEventFilter(_filter)
    return _filter
