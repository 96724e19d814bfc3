"""Whether this desktop has an app for ``mailto:`` links, before NetCare claims a draft opened.

``QDesktopServices.openUrl`` on Linux returns True as soon as ``xdg-open`` (or the
portal) was started, whether or not anything can open the link; ``xdg-open`` then
falls back to a web browser or fails quietly.  So Compose asks first: is there a
desktop entry for ``x-scheme-handler/mailto``?

The answer comes from the files themselves, as the XDG MIME Applications spec
(``mimeapps.list``) and the Desktop Entry spec lay them out, without running
``xdg-mime`` (which may be absent, and a subprocess on the GUI thread is a pause):

1. ``[Default Applications]`` in each ``mimeapps.list`` by precedence
   (``$XDG_CONFIG_HOME``, ``$XDG_CONFIG_DIRS``, then the deprecated copies under
   ``$XDG_DATA_HOME/applications`` and ``$XDG_DATA_DIRS/applications``), each
   directory's ``<desktop>-mimeapps.list`` before its ``mimeapps.list``;
2. then ``[Added Associations]``, then the applications that declare the type
   (``mimeinfo.cache``, or the ``.desktop`` files of a directory that has none);

a desktop entry counts when it is found, not ``Hidden`` and its ``TryExec`` (if
any) is on ``PATH``; one named in ``[Removed Associations]`` does not.  Where
NetCare cannot tell (Windows, macOS, a Flatpak or Snap sandbox, where a portal
decides), the answer is yes and ``openUrl``'s own result is what counts.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

MAILTO = "x-scheme-handler/mailto"


def _dirs(env: Mapping[str, str], var: str, default: str) -> list[Path]:
    return [Path(p) for p in (env.get(var) or default).split(":") if p]


def _home(env: Mapping[str, str], var: str, default: str) -> Path:
    value = env.get(var)
    if value:
        return Path(value)
    return Path(env.get("HOME") or os.path.expanduser("~")) / default


def _ini(path: Path) -> dict[str, dict[str, str]]:
    """A desktop-entry style file by section; {} when it cannot be read."""
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
        elif current is not None and "=" in line:
            key, _, value = line.partition("=")
            current.setdefault(key.strip(), value.strip())
    return sections


def _ids(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


class _Desktop:
    def __init__(self, env: Mapping[str, str]):
        self.env = env
        data_home = _home(env, "XDG_DATA_HOME", ".local/share")
        data_dirs = _dirs(env, "XDG_DATA_DIRS", "/usr/local/share:/usr/share")
        config_home = _home(env, "XDG_CONFIG_HOME", ".config")
        config_dirs = _dirs(env, "XDG_CONFIG_DIRS", "/etc/xdg")
        self.app_dirs = [d / "applications" for d in (data_home, *data_dirs)]
        desktops = [d.lower() for d in env.get("XDG_CURRENT_DESKTOP", "").split(":") if d]
        self.lists = [
            d / name
            for d in (config_home, *config_dirs, *self.app_dirs)
            for name in (*(f"{x}-mimeapps.list" for x in desktops), "mimeapps.list")
        ]

    def entry(self, desktop_id: str) -> Path | None:
        """The file of a desktop-file ID (``a-b.desktop`` may live at ``a/b.desktop``)."""
        parts = desktop_id.split("-")
        candidates = [desktop_id] + [
            "/".join(parts[:i]) + "/" + "-".join(parts[i:]) for i in range(1, len(parts))
        ]
        for d in self.app_dirs:
            for name in candidates:
                path = d / name
                if path.is_file():
                    return path
        return None

    def usable(self, desktop_id: str) -> bool:
        path = self.entry(desktop_id)
        if path is None:
            return False
        entry = _ini(path).get("Desktop Entry", {})
        if entry.get("Hidden", "").lower() == "true" or not entry.get("Exec"):
            return False
        try_exec = entry.get("TryExec")
        if try_exec and shutil.which(try_exec, path=self.env.get("PATH")) is None:
            return False
        return True

    def declared(self, mime: str) -> Iterator[str]:
        """Desktop-file IDs that declare ``mime``, directory by directory."""
        for d in self.app_dirs:
            cache = d / "mimeinfo.cache"
            if cache.is_file():
                yield from _ids(_ini(cache).get("MIME Cache", {}).get(mime, ""))
                continue
            if not d.is_dir():
                continue
            for path in sorted(d.rglob("*.desktop")):
                entry = _ini(path).get("Desktop Entry", {})
                if mime in _ids(entry.get("MimeType", "")):
                    yield str(path.relative_to(d)).replace(os.sep, "-")


def handler(mime: str = MAILTO, env: Mapping[str, str] | None = None) -> str | None:
    """The desktop-file ID that opens ``mime`` on this desktop, or None when nothing does."""
    desktop = _Desktop(os.environ if env is None else env)
    parsed = [_ini(p) for p in desktop.lists if p.is_file()]
    removed: set[str] = set()
    for sections in parsed:
        removed.update(_ids(sections.get("Removed Associations", {}).get(mime, "")))
        for desktop_id in _ids(sections.get("Default Applications", {}).get(mime, "")):
            if desktop_id not in removed and desktop.usable(desktop_id):
                return desktop_id
    added = (
        desktop_id
        for sections in parsed
        for desktop_id in _ids(sections.get("Added Associations", {}).get(mime, ""))
    )
    for desktop_id in (*added, *desktop.declared(mime)):
        if desktop_id not in removed and desktop.usable(desktop_id):
            return desktop_id
    return None


def can_open_mailto(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """False only when this is a desktop NetCare can read and nothing there opens ``mailto:``."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True  # Windows and macOS: openUrl's result tells
    if env.get("FLATPAK_ID") or env.get("SNAP") or Path("/.flatpak-info").exists():
        return True  # a sandbox: the desktop portal decides, outside our view
    return handler(MAILTO, env) is not None
