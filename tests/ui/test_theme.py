"""Dark mode: the desktop's colour scheme through the XDG desktop portal, and Preferences.

For real: a private D-Bus session bus (dbus-daemon) with a fake desktop portal on it,
written with dbus-python, that answers ``org.freedesktop.portal.Settings.ReadOne``
for ``org.freedesktop.appearance color-scheme`` and emits ``SettingChanged`` when the
test tells it to (a line on its stdin). The window is the real main window.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from netcare_desktop.ui import theme
from netcare_desktop.ui.preferences import PreferencesDialog

SYSTEM_PYTHON = "/usr/bin/python3"

FAKE_PORTAL = r"""
import sys
import dbus, dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
IFACE = "org.freedesktop.portal.Settings"
VALUES = {"none": 0, "dark": 1, "light": 2}
state = {"scheme": VALUES[sys.argv[1]]}

class Settings(dbus.service.Object):
    @dbus.service.method(IFACE, in_signature="ss", out_signature="v")
    def ReadOne(self, namespace, key):
        if (namespace, key) != ("org.freedesktop.appearance", "color-scheme"):
            raise dbus.exceptions.DBusException(
                "no such setting", name="org.freedesktop.portal.Error.NotFound")
        return dbus.UInt32(state["scheme"])

    @dbus.service.signal(IFACE, signature="ssv")
    def SettingChanged(self, namespace, key, value):
        pass

portal = Settings(bus, "/org/freedesktop/portal/desktop")
name = dbus.service.BusName("org.freedesktop.portal.Desktop", bus)
loop = GLib.MainLoop()

def command(source, _condition):
    line = source.readline().strip()
    if not line:
        loop.quit()
        return False
    state["scheme"] = VALUES[line]
    portal.SettingChanged(
        "org.freedesktop.appearance", "color-scheme", dbus.UInt32(state["scheme"]))
    return True

GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, command)
print("ready", flush=True)
loop.run()
"""

_names = itertools.count()


def _has_dbus_python() -> bool:
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    check = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import dbus, dbus.mainloop.glib, gi.repository.GLib"],
        capture_output=True,
    )
    return check.returncode == 0


@pytest.fixture
def session_bus():
    """A private session bus; yields a function starting the fake portal on it."""
    if shutil.which("dbus-daemon") is None or not _has_dbus_python():
        if os.environ.get("NETCARE_REQUIRE_XSERVER") == "1":  # CI: make test installs them
            pytest.fail("dbus-daemon and python3-dbus are required but missing")
        pytest.skip("needs dbus-daemon and dbus-python for a fake desktop portal")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    address = daemon.stdout.readline().strip()
    started = []

    def portal(scheme: str) -> subprocess.Popen:
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
        fake = subprocess.Popen(
            [SYSTEM_PYTHON, "-c", FAKE_PORTAL, scheme],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(fake)
        assert fake.stdout.readline().strip() == "ready", fake.stderr.read()
        return fake

    name = f"netcare-theme-test-{next(_names)}"
    connection = QDBusConnection.connectToBus(address, name)
    assert connection.isConnected()
    try:
        yield connection, portal
    finally:
        theme.uninstall()  # the application's own palette again, for the other tests
        QDBusConnection.disconnectFromBus(name)
        for fake in started:
            fake.kill()
            fake.communicate(timeout=30)
        daemon.kill()
        daemon.communicate(timeout=30)


@pytest.fixture
def no_theme():
    yield
    theme.uninstall()


def _dark(widget) -> bool:
    return theme.is_dark(widget.palette())


def _install(qtbot, connection) -> theme.Theme:
    """The application's Theme on the test's bus, once it has heard the portal's answer."""
    current = theme.Theme(QApplication.instance(), theme.SYSTEM, connection)
    with qtbot.waitSignal(current.portalRead):  # an answer or an error, never a wait
        current.watch_portal()
    theme._current = current  # what Preferences' choice goes to
    return current


def _tell(fake: subprocess.Popen, scheme: str) -> None:
    fake.stdin.write(scheme + "\n")
    fake.stdin.flush()


