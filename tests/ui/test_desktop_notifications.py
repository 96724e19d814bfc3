"""Reminders reach the person through the desktop's notification server, and its buttons work.

For real, end to end: Xvfb, a private session bus (a dbus-daemon of the test's own),
and on it a fake desktop (tests/ui/fake_desktop.py: a StatusNotifierWatcher with a
host, and a notification server that refuses a wrongly typed Notify, as real ones
do, and records every call).  The whole app runs in its own process
(tests/ui/notify_probe.py): the real MainWindow, tray, reminder service and
QtDBus, on its own SQLite file.  A subprocess rather than pytest-qt in this
process: QtDBus's session bus is chosen once per process, from the environment,
and this test process's QApplication is offscreen with no bus of its own.

The test presses the buttons the way a notification server reports a click
(ActionInvoked on the bus), reads what the window shows from the probe's report,
and reads the SQLite file itself for what was written.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.ui.desktop_bus import fake_desktop

PROBE = Path(__file__).with_name("notify_probe.py")
GRACE = "Grace <b>Hopper</b> & <i>Co</i>"


def rendered(markup: str) -> str:
    """The text a body-markup server shows for ``markup``."""
    return "".join(ET.fromstring(f"<body>{markup}</body>").itertext())


class Session:
    """The fake desktop's and the app's lines, read in the order a person sees them."""

    def __init__(self, fake: subprocess.Popen, app: subprocess.Popen):
        self.fake, self.app = fake, app

    def notify_call(self) -> dict:
        line = self.fake.stdout.readline()  # blocks until the server is called
        assert line, f"the notification server got nothing; app: {self._app_error()}"
        return json.loads(line)

    def report(self) -> dict:
        line = self.app.stdout.readline()
        assert line, f"the app ended: {self._app_error()}"
        return json.loads(line)

    def click(self, nid: int, key: str) -> None:
        """What a notification server sends when a button (or the notification) is clicked."""
        self.fake.stdin.write(f"invoke {nid} {key}\n")
        self.fake.stdin.flush()

    def tell_app(self, word: str) -> None:
        self.app.stdin.write(word + "\n")
        self.app.stdin.flush()

    def _app_error(self) -> str:
        if self.app.poll() is None:
            return "still running"
        return self.app.stderr.read()[-3000:]


@pytest.fixture
def session(xserver, tmp_path):
    with fake_desktop(xserver) as (env, fake):
        app = subprocess.Popen(
            [sys.executable, str(PROBE), str(tmp_path / "data")],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            yield Session(fake, app)
        finally:
            app.kill()
            app.communicate(timeout=30)


def _database(tmp_path) -> closing[sqlite3.Connection]:
    """The app's SQLite file, read as any other program would."""
    return closing(sqlite3.connect(tmp_path / "data" / "netcare.db"))


def test_notifications_carry_buttons_replace_each_other_and_the_buttons_work(session, tmp_path):
    started = session.report()
    assert started == {"started": True, "tray": True, "desktop": True}

    # What came due while NetCare was closed: one summary, names escaped for markup.
    digest = session.notify_call()
    assert digest["summary"] == "While NetCare was closed: 2 reminders came due"
    assert digest["body"] == "Alan &amp; Co Turing and Ada Lovelace"
    assert digest["actions"] == ["default", "Open Due", "snooze", "Snooze a day"]
    assert digest["replaces_id"] == 0
    assert digest["app"] == "NetCare"
    assert digest["hints"]["desktop-entry"] == "netcare"

    # Someone else's notification is not ours to act on; clicking the summary opens Due.
    session.click(digest["id"] + 100, "default")
    session.click(digest["id"], "default")
    opened = session.report()
    assert opened["acted"] == "default" and opened["tab"] == 1  # Due
    assert opened["window_visible"]

    # One person newly due: the notification replaces the summary instead of piling up.
    session.tell_app("grace")
    grace = session.report()["id"]
    single = session.notify_call()
    assert single["replaces_id"] == digest["id"] and single["id"] == digest["id"]
    assert single["summary"] == "Time to get in touch"
    assert rendered(single["body"]).startswith(GRACE + " · ")  # shown as written
    assert "<b>" not in single["body"]
    assert single["actions"] == [
        "default",
        "Open",
        "done",
        "Done",
        "snooze",
        "Snooze a day",
    ]

    # A click on the notification opens the contact in the window.
    session.click(single["id"], "default")
    shown = session.report()
    assert shown["acted"] == "default"
    assert shown["detail_contact"] == grace and shown["tab"] == 0  # Contacts
    assert shown["window_visible"]

    # Done logs the touch in the SQLite file, as the Due view's Done does, undoably,
    # and the notification goes: nothing it names is due any more.
    session.click(single["id"], "done")
    done = session.report()
    assert done["acted"] == "done"
    assert GRACE not in done["queue"]
    assert done["undo"] == f"Done for {GRACE}"
    assert done["status"].startswith(f"Done: {GRACE}.")
    with _database(tmp_path) as db:
        rows = db.execute(
            "SELECT kind, summary FROM interaction WHERE contact_id = ?", (grace,)
        ).fetchall()
    assert rows == [("check_in", "Checked in")]
    assert session.notify_call() == {"closed": single["id"]}

    # Ctrl+Z in the window takes the notification's Done back.
    session.tell_app("undo")
    undone = session.report()
    assert GRACE in undone["queue"]
    assert undone["status"] == f"Undid done for {GRACE}."
    with _database(tmp_path) as db:
        left = db.execute("SELECT count(*) FROM interaction WHERE contact_id = ?", (grace,))
        assert left.fetchone() == (0,)

    # Snooze a day: the person leaves the queue until tomorrow, the notification goes.
    session.tell_app("hedy")
    session.report()
    hedy_note = session.notify_call()
    assert hedy_note["replaces_id"] == 0  # the last one was closed: a new notification
    assert rendered(hedy_note["body"]).startswith("Hedy Lamarr · ")
    session.click(hedy_note["id"], "snooze")
    snoozed = session.report()
    assert snoozed["acted"] == "snooze"
    assert snoozed["status"] == "Snoozed Hedy Lamarr for a day."
    assert "Hedy Lamarr" not in snoozed["queue"]
    assert "Ada Lovelace" in snoozed["queue"]
    with _database(tmp_path) as db:
        (until,) = db.execute(
            "SELECT snoozed_until FROM reminder_state WHERE key LIKE 'kit:%' "
            "AND snoozed_until IS NOT NULL"
        ).fetchone()
    ahead = datetime.fromisoformat(str(until)) - datetime.now(UTC).replace(tzinfo=None)
    assert timedelta(hours=23) < ahead <= timedelta(days=1)
    assert session.notify_call() == {"closed": hedy_note["id"]}

    # Quit takes the notification on screen away: its buttons would act on nothing.
    session.tell_app("katherine")
    session.report()
    last = session.notify_call()
    assert last["summary"] == "Time to get in touch"
    session.tell_app("quit")
    assert session.notify_call() == {"closed": last["id"]}


def test_without_a_session_bus_the_tray_balloon_is_used(qapp, monkeypatch, tmp_path):
    """No bus configured: nothing is auto-launched, and notify says to use the balloon."""
    from netcare_desktop.core.reminders import Notification
    from netcare_desktop.ui.notifier import DesktopNotifier

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no "bus" socket in it
    notifier = DesktopNotifier()
    assert not notifier.available()
    assert not notifier.notify(Notification("Time to get in touch", "Ada", 1, ("kit:1",)))
    assert notifier.last_id == 0
