"""Drive the real tray on a real X server with a tray host; print what a person would see.

Run by tests/e2e/test_tray.py as its own process (the test process is offscreen):
    python tray_probe.py DATA_DIR SCREENSHOT.png
Prints one JSON object with the observations; the test asserts on them.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from netcare_desktop import paths
from netcare_desktop.core.preferences import Preferences
from netcare_desktop.store import contacts, reminders
from netcare_desktop.store.database import open_store
from netcare_desktop.store.reader import open_reader
from netcare_desktop.ui.formatting import utc_now


def person(name: str, joined, circle_id: int = 1) -> int:
    given, family = name.split(" ", 1)
    return contacts.create_contact(
        contacts.ContactInput(given_name=given, family_name=family, circle_id=circle_id), joined
    )


def balloons(app) -> list:
    return [
        w
        for w in app.topLevelWidgets()
        if type(w).__name__ == "QBalloonTip" or w.metaObject().className() == "QBalloonTip"
    ]


def visible_balloon_texts(app) -> list[list[str]]:
    """The texts of the balloons on screen; '(rich)' marks a label that would render markup."""
    from PySide6.QtWidgets import QLabel

    out = []
    for b in balloons(app):
        if b.isVisible():
            out.append(
                [
                    lab.text() + ("" if lab.textFormat() == Qt.TextFormat.PlainText else " (rich)")
                    for lab in b.findChildren(QLabel)
                    if lab.text()
                ]
            )
    return out


def main(data_dir: str, shot: str) -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("NetCare")
    p = paths.resolve(data_dir)
    p.ensure()
    now = utc_now()
    open_store(p.database, p.backups_dir, now)
    reminders.save_preferences(Preferences(quiet_enabled=False, status_every_days=0))
    ada = person("Ada Lovelace", now - timedelta(days=40))
    person("Alan & Co Turing", now - timedelta(days=70))
    out: dict = {}

    for _ in range(50):  # the tray host may take a moment to claim the selection
        if QSystemTrayIcon.isSystemTrayAvailable():
            break
        QTest.qWait(100)
    out["tray_available"] = QSystemTrayIcon.isSystemTrayAvailable()

    from netcare_desktop.app import _attach_tray
    from netcare_desktop.ui.main_window import MainWindow

    window = MainWindow(p, open_reader(p.database))
    out["attached"] = _attach_tray(app, window)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.start_reminders()  # the start digest goes out through the tray
    tray = window.tray
    QTest.qWait(500)
    out["icon_visible"] = tray.icon.isVisible()
    geo = tray.icon.geometry()
    out["icon_geometry"] = [geo.x(), geo.y(), geo.width(), geo.height()]
    out["tooltip"] = tray.icon.toolTip()
    out["digest_balloons"] = visible_balloon_texts(app)
    tray.rebuild_menu()
    out["menu"] = [a.text() for a in tray.menu.actions() if not a.isSeparator()]

    # A single contact newly due: its notification opens that contact when clicked.
    for b in balloons(app):
        b.close()
    grace = person("Grace <b>Hopper</b> <img src=x>", now - timedelta(days=35))
    window.reminders.check()
    QTest.qWait(300)
    out["single_balloons"] = visible_balloon_texts(app)
    window.screen().grabWindow(0).save(shot)
    window.tabs.setCurrentIndex(1)
    clicked: list = []
    tray.icon.messageClicked.connect(lambda: clicked.append("message"))
    tray.contactRequested.connect(clicked.append)
    shown = [b for b in balloons(app) if b.isVisible()]
    if shown:
        b = shown[0]
        QTest.mouseClick(
            b,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            QPoint(b.width() // 3, b.height() - 12),
        )
        QTest.qWait(300)
    out["after_click"] = {
        "detail_contact": window.detail.contact_id,
        "grace": grace,
        "tab": window.tabs.currentIndex(),
        "window_visible": window.isVisible(),
        "signals": list(clicked),
    }

    # Closing the window keeps NetCare in the tray, and says so the first time.
    for b in balloons(app):
        b.close()
    window.close()
    QTest.qWait(300)
    out["after_close"] = {
        "window_visible": window.isVisible(),
        "icon_visible": tray.icon.isVisible(),
        "balloons": visible_balloon_texts(app),
    }
    # Open NetCare from the menu, then a due contact from the menu.
    tray.rebuild_menu()
    actions = {a.text(): a for a in tray.menu.actions()}
    actions["Open NetCare"].trigger()
    QTest.qWait(100)
    out["reopened_visible"] = window.isVisible()
    ada_action = next(a for t, a in actions.items() if t.startswith("Ada Lovelace"))
    ada_action.trigger()
    out["menu_opened_contact"] = window.detail.contact_id == ada
    actions["Snooze All for an Hour"].trigger()
    out["after_snooze_count"] = tray.count

    result = {"rc": None}
    QTimer.singleShot(0, lambda: actions["Quit NetCare"].trigger())
    QTimer.singleShot(5000, lambda: (result.__setitem__("rc", "timeout"), app.exit(3)))
    rc = app.exec()
    out["quit_rc"] = rc if result["rc"] is None else result["rc"]
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else str(Path("tray.png"))))
