"""The reminder service, where its queue goes (the Due tab, the tray's count) and where
its notifications appear (the tray, else a banner in the window)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject

from netcare_desktop.ui.services import Services


class ReminderHub(QObject):
    def __init__(self, services: Services, window, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        self.window = window  # its tray, tabs and column: where the queue and notes appear
        self._service = None
        self._banner = None

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

    def _queue_changed(self, queue: list) -> None:
        self.window.views.set_queue(queue)
        if self.window.tray is not None:
            self.window.tray.update_count(len(queue))

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

    def announce(self, note) -> None:
        """A notification: through the tray where there is one, else in the window."""
        tray = self.window.tray
        if tray is not None and tray.icon.isVisible():
            tray.notify(note)
        else:
            self.banner.announce(note.title, note.body, note.contact_id)

    def tell_about_tray_once(self) -> None:
        from netcare_desktop.store import reminders as store_reminders

        tray = self.window.tray
        prefs = store_reminders.read_preferences(self.services.reader)
        if prefs.close_to_tray_told or tray is None:
            return
        from netcare_desktop.core.reminders import Notification

        tray.notify(
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
