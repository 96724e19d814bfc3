"""The reminder service, where its queue goes (the Due tab, the tray's count) and where
its notifications appear: the desktop's notification server with Done and Snooze buttons
(``ui/notifier.py``) where the tray is a StatusNotifierItem one, else the tray's balloon,
else a banner in the window.  What the buttons do is here (``act``)."""

from __future__ import annotations

import sys
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from netcare_desktop.core import notifications as spec
from netcare_desktop.core.reminders import Notification
from netcare_desktop.ui.services import Services


def _who(r) -> str:
    return "your status" if r.contact_id is None else r.display_name


class ReminderHub(QObject):
    acted = Signal(str)  # a notification's action key, once it has been carried out

    def __init__(self, services: Services, window, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        self.window = window  # its tray, tabs and column: where the queue and notes appear
        self._service = None
        self._banner = None
        self._notifier = None

    @property
    def service(self):
        """Built on first use: start-up paints the contact list first."""
        if self._service is None:
            from netcare_desktop.ui.reminder_service import ReminderService

            s = self.services
            self._service = ReminderService(s.reader, s.clock, s.ensure_store, parent=self.window)
            self._service.follow(s)  # re-reads the due queue on every change in the store
            self._service.queueChanged.connect(self._queue_changed)
            self._service.notify.connect(self.announce)
        return self._service

    def stop(self) -> None:
        if self._service is not None:
            self._service.stop()
        if self._notifier is not None:
            self._notifier.close()  # its buttons would act on a NetCare that has quit

    @property
    def notifier(self):
        """The desktop's notification server (Linux, the BSDs), asked on first use; else None."""
        if self._notifier is None and sys.platform.startswith(spec.FREEDESKTOP):
            try:
                from netcare_desktop.ui.notifier import DesktopNotifier
            except ImportError:  # a PySide6 without QtDBus: Qt's balloon it is
                return None
            self._notifier = DesktopNotifier(self)
            self._notifier.actionInvoked.connect(self.act)
        return self._notifier

    def _queue_changed(self, queue: list) -> None:
        self.window.views.set_queue(queue)
        if self.window.tray is not None:
            self.window.tray.update_count(len(queue))
        if self._notifier is not None:
            self._notifier.withdraw({r.key for r in queue})

    @property
    def banner(self):
        if self._banner is None:
            from netcare_desktop.ui.due_view import ReminderBanner

            w = self.window
            self._banner = ReminderBanner()
            self._banner.showRequested.connect(
                lambda cid: w.show_due() if cid is None else w.open_contact(cid)
            )
            w.centralWidget().layout().insertWidget(0, self._banner)
        return self._banner

    def announce(self, note: Notification) -> None:
        """A notification: through the desktop where there is a tray, else in the window."""
        if not self._to_desktop(note):
            self.banner.announce(note.title, note.body, note.contact_id)

    def _to_desktop(self, note: Notification) -> bool:
        tray = self.window.tray
        if tray is None or not tray.icon.isVisible():
            return False
        notifier = self.notifier
        if notifier is None or not notifier.notify(note):
            tray.notify(note)  # an XEmbed tray, or no notification server: Qt's balloon
        return True

    # -- a notification's buttons ------------------------------------------------------------

    def act(self, note: Notification, key: str) -> None:
        """Carry out the button pressed on ``note`` (called on a turn of its own)."""
        w = self.window
        if key == spec.OPEN:
            if note.contact_id is not None:
                w.open_contact(note.contact_id)
            elif note.keys:
                w.show_due()
            else:
                w.bring_to_front([])
        elif key == spec.DONE:
            self._done(note)
        elif key == spec.SNOOZE:
            self._snooze(note)
        self.acted.emit(key)

    def _snooze(self, note: Notification) -> None:
        from netcare_desktop.ui.formatting import plural

        due = [r for r in self.service.queue if r.key in note.keys]
        if not due:
            self.services.say("Nothing to snooze: no longer due.", 5000)
            return
        self.service.snooze([r.key for r in due], self.services.clock() + spec.SNOOZE_FOR)
        what = _who(due[0]) if len(due) == 1 else plural(len(due), "reminder")
        self.services.say(f"Snoozed {what} for a day.", 5000)

    def _done(self, note: Notification) -> None:
        """Done on a notification logs the touch exactly as the Due view's Done does."""
        from netcare_desktop.store import interactions
        from netcare_desktop.store import reminders as store_reminders

        s = self.services
        due = [r for r in self.service.queue if r.key in note.keys]
        if len(due) != 1:  # done meanwhile (the Due view, the CLI) or no longer due
            s.say("Nothing to do: that reminder is no longer due.", 5000)
            return
        (reminder,) = due
        s.ensure_store()
        iid = store_reminders.done(reminder, s.clock())
        s.changed()
        who = _who(reminder)
        s.say(f"Done: {who}. The clock starts again.", 5000)
        if iid is not None:  # the status reminder logs no touch: nothing to take back
            cid, follow_up = reminder.contact_id, reminder.interaction_id

            def undo() -> int | None:
                from netcare_desktop.store.models import Interaction, db

                with db.atomic():
                    interactions.delete_interaction(iid)
                    if follow_up is not None:  # the follow-up is open again
                        Interaction.update(follow_up_done=False).where(
                            Interaction.id == follow_up
                        ).execute()
                return cid

            s.undo.push(f"Done for {who}", undo)

    def tell_about_tray_once(self) -> None:
        from netcare_desktop.store import reminders as store_reminders

        tray = self.window.tray
        prefs = store_reminders.read_preferences(self.services.reader)
        if prefs.close_to_tray_told or tray is None:
            return
        self._to_desktop(
            Notification(
                "NetCare is still running",
                "It keeps reminding you from here. Quit it from this icon's menu.",
                None,
                (),
            )
        )
        try:
            self.services.ensure_store()
            store_reminders.save_preferences(replace(prefs, close_to_tray_told=True))
        except Exception:  # noqa: BLE001 - telling twice is better than failing
            pass
