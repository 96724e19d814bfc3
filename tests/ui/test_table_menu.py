"""The contact table's right-click menu: real context-menu events, then its actions, on one
row or on twenty at once, each undone with one Ctrl+Z; the archived contacts' view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QMenu, QMessageBox

from netcare_desktop.store import contacts
from netcare_desktop.store.models import Contact, Group, Membership
from netcare_desktop.store.queries import Archived
from netcare_desktop.ui.contact_model import ARCHIVED_TEXT, Col, ContactIdRole
from netcare_desktop.ui.main_window import MainWindow
from netcare_desktop.ui.store_events import StoreEvents

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def win(qtbot, store, reader, app_paths, now):
    events = StoreEvents(app_paths.database)
    w = MainWindow(app_paths, reader, clock=lambda: now, events=events)
    qtbot.addWidget(w)
    w.resize(1024, 600)
    w.show()
    qtbot.waitExposed(w)
    yield w
    events.close()


def _people(now, n: int) -> list[int]:
    return [
        contacts.create_contact(
            contacts.ContactInput(given_name="Person", family_name=f"{i:02d}"), now
        )
        for i in range(n)
    ]


def _right_click(w, row: int) -> QMenu:
    """A real context-menu event on the row's cell, as a right-click sends."""
    index = w.model.index(row, Col.NAME)
    w.table.scrollTo(index)
    pos = w.table.visualRect(index).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, w.table.viewport().mapToGlobal(pos)
    )
    QApplication.sendEvent(w.table.viewport(), event)
    menu = w.table_menu.menu
    assert menu is not None and menu.isVisible()
    return menu


def _action(menu: QMenu, text: str):
    for act in menu.actions():
        if act.text().replace("&", "") == text:
            return act
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def _choose(menu: QMenu, *path: str) -> None:
    """Click the menu's items as a person would (a submenu opens, the chosen item closes
    every menu)."""
    from pytestqt.qtbot import QtBot

    for text in path:
        act = _action(menu, text)
        assert act.isEnabled(), path
        menu.setActiveAction(act)
        QtBot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(act).center())
        if act.menu() is not None:
            menu = act.menu()
            assert menu.isVisible()
    assert QApplication.activePopupWidget() is None


def _select_all(qtbot, w) -> None:
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_A, CTRL)


def _circle_of(cid: int) -> int | None:
    return Contact.get_by_id(cid).circle_id


def test_set_circle_for_twenty_at_once_says_so_and_one_ctrl_z_takes_it_back(win, qtbot, now):
    w = win
    ids = _people(now, 20)
    w.refresh()
    _select_all(qtbot, w)
    menu = _right_click(w, 5)  # inside the selection: all twenty stay selected
    assert len(w.table.selectionModel().selectedRows()) == 20
    inner = contacts.circles()[0]
    _choose(menu, "Set Circle", inner.name)
    assert {_circle_of(c) for c in ids} == {inner.id}
    assert w.statusBar().currentMessage().startswith(f"Moved 20 contacts to {inner.name}.")
    assert w.act_undo.text() == f"&Undo Move of 20 contacts to {inner.name}"
    assert {w.model.index(r, Col.CIRCLE).data() for r in range(20)} == {inner.name}

    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)
    assert {_circle_of(c) for c in ids} == {None}
    assert {w.model.index(r, Col.CIRCLE).data() for r in range(20)} == {""}


def test_no_circle_for_the_selected_rows(win, qtbot, now):
    w = win
    ids = _people(now, 3)
    for cid in ids:
        Contact.update(circle=1, circle_since=now).where(Contact.id == cid).execute()
    w.refresh()
    _select_all(qtbot, w)
    _choose(_right_click(w, 0), "Set Circle", "No circle")
    assert {_circle_of(c) for c in ids} == {None}
    assert "out of any circle" in w.statusBar().currentMessage()


def test_add_to_group_by_typing_a_new_name_then_undo(win, qtbot, now, answer_modal):
    w = win
    ids = _people(now, 4)
    w.refresh()
    _select_all(qtbot, w)
    menu = _right_click(w, 1)

    def type_name(dialog):
        assert isinstance(dialog, QInputDialog)
        combo = dialog.findChild(QComboBox)
        combo.lineEdit().clear()
        qtbot.keyClicks(combo.lineEdit(), "Book club")
        dialog.accept()

    answer_modal(lambda: _choose(menu, "Add to Group…"), type_name)
    group = Group.get(Group.name == "Book club")
    assert {m.contact_id for m in Membership.select().where(Membership.group == group)} == set(ids)
    assert w.statusBar().currentMessage().startswith("Added 4 contacts to Book club.")
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)
    assert Group.get_or_none(Group.name == "Book club") is None  # made by the add: gone again


