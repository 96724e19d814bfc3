"""Is there an app for mailto: links? Read from real XDG files in temporary folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netcare_desktop.platform.mail_handler import MAILTO, can_open_mailto, handler


@pytest.fixture
def xdg(tmp_path):
    """An empty desktop: its own config and data folders, nothing system-wide."""
    dirs = {
        "XDG_CONFIG_HOME": tmp_path / "config",
        "XDG_DATA_HOME": tmp_path / "data",
        "XDG_CONFIG_DIRS": tmp_path / "etc-xdg",
        "XDG_DATA_DIRS": tmp_path / "usr-share",
    }
    for d in dirs.values():
        (d / "applications").mkdir(parents=True)
    env = {k: str(v) for k, v in dirs.items()}
    env["HOME"] = str(tmp_path)
    env["PATH"] = os.environ.get("PATH", "")
    return env


def desktop_file(folder: Path, name: str, *, mime: str = MAILTO, extra: str = "") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "[Desktop Entry]\nType=Application\nName=Test Mail\nExec=true %u\n"
        f"MimeType=text/plain;{mime};\n{extra}",
        encoding="utf-8",
    )
    return path


def mimeapps(folder: Path, text: str, name: str = "mimeapps.list") -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_nothing_installed_means_no_handler(xdg):
    assert handler(MAILTO, xdg) is None
    assert can_open_mailto(xdg, platform="linux") is False


def test_the_default_in_mimeapps_list_is_the_handler(xdg):
    apps = Path(xdg["XDG_DATA_HOME"]) / "applications"
    desktop_file(apps, "test-mail.desktop", mime="text/plain")  # declares nothing itself
    mimeapps(Path(xdg["XDG_CONFIG_HOME"]), f"[Default Applications]\n{MAILTO}=test-mail.desktop\n")
    assert handler(MAILTO, xdg) == "test-mail.desktop"
    assert can_open_mailto(xdg, platform="linux") is True


def test_a_default_that_is_not_installed_or_hidden_does_not_count(xdg):
    apps = Path(xdg["XDG_DATA_HOME"]) / "applications"
    desktop_file(apps, "gone.desktop", extra="Hidden=true\n")
    desktop_file(apps, "missing-binary.desktop", extra="TryExec=no-such-mail-client-here\n")
    mimeapps(
        Path(xdg["XDG_CONFIG_HOME"]),
        f"[Default Applications]\n{MAILTO}=absent.desktop;gone.desktop;missing-binary.desktop\n",
    )
    assert handler(MAILTO, xdg) is None


def test_an_app_that_declares_mailto_counts_unless_removed(xdg):
    system = Path(xdg["XDG_DATA_DIRS"]) / "applications"
    desktop_file(system, "vendor/mailer.desktop")  # desktop-file ID vendor-mailer.desktop
    assert handler(MAILTO, xdg) == "vendor-mailer.desktop"
    mimeapps(
        Path(xdg["XDG_CONFIG_HOME"]), f"[Removed Associations]\n{MAILTO}=vendor-mailer.desktop\n"
    )
    assert handler(MAILTO, xdg) is None


def test_mimeinfo_cache_and_desktop_specific_lists(xdg):
    system = Path(xdg["XDG_DATA_DIRS"]) / "applications"
    desktop_file(system, "cached.desktop", mime="text/plain")
    desktop_file(system, "kmail.desktop")
    (system / "mimeinfo.cache").write_text(f"[MIME Cache]\n{MAILTO}=cached.desktop;\n")
    assert handler(MAILTO, xdg) == "cached.desktop"  # the cache speaks for the folder
    mimeapps(
        Path(xdg["XDG_CONFIG_HOME"]),
        f"[Default Applications]\n{MAILTO}=kmail.desktop\n",
        name="kde-mimeapps.list",
    )
    assert handler(MAILTO, xdg) == "cached.desktop"  # not this desktop's list
    assert handler(MAILTO, {**xdg, "XDG_CURRENT_DESKTOP": "KDE"}) == "kmail.desktop"


def test_where_netcare_cannot_tell_the_open_result_decides(xdg):
    assert can_open_mailto(xdg, platform="win32") is True
    assert can_open_mailto(xdg, platform="darwin") is True
    assert can_open_mailto({**xdg, "FLATPAK_ID": "org.example.NetCare"}, platform="linux")


def test_the_check_reads_the_environment_of_the_process(xdg, tmp_path):
    """In a fresh process whose environment names the folders, as a desktop session sets it."""
    code = "from netcare_desktop.platform.mail_handler import handler; print(handler())"
    apps = Path(xdg["XDG_DATA_HOME"]) / "applications"
    env = {**os.environ, **xdg}
    env.pop("XDG_CURRENT_DESKTOP", None)
    run = [sys.executable, "-c", code]
    before = subprocess.run(run, env=env, capture_output=True, text=True, check=True, timeout=60)
    assert before.stdout.strip() == "None"
    desktop_file(apps, "test-mail.desktop", mime="text/plain")
    mimeapps(Path(xdg["XDG_CONFIG_HOME"]), f"[Default Applications]\n{MAILTO}=test-mail.desktop\n")
    after = subprocess.run(run, env=env, capture_output=True, text=True, check=True, timeout=60)
    assert after.stdout.strip() == "test-mail.desktop"
