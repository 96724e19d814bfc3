"""Preferences: reminders, quiet hours, the status reminder, circles' cadences, backups,
the phone region of imports, the window's colours, start at login."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.preferences import Preferences
from netcare_desktop.ui.widgets import screen_fitting_body


def _time(text: str) -> QTime:
    t = QTime.fromString(text, "HH:mm")
    return t if t.isValid() else QTime(0, 0)


def region_name(code: str) -> str:
    """The country or region's English name (Qt's CLDR data) and its code: Germany (DE)."""
    territory = QLocale.codeToTerritory(code)
    if territory == QLocale.Country.AnyTerritory:
        return code
    return f"{QLocale.territoryToString(territory)} ({code})"


def region_choices(current: str = "") -> list[tuple[str, str]]:
    """(shown text, code) for the phone region: the system locale's first (code ""), then
    every region phonenumbers knows, by name (Åland among the A's, not after Zimbabwe)."""
    import phonenumbers

    from netcare_desktop.core.keys import fold, region_from_locale

    regions = set(phonenumbers.SUPPORTED_REGIONS)
    if current:
        regions.add(current)  # a saved code this phonenumbers no longer has: still shown
    named = sorted(((region_name(code), code) for code in regions), key=lambda c: fold(c[0]))
    return [(f"From the system locale: {region_name(region_from_locale())}", ""), *named]


class PreferencesDialog(QDialog):
    """Edits a copy of the preferences and the circles; the caller saves what it returns."""

    def __init__(
        self,
        prefs: Preferences,
        circles: list[tuple[int, str, int | None]],
        autostart_available: bool = True,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self._prefs = prefs

        # Reminders
        self.notifications = QCheckBox("Announce reminders when they come due")
        self.notifications.setChecked(prefs.notifications)
        self.digest = QCheckBox("At start, sum up what came due while NetCare was closed")
        self.digest.setChecked(prefs.digest_at_start)
        self.quiet = QCheckBox("Quiet hours: no announcements between")
        self.quiet.setChecked(prefs.quiet_enabled)
        self.quiet_start = QTimeEdit(_time(prefs.quiet_start))
        self.quiet_start.setDisplayFormat("HH:mm")
        self.quiet_start.setAccessibleName("Quiet hours start")
        self.quiet_end = QTimeEdit(_time(prefs.quiet_end))
        self.quiet_end.setDisplayFormat("HH:mm")
        self.quiet_end.setAccessibleName("Quiet hours end")
        self.quiet.toggled.connect(self.quiet_start.setEnabled)
        self.quiet.toggled.connect(self.quiet_end.setEnabled)
        self.quiet_start.setEnabled(prefs.quiet_enabled)
        self.quiet_end.setEnabled(prefs.quiet_enabled)
        quiet_row = QHBoxLayout()
        quiet_row.addWidget(self.quiet)
        quiet_row.addWidget(self.quiet_start)
        quiet_row.addWidget(QLabel("and"))
        quiet_row.addWidget(self.quiet_end)
        quiet_row.addStretch(1)

        self.status_days = QSpinBox()
        self.status_days.setRange(0, 365)
        self.status_days.setSpecialValueText("never")
        self.status_days.setSuffix(" days")
        self.status_days.setValue(prefs.status_every_days)
        self.status_days.setAccessibleName("Remind me to update my own status every")
        status_row = QHBoxLayout()
        status_row.addWidget(QLabel("Remind me to update my own status or profile every"))
        status_row.addWidget(self.status_days)
        status_row.addStretch(1)

        self.today_size = QSpinBox()
        self.today_size.setRange(1, 50)
        self.today_size.setValue(prefs.today_size)
        self.today_size.setSuffix(" people")
        self.today_size.setAccessibleName("At most this many people in Today")
        today_row = QHBoxLayout()
        today_row.addWidget(QLabel("Today lists at most"))
        today_row.addWidget(self.today_size)
        today_row.addWidget(QLabel("(only people with a reason)"))
        today_row.addStretch(1)

        reminders = QGroupBox("Reminders")
        box = QVBoxLayout(reminders)
        box.addWidget(self.notifications)
        box.addWidget(self.digest)
        box.addLayout(quiet_row)
        box.addLayout(status_row)
        box.addLayout(today_row)

        # Circles
        circles_box = QGroupBox("How often to get in touch, by circle")
        form = QFormLayout(circles_box)
        self.cadences: dict[int, QSpinBox] = {}
        for cid, name, days in circles:
            spin = QSpinBox()
            spin.setRange(0, 3650)
            spin.setSpecialValueText("no reminders")
            spin.setSuffix(" days")
            spin.setValue(days or 0)
            spin.setAccessibleName(f"Cadence for {name}")
            label = QLabel(name)
            label.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(label, spin)
            self.cadences[cid] = spin
        hint = QLabel("A contact's own cadence, set in its editor, wins over its circle's.")
        hint.setWordWrap(True)
        form.addRow(hint)

        # Backups
        self.backup_days = QSpinBox()
        self.backup_days.setRange(1, 90)
        self.backup_days.setValue(prefs.backup_days)
        self.backup_days.setSuffix(" days")
        self.backup_days.setAccessibleName("Keep a daily backup for")
        self.backup_weeks = QSpinBox()
        self.backup_weeks.setRange(0, 52)
        self.backup_weeks.setValue(prefs.backup_weeks)
        self.backup_weeks.setSuffix(" weeks")
        self.backup_weeks.setAccessibleName("Keep a weekly backup for")
        backups = QGroupBox("Backups (taken once a day while NetCare runs, and before big imports)")
        brow = QHBoxLayout(backups)
        brow.addWidget(QLabel("Keep one a day for"))
        brow.addWidget(self.backup_days)
        brow.addWidget(QLabel("and one a week for"))
        brow.addWidget(self.backup_weeks)
        brow.addStretch(1)

        # Importing contacts
        self.phone_region = QComboBox()
        self.phone_region.setAccessibleName("Phone numbers without a country code are in")
        for text, code in region_choices(prefs.phone_region):
            self.phone_region.addItem(text, code)
        self.phone_region.setCurrentIndex(max(0, self.phone_region.findData(prefs.phone_region)))
        self.phone_region.setMaxVisibleItems(20)
        region_label = QLabel("Phone numbers without a country code are in:")
        region_label.setBuddy(self.phone_region)
        imports = QGroupBox("Importing contacts")
        import_box = QVBoxLayout(imports)
        region_row = QHBoxLayout()
        region_row.addWidget(region_label)
        region_row.addWidget(self.phone_region)
        region_row.addStretch(1)
        import_box.addLayout(region_row)
        region_hint = QLabel(
            "Such numbers (030 1234567) are stored with this country's code, so the same"
            " person is found again by phone; numbers with + or 00 are read as written."
        )
        region_hint.setWordWrap(True)
        import_box.addWidget(region_hint)

        # Appearance
        from netcare_desktop.ui.theme import CHOICES

        self.theme = QComboBox()
        self.theme.setAccessibleName("Window colours")
        for code, text in CHOICES:
            self.theme.addItem(text, code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(prefs.theme)))
        theme_label = QLabel("&Window colours:")
        theme_label.setBuddy(self.theme)

        # Start at login
        self.autostart = QCheckBox("Start NetCare when I log in (in the tray, quietly)")
        self.autostart.setChecked(prefs.autostart)
        self.autostart.setEnabled(autostart_available)
        last_row = QHBoxLayout()
        last_row.addWidget(theme_label)
        last_row.addWidget(self.theme)
        last_row.addSpacing(24)
        last_row.addWidget(self.autostart)
        last_row.addStretch(1)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(reminders)
        column.addWidget(circles_box)
        column.addWidget(backups)
        column.addWidget(imports)
        column.addLayout(last_row)
        layout = QVBoxLayout(self)
        # On a small screen (1024×600) the settings scroll; OK and Cancel stay on screen.
        layout.addWidget(screen_fitting_body(self, body), 1)
        layout.addWidget(buttons)

    def preferences(self) -> Preferences:
        return replace(
            self._prefs,
            notifications=self.notifications.isChecked(),
            digest_at_start=self.digest.isChecked(),
            quiet_enabled=self.quiet.isChecked(),
            quiet_start=self.quiet_start.time().toString("HH:mm"),
            quiet_end=self.quiet_end.time().toString("HH:mm"),
            status_every_days=self.status_days.value(),
            autostart=self.autostart.isChecked(),
            today_size=self.today_size.value(),
            backup_days=self.backup_days.value(),
            backup_weeks=self.backup_weeks.value(),
            phone_region=self.phone_region.currentData() or "",
            theme=self.theme.currentData() or "system",
        )

    def circle_cadences(self) -> dict[int, int | None]:
        return {cid: (spin.value() or None) for cid, spin in self.cadences.items()}


def show_preferences(services) -> None:
    """Edit → Preferences…: save what the dialog returns; the views follow the events."""
    from netcare_desktop.platform import autostart
    from netcare_desktop.store import contacts
    from netcare_desktop.store import reminders as store_reminders
    from netcare_desktop.ui.messages import warn

    s = services
    s.ensure_store()
    prefs = store_reminders.read_preferences(s.reader)
    circles = [(c.id, c.name, c.cadence_days) for c in contacts.circles()]
    dialog = PreferencesDialog(prefs, circles, parent=s.window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    chosen = dialog.preferences()
    if chosen.autostart != prefs.autostart or chosen.autostart != autostart.is_enabled():
        try:
            autostart.set_enabled(chosen.autostart)
        except OSError as exc:
            warn(s.window, "Start at login", f"Could not change the login item: {exc}")
            chosen = replace(chosen, autostart=autostart.is_enabled())
    store_reminders.save_preferences(chosen)
    if chosen.theme != prefs.theme:
        from netcare_desktop.ui import theme

        theme.choose(chosen.theme)  # at once, no restart
    old = {cid: days for cid, _name, days in circles}
    for cid, days in dialog.circle_cadences().items():
        if old.get(cid) != days:
            store_reminders.set_circle_cadence(cid, days)
    s.changed()
    s.say("Preferences saved.", 4000)
