"""The tray icon: whether anything is due (and how many), a menu, Qt's balloon.

Created only where ``QSystemTrayIcon.isSystemTrayAvailable()`` is true; where
there is no tray (GNOME without the extension, offscreen) the window is the
app and reminders appear in it instead (see ``ReminderHub.announce``).
The menu is rebuilt each time it opens, from the live queue (as Vorta does).
On a StatusNotifierItem desktop notifications go to the notification server
with their buttons (``ui/notifier.py``); ``notify`` here is the balloon for the
rest (an XEmbed tray, no notification server), shown for a few seconds only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from netcare_desktop.core.notifications import BALLOON_MS, FREEDESKTOP, escape_body
from netcare_desktop.core.reminders import KIND_LABELS, Notification, Reminder, ReminderKind

TOP_ITEMS = 5


def menu_text(text: str) -> str:
    """User text in a menu: '&' would otherwise become a keyboard accelerator."""
    return text.replace("&", "&&")


def badge_icon(base: QIcon, count: int, size: int = 64) -> QIcon:
    """The app icon with the number due in a red disc (nothing drawn when none is due)."""
    if count <= 0:
        return base
    icon = QIcon()
    for px in (16, 22, 24, 32, 48, 64):
        pixmap = QPixmap(px, px)  # exactly px: an icon may only have smaller pictures
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base.paint(painter, QRect(0, 0, px, px))
        d = max(9, int(px * 0.62))
        disc = QRect(px - d, px - d, d, d)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(205, 40, 40))
        painter.drawEllipse(disc)
        text = str(count) if count < 100 else "99+"
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(6, int(d * (0.62 if len(text) == 1 else 0.5))))
        painter.setFont(font)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def message_body(text: str, platform: str = sys.platform) -> str:
    """A notification's body as the platform's notification server is to read it.

    On Linux and the BSDs Qt hands the tray's messages to
    org.freedesktop.Notifications, whose servers may render the body as markup:
    a name like "Grace <b>Hopper</b> & Co" must show as written, so '&', '<' and
    '>' are escaped there.  The summary (title) is plain text by that spec, and
    Windows and macOS show plain text.
    """
    if platform.startswith(FREEDESKTOP):
        return escape_body(text)
    return text


def _plain_balloons(shown: dict[str, str] | None = None) -> None:
    """Qt's own balloon (XEmbed trays) guesses rich text for its title: make it all plain.

    ``shown`` maps a text as passed to ``showMessage`` (escaped for a markup
    server) back to the text the person is to read, which a plain label shows.
    """
    from PySide6.QtWidgets import QApplication, QLabel

    for w in QApplication.topLevelWidgets():
        if w.metaObject().className() == "QBalloonTip":
            for label in w.findChildren(QLabel):
                label.setTextFormat(Qt.TextFormat.PlainText)
                if shown and label.text() in shown:
                    label.setText(shown[label.text()])


def item_text(r: Reminder) -> str:
    if r.kind is ReminderKind.STATUS:
        return "Update your own status or profile"
    return menu_text(f"{r.display_name} — {KIND_LABELS[r.kind].lower()}")


class Tray(QObject):
    """The tray icon and its menu; asks the window to open things through signals."""

    openRequested = Signal()
    contactRequested = Signal(int)
    dueRequested = Signal()
    snoozeAllRequested = Signal()
    preferencesRequested = Signal()
    quitRequested = Signal()

    def __init__(self, base_icon: QIcon, queue: Callable[[], list[Reminder]], parent=None):
        super().__init__(parent)
        self.base_icon = base_icon
        self.queue = queue
        self.icon = QSystemTrayIcon(base_icon, self)
        self.menu = QMenu()
        self.menu.setAccessibleName("NetCare tray menu")
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._message_clicked)
        self._message_target: int | None = None
        self.last_message: Notification | None = None
        self.count = 0
        self.rebuild_menu()
        self.update_count(0)

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def update_count(self, count: int) -> None:
        self.count = count
        self.icon.setIcon(badge_icon(self.base_icon, count))
        if count:
            self.icon.setToolTip(f"NetCare — {count} reminder{'s' if count != 1 else ''} due")
        else:
            self.icon.setToolTip("NetCare — nothing due")

    def rebuild_menu(self) -> None:
        self.menu.clear()
        self._add(self.menu, "Open NetCare", self.openRequested.emit)
        self.menu.addSeparator()
        queue = self.queue()
        if queue:
            header = self.menu.addAction(f"Due now: {len(queue)}")
            header.setEnabled(False)
            for r in queue[:TOP_ITEMS]:
                if r.contact_id is None:
                    self._add(self.menu, item_text(r), self.dueRequested.emit)
                else:
                    cid = r.contact_id
                    self._add(self.menu, item_text(r), lambda c=cid: self.contactRequested.emit(c))
            if len(queue) > TOP_ITEMS:
                self._add(self.menu, f"All {len(queue)} due…", self.dueRequested.emit)
            self._add(self.menu, "Snooze All for an Hour", self.snoozeAllRequested.emit)
        else:
            nothing = self.menu.addAction("Nothing due")
            nothing.setEnabled(False)
        self.menu.addSeparator()
        self._add(self.menu, "Preferences…", self.preferencesRequested.emit)
        self._add(self.menu, "Quit NetCare", self.quitRequested.emit)

    def _add(self, menu: QMenu, text: str, slot) -> QAction:
        act = menu.addAction(text)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def notify(self, note: Notification) -> None:
        self._message_target = note.contact_id
        self.last_message = note
        body = message_body(note.body)
        # A few seconds, not half a minute: a balloon covers part of the window.
        self.icon.showMessage(note.title, body, QSystemTrayIcon.MessageIcon.Information, BALLOON_MS)
        _plain_balloons({body: note.body})

    def _message_clicked(self) -> None:
        if self._message_target is not None:
            self.contactRequested.emit(self._message_target)
        else:
            self.dueRequested.emit()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.openRequested.emit()