def test_archive_hides_them_the_archived_view_shows_them_greyed_and_unarchive(win, qtbot, now):
    w = win
    ids = _people(now, 5)
    w.refresh()
    _select_all(qtbot, w)
    qtbot.keyClick(w.table, Qt.Key.Key_Home)  # one row: Person 00
    w.table.selectRow(0)
    _click = w.table.visualRect(w.model.index(1, 0)).center()
    qtbot.mouseClick(w.table.viewport(), Qt.MouseButton.LeftButton, CTRL, _click)
    assert len(w.table.selectionModel().selectedRows()) == 2
    _choose(_right_click(w, 1), "Archive")
    assert [Contact.get_by_id(c).archived for c in ids] == [True, True, False, False, False]
    assert w.model.rowCount() == 3 and w.current.id is None  # hidden: nobody current
    assert "Archived 2 contacts" in w.statusBar().currentMessage()

    w.show_filter.setCurrentIndex(Archived.ARCHIVED)
    assert w.model.rowCount() == 2
    assert w.model.index(0, Col.STATUS).data() == ARCHIVED_TEXT
    grey = w.model.index(0, Col.NAME).data(Qt.ItemDataRole.ForegroundRole).color()
    assert grey == w.palette().color(w.palette().ColorGroup.Disabled, w.palette().ColorRole.Text)
    assert w.status_label.text() == "2 archived contacts"

    menu = _right_click(w, 0)
    assert "Archive" not in [a.text().replace("&", "") for a in menu.actions()]
    _choose(menu, "Unarchive")
    assert Contact.get_by_id(ids[0]).archived is False
    assert w.model.rowCount() == 1
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)  # the unarchive undone
    assert Contact.get_by_id(ids[0]).archived is True


def test_search_can_include_the_archived(win, qtbot, now):
    w = win
    kept, gone = _people(now, 2)
    Contact.update(archived=True).where(Contact.id == gone).execute()
    w.refresh()
    qtbot.keyClicks(w.search, "person")
    assert w.model.rowCount() == 1
    w.show_filter.setCurrentIndex(Archived.ALL)
    assert {w.model.index(r, 0).data(ContactIdRole) for r in range(2)} == {kept, gone}


def test_opening_an_archived_contact_shows_it_and_says_the_filter_changed(win, qtbot, now):
    w = win
    _kept, gone = _people(now, 2)
    Contact.update(archived=True).where(Contact.id == gone).execute()
    w.refresh()
    w.open_contact(gone)
    assert w.model.query.archived is Archived.ALL
    assert w.table.currentIndex().data(ContactIdRole) == gone
    assert "archived filter" in w.statusBar().currentMessage()


def test_delete_twenty_selected_asks_once_and_one_ctrl_z_brings_all_back(
    win, qtbot, now, answer_modal
):
    w = win
    ids = _people(now, 20)
    w.refresh()
    _select_all(qtbot, w)
    menu = _right_click(w, 0)

    def yes(box):
        assert isinstance(box, QMessageBox) and "Delete 20 contacts" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    answer_modal(lambda: _choose(menu, "Delete 20 contacts…"), yes)
    assert Contact.select().count() == 0 and w.current.id is None
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)
    assert sorted(c.id for c in Contact.select()) == ids


def test_log_compose_edit_are_for_one_row_and_merge_for_exactly_two(win, qtbot, now, answer_modal):
    w = win
    _people(now, 3)
    w.refresh()
    menu = _right_click(w, 0)
    enabled = {a.text().replace("&", ""): a.isEnabled() for a in menu.actions() if a.text()}
    assert enabled["Log Interaction…"] and enabled["Edit…"] and enabled["Compose…"]
    assert not enabled["Merge…"]
    menu.hide()
    qtbot.mouseClick(
        w.table.viewport(),
        Qt.MouseButton.LeftButton,
        CTRL,
        w.table.visualRect(w.model.index(1, 0)).center(),
    )
    menu = _right_click(w, 1)
    enabled = {a.text().replace("&", ""): a.isEnabled() for a in menu.actions() if a.text()}
    assert not enabled["Log Interaction…"] and not enabled["Edit…"]
    assert enabled["Merge…"]
    from netcare_desktop.ui.merge_dialog import MergeDialog

    seen = {}

    def read(dialog):
        seen["title"] = dialog.windowTitle()
        dialog.reject()

    answer_modal(lambda: _choose(menu, "Merge…"), read, want=MergeDialog)
    assert seen["title"] == "Merge contacts"
    assert w.model.all_count() == 3  # cancelled: nobody merged


def test_a_right_click_outside_the_selection_selects_that_row(win, qtbot, now):
    w = win
    ids = _people(now, 3)
    w.refresh()
    w.table.selectRow(0)
    _right_click(w, 2)
    assert [i.row() for i in w.table.selectionModel().selectedRows()] == [2]
    assert w.current.id == ids[2] and w.detail.name.text() == "Person 02"


def test_the_delete_key_deletes_every_selected_row(win, qtbot, now, answer_modal):
    w = win
    ids = _people(now, 3)
    w.refresh()
    _select_all(qtbot, w)

    def yes(box):
        assert "Delete 3 contacts" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    answer_modal(lambda: qtbot.keyClick(w.table, Qt.Key.Key_Delete), yes)
    assert Contact.select().count() == 0
    assert w.act_undo.text() == "&Undo Delete of 3 contacts"
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)
    assert sorted(c.id for c in Contact.select()) == ids
