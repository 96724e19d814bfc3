"""The contact editor and the log-interaction dialog (views built in code)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QStringListModel, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.birthdays import format_birthday, parse_birthday
from netcare_desktop.core.cadence import FUTURE_TOUCH_SLACK
from netcare_desktop.core.kinds import (
    DEFAULT_DIRECTION,
    DIRECTION_LABELS,
    KIND_LABELS,
    Direction,
    Kind,
)
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.ui.date_entry import DateEdit, DateTimeEdit
from netcare_desktop.ui.formatting import to_utc
from netcare_desktop.ui.messages import Button, confirm, warn


def submit_on_ctrl_enter(dialog: QDialog) -> None:
    """Ctrl+Enter (and Ctrl+Return) submits ``dialog`` from any of its fields, notes too.

    The application-wide filter of ``ui/dialog_keys`` does it for every dialog; this
    makes sure it is installed (the app installs it after the first frame).
    """
    from PySide6.QtWidgets import QApplication

    from netcare_desktop.ui import dialog_keys

    app = QApplication.instance()
    if app is not None:
        dialog_keys.install(app)


# The date fields take typed dates (ui/date_entry.py); the old names stay for this module.
DateField, DateTimeField = DateEdit, DateTimeEdit


def _line(placeholder: str, accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible)
    return edit


class ContactEditor(QDialog):
    """Create or edit a contact. ``result_input()`` gives the validated input."""

    def __init__(
        self,
        circles: list[tuple[int, str, int | None]],
        group_names: list[str],
        data: ContactInput | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Edit contact" if data else "New contact")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(560)
        self._result: ContactInput | None = None

        self.given = _line("Given name", "Given name")
        self.family = _line("Family name", "Family name")
        self.middle = _line("Middle name", "Middle name")
        self.prefix = _line("Dr., Ms.…", "Name prefix")
        self.suffix = _line("Jr., PhD…", "Name suffix")
        self.nickname = _line("Nickname", "Nickname")
        self.display = _line("Shown as (leave empty to build from the parts)", "Display name")
        self.organization = _line("Company, club, charity…", "Organization")
        self.department = _line("Department", "Department")
        self.title = _line("Job title or role", "Title")
        self.birthday = _line("YYYY-MM-DD, or --MM-DD without the year", "Birthday")
        self.linkedin = _line("https://www.linkedin.com/in/…", "LinkedIn URL")

        self.circle = QComboBox()
        self.circle.setAccessibleName("Circle")
        self.circle.addItem("No circle (no keep-in-touch reminders)", None)
        for cid, name, days in circles:
            every = f"every {days} days" if days else "no reminders"
            self.circle.addItem(f"{name} ({every})", cid)
        self.cadence = QSpinBox()
        self.cadence.setRange(0, 3650)
        self.cadence.setSuffix(" days")
        self.cadence.setSpecialValueText("Circle's default")
        self.cadence.setAccessibleName("Keep-in-touch cadence override")
        self.groups = _line("Comma-separated: employer, alumni, book club…", "Groups")
        completer = QCompleter(QStringListModel(group_names, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.groups.setCompleter(completer)

        from netcare_desktop.ui.widgets import PairListEditor

        self.emails = PairListEditor("Email", ("work", "home", "other"))
        self.phones = PairListEditor("Phone", ("mobile", "work", "home"))
        self.urls = PairListEditor("URL", ("website", "blog", "profile"))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText(
            "What matters to them, how you met, what they are working on…"
        )
        self.notes.setTabChangesFocus(True)

        tabs = QTabWidget()
        tabs.setAccessibleName("Contact sections")
        person = QWidget()
        grid = QGridLayout(person)
        rows = [
            ("&Given name", self.given, "&Family name", self.family),
            ("Middle name", self.middle, "Nickname", self.nickname),
            ("Prefix", self.prefix, "Suffix", self.suffix),
        ]
        for r, (l1, w1, l2, w2) in enumerate(rows):
            for c, (text, widget) in enumerate(((l1, w1), (l2, w2))):
                lab = QLabel(text)
                lab.setBuddy(widget)
                grid.addWidget(lab, r, c * 2)
                grid.addWidget(widget, r, c * 2 + 1)
        form = QFormLayout()
        form.addRow("Shown &as", self.display)
        form.addRow("&Organization", self.organization)
        form.addRow("Department", self.department)
        form.addRow("&Title", self.title)
        form.addRow("&Birthday", self.birthday)
        grid.addLayout(form, len(rows), 0, 1, 4)
        tabs.addTab(person, "&Person")

        reach = QWidget()
        reach_form = QFormLayout(reach)
        reach_form.addRow("&Emails", self.emails)
        reach_form.addRow("&Phones", self.phones)
        reach_form.addRow("&Web", self.urls)
        reach_form.addRow("&LinkedIn", self.linkedin)
        tabs.addTab(reach, "&Reach")

        network = QWidget()
        net_form = QFormLayout(network)
        net_form.addRow("&Circle", self.circle)
        net_form.addRow("&Cadence", self.cadence)
        net_form.addRow("&Groups", self.groups)
        hint = QLabel(
            "Contacts in a circle get keep-in-touch reminders at the circle's pace, "
            "unless you set a cadence of their own."
        )
        hint.setWordWrap(True)
        net_form.addRow(hint)
        net_form.addRow("&Notes", self.notes)
        tabs.addTab(network, "&Network")

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.tabs = tabs
        self.buttons = buttons
        submit_on_ctrl_enter(self)

        if data is not None:
            self._load(data)
        self.given.setFocus()

    def _load(self, d: ContactInput) -> None:
        self.given.setText(d.given_name)
        self.family.setText(d.family_name)
        self.middle.setText(d.middle_name)
        self.prefix.setText(d.prefix)
        self.suffix.setText(d.suffix)
        self.nickname.setText(d.nickname)
        derived = ContactInput(**{**d.__dict__, "display_name": ""}).resolved_name()
        self.display.setText("" if d.display_name == derived else d.display_name)
        self.organization.setText(d.organization)
        self.department.setText(d.department)
        self.title.setText(d.title)
        self.birthday.setText(format_birthday(d.birthday_year, d.birthday_month, d.birthday_day))
        self.linkedin.setText(d.linkedin_url)
        idx = self.circle.findData(d.circle_id) if d.circle_id is not None else 0
        self.circle.setCurrentIndex(max(idx, 0))
        self.cadence.setValue(d.cadence_days or 0)
        self.groups.setText(", ".join(d.groups))
        self.emails.set_pairs(d.emails)
        self.phones.set_pairs(d.phones)
        self.urls.set_pairs(d.urls)
        self.notes.setPlainText(d.notes)

    def build_input(self) -> ContactInput:
        """Read the form; raise ValueError with a message for the user when it is not valid."""
        year, month, day = parse_birthday(self.birthday.text())
        data = ContactInput(
            given_name=self.given.text(),
            family_name=self.family.text(),
            middle_name=self.middle.text(),
            prefix=self.prefix.text(),
            suffix=self.suffix.text(),
            nickname=self.nickname.text(),
            display_name=self.display.text(),
            organization=self.organization.text(),
            department=self.department.text(),
            title=self.title.text(),
            notes=self.notes.toPlainText(),
            birthday_year=year,
            birthday_month=month,
            birthday_day=day,
            circle_id=self.circle.currentData(),
            cadence_days=self.cadence.value() or None,
            linkedin_url=self.linkedin.text(),
            emails=self.emails.pairs(),
            phones=self.phones.pairs(),
            urls=self.urls.pairs(),
            groups=[g for g in (s.strip() for s in self.groups.text().split(",")) if g],
        )
        from netcare_desktop.store.contacts import validate

        validate(data)
        return data

    def accept(self) -> None:
        try:
            self._result = self.build_input()
        except ValueError as exc:
            warn(self, "Check the contact", str(exc))
            return
        super().accept()

    def result_input(self) -> ContactInput | None:
        return self._result


class LogInteractionDialog(QDialog):
    """Log a touch: kind, when, direction, summary, notes and an optional follow-up.

    Given ``touch`` (a timeline entry), it edits that touch instead: its values filled
    in, "Save" for "Log".
    """

    def __init__(
        self,
        contact_name: str,
        now_local: datetime,
        parent: QWidget | None = None,
        touch=None,
    ):
        super().__init__(parent)
        self.editing = touch is not None
        title = "Edit touch" if self.editing else "Log interaction"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(460)
        who = QLabel()
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setText(f"With {contact_name}")
        who.setAccessibleName("Contact")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        for k in Kind:
            self.kind.addItem(KIND_LABELS[k], k.value)
        self.when = DateTimeField(
            QDateTime(
                QDate(now_local.year, now_local.month, now_local.day),
                QTime(now_local.hour, now_local.minute),
            )
        )
        self.when.setAccessibleName("When")
        self.direction = QComboBox()
        self.direction.setAccessibleName("Direction")
        for d in Direction:
            self.direction.addItem(DIRECTION_LABELS[d], d.value)
        self.summary = QLineEdit()
        self.summary.setAccessibleName("Summary")
        self.summary.setPlaceholderText(
            "Congratulated her on the promotion, shared the RFC article…"
        )
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(100)
        self.follow_up_on = QCheckBox("&Follow up on")
        self.follow_up_on.setAccessibleName("Set a follow-up date")
        start = QDate(now_local.year, now_local.month, now_local.day).addDays(7)
        self.follow_up = DateField(start)
        self.follow_up.setAccessibleName("Follow-up date")
        self.follow_up.setEnabled(False)
        self.follow_up_on.toggled.connect(self.follow_up.setEnabled)

        self._direction_touched = False
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.direction.activated.connect(lambda _i: setattr(self, "_direction_touched", True))
        self.kind.setCurrentIndex(self.kind.findData(Kind.CHECK_IN.value))
        self._kind_changed()
        if touch is not None:
            self._load(touch)

        form = QFormLayout()
        form.addRow(who)
        form.addRow("&Kind", self.kind)
        form.addRow("&When", self.when)
        form.addRow("&Direction", self.direction)
        form.addRow("&Summary", self.summary)
        form.addRow("&Notes", self.notes)
        follow = QHBoxLayout()
        follow.addWidget(self.follow_up_on)
        follow.addWidget(self.follow_up, 1)
        form.addRow(follow)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "&Save" if self.editing else "&Log"
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.buttons = buttons
        submit_on_ctrl_enter(self)
        self.summary.setFocus()
        self._now_local = now_local

    def _load(self, touch) -> None:
        """Fill the form from a timeline entry (``when`` in local time)."""
        index = self.kind.findData(touch.kind)
        if index >= 0:
            self.kind.setCurrentIndex(index)
        index = self.direction.findData(touch.direction)
        if index >= 0:
            self.direction.setCurrentIndex(index)
        self._direction_touched = True  # the stored direction stays unless changed
        w = touch.when
        self.when.setDateTime(QDateTime(QDate(w.year, w.month, w.day), QTime(w.hour, w.minute)))
        self.summary.setText(touch.summary)
        self.notes.setPlainText(touch.notes)
        if touch.follow_up is not None:
            f = touch.follow_up
            self.follow_up.setDate(QDate(f.year, f.month, f.day))
            self.follow_up_on.setChecked(True)

    def accept(self) -> None:
        """A touch dated more than two days ahead is asked about: logged by mistake, it would
        keep the contact "on track" until that day."""
        qdt = self.when.dateTime()
        d, t = qdt.date(), qdt.time()
        when = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
        ahead = when - self._now_local.replace(tzinfo=None)
        if ahead > FUTURE_TOUCH_SLACK:
            from netcare_desktop.ui.formatting import datetime_text

            verb = "Save" if self.editing else "Log"
            if not confirm(
                self,
                "A touch in the future?",
                f"This touch is dated {datetime_text(to_utc(when))}, in the future. A touch is"
                " something that happened; logged ahead, it keeps this contact on track"
                f" until then.\n\n{verb} it anyway?",
                buttons=Button.Yes | Button.No,
            ):
                self.when.setFocus()
                return
        super().accept()

    def _kind_changed(self, *_args) -> None:
        if self._direction_touched:
            return
        kind = Kind(self.kind.currentData())
        self.direction.setCurrentIndex(self.direction.findData(DEFAULT_DIRECTION[kind].value))

    def values(self) -> dict:
        """The interaction to store: times in UTC, as the store keeps them."""
        qdt = self.when.dateTime()
        d, t = qdt.date(), qdt.time()
        local = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
        follow = None
        if self.follow_up_on.isChecked():
            fd = self.follow_up.date()
            follow = date(fd.year(), fd.month(), fd.day())
        return {
            "kind": Kind(self.kind.currentData()),
            "occurred_at": to_utc(local),
            "direction": Direction(self.direction.currentData()),
            "summary": self.summary.text(),
            "notes": self.notes.toPlainText(),
            "follow_up": follow,
        }
