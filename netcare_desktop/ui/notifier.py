"""Desktop notifications through org.freedesktop.Notifications, with actions (QtDBus).

Where the desktop has a StatusNotifierItem tray (KDE, GNOME with AppIndicator,
most others) it also has a notification server on the session bus, and Qt's
``QSystemTrayIcon.showMessage`` would hand it a message without buttons that
piles up.  ``DesktopNotifier`` calls the server itself: each notification
replaces the previous one (``replaces_id``), offers "Done" and "Snooze a day"
(``core/notifications.py`` says which), and the key of the button pressed comes
back as ``actionInvoked(note, key)``, posted to the event loop's next turn so
nothing runs inside the D-Bus callback.  ``available()`` is False without a bus,
a server or a StatusNotifierWatcher with a host (an XEmbed tray such as
trayer): the tray's balloon is used there.

The ``u`` arguments: PySide6 turns a Python int into a D-Bus ``i`` (or ``q``),
and servers refuse ``Notify`` with the wrong signature.  The calls therefore go
through ``QDBusInterface``'s meta-object, whose methods carry the spec's types.
QtDBus builds that meta-object once per interface name and connection, from the
first introspection it sees, and the first it sees is our own: an adaptor in
this process that declares the spec's interface (``_SpecShape``, never called).
``_typed()`` checks the methods came out typed and says False otherwise.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import (
    Q_ARG,
    Q_RETURN_ARG,
    ClassInfo,
    QMetaObject,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtDBus import (
    QDBus,
    QDBusAbstractAdaptor,
    QDBusConnection,
    QDBusInterface,
    QDBusMessage,
)

from netcare_desktop.core import notifications as spec
from netcare_desktop.core.reminders import Notification

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
IFACE = "org.freedesktop.Notifications"
WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
SHAPE_PATH = "/org/netcare/NotificationsShape"
TIMEOUT_MS = 3000  # a hung server must not freeze the window for QtDBus's default 25 s

NOTIFY_SIG = "Notify(QString,uint,QString,QString,QString,QStringList,QVariantMap,int)"
CLOSE_SIG = "CloseNotification(uint)"

_SPEC_XML = """<interface name="org.freedesktop.Notifications">
  <method name="Notify">
    <arg type="s" direction="in"/><arg type="u" direction="in"/>
    <arg type="s" direction="in"/><arg type="s" direction="in"/>
    <arg type="s" direction="in"/><arg type="as" direction="in"/>
    <arg type="a{sv}" direction="in"/>
    <annotation name="org.qtproject.QtDBus.QtTypeName.In6" value="QVariantMap"/>
    <arg type="i" direction="in"/><arg type="u" direction="out"/>
  </method>
  <method name="CloseNotification"><arg type="u" direction="in"/></method>
  <method name="GetCapabilities"><arg type="as" direction="out"/></method>
  <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
</interface>"""


@ClassInfo({"D-Bus Interface": IFACE, "D-Bus Introspection": _SPEC_XML})
class _SpecShape(QDBusAbstractAdaptor):
    """The spec's interface as introspection: it gives QtDBus the argument types."""


def _session_bus_configured() -> bool:
    """A session bus to talk to, without making libdbus auto-launch one."""
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return bool(runtime) and os.path.exists(os.path.join(runtime, "bus"))


