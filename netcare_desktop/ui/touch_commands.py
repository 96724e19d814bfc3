"""Edit Touch… and Delete Touch: correcting the timeline, each undoable with Ctrl+Z.

The detail pane asks (double-click, Enter, Delete, its context menu, the Edit
menu); these write through ``store.interactions`` and push what Undo needs on
``services.undo``: an edit puts the row back as it was, a deletion restores the
same row with the same id.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from netcare_desktop.core.kinds import KIND_LABELS, Kind
from netcare_desktop.ui.formatting import date_text, to_local
from netcare_desktop.ui.lazy import lazy_module
from netcare_desktop.ui.messages import warn
from netcare_desktop.ui.services import Services
from netcare_desktop.ui.write_wait import save

interactions = lazy_module("netcare_desktop.store.interactions")  # peewee: on first use


def touch_phrase(kind: str) -> str:
    """'a call', 'an email', 'congratulations': a kind as the middle of a sentence."""
    try:
        label = KIND_LABELS[Kind(kind)].lower()
    except ValueError:
        label = kind.replace("_", " ")
    if label == "congratulations":
        return label
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def contact_name(contact_id: int) -> str:
    from netcare_desktop.store.models import Contact

    c = Contact.get_or_none(Contact.id == contact_id)
    return c.display_name if c is not None else "a deleted contact"


def push_log_undo(services: Services, interaction_id: int, label: str | None = None) -> str:
    """Undo for a touch just logged: it goes, the contact's last touch is recomputed."""
    snap = interactions.snapshot(interaction_id)
    name = contact_name(snap.contact_id)
    label = label or f"Log of {touch_phrase(snap.kind)} with {name}"
    services.undo.push(label, lambda: interactions.remove_logged(interaction_id))
    return label


class TouchCommands(QObject):
    def __init__(self, services: Services, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services

    def _snapshot(self, interaction_id: int):
        try:
            return interactions.snapshot(interaction_id)
        except LookupError:
            self.services.say("That touch is gone (deleted meanwhile).", 4000)
            return None

    def edit(self, interaction_id: int) -> None:
        """Edit Touch…: the Log dialog with the touch's values; Save writes, Ctrl+Z undoes."""
        from netcare_desktop.ui.dialogs import LogInteractionDialog
        from netcare_desktop.ui.timeline_model import TimelineEntry

        s = self.services
        s.ensure_store()
        snap = self._snapshot(interaction_id)
        if snap is None:
            return
        entry = TimelineEntry(
            snap.id,
            to_local(snap.occurred_at),
            snap.kind,
            snap.direction,
            snap.summary,
            snap.notes,
            snap.follow_up,
            snap.follow_up_done,
            snap.occurred_at,
        )
        name = contact_name(snap.contact_id)
        dialog = LogInteractionDialog(name, to_local(s.clock()), s.window, touch=entry)
        while True:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values = dialog.values()

            def write(values=values):
                return interactions.edit_interaction(
                    interaction_id, s.clock(), allow_future=True, **values
                )

            try:
                before = save(s.window, write, "The edit")
            except interactions.InvalidInteraction as exc:
                warn(s.window, "Check the touch", str(exc)[:1].upper() + str(exc)[1:] + ".")
                continue  # the dialog again, as it was filled in
            except LookupError:
                s.say("That touch is gone (deleted meanwhile).", 4000)
                return
            break
        if before is None:
            return
        phrase = touch_phrase(values["kind"])
        s.undo.push(
            f"Edit of {phrase} with {name}", lambda: interactions.restore_interaction(before)
        )
        s.changed()
        s.say(f"Saved {phrase} with {name}. Ctrl+Z undoes the edit.", 6000)

    def delete(self, interaction_id: int) -> None:
        """Delete Touch: at once (it says what it did), and Ctrl+Z brings it back."""
        s = self.services
        s.ensure_store()
        if self._snapshot(interaction_id) is None:
            return
        snap = save(s.window, lambda: interactions.delete_interaction(interaction_id), "The delete")
        if snap is None:
            return
        name = contact_name(snap.contact_id)
        phrase = touch_phrase(snap.kind)
        s.undo.push(
            f"Delete of {phrase} with {name}", lambda: interactions.restore_interaction(snap)
        )
        s.changed()
        s.say(
            f"Deleted {phrase} with {name} ({date_text(snap.occurred_at)}). Ctrl+Z brings it back.",
            8000,
        )
