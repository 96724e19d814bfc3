"""Light, Dark or the desktop's colour scheme (Preferences → Appearance).

"System" follows the desktop: Qt's own answer where its platform theme knows one
(Windows, macOS, GNOME, KDE), and otherwise the XDG desktop portal's
``org.freedesktop.appearance color-scheme`` (0 no preference, 1 dark, 2 light), read
with an asynchronous call and followed live through ``SettingChanged``.  A missing
portal means "System" is whatever Qt gives.  Light or Dark is asked of Qt first
(``QStyleHints.setColorScheme``); where the platform theme cannot honour it, the
application gets a palette of that scheme (Fusion's light one, or our dark one).

Nothing here blocks start-up: the portal's answer arrives when it arrives.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

SYSTEM, LIGHT, DARK = "system", "light", "dark"
CHOICES = ((SYSTEM, "Same as the system"), (LIGHT, "Light"), (DARK, "Dark"))

PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_INTERFACE = "org.freedesktop.portal.Settings"
APPEARANCE, COLOR_SCHEME = "org.freedesktop.appearance", "color-scheme"
PORTAL_TIMEOUT_MS = 1500
_PORTAL_VALUES = {1: DARK, 2: LIGHT}  # 0: no preference

# Styles that draw with the palette, so a dark palette on them reads as dark.
_PALETTE_STYLES = {"fusion", "breeze", "oxygen"}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_colour(palette: QPalette) -> QColor:
    """Red text that keeps its contrast on the palette's window colour."""
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b00020")


def dark_palette() -> QPalette:
    """A dark palette with the roles Fusion draws with (disabled ones greyed)."""
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(232, 232, 232)
    pal = QPalette(QColor(58, 58, 62), window)  # button, window: derives light/mid/dark
    role = QPalette.ColorRole
    for r, c in (
        (role.WindowText, text),
        (role.Text, text),
        (role.ButtonText, text),
        (role.Base, base),
        (role.AlternateBase, QColor(40, 40, 43)),
        (role.ToolTipBase, QColor(60, 60, 64)),
        (role.ToolTipText, text),
        (role.PlaceholderText, QColor(150, 150, 150)),
        (role.BrightText, QColor(255, 110, 100)),
        (role.Highlight, QColor(45, 125, 210)),
        (role.HighlightedText, QColor(255, 255, 255)),
        (role.Link, QColor(110, 170, 255)),
        (role.LinkVisited, QColor(190, 150, 255)),
    ):
        pal.setColor(r, c)
    off = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(off, r, QColor(128, 128, 128))
    pal.setColor(off, role.Highlight, QColor(80, 80, 84))
    return pal


def portal_scheme(value) -> str | None:
    """DARK, LIGHT or None from a portal reply (a uint, perhaps inside one or two variants)."""
    for _ in range(3):
        inner = getattr(value, "variant", None)
        if inner is None:
            break
        value = inner()
    try:
        return _PORTAL_VALUES.get(int(value))
    except (TypeError, ValueError):
        return None


