"""The Groups tab's commands: create, rename, delete, kinds, members and their roles.

The view repaints from the store's events (``TabViews`` refreshes the Groups tab
on every change while it is shown); these commands write, then call
``services.changed()``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from netcare_desktop.ui.formatting import plural
from netcare_desktop.ui.messages import confirm, warn
from netcare_desktop.ui.services import Services


class GroupsController(QObject):
    def __init__(
        self,
        services: Services,
        view: Callable[[], object],
        show_tab: Callable[[], None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.services = services
        self._view = view  # the GroupsView, built on first use
        self.show_tab = show_tab

    @property
    def view(self):
        return self._view()

    def connect_view(self, v) -> None:
        v.groupSelected.connect(self.group_selected)
        v.kindChanged.connect(self.kind_changed)
        v.editMembership.connect(self.edit_membership)
        v.newGroup.connect(self.new_group)
        v.renameGroup.connect(self.rename_group)
        v.deleteGroup.connect(self.delete_group)
        v.addMember.connect(self.add_member)
        v.removeMember.connect(self.remove_member)

    def group_selected(self, group_id: int) -> None:
        from netcare_desktop.store import groups as store_groups

        s = self.services
        self.view.set_members(store_groups.members(s.reader, group_id, s.clock()))

    def kind_changed(self, group_id: int, kind: str) -> None:
        from netcare_desktop.store import groups as store_groups

        self.services.ensure_store()
        store_groups.set_kind(group_id, kind)
        self.services.changed()

    def _error(self, exc) -> None:
        warn(self.services.window, "Groups", str(exc).capitalize() + ".")

    def _ask_name(self, title: str, label: str, text: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self.services.window, title, label, text=text)
        return name if ok else None

    def new_group(self) -> None:
        from netcare_desktop.store import groups as store_groups

        name = self._ask_name("New group", "Name of the group (a club, an employer, alumni…):")
        if name is None:
            return
        self.services.ensure_store()
        try:
            gid = store_groups.create_group(name)
        except store_groups.GroupError as exc:
            self._error(exc)
            return
        self.show_tab()
        self.services.changed()
        self.view.select_group(gid)

    def rename_group(self, group_id: int) -> None:
        from netcare_desktop.store import groups as store_groups

        group = self.view.current_group()
        name = self._ask_name("Rename group", "New name:", group.name if group else "")
        if name is None:
            return
        self.services.ensure_store()
        try:
            store_groups.rename_group(group_id, name)
        except store_groups.GroupError as exc:
            self._error(exc)
            return
        self.services.changed()

    def delete_group(self, group_id: int) -> None:
        from netcare_desktop.store import groups as store_groups

        group = self.view.current_group()
        if group is None:
            return
        if not confirm(
            self.services.window,
            "Delete group",
            f"Delete the group {group.name}? Its {plural(group.members, 'member')} stay{'s' if group.members == 1 else ''} in NetCare;"
            " only their membership of this group goes.",
        ):
            return
        self.services.ensure_store()
        store_groups.delete_group(group_id)
        self.services.changed()
        self.services.say(f"Deleted the group {group.name}.", 5000)

    def _find_contacts(self, text: str) -> list[tuple[int, str]]:
        from netcare_desktop.store.queries import ContactQuery

        s = self.services
        rows = ContactQuery(search=text).page(s.reader, 0, 50, s.clock())
        return [(r.id, f"{r.name} — {r.organization}" if r.organization else r.name) for r in rows]

    def add_member(self, group_id: int) -> None:
        from netcare_desktop.store import groups as store_groups
        from netcare_desktop.ui.groups_view import ContactPicker

        group = self.view.current_group()
        picker = ContactPicker(
            self._find_contacts,
            f"Add to {group.name if group else 'the group'}",
            self.services.window,
        )
        if picker.exec() != QDialog.DialogCode.Accepted or picker.chosen() is None:
            return
        self.services.ensure_store()
        if not store_groups.add_member(group_id, picker.chosen()):
            self.services.say("Already a member.", 4000)
        self.services.changed()

    def remove_member(self, group_id: int, member) -> None:
        from netcare_desktop.store import groups as store_groups

        self.services.ensure_store()
        store_groups.remove_member(group_id, member.contact_id)
        self.services.changed()

    def edit_membership(self, group_id: int, member) -> None:
        from netcare_desktop.store import groups as store_groups
        from netcare_desktop.ui.groups_view import MembershipDialog

        group = self.view.current_group()
        dialog = MembershipDialog(member, group.name if group else "", self.services.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.services.ensure_store()
        store_groups.set_membership(member.contact_id, group_id, *dialog.values())
        self.services.changed()
