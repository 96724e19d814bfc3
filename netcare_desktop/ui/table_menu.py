"""The contact table's right-click menu, and the commands on the selected rows.

Log, Compose and Edit act on the current row.  Set Circle, Add to Group, Archive /
Unarchive and Delete act on every selected row (Shift and Ctrl pick several, Ctrl+A
all that are shown), each in one transaction through ``store.bulk`` or
``store.contacts``, each taken back by one Ctrl+Z, each saying what it did.  Merge…
asks for exactly two.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QObject, QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu

from netcare_desktop.ui.contact_model import ContactIdRole
from netcare_desktop.ui.formatting import plural
from netcare_desktop.ui.lazy import lazy_module
from netcare_desktop.ui.write_wait import save

contacts = lazy_module("netcare_desktop.store.contacts")
bulk = lazy_module("netcare_desktop.store.bulk")


class TableMenu(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.services = window.services
        self.table = window.table
        self.model = window.model
        self.menu: QMenu | None = None  # the menu last shown (tests choose from it)

    # -- what is selected --------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return rows

    def selected_ids(self) -> list[int]:
        return [self.model.index(r, 0).data(ContactIdRole) for r in self.selected_rows()]

    def _who(self, rows: list[int]) -> str:
        """'Ada Lovelace' for one row, '20 contacts' for more."""
        if len(rows) == 1:
            row = self.model.row_at(rows[0])
            return row.name if row is not None else "1 contact"
        return plural(len(rows), "contact")

    # -- the menu -----------------------------------------------------------------------

    def popup(self, pos: QPoint) -> QMenu | None:
        """Show the menu for the row under ``pos`` (viewport coordinates)."""
        index = self.table.indexAt(pos)
        if not index.isValid():
            return None
        selection = self.table.selectionModel()
        if not selection.isRowSelected(index.row()):
            # A right-click outside the selection selects that row alone, as file managers do.
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        elif selection.currentIndex().row() != index.row():
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.window.current.set(index.data(ContactIdRole))
        menu = self.build()
        self.menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))
        return menu

    def build(self) -> QMenu:
        rows = self.selected_rows()
        n = len(rows)
        archived = [bool(r and r.archived) for r in map(self.model.row_at, rows)]
        w = self.window
        menu = QMenu(self.table)
        menu.setAccessibleName("Contact menu")

        def add(text: str, slot: Callable[[], object], enabled: bool = True) -> QAction:
            act = menu.addAction(text)
            act.triggered.connect(lambda _c=False: slot())
            act.setEnabled(enabled)
            return act

        one = n == 1
        add("&Log Interaction…", w.log_interaction, one)
        add("&Compose…", w.compose, one)
        add("&Edit…", w.edit_contact, one)
        menu.addSeparator()
        circles = menu.addMenu("Set C&ircle")
        self.services.ensure_store()
        for circle in contacts.circles():
            act = circles.addAction(circle.name)
            act.triggered.connect(
                lambda _c=False, cid=circle.id, name=circle.name: self.set_circle(cid, name)
            )
        circles.addSeparator()
        act = circles.addAction("No circle")
        act.triggered.connect(lambda _c=False: self.set_circle(None, ""))
        add("Add to &Group…", self.add_to_group)
        if not all(archived):
            add("&Archive", lambda: self.set_archived(True))
        if any(archived):
            add("&Unarchive", lambda: self.set_archived(False))
        menu.addSeparator()
        add("&Merge…", self.merge, n == 2)
        menu.addSeparator()
        add("&Delete…" if one else f"&Delete {plural(n, 'contact')}…", self.delete_selected)
        return menu

    # -- the commands on the selection --------------------------------------------------

    def _bulk(self, label: str, said: str, write: Callable[[], object]) -> bool:
        """Run one bulk write, push its undo, say what it did."""
        s = self.services
        s.ensure_store()
        change = save(s.window, write, "The change")
        if change is None:
            return False

        def undo() -> None:
            bulk.undo(change)

        s.undo.push(label, undo)
        s.changed()
        s.say(f"{said} Ctrl+Z takes it back.", 8000)
        return True

    def set_circle(self, circle_id: int | None, circle_name: str) -> bool:
        rows, ids = self.selected_rows(), self.selected_ids()
        if not ids:
            return False
        who = self._who(rows)
        now = self.services.clock()
        if circle_id is None:
            label, said = f"Removal of {who} from their circle", f"Took {who} out of any circle."
        else:
            label, said = f"Move of {who} to {circle_name}", f"Moved {who} to {circle_name}."
        return self._bulk(label, said, lambda: bulk.set_circle(ids, circle_id, now))

    def set_archived(self, archived: bool) -> bool:
        rows, ids = self.selected_rows(), self.selected_ids()
        if not ids:
            return False
        who = self._who(rows)
        now = self.services.clock()
        if archived:
            label = f"Archiving of {who}"
            said = f"Archived {who}: no reminders until unarchived (Show: Archived lists them)."
        else:
            label, said = f"Unarchiving of {who}", f"Unarchived {who}."
        return self._bulk(label, said, lambda: bulk.set_archived(ids, archived, now))

    def add_to_group(self, name: str | None = None) -> bool:
        """Add the selected contacts to a group chosen (or typed) in a small dialog."""
        rows, ids = self.selected_rows(), self.selected_ids()
        if not ids:
            return False
        who = self._who(rows)
        if name is None:
            self.services.ensure_store()
            name, ok = QInputDialog.getItem(
                self.services.window,
                "Add to group",
                f"Add {who} to the group (pick one, or type a new name):",
                contacts.group_names(),
                0,
                True,
            )
            if not ok:
                return False
        name = name.strip()
        if not name:
            return False
        return self._bulk(
            f"Adding {who} to {name}",
            f"Added {who} to {name}.",
            lambda: bulk.add_to_group(ids, name),
        )

    def delete_selected(self) -> bool:
        """Ask, delete every selected contact; one Ctrl+Z brings them all back."""
        rows, ids = self.selected_rows(), self.selected_ids()
        if not ids:
            return False
        if len(ids) == 1:
            return self.window.commands.delete_contact()
        return self.window.commands.delete_contacts(ids, self._who(rows))

    def merge(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 2:
            return
        from netcare_desktop.ui import merge_dialog

        merge_dialog.merge_contacts(self.services, ids)
