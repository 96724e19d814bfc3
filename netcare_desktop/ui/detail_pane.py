"""The selected contact: avatar, facts, groups and the interaction timeline."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.birthdays import human_birthday
from netcare_desktop.core.cadence import HEALTH_LABELS, Health
from netcare_desktop.core.urls import readable_url, web_links
from netcare_desktop.ui.formatting import relative_days, short_date
from netcare_desktop.ui.lazy import lazy_module
from netcare_desktop.ui.timeline_model import TimelineModel
from netcare_desktop.ui.widgets import PlainLabel, avatar_pixmap

AVATAR_SIZE = 72
contacts = lazy_module("netcare_desktop.store.contacts")  # peewee: loaded on first use


class DetailPane(QWidget):
    logRequested = Signal()
    editRequested = Signal()
    composeRequested = Signal()

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

        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setAccessibleName("Edit contact")
        self.edit_button.clicked.connect(self.editRequested)
        self.log_button = QPushButton("&Log interaction…")
        self.log_button.setAccessibleName("Log interaction")
        self.log_button.setToolTip("Log a touch with this contact (Ctrl+L)")
        self.log_button.clicked.connect(self.logRequested)
        self.compose_button = QPushButton("&Compose…")
        self.compose_button.setAccessibleName("Compose a message")
        self.compose_button.setToolTip(
            "Write a congratulation, share an article or check in, from a template (Ctrl+M)"
        )
        self.compose_button.clicked.connect(self.composeRequested)

        head_text = QVBoxLayout()
        head_text.addWidget(self.name)
        head_text.addWidget(self.role)
        head_text.addWidget(self.care)
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
        self.timeline = QTreeView()
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

        timeline_title = QLabel("Timeline")
        tf = QFont(timeline_title.font())
        tf.setBold(True)
        timeline_title.setFont(tf)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(head)
        upper_layout.addWidget(facts_box)
        upper_layout.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidget(upper)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 3)
        layout.addWidget(timeline_title)
        layout.addWidget(self.timeline_empty)
        layout.addWidget(self.timeline, 3)
        self.clear()

    def clear(self) -> None:
        self.contact_id = None
        self.name.setText("No contact selected")
        self.role.setText("")
        self.care.setText("")
        self.avatar.clear()
        self._clear_facts()
        self.timeline_model.set_interactions([])
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
        self._fact(
            "Emails",
            "\n".join(f"{e.address}  ({e.label})" if e.label else e.address for e in d.emails),
        )
        self._fact(
            "Phones", "\n".join(f"{p.raw}  ({p.label})" if p.label else p.raw for p in d.phones)
        )
        self._fact("Web", "\n".join(web_links((u.url for u in d.urls), c.linkedin_url)))
        self._fact("LinkedIn", readable_url(c.linkedin_url))
        self._fact("Birthday", human_birthday(c.birthday_year, c.birthday_month, c.birthday_day))
        self._fact("Groups", ", ".join(f"{g} ({r})" if r else g for g, r in d.groups))
        self._fact(
            "Addresses",
            "\n".join(
                ", ".join(
                    p for p in (a.street, a.locality, a.region, a.postal_code, a.country) if p
                )
                for a in d.addresses
            ),
        )
        self._fact("Give and ask", self._balance_text(contact_id))
        self._fact("Notes", c.notes)
        items = contacts.timeline(contact_id)
        self.timeline_model.set_interactions(items)
        self.timeline.expandAll()
        for row in range(self.timeline_model.rowCount()):
            self.timeline.setFirstColumnSpanned(row, self.timeline.rootIndex(), True)
        self.timeline_empty.setVisible(not items)
        self.log_button.setEnabled(True)
        self.edit_button.setEnabled(True)
        self.compose_button.setEnabled(True)

    @staticmethod
    def _balance_text(contact_id: int) -> str:
        from netcare_desktop.store.health import contact_balance
        from netcare_desktop.store.models import db

        return contact_balance(db.connection(), contact_id).describe()

    @staticmethod
    def _care_text(d, now: datetime) -> str:
        last = d.contact.last_touch_at
        parts = []
        if d.circle_name:
            parts.append(f"{d.circle_name} circle")
        if d.cadence_days:
            parts.append(f"every {d.cadence_days} days")
        parts.append(f"last touch {relative_days(last, now)}" if last else "never touched")
        if d.health != Health.NO_CADENCE and d.next_due:
            parts.append(f"{HEALTH_LABELS[d.health].lower()}: next {short_date(d.next_due)}")
        elif not d.circle_name and not d.cadence_days:
            parts.append("not in a circle, so no reminders")
        return " · ".join(parts)
