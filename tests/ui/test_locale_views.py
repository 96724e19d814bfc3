"""Dates and numbers in the window follow the locale (one style everywhere); counts read
right ("1 contact"); a date can be typed into a date field as people write it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, QLocale, QPoint, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout

from netcare_desktop.core.health import NetworkHealth
from netcare_desktop.store import backup
from netcare_desktop.store.groups import MemberRow
from netcare_desktop.ui.backups import BackupsDialog
from netcare_desktop.ui.dashboard import Dashboard
from netcare_desktop.ui.date_entry import DateEdit
from netcare_desktop.ui.groups_view import GroupsView, MembershipDialog

DEC_3 = datetime(2026, 12, 3, 12, 0)  # naive UTC


@pytest.fixture
def locale(monkeypatch):
    """Set the default locale for one test (TZ=UTC, so local dates are the UTC ones)."""
    before = QLocale()
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(before)
    monkeypatch.undo()
    time.tzset()


def _taken_column(qtbot, window, app_paths) -> list[str]:
    backup.take_backup(window.reader, app_paths.backups_dir, DEC_3, "manual")
    dialog = BackupsDialog(window.ctl.backups, window)
    qtbot.addWidget(dialog)
    return [dialog.table.item(0, c).text() for c in range(3)]


def test_a_backup_date_in_german_reads_03_12_2026(qtbot, window, app_paths, locale):
    locale("de_DE")
    taken, why, size = _taken_column(qtbot, window, app_paths)
    assert taken == "03.12.2026 12:00"
    assert why == "Made by hand"
    assert size.endswith(" MB") and "," in size  # 0,1 MB: the German decimal comma


def test_a_backup_date_under_the_default_c_locale_is_iso(qtbot, window, app_paths, locale):
    locale("C")  # what C.UTF-8 gives: ISO 8601, as the CLI writes
    taken, _why, size = _taken_column(qtbot, window, app_paths)
    assert taken == "2026-12-03 12:00"
    assert "." in size


def test_a_backup_date_in_us_english(qtbot, window, app_paths, locale):
    locale("en_US")
    taken, _why, _size = _taken_column(qtbot, window, app_paths)
    assert taken.startswith("12/3/2026")


def _health(**kw) -> NetworkHealth:
    values = dict(score=80, circles=[], touches={"30": 1234}, gave=1, asked=0, contacts=1)
    values.update(kw)
    return NetworkHealth(**values)


def test_the_dashboard_counts_read_right(qtbot, locale):
    locale("en_US")
    dash = Dashboard()
    qtbot.addWidget(dash)
    dash.show_health(_health())
    assert dash.tiles["t30"].text() == "1,234"
    assert "1 contact, 0 without a circle" in dash.score_text.text()
    assert "(s)" not in dash.score_text.text()
    dash.show_health(_health(contacts=2))
    assert "2 contacts, 0 without a circle" in dash.score_text.text()

    locale("de_DE")
    dash.show_health(_health())
    assert dash.tiles["t30"].text() == "1.234"


def test_group_members_dates_follow_the_locale(qtbot, locale):
    locale("de_DE")
    view = GroupsView()
    qtbot.addWidget(view)
    view.set_members([MemberRow(1, "Ada", "treasurer", date(2026, 12, 3), None, "")])
    assert view.members.item(0, 2).text() == "03.12.2026"
    assert view.members.item(0, 3).text() == ""


def _type_into(qtbot, field, text: str) -> QDialog:
    """Tab into the field, as a person does, and type."""
    holder = QDialog()
    qtbot.addWidget(holder)
    before = QLineEdit()
    layout = QVBoxLayout(holder)
    layout.addWidget(before)
    layout.addWidget(field)
    holder.show()
    holder.activateWindow()
    qtbot.waitUntil(holder.isActiveWindow)
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert field.hasFocus()
    qtbot.keyClicks(field, text)
    return holder


@pytest.mark.parametrize(
    "name, typed",
    [
        ("C", "2025-07-09"),
        ("C", "20250709"),
        ("C", "2025-7-9"),
        ("de_DE", "09.07.2025"),
        ("de_DE", "9.7.2025"),
        ("en_US", "7/9/2025"),
        ("en_GB", "9/7/2025"),
    ],
)
def test_a_date_can_be_typed_as_written(qtbot, locale, name, typed):
    locale(name)
    field = DateEdit(QDate(2026, 12, 3))
    _holder = _type_into(qtbot, field, typed)
    assert field.date() == QDate(2025, 7, 9)


def test_a_click_into_the_field_then_typing_replaces_that_part(qtbot, locale):
    locale("de_DE")
    field = DateEdit(QDate(2026, 12, 3))
    _holder = _type_into(qtbot, field, "")
    field.clearFocus()
    line = field.lineEdit()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(3, line.height() // 2))  # the day
    qtbot.keyClicks(field, "24.12.2025")
    assert field.date() == QDate(2025, 12, 24)


def test_the_membership_dialog_takes_a_typed_date(qtbot, locale):
    locale("de_DE")
    member = MemberRow(1, "Ada", "", None, None, "")
    dialog = MembershipDialog(member, "Chess club")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.mouseClick(dialog.has_start, Qt.MouseButton.LeftButton)
    assert dialog.start.isEnabled()
    qtbot.keyClick(dialog.has_start, Qt.Key.Key_Tab)
    assert dialog.start.hasFocus()
    qtbot.keyClicks(dialog.start, "1.9.2021")
    assert dialog.values() == ("", date(2021, 9, 1), None)
    assert dialog.start.text() == "01.09.2021"  # shown in the locale's style


@pytest.mark.parametrize(
    "name, typed",
    [("C", "2025-07-09 14:30"), ("de_DE", "9.7.2025 14:30"), ("en_US", "7/9/2025 14:30")],
)
def test_a_date_and_time_can_be_typed_as_written(qtbot, locale, name, typed):
    from PySide6.QtCore import QDateTime, QTime

    from netcare_desktop.ui.date_entry import DateTimeEdit

    locale(name)
    field = DateTimeEdit(QDateTime(QDate(2026, 12, 3), QTime(9, 0)))
    _holder = _type_into(qtbot, field, typed)
    assert field.dateTime() == QDateTime(QDate(2025, 7, 9), QTime(14, 30))


def test_the_snooze_dialog_takes_a_typed_date(qtbot, locale):
    from datetime import datetime

    from PySide6.QtCore import QDateTime, QTime

    from netcare_desktop.ui.due_view import SnoozeDialog

    locale("de_DE")
    dialog = SnoozeDialog("Ada", datetime(2026, 12, 3, 9, 0))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.when.setFocus()
    dialog.when.lineEdit().selectAll()
    qtbot.keyClicks(dialog.when, "24.12.2026 08:15")
    assert dialog.when.dateTime() == QDateTime(QDate(2026, 12, 24), QTime(8, 15))
    assert dialog.when.text() == "24.12.2026 08:15"


def test_due_and_the_pane_write_dates_in_one_german_style(qtbot, window, locale):
    from datetime import timedelta

    from netcare_desktop.store import contacts
    from netcare_desktop.store.contacts import ContactInput

    locale("de_DE")
    now = window.clock()
    aisha = contacts.create_contact(
        ContactInput(given_name="Aisha", family_name="Álvarez", circle_id=1), now
    )
    contacts.log_interaction(aisha, "call", now - timedelta(days=200), now)
    born = now.date()
    contacts.create_contact(
        ContactInput(
            given_name="Ben",
            family_name="Birthday",
            birthday_year=1990,
            birthday_month=born.month,
            birthday_day=born.day,
        ),
        now,
    )
    window.refresh()
    window.start_reminders()
    window.show_due()
    due = window.due_view.model
    about = {due.index(r, 2).data(): due.index(r, 4).data() for r in range(due.rowCount())}
    last = (now - timedelta(days=200)).date()
    assert about["Aisha Álvarez"] == f"every 30 days; last touch {last:%d.%m.%Y}"
    assert (
        about["Ben Birthday"]
        == f"birthday {born.day}. {QLocale().monthName(born.month)} (turns {born.year - 1990})"
    )
    ben = next(r.contact_id for r in due._rows if r.display_name == "Ben Birthday")
    window.select_contact(ben)
    facts = {w.accessibleName(): w.text() for w in window.detail.findChildren(QLabel) if w.text()}
    assert facts["Birthday"] == f"{born:%d.%m}.1990"
    summary = window.detail.summary.text() if hasattr(window.detail, "summary") else ""
    assert f"birthday on {born.day}. {QLocale().monthName(born.month)}" in (
        summary or " ".join(facts.values())
    )
