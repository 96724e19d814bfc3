"""The Due view, the reminder service with a fake clock, in-window reminders, preferences."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSystemTrayIcon

from netcare_desktop.core.preferences import Preferences
from netcare_desktop.store import contacts, reminders
from netcare_desktop.store.models import Interaction, db
from netcare_desktop.ui.contact_model import Col
from netcare_desktop.ui.due_view import DueModel
from netcare_desktop.ui.main_window import MainWindow
from netcare_desktop.ui.reminder_service import RESYNC, ReminderService

UTC = ZoneInfo("UTC")


class Clock:
    def __init__(self, start: datetime):
        self.now = start
        self.mono = 1000.0

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, delta: timedelta, wall_only: bool = False) -> None:
        self.now += delta
        if not wall_only:
            self.mono += delta.total_seconds()


def _person(name: str, joined: datetime, circle_id: int | None = 1, **extra) -> int:
    given, family = name.split(" ", 1)
    return contacts.create_contact(
        contacts.ContactInput(given_name=given, family_name=family, circle_id=circle_id, **extra),
        joined,
    )


@pytest.fixture
def quiet_off(store):
    reminders.save_preferences(Preferences(quiet_enabled=False, status_every_days=0))


@pytest.fixture
def clock(now):
    return Clock(now)


@pytest.fixture
def service(qtbot, store, reader, clock, quiet_off):
    s = ReminderService(reader, clock, lambda: None, tz=UTC, monotonic=clock.monotonic)
    notes = []
    s.notify.connect(notes.append)
    s.notes = notes
    yield s
    s.stop()


# -- the service ---------------------------------------------------------------------


def test_idle_costs_nothing_the_timer_sleeps_until_the_next_due_or_the_resync(service, now):
    service.start()
    assert service.queue == [] and service.notes == []
    assert service.timer.isActive() and service.timer.isSingleShot()
    assert service.interval_ms() == int(RESYNC.total_seconds() * 1000)  # ten minutes
    assert service.interval_ms() >= 60_000


def test_the_timer_is_set_to_the_next_due_moment(service, clock, now):
    _person("Soon Due", now - timedelta(days=30) + timedelta(minutes=3))  # due in 3 minutes
    service.start()
    assert service.queue == []
    assert abs(service.interval_ms() - 3 * 60_000) <= 1000
    clock.advance(timedelta(minutes=3, seconds=1))
    service.check()
    assert [r.display_name for r in service.queue] == ["Soon Due"]
    assert len(service.notes) == 1


def test_a_reminder_months_away_never_overflows_the_timer(service, now):
    _person("Far Away", now, circle_id=3)  # 180 days: far beyond QTimer's 24.8 days
    service.start()
    assert 0 < service.interval_ms() <= int(RESYNC.total_seconds() * 1000)


def test_what_came_due_while_closed_arrives_as_one_digest(service, now):
    for i in range(4):
        _person(f"Person {i}", now - timedelta(days=40 + i))
    service.start()
    (note,) = service.notes
    assert note.title == "While NetCare was closed: 4 reminders came due"
    assert note.contact_id is None and len(note.keys) == 4


def test_no_repeats_until_the_next_day_or_the_end_of_a_snooze(service, clock, now):
    _person("Ada Lovelace", now - timedelta(days=40))
    service.start()
    assert len(service.notes) == 1
    clock.advance(timedelta(hours=2))
    service.check()
    assert len(service.notes) == 1  # not again today
    service.snooze_all(timedelta(hours=1))
    assert service.queue == []
    clock.advance(timedelta(hours=1, seconds=1))
    service.check()
    assert len(service.notes) == 2 and service.notes[-1].contact_id == 1  # snooze ended
    clock.advance(timedelta(days=1))
    service.check()
    assert len(service.notes) == 3  # the next day


def test_several_newly_due_make_one_summary(service, clock, now):
    service.start()  # nothing due: no digest
    for i in range(3):
        _person(f"Person {i}", now - timedelta(days=30) + timedelta(minutes=5))
    clock.advance(timedelta(minutes=6))
    service.check()
    (note,) = service.notes
    assert note.title == "3 reminders need your attention" and note.contact_id is None


def test_quiet_hours_hold_announcements_until_they_end(store, reader, qtbot):
    night = datetime(2026, 11, 25, 22, 30)  # UTC == local here
    clock = Clock(night)
    reminders.save_preferences(Preferences(status_every_days=0))  # quiet 21:00-08:00
    _person("Night Owl", night - timedelta(days=40))
    s = ReminderService(reader, clock, lambda: None, tz=UTC, monotonic=clock.monotonic)
    notes = []
    s.notify.connect(notes.append)
    s.start()
    assert notes == [] and len(s.queue) == 1  # shown in the queue, not announced
    assert s.next_check <= datetime(2026, 11, 26, 8, 0)
    clock.now = datetime(2026, 11, 26, 8, 0, 1)
    s.check()
    assert len(notes) == 1 and notes[0].title.startswith("While NetCare was closed")
    s.stop()


def test_a_clock_jump_is_caught_by_the_next_resync(service, clock, now, caplog):
    _person("Ada Lovelace", now - timedelta(days=20))  # due in 10 days
    service.start()
    assert service.queue == []
    # The machine sleeps for 11 days (wall clock moves, the monotonic one does not).
    clock.advance(timedelta(days=11), wall_only=True)
    with caplog.at_level("INFO"):
        service.timer.timeout.emit()  # the timer fires when the machine wakes
    assert [r.display_name for r in service.queue] == ["Ada Lovelace"]
    assert "the clock moved" in caplog.text
    assert len(service.notes) == 1


def test_the_queue_model_passes_the_model_tester(qtmodeltester, store, reader, now, quiet_off):
    for i in range(3):
        _person(f"Person {i}", now - timedelta(days=40 + i))
    model = DueModel()
    model.set_queue(reminders.due_queue(reader, now, UTC))
    qtmodeltester.check(model)
    assert model.rowCount() == 3


# -- the window ---------------------------------------------------------------------------


@pytest.fixture
def due_window(qtbot, store, reader, app_paths, clock, quiet_off):
    w = MainWindow(app_paths, reader, clock=clock)
    w.reminders.tz = UTC
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.reminders.stop()


def _open_due(w, qtbot):
    w.start_reminders()
    w.show_due()
    qtbot.waitUntil(lambda: w.due_view.table.hasFocus() or w.due_view.model.rowCount() == 0)


def test_the_due_tab_lists_the_queue_and_d_logs_a_touch(due_window, qtbot, now):
    w = due_window
    ada = _person("Ada Lovelace", now - timedelta(days=70))  # lapsed
    _person("Alan Turing", now - timedelta(days=35))  # overdue
    _open_due(w, qtbot)
    assert w.tabs.tabText(1) == "D&ue (2)"
    assert [w.due_view.model.index(r, 2).data() for r in range(2)] == [
        "Ada Lovelace",
        "Alan Turing",
    ]
    assert w.detail.contact_id == ada  # the selected reminder's contact is shown
    qtbot.keyClick(w.due_view.table, Qt.Key.Key_D)
    it = Interaction.select().where(Interaction.contact == ada).get()
    assert it.kind == "check_in"
    assert w.due_view.model.rowCount() == 1 and w.tabs.tabText(1) == "D&ue (1)"
    # The contact table reads the same rules: Ada is on track now.
    row = w.model.row_of(ada)
    assert w.model.index(row, Col.STATUS).data() == "On track"


def test_snooze_skip_and_open_are_one_key_each(due_window, qtbot, now):
    w = due_window
    a = _person("Ada Lovelace", now - timedelta(days=70))
    _person("Alan Turing", now - timedelta(days=65))
    c = _person("Grace Hopper", now - timedelta(days=35))
    _open_due(w, qtbot)
    assert w.due_view.model.rowCount() == 3
    qtbot.keyClick(w.due_view.table, Qt.Key.Key_S)  # Ada: a day
    qtbot.keyClick(w.due_view.table, Qt.Key.Key_K)  # Alan: skip this period
    assert [r.display_name for r in w.reminders.queue] == ["Grace Hopper"]
    states = reminders.deliveries(db.connection())
    assert states[f"kit:{a}"].snoozed_until == now + timedelta(days=1)
    qtbot.keyClick(w.due_view.table, Qt.Key.Key_O)
    assert w.tabs.currentIndex() == 0 and w.detail.contact_id == c
    w.reminders.clock.advance(timedelta(days=1, seconds=1))
    w.reminders.check()
    assert {r.display_name for r in w.reminders.queue} == {"Ada Lovelace", "Grace Hopper"}


def test_without_a_tray_reminders_appear_in_the_window(due_window, qtbot, now):
    w = due_window
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: no tray
    assert w.tray is None
    cid = _person("<b>Bold</b> <img src=x>", now - timedelta(days=40))
    w.start_reminders()
    assert w.banner.isVisible()
    assert w.banner.title.text() == "While NetCare was closed: 1 reminder came due"
    assert w.banner.body.text() == "<b>Bold</b> <img src=x>"  # literally, as plain text
    assert w.banner.body.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(w.banner.show_button, Qt.MouseButton.LeftButton)
    assert not w.banner.isVisible() and w.tabs.currentIndex() == 1
    assert w.due_view.model.index(0, 2).data() == "<b>Bold</b> <img src=x>"
    assert w.detail.contact_id == cid


def test_without_a_tray_closing_the_window_closes_it(due_window, qtbot):
    due_window.close()
    assert not due_window.isVisible()
    assert not due_window.reminders.timer.isActive()


def test_logging_a_touch_in_the_window_refreshes_the_queue(due_window, qtbot, now):
    w = due_window
    cid = _person("Ada Lovelace", now - timedelta(days=40))
    w.start_reminders()
    assert len(w.reminders.queue) == 1
    contacts.log_interaction(cid, "coffee", now, now)
    w.refresh()
    assert w.reminders.queue == [] and w.tabs.tabText(1) == "D&ue"


def test_the_tray_badge_shows_the_count(qtbot):
    from PySide6.QtGui import QColor, QIcon, QPixmap

    from netcare_desktop.ui.tray import badge_icon

    base_pixmap = QPixmap(32, 32)
    base_pixmap.fill(QColor(40, 120, 200))
    base = QIcon(base_pixmap)
    assert badge_icon(base, 0) is base  # nothing due: the plain icon
    badged = badge_icon(base, 3).pixmap(32, 32).toImage()
    corner = badged.pixelColor(26, 26)
    assert corner.red() > 150 and corner.blue() < 100  # the red disc
    assert badged.pixelColor(3, 3) == QColor(40, 120, 200)


def test_preferences_dialog_saves_settings_cadences_and_autostart(
    due_window, qtbot, answer_modal, monkeypatch, tmp_path
):
    from netcare_desktop.platform import autostart
    from netcare_desktop.store.models import Circle

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(autostart, "_platform", lambda: "xdg")

    def fill(dialog):
        dialog.quiet.setChecked(True)
        dialog.quiet_start.setTime(dialog.quiet_start.time().fromString("22:15", "HH:mm"))
        dialog.status_days.setValue(14)
        dialog.today_size.setValue(8)
        dialog.autostart.setChecked(True)
        inner = Circle.get(Circle.name == "Inner").id
        dialog.cadences[inner].setValue(21)
        dialog.accept()

    answer_modal(due_window.show_preferences, fill)
    prefs = reminders.read_preferences(db.connection())
    assert (prefs.quiet_enabled, prefs.quiet_start, prefs.status_every_days, prefs.autostart) == (
        True,
        "22:15",
        14,
        True,
    )
    assert Circle.get(Circle.name == "Inner").cadence_days == 21
    assert prefs.today_size == 8
    entry = tmp_path / "config" / "autostart" / "netcare.desktop"
    text = entry.read_text()
    assert "Exec=" in text and "--hidden" in text and "netcare_desktop" in text

    def off(dialog):
        dialog.autostart.setChecked(False)
        dialog.accept()

    answer_modal(due_window.show_preferences, off)
    assert not entry.exists()
    assert not reminders.read_preferences(db.connection()).autostart


def test_preferences_dialog_sets_the_phone_region_of_imports(
    due_window, qtbot, answer_modal, monkeypatch, tmp_path
):
    """Default: the system locale's country; a country chosen from a list of readable
    names ("Germany (DE)") is saved, shown again, and can go back to the locale."""
    from netcare_desktop.core import keys as normalize
    from netcare_desktop.ui.preferences import PreferencesDialog

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(normalize, "region_from_locale", lambda: "CH")
    assert reminders.read_preferences(db.connection()).phone_region == ""
    seen = {}

    def choose_germany(dialog):
        assert isinstance(dialog, PreferencesDialog)
        combo = dialog.phone_region
        seen["items"] = [combo.itemText(i) for i in range(combo.count())]
        seen["first"] = (combo.currentIndex(), combo.currentData())
        combo.setCurrentIndex(combo.findText("Germany (DE)"))
        dialog.accept()

    answer_modal(due_window.show_preferences, choose_germany, want=PreferencesDialog)
    assert seen["first"] == (0, "")
    items = seen["items"]
    assert items[0] == "From the system locale: Switzerland (CH)"
    assert {"Germany (DE)", "United Kingdom (GB)", "United States (US)", "Japan (JP)"} <= set(items)
    assert len(items) == 1 + 245  # every region phonenumbers knows, each once
    # by name, accents aside: Åland between Afghanistan and Albania, not after Zimbabwe
    assert items[1:4] == ["Afghanistan (AF)", "Åland Islands (AX)", "Albania (AL)"]
    assert items[-1] == "Zimbabwe (ZW)"
    assert reminders.read_preferences(db.connection()).phone_region == "DE"

    def back_to_the_locale(dialog):
        seen["shown"] = dialog.phone_region.currentText()
        dialog.phone_region.setCurrentIndex(0)
        dialog.accept()

    answer_modal(due_window.show_preferences, back_to_the_locale, want=PreferencesDialog)
    assert seen["shown"] == "Germany (DE)"
    assert reminders.read_preferences(db.connection()).phone_region == ""


def test_a_queue_refreshed_in_the_background_leaves_the_chosen_contact_alone(
    due_window, qtbot, now
):
    w = due_window
    _person("Due Person", now - timedelta(days=40))
    chosen = _person("Chosen Person", now, circle_id=None)
    w.refresh()
    w.select_contact(chosen)
    w.start_reminders()  # the queue arrives while the Contacts tab is showing
    assert w.tabs.currentIndex() == 0 and w.due_view.model.rowCount() == 1
    assert w.detail.contact_id == chosen
    w.show_due()
    assert w.detail.contact_id != chosen  # on the Due tab, the selected reminder's contact
