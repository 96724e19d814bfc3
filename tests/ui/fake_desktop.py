"""A fake desktop on a private session bus, for the notification tests.

Run with Debian's /usr/bin/python3 (dbus-python and PyGObject), never imported by
pytest:  fake_desktop.py [CAPABILITY,...]

On the bus: org.kde.StatusNotifierWatcher with a host registered (what makes Qt,
and NetCare, see a StatusNotifierItem tray) and org.freedesktop.Notifications,
which refuses a Notify whose signature is not the spec's (as GNOME's, KDE's and
dunst's servers do) and prints each Notify call as one JSON line on stdout.
The test drives it on stdin, one command a line:
    invoke ID KEY      emit ActionInvoked(ID, KEY), as a click on a button does
    close ID REASON    emit NotificationClosed(ID, REASON)
"""

import json
import os
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NOTIFY_SIGNATURE = "susssasa{sv}i"
IFACE = "org.freedesktop.Notifications"

DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
capabilities = sys.argv[1].split(",") if len(sys.argv) > 1 else ["body", "body-markup", "actions"]


class Watcher(dbus.service.Object):
    @dbus.service.method("org.kde.StatusNotifierWatcher", in_signature="s")
    def RegisterStatusNotifierItem(self, service):
        pass

    @dbus.service.method("org.kde.StatusNotifierWatcher", in_signature="s")
    def RegisterStatusNotifierHost(self, service):
        pass

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, iface, prop):
        values = {
            "IsStatusNotifierHostRegistered": True,
            "ProtocolVersion": dbus.Int32(0),
            "RegisteredStatusNotifierItems": dbus.Array([], signature="s"),
        }
        return values.get(str(prop), dbus.Int32(0))


class Notifications(dbus.service.Object):
    def __init__(self, *args):
        super().__init__(*args)
        self.last_id = 0

    @dbus.service.method(
        IFACE, in_signature=NOTIFY_SIGNATURE, out_signature="u", message_keyword="message"
    )
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout, message):
        signature = message.get_signature()
        if signature != NOTIFY_SIGNATURE:
            raise dbus.exceptions.DBusException(
                f"Notify takes {NOTIFY_SIGNATURE}, not {signature}",
                name="org.freedesktop.DBus.Error.InvalidArgs",
            )
        if replaces:
            nid = int(replaces)  # the spec: a replacement keeps its id
        else:
            self.last_id += 1
            nid = self.last_id
        call = {
            "id": nid,
            "app": str(app),
            "replaces_id": int(replaces),
            "icon": str(icon),
            "summary": str(summary),
            "body": str(body),
            "actions": [str(a) for a in actions],
            "hints": {str(k): str(v) for k, v in hints.items()},
            "timeout": int(timeout),
        }
        print(json.dumps(call), flush=True)
        return dbus.UInt32(nid)

    @dbus.service.method(IFACE, out_signature="as")
    def GetCapabilities(self):
        return capabilities

    @dbus.service.method(IFACE, out_signature="ssss")
    def GetServerInformation(self):
        return ("fake", "netcare-tests", "1", "1.2")

    @dbus.service.method(IFACE, in_signature="u")
    def CloseNotification(self, nid):
        print(json.dumps({"closed": int(nid)}), flush=True)
        self.NotificationClosed(nid, dbus.UInt32(3))

    @dbus.service.signal(IFACE, signature="us")
    def ActionInvoked(self, nid, key):
        pass

    @dbus.service.signal(IFACE, signature="uu")
    def NotificationClosed(self, nid, reason):
        pass


names = [dbus.service.BusName(n, bus) for n in ("org.kde.StatusNotifierWatcher", IFACE)]
Watcher(bus, "/StatusNotifierWatcher")
server = Notifications(bus, "/org/freedesktop/Notifications")


def command(fd, _condition):
    data = os.read(fd, 4096)  # not sys.stdin: its buffer would hide a second line from GLib
    if not data:
        loop.quit()
        return False
    for line in data.decode().splitlines():
        words = line.split()
        if words[:1] == ["invoke"]:
            server.ActionInvoked(dbus.UInt32(int(words[1])), words[2])
        elif words[:1] == ["close"]:
            server.NotificationClosed(dbus.UInt32(int(words[1])), dbus.UInt32(int(words[2])))
    return True


loop = GLib.MainLoop()
GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, command)
print("ready", flush=True)
loop.run()
