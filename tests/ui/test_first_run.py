"""First run: the welcome panel's Import…, then the circles step over the imported people.

Real widgets and events on a real window over a real database: the file dialog is
answered like a person would, the preview accepted, and the circles step driven
with the keyboard and mouse.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel

from netcare_desktop.store import contacts, first_run
from netcare_desktop.store.models import Circle, Contact
from netcare_desktop.ui.circle_step import CircleStepDialog
from netcare_desktop.ui.import_flow import PreviewDialog

CARDS = "".join(
    f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{given} {family}\r\nN:{family};{given};;;\r\n"
    f"ORG:{org}\r\nEND:VCARD\r\n"
    for given, family, org in (
        ("Ada", "Lovelace", "Analytical Engines"),
        ("Grace", "Hopper", "US Navy"),
        ("Alan", "Turing", "Bletchley Park"),
        ("Katherine", "Johnson", "NASA"),
    )
)


def _texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_the_welcome_panel_invites_an_import_and_says_where_files_come_from(window):
    panel = window.welcome
    assert window.stack.currentWidget() is panel
    text = _texts(panel)
    assert "Drop your LinkedIn export or your phone's contacts here" in text
    assert "Settings & Privacy → Data privacy → Get a copy of your data →" in text
    assert "Connections.csv" in text
    assert "Google Contacts → Export → vCard" in text
    assert "iCloud.com → Contacts → Export vCard" in text
    assert "Export → a .vcf file" in text
    assert all(
        label.textFormat() == Qt.TextFormat.PlainText for label in panel.findChildren(QLabel)
    )
    # Import… sits beside Add Contact, on the same row, first.
    imp, add = panel.import_button, panel.button
    assert imp.isVisible() and add.isVisible() and imp.isEnabled()
    assert imp.text() == "&Import…" and "Contact" in add.text()
    assert imp.geometry().center().y() == add.geometry().center().y()
    assert imp.geometry().right() < add.geometry().left()


def _import_from_the_welcome_panel(qtbot, window, answer_modal, card: Path) -> None:
    """Import… → choose the file → OK in the preview (answered as soon as it shows)."""

    def accept_preview(dialog):
        assert isinstance(dialog, PreviewDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        QTimer.singleShot(0, lambda: qtbot.mouseClick(ok, Qt.MouseButton.LeftButton))

    def choose(dialog):
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(card))
        dialog.accept()

    window.importer.previewShown.connect(accept_preview)
    try:
        with qtbot.waitSignal(window.importer.finished, timeout=15000):
            answer_modal(
                lambda: qtbot.mouseClick(window.welcome.import_button, Qt.MouseButton.LeftButton),
                choose,
                want=QFileDialog,
            )
    finally:
        window.importer.previewShown.disconnect(accept_preview)


def _step(qtbot, window) -> CircleStepDialog:
    qtbot.waitUntil(
        lambda: (
            isinstance(getattr(window.ctl.import_history, "circle_step", None), CircleStepDialog)
            and window.ctl.import_history.circle_step.isVisible()
        ),
        timeout=5000,
    )
    return window.ctl.import_history.circle_step


def _tick(qtbot, step: CircleStepDialog, name: str) -> None:
    """Move to the row with the keyboard and tick it with Space."""
    for row in range(step.list.count()):
        if step.list.item(row).text().startswith(name):
            step.list.setFocus()
            rect = step.list.visualItemRect(step.list.item(row))
            qtbot.mouseClick(step.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            qtbot.keyClick(step.list, Qt.Key.Key_Space)
            return
    raise AssertionError(f"{name} is not listed")


def test_after_the_first_import_the_circles_step_sets_circles_undoably_once(
    qtbot, window, answer_modal, tmp_path
):
    card = tmp_path / "contacts.vcf"
    card.write_text(CARDS)
    _import_from_the_welcome_panel(qtbot, window, answer_modal, card)
    assert window.stack.currentWidget() is window.splitter
    step = _step(qtbot, window)
    assert "You imported 4 people" in step.intro.text()
    assert step.shown_names() == [
        "Grace Hopper",
        "Katherine Johnson",
        "Ada Lovelace",
        "Alan Turing",
    ]
    assert not step.apply_button.isEnabled()  # nobody ticked yet

    # Search narrows the list; ticking works on what is shown.
    qtbot.keyClicks(step.search, "navy")
    assert step.shown_names() == ["Grace Hopper"]
    qtbot.mouseClick(step.all_button, Qt.MouseButton.LeftButton)
    step.search.clear()
    assert len(step.shown_names()) == 4
    _tick(qtbot, step, "Ada Lovelace")
    assert step.chosen.text() == "2 people ticked"
    inner = Circle.get(Circle.name == "Inner")
    step.circle_combo.setCurrentIndex(step.circle_combo.findData(inner.id))
    qtbot.mouseClick(step.apply_button, Qt.MouseButton.LeftButton)

    circled = {c.display_name for c in Contact.select().where(Contact.circle == inner.id)}
    assert circled == {"Ada Lovelace", "Grace Hopper"}
    assert "2 people now in Inner" in step.status.text()
    assert step.checked_ids() == []
    assert any("(Inner)" in step.list.item(r).text() for r in range(step.list.count()))
    assert window.services.undo.label() == "Moving 2 people to Inner"

    # Back in the window, Ctrl+Z (Edit → Undo) takes it back, and the open step shows it.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Contact.select().where(Contact.circle.is_null(False)).count() == 0
    qtbot.waitUntil(
        lambda: not any("(Inner)" in step.list.item(r).text() for r in range(step.list.count())),
        timeout=3000,
    )

    # Closing the step dismisses it for good: the next import into a circle-less
    # database does not offer it again.
    qtbot.mouseClick(
        step.buttons.button(QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton
    )
    assert first_run.should_offer_circle_step(window.services.reader, 1) is False


def test_the_step_is_offered_only_without_circles_and_only_until_dismissed(store, reader, now):
    cid = contacts.create_contact(contacts.ContactInput(given_name="Ada"), now)
    assert first_run.should_offer_circle_step(reader, None) is False
    assert first_run.should_offer_circle_step(reader, 999) is False  # no such import
    from netcare_desktop.store.models import ImportBatch, ImportChange

    batch = ImportBatch.create(created_at=now, source="contacts.vcf")
    ImportChange.create(batch=batch, contact_id=cid, action="created")
    assert first_run.should_offer_circle_step(reader, batch.id) is True
    assert [p.display_name for p in first_run.imported_contacts(reader, batch.id)] == ["Ada"]
    Contact.update(circle=Circle.get(Circle.name == "Active").id).where(Contact.id == cid).execute()
    assert first_run.should_offer_circle_step(reader, batch.id) is False  # circles in use
    Contact.update(circle=None).where(Contact.id == cid).execute()
    first_run.dismiss_circle_step()
    assert first_run.should_offer_circle_step(reader, batch.id) is False