class Theme(QObject):
    """The application's colour scheme: the person's choice and the desktop's."""

    applied = Signal(bool)  # whether the window is dark now
    portalRead = Signal()  # the first read of the portal answered (a value or an error)

    def __init__(self, app: QApplication, choice: str = SYSTEM, connection=None):
        super().__init__(app)
        self.app = app
        self.choice = choice if choice in (SYSTEM, LIGHT, DARK) else SYSTEM
        self.portal: str | None = None  # what the desktop portal said, once it did
        self._connection = connection  # a QDBusConnection; the session bus by default
        self._watcher = None
        self._subscribed = False
        self._own_style: str | None = None  # the style before we put Fusion in
        self._overridden = False  # the application palette is ours
        if self.choice != SYSTEM:
            self._apply()

    # -- the person's choice -----------------------------------------------------

    def choose(self, choice: str) -> None:
        """Light, Dark or System, applied at once."""
        if choice not in (SYSTEM, LIGHT, DARK):
            choice = SYSTEM
        if choice != self.choice:
            self.choice = choice
            self._apply()

    def wanted(self) -> str | None:
        """LIGHT, DARK or None (let Qt decide)."""
        return self.choice if self.choice != SYSTEM else self.portal

    # -- the desktop portal ------------------------------------------------------

    def watch_portal(self) -> None:
        """Ask the portal (asynchronously) and follow its changes; never waits for it."""
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher
        except ImportError:  # a Qt without D-Bus (Windows, macOS builds)
            return
        if self._connection is None:
            self._connection = QDBusConnection.sessionBus()
        bus = self._connection
        if not bus.isConnected():
            log.info("no session bus: the colour scheme is Qt's")
            return
        if not self._subscribed:
            self._subscribed = bus.connect(
                PORTAL_SERVICE,
                PORTAL_PATH,
                PORTAL_INTERFACE,
                "SettingChanged",
                self,
                SLOT("_setting_changed(QDBusMessage)"),
            )
        message = QDBusMessage.createMethodCall(
            PORTAL_SERVICE, PORTAL_PATH, PORTAL_INTERFACE, "ReadOne"
        )
        message.setArguments([APPEARANCE, COLOR_SCHEME])
        self._watcher = QDBusPendingCallWatcher(bus.asyncCall(message, PORTAL_TIMEOUT_MS), self)
        self._watcher.finished.connect(self._read_done)

    def _read_done(self, watcher) -> None:
        from PySide6.QtDBus import QDBusMessage

        reply = watcher.reply()
        watcher.deleteLater()
        self._watcher = None
        if reply.type() == QDBusMessage.MessageType.ErrorMessage:
            if reply.errorName() == "org.freedesktop.DBus.Error.UnknownMethod":
                self._read_old_portal()  # portal version 1: Read, the value in two variants
                return
            log.info("no colour scheme from the desktop portal: %s", reply.errorMessage())
        elif reply.arguments():
            self._portal_said(reply.arguments()[0])
        self.portalRead.emit()

    def _read_old_portal(self) -> None:
        from PySide6.QtDBus import QDBusMessage, QDBusPendingCallWatcher

        message = QDBusMessage.createMethodCall(
            PORTAL_SERVICE, PORTAL_PATH, PORTAL_INTERFACE, "Read"
        )
        message.setArguments([APPEARANCE, COLOR_SCHEME])
        self._watcher = QDBusPendingCallWatcher(
            self._connection.asyncCall(message, PORTAL_TIMEOUT_MS), self
        )
        self._watcher.finished.connect(self._old_read_done)

    def _old_read_done(self, watcher) -> None:
        from PySide6.QtDBus import QDBusMessage

        reply = watcher.reply()
        watcher.deleteLater()
        self._watcher = None
        if reply.type() != QDBusMessage.MessageType.ErrorMessage and reply.arguments():
            self._portal_said(reply.arguments()[0])
        self.portalRead.emit()

    @Slot("QDBusMessage")
    def _setting_changed(self, message) -> None:
        args = message.arguments()
        if len(args) == 3 and args[0] == APPEARANCE and args[1] == COLOR_SCHEME:
            self._portal_said(args[2])

    def _portal_said(self, value) -> None:
        scheme = portal_scheme(value)
        log.info("desktop portal colour scheme: %s", scheme or "no preference")
        if scheme != self.portal:
            self.portal = scheme
            if self.choice == SYSTEM:
                self._apply()

    # -- applying ----------------------------------------------------------------

    def _apply(self) -> None:
        wanted = self.wanted()
        hints = self.app.styleHints()
        if hasattr(hints, "setColorScheme"):  # Qt 6.8+: platform themes that can, follow
            if wanted is None:
                hints.unsetColorScheme()
            else:
                hints.setColorScheme(
                    Qt.ColorScheme.Dark if wanted == DARK else Qt.ColorScheme.Light
                )
        if self._overridden:
            self._restore()
        if wanted is not None and is_dark(self.app.palette()) != (wanted == DARK):
            self._override(wanted)  # Qt did not (or cannot) follow: our palette
        self.applied.emit(is_dark(self.app.palette()))

    def _override(self, wanted: str) -> None:
        style = self.app.style()
        if style is not None and style.name().lower() not in _PALETTE_STYLES:
            self._own_style = style.name()
            self.app.setStyle("Fusion")
        if wanted == DARK:
            self.app.setPalette(dark_palette())
        else:
            self.app.setPalette(self.app.style().standardPalette())
        self._overridden = True

    def _restore(self) -> None:
        if self._own_style is not None:
            self.app.setStyle(self._own_style)
            self._own_style = None
        self.app.setPalette(QPalette())  # nothing resolved: the platform's own again
        self._overridden = False

    def close(self) -> None:
        """Stop following the portal and give the application Qt's own scheme back."""
        if self._subscribed and self._connection is not None:
            from PySide6.QtCore import SLOT

            self._connection.disconnect(
                PORTAL_SERVICE,
                PORTAL_PATH,
                PORTAL_INTERFACE,
                "SettingChanged",
                self,
                SLOT("_setting_changed(QDBusMessage)"),
            )
            self._subscribed = False
        self.choice, self.portal = SYSTEM, None
        hints = self.app.styleHints()
        if hasattr(hints, "unsetColorScheme"):
            hints.unsetColorScheme()
        if self._overridden:
            self._restore()


_current: Theme | None = None


def install(app: QApplication, choice: str = SYSTEM, portal: bool = True, connection=None) -> Theme:
    """The application's one Theme: the saved choice now, the portal asked in the background."""
    global _current
    if _current is None:
        _current = Theme(app, choice, connection)
        if portal:
            _current.watch_portal()
    else:
        _current.choose(choice)
    return _current


def current() -> Theme | None:
    return _current


def choose(choice: str) -> None:
    """Preferences' choice, applied at once (a Theme without the portal if none is installed)."""
    app = QApplication.instance()
    if _current is None and isinstance(app, QApplication):
        install(app, choice, portal=False)
    elif _current is not None:
        _current.choose(choice)


def uninstall() -> None:
    global _current
    if _current is not None:
        _current.close()
        _current.deleteLater()
        _current = None
