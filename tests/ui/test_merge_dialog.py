"""Merging two contacts from the window: real widgets, real clicks and keys."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QRadioButton

from netcare_desktop.store import contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.models import Contact, Interaction, Membership
from netcare_desktop.ui.merge_dialog import MergeDialog, merge_contacts

CTRL = Qt.KeyboardModifier.ControlModifier


def _people(now) -> tuple[int, int]:
    ada = contacts.create_contact(
        ContactInput(
            given_name="Ada",
            family_name="Lovelace",
            title="Mathematician",
            emails=[("", "ada@engine.example")],
            groups=["Analytical Society"],
        ),
        now,
    )
    countess = contacts.create_contact(
        ContactInput(
            display_name="A. Lovelace",
            family_name="Lovelace",
            title="Countess",
            emails=[("", "countess@lovelace.example")],
            groups=["Royal Society", "Analytical Society"],
        ),
        now + timedelta(minutes=5),
    )
    for days in (3, 10):
        contacts.log_interaction(ada, "call", now - timedelta(days=days), now)
    contacts.log_interaction(countess, "email", now - timedelta(days=1), now)
    return ada, countess


def _names(window) -> list[str]:
    return [window.model.index(r, 0).data() for r in range(window.model.rowCount())]


def _select_both(qtbot, window) -> None:
    """Click the first row, Shift+click the second, as a person selects two."""
    table = window.table
    if table.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection:
        # The table's several-row selection is another part of issue 14.
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    for row, mods in ((0, Qt.KeyboardModifier.NoModifier), (1, Qt.KeyboardModifier.ShiftModifier)):
        rect = table.visualRect(window.model.index(row, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, mods, rect.center())
    assert len(table.selectionModel().selectedRows()) == 2


def _radio(dialog: MergeDialog, text: str) -> QRadioButton:
    return next(b for b in dialog.findChildren(QRadioButton) if b.text() == text)


def _click(qtbot, button: QRadioButton) -> None:
    """A click on the button's circle (its row is wider than what takes a click)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def test_merge_from_the_edit_menu_then_undo(qtbot, window, answer_modal, now):
    ada, countess = _people(now)
    window.services.changed()
    assert _names(window) == ["A. Lovelace", "Ada Lovelace"]
    _select_both(qtbot, window)
    seen = {}

    def choose(dialog):
        assert isinstance(dialog, MergeDialog)
        seen["joined"] = dialog.joined.text()
        seen["dropped before"] = dialog.dropped.text()
        # Ada has more touches: she is kept; A. Lovelace was changed later, so her title is
        # the default. Keep "Mathematician" instead, by a click on it.
        mathematician = _radio(dialog, "Mathematician")
        assert not mathematician.isChecked()
        _click(qtbot, mathematician)
        assert mathematician.isChecked()
        _click(qtbot, _radio(dialog, "Ada Lovelace"))
        seen["dropped after"] = dialog.dropped.text()
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return, CTRL)  # merges
        assert not dialog.isVisible()

    answer_modal(window.act_merge.trigger, choose)
    assert seen["joined"].startswith("1 touch, 1 group and 1 email address will be joined.")
    assert "1 fact on both will be kept once" in seen["joined"]
    assert "title: Mathematician" in seen["dropped before"]
    assert "title: Countess" in seen["dropped after"]
    assert "Ctrl+Z" in seen["dropped after"]

    assert _names(window) == ["Ada Lovelace"]
    assert window.services.current.id == ada
    assert window.table.currentIndex().row() == 0
    assert window.detail.name.text() == "Ada Lovelace"
    c = Contact.get_by_id(ada)
    assert c.title == "Mathematician"
    assert Interaction.select().where(Interaction.contact == ada).count() == 3
    assert Membership.select().where(Membership.contact == ada).count() == 2
    message = window.statusBar().currentMessage()
    assert message.startswith("Merged Ada Lovelace and A. Lovelace into Ada Lovelace (")
    assert "1 touch" in message and "Ctrl+Z" in message
    assert window.act_undo.text() == "&Undo Merge of Ada Lovelace and A. Lovelace"

    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
    assert _names(window) == ["A. Lovelace", "Ada Lovelace"]
    assert Interaction.select().where(Interaction.contact == countess).count() == 1
    assert Contact.get_by_id(countess).title == "Countess"
    assert window.services.current.id == ada


def test_one_contact_selected_asks_for_two(qtbot, window, now):
    _people(now)
    window.services.changed()
    rect = window.table.visualRect(window.model.index(0, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    window.act_merge.trigger()
    assert QApplication.activeModalWidget() is None
    assert window.statusBar().currentMessage().startswith("Select two contacts to merge")


def test_cancel_changes_nothing(qtbot, window, answer_modal, now):
    ada, countess = _people(now)
    window.services.changed()

    def cancel(dialog):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    answer_modal(lambda: merge_contacts(window.services, [countess, ada]), cancel)
    assert _names(window) == ["A. Lovelace", "Ada Lovelace"]
    assert window.statusBar().currentMessage() == "Merge cancelled: nothing was changed."
    assert window.act_undo.text() == "&Undo"


def test_the_menu_names_merge_in_edit(window):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert "&Merge Contacts…" in [a.text() for a in edit.actions()]


def test_the_dialog_shows_user_text_as_plain_text(qtbot, window, answer_modal, now):
    a = contacts.create_contact(ContactInput(display_name="<b>Bold</b> Ann", title="x"), now)
    b = contacts.create_contact(ContactInput(display_name="Ann", title="<i>y</i>"), now)
    window.services.changed()
    seen = {}

    def look(dialog):
        seen["texts"] = [r.text() for r in dialog.findChildren(QRadioButton)]
        seen["plain"] = all(
            label.textFormat() == Qt.TextFormat.PlainText for label in dialog.findChildren(QLabel)
        )
        dialog.reject()

    answer_modal(lambda: merge_contacts(window.services, [a, b]), look)
    assert "<b>Bold</b> Ann" in seen["texts"] and "<i>y</i>" in seen["texts"]
    assert seen["plain"]
