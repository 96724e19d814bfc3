"""What a reminder's desktop notification offers and how its text travels (no Qt).

A notification (``reminders.Notification``) says what is due; this module adds
what a person can do with it, as the freedesktop Desktop Notifications spec puts
it: a list of action keys and labels, where the key ``"default"`` is the click
on the notification itself.  The Qt side (``ui/notifier.py``) sends them and
hands the key that comes back to ``ui/reminder_hub.py``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import timedelta

from netcare_desktop.core.reminders import Notification

OPEN = "default"  # the spec's key for a click on the notification itself
DONE = "done"
SNOOZE = "snooze"

SNOOZE_FOR = timedelta(days=1)  # "Snooze a day"
BALLOON_MS = 8000  # Qt's own balloon (XEmbed trays): long enough to read, then out of the way

APP_NAME = "NetCare"
DESKTOP_ENTRY = "netcare"  # resources/netcare.desktop, installed under that name
ICON = "netcare"
CATEGORY = "x-netcare.reminder"  # the spec allows vendor categories as "x-vendor.class"
FREEDESKTOP = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly")  # sys.platform prefixes


@dataclass(frozen=True)
class Action:
    key: str
    label: str


def actions(note: Notification) -> tuple[Action, ...]:
    """The buttons a notification offers; the first one is the click on it.

    One reminder: open the contact (or Due for the status reminder), Done and
    Snooze a day.  A summary of several opens Due and snoozes them all: "Done"
    for a list of people would log touches nobody looked at.  A notice that
    announces no reminder ("NetCare is still running") only opens the window.
    """
    if not note.keys:
        return (Action(OPEN, "Open NetCare"),)
    if len(note.keys) == 1:
        opens = "Open" if note.contact_id is not None else "Open Due"
        return (Action(OPEN, opens), Action(DONE, "Done"), Action(SNOOZE, "Snooze a day"))
    return (Action(OPEN, "Open Due"), Action(SNOOZE, "Snooze a day"))


def action_list(note: Notification) -> list[str]:
    """The spec's flat ``actions`` argument: key, label, key, label..."""
    out: list[str] = []
    for a in actions(note):
        out += [a.key, a.label]
    return out


def offers(note: Notification, key: str) -> bool:
    return any(a.key == key for a in actions(note))


def escape_body(text: str) -> str:
    """User text in a body: '&', '<' and '>' escaped.

    Servers that advertise "body-markup" read the body as a small subset of
    HTML, and several parse it whatever they advertise, so a name such as
    "Grace <b>Hopper</b> & Co" is escaped always.  The summary is plain text
    by the spec and NetCare's titles never hold user text.
    """
    return html.escape(text, quote=False)
