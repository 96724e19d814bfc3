"""The whole app's notifications on a fake desktop: run by test_desktop_notifications.py.

    python notify_probe.py DATA_DIR

Its own process, on the xcb platform (Xvfb) and the test's private session bus, so
that QtDBus, the tray and the window are the ones a person's desktop gets.  It fills
a store with two people due, builds the real MainWindow with its tray and starts
the reminders (the start digest goes out); then it obeys one command a line on
stdin and prints one JSON line on stdout for each thing a person would notice:
    grace / hedy / katherine   add that person, due now, and check (one new notification)
    undo            press Ctrl+Z in the window
    quit            Quit NetCare from the tray's menu
Each notification action the window carries out prints {"acted": KEY, ...}.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta

from PySide6.QtCore import QSocketNotifier, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from netcare_desktop import paths
from netcare_desktop.core.preferences import Preferences
from netcare_desktop.store import contacts, reminders
from netcare_desktop.store.database import open_store
from netcare_desktop.store.reader import open_reader
from netcare_desktop.ui.formatting import utc_now

PEOPLE = {
    "grace": "Grace <b>Hopper</b> & <i>Co</i>",
    "hedy": "Hedy Lamarr",
    "katherine": "Katherine Johnson",
}


def person(name: str, joined) -> int:
    given, family = name.split(" ", 1)
    return contacts.create_contact(
        contacts.ContactInput(given_name=given, family_name=family, circle_id=1), joined
    )


def say(**what) -> None:
    print(json.dumps(what), flush=True)


def main(data_dir: str) -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("NetCare")
    p = paths.resolve(data_dir)
    p.ensure()
    now = utc_now()
    open_store(p.database, p.backups_dir, now)
    reminders.save_preferences(Preferences(quiet_enabled=False, status_every_days=0))
    person("Ada Lovelace", now - timedelta(days=40))
    person("Alan & Co Turing", now - timedelta(days=70))
    for _ in range(50):  # Qt looks for the StatusNotifierWatcher's host
        if QSystemTrayIcon.isSystemTrayAvailable():
            break
        QTest.qWait(100)

    from netcare_desktop.app import _attach_tray
    from netcare_desktop.ui.main_window import MainWindow

    window = MainWindow(p, open_reader(p.database))
    attached = _attach_tray(app, window)
    window.show()
    QTest.qWaitForWindowExposed(window)
    hub = window.ctl.hub

    def acted(key: str) -> None:
        say(
            acted=key,
            detail_contact=window.detail.contact_id,
            tab=window.tabs.currentIndex(),
            window_visible=window.isVisible(),
            queue=[r.display_name for r in window.reminders.queue],
            undo=window.services.undo.label(),
            status=window.statusBar().currentMessage(),
        )

    hub.acted.connect(acted)
    window.start_reminders()  # the start digest
    say(started=True, tray=attached, desktop=hub.notifier.available())

    def command() -> None:
        data = os.read(sys.stdin.fileno(), 4096)  # whole lines, unbuffered
        if not data:
            app.exit(0)
            return
        for word in data.decode().split():
            if word in PEOPLE:
                cid = person(PEOPLE[word], utc_now() - timedelta(days=35))
                window.reminders.check()
                say(added=word, id=cid)
            elif word == "undo":  # Ctrl+Z, as a person presses it in the window
                target = QApplication.focusWidget() or window
                QTest.keyClick(target, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
                say(
                    undone=True,
                    queue=[r.display_name for r in window.reminders.queue],
                    status=window.statusBar().currentMessage(),
                )
            elif word == "quit":
                window.tray.quitRequested.emit()  # the tray menu's Quit NetCare

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    return app.exec()


if __name__ == "__main__":
    os.environ.pop("NETCARE_DATA_DIR", None)
    sys.exit(main(sys.argv[1]))
