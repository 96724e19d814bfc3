"""The window's geometry, toolbar state, splitter and table columns, kept between runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings


def _settings(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


def restore(window, path: Path) -> None:
    s = _settings(path)
    for key, put_back in (
        ("window/geometry", window.restoreGeometry),
        ("window/state", window.restoreState),
        ("window/splitter", window.splitter.restoreState),
        ("table/header", window.table.horizontalHeader().restoreState),
    ):
        value = s.value(key)
        if value is not None:
            put_back(value)


def save(window, path: Path) -> None:
    s = _settings(path)
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    s.setValue("window/splitter", window.splitter.saveState())
    s.setValue("table/header", window.table.horizontalHeader().saveState())
    s.sync()
