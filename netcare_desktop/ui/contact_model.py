"""The contact table's model: rows come from SQL a page at a time.

Searching and sorting re-run the query (SQL does the work); the view asks
for more rows through ``canFetchMore``/``fetchMore`` as it scrolls, so a
100,000-contact database costs one page of Python objects to show.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from netcare_desktop.core.cadence import Health
from netcare_desktop.store.queries import Archived, ContactQuery, ContactRow, SortKey
from netcare_desktop.ui.formatting import date_text, health_label, relative_days, utc_now


class Col(IntEnum):
    """The table's columns, the most useful first."""

    NAME = 0
    STATUS = 1
    NEXT_DUE = 2
    LAST_TOUCH = 3
    CIRCLE = 4
    ORGANIZATION = 5
    TITLE = 6
    BALANCE = 7


HEADERS = (
    "Name",
    "Status",
    "Next due",
    "Last touch",
    "Circle",
    "Organization",
    "Title",
    "Gave / asked",
)
_SORT_KEYS = (
    SortKey.NAME,
    SortKey.STATUS,
    SortKey.NEXT_DUE,
    SortKey.LAST_TOUCH,
    SortKey.CIRCLE,
    SortKey.ORGANIZATION,
    SortKey.TITLE,
    SortKey.BALANCE,
)
ARCHIVED_TEXT = "Archived"
PAGE_SIZE = 100  # a screenful or three; more arrive as the view scrolls
COUNT_DELAY_MS = 150
ContactIdRole = Qt.ItemDataRole.UserRole + 1

# Status colours: readable on light and dark palettes (blended with the base colour).
HEALTH_COLOURS = {
    Health.DUE_SOON: QColor(214, 160, 0),
    Health.DUE: QColor(230, 120, 0),
    Health.OVERDUE: QColor(210, 50, 40),
    Health.LAPSED: QColor(150, 40, 140),
}

_Index = QModelIndex | QPersistentModelIndex


