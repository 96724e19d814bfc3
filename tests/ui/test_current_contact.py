"""One current contact for the whole window, driven with real keys and clicks: the table's
highlighted row, the pane and Edit / Log agree across tabs, searches, clicks and reloads."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from netcare_desktop.core.preferences import Preferences
from netcare_desktop.store import contacts, reminders
from netcare_desktop.ui.actions import Tab
from netcare_desktop.ui.contact_model import PAGE_SIZE, ContactIdRole
from netcare_desktop.ui.dialogs import ContactEditor, LogInteractionDialog
from netcare_desktop.ui.main_window import MainWindow
from netcare_desktop.ui.store_events import StoreEvents

CTRL = Qt.KeyboardModifier.ControlModifier


def _person(name: str, joined, circle_id: int | None = None) -> int:
    given, family = name.split(" ", 1)
    return contacts.create_contact(
        contacts.ContactInput(given_name=given, family_name=family, circle_id=circle_id), joined
    )


@pytest.fixture
def win(qtbot, store, reader, app_paths, now):
    reminders.save_preferences(Preferences(quiet_enabled=False, status_every_days=0))
    events = StoreEvents(app_paths.database)
    w = MainWindow(app_paths, reader, clock=lambda: now, events=events)
    w.reminders.tz = ZoneInfo("UTC")
    qtbot.addWidget(w)
    w.resize(1024, 600)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.reminders.stop()
    events.close()


def _highlighted(w) -> list[str]:
    return [w.model.index(i.row(), 0).data() for i in w.table.selectionModel().selectedRows()]


def _in_view(w, row: int) -> bool:
    rect = w.table.visualRect(w.model.index(row, 0))
    return w.table.viewport().rect().contains(rect.center())


def _click_row(qtbot, view, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center()
    )


def _row_named(w, name: str) -> int:
    return next(r for r in range(w.model.rowCount()) if w.model.index(r, 0).data() == name)


def _log_is_for(w, qtbot, answer_modal) -> str:
    seen = {}

    def read(dialog):
        assert isinstance(dialog, LogInteractionDialog)
        seen["who"] = next(
            lab.text() for lab in dialog.findChildren(QLabel) if lab.accessibleName() == "Contact"
        )
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    answer_modal(lambda: qtbot.keyClick(w, Qt.Key.Key_L, CTRL), read)
    return seen["who"]


def _edit_is_for(w, qtbot, answer_modal) -> str:
    seen = {}

    def read(dialog):
        assert isinstance(dialog, ContactEditor)
        seen["name"] = f"{dialog.given.text()} {dialog.family.text()}"
        dialog.reject()

    answer_modal(lambda: qtbot.keyClick(w, Qt.Key.Key_E, CTRL), read)
    return seen["name"]


@pytest.fixture
def crowd(now):
    """More people than one page, and one lapsed person who sorts last (beyond it)."""
    for i in range(PAGE_SIZE + 30):
        _person(f"Person {i:03d}", now)
    zed = _person("Zed Zulu", now - timedelta(days=90), circle_id=1)  # lapsed: first in Due
    return zed


def test_ctrl_1_after_due_highlights_that_person_loaded_and_in_view(
    win, qtbot, crowd, answer_modal
):
    w = win
    w.refresh()
    _click_row(qtbot, w.table, 2)
    assert w.current.id == w.model.index(2, 0).data(ContactIdRole)
    w.start_reminders()
    qtbot.keyClick(w, Qt.Key.Key_2, CTRL)
    assert w.due_view.current().contact_id == crowd == w.current.id
    assert w.detail.name.text() == "Zed Zulu"

    qtbot.keyClick(w, Qt.Key.Key_1, CTRL)
    assert w.tabs.currentIndex() == Tab.CONTACTS
    row = w.model.row_of(crowd)
    assert row >= PAGE_SIZE  # further down than the first page: read to find him
    assert _highlighted(w) == ["Zed Zulu"] and w.table.currentIndex().row() == row
    assert _in_view(w, row)
    assert w.table.hasFocus()
    assert _edit_is_for(w, qtbot, answer_modal) == "Zed Zulu"


def test_ctrl_1_clears_a_search_that_hides_the_person_picked_in_due(win, qtbot, crowd):
    w = win
    w.refresh()
    qtbot.keyClicks(w.search, "Person 01")
    assert w.model.row_of(crowd) < 0
    w.start_reminders()
    qtbot.keyClick(w, Qt.Key.Key_2, CTRL)
    assert w.current.id == crowd
    qtbot.keyClick(w, Qt.Key.Key_1, CTRL)
    assert w.search.text() == ""
    assert _highlighted(w) == ["Zed Zulu"] and _in_view(w, w.model.row_of(crowd))
    assert "Cleared the search to show Zed Zulu" in w.statusBar().currentMessage()


def test_a_search_that_hides_the_current_contact_leaves_nobody_current(
    win, qtbot, now, answer_modal
):
    w = win
    _person("Ada Lovelace", now)
    _person("Alan Turing", now)
    _person("Grace Hopper", now)
    w.refresh()
    _click_row(qtbot, w.table, _row_named(w, "Ada Lovelace"))
    assert w.detail.name.text() == "Ada Lovelace"

    w.search.setFocus()
    qtbot.keyClicks(w.search, "turing")
    assert w.model.rowCount() == 1 and _highlighted(w) == []
    # Nothing highlighted: the pane and the actions follow, never the hidden Ada.
    assert w.current.id is None and w.detail.name.text() == "No contact selected"
    assert not w.act_edit.isEnabled() and not w.act_log.isEnabled()

    qtbot.keyClick(w.search, Qt.Key.Key_Down)  # Down enters the results
    assert w.table.hasFocus() and _highlighted(w) == ["Alan Turing"]
    assert w.detail.name.text() == "Alan Turing"
    assert _log_is_for(w, qtbot, answer_modal) == "With Alan Turing"


def test_a_search_that_keeps_the_current_contact_keeps_it_highlighted(win, qtbot, now):
    w = win
    ada = _person("Ada Lovelace", now)
    _person("Alan Turing", now)
    _person("Grace Hopper", now)
    w.refresh()
    _click_row(qtbot, w.table, _row_named(w, "Ada Lovelace"))
    qtbot.keyClicks(w.search, "a")
    assert w.current.id == ada and _highlighted(w) == ["Ada Lovelace"]


def test_a_click_on_the_highlighted_due_row_makes_it_current_again(win, qtbot, now, answer_modal):
    w = win
    ada = _person("Ada Lovelace", now - timedelta(days=90), circle_id=1)
    _person("Alan Turing", now - timedelta(days=70), circle_id=1)
    w.refresh()
    w.start_reminders()
    qtbot.keyClick(w, Qt.Key.Key_2, CTRL)
    assert w.current.id == ada

    def fill(dialog):
        qtbot.keyClicks(dialog.given, "New")
        qtbot.keyClicks(dialog.family, "Person")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    answer_modal(lambda: qtbot.keyClick(w, Qt.Key.Key_N, CTRL), fill)
    assert w.detail.name.text() == "New Person"  # the new contact is current; Due still shows Ada
    _click_row(qtbot, w.due_view.table, w.due_view.table.currentIndex().row())
    assert w.current.id == ada and w.detail.name.text() == "Ada Lovelace"
    assert _edit_is_for(w, qtbot, answer_modal) == "Ada Lovelace"


def test_tab_switches_keep_table_pane_and_actions_on_one_person(win, qtbot, now, answer_modal):
    w = win
    first = _person("Ada Lovelace", now - timedelta(days=90), circle_id=1)
    _person("Alan Turing", now - timedelta(days=70), circle_id=1)
    grace = _person("Grace Hopper", now)
    w.refresh()
    _click_row(qtbot, w.table, _row_named(w, "Grace Hopper"))
    assert w.current.id == grace
    w.start_reminders()
    qtbot.keyClick(w, Qt.Key.Key_3, CTRL)  # Today: its highlighted row is current
    assert w.current.id == first == w.today_view.current().contact_id
    qtbot.keyClick(w.today_view.list, Qt.Key.Key_Down)
    second = w.today_view.current().contact_id
    assert second != first and w.current.id == second
    qtbot.keyClick(w, Qt.Key.Key_1, CTRL)
    assert _highlighted(w) == [w.detail.name.text()] == ["Alan Turing"]
    assert _edit_is_for(w, qtbot, answer_modal) == "Alan Turing"


def test_a_reload_keeps_the_far_down_current_contact_highlighted_and_in_view(win, qtbot, crowd):
    w = win
    w.refresh()
    w.open_contact(crowd)
    assert _highlighted(w) == ["Zed Zulu"]
    qtbot.keyClick(w, Qt.Key.Key_F5)  # View → Refresh reads everything again
    row = w.model.row_of(crowd)
    assert row >= 0 and _highlighted(w) == ["Zed Zulu"] and _in_view(w, row)
    assert w.current.id == crowd


def test_shift_click_extends_the_selection_and_the_last_click_is_current(win, qtbot, now):
    w = win
    for name in ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Karen Jones", "Linus Torvalds"):
        _person(name, now)
    w.refresh()
    _click_row(qtbot, w.table, 0)
    _click_row(qtbot, w.table, 3, Qt.KeyboardModifier.ShiftModifier)
    assert len(_highlighted(w)) == 4  # not collapsed to the current row
    assert w.current.id == w.model.index(3, 0).data(ContactIdRole)
    _click_row(qtbot, w.table, 4, Qt.KeyboardModifier.ControlModifier)
    assert len(_highlighted(w)) == 5


def test_typing_a_search_on_another_tab_shows_its_results(win, qtbot, now):
    w = win
    _person("Ada Lovelace", now - timedelta(days=90), circle_id=1)
    _person("Grace Hopper", now)
    w.refresh()
    w.start_reminders()
    qtbot.keyClick(w, Qt.Key.Key_2, CTRL)
    qtbot.keyClick(w, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(w.search, "grace")
    assert w.tabs.currentIndex() == Tab.CONTACTS and w.search.text() == "grace"
    assert [w.model.index(r, 0).data() for r in range(w.model.rowCount())] == ["Grace Hopper"]
    assert w.current.id is None  # Ada (from Due) is hidden: nobody is current


def test_due_counts_and_dates_read_naturally(now):
    from netcare_desktop.ui.due_view import _due_text

    class R:
        due_date = now.date()
        days_overdue = 1
        is_due = True

    assert _due_text(R()).endswith("(1 day late)")
    R.days_overdue = 3
    assert _due_text(R()).endswith("(3 days late)")


def test_the_member_highlighted_in_groups_is_the_current_contact(win, qtbot, now, answer_modal):
    from netcare_desktop.store import groups as store_groups

    w = win
    ada = _person("Ada Lovelace", now - timedelta(days=10))
    alan = _person("Alan Turing", now - timedelta(days=10))
    grace = _person("Grace Hopper", now - timedelta(days=10))
    gid = store_groups.create_group("Chess club")
    store_groups.add_member(gid, alan)
    store_groups.add_member(gid, ada)
    w.refresh()
    w.select_contact(grace)
    qtbot.keyClick(w, Qt.Key.Key_4, CTRL)
    g = w.groups_view
    qtbot.waitUntil(lambda: g.members.rowCount() == 2)
    shown = g.current_member()
    assert shown is not None and w.current.id == shown.contact_id  # highlighted = current
    other = 1 - g.members.currentRow()
    rect = g.members.visualItemRect(g.members.item(other, 0))
    qtbot.mouseClick(g.members.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    picked = g.members.item(other, 0).text()
    assert w.detail.name.text() == picked
    assert _edit_is_for(w, qtbot, answer_modal) == picked
    qtbot.keyClick(w, Qt.Key.Key_1, CTRL)
    assert _highlighted(w) == [picked]
