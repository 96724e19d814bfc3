"""A date field that takes a typed date as people type it: 2025-07-09, 9.7.2025, 20250709.

Qt's QDateEdit edits one section at a time, and a typed separator confuses it: after
"2025" it moves to the month by itself, so the "-" that follows skips the month too
(2025-07-09 becomes 2025-12-07), and "9/7/2025" ends up in the year 7202.  Here a
separator moves to the next section only when the section it ends was not already
left, and typing over a fully selected field starts at the first section.  The
field shows dates in the locale's style (``formatting.date_format``), with a
calendar popup.  Same API as QDateEdit and QDateTimeEdit (``DateEdit``,
``DateTimeEdit``), so any date field can take it by changing its class.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

SEPARATORS = set("-./ ,:")


class _TypedSections:
    """The typing rules, for QDateEdit and QDateTimeEdit alike (put first in the bases)."""

    def _typed_init(self) -> None:
        self.setCalendarPopup(True)
        self.setKeyboardTracking(True)
        self._moved_by_digit = False  # the last digit completed a section and moved on
        self._clicked_in = False  # focus came with a click: select the section it hit
        self.lineEdit().installEventFilter(self)

    def _select_section(self, index: int) -> None:
        index = max(0, min(index, self.sectionCount() - 1))
        self.setCurrentSectionIndex(index)
        self.setSelectedSection(self.sectionAt(index))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        text = event.text()
        plain = not (
            event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        )
        if plain and text and text in SEPARATORS:
            if not self._moved_by_digit:  # "9." ends the day: on to the month
                self._select_section(self.currentSectionIndex() + 1)
            self._moved_by_digit = False
            event.accept()
            return
        if plain and text.isdigit():
            line = self.lineEdit()
            if line.hasSelectedText() and line.selectedText() == line.text():
                self._select_section(0)  # all selected: type the date from its start
            before = self.currentSectionIndex()
            super().keyPressEvent(event)
            self._moved_by_digit = self.currentSectionIndex() != before
            return
        self._moved_by_digit = False
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._moved_by_digit = False
        self._clicked_in = event.reason() == Qt.FocusReason.MouseFocusReason
        super().focusInEvent(event)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """A click into the field selects the day, month or year it hit, ready to type."""
        if (
            watched is self.lineEdit()
            and event.type() == QEvent.Type.MouseButtonRelease
            and self._clicked_in
        ):
            self._clicked_in = False
            line = self.lineEdit()
            if not line.hasSelectedText():
                section = self.sectionAt(self.currentSectionIndex())
                if section != QDateTimeEdit.Section.NoSection:
                    self.setSelectedSection(section)
        return super().eventFilter(watched, event)


class DateEdit(_TypedSections, QDateEdit):
    """A date, shown in the locale's style (03.12.2026, 12/3/2026, 2026-12-03 under C)."""

    def __init__(self, value: QDate | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        from netcare_desktop.ui.formatting import date_format

        self.setDisplayFormat(date_format())
        self._typed_init()
        if value is not None:
            self.setDate(value)


class DateTimeEdit(_TypedSections, QDateTimeEdit):
    """A date and time of day, in the locale's style (03.12.2026 14:30)."""

    def __init__(self, value: QDateTime | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        from netcare_desktop.ui.formatting import date_format

        self.setDisplayFormat(f"{date_format()} HH:mm")
        self._typed_init()
        if value is not None:
            self.setDateTime(value)
