"""The Due view: what needs attention now, most pressing first, each a key away.

D  done (log the touch)      S  snooze a day      W  snooze a week
Shift+S  snooze until…      K  skip this period  O / Enter  open the contact
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.cadence import HEALTH_LABELS
from netcare_desktop.core.reminders import KIND_LABELS, Reminder, describe
from netcare_desktop.ui.contact_model import HEALTH_COLOURS, readable_colour
from netcare_desktop.ui.formatting import (
    date_text,
    day_month_text,
    plain_tooltip,
    plural,
    to_local,
    to_utc,
)
from netcare_desktop.ui.widgets import list_table, widget_keys

HEADERS = ("Status", "Reminder", "Who", "Due", "About")
ReminderRole = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex


def _due_text(r: Reminder) -> str:
    day = date_text(r.due_date)
    if r.days_overdue == 0:
        return f"{day} (today)" if r.is_due else day
    return f"{day} ({plural(r.days_overdue, 'day')} late)"


class DueModel(QAbstractTableModel):
    """The due queue as rows (built by the reminder service; this only shows it)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Reminder] = []
        self._texts: list[tuple[str, ...]] = []

    def set_queue(self, queue: list[Reminder]) -> None:
        self.beginResetModel()
        self._rows = list(queue)
        self._texts = [
            (
                HEALTH_LABELS[r.state],
                KIND_LABELS[r.kind],
                r.display_name,
                _due_text(r),
                describe(r, None, date_text, day_month_text),
            )
            for r in self._rows
        ]
        self.endResetModel()

    def reminder(self, row: int) -> Reminder | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of_key(self, key: str) -> int:
        for i, r in enumerate(self._rows):
            if r.key == key:
                return i
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._texts[index.row()][index.column()])
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in (0, 3):
            colour = HEALTH_COLOURS.get(r.state)
            return QBrush(readable_colour(colour)) if colour is not None else None
        if role == ReminderRole:
            return r
        return None


class SnoozeDialog(QDialog):
    """Snooze until a chosen moment."""

    def __init__(self, name: str, now_local: datetime, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Snooze until…")
        label = QLabel(f"Remind me about {name} again on:")
        label.setTextFormat(Qt.TextFormat.PlainText)
        from netcare_desktop.ui.date_entry import DateTimeEdit

        self.when = DateTimeEdit(QDateTime(now_local + timedelta(days=3)))
        self.when.setMinimumDateTime(QDateTime(now_local + timedelta(minutes=1)))
        self.when.setAccessibleName("Snooze until")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.when)
        layout.addWidget(buttons)

    def until_utc(self) -> datetime:
        local = self.when.dateTime().toPython()
        return to_utc(local.astimezone())


