"""The window's geometry, toolbar state, splitter and table order, kept between runs.

A saved geometry is put back only inside the screen the window opens on: a window
saved on a large monitor, or on one no longer attached, opens whole on a small one
(1024×600 included).  The table keeps its sort column and order; its column widths
follow their content, so they are not kept.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication

FIRST_SIZE = QSize(1100, 700)  # the first window, where the screen has room for it


def _settings(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


def available(window) -> QRect:
    """The screen area the window may use (without panels and docks)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 600)


def clamp(frame: QRect, area: QRect) -> QRect:
    """``frame`` moved, then shrunk if need be, so that all of it lies inside ``area``."""
    width = min(frame.width(), area.width())
    height = min(frame.height(), area.height())
    x = min(max(frame.x(), area.x()), area.x() + area.width() - width)
    y = min(max(frame.y(), area.y()), area.y() + area.height() - height)
    return QRect(x, y, width, height)


def fit_to_screen(window) -> None:
    """Keep the whole window (its frame included) on the available screen."""
    if window.isMaximized() or window.isFullScreen():
        return
    area = available(window)
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width()  # the window manager's frame, 0 before shown
    extra_h = frame.height() - window.height()
    inner = clamp(
        QRect(frame.x(), frame.y(), window.width() + extra_w, window.height() + extra_h), area
    )
    size = QSize(inner.width() - extra_w, inner.height() - extra_h)
    if size != window.size():
        window.resize(size)
    if inner.topLeft() != frame.topLeft():
        window.move(inner.topLeft())


def first_size(window) -> None:
    """The size of a first window: FIRST_SIZE, or the available screen when smaller."""
    area = available(window)
    window.resize(min(FIRST_SIZE.width(), area.width()), min(FIRST_SIZE.height(), area.height()))


def restore(window, path: Path) -> None:
    s = _settings(path)
    first_size(window)
    for key, put_back in (
        ("window/geometry", window.restoreGeometry),
        ("window/state", window.restoreState),
        ("window/splitter", window.splitter.restoreState),
    ):
        value = s.value(key)
        if value is not None:
            put_back(value)
    fit_to_screen(window)
    sort = s.value("table/sort")
    if isinstance(sort, str) and "," in sort:
        column, order = sort.split(",", 1)
        if column.isdigit() and order in ("0", "1") and int(column) < window.model.columnCount():
            window.table.sortByColumn(int(column), Qt.SortOrder(int(order)))


def save(window, path: Path) -> None:
    s = _settings(path)
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    s.setValue("window/splitter", window.splitter.saveState())
    header = window.table.horizontalHeader()
    s.setValue("table/sort", f"{header.sortIndicatorSection()},{header.sortIndicatorOrder().value}")
    s.remove("table/header")  # widths follow the content now; an old saved state would fight it
    s.sync()
