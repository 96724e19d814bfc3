"""Groups: employers, alumni, clubs, book clubs, charities…, their members, and how they are."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.cadence import Health
from netcare_desktop.store.groups import GROUP_KINDS, GroupRow, MemberRow
from netcare_desktop.ui.contact_model import HEALTH_COLOURS, readable_colour
from netcare_desktop.ui.date_entry import DateEdit
from netcare_desktop.ui.formatting import date_text, number_text, plural

_STATE_LABELS = {
    "": "",
    "on_track": "On track",
    "due_soon": "Due soon",
    "due": "Due",
    "overdue": "Overdue",
    "lapsed": "Lapsed",
}


def _item(text: str, data=None) -> QTableWidgetItem:
    it = QTableWidgetItem(text)  # table items are plain text
    it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    return it


def _table(headers: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setAccessibleName(name)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.setWordWrap(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return t


class MembershipDialog(QDialog):
    """Role and period of one membership."""

    def __init__(self, member: MemberRow, group: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Membership")
        self.setAccessibleName("Membership")
        who = QLabel(f"{member.name} in {group}")
        who.setTextFormat(Qt.TextFormat.PlainText)
        self.role = QLineEdit(member.role)
        self.role.setPlaceholderText("member, treasurer, colleague, classmate…")
        self.role.setAccessibleName("Role")
        self.has_start = QCheckBox("Since")
        self.start = DateEdit(QDate(member.started) if member.started else QDate.currentDate())
        self.has_end = QCheckBox("Until")
        self.end = DateEdit(QDate(member.ended) if member.ended else QDate.currentDate())
        for check, edit, value, label in (
            (self.has_start, self.start, member.started, "Member since"),
            (self.has_end, self.end, member.ended, "Member until"),
        ):
            edit.setAccessibleName(label)  # typed or picked, in the locale's style
            check.setAccessibleName(f"{label} known")
            check.setChecked(value is not None)
            edit.setEnabled(value is not None)
            check.toggled.connect(edit.setEnabled)
        form = QFormLayout()
        form.addRow(who)
        form.addRow("Role", self.role)
        for check, edit in ((self.has_start, self.start), (self.has_end, self.end)):
            row = QHBoxLayout()
            row.addWidget(check)
            row.addWidget(edit, 1)
            form.addRow(row)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, date | None, date | None]:
        start = self.start.date().toPython() if self.has_start.isChecked() else None
        end = self.end.date().toPython() if self.has_end.isChecked() else None
        return self.role.text(), start, end

    def accept(self) -> None:
        _role, start, end = self.values()
        if start and end and end < start:
            self.error.setText("The membership cannot end before it starts.")
            return
        super().accept()


class GroupsView(QWidget):
    """Groups on the left with how healthy their relationships are; members on the right."""

    groupSelected = Signal(int)
    kindChanged = Signal(int, str)
    editMembership = Signal(int, object)  # group id, MemberRow
    openContact = Signal(int)
    currentContact = Signal(object)  # the member picked (by click or keys): the current contact
    newGroup = Signal()
    renameGroup = Signal(int)
    deleteGroup = Signal(int)
    addMember = Signal(int)
    removeMember = Signal(int, object)  # group id, MemberRow

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Groups")
        self.groups = _table(["Group", "Kind", "Members", "On track"], "Groups list")
        self.groups.currentCellChanged.connect(self._group_changed)
        for col, width in enumerate((150, 84, 64)):
            self.groups.setColumnWidth(col, width)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setAccessibleName("Group")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of group")
        for k in GROUP_KINDS:
            self.kind.addItem(k or "(not set)", k)
        self.kind.activated.connect(self._kind_activated)
        self.summary = QLabel()
        self.summary.setAccessibleName("Group health")
        self.summary.setWordWrap(True)
        self.members = _table(["Name", "Role", "Since", "Until", "Status"], "Group members")
        self.members.doubleClicked.connect(lambda _i: self._open())
        # The highlighted member is the current contact while the tab is shown (as Due's
        # and Today's rows are); a click on the highlighted one makes it current again.
        self.members.cellClicked.connect(lambda _r, _c: self._member_picked())
        self.members.currentCellChanged.connect(lambda *_a: self._member_picked())
        for col, width in enumerate((170, 120, 90, 90)):
            self.members.setColumnWidth(col, width)
        self.edit_button = QPushButton("&Change Membership…")
        self.edit_button.setAccessibleName("Edit membership")
        self.edit_button.clicked.connect(self._edit)
        self.open_button = QPushButton("&Open Contact")
        self.open_button.setAccessibleName("Open contact")
        self.open_button.clicked.connect(self._open)
        self.add_button = QPushButton("Add Mem&ber…")
        self.add_button.setAccessibleName("Add a member")
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton("Remove from Grou&p")
        self.remove_button.setAccessibleName("Remove from group")
        self.remove_button.clicked.connect(self._remove)
        self.new_button = QPushButton("&New Group…")
        self.new_button.setAccessibleName("New group")
        self.new_button.clicked.connect(self.newGroup.emit)
        self.rename_button = QPushButton("&Rename…")
        self.rename_button.setAccessibleName("Rename group")
        self.rename_button.clicked.connect(self._rename)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setAccessibleName("Delete group")
        self.delete_button.clicked.connect(self._delete)
        self.empty = QLabel(
            "No groups yet. Groups are the organizations and communities people belong to:\n"
            "employers, alumni, clubs, book clubs, charities, associations, online groups.\n"
            "Create one here, add them in a contact's editor, or import vCard CATEGORIES."
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_new = QPushButton("C&reate a Group…")
        self.empty_new.setAccessibleName("Create a group")
        self.empty_new.clicked.connect(self.newGroup.emit)
        right = QWidget()
        rl = QVBoxLayout(right)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(QLabel("Kind:"))
        head.addWidget(self.kind)
        rl.addLayout(head)
        rl.addWidget(self.summary)
        rl.addWidget(self.members, 1)
        bar = QGridLayout()  # two rows: the window fits a 1024-pixel screen with the pane shown
        bar.addWidget(self.add_button, 0, 0)
        bar.addWidget(self.edit_button, 0, 1)
        bar.addWidget(self.open_button, 1, 0)
        bar.addWidget(self.remove_button, 1, 1)
        bar.setColumnStretch(2, 1)
        rl.addLayout(bar)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.groups, 1)
        gbar = QHBoxLayout()
        gbar.addWidget(self.new_button)
        gbar.addWidget(self.rename_button)
        gbar.addWidget(self.delete_button)
        gbar.addStretch(1)
        ll.addLayout(gbar)
        self.split = QSplitter()
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setSizes([330, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.empty_new, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.split, 1)
        self._rows: list[GroupRow] = []
        self._members: list[MemberRow] = []
        self.set_groups([])

    # -- filling ------------------------------------------------------------------------

    def set_groups(self, rows: list[GroupRow]) -> None:
        current = self.current_group()
        keep = current.id if current else None
        self._rows = rows
        self.groups.blockSignals(True)
        self.groups.setRowCount(len(rows))
        for r, g in enumerate(rows):
            health = f"{g.health} %" if g.health is not None else "—"
            self.groups.setItem(r, 0, _item(g.name, g.id))
            self.groups.setItem(r, 1, _item(g.kind))
            self.groups.setItem(r, 2, _item(number_text(g.members)))
            self.groups.setItem(r, 3, _item(health))
        self.groups.blockSignals(False)
        self.empty.setVisible(not rows)
        self.empty_new.setVisible(not rows)
        self.split.setVisible(bool(rows))
        if rows:
            again = [i for i, g in enumerate(rows) if g.id == keep]
            self.groups.setCurrentCell(again[0] if again else 0, 0)
            self._group_changed(self.groups.currentRow(), 0, -1, -1)

    def set_members(self, members: list[MemberRow]) -> None:
        self._members = members
        self.members.setRowCount(len(members))
        for r, m in enumerate(members):
            status = _item(_STATE_LABELS.get(m.state, m.state))
            colour = HEALTH_COLOURS.get(Health(m.state)) if m.state else None
            if colour is not None:
                status.setForeground(readable_colour(colour))
            self.members.setItem(r, 0, _item(m.name, m.contact_id))
            self.members.setItem(r, 1, _item(m.role))
            self.members.setItem(r, 2, _item(date_text(m.started)))
            self.members.setItem(r, 3, _item(date_text(m.ended)))
            self.members.setItem(r, 4, status)
        if members:
            self.members.selectRow(0)
        for b in (self.edit_button, self.open_button, self.remove_button):
            b.setEnabled(bool(members))

    def current_group(self) -> GroupRow | None:
        row = self.groups.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def current_member(self) -> MemberRow | None:
        row = self.members.currentRow()
        return self._members[row] if 0 <= row < len(self._members) else None

    def _member_picked(self) -> None:
        m = self.current_member()
        if m is not None:
            self.currentContact.emit(m.contact_id)

    def _group_changed(self, row: int, _col: int, _prow: int, _pcol: int) -> None:
        g = self._rows[row] if 0 <= row < len(self._rows) else None
        if g is None:
            return
        self.title.setText(g.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(g.kind)))
        if g.kind and self.kind.findData(g.kind) < 0:
            self.kind.addItem(g.kind, g.kind)
            self.kind.setCurrentIndex(self.kind.count() - 1)
        if g.health is None:
            self.summary.setText(
                f"{plural(g.members, 'member')}; none in a circle with a"
                " cadence, so no keep-in-touch reminders for this group."
            )
        else:
            self.summary.setText(
                f"{plural(g.members, 'member')}; of the {number_text(g.with_state)}"
                f" with a cadence, {g.health} % are"
                f" on track ({g.on_track} on track, {g.due_soon} due soon, {g.due} due,"
                f" {g.overdue} overdue, {g.lapsed} lapsed)."
            )
        self.groupSelected.emit(g.id)

    def _kind_activated(self, _index: int) -> None:
        g = self.current_group()
        if g is not None:
            self.kindChanged.emit(g.id, self.kind.currentData() or "")

    def _edit(self) -> None:
        g, m = self.current_group(), self.current_member()
        if g is not None and m is not None:
            self.editMembership.emit(g.id, m)

    def _open(self) -> None:
        m = self.current_member()
        if m is not None:
            self.openContact.emit(m.contact_id)

    def _rename(self) -> None:
        g = self.current_group()
        if g is not None:
            self.renameGroup.emit(g.id)

    def _delete(self) -> None:
        g = self.current_group()
        if g is not None:
            self.deleteGroup.emit(g.id)

    def _add(self) -> None:
        g = self.current_group()
        if g is not None:
            self.addMember.emit(g.id)

    def _remove(self) -> None:
        g, m = self.current_group(), self.current_member()
        if g is not None and m is not None:
            self.removeMember.emit(g.id, m)

    def select_group(self, group_id: int) -> None:
        for row, g in enumerate(self._rows):
            if g.id == group_id:
                self.groups.setCurrentCell(row, 0)
                return


class ContactPicker(QDialog):
    """Choose one contact by typing part of a name, organization or email."""

    def __init__(self, search, title: str, parent: QWidget | None = None):
        from PySide6.QtWidgets import QListWidget, QListWidgetItem

        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(420, 420)
        self._search = search  # text -> list of (id, label)
        self._item_type = QListWidgetItem
        self.query = QLineEdit()
        self.query.setPlaceholderText("Type a name, an organization or an email")
        self.query.setAccessibleName("Find a contact")
        self.results = QListWidget()
        self.results.setAccessibleName("Matching contacts")
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())
        self.query.textChanged.connect(self._refresh)
        self.query.returnPressed.connect(self._first)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.buttons)
        self._refresh("")

    def _refresh(self, text: str) -> None:
        self.results.clear()
        for cid, label in self._search(text):
            item = self._item_type(label)  # list items are plain text
            item.setData(Qt.ItemDataRole.UserRole, cid)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.results.count() > 0)

    def _first(self) -> None:
        if self.results.count():
            self.accept()

    def chosen(self) -> int | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
