"""The flows a person uses, on a real window over a real database."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox, QWidget

from netcare_desktop.core.kinds import Kind
from netcare_desktop.store import contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.ui.contact_model import Col
from netcare_desktop.ui.dialogs import ContactEditor, LogInteractionDialog
from netcare_desktop.ui.main_window import MainWindow


def _table_names(w: MainWindow) -> list[str]:
    return [w.model.index(r, 0).data() for r in range(w.model.rowCount())]


def _add(now, **kw) -> int:
    return contacts.create_contact(ContactInput(**kw), now)


def test_empty_database_shows_the_welcome_panel(window):
    assert window.stack.currentWidget() is window.welcome
    assert "Ctrl+N" in window.welcome.findChildren(QWidget)[1].text() or any(
        "Ctrl+N" in getattr(c, "text", lambda: "")() for c in window.welcome.findChildren(QWidget)
    )


def test_add_a_contact_with_the_keyboard(qtbot, window, answer_modal, now):
    def fill(dialog):
        assert isinstance(dialog, ContactEditor)
        qtbot.keyClicks(dialog.given, "Ada")
        qtbot.keyClicks(dialog.family, "Lovelace")
        qtbot.keyClicks(dialog.organization, "Analytical Engines")
        dialog.emails.add_pair("work", "ada@example.org")
        dialog.emails.add_pair("home", "ada@home.example")
        dialog.circle.setCurrentIndex(1)
        qtbot.keyClicks(dialog.groups, "Book club, Alumni")
        qtbot.keyClick(dialog.given, Qt.Key.Key_Return)  # Enter saves

    answer_modal(
        lambda: qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier), fill
    )
    assert window.stack.currentWidget() is window.splitter
    assert _table_names(window) == ["Ada Lovelace"]
    assert window.model.index(0, Col.ORGANIZATION).data() == "Analytical Engines"
    assert window.model.index(0, Col.CIRCLE).data() == "Inner"
    assert window.detail.name.text() == "Ada Lovelace"
    assert window.status_label.text() == "1 contact"
    facts = [lab.text() for lab in window.detail.findChildren(type(window.detail.name))]
    assert any("ada@home.example" in t for t in facts)
    assert any("Book club" in t for t in facts)


def test_editor_rejects_a_contact_without_any_name(qtbot, window, answer_modal):
    seen = {}

    def fill(dialog):
        qtbot.keyClicks(dialog.title, "Mystery")

        def close_warning(box):
            seen["text"] = box.text()
            box.accept()

        # The warning is itself modal: answer it, then cancel the editor.
        answer_modal(
            lambda: dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click(),
            close_warning,
        )
        dialog.reject()

    answer_modal(window.new_contact, fill)
    assert "needs a name" in seen["text"]
    assert contacts.contact_count() == 0


def test_log_an_interaction_and_see_it_in_the_timeline(qtbot, window, answer_modal, now):
    cid = _add(now - timedelta(days=100), given_name="Grace", family_name="Hopper", circle_id=1)
    window.refresh()
    window.table.selectRow(0)
    assert window.detail.contact_id == cid
    assert window.model.index(0, Col.STATUS).data() == "Lapsed"
    assert window.detail.timeline_empty.isVisibleTo(window)

    def fill(dialog):
        assert isinstance(dialog, LogInteractionDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData(Kind.CONGRATULATIONS.value))
        assert dialog.direction.currentData() == "gave"  # the kind's default
        qtbot.keyClicks(dialog.summary, "Congratulated her on the promotion")
        dialog.follow_up_on.setChecked(True)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    answer_modal(
        lambda: qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
        fill,
    )
    tl = window.detail.timeline_model
    assert tl.month_titles() == ["November 2026"]
    entry = tl.index(0, 0, tl.index(0, 0))
    assert tl.index(0, 1, tl.index(0, 0)).data() == "Congratulations (gave)"
    assert tl.index(0, 2, tl.index(0, 0)).data() == "Congratulated her on the promotion"
    assert tl.index(0, 3, tl.index(0, 0)).data() == "2026-12-02"
    assert entry.isValid()
    assert not window.detail.timeline_empty.isVisibleTo(window)
    # The touch reset the clock in the table too.
    assert window.model.index(0, Col.LAST_TOUCH).data() == "2026-11-25"
    assert window.model.index(0, Col.STATUS).data() == "On track"


def test_search_as_you_type_narrows_the_table(qtbot, window, now):
    for given, family, org in (
        ("Ada", "Lovelace", "Analytical Engines"),
        ("Grace", "Hopper", "US Navy"),
        ("Alan", "Turing", "Bletchley Park"),
    ):
        _add(now, given_name=given, family_name=family, organization=org)
    window.refresh()
    assert len(_table_names(window)) == 3
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "bl")
    assert _table_names(window) == ["Alan Turing"]
    assert window.status_label.text() == "1 of 3 contacts match"
    window.search.clear()
    qtbot.keyClicks(window.search, "navy")
    assert _table_names(window) == ["Grace Hopper"]
    window.search.clear()
    qtbot.keyClicks(window.search, "nobody-here")
    assert _table_names(window) == []
    assert window.stack.currentWidget() is window.splitter  # no results is not the welcome panel
    window.search.clear()
    assert len(_table_names(window)) == 3


def test_delete_asks_and_ctrl_z_brings_it_back(qtbot, window, answer_modal, now):
    cid = _add(now, given_name="Alan", family_name="Turing", groups=["Bletchley"])
    _add(now, given_name="Joan", family_name="Clarke")
    contacts.log_interaction(cid, Kind.COFFEE, now - timedelta(days=2), now, summary="Crossword")
    window.refresh()
    window.table.setFocus()
    window.table.selectRow(_table_names(window).index("Alan Turing"))

    def cancel(box):
        assert isinstance(box, QMessageBox)
        assert "Alan Turing" in box.text() and "1 logged interaction" in box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()

    answer_modal(lambda: qtbot.keyClick(window.table, Qt.Key.Key_Delete), cancel)
    assert sorted(_table_names(window)) == ["Alan Turing", "Joan Clarke"]

    window.activateWindow()
    window.table.setFocus()
    answer_modal(
        lambda: qtbot.keyClick(window.table, Qt.Key.Key_Delete),
        lambda box: box.button(QMessageBox.StandardButton.Yes).click(),
    )
    assert _table_names(window) == ["Joan Clarke"]
    assert window.act_undo.isEnabled()

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sorted(_table_names(window)) == ["Alan Turing", "Joan Clarke"]
    assert window.detail.name.text() == "Alan Turing"
    assert window.detail.timeline_model.entry_count() == 1
    assert contacts.load_input(cid).groups == ["Bletchley"]
    assert not window.act_undo.isEnabled()


def test_delete_key_in_the_search_box_edits_text_not_contacts(qtbot, window, now):
    _add(now, given_name="Ada")
    window.refresh()
    window.table.selectRow(0)
    window.search.setText("abc")
    window.search.setFocus()
    window.search.setCursorPosition(0)
    qtbot.keyClick(window.search, Qt.Key.Key_Delete)
    assert window.search.text() == "bc"
    assert contacts.contact_count() == 1


def test_user_text_is_shown_literally(qtbot, window, now):
    evil = '<img src="x"><b>Bold</b>'
    cid = _add(now, given_name=evil, organization="<i>Org</i>", notes="<a href='x'>click</a>")
    window.refresh()
    window.select_contact(cid)
    assert window.detail.name.textFormat() == Qt.TextFormat.PlainText
    assert window.detail.name.text() == evil
    assert window.detail.role.textFormat() == Qt.TextFormat.PlainText
    for label in window.detail.findChildren(type(window.detail.name)):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert window.model.index(0, 0).data() == evil


def test_window_geometry_and_splitter_are_remembered(qtbot, reader, app_paths, now):
    first = MainWindow(app_paths, reader, clock=lambda: now)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    first.splitter.setSizes([450, 250])
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(app_paths, reader, clock=lambda: now)
    qtbot.addWidget(second)
    second.show()
    assert (second.size().width(), second.size().height()) == (700, 500)
    assert second.splitter.sizes() == sizes


def test_every_control_has_an_accessible_name(qtbot, window, now):
    _add(now, given_name="Ada")
    window.refresh()
    window.table.selectRow(0)
    circles = [(c.id, c.name, c.cadence_days) for c in contacts.circles()]
    dialogs = [ContactEditor(circles, [], None, window), LogInteractionDialog("Ada", now, window)]
    for d in dialogs:
        qtbot.addWidget(d)
    missing = []
    for root in [window, *dialogs]:
        for w in root.findChildren(QWidget):
            if w.window() is not root:
                continue  # popups (combo box lists, completers) belong to their owner
            if w.focusPolicy() == Qt.FocusPolicy.NoFocus or not w.isEnabled():
                continue
            if type(w).__name__ in (
                "QScrollBar",
                "QTabBar",
                "QHeaderView",
                "QToolButton",
                "QCalendarWidget",
            ):
                continue
            if (
                isinstance(w, QLineEdit)
                and w.parent() is not None
                and type(w.parent()).__name__ in ("QDateTimeEdit", "QDateEdit", "QSpinBox")
            ):
                continue  # the editor's own line edit; the spin box carries the name
            name = w.accessibleName() or (
                w.text() if hasattr(w, "text") and callable(w.text) else ""
            )
            if not name and type(w).__name__ not in (
                "QWidget",
                "QFrame",
                "QScrollArea",
                "QStackedWidget",
            ):
                missing.append(f"{type(w).__name__} {w.objectName()}")
    assert missing == []


def test_table_follows_the_palette(qtbot, window, now):
    _add(now, given_name="Ada")
    window.refresh()
    # No hard-coded background: rows use the palette (dark themes work).
    assert window.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert window.model.index(0, 0).parent() == QModelIndex()
    assert QApplication.instance().applicationName()