class ContactTableModel(QAbstractTableModel):
    countChanged = Signal(int)

    def __init__(self, conn: sqlite3.Connection, parent=None, clock=utc_now):
        super().__init__(parent)
        self._conn = conn
        self._clock = clock
        self._query = ContactQuery()
        self._rows: list[ContactRow] = []
        self._texts: list[tuple[str, ...]] = []  # display strings, computed once per row
        self._exhausted = True  # no more rows to fetch for this query
        self._match_count: int | None = None  # exact count for this query, computed on demand
        self._all_count: int | None = None  # every contact; forgotten on refresh()
        self._now = clock()
        self._loaded = False  # nothing is read until the first refresh()
        # Counting a broad match costs more than showing its first page; the count is
        # for the status bar, so it waits until typing pauses.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(lambda: self.countChanged.emit(self.total()))

    # -- querying --------------------------------------------------------------

    @property
    def query(self) -> ContactQuery:
        return self._query

    def total(self) -> int:
        """How many contacts match the current search, fetched or not."""
        if self._match_count is None:
            self._match_count = self._query.count(self._conn)
        return self._match_count

    def all_count(self) -> int:
        """How many contacts there are, whatever the search."""
        if self._all_count is None:
            if (
                not self._query.search
                and not self._query.leaning_only
                and self._query.archived is Archived.ACTIVE
                and self._match_count is not None
            ):
                self._all_count = self._match_count
            else:
                self._all_count = ContactQuery().count(self._conn)
        return self._all_count

    def has_any(self) -> bool:
        """Whether the store holds any contact at all, archived ones included."""
        if self.all_count():
            return True
        return ContactQuery(include_archived=True).count(self._conn) > 0

    def set_search(self, text: str) -> None:
        if text != self._query.search:
            self._set_query(replace(self._query, search=text))

    def set_archived(self, which: Archived) -> None:
        """Show the active contacts, the archived ones, or all."""
        if which != self._query.archived:
            self._set_query(self._query.with_archived(which))

    def locate(self, contact_id: int) -> int:
        """The row of this contact, reading more pages when it is further down; -1 when the
        query leaves it out (a search, a filter, or gone)."""
        row = self.row_of(contact_id)
        if row >= 0 or self._exhausted or not self._loaded:
            return row
        pos = self._query.position(self._conn, contact_id)
        if pos is None:
            return -1
        while not self._exhausted and len(self._rows) <= pos:
            self._fetch(max(PAGE_SIZE, pos + 1 - len(self._rows)))
        return self.row_of(contact_id)

    def set_leaning_only(self, on: bool) -> None:
        """Show only the contacts you have asked more of than you have given to."""
        if on != self._query.leaning_only:
            self._all_count = None
            self._set_query(replace(self._query, leaning_only=on))

    def refresh(self) -> None:
        """Re-read from the database, keeping search and order."""
        self._all_count = None
        self._set_query(self._query)

    def follow(self, services) -> None:
        """Repaint from the store's events (``ui.services.Services.watch``)."""
        services.watch(
            lambda change: self.rows_changed(change.contact_rows()),
            ("contacts", "interactions", "settings"),
        )

    def rows_changed(self, ids: set[int] | None) -> None:
        """These contacts changed (None: could be any). Rows that are loaded and stay in
        place are repainted where they differ; a contact added, removed or moved by the
        order reloads the list."""
        if not self._loaded:
            return
        loaded = {r.id for r in self._rows}
        if ids is None or not ids <= loaded:
            self.refresh()
            return
        if not ids:
            return
        self._now = self._clock()
        fresh = self._query.page(self._conn, 0, len(self._rows), self._now)
        if [r.id for r in fresh] != [r.id for r in self._rows]:
            self.refresh()
            return
        last = self.columnCount() - 1
        for row, (old, new) in enumerate(zip(self._rows, fresh, strict=True)):
            if old != new:
                self._rows[row] = new
                self._texts[row] = self._text_row(new)
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _set_query(self, query: ContactQuery) -> None:
        self._loaded = True
        self.beginResetModel()
        self._query = query
        self._now = self._clock()
        self._match_count = None
        self._load_first_page()
        self.endResetModel()
        if self._exhausted:  # the first page is everything: the count is known now
            self._count_timer.stop()
            self.countChanged.emit(self.total())
        else:
            self._count_timer.start()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        query = replace(
            self._query,
            sort=_SORT_KEYS[column],
            descending=order == Qt.SortOrder.DescendingOrder,
        )
        if not self._loaded:  # the view sets its sort order while being built: just remember it
            self._query = query
            return
        self.beginResetModel()
        self._query = query
        self._load_first_page()
        self.endResetModel()

    def flush_count(self) -> None:
        """Publish the count now instead of after the typing pause (tests, self-test)."""
        if self._count_timer.isActive():
            self._count_timer.stop()
            self.countChanged.emit(self.total())

    # -- lazy fetching ---------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted:
            return
        self._fetch(PAGE_SIZE)

    def _fetch(self, limit: int) -> None:
        more = self._query.page(self._conn, len(self._rows), limit, self._now)
        self._exhausted = len(more) < limit
        if not more:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self._texts.extend(self._text_row(r) for r in more)
        self.endInsertRows()
        if self._exhausted:
            self._match_count = len(self._rows)

    def _load_first_page(self) -> None:
        self._rows = self._query.page(self._conn, 0, PAGE_SIZE, self._now)
        self._texts = [self._text_row(r) for r in self._rows]
        self._exhausted = len(self._rows) < PAGE_SIZE
        if self._exhausted:
            self._match_count = len(self._rows)

    # -- model API -------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def row_at(self, row: int) -> ContactRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, contact_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == contact_id:
                return i
        return -1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        # Called for every role of every visible cell: keep the common paths short.
        if role == _DISPLAY:
            row = index.row()
            if 0 <= row < len(self._texts) and index.isValid():
                return self._texts[row][index.column()]
            return None
        if role not in _OTHER_ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        r = self._rows[row]
        col = index.column()
        if role == ContactIdRole:
            return r.id
        if role == _FOREGROUND:
            if r.archived:  # greyed: out of the reminders until unarchived
                return QBrush(_disabled_text())
            if col == Col.BALANCE:
                return (
                    QBrush(readable_colour(HEALTH_COLOURS[Health.OVERDUE]))
                    if r.asked > r.gave
                    else None
                )
            if col in (Col.STATUS, Col.NEXT_DUE):
                colour = HEALTH_COLOURS.get(r.health)
                if colour is not None:
                    return QBrush(readable_colour(colour))
            return None
        if col == Col.STATUS and r.archived:
            return "Archived: no reminders until you unarchive them (right-click → Unarchive)"
        if col == Col.LAST_TOUCH and r.last_touch:
            return f"Last touch {relative_days(r.last_touch, self._now)}"
        if col == Col.BALANCE:
            return f"Gave {r.gave}, asked {r.asked} (all time)"
        if col in (Col.STATUS, Col.NEXT_DUE) and r.next_due:
            return f"Next touch due {relative_days(r.next_due, self._now)}"
        return None

    @staticmethod
    def _text_row(r: ContactRow) -> tuple[str, ...]:
        if r.archived:
            status = ARCHIVED_TEXT
        else:
            status = health_label(r.health) if r.health != Health.NO_CADENCE else ""
        return (
            r.name,
            status,
            "" if r.archived else date_text(r.next_due),
            date_text(r.last_touch),
            r.circle,
            r.organization,
            r.title,
            f"{r.gave} / {r.asked}" if r.gave or r.asked else "",
        )


# Plain ints: Qt passes roles as ints, and int comparisons are the cheapest.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_OTHER_ROLES = frozenset({_FOREGROUND, _TOOLTIP, int(ContactIdRole)})


def _disabled_text() -> QColor:
    app = QApplication.instance()
    if app is None:
        return QColor(128, 128, 128)
    return app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


def readable_colour(colour: QColor) -> QColor:
    """Lighten status colours on a dark palette so they keep their contrast."""
    app = QApplication.instance()
    if app is None:
        return colour
    base = app.palette().color(QPalette.ColorRole.Base)
    if base.lightness() < 128:
        return colour.lighter(150)
    return colour
