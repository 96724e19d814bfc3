"""Start at login: the entries each platform reads, written and removed for real (XDG here)."""

from __future__ import annotations

import plistlib
import shlex
import shutil
import subprocess

import pytest

from netcare_desktop.platform import autostart


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    return tmp_path / "cfg" / "autostart" / "netcare.desktop"


def test_enable_writes_a_valid_xdg_entry_and_disable_removes_it(xdg):
    argv = ["/opt/net care/netcare", "--hidden"]
    assert not autostart.is_enabled("xdg")
    assert autostart.set_enabled(True, argv, platform="xdg") == xdg
    assert autostart.is_enabled("xdg")
    text = xdg.read_text()
    assert 'Exec="/opt/net care/netcare" --hidden\n' in text
    assert "Type=Application" in text and "Name=NetCare" in text
    validator = shutil.which("desktop-file-validate")
    if validator:
        r = subprocess.run([validator, str(xdg)], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    autostart.set_enabled(False, argv, platform="xdg")
    assert not xdg.exists() and not autostart.is_enabled("xdg")
    autostart.set_enabled(False, argv, platform="xdg")  # removing twice is fine


def test_the_default_command_starts_this_netcare_hidden():
    argv = autostart.launch_command()
    assert argv[-1] == "--hidden"
    assert argv[1:3] == ["-m", "netcare_desktop"]  # not frozen under test


def test_percent_and_quotes_are_escaped_for_the_desktop_spec():
    line = autostart._desktop_exec(["/a b/net%care", 'say "hi"'])
    assert line == '"/a b/net%%care" "say \\"hi\\""'


def test_macos_launch_agent_runs_at_load(tmp_path, monkeypatch):
    monkeypatch.setattr(autostart, "mac_agent_path", lambda home=None: tmp_path / "agent.plist")
    autostart.set_enabled(
        True, ["/Applications/NetCare.app/Contents/MacOS/NetCare", "--hidden"], platform="macos"
    )
    agent = plistlib.loads((tmp_path / "agent.plist").read_bytes())
    assert agent["RunAtLoad"] is True and agent["ProgramArguments"][-1] == "--hidden"
    assert agent["Label"] == autostart.AGENT_LABEL


def test_windows_run_value_is_one_quoted_command_line():
    cmd = autostart.windows_command([r"C:\Program Files\NetCare\netcare.exe", "--hidden"])
    assert cmd == r'"C:\Program Files\NetCare\netcare.exe" --hidden'
    assert shlex.split(cmd.replace("\\", "/"))[-1] == "--hidden"
