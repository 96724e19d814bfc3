"""The user's settings (reminders, backups, imports, appearance), with their defaults in one place.

Stored as ``Setting`` rows (key -> JSON value) so the CLI and the GUI read
the same values; an unknown or malformed value falls back to its default.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import time
from typing import Any, overload

from netcare_desktop.core.reminders import QuietHours

PREFIX = "prefs."
THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class Preferences:
    notifications: bool = True  # announce due reminders (tray or in the window)
    digest_at_start: bool = True  # what came due while closed: one summary at start
    quiet_enabled: bool = True
    quiet_start: str = "21:00"  # local time, HH:MM
    quiet_end: str = "08:00"
    status_every_days: int = 30  # "update your own status/profile"; 0 turns it off
    autostart: bool = False  # start NetCare (hidden in the tray) at login
    today_size: int = 5  # at most this many people in Today (never padded)
    backup_days: int = 7  # keep the newest backup of each of the last N days
    backup_weeks: int = 4  # ...and of each of the last N weeks
    close_to_tray_told: bool = False  # the one-time "still running in the tray" note
    # Where phone numbers written without a country code are (ISO 3166 code such as "DE",
    # as phonenumbers knows them); "" = the system locale's country. Used by imports.
    phone_region: str = ""
    # The window's colour scheme: "system" (the desktop's), "light" or "dark".
    theme: str = "system"

    @property
    def quiet_hours(self) -> QuietHours:
        return QuietHours(
            _time(self.quiet_start, time(21)), _time(self.quiet_end, time(8)), self.quiet_enabled
        )

    def to_rows(self) -> dict[str, Any]:
        return {PREFIX + k: v for k, v in asdict(self).items()}

    @classmethod
    def from_rows(cls, rows: dict[str, Any]) -> Preferences:
        out = cls()
        for f in fields(cls):
            key = PREFIX + f.name
            if key not in rows:
                continue
            value = rows[key]
            default = getattr(out, f.name)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                low = 1 if f.name == "today_size" else 0
                ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= 3650
            elif f.name == "phone_region":
                ok = isinstance(value, str) and _is_region(value)
            elif f.name == "theme":
                ok = value in THEMES
            else:
                ok = isinstance(value, str) and (
                    not f.name.startswith("quiet_") or _time(value, None) is not None
                )
            if ok:
                out = replace(out, **{f.name: value})
        return out


@overload
def _time(text: str, fallback: time) -> time: ...
@overload
def _time(text: str, fallback: None) -> time | None: ...
def _time(text: str, fallback: time | None) -> time | None:
    try:
        hours, minutes = text.split(":")
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        return fallback


def _is_region(value: str) -> bool:
    """The form a phone region takes: two capital letters, or empty for the locale's."""
    return value == "" or (
        len(value) == 2 and value.isascii() and value.isalpha() and value.isupper()
    )
