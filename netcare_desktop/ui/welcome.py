"""The panel shown instead of the table while the database holds no contact."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from netcare_desktop.ui.widgets import heading

WELCOME_TEXT = (
    "NetCare remembers who matters to your career, when you last gave them\n"
    "some attention, and tells you when a relationship needs care.\n\n"
    "1.  Add the people you want to keep close: Ctrl+N.\n"
    "2.  Put each one in a circle (Inner, Active, Acquaintance)\n"
    "     to set how often to get in touch.\n"
    "3.  Log every small touch: a congratulation, a shared article,\n"
    "     a short check-in: Ctrl+L.\n\n"
    "Everything stays in one file on this computer."
)


class WelcomePanel(QWidget):
    def __init__(self, on_new: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Welcome")
        title = heading("Welcome to NetCare", 2)
        body = QLabel(WELCOME_TEXT)  # explicit line breaks: wrapped labels mis-size here
        self.button = QPushButton("Add your first contact")
        self.button.setAccessibleName("Add your first contact")
        self.button.clicked.connect(on_new)
        column = QWidget()
        inner = QVBoxLayout(column)
        inner.setSpacing(16)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(body)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
