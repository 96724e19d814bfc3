"""The tray for real: Xvfb plus a tray host (trayer), the app's tray driven in its own process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("tray_probe.py")


@pytest.fixture
def tray_host(xserver):
    exe = shutil.which("trayer")
    if exe is None:
        if os.environ.get("NETCARE_REQUIRE_XSERVER") == "1":
            pytest.fail("trayer is required for the tray tests (make test installs it)")
        pytest.skip("trayer not installed")
    env = {**os.environ, "DISPLAY": xserver}
    proc = subprocess.Popen(
        [exe, "--edge", "top", "--align", "right", "--width", "10", "--height", "32"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)  # the probe also waits for the tray selection to be owned
    yield xserver
    proc.terminate()
    proc.wait(timeout=10)


def test_the_tray_shows_counts_lists_notifies_and_opens_the_contact(tray_host, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "NETCARE_DATA_DIR")}
    env.update(DISPLAY=tray_host, QT_QPA_PLATFORM="xcb")
    shot = tmp_path / "tray.png"
    r = subprocess.run(
        [sys.executable, str(PROBE), str(tmp_path / "data"), str(shot)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    seen = json.loads(r.stdout.strip().splitlines()[-1])
    # A tray exists and the icon sits in it, with the count in its tooltip.
    assert seen["tray_available"] and seen["attached"] and seen["icon_visible"]
    assert seen["icon_geometry"][2] > 0 and seen["icon_geometry"][3] > 0
    assert seen["tooltip"] == "NetCare — 2 reminders due"
    # What came due while closed: one digest, not one balloon each.
    assert seen["digest_balloons"] == [
        ["While NetCare was closed: 2 reminders came due", "Alan & Co Turing and Ada Lovelace"]
    ]
    # The menu lists the due contacts ('&' doubled so it is not an accelerator).
    assert seen["menu"] == [
        "Open NetCare",
        "Due now: 2",
        "Alan && Co Turing — keep in touch",
        "Ada Lovelace — keep in touch",
        "Snooze All for an Hour",
        "Preferences…",
        "Quit NetCare",
    ]
    # One newly due: its notification shows the name literally, and a click opens it.
    (single,) = seen["single_balloons"]
    assert single[0] == "Time to get in touch"
    assert single[1].startswith("Grace <b>Hopper</b> <img src=x> · every 30 days")
    click = seen["after_click"]
    assert click["detail_contact"] == click["grace"] and click["tab"] == 0
    assert click["window_visible"]
    # Closing the window keeps NetCare in the tray, and says so once.
    closed = seen["after_close"]
    assert not closed["window_visible"] and closed["icon_visible"]
    assert closed["balloons"] and closed["balloons"][0][0] == "NetCare is still running"
    assert seen["reopened_visible"] and seen["menu_opened_contact"]
    assert seen["after_snooze_count"] == 0  # snooze all: nothing due for an hour
    assert seen["quit_rc"] == 0  # Quit ends the app for real
    assert shot.stat().st_size > 1000


def _self_test(display, tmp_path, *extra):
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "NETCARE_DATA_DIR")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "netcare_desktop",
            "--data-dir",
            str(tmp_path / "d"),
            "--self-test",
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_started_at_login_it_waits_hidden_in_the_tray(tray_host, tmp_path):
    r = _self_test(tray_host, tmp_path, "--hidden")
    assert r.returncode == 0, r.stderr
    assert "tray: yes; window hidden" in r.stdout


def test_without_a_tray_host_a_hidden_start_still_shows_the_window(xserver, tmp_path):
    r = _self_test(xserver, tmp_path, "--hidden")
    assert r.returncode == 0, r.stderr
    assert "tray: no; window shown" in r.stdout
