"""Small reusable widgets: plain-text labels, avatars, a label/value list editor."""

from __future__ import annotations

import zlib

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.names import initials


def widget_keys(widget: QWidget, bindings) -> None:
    """Keyboard shortcuts that act while ``widget`` has the focus: ``(keys, slot)`` pairs."""
    for keys, slot in bindings:
        shortcut = QShortcut(QKeySequence(keys), widget)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(slot)


def heading(text: str, scale: float = 1.5) -> QLabel:
    """A bold title, ``scale`` times the normal size (app text, never user data)."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def list_table(view, name: str, widths: tuple[int, ...] = (), *, extended: bool = False) -> None:
    """A read-only table of rows: whole rows selected (one at a time unless ``extended``:
    Shift and Ctrl pick several), compact, keyboard-friendly."""
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if extended
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    # Scrolled by pixels, not by whole columns: with per-column scrolling the range is a
    # handful of steps, the thumb fills most of the groove and reads as the groove, so the
    # bar looked inverted (the light thumb at the left, the darker rest "at the right").
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for col, width in enumerate(widths):
        view.setColumnWidth(col, width)


class StretchColumn(QObject):
    """One column takes the width the others leave, never less than ``minimum``; the
    others fit their content. Past that the table scrolls sideways, from the left."""

    def __init__(self, view, column: int, minimum: int):
        super().__init__(view)
        self.view, self.column, self.minimum = view, column, minimum
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(min(header.minimumSectionSize(), 40))
        for col in range(view.model().columnCount()):
            if col != column:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)
        self._fitting = False
        self.fit()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _resized(self, logical: int, _old: int, _new: int) -> None:
        if logical != self.column:
            self.fit()

    def fit(self) -> None:
        if self._fitting:
            return
        self._fitting = True
        try:
            header = self.view.horizontalHeader()
            others = sum(
                header.sectionSize(c)
                for c in range(header.count())
                if c != self.column and not header.isSectionHidden(c)
            )
            width = max(self.minimum, self.view.viewport().width() - others)
            if header.sectionSize(self.column) != width:
                header.resizeSection(self.column, width)
        finally:
            self._fitting = False


class PlainLabel(QLabel):
    """A label that never interprets its text as HTML (user data is plain text)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, selectable: bool = True):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        if selectable:
            self.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
        self.setText(text)


def avatar_pixmap(
    name: str, size: int, photo: bytes | None = None, device_ratio: float | None = None
) -> QPixmap:
    """A round avatar: the contact's photo when it decodes, else coloured initials."""
    ratio = device_ratio or (
        QGuiApplication.primaryScreen().devicePixelRatio()
        if QGuiApplication.primaryScreen()
        else 1.0
    )
    px = int(size * ratio)
    canvas = QPixmap(px, px)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    clip = QPainterPath()
    clip.addEllipse(QRectF(0, 0, px, px))
    painter.setClipPath(clip)
    source = QPixmap()
    if photo and source.loadFromData(photo):
        scaled = source.scaled(
            px,
            px,
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        painter.drawPixmap((px - scaled.width()) // 2, (px - scaled.height()) // 2, scaled)
    else:
        hue = zlib.crc32(name.encode("utf-8")) % 360  # a stable colour per name
        painter.fillRect(0, 0, px, px, QColor.fromHsl(hue, 110, 105))
        painter.setPen(QColor("white"))
        font = QFont()
        font.setPixelSize(int(px * 0.4))
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, px, px), Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.end()
    canvas.setDevicePixelRatio(ratio)
    return canvas


class PairListEditor(QWidget):
    """Edits a list of (label, value) pairs: several emails, phones or URLs."""

    def __init__(self, what: str, label_examples: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self._what = what
        self._examples = label_examples
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Label", what])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName(f"{what} list")
        self.table.setMinimumHeight(70)
        self.table.setMaximumHeight(110)
        noun = what if what.isupper() else what.lower()  # "URL" stays "URL"
        self.add_button = QPushButton(f"Add {noun}", self)
        self.add_button.setAccessibleName(f"Add {noun}")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setAccessibleName(f"Remove selected {noun}")
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button.clicked.connect(self._remove_clicked)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _add_clicked(self) -> None:
        self.add_pair(self._examples[0] if self._examples else "", "")
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 1)
        self.table.editItem(self.table.item(row, 1))

    def _remove_clicked(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)

    def add_pair(self, label: str, value: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(label))
        self.table.setItem(row, 1, QTableWidgetItem(value))

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        self.table.setRowCount(0)
        for label, value in pairs:
            self.add_pair(label, value)

    def pairs(self) -> list[tuple[str, str]]:
        out = []
        for row in range(self.table.rowCount()):
            label = self.table.item(row, 0)
            value = self.table.item(row, 1)
            text = value.text().strip() if value else ""
            if text:
                out.append((label.text().strip() if label else "", text))
        return out


def search_field() -> QLineEdit:
    """The toolbar's search-as-you-type field."""
    search = QLineEdit()
    search.setObjectName("search")
    search.setPlaceholderText("Search names, organizations, emails, notes  (Ctrl+F)")
    search.setAccessibleName("Search contacts")
    search.setClearButtonEnabled(True)
    search.setMinimumWidth(320)
    return search


def screen_fitting_body(dialog: QWidget, body: QWidget, reserve: int = 140):
    """``body`` in a frameless scroll area sized to show all of it where the screen has
    room, and to scroll where it has not (a 1024×600 screen): a dialog's OK and Cancel,
    put under it, are always on screen. ``reserve``: the height the rest of the dialog and
    its title bar need."""
    from PySide6.QtWidgets import QFrame, QScrollArea

    scroll = QScrollArea(dialog)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(body)
    want = body.sizeHint()
    screen = dialog.screen() if dialog.screen() is not None else None
    room = screen.availableGeometry().height() - reserve if screen is not None else want.height()
    bar = scroll.verticalScrollBar().sizeHint().width()
    scroll.setMinimumWidth(want.width() + (bar if want.height() > room else 0))
    scroll.setMinimumHeight(max(120, min(want.height(), room)))
    return scroll


def resize_within_screen(window: QWidget, width: int, height: int, title_bar: int = 40) -> None:
    """Resize to ``width``×``height``, or less where the screen's free area is smaller (a
    1024×600 screen with a panel): a dialog's buttons never start off-screen."""
    screen = window.screen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, area.width())
        height = min(height, area.height() - title_bar)
    window.resize(width, height)
