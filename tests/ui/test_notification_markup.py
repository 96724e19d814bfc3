"""A notification's body reaches a freedesktop notification server as escaped markup.

For real: Xvfb, a private D-Bus session bus, and a fake desktop on it (a tray host,
org.kde.StatusNotifierWatcher, and a notification server that advertises
"body-markup" and records each Notify call), written with dbus-python. The app's
real Tray runs on the xcb platform in its own process; Qt sends its message over
the bus exactly as it would to GNOME's, KDE's or dunst's server.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"

FAKE_DESKTOP = r"""
import json, sys
import dbus, dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()

class Watcher(dbus.service.Object):
    @dbus.service.method("org.kde.StatusNotifierWatcher", in_signature="s")
    def RegisterStatusNotifierItem(self, service):
        pass

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, iface, prop):
        return {"IsStatusNotifierHostRegistered": True, "ProtocolVersion": 0}.get(prop, 0)

class Notifications(dbus.service.Object):
    @dbus.service.method(
        "org.freedesktop.Notifications", in_signature="susssasa{sv}i", out_signature="u"
    )
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout):
        print(json.dumps({"summary": str(summary), "body": str(body)}), flush=True)
        return 1

    @dbus.service.method("org.freedesktop.Notifications", out_signature="as")
    def GetCapabilities(self):
        return ["body", "body-markup"]

    @dbus.service.method("org.freedesktop.Notifications", in_signature="u")
    def CloseNotification(self, nid):
        pass

names = [dbus.service.BusName(n, bus) for n in
         ("org.kde.StatusNotifierWatcher", "org.freedesktop.Notifications")]
Watcher(bus, "/StatusNotifierWatcher")
Notifications(bus, "/org/freedesktop/Notifications")
print("ready", flush=True)
GLib.MainLoop().run()
"""

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


def _has_dbus_python() -> bool:
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    check = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import dbus, dbus.mainloop.glib, gi.repository.GLib"],
        capture_output=True,
    )
    return check.returncode == 0


@pytest.fixture
def desktop(xserver, tmp_path):
    """DISPLAY and a session bus with the fake desktop on it; yields (env, its stdout)."""
    if shutil.which("dbus-daemon") is None or not _has_dbus_python():
        if os.environ.get("NETCARE_REQUIRE_XSERVER") == "1":  # CI: make test installs them
            pytest.fail("dbus-daemon and python3-dbus are required but missing")
        pytest.skip("needs dbus-daemon and dbus-python for a fake notification server")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    address = daemon.stdout.readline().strip()
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "NETCARE_DATA_DIR")}
    env.update(DISPLAY=xserver, DBUS_SESSION_BUS_ADDRESS=address, QT_QPA_PLATFORM="xcb")
    env.pop("QT_QPA_PLATFORMTHEME", None)
    fake = subprocess.Popen(
        [SYSTEM_PYTHON, "-c", FAKE_DESKTOP],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert fake.stdout.readline().strip() == "ready", fake.stderr.read()
        yield env, fake
    finally:
        fake.kill()
        fake.communicate(timeout=30)
        daemon.kill()
        daemon.communicate(timeout=30)


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
