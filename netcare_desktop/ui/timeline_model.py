"""The interaction timeline: months (newest first) holding their interactions.

Dates read as everywhere in the window (``ui.formatting``); a touch's notes are in
``NotesRole`` for the pane's notes area, and in the tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from netcare_desktop.core.kinds import DIRECTION_LABELS, KIND_LABELS, Direction, Kind
from netcare_desktop.ui.formatting import (
    date_text,
    datetime_text,
    month_title,
    plain_tooltip,
    plural,
    to_local,
)

COLUMNS = ("When", "Touch", "Summary", "Follow-up")
InteractionIdRole = Qt.ItemDataRole.UserRole + 2
NotesRole = Qt.ItemDataRole.UserRole + 3
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    when: datetime  # local time
    kind: str
    direction: str
    summary: str
    notes: str
    follow_up: object  # date | None
    follow_up_done: bool
    occurred_at: datetime | None = None  # naive UTC, as stored

    @property
    def when_text(self) -> str:
        return datetime_text(self.occurred_at) if self.occurred_at else ""

    @property
    def kind_label(self) -> str:
        try:
            return KIND_LABELS[Kind(self.kind)]
        except ValueError:
            return self.kind

    @property
    def direction_label(self) -> str:
        try:
            return DIRECTION_LABELS[Direction(self.direction)]
        except ValueError:
            return self.direction


@dataclass
class _Month:
    title: str
    entries: list[TimelineEntry]


class TimelineModel(QAbstractItemModel):
    """Two levels: a row per month, its interactions as children.

    Top-level indexes carry internalId 0; a child's internalId is its
    month's row + 1.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._months: list[_Month] = []

    def set_interactions(self, interactions) -> None:
        """Take store ``Interaction`` rows, newest first, and group them by local month."""
        months: list[_Month] = []
        for it in interactions:
            when = to_local(it.occurred_at)
            title = month_title(when.date())
            if not months or months[-1].title != title:
                months.append(_Month(title, []))
            months[-1].entries.append(
                TimelineEntry(
                    it.id,
                    when,
                    it.kind,
                    it.direction,
                    it.summary,
                    it.notes,
                    it.follow_up,
                    it.follow_up_done,
                    it.occurred_at,
                )
            )
        self.beginResetModel()
        self._months = months
        self.endResetModel()

    def entry_count(self) -> int:
        return sum(len(m.entries) for m in self._months)

    def month_titles(self) -> list[str]:
        return [m.title for m in self._months]

    def index_of(self, interaction_id: int) -> QModelIndex:
        """The row of a touch (column 0), invalid when it is not shown."""
        for m, month in enumerate(self._months):
            for r, e in enumerate(month.entries):
                if e.id == interaction_id:
                    return self.index(r, 0, self.index(m, 0))
        return QModelIndex()

    # -- model API ---------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._months):
                return QModelIndex()
            return self.createIndex(row, column, 0)
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        month = parent.row()
        if month >= len(self._months) or row >= len(self._months[month].entries):
            return QModelIndex()
        return self.createIndex(row, column, month + 1)

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        month_id = child.internalId()
        if month_id == 0:
            return QModelIndex()
        return self.createIndex(month_id - 1, 0, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._months)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._months):
            return len(self._months[parent.row()].entries)
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(COLUMNS):
                return COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def entry(self, index: _Index) -> TimelineEntry | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        month = self._months[index.internalId() - 1]
        return month.entries[index.row()] if index.row() < len(month.entries) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == 0:
            if index.row() >= len(self._months):
                return None
            month = self._months[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return f"{month.title} · {plural(len(month.entries), 'touch', 'touches')}"
            if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
                return month.title
            return None
        e = self.entry(index)
        if e is None:
            return None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return date_text(e.when.date())
            if col == 1:
                return f"{e.kind_label} ({e.direction})"
            if col == 2:
                if e.summary or not e.notes:
                    return e.summary
                return e.notes.splitlines()[0]  # no summary: the notes' first line
            if col == 3:
                if e.follow_up is None:
                    return ""
                done = " (done)" if e.follow_up_done else ""
                return f"{date_text(e.follow_up)}{done}"  # type: ignore[arg-type]
        if role == Qt.ItemDataRole.ToolTipRole:
            head = f"{e.when_text} · {e.kind_label} · {e.direction_label}"
            return plain_tooltip("\n\n".join(t for t in (head, e.summary, e.notes) if t))
        if role == InteractionIdRole:
            return e.id
        if role == NotesRole:
            return e.notes
        return None
