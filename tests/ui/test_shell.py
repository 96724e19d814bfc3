"""The window as a shell: one current contact, actions declared once, views that follow
the store's events (a write from another process included)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from netcare_desktop.core.preferences import Preferences
from netcare_desktop.store import contacts, reminders
from netcare_desktop.ui import actions
from netcare_desktop.ui.actions import Tab
from netcare_desktop.ui.contact_model import Col, ContactIdRole
from netcare_desktop.ui.dialogs import ContactEditor, LogInteractionDialog
from netcare_desktop.ui.main_window import MainWindow
from netcare_desktop.ui.store_events import StoreEvents


def _person(name: str, joined, circle_id: int | None = 1) -> int:
    given, family = name.split(" ", 1)
    return contacts.create_contact(
        contacts.ContactInput(given_name=given, family_name=family, circle_id=circle_id), joined
    )


@pytest.fixture
def shell(qtbot, store, reader, app_paths, now):
    reminders.save_preferences(Preferences(quiet_enabled=False, status_every_days=0))
    events = StoreEvents(app_paths.database)
    w = MainWindow(app_paths, reader, clock=lambda: now, events=events)
    w.reminders.tz = ZoneInfo("UTC")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.reminders.stop()
    events.close()


def _table_contact(w) -> int | None:
    index = w.table.selectionModel().currentIndex()
    return index.data(ContactIdRole) if index.isValid() else None


def _log_names_and_cancel(w, answer_modal) -> str:
    seen = {}

    def read(dialog):
        assert isinstance(dialog, LogInteractionDialog)
        seen["who"] = next(
            lab.text() for lab in dialog.findChildren(QLabel) if lab.accessibleName() == "Contact"
        )
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    answer_modal(w.act_log.trigger, read)
    return seen["who"]


def _edit_names_and_cancel(w, answer_modal) -> str:
    seen = {}

    def read(dialog):
        assert isinstance(dialog, ContactEditor)
        seen["name"] = f"{dialog.given.text()} {dialog.family.text()}"
        dialog.reject()

    answer_modal(w.act_edit.trigger, read)
    return seen["name"]


def test_due_and_today_rows_are_what_edit_log_and_the_pane_act_on(shell, qtbot, answer_modal, now):
    w = shell
    first = _person("Ada Lovelace", now - timedelta(days=90))  # lapsed: first in Due, Today
    second = _person("Alan Turing", now - timedelta(days=70))
    chosen = _person("Chosen Person", now, circle_id=None)
    w.refresh()
    w.select_contact(chosen)
    w.start_reminders()
    assert w.detail.contact_id == chosen == _table_contact(w)

    w.show_due()
    assert w.due_view.current().contact_id == first
    assert w.detail.contact_id == first == w.current.id
    assert _table_contact(w) == first  # the table never shows another contact as selected
    assert _log_names_and_cancel(w, answer_modal) == "With Ada Lovelace"
    assert _edit_names_and_cancel(w, answer_modal) == "Ada Lovelace"

    w.show_today()
    qtbot.keyClick(w.today_view.list, Qt.Key.Key_Down)
    assert w.today_view.current().contact_id == second
    assert w.detail.contact_id == second == _table_contact(w)
    assert _log_names_and_cancel(w, answer_modal) == "With Alan Turing"
    assert _edit_names_and_cancel(w, answer_modal) == "Alan Turing"

    w.show_tab(Tab.CONTACTS)  # back on the table: the row selected is the one shown
    assert w.table.currentIndex().data() == "Alan Turing" == w.detail.name.text()


def test_without_a_current_contact_the_contact_actions_are_off(shell, now):
    w = shell
    cid = _person("Ada Lovelace", now)
    w.refresh()
    needs = [s.name for s in actions.ACTIONS if s.when == actions.CONTACT]
    assert sorted(needs) == ["compose", "delete", "edit", "export_one", "log"]
    assert not any(w.acts[n].isEnabled() for n in needs)
    w.select_contact(cid)
    assert all(w.acts[n].isEnabled() for n in needs)


def test_every_declared_action_is_in_a_menu_once(shell):
    w = shell
    shown = [a.text() for m in w.menuBar().actions() for a in m.menu().actions() if a.text()]
    assert sorted(shown) == sorted(s.text for s in actions.ACTIONS)
    assert [w.tabs.tabText(t) for t in Tab] == ["Contact&s", "D&ue", "&Today", "&Groups", "He&alth"]


def test_a_touch_logged_by_another_process_reaches_the_table_pane_and_queue(
    shell, qtbot, app_paths, now
):
    w = shell
    ada = _person("Ada Lovelace", now - timedelta(days=40))
    w.refresh()
    w.select_contact(ada)
    w.start_reminders()
    row = w.model.row_of(ada)
    assert w.model.index(row, Col.STATUS).data() != "On track" and len(w.reminders.queue) == 1
    at = (now - timedelta(hours=1)).isoformat() + "+00:00"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "netcare_desktop", "--data-dir", str(app_paths.data_dir), "log",
         "Ada Lovelace", "--kind", "coffee", "--at", at, "--summary", "Flat white"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    w.events.check_now()  # what the store's watch does on its own, about once a second
    qtbot.waitUntil(lambda: w.reminders.queue == [])
    assert w.model.index(w.model.row_of(ada), Col.STATUS).data() == "On track"
    assert w.detail.timeline_model.entry_count() == 1
    assert w.tabs.tabText(Tab.DUE) == "D&ue"


def test_changed_rows_are_repainted_in_place_and_the_selection_stays(shell, qtbot, now):
    w = shell
    ids = [_person(n, now - timedelta(days=40)) for n in ("Ada One", "Bea Two", "Cy Three")]
    w.refresh()
    w.select_contact(ids[0])
    contacts.log_interaction(ids[1], "coffee", now, now)  # as a second writer would
    with qtbot.assertNotEmitted(w.model.modelReset):
        w.events.contactsChanged.emit([ids[1]])  # the event names the contact
        qtbot.waitUntil(
            lambda: w.model.index(w.model.row_of(ids[1]), Col.STATUS).data() == "On track"
        )
    assert _table_contact(w) == ids[0] == w.detail.contact_id
    w.events.contactsChanged.emit(None)  # could be any: the list is read again
    with qtbot.waitSignal(w.model.modelReset):
        pass
    assert _table_contact(w) == ids[0]
