"""Compose… and Message Templates…: write to a contact; NetCare never sends anything itself."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from netcare_desktop.ui.services import Services


class ComposeCommands(QObject):
    written = Signal(int)  # a touch was logged for this contact: select it

    def __init__(self, services: Services, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services

    def compose(
        self,
        contact_id: int | None = None,
        template_key: str | None = None,
        undoable: bool = True,
    ):
        """Compose for ``contact_id`` (the current contact by default); the touch's id.

        Done logs a touch, and Ctrl+Z takes it back (``undoable=False``: the caller
        pushes one undo for all it did, as Today's Compose does)."""
        from netcare_desktop.ui.compose import compose_for_contact

        s = self.services
        cid = contact_id if contact_id is not None else s.current.id
        if cid is None:
            s.say("Select a contact first.", 4000)
            return None
        s.ensure_store()
        iid = compose_for_contact(
            s.window, s.reader, cid, s.clock, template_key=template_key, open_url=s.open_url
        )
        if iid is not None:
            if undoable:
                from netcare_desktop.ui.touch_commands import push_log_undo

                push_log_undo(s, iid)
            s.changed()
            self.written.emit(cid)
            s.say("Touch logged.", 4000)
        return iid

    def edit_templates(self) -> None:
        from netcare_desktop.ui.compose import edit_templates

        s = self.services
        s.ensure_store()
        if edit_templates(s.window, s.reader):
            s.say("Templates saved.", 4000)
