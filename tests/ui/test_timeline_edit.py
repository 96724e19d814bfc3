"""Every touch can be corrected: edit, delete and undo from the timeline, with real events."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QScrollArea

from netcare_desktop.core.preferences import Preferences
from netcare_desktop.store import contacts, reminders
from netcare_desktop.store.models import Contact, Interaction, ReminderState
from netcare_desktop.ui.dialogs import LogInteractionDialog
from netcare_desktop.ui.main_window import MainWindow

UTC = ZoneInfo("UTC")
CTRL = Qt.KeyboardModifier.ControlModifier


def _person(name, joined, circle=1, **extra) -> int:
    given, family = name.split(" ", 1)
    return contacts.create_contact(
        contacts.ContactInput(given_name=given, family_name=family, circle_id=circle, **extra),
        joined,
    )


@pytest.fixture
def w(qtbot, store, reader, app_paths, now):
    reminders.save_preferences(Preferences(quiet_enabled=False, status_every_days=0))
    win = MainWindow(app_paths, reader, clock=lambda: now)
    win.reminders.tz = UTC
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.reminders.stop()


@pytest.fixture
def ada(w, now):
    """Ada with two touches; her row selected, so the pane shows her timeline."""
    cid = _person("Ada Lovelace", now - timedelta(days=100))
    contacts.log_interaction(cid, "call", now - timedelta(days=3), now, summary="Phoned")
    contacts.log_interaction(
        cid, "coffee", now - timedelta(days=1), now, summary="Coffee at the lab",
        notes="<b>Not bold</b>\nShe is moving to Paris in March.",
    )  # fmt: skip
    w.refresh()
    w.table.selectRow(0)
    assert w.detail.contact_id == cid
    return cid


def _touch(summary):
    return Interaction.get(Interaction.summary == summary)


def _row_center(w, iid):
    tl = w.detail.timeline
    index = w.detail.timeline_model.index_of(iid)
    assert index.isValid()
    return tl.visualRect(index).center()


def _click_touch(qtbot, w, iid):
    qtbot.mouseClick(
        w.detail.timeline.viewport(), Qt.MouseButton.LeftButton, pos=_row_center(w, iid)
    )


def _undo(qtbot, w):
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)


def test_double_click_edits_the_touch_typed_dates_and_ctrl_enter_save(
    w, ada, qtbot, answer_modal, now
):
    coffee = _touch("Coffee at the lab")
    before = sorted(Interaction.select().tuples())

    def edit(dialog):
        assert isinstance(dialog, LogInteractionDialog)
        assert dialog.windowTitle() == "Edit touch"
        assert dialog.summary.text() == "Coffee at the lab"  # the touch's values
        assert dialog.kind.currentData() == "coffee"
        assert dialog.notes.toPlainText().startswith("<b>Not bold</b>")
        dialog.kind.setCurrentIndex(dialog.kind.findData("meeting"))
        dialog.when.setFocus()
        qtbot.keyClick(dialog.when, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(dialog.when, "2026-11-20 09:05")  # typed, not picked
        dialog.follow_up_on.setChecked(True)
        dialog.follow_up.setFocus()
        qtbot.keyClick(dialog.follow_up, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(dialog.follow_up, "2027-01-15")
        dialog.summary.setFocus()
        qtbot.keyClick(dialog.summary, Qt.Key.Key_End)
        qtbot.keyClicks(dialog.summary, " and lunch")
        qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, CTRL)  # submits from the notes too

    pos = _row_center(w, coffee.id)

    def double_click():
        # As a hand does it: press and release, then the second press is the double-click.
        qtbot.mouseClick(w.detail.timeline.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(w.detail.timeline.viewport(), Qt.MouseButton.LeftButton, pos=pos)

    answer_modal(double_click, edit)
    it = Interaction.get_by_id(coffee.id)
    assert (it.kind, it.summary, it.follow_up) == (
        "meeting", "Coffee at the lab and lunch", date(2027, 1, 15),
    )  # fmt: skip
    assert it.occurred_at.date() == date(2026, 11, 20)
    assert it.notes == coffee.notes  # untouched
    # The newest touch is now the call three days ago: the clock moved back.
    assert Contact.get_by_id(ada).last_touch_at == now - timedelta(days=3)
    assert w.act_undo.text() == "&Undo Edit of a meeting with Ada Lovelace"
    assert w.detail.selected_touch() == coffee.id  # still the one looked at
    _undo(qtbot, w)
    assert sorted(Interaction.select().tuples()) == before
    assert Contact.get_by_id(ada).last_touch_at == now - timedelta(days=1)


def test_enter_edits_and_a_bad_date_is_refused_with_the_dialog_kept(w, ada, qtbot, answer_modal):
    call = _touch("Phoned")
    _click_touch(qtbot, w, call.id)
    assert w.detail.selected_touch() == call.id

    def cancel(dialog):
        assert isinstance(dialog, LogInteractionDialog) and dialog.summary.text() == "Phoned"
        qtbot.keyClick(dialog.summary, Qt.Key.Key_Escape)

    answer_modal(lambda: qtbot.keyClick(w.detail.timeline, Qt.Key.Key_Return), cancel)
    assert Interaction.get_by_id(call.id).summary == "Phoned"
    assert w.act_undo.text() == "&Undo"  # nothing happened, nothing to undo


def test_delete_key_deletes_and_ctrl_z_brings_back_the_same_row(w, ada, qtbot):
    call = _touch("Phoned")
    row = Interaction.select().where(Interaction.id == call.id).tuples().get()
    _click_touch(qtbot, w, call.id)
    qtbot.keyClick(w.detail.timeline, Qt.Key.Key_Delete)
    assert Interaction.get_or_none(Interaction.id == call.id) is None
    assert w.detail.timeline_model.entry_count() == 1
    assert "Deleted a call with Ada Lovelace" in w.statusBar().currentMessage()
    assert w.act_undo.text() == "&Undo Delete of a call with Ada Lovelace"
    _undo(qtbot, w)
    assert Interaction.select().where(Interaction.id == call.id).tuples().get() == row
    assert w.detail.timeline_model.entry_count() == 2


def test_the_context_menu_deletes_and_the_edit_menu_follows_the_selection(w, ada, qtbot):
    coffee = _touch("Coffee at the lab")
    assert not w.act_edit_touch.isEnabled() and not w.act_delete_touch.isEnabled()
    edit_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Edit")
    assert {"Edit Touc&h…", "Delete T&ouch"} <= {a.text() for a in edit_menu.actions()}

    chosen = {}

    def choose():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(20, choose)
            return
        chosen["items"] = [a.text() for a in menu.actions()]
        qtbot.keyClick(menu, Qt.Key.Key_D)  # &Delete Touch

    viewport = w.detail.timeline.viewport()
    pos = _row_center(w, coffee.id)
    QTimer.singleShot(0, choose)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    assert chosen["items"] == ["&Edit Touch…", "&Delete Touch"]
    assert Interaction.get_or_none(Interaction.id == coffee.id) is None
    if not w.isActiveWindow():  # the window manager gives it back when the menu closes
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow)
    _undo(qtbot, w)
    assert Interaction.get_by_id(coffee.id).notes == coffee.notes

    _click_touch(qtbot, w, coffee.id)
    assert w.act_edit_touch.isEnabled() and w.act_delete_touch.isEnabled()
    w.act_delete_touch.trigger()
    assert Interaction.get_or_none(Interaction.id == coffee.id) is None
    assert not w.act_delete_touch.isEnabled()  # nothing selected any more


def test_the_notes_read_in_full_as_plain_text(w, ada, qtbot):
    coffee = _touch("Coffee at the lab")
    pane = w.detail
    assert pane.notes.isVisibleTo(w) and pane.notes.toPlainText() == ""
    _click_touch(qtbot, w, coffee.id)
    assert pane.notes.toPlainText() == "<b>Not bold</b>\nShe is moving to Paris in March."
    assert pane.notes.isReadOnly()
    assert "Coffee at the lab" in pane.notes_title.text()
    assert pane.notes_title.textFormat() == Qt.TextFormat.PlainText
    qtbot.keyClick(pane.timeline, Qt.Key.Key_Down)  # the next touch: the call, no notes
    assert pane.notes.toPlainText() == "No notes."


def test_logging_is_undone_right_after(w, ada, qtbot, answer_modal, now):
    before = sorted(Interaction.select().tuples())

    def log(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("email"))
        qtbot.keyClicks(dialog.summary, "Sent the paper")
        qtbot.keyClick(dialog.summary, Qt.Key.Key_Return, CTRL)

    answer_modal(lambda: qtbot.keyClick(w.table, Qt.Key.Key_L, CTRL), log)
    assert Contact.get_by_id(ada).last_touch_at == now
    assert w.act_undo.text() == "&Undo Log of an email with Ada Lovelace"
    _undo(qtbot, w)
    assert sorted(Interaction.select().tuples()) == before
    assert Contact.get_by_id(ada).last_touch_at == now - timedelta(days=1)
    assert "Undid log of an email with Ada Lovelace" in w.statusBar().currentMessage()


def test_due_done_and_skip_are_undone_exactly(w, qtbot, now):
    _person("Grace Hopper", now - timedelta(days=70))
    w.start_reminders()
    w.show_due()
    qtbot.waitUntil(lambda: w.due_view.model.rowCount() == 1)
    state = lambda: (  # noqa: E731
        sorted(Interaction.select().tuples()),
        sorted(ReminderState.select().tuples()),
        sorted(Contact.select(Contact.id, Contact.last_touch_at).tuples()),
    )
    before = state()
    w.due_view.table.setFocus()
    qtbot.keyClick(w.due_view.table, Qt.Key.Key_D)
    assert w.due_view.model.rowCount() == 0
    assert w.act_undo.text() == "&Undo Done for Grace Hopper"
    _undo(qtbot, w)
    assert state() == before and w.due_view.model.rowCount() == 1
    w.due_view.table.setFocus()
    qtbot.keyClick(w.due_view.table, Qt.Key.Key_K)  # skip this period
    assert w.due_view.model.rowCount() == 0
    assert w.act_undo.text() == "&Undo Skip of Grace Hopper"
    _undo(qtbot, w)
    assert state() == before and w.due_view.model.rowCount() == 1
    for key, label in ((Qt.Key.Key_S, "a day"), (Qt.Key.Key_W, "a week")):
        w.due_view.table.setFocus()
        qtbot.keyClick(w.due_view.table, key)  # snooze
        assert w.due_view.model.rowCount() == 0, label
        assert w.act_undo.text() == "&Undo Snooze of Grace Hopper"
        _undo(qtbot, w)
        assert state() == before and w.due_view.model.rowCount() == 1, label


def test_todays_done_and_not_today_are_undone(w, qtbot, now):
    _person("Lapsed Friend", now - timedelta(days=90))
    w.refresh()
    w.show_today()
    names = lambda: [  # noqa: E731
        w.today_view.model.item(r).display_name for r in range(w.today_view.model.rowCount())
    ]
    assert names() == ["Lapsed Friend"]
    qtbot.keyClick(w.today_view.list, Qt.Key.Key_D)
    assert names() == [] and Interaction.select().count() == 1
    assert w.act_undo.text() == "&Undo Done for Lapsed Friend"
    _undo(qtbot, w)
    assert Interaction.select().count() == 0
    w.show_today()
    assert names() == ["Lapsed Friend"]
    qtbot.keyClick(w.today_view.list, Qt.Key.Key_S)
    assert names() == [] and w.act_undo.text() == "&Undo Not today for Lapsed Friend"
    _undo(qtbot, w)
    assert ReminderState.select().count() == 0
    w.show_today()
    assert names() == ["Lapsed Friend"]


def test_the_pane_says_what_reminds_and_its_buttons_stay_in_view(w, qtbot, now):
    cid = _person("Free Agent", now, circle=None, birthday_month=12, birthday_day=10)
    lapsed = _person("Old Friend", now - timedelta(days=100))
    w.refresh()
    w.select_contact(cid)
    assert "No circle: no keep-in-touch reminders; birthday on 10 December and follow-ups still" \
        " remind you" in w.detail.care.text()  # fmt: skip
    w.select_contact(lapsed)
    care = w.detail.care.text()
    assert "lapsed since 2026-10-16" in care and "next" not in care  # 100 days: 2 x 30 + 40
    for button in (w.detail.log_button, w.detail.compose_button, w.detail.edit_button):
        parent, inside = button.parentWidget(), False
        while parent is not None:
            inside = inside or isinstance(parent, QScrollArea)
            parent = parent.parentWidget()
        assert not inside and button.isVisibleTo(w)


def test_no_mnemonic_clashes_between_menus_tabs_and_the_pane_buttons(w):
    def key(text):
        i = text.find("&")
        return text[i + 1].lower() if i >= 0 else None

    menus = [key(a.text()) for a in w.menuBar().actions()]
    tabs = [key(w.tabs.tabText(i)) for i in range(w.tabs.count())]
    buttons = [key(b.text()) for b in (w.detail.log_button, w.detail.compose_button,
                                       w.detail.edit_button)]  # fmt: skip
    assert None not in buttons
    assert not set(buttons) & (set(menus) | set(tabs))
    assert len(set(buttons)) == len(buttons)


def test_compose_done_is_undone_right_after(w, ada, qtbot, answer_modal, now):
    from netcare_desktop.ui.compose import ComposeDialog

    w.open_url = lambda url: True  # no mail app is started
    before = sorted(Interaction.select().tuples())

    def done(dialog):
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)

    answer_modal(lambda: qtbot.keyClick(w.table, Qt.Key.Key_M, CTRL), done, want=ComposeDialog)
    assert Interaction.select().count() == len(before) + 1
    assert w.act_undo.text().startswith("&Undo Log of ") and "with Ada Lovelace" in (
        w.act_undo.text()
    )
    _undo(qtbot, w)
    assert sorted(Interaction.select().tuples()) == before
    assert Contact.get_by_id(ada).last_touch_at == now - timedelta(days=1)


def test_todays_compose_is_undone_with_its_follow_up(w, qtbot, answer_modal, now):
    from netcare_desktop.ui.compose import ComposeDialog

    w.open_url = lambda url: True
    cid = _person("Grace Hopper", now, circle=None)
    contacts.log_interaction(
        cid, "call", now - timedelta(days=9), now, summary="Asked about COBOL",
        follow_up=date(2026, 11, 24),
    )  # fmt: skip
    before = sorted(Interaction.select().tuples())
    w.refresh()
    w.show_today()
    assert w.today_view.model.rowCount() == 1

    def done(dialog):
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)

    answer_modal(
        lambda: qtbot.keyClick(w.today_view.list, Qt.Key.Key_Return), done, want=ComposeDialog
    )
    assert Interaction.get(Interaction.summary == "Asked about COBOL").follow_up_done
    assert "with Grace Hopper" in w.act_undo.text()
    _undo(qtbot, w)
    assert sorted(Interaction.select().tuples()) == before  # touch gone, follow-up open
    assert len(w.services.undo) == 0  # one Ctrl+Z took back all of it
