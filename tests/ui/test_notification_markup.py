"""A notification's body reaches a freedesktop notification server as escaped markup.

For real: Xvfb, a private D-Bus session bus, and a fake desktop on it (a tray host,
org.kde.StatusNotifierWatcher, and a notification server that advertises
"body-markup" and records each Notify call: tests/ui/fake_desktop.py, written with
dbus-python). The app's real Tray runs on the xcb platform in its own process; Qt's
own balloon path sends its message over the bus exactly as it would to GNOME's,
KDE's or dunst's server (NetCare's own path, with buttons, is
test_desktop_notifications.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.ui.desktop_bus import fake_desktop

PROBE = r"""
import sys
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from netcare_desktop.core.reminders import Notification
from netcare_desktop.ui.tray import Tray

app = QApplication([])
assert QSystemTrayIcon.isSystemTrayAvailable(), "no tray on the fake desktop"
pixmap = QPixmap(16, 16)
pixmap.fill()
tray = Tray(QIcon(pixmap), lambda: [])
tray.show()
tray.notify(Notification(sys.argv[1], sys.argv[2], 7, ()))
app.exec()  # until the test ends it
"""


@pytest.fixture
def desktop(xserver):
    """DISPLAY and a session bus with the fake desktop on it; yields (env, its process)."""
    with fake_desktop(xserver) as found:
        yield found


def _notify(desktop, title: str, body: str) -> dict:
    """Show one notification through the real Tray; what the notification server received."""
    env, fake = desktop
    probe = subprocess.Popen(
        [sys.executable, "-c", PROBE, title, body],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = fake.stdout.readline()  # blocks until the server is called (or dies)
        assert line, f"no notification reached the server: {probe.poll()}"
        return json.loads(line)
    finally:
        probe.kill()
        probe.communicate(timeout=30)


def rendered(markup: str) -> str:
    """The text a body-markup server shows for ``markup`` (its tags as formatting)."""
    try:
        return "".join(ET.fromstring(f"<body>{markup}</body>").itertext())
    except ET.ParseError:
        return "(not valid markup: the server shows garbage or nothing)"


@pytest.mark.parametrize(
    "body",
    [
        "Grace <b>Hopper</b> · every 30 days",
        "Alan & Co Turing and Ada Lovelace",
        'Bobby <img src="x"> <a href="https://evil.example">Tables</a> & <i>sons</i>',
        "Max &amp; &lt;Moritz&gt;",
    ],
)
def test_a_markup_server_shows_the_name_as_written(desktop, body):
    got = _notify(desktop, "Ada & <Co>: time to get in touch", body)
    assert rendered(got["body"]) == body
    # The summary is plain text by the spec: passed as written (escaping would show '&amp;').
    assert got["summary"] == "Ada & <Co>: time to get in touch"


def test_plain_text_platforms_get_the_body_unchanged():
    from netcare_desktop.ui.tray import message_body

    for platform in ("win32", "darwin"):
        assert message_body("Grace <b>Hopper</b> & Co", platform) == "Grace <b>Hopper</b> & Co"
    assert message_body("Grace <b>Hopper</b> & Co", "linux") == (
        "Grace &lt;b&gt;Hopper&lt;/b&gt; &amp; Co"
    )