def test_the_window_follows_the_portal_dark_then_light(qtbot, window, session_bus):
    connection, portal = session_bus
    fake = portal("dark")
    assert not _dark(window)  # offscreen Qt knows no scheme of its own: light
    _install(qtbot, connection)
    qtbot.waitUntil(lambda: _dark(window))
    assert _dark(window.table.viewport()) and _dark(window.menuBar())

    _tell(fake, "light")  # the desktop switches: SettingChanged
    qtbot.waitUntil(lambda: not _dark(window))

    _tell(fake, "dark")
    qtbot.waitUntil(lambda: _dark(window))


def test_no_preference_from_the_portal_leaves_qts_scheme(qtbot, window, session_bus):
    connection, portal = session_bus
    fake = portal("none")
    current = _install(qtbot, connection)
    assert current.portal is None
    _tell(fake, "dark")
    qtbot.waitUntil(lambda: _dark(window))
    _tell(fake, "none")  # "no preference": Qt's own again
    qtbot.waitUntil(lambda: not _dark(window))
    assert current.portal is None


def test_without_a_portal_system_is_whatever_qt_says(qtbot, window, session_bus):
    connection, _portal = session_bus  # a bus, but nobody owns the portal's name
    current = _install(qtbot, connection)  # the error reply: ServiceUnknown
    assert current.portal is None and not _dark(window)
    current.choose(theme.DARK)
    qtbot.waitUntil(lambda: _dark(window))  # Qt posts the palette change to each widget


def _choose_in_preferences(qtbot, answer_modal, window, text: str) -> None:
    def pick(dialog):
        assert isinstance(dialog, PreferencesDialog)
        combo = dialog.theme
        combo.setFocus()
        while combo.currentText() != text:  # the keyboard, as a person would
            before = combo.currentIndex()
            qtbot.keyClick(combo, Qt.Key.Key_Down)
            if combo.currentIndex() == before:
                qtbot.keyClick(combo, Qt.Key.Key_Home)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    answer_modal(window.show_preferences, pick, want=PreferencesDialog)


def test_preferences_light_overrides_a_dark_portal(qtbot, window, session_bus, answer_modal):
    connection, portal = session_bus
    fake = portal("dark")
    _install(qtbot, connection)
    qtbot.waitUntil(lambda: _dark(window))

    _choose_in_preferences(qtbot, answer_modal, window, "Light")
    qtbot.waitUntil(lambda: not _dark(window))  # at once, no restart
    from netcare_desktop.store.reminders import read_preferences

    assert read_preferences(window.reader).theme == "light"  # kept for the next start

    current = theme.current()
    _tell(fake, "light")
    qtbot.waitUntil(lambda: current.portal == theme.LIGHT)
    _tell(fake, "dark")  # the desktop goes dark again: the person's choice wins
    qtbot.waitUntil(lambda: current.portal == theme.DARK)
    QApplication.processEvents()
    assert not _dark(window) and not theme.is_dark(QApplication.palette())

    _choose_in_preferences(qtbot, answer_modal, window, "Same as the system")
    qtbot.waitUntil(lambda: _dark(window))  # back to the desktop's, which is dark


def test_preferences_dark_without_any_desktop(qtbot, window, answer_modal, no_theme):
    _choose_in_preferences(qtbot, answer_modal, window, "Dark")
    qtbot.waitUntil(lambda: _dark(window) and _dark(window.detail))
    _choose_in_preferences(qtbot, answer_modal, window, "Light")
    qtbot.waitUntil(lambda: not _dark(window))


def test_portal_values():
    from PySide6.QtDBus import QDBusVariant

    assert theme.portal_scheme(1) == theme.DARK
    assert theme.portal_scheme(2) == theme.LIGHT
    assert theme.portal_scheme(0) is None
    assert theme.portal_scheme(QDBusVariant(QDBusVariant(1))) == theme.DARK  # old Read()
    assert theme.portal_scheme("junk") is None


def test_the_theme_choice_is_a_preference():
    from netcare_desktop.core.preferences import Preferences

    assert Preferences().theme == "system"
    assert Preferences.from_rows({"prefs.theme": "dark"}).theme == "dark"
    assert Preferences.from_rows({"prefs.theme": "purple"}).theme == "system"
    assert Preferences.from_rows({"prefs.theme": 1}).theme == "system"
