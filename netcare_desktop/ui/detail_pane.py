"""The selected contact: avatar, facts, groups and the interaction timeline.

The Log, Compose and Edit buttons stay in view (only the facts scroll).  In the
timeline, double-click or Enter edits a touch, Delete or the context menu deletes
it (Ctrl+Z brings it back); the selected touch's notes read in full below it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.cadence import HEALTH_LABELS, THRESHOLDS, Health
from netcare_desktop.core.urls import readable_url, web_links
from netcare_desktop.ui.formatting import birthday_text, date_text, day_month_text, relative_days
from netcare_desktop.ui.lazy import lazy_module
from netcare_desktop.ui.timeline_model import InteractionIdRole, TimelineModel
from netcare_desktop.ui.widgets import PlainLabel, avatar_pixmap

AVATAR_SIZE = 72
contacts = lazy_module("netcare_desktop.store.contacts")  # peewee: loaded on first use


def _preferred_first(rows: list) -> list:
    """The preferred ones (vCard PREF) first, the others in their order."""
    return sorted(rows, key=lambda r: not r.preferred)


def _typed(value: str, row) -> str:
    """``+44 20 7946 0018  (work fax, preferred)``: the value with all its types."""
    notes = [row.label] if row.label else []
    if row.preferred:
        notes.append("preferred")
    return f"{value}  ({', '.join(notes)})" if notes else value


class TimelineView(QTreeView):
    """The timeline's tree: Enter and double-click edit a touch, Delete deletes it."""

    editRequested = Signal(int)  # an interaction id
    deleteRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.doubleClicked.connect(self._activated)

    def selected_touch(self) -> int | None:
        iid = self.currentIndex().siblingAtColumn(0).data(InteractionIdRole)
        selected = self.selectionModel().isSelected(self.currentIndex()) if iid else False
        return iid if selected else None

    def _activated(self, index: QModelIndex) -> None:
        iid = index.siblingAtColumn(0).data(InteractionIdRole)
        if iid is not None:
            self.editRequested.emit(iid)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        iid = self.selected_touch()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if iid is not None and plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.editRequested.emit(iid)
            event.accept()
            return
        if iid is not None and plain and event.key() == Qt.Key.Key_Delete:
            self.deleteRequested.emit(iid)
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt's name
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            index = self.indexAt(event.pos())
            if index.isValid():
                self.setCurrentIndex(index)
        iid = self.selected_touch()
        if iid is None:
            return
        menu = QMenu(self)
        menu.setAccessibleName("Touch")
        menu.addAction("&Edit Touch…", lambda: self.editRequested.emit(iid))
        menu.addAction("&Delete Touch", lambda: self.deleteRequested.emit(iid))
        pos = event.globalPos()
        if event.reason() != QContextMenuEvent.Reason.Mouse:
            pos = self.viewport().mapToGlobal(self.visualRect(self.currentIndex()).center())
        self.menu = menu  # tests reach the open menu here
        menu.exec(pos)
        self.menu = None


class _FactsScroll(QScrollArea):
    """Asks for the height of its facts (the timeline takes the rest); scrolls when short."""

    def sizeHint(self):  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        inner = self.widget()
        if inner is not None:
            # Wrapped lines (the care line) need the height at the width they get.
            width = self.viewport().width()
            height = inner.heightForWidth(width) if inner.hasHeightForWidth() else -1
            if height < 0:
                height = inner.sizeHint().height()
            hint.setHeight(height + 2 * self.frameWidth())
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # narrower, wrapped text needs more lines

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        hint.setHeight(min(hint.height(), 96))
        return hint


