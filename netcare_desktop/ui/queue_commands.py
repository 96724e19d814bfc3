"""What the Due and Today views ask for: done, snooze, skip, compose from Today.

Each writes, then calls ``services.changed()``: the reminder service re-reads the
due queue and the views repaint from the store's events.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QObject

from netcare_desktop.ui.services import Services


class QueueCommands(QObject):
    def __init__(
        self,
        services: Services,
        reminders: Callable[[], object],
        compose: Callable[..., int | None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.services = services
        self._reminders = reminders  # the ReminderService, built on first use
        self.compose = compose

    # -- Due ------------------------------------------------------------------------------

    def connect_due(self, v) -> None:
        v.done.connect(self.reminder_done)
        v.snoozed.connect(lambda r, until: self.snooze([r.key], until))
        v.skipped.connect(self.reminder_skipped)

    def snooze(self, keys: list[str], until) -> None:
        self._reminders().snooze(keys, until)  # the service tells the views

    def reminder_done(self, reminder) -> None:
        from netcare_desktop.store import reminders as store_reminders

        s = self.services
        s.ensure_store()
        store_reminders.done(reminder, s.clock())
        s.changed()
        who = "your status" if reminder.contact_id is None else reminder.display_name
        s.say(f"Done: {who}. The clock starts again.", 5000)

    def reminder_skipped(self, reminder) -> None:
        from netcare_desktop.store import reminders as store_reminders

        s = self.services
        s.ensure_store()
        store_reminders.skip(reminder, s.clock())
        s.changed()
        s.say(f"Skipped {reminder.display_name} for this period.", 5000)

    # -- Today ----------------------------------------------------------------------------

    def connect_today(self, v) -> None:
        v.composeRequested.connect(self.compose_today)
        v.doneRequested.connect(self.today_done)
        v.snoozeRequested.connect(self.today_snooze)

    def compose_today(self, item) -> None:
        from netcare_desktop.core.templates import suggested_template

        iid = self.compose(item.contact_id, suggested_template(item.suggested_kind))
        if iid is not None and any(k.startswith("follow_up:") for k in item.keys):
            from netcare_desktop.store.models import Interaction

            ids = [int(k.split(":", 1)[1]) for k in item.keys if k.startswith("follow_up:")]
            Interaction.update(follow_up_done=True).where(Interaction.id.in_(ids)).execute()
            self.services.changed()

    def today_done(self, item) -> None:
        from netcare_desktop.store import today as store_today

        s = self.services
        s.ensure_store()
        store_today.done(item, s.clock())
        s.changed()
        s.say(f"Done: {item.display_name}. Touch logged.", 5000)

    def today_snooze(self, item) -> None:
        from netcare_desktop.store import today as store_today

        s = self.services
        s.ensure_store()
        store_today.snooze(item, s.clock() + timedelta(days=1))
        s.changed()
        s.say(f"{item.display_name}: not today.", 5000)
