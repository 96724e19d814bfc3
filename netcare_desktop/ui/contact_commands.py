"""New, Edit, Log, Delete and Undo: the commands on the current contact.

Every command acts on ``services.current``, the one contact the table, the Due and
Today views and the detail pane agree on.  After a write, ``services.changed()``
repaints the views (they follow the store's events); the command only selects the
contact it wrote and says what happened.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from netcare_desktop.ui.formatting import plural, to_local
from netcare_desktop.ui.lazy import lazy_module
from netcare_desktop.ui.messages import confirm
from netcare_desktop.ui.services import Services
from netcare_desktop.ui.write_wait import save

contacts = lazy_module("netcare_desktop.store.contacts")  # peewee: loaded after the first frame


class ContactCommands(QObject):
    undoChanged = Signal(str)  # what Undo would undo ("" for nothing)
    written = Signal(int)  # a contact was written: select it

    def __init__(self, services: Services, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        services.undo.changed.connect(self.undoChanged)

    @property
    def parent_widget(self):
        return self.services.window

    # -- the undo stack -------------------------------------------------------------

    def clear_undo(self) -> None:
        """What could be undone is gone (a restore replaced the data)."""
        self.services.undo.clear()

    def undo_label(self) -> str:
        return self.services.undo.label()

    # -- commands --------------------------------------------------------------------

    def _editor(self, data=None):
        from netcare_desktop.ui.dialogs import ContactEditor  # loaded on first use: faster start

        circles = [(c.id, c.name, c.cadence_days) for c in contacts.circles()]
        return ContactEditor(circles, contacts.group_names(), data, self.parent_widget)

    def _written(self, contact_id: int, message: str) -> None:
        self.services.changed()
        self.written.emit(contact_id)
        self.services.say(message, 4000)

    def new_contact(self) -> None:
        s = self.services
        s.ensure_store()
        dialog = self._editor()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        data = dialog.result_input()
        cid = save(
            self.parent_widget, lambda: contacts.create_contact(data, s.clock()), "The new contact"
        )
        if cid is not None:
            self._written(cid, "Contact added.")

    def edit_contact(self) -> None:
        s = self.services
        s.ensure_store()
        cid = s.current.id
        if cid is None:
            return
        dialog = self._editor(contacts.load_input(cid))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        data = dialog.result_input()
        if save(
            self.parent_widget,
            lambda: contacts.update_contact(cid, data, s.clock()) or True,
            "The edit",
        ):
            self._written(cid, "Contact saved.")

    def log_interaction(self) -> None:
        s = self.services
        s.ensure_store()
        cid = s.current.id
        if cid is None:
            s.say("Select a contact first.", 4000)
            return
        from netcare_desktop.ui.dialogs import LogInteractionDialog

        now = s.clock()
        name = contacts.detail(cid, now).contact.display_name
        dialog = LogInteractionDialog(name, to_local(now), self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        iid = save(
            self.parent_widget,
            lambda: contacts.log_interaction(cid, now=s.clock(), **values),
            "The touch",
        )
        if iid:
            from netcare_desktop.ui.touch_commands import push_log_undo

            push_log_undo(s, iid)
            self._written(cid, "Interaction logged.")

    def delete_contact(self) -> bool:
        """Ask, delete, keep what Undo needs. True when the contact was deleted."""
        s = self.services
        s.ensure_store()
        cid = s.current.id
        if cid is None:
            return False
        return self.delete_contacts([cid], contacts.detail(cid, s.clock()).contact.display_name)

    def delete_contacts(self, ids: list[int], who: str) -> bool:
        """Ask, delete these contacts (``who`` names them), keep what one Ctrl+Z needs to
        bring them all back. True when they were deleted."""
        s = self.services
        s.ensure_store()
        marks = ",".join("?" * len(ids))
        touches = s.reader.execute(
            f"SELECT count(*) FROM interaction WHERE contact_id IN ({marks})", ids
        ).fetchone()[0]
        extra = f" and {plural(touches, 'logged interaction')}" if touches else ""
        title = "Delete contact" if len(ids) == 1 else "Delete contacts"
        if not confirm(
            self.parent_widget, title, f"Delete {who}{extra}?\n\nYou can undo this with Ctrl+Z."
        ):
            return False
        snapshots = save(self.parent_widget, lambda: contacts.delete_contacts(ids), "The delete")
        if snapshots is None:
            return False
        s.current.set(None)
        s.undo.push(
            f"Delete of {who}", lambda: next(iter(contacts.restore_contacts(snapshots)), None)
        )
        s.changed()
        them = "it" if len(ids) == 1 else "them"
        s.say(f"Deleted {who}. Ctrl+Z brings {them} back.", 8000)
        return True

    def undo(self) -> None:
        s = self.services
        s.ensure_store()
        entry = s.undo.pop()
        if entry is None:
            return
        done = save(self.parent_widget, lambda: (entry.undo(),), "The undo")
        if done is None:  # the lock stayed taken and the user let it be: keep it for later
            s.undo.push(entry.label, entry.undo)
            return
        s.changed()
        if done[0] is not None:
            self.written.emit(done[0])
        label = entry.label
        s.say(f"Undid {label[0].lower()}{label[1:]}.", 4000)
