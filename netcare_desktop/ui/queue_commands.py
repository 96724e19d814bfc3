"""What the Due and Today views ask for: done, snooze, skip, compose from Today.

Each writes, then calls ``services.changed()``: the reminder service re-reads the
due queue and the views repaint from the store's events.  Done, Skip and Not
today (and Due's snoozes) push an undo (``store.undo_rows``): Ctrl+Z right after puts back the
delivery rows, follow-up flags and settings as they were, and removes the touch.
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
        v.snoozed.connect(self.reminder_snoozed)
        v.skipped.connect(self.reminder_skipped)

    def snooze(self, keys: list[str], until) -> None:
        self._reminders().snooze(keys, until)  # the service tells the views

    def reminder_snoozed(self, reminder, until) -> None:
        """Due's S, W and Snooze until…: undoable like Done and Skip."""
        from netcare_desktop.store import undo_rows

        s = self.services
        s.ensure_store()
        before = undo_rows.capture((), [reminder.key])
        self.snooze([reminder.key], until)
        who = "your status" if reminder.contact_id is None else reminder.display_name
        self._push(f"Snooze of {who}", before, reminder.contact_id)
        s.say(f"Snoozed {who}. Ctrl+Z takes it back.", 5000)

    def _push(self, label: str, before, contact_id: int | None) -> None:
        from netcare_desktop.store import undo_rows

        def undo() -> int | None:
            undo_rows.restore(before)
            return contact_id

        self.services.undo.push(label, undo)

    def reminder_done(self, reminder) -> None:
        from netcare_desktop.store import undo_rows

        s = self.services
        s.ensure_store()
        _iid, before = undo_rows.reminder_done(reminder, s.clock())
        who = "your status" if reminder.contact_id is None else reminder.display_name
        self._push(f"Done for {who}", before, reminder.contact_id)
        s.changed()
        s.say(f"Done: {who}. The clock starts again. Ctrl+Z takes it back.", 5000)

    def reminder_skipped(self, reminder) -> None:
        from netcare_desktop.store import undo_rows

        s = self.services
        s.ensure_store()
        before = undo_rows.reminder_skipped(reminder, s.clock())
        self._push(f"Skip of {reminder.display_name}", before, reminder.contact_id)
        s.changed()
        s.say(f"Skipped {reminder.display_name} for this period. Ctrl+Z takes it back.", 5000)

    # -- Today ----------------------------------------------------------------------------

    def connect_today(self, v) -> None:
        v.composeRequested.connect(self.compose_today)
        v.doneRequested.connect(self.today_done)
        v.snoozeRequested.connect(self.today_snooze)

    def compose_today(self, item) -> None:
        from netcare_desktop.core.templates import suggested_template

        iid = self.compose(item.contact_id, suggested_template(item.suggested_kind), undoable=False)
        if iid is None:
            return
        from netcare_desktop.store import undo_rows
        from netcare_desktop.ui.touch_commands import touch_phrase

        logged = undo_rows.with_created(undo_rows.RowsBefore(), iid)
        follow_ups = undo_rows.mark_follow_ups_done(item.keys)  # the line is handled
        from netcare_desktop.store.models import Interaction

        kind = Interaction.get_by_id(iid).kind
        self._push(
            f"Log of {touch_phrase(kind)} with {item.display_name}",
            undo_rows.merge(logged, follow_ups),
            item.contact_id,
        )
        self.services.changed()

    def today_done(self, item) -> None:
        from netcare_desktop.store import undo_rows

        s = self.services
        s.ensure_store()
        _iid, before = undo_rows.today_done(item, s.clock())
        self._push(f"Done for {item.display_name}", before, item.contact_id)
        s.changed()
        s.say(f"Done: {item.display_name}. Touch logged. Ctrl+Z takes it back.", 5000)

    def today_snooze(self, item) -> None:
        from netcare_desktop.store import undo_rows

        s = self.services
        s.ensure_store()
        before = undo_rows.today_snoozed(item, s.clock() + timedelta(days=1))
        self._push(f"Not today for {item.display_name}", before, item.contact_id)
        s.changed()
        s.say(f"{item.display_name}: not today. Ctrl+Z takes it back.", 5000)
