"""Today: the few people to reach out to today, and why; driven from the keyboard.

J / K   next / previous          Enter  compose a message (the suggested touch)
D       done: log the touch      S      not today (snooze a day)
O       open the contact
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.kinds import KIND_LABELS
from netcare_desktop.core.today import RULES, TodayItem
from netcare_desktop.ui.formatting import plain_tooltip, plural
from netcare_desktop.ui.widgets import heading, widget_keys

ItemRole = Qt.ItemDataRole.UserRole + 3
_Index = QModelIndex | QPersistentModelIndex


class TodayModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[TodayItem] = []

    def set_items(self, items: list[TodayItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> TodayItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        it = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{index.row() + 1}.  {it.display_name}\n"
                f"      {it.reason[:1].upper()}{it.reason[1:]}  ·  suggested: "
                f"{KIND_LABELS[it.suggested_kind].lower()}"
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"Score {it.score:g}: " + "; ".join(it.why))
        if role == ItemRole:
            return it
        return None


class TodayView(QWidget):
    composeRequested = Signal(object)  # TodayItem
    doneRequested = Signal(object)
    snoozeRequested = Signal(object)
    openContact = Signal(int)
    currentContact = Signal(object)  # int

    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None):
        super().__init__(parent)
        self.clock = clock
        self.setAccessibleName("Today")
        title = heading("Today")
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # never wider than the pane: the splitter keeps its place
        self.summary.setAccessibleName("Today summary")
        self.model = TodayModel(self)
        self.list = QListView()
        self.list.setAccessibleName("People to reach out to today")
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSpacing(4)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.doubleClicked.connect(lambda _i: self._emit(self.composeRequested))
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        self.list.clicked.connect(self._current_changed)  # the highlighted row, again
        self.why = QLabel()
        self.why.setTextFormat(Qt.TextFormat.PlainText)
        self.why.setWordWrap(True)
        self.why.setAccessibleName("Why this order")
        self.rules = QLabel("How the list is chosen: " + RULES)
        self.rules.setWordWrap(True)
        self.rules.setTextFormat(Qt.TextFormat.PlainText)
        self.rules.setAccessibleName("How the list is chosen")
        self.rules.setEnabled(False)  # secondary text

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, tip, signal in (
            ("compose", "&Compose…", "Write to them (Enter)", self.composeRequested),
            ("done", "&Done", "Log the touch (D)", self.doneRequested),
            ("snooze", "&Not Today", "Snooze for a day (S)", self.snoozeRequested),
        ):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.setAccessibleName(tip.split(" (")[0])
            b.clicked.connect(lambda _c=False, s=signal: self._emit(s))
            bar.addWidget(b)
            self.buttons[key] = b
        b = QPushButton("&Open")
        b.setToolTip("Show the contact (O)")
        b.setAccessibleName("Show the contact")
        b.clicked.connect(self._open)
        bar.addWidget(b)
        self.buttons["open"] = b
        bar.addStretch(1)

        widget_keys(
            self.list,
            (
                ("J", lambda: self._move(1)),
                ("K", lambda: self._move(-1)),
                ("Down", lambda: self._move(1)),
                ("Up", lambda: self._move(-1)),
                ("Return", lambda: self._emit(self.composeRequested)),
                ("Enter", lambda: self._emit(self.composeRequested)),
                ("D", lambda: self._emit(self.doneRequested)),
                ("S", lambda: self._emit(self.snoozeRequested)),
                ("O", self._open),
            ),
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.why)
        layout.addLayout(bar)
        layout.addWidget(self.rules)
        self.set_items([])

    def set_items(self, items: list[TodayItem]) -> None:
        current = self.current()
        keep = current.contact_id if current is not None else None
        self.model.set_items(items)
        n = len(items)
        if n:
            self.summary.setText(
                f"{plural(n, 'person', 'people')} to reach out to today, most worth it"
                " first. A small touch is enough: a congratulation, an article, a hello."
            )
        else:
            self.summary.setText(
                "Nobody needs you today: every relationship with a cadence is on track."
            )
        for b in self.buttons.values():
            b.setEnabled(bool(n))
        if n:
            rows = [i for i, it in enumerate(items) if it.contact_id == keep]
            self.list.setCurrentIndex(self.model.index(rows[0] if rows else 0, 0))
        else:
            self.why.setText("")

    def current(self) -> TodayItem | None:
        return self.model.item(self.list.currentIndex().row())

    def focus_list(self) -> None:
        self.list.setFocus()
        if self.model.rowCount() and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.model.index(0, 0))

    def _move(self, step: int) -> None:
        n = self.model.rowCount()
        if not n:
            return
        row = self.list.currentIndex().row()
        row = min(max(row + step, 0), n - 1) if row >= 0 else 0
        self.list.setCurrentIndex(self.model.index(row, 0))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        it = self.model.item(current.row())
        if it is None:
            self.why.setText("")
            return
        self.why.setText(f"Why {it.display_name}: score {it.score:g} = " + "; ".join(it.why))
        self.currentContact.emit(it.contact_id)

    def _emit(self, signal) -> None:
        it = self.current()
        if it is not None:
            signal.emit(it)

    def _open(self) -> None:
        it = self.current()
        if it is not None:
            self.openContact.emit(it.contact_id)