class DesktopNotifier(QObject):
    actionInvoked = Signal(object, str)  # (the Notification, the action key), on a later turn

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.bus: QDBusConnection | None = None
        self.server: QDBusInterface | None = None
        self.capabilities: list[str] = []
        self.last_id = 0  # replaces_id of the next notification (0: a new one)
        self._shown: dict[int, Notification] = {}  # our ids still on screen
        self._ready: bool | None = None

    # -- whether to use it ---------------------------------------------------------------

    def available(self) -> bool:
        """A session bus, a notification server and a StatusNotifierItem host on it."""
        if self._ready is None:
            self._ready = self._connect()
        return self._ready

    def _connect(self) -> bool:
        if not _session_bus_configured():
            return False
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return False
        names = bus.interface()
        if not names.isServiceRegistered(WATCHER).value() or not self._has_host(bus):
            log.info("no StatusNotifierItem host: notifications use the tray's balloon")
            return False
        if not names.isServiceRegistered(SERVICE).value():
            log.info("no notification server on the session bus: using the tray's balloon")
            return False
        self._holder = QObject(self)
        _SpecShape(self._holder)
        if bus.registerObject(
            SHAPE_PATH, self._holder, QDBusConnection.RegisterOption.ExportAdaptors
        ):
            # Introspecting ourselves once makes QtDBus build the interface's typed
            # meta-object from the spec; the server's interface object then reuses it.
            QDBusInterface(bus.baseService(), SHAPE_PATH, IFACE, bus)
        server = QDBusInterface(SERVICE, PATH, IFACE, bus, self)
        server.setTimeout(TIMEOUT_MS)
        if not server.isValid() or not self._typed(server):
            log.warning("the notification server cannot be called with typed arguments")
            return False
        reply = server.call("GetCapabilities")
        if reply.type() == QDBusMessage.MessageType.ReplyMessage and reply.arguments():
            self.capabilities = [str(c) for c in reply.arguments()[0]]
        for name, slot in (
            ("ActionInvoked", "1_action_invoked(QDBusMessage)"),
            ("NotificationClosed", "1_closed(QDBusMessage)"),
        ):
            if not bus.connect(SERVICE, PATH, IFACE, name, self, slot):
                log.warning("could not listen to %s", name)
                return False
        self.bus, self.server = bus, server
        log.info("notifications through %s (%s)", SERVICE, ", ".join(self.capabilities))
        return True

    @staticmethod
    def _has_host(bus: QDBusConnection) -> bool:
        msg = QDBusMessage.createMethodCall(
            WATCHER, WATCHER_PATH, "org.freedesktop.DBus.Properties", "Get"
        )
        msg.setArguments([WATCHER, "IsStatusNotifierHostRegistered"])
        reply = bus.call(msg, QDBus.CallMode.Block, TIMEOUT_MS)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            return False
        value = reply.arguments()[0]
        return bool(getattr(value, "variant", lambda: value)())

    @staticmethod
    def _typed(server: QDBusInterface) -> bool:
        mo = server.metaObject()
        sigs = {bytes(mo.method(i).methodSignature()).decode() for i in range(mo.methodCount())}
        return NOTIFY_SIG in sigs and CLOSE_SIG in sigs

    # -- sending -------------------------------------------------------------------------

    def notify(self, note: Notification) -> bool:
        """Show ``note``, replacing the previous one; False if it could not be sent."""
        if not self.available() or self.server is None:
            return False
        hints = {"desktop-entry": spec.DESKTOP_ENTRY, "category": spec.CATEGORY}
        try:
            new_id = QMetaObject.invokeMethod(
                self.server,
                "Notify",
                Qt.ConnectionType.DirectConnection,
                Q_RETURN_ARG("uint"),
                Q_ARG(str, spec.APP_NAME),
                Q_ARG("uint", self.last_id),
                Q_ARG(str, spec.ICON),
                Q_ARG(str, note.title),
                Q_ARG(str, spec.escape_body(note.body)),
                Q_ARG("QStringList", spec.action_list(note)),
                Q_ARG("QVariantMap", hints),
                Q_ARG(int, -1),  # the server's own timeout
            )
        except RuntimeError:
            log.warning("Notify failed: %s", self.server.lastError().message())
            return False
        if not new_id:  # an error reply reads as 0
            log.warning("Notify failed: %s", self.server.lastError().message())
            return False
        self._shown.pop(self.last_id, None)
        self.last_id = int(new_id)
        self._shown[self.last_id] = note
        return True

    def close(self) -> None:
        """Take the notification on screen away (Quit, or nothing it names is due any more)."""
        if self.server is None or not self.last_id:
            return
        nid, self.last_id = self.last_id, 0  # the next one is new, whenever the server answers
        self._shown.pop(nid, None)
        QMetaObject.invokeMethod(
            self.server, "CloseNotification", Qt.ConnectionType.DirectConnection, Q_ARG("uint", nid)
        )

    def withdraw(self, still_due: set[str]) -> None:
        """Close the notification on screen once none of the reminders it names is due.

        Done in the Due view, a snooze or another program's touch: its buttons would
        then act on nothing.  A notice that names no reminder stays.
        """
        note = self._shown.get(self.last_id)
        if note is not None and note.keys and not still_due.intersection(note.keys):
            self.close()

    # -- what comes back -----------------------------------------------------------------

    @Slot(QDBusMessage)
    def _action_invoked(self, msg: QDBusMessage) -> None:
        args = msg.arguments()
        if len(args) != 2:
            return
        nid, key = int(args[0]), str(args[1])
        note = self._shown.get(nid)  # another application's notification: not ours to act on
        if note is None or not spec.offers(note, key):
            return
        log.info("notification %d: %s", nid, key)
        QTimer.singleShot(0, lambda: self.actionInvoked.emit(note, key))

    @Slot(QDBusMessage)
    def _closed(self, msg: QDBusMessage) -> None:
        args = msg.arguments()
        if not args:
            return
        nid = int(args[0])
        if self._shown.pop(nid, None) is not None and nid == self.last_id:
            self.last_id = 0  # gone from the screen: the next one is a new notification