class DueView(QWidget):
    """The queue with its one-key actions; the actions go to ``actions``."""

    openContact = Signal(int)
    done = Signal(object)  # Reminder
    snoozed = Signal(object, object)  # Reminder, until (naive UTC)
    skipped = Signal(object)  # Reminder
    currentContact = Signal(object)  # the row's contact id, None for a reminder about you

    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None):
        super().__init__(parent)
        self.clock = clock
        self.setAccessibleName("Due")
        self.model = DueModel(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # never wider than the pane: the splitter keeps its place
        self.summary.setAccessibleName("Due summary")
        self.table = QTableView()
        self.table.setModel(self.model)
        list_table(self.table, "Due reminders", (70, 96, 150, 185))
        self.table.doubleClicked.connect(lambda _i: self._open())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.clicked.connect(self._current_changed)  # the highlighted row, again

        self.empty = QLabel(
            "Nothing needs attention right now.\n\n"
            "Contacts in a circle come back here when it is time for a touch;\n"
            "follow-ups and birthdays appear on their day."
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName("Nothing due")

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, tip, slot in (
            ("done", "&Done", "Log a touch, which resets the clock (D)", self._done),
            ("day", "Snooze a da&y", "Remind me tomorrow (S)", lambda: self._snooze(1)),
            ("week", "Snooze a &week", "Remind me in a week (W)", lambda: self._snooze(7)),
            ("choose", "Snooze u&ntil…", "Choose when (Shift+S)", self._snooze_choose),
            ("skip", "S&kip", "Skip this period (K)", self._skip),
            ("open", "&Open", "Show the contact (O or Enter)", self._open),
        ):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.setAccessibleName(tip.split(" (")[0])
            b.clicked.connect(lambda _c=False, s=slot: s())
            bar.addWidget(b)
            self.buttons[key] = b
        bar.addStretch(1)

        widget_keys(
            self.table,
            (
                ("D", self._done),
                ("S", lambda: self._snooze(1)),
                ("W", lambda: self._snooze(7)),
                ("Shift+S", self._snooze_choose),
                ("K", self._skip),
                ("O", self._open),
                ("Return", self._open),
                ("Enter", self._open),
            ),
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(bar)
        self.set_queue([])

    # -- showing -------------------------------------------------------------------------

    def set_queue(self, queue: list[Reminder]) -> None:
        current = self.current()
        keep = current.key if current is not None else None
        row = self.table.currentIndex().row()
        self.model.set_queue(queue)
        n = len(queue)
        self.summary.setText(
            f"{plural(n, 'reminder')} need{'s' if n == 1 else ''} your attention,"
            " most pressing first."
            if n
            else ""
        )
        self.summary.setVisible(bool(n))
        self.table.setVisible(bool(n))
        self.empty.setVisible(not n)
        for b in self.buttons.values():
            b.setEnabled(bool(n))
        if n:
            again = self.model.row_of_key(keep) if keep else -1
            self.table.selectRow(again if again >= 0 else min(max(row, 0), n - 1))

    def current(self) -> Reminder | None:
        return self.model.reminder(self.table.currentIndex().row())

    def select_key(self, key: str) -> bool:
        row = self.model.row_of_key(key)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def focus_queue(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        r = self.model.reminder(current.row())
        if r is not None:
            self.currentContact.emit(r.contact_id)

    # -- actions ---------------------------------------------------------------------------

    def _done(self) -> None:
        r = self.current()
        if r is not None:
            self.done.emit(r)

    def _snooze(self, days: int) -> None:
        r = self.current()
        if r is not None:
            self.snoozed.emit(r, self.clock() + timedelta(days=days))

    def _snooze_choose(self) -> None:
        r = self.current()
        if r is None:
            return
        dialog = SnoozeDialog(r.display_name, to_local(self.clock()), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.snoozed.emit(r, dialog.until_utc())

    def _skip(self) -> None:
        r = self.current()
        if r is not None:
            self.skipped.emit(r)

    def _open(self) -> None:
        r = self.current()
        if r is not None and r.contact_id is not None:
            self.openContact.emit(r.contact_id)


class ReminderBanner(QFrame):
    """Where reminders appear in the window when there is no tray to announce them."""

    showRequested = Signal(object)  # the contact id, or None for the Due view

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reminderBanner")
        self.setAccessibleName("Reminder")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), pal.color(pal.ColorRole.ToolTipBase))
        pal.setColor(self.foregroundRole(), pal.color(pal.ColorRole.ToolTipText))
        self.setPalette(pal)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.body = QLabel()
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.show_button = QPushButton("Show")
        self.show_button.setAccessibleName("Show reminder")
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setAccessibleName("Dismiss reminder")
        self.show_button.clicked.connect(self._show_clicked)
        self.dismiss_button.clicked.connect(self.hide)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.body)
        layout = QHBoxLayout(self)
        layout.addLayout(text, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.dismiss_button)
        self._target: int | None = None
        self.hide()

    def announce(self, title: str, body: str, contact_id: int | None) -> None:
        self.title.setText(title)
        self.body.setText(body)
        self._target = contact_id
        self.show()

    def _show_clicked(self) -> None:
        self.hide()
        self.showRequested.emit(self._target)
