"""The panel shown instead of the table while the database holds no contact.

It invites the likely first step, bringing in the people one already has (a
LinkedIn export, a phone's or Google's contacts: dropped anywhere on the window
or chosen with Import…), says where those files come from, and keeps Add
Contact for starting by hand.  All text is NetCare's own, shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.ui.widgets import heading

INTRO_TEXT = (
    "NetCare remembers who matters to your career, when you last gave them\n"
    "some attention, and tells you when a relationship needs care.\n"
    "Everything stays in one file on this computer."
)
DROP_TEXT = "Drop your LinkedIn export or your phone's contacts here"
BY_HAND_TEXT = "Starting from scratch? Add Contact (Ctrl+N) adds people one by one."
SOURCES_TITLE = "Where to get them"
# (where from, how): explicit line breaks, since wrapped labels mis-size in this layout.
SOURCES = (
    (
        "LinkedIn",
        "Settings & Privacy → Data privacy → Get a copy of your data →\n"
        "Connections. LinkedIn emails a link to Connections.csv.",
    ),
    ("Google", "Google Contacts → Export → vCard."),
    ("iPhone", "iCloud.com → Contacts → Export vCard."),
    ("Android", "The Contacts app → Export → a .vcf file."),
)
NEXT_TEXT = (
    "Then choose a circle (Inner, Active, Acquaintance) for the people who\n"
    "matter: the circle sets how often to get in touch, and reminders come from it."
)


def _heading(text: str, scale: float) -> QLabel:
    label = heading(text, scale)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _plain(text: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


class WelcomePanel(QWidget):
    """``on_new`` adds a contact; ``on_import`` runs the window's File → Import…."""

    def __init__(
        self,
        on_new: Callable[[], None],
        on_import: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setAccessibleName("Welcome")
        title = _heading("Welcome to NetCare", 2)
        intro = _plain(INTRO_TEXT)

        self.drop_label = _heading(DROP_TEXT, 1.25)
        self.drop_label.setAccessibleName("Drop contact files here")
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.import_button = QPushButton("&Import…")
        self.import_button.setAccessibleName("Import contacts")
        self.import_button.setToolTip(
            "Import a LinkedIn Connections.csv, vCards from a phone or Google, or NetCare JSON"
        )
        self.import_button.setDefault(True)
        self.import_button.setEnabled(on_import is not None)
        if on_import is not None:
            self.import_button.clicked.connect(on_import)
        self.button = QPushButton("Add &Contact")  # the first contact, by hand
        self.button.setAccessibleName("Add your first contact")
        self.button.clicked.connect(on_new)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.button)
        buttons.addStretch(1)
        drop = QFrame()
        drop.setObjectName("welcomeDrop")
        drop.setFrameShape(QFrame.Shape.StyledPanel)
        drop.setStyleSheet("#welcomeDrop { border: 2px dashed palette(mid); border-radius: 8px; }")
        drop_layout = QVBoxLayout(drop)
        drop_layout.setContentsMargins(24, 16, 24, 16)
        drop_layout.setSpacing(12)
        drop_layout.addWidget(self.drop_label)
        drop_layout.addLayout(buttons)
        by_hand = _plain(BY_HAND_TEXT)
        by_hand.setAlignment(Qt.AlignmentFlag.AlignCenter)
        drop_layout.addWidget(by_hand)

        sources = QGridLayout()
        sources.setHorizontalSpacing(16)
        sources.setVerticalSpacing(6)
        sources.setColumnStretch(1, 1)
        sources.addWidget(_heading(SOURCES_TITLE, 1.0), 0, 0, 1, 2)
        for row, (where, how) in enumerate(SOURCES, start=1):
            name = _heading(where, 1.0)
            name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            text = _plain(how)
            text.setAccessibleName(f"How to export from {where}")
            sources.addWidget(name, row, 0)
            sources.addWidget(text, row, 1)
        next_step = _plain(NEXT_TEXT)

        column = QWidget()
        inner = QVBoxLayout(column)
        inner.setSpacing(14)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(intro)
        inner.addWidget(drop)
        inner.addLayout(sources)
        inner.addWidget(next_step)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
