"""Run in its own process on an offscreen screen of a given size (tests/ui/test_table_layout.py):
opens the first window and a restored one, and prints what lies outside the screen."""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication

from netcare_desktop import paths
from netcare_desktop.store.database import open_store
from netcare_desktop.store.reader import open_reader
from netcare_desktop.store.sample import seed_sample
from netcare_desktop.ui.actions import Tab
from netcare_desktop.ui.contact_model import Col
from netcare_desktop.ui.main_window import MainWindow


def outside(win) -> list[str]:
    """Visible buttons and key columns not wholly inside the window, the window not inside
    the available screen."""
    QApplication.processEvents()
    bad = []
    area = win.screen().availableGeometry()
    if not area.contains(win.frameGeometry()):
        bad.append(f"window {win.frameGeometry()} outside {area}")
    inside = win.rect()
    for b in win.findChildren(QAbstractButton):
        if b.isVisibleTo(win) and b.window() is win and b.width() > 0:
            r = QRect(b.mapTo(win, b.rect().topLeft()), b.size())
            if not inside.contains(r):
                bad.append(f"button {b.text() or b.accessibleName()!r} at {r}")
    t = win.table
    if t.isVisibleTo(win):
        for col in (Col.NAME, Col.STATUS, Col.NEXT_DUE, Col.LAST_TOUCH):
            right = t.columnViewportPosition(col) + t.columnWidth(col)
            if t.columnViewportPosition(col) < 0 or right > t.viewport().width():
                bad.append(f"column {col.name} cut off")
    return bad


def main() -> None:
    app = QApplication(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp())
    p = paths.resolve(tmp)
    p.ensure()
    now = datetime(2026, 12, 3, 9, 0)
    open_store(p.database, p.backups_dir, now)
    seed_sample(40, now, seed=3)
    report = {
        "screen": [
            app.primaryScreen().availableGeometry().width(),
            app.primaryScreen().availableGeometry().height(),
        ]
    }
    win = MainWindow(p, open_reader(p.database), clock=lambda: now)
    win.show()
    win.refresh()
    report["first"] = outside(win)
    win.start_reminders()
    win.show_tab(Tab.DUE)
    report["due"] = outside(win)
    win.show_tab(Tab.TODAY)
    report["today"] = outside(win)
    win.show_tab(Tab.GROUPS)
    report["groups"] = outside(win)
    win.show_tab(Tab.HEALTH)
    report["health"] = outside(win)
    # Dialogs: the longest one, Preferences, keeps OK and Cancel on the screen.
    from netcare_desktop.core.preferences import Preferences
    from netcare_desktop.ui.preferences import PreferencesDialog

    circles = [(1, "Inner", 30), (2, "Active", 90), (3, "Acquaintance", 180), (4, "Dormant", None)]
    prefs = PreferencesDialog(Preferences(), circles, parent=win)
    prefs.show()
    QApplication.processEvents()
    area = prefs.screen().availableGeometry()
    report["preferences"] = [
        f"{b.text()} at {b.mapToGlobal(b.rect().bottomRight())}"
        for b in prefs.findChildren(QAbstractButton)
        if b.text() in ("&OK", "OK", "&Cancel", "Cancel")
        and not area.contains(b.mapToGlobal(b.rect().bottomRight()))
    ] + ([] if area.contains(prefs.frameGeometry()) else [f"dialog {prefs.frameGeometry()}"])
    prefs.close()
    win.show_tab(Tab.CONTACTS)
    # A geometry saved on a bigger screen, restored on this one.
    win.resize(1500, 950)
    win.move(300, 200)
    win.save_state()
    win.reminders.stop()
    win.close()
    again = MainWindow(p, open_reader(p.database), clock=lambda: now)
    again.show()
    again.refresh()
    report["restored"] = outside(again)
    report["restored_size"] = [again.width(), again.height()]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
