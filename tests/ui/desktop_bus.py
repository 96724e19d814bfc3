"""A private session bus with the fake desktop (fake_desktop.py) on it, for the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with python3-dbus and python3-gi
FAKE_DESKTOP = Path(__file__).with_name("fake_desktop.py")


def _has_dbus_python() -> bool:
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    check = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import dbus, dbus.mainloop.glib, gi.repository.GLib"],
        capture_output=True,
    )
    return check.returncode == 0


def require_dbus() -> None:
    if shutil.which("dbus-daemon") is None or not _has_dbus_python():
        if os.environ.get("NETCARE_REQUIRE_XSERVER") == "1":  # CI: make test installs them
            pytest.fail("dbus-daemon and python3-dbus are required but missing")
        pytest.skip("needs dbus-daemon and dbus-python for a fake notification server")


@contextmanager
def fake_desktop(
    display: str, capabilities: str | None = None
) -> Iterator[tuple[dict[str, str], subprocess.Popen]]:
    """DISPLAY and a new session bus with the fake desktop; yields (env, the fake's process).

    The fake's stdout carries one JSON line per Notify call; its stdin takes commands.
    The bus is a dbus-daemon of our own on a private address, ended with the test.
    """
    require_dbus()
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "NETCARE_DATA_DIR")}
    env.update(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, QT_QPA_PLATFORM="xcb")
    env.pop("QT_QPA_PLATFORMTHEME", None)
    argv = [SYSTEM_PYTHON, str(FAKE_DESKTOP)] + ([capabilities] if capabilities else [])
    fake = subprocess.Popen(
        argv,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert fake.stdout is not None and fake.stderr is not None
        assert fake.stdout.readline().strip() == "ready", fake.stderr.read()
        yield env, fake
    finally:
        fake.kill()
        fake.communicate(timeout=30)
        daemon.kill()
        daemon.communicate(timeout=30)