class DetailPane(QWidget):
    logRequested = Signal()
    editRequested = Signal()
    composeRequested = Signal()
    touchSelectionChanged = Signal(bool)  # a touch is (not) selected in the timeline

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Contact details")
        self.contact_id: int | None = None

        self.avatar = QLabel()
        self.avatar.setFixedSize(AVATAR_SIZE, AVATAR_SIZE)
        self.avatar.setAccessibleName("Photo")
        self.name = PlainLabel()
        self.name.setAccessibleName("Name")
        font = QFont(self.name.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name.setFont(font)
        self.role = PlainLabel()
        self.role.setAccessibleName("Title and organization")
        self.care = PlainLabel()
        self.care.setAccessibleName("Keep-in-touch status")

        # Mnemonics clear of the menus (F, E, V, H) and the tabs (C, U, T, G, H).
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.setAccessibleName("Edit contact")
        self.edit_button.clicked.connect(self.editRequested)
        self.log_button = QPushButton("&Log interaction…")
        self.log_button.setAccessibleName("Log interaction")
        self.log_button.setToolTip("Log a touch with this contact (Ctrl+L)")
        self.log_button.clicked.connect(self.logRequested)
        self.compose_button = QPushButton("Co&mpose…")
        self.compose_button.setAccessibleName("Compose a message")
        self.compose_button.setToolTip(
            "Write a congratulation, share an article or check in, from a template (Ctrl+M)"
        )
        self.compose_button.clicked.connect(self.composeRequested)

        head_text = QVBoxLayout()
        head_text.addWidget(self.name)
        head_text.addWidget(self.role)
        head_text.addWidget(self.care)
        head_text.addStretch(1)
        head = QHBoxLayout()
        head.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(head_text, 1)

        self.facts = QFormLayout()
        self.facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        facts_box = QWidget()
        facts_box.setLayout(self.facts)

        buttons = QHBoxLayout()
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.compose_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)

        self.timeline_model = TimelineModel(self)
        self.timeline = TimelineView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.setAccessibleName("Interaction timeline")
        self.timeline.setRootIsDecorated(False)
        self.timeline.setUniformRowHeights(True)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.header().setStretchLastSection(False)
        self.timeline.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col in (0, 1, 3):
            self.timeline.header().setSectionResizeMode(
                col, QHeaderView.ResizeMode.ResizeToContents
            )
        self.timeline_empty = QLabel(
            "No interactions yet. A short note is a fine start: press Ctrl+L."
        )
        self.timeline_empty.setWordWrap(True)

        self.timeline.setToolTip("Double-click or Enter edits a touch; Delete deletes it")
        self.timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.timeline.selectionModel().selectionChanged.connect(self._touch_selected)
        self.timeline_model.modelReset.connect(self._touch_selected)
        self.timeline.editRequested.connect(self._edit_touch)
        self.timeline.deleteRequested.connect(self._delete_touch)
        self.touches = None  # TouchCommands, once ``follow`` gives the services

        timeline_title = QLabel("Timeline")
        tf = QFont(timeline_title.font())
        tf.setBold(True)
        timeline_title.setFont(tf)

        self.notes_title = PlainLabel()
        self.notes_title.setAccessibleName("Selected touch")
        self.notes = QPlainTextEdit()  # plain text by nature: notes read as written
        self.notes.setReadOnly(True)
        self.notes.setAccessibleName("Notes of the selected touch")
        self.notes.setPlaceholderText("Select a touch to read its notes here.")
        self.notes.setMaximumHeight(110)
        self.notes.setTabChangesFocus(True)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(head)
        upper_layout.addWidget(facts_box)
        upper_layout.addStretch(1)  # any spare height goes below the facts
        scroll = _FactsScroll()
        self._facts_scroll = scroll
        scroll.setAccessibleName("Contact facts")
        scroll.setWidget(upper)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The facts take what they need (scrolling when the screen is short); the
        # timeline takes the rest.
        scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addLayout(buttons)  # outside the scroll area: always in view
        layout.addWidget(timeline_title)
        layout.addWidget(self.timeline_empty)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.notes_title)
        layout.addWidget(self.notes)
        self.clear()

    # -- the timeline's touches ----------------------------------------------------------

    def selected_touch(self) -> int | None:
        """The interaction selected in the timeline, if any."""
        return self.timeline.selected_touch()

    def edit_selected_touch(self) -> None:
        iid = self.selected_touch()
        if iid is not None:
            self._edit_touch(iid)

    def delete_selected_touch(self) -> None:
        iid = self.selected_touch()
        if iid is not None:
            self._delete_touch(iid)

    def _edit_touch(self, iid: int) -> None:
        if self.touches is not None:
            self._keep_touch = iid
            self.touches.edit(iid)

    def _delete_touch(self, iid: int) -> None:
        if self.touches is not None:
            self._keep_touch = None
            self.touches.delete(iid)

    def _touch_selected(self, *_args) -> None:
        index = self.timeline.currentIndex()
        iid = self.selected_touch()
        entry = self.timeline_model.entry(index) if iid is not None else None
        if entry is None:
            self.notes_title.setText("")
            self.notes.setPlainText("")
        else:
            self.notes_title.setText(
                f"{entry.kind_label} · {entry.when_text}"
                + (f" · {entry.summary}" if entry.summary else "")
            )
            self.notes.setPlainText(entry.notes or "No notes.")
        self.touchSelectionChanged.emit(iid is not None)

    def clear(self) -> None:
        self.contact_id = None
        self.name.setText("No contact selected")
        self.role.setText("")
        self.care.setText("")
        self.avatar.clear()
        self._clear_facts()
        self.timeline_model.set_interactions([])
        self.notes_title.hide()
        self.notes.hide()
        self._keep_touch: int | None = None
        self.log_button.setEnabled(False)
        self.edit_button.setEnabled(False)
        self.compose_button.setEnabled(False)
        self.timeline_empty.hide()

    def _clear_facts(self) -> None:
        while self.facts.rowCount():
            self.facts.removeRow(0)

    def _fact(self, label: str, value: str) -> None:
        if value:
            field = PlainLabel(value)
            field.setAccessibleName(label)
            self.facts.addRow(label, field)

    def follow(self, services) -> None:
        """Show ``services.current``, and read it again when the store says it changed."""

        from netcare_desktop.ui.touch_commands import TouchCommands

        self.touches = TouchCommands(services, self)

        def show(contact_id: int | None) -> None:
            if contact_id is None:
                self.clear()
                return
            services.ensure_store()
            self.show_contact(contact_id, services.clock())
            if self.contact_id is None:  # gone meanwhile
                services.current.set(None)

        def changed(change) -> None:
            if change.touches(self.contact_id):
                show(self.contact_id)

        services.current.currentChanged.connect(show)
        services.watch(changed, ("contacts", "interactions", "settings"))

    def show_contact(self, contact_id: int, now: datetime) -> None:
        try:
            d = contacts.detail(contact_id, now)
        except contacts.NotFound:
            self.clear()
            return
        c = d.contact
        self.contact_id = contact_id
        self.name.setText(c.display_name)
        role = " · ".join(p for p in (c.title, c.department, c.organization) if p)
        self.role.setText(role)
        self.avatar.setPixmap(avatar_pixmap(c.display_name, AVATAR_SIZE, c.photo))
        self.care.setText(self._care_text(d, now))
        self._clear_facts()
        self._fact("Emails", "\n".join(_typed(e.address, e) for e in _preferred_first(d.emails)))
        self._fact("Phones", "\n".join(_typed(p.raw, p) for p in _preferred_first(d.phones)))
        self._fact("Web", "\n".join(web_links((u.url for u in d.urls), c.linkedin_url)))
        self._fact("LinkedIn", readable_url(c.linkedin_url))
        self._fact("Birthday", birthday_text(c.birthday_year, c.birthday_month, c.birthday_day))
        self._fact("Groups", ", ".join(f"{g} ({r})" if r else g for g, r in d.groups))
        self._fact(
            "Addresses",
            "\n".join(
                _typed(
                    ", ".join(
                        p for p in (a.street, a.locality, a.region, a.postal_code, a.country) if p
                    ),
                    a,
                )
                for a in _preferred_first(d.addresses)
            ),
        )
        self._fact("Give and ask", self._balance_text(contact_id))
        self._fact("Notes", c.notes)
        same = contact_id == getattr(self, "_shown_id", None)
        keep = self.selected_touch() if same else None
        keep = self._keep_touch if same and self._keep_touch is not None else keep
        self._keep_touch = None
        self._shown_id = contact_id
        items = contacts.timeline(contact_id)
        self.timeline_model.set_interactions(items)
        self.timeline.expandAll()
        for row in range(self.timeline_model.rowCount()):
            self.timeline.setFirstColumnSpanned(row, self.timeline.rootIndex(), True)
        if keep is not None:  # a repaint keeps the touch one was looking at
            index = self.timeline_model.index_of(keep)
            if index.isValid():
                self.timeline.setCurrentIndex(index)
        self.timeline_empty.setVisible(not items)
        self.notes_title.setVisible(bool(items))
        self.notes.setVisible(bool(items))
        self.log_button.setEnabled(True)
        self.edit_button.setEnabled(True)
        self.compose_button.setEnabled(True)
        self._facts_scroll.updateGeometry()  # its height follows the facts shown

    @staticmethod
    def _balance_text(contact_id: int) -> str:
        from netcare_desktop.store.health import contact_balance
        from netcare_desktop.store.models import db

        return contact_balance(db.connection(), contact_id).describe()

    @staticmethod
    def _care_text(d, now: datetime) -> str:
        """What the Due view will say about this person, in one line."""
        c = d.contact
        last = c.last_touch_at
        parts = []
        if d.circle_name:
            parts.append(f"{d.circle_name} circle")
        if d.cadence_days:
            parts.append(f"every {d.cadence_days} days")
        parts.append(f"last touch {relative_days(last, now)}" if last else "never touched")
        if d.health != Health.NO_CADENCE and d.next_due:
            parts.append(_state_text(d.health, d.next_due, d.cadence_days))
        else:
            others = []
            if c.birthday_month and c.birthday_day:
                others.append(
                    f"birthday on {day_month_text(month=c.birthday_month, day=c.birthday_day)}"
                )
            others.append("follow-ups")
            still = " and ".join(others)
            why = "No circle" if not d.circle_name else "No cadence"
            parts.append(f"{why}: no keep-in-touch reminders; {still} still remind you")
        return " · ".join(parts)


def _state_text(health: Health, due: datetime, cadence_days: int) -> str:
    """'on track: next due 3 Jan 2027', 'overdue since …', 'lapsed since …' (local dates)."""
    if health is Health.LAPSED:
        lapsed = due + timedelta(days=cadence_days * (THRESHOLDS.lapsed_multiple - 1))
        return f"lapsed since {date_text(lapsed)} (due {date_text(due)})"
    if health in (Health.DUE, Health.OVERDUE):
        return f"{HEALTH_LABELS[health].lower()} since {date_text(due)}"
    if health is Health.DUE_SOON:
        return f"due soon: on {date_text(due)}"
    return f"{HEALTH_LABELS[health].lower()}: next due {date_text(due)}"
