"""Start at login: install or remove the per-user autostart entry.

* Linux and other XDG desktops: ``$XDG_CONFIG_HOME/autostart/netcare.desktop``
  (XDG Autostart specification);
* Windows: the ``NetCare`` value under
  ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``;
* macOS: ``~/Library/LaunchAgents/org.netcare.desktop.plist`` (a LaunchAgent
  with ``RunAtLoad``).

The entry starts NetCare with ``--hidden``: it comes up in the tray (or, with
no tray, as a window: it never becomes unreachable).  Plain Python, no Qt.
"""

from __future__ import annotations

import os
import plistlib
import shlex
import sys
from pathlib import Path

HIDDEN_FLAG = "--hidden"
DESKTOP_NAME = "netcare.desktop"
AGENT_LABEL = "org.netcare.desktop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "NetCare"


def launch_command() -> list[str]:
    """How this NetCare is started: the frozen executable, or the interpreter and module."""
    if getattr(sys, "frozen", False):
        return [sys.executable, HIDDEN_FLAG]
    return [sys.executable, "-m", "netcare_desktop", HIDDEN_FLAG]


def xdg_entry_path(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", str(Path.home()))) / ".config")
    return Path(base) / "autostart" / DESKTOP_NAME


def mac_agent_path(home: Path | None = None) -> Path:
    return (home or Path.home()) / "Library" / "LaunchAgents" / f"{AGENT_LABEL}.plist"


def _desktop_exec(argv: list[str]) -> str:
    """An Exec= line: arguments quoted per the Desktop Entry spec (%-codes escaped)."""
    out = []
    for arg in argv:
        arg = arg.replace("%", "%%")
        if any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
            arg = (
                '"'
                + arg.replace("\\", "\\\\")
                .replace('"', '\\"')
                .replace("`", "\\`")
                .replace("$", "\\$")
                + '"'
            )
        out.append(arg)
    return " ".join(out)


def desktop_entry(argv: list[str]) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=NetCare\n"
        "Comment=Keeps your career network healthy: reminders from the tray\n"
        f"Exec={_desktop_exec(argv)}\n"
        "Icon=netcare\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
        "X-GNOME-Autostart-Delay=5\n"
    )


def mac_agent(argv: list[str]) -> bytes:
    return plistlib.dumps(
        {
            "Label": AGENT_LABEL,
            "ProgramArguments": argv,
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    )


def windows_command(argv: list[str]) -> str:
    import subprocess

    return subprocess.list2cmdline(argv)


def _platform() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "xdg"


def is_enabled(platform: str | None = None) -> bool:
    platform = platform or _platform()
    if platform == "xdg":
        return xdg_entry_path().exists()
    if platform == "macos":
        return mac_agent_path().exists()
    try:
        import winreg  # type: ignore[import-not-found]

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.QueryValueEx(key, RUN_VALUE)
        return True
    except OSError:
        return False


def set_enabled(
    enabled: bool, argv: list[str] | None = None, platform: str | None = None
) -> Path | str:
    """Install (or remove) the entry. Returns where it lives. Raises OSError on failure."""
    platform = platform or _platform()
    argv = argv or launch_command()
    if platform == "xdg":
        path = xdg_entry_path()
        if enabled:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(desktop_entry(argv), encoding="utf-8")
            os.replace(tmp, path)
        else:
            path.unlink(missing_ok=True)
        return path
    if platform == "macos":
        path = mac_agent_path()
        if enabled:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(mac_agent(argv))
        else:
            path.unlink(missing_ok=True)
        return path
    import winreg  # type: ignore[import-not-found]

    with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
        if enabled:
            winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, windows_command(argv))
        else:
            try:
                winreg.DeleteValue(key, RUN_VALUE)
            except FileNotFoundError:
                pass
    return "HKCU\\" + RUN_KEY + "\\" + RUN_VALUE


def describe_command(argv: list[str]) -> str:
    return shlex.join(argv)
