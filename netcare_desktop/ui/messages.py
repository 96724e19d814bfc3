"""Message boxes written once, always as plain text.

``QMessageBox.warning(parent, title, text)`` lets Qt guess rich text: a file path or an
error message that holds ``<b>`` or ``<img src=…>`` would be rendered, not shown.  Every
confirmation, warning and error of the window goes through here instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QMessageBox, QWidget

Icon = QMessageBox.Icon
Button = QMessageBox.StandardButton
Role = QMessageBox.ButtonRole


def box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str = "",
    detail: str = "",
) -> QMessageBox:
    """A message box whose every text is plain text (for boxes with buttons of their own)."""
    b = QMessageBox(parent)
    b.setIcon(icon)
    b.setWindowTitle(title)
    b.setTextFormat(Qt.TextFormat.PlainText)
    b.setText(text)
    if informative:
        b.setInformativeText(informative)  # shown as plain text: the format is the box's
    if detail:
        b.setDetailedText(detail)  # always plain
    return b


_box = box  # the old private name


def warn(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    box(parent, Icon.Warning, title, text, detail=detail).exec()


def inform(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    box(parent, Icon.Information, title, text, detail=detail).exec()


def error(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    box(parent, Icon.Critical, title, text, detail=detail).exec()


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    default_yes: bool = False,
    buttons: QMessageBox.StandardButton = Button.Yes | Button.Cancel,
    yes: QMessageBox.StandardButton = Button.Yes,
) -> bool:
    """Ask a yes/no question; True only when the person chose ``yes``."""
    b = box(parent, Icon.Question, title, text)
    b.setStandardButtons(buttons)
    b.setDefaultButton(yes if default_yes else _other(buttons, yes))
    return b.exec() == yes


def _other(buttons: QMessageBox.StandardButton, yes: QMessageBox.StandardButton):
    for candidate in (Button.Cancel, Button.No, Button.Discard):
        if buttons & candidate:
            return candidate
    return yes


def about(parent: QWidget | None, title: str, text: str, pixmap: QPixmap) -> None:
    b = box(parent, Icon.NoIcon, title, text)
    b.setIconPixmap(pixmap)
    b.exec()
