"""The import preview: possible duplicates default to a new contact, and the header counts
follow the choices made in the Action column (real widgets, a real SQLite file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from netcare_desktop.interop import importer
from netcare_desktop.store import contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.models import Contact, Phone
from netcare_desktop.ui.import_flow import PreviewDialog

CARDS = """BEGIN:VCARD
VERSION:3.0
FN:Ada Lovelace
N:Lovelace;Ada;;;
ORG:Analytical Engines
EMAIL:ada@lovelace.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Dana Scully
N:Scully;Dana;;;
TEL:+1 202 555 0143
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Walter Skinner
N:Skinner;Walter;;;
EMAIL:skinner@fbi.example
TITLE:Assistant Director
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Bob Newcomer
N:Newcomer;Bob;;;
EMAIL:bob@new.example
END:VCARD
"""


@pytest.fixture
def people(store, now) -> dict[str, int]:
    return {
        "ada": contacts.create_contact(
            ContactInput(
                given_name="Ada", family_name="Lovelace", organization="Analytical Engines"
            ),
            now,
        ),
        # The Mulders' landline: Dana's card has the same number.
        "fox": contacts.create_contact(
            ContactInput(
                given_name="Fox", family_name="Mulder", phones=[("home", "+1 202 555 0143")]
            ),
            now,
        ),
        "walter": contacts.create_contact(
            ContactInput(
                given_name="Walter", family_name="Skinner", emails=[("", "skinner@fbi.example")]
            ),
            now,
        ),
    }


def _plan(tmp_path: Path):
    path = tmp_path / "phone.vcf"
    path.write_bytes(CARDS.replace("\n", "\r\n").encode())
    return importer.plan_import([importer.read_file(path)], region="US")


@pytest.fixture
def preview(qtbot, people, tmp_path):
    dialog = PreviewDialog(_plan(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _row(dialog: PreviewDialog, name: str) -> int:
    return next(r for r, it in enumerate(dialog.plan.items) if it.name == name)


def _choose(qtbot, dialog: PreviewDialog, name: str, text: str) -> None:
    """Click the Action cell, pick ``text`` in its combo box with the keyboard, Enter."""
    index = dialog.model.index(_row(dialog, name), 2)
    table = dialog.table
    table.scrollTo(index)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    combo = table.indexWidget(index) or table.viewport().findChild(QComboBox)
    if combo is None:  # the first click made the cell current: the next one edits it
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        combo = table.viewport().findChild(QComboBox)
    assert isinstance(combo, QComboBox)
    target = combo.findText(text)
    assert target >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setFocus()
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # the delegate commits the choice
    qtbot.waitUntil(lambda: table.viewport().findChild(QComboBox) is None or not combo.isVisible())


def test_possible_duplicates_default_to_a_new_contact(preview, people):
    by_name = {it.name: it for it in preview.plan.items}
    assert by_name["Ada Lovelace"].action == "duplicate"  # a similar name
    assert by_name["Dana Scully"].action == "duplicate"  # only a phone, under another name
    assert by_name["Walter Skinner"].action == "merge"  # his own email address
    assert by_name["Bob Newcomer"].action == "new"
    for name in ("Ada Lovelace", "Dana Scully", "Bob Newcomer"):
        assert preview.model.index(_row(preview, name), 2).data() == "Create a new contact"
    details = preview.model.index(_row(preview, "Dana Scully"), 3).data()
    assert details == "shares a phone number with Fox Mulder, under another name"
    assert preview.summary.text().splitlines()[0] == (
        "4 records from 1 file: 3 new, 1 to merge, 0 unchanged; 2 possible duplicates to "
        "decide (each becomes a new contact unless you choose to merge it)."
    )


def test_the_header_follows_the_choices(qtbot, preview, people):
    header = lambda: preview.summary.text().splitlines()[0]  # noqa: E731
    _choose(qtbot, preview, "Dana Scully", "Merge into Fox Mulder (same phone number)")
    assert preview.plan.items[_row(preview, "Dana Scully")].choice.target_id == people["fox"]
    assert header() == (
        "4 records from 1 file: 2 new, 2 to merge, 0 unchanged; 1 possible duplicate to "
        "decide (each becomes a new contact unless you choose to merge it)."
    )
    _choose(qtbot, preview, "Ada Lovelace", "Skip")
    _choose(qtbot, preview, "Walter Skinner", "Create a new contact")
    assert header() == "4 records from 1 file: 2 new, 1 to merge, 0 unchanged, 1 skipped."
    _choose(qtbot, preview, "Dana Scully", "Create a new contact")
    assert header() == (
        "4 records from 1 file: 3 new, 0 to merge, 0 unchanged, 1 skipped; 1 possible "
        "duplicate to decide (each becomes a new contact unless you choose to merge it)."
    )


def test_setdata_as_the_view_does_updates_the_header(preview, people):
    index = preview.model.index(_row(preview, "Ada Lovelace"), 2)
    assert preview.model.setData(index, f"merge:{people['ada']}", Qt.ItemDataRole.EditRole)
    assert "2 new, 2 to merge, 0 unchanged; 1 possible duplicate" in preview.summary.text()
    assert not preview.model.setData(index, "merge:999999", Qt.ItemDataRole.EditRole)


def test_importing_with_the_defaults_keeps_both_people(people, tmp_path, now):
    result = importer.apply_plan(_plan(tmp_path), now)
    assert (result.created, result.merged, result.possible_duplicates) == (3, 1, 2)
    fox = Contact.get_by_id(people["fox"])
    assert fox.display_name == "Fox Mulder" and fox.given_name == "Fox"
    dana = Contact.get(Contact.display_name == "Dana Scully")
    assert [p.raw for p in Phone.select().where(Phone.contact == dana)] == ["+1 202 555 0143"]
    # The same file again: every record is found, nothing new is written.
    again = _plan(tmp_path)
    assert {it.action for it in again.items} == {"unchanged"}, [
        (it.name, it.action, it.changes) for it in again.items
    ]


def test_two_people_on_one_landline_in_one_file_stay_two(store, tmp_path, now):
    path = tmp_path / "family.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fox Mulder\r\nTEL:+1 202 555 0143\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Scully\r\nTEL:+1 202 555 0143\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:F. Mulder\r\nTEL:+1 202 555 0143\r\n"
        b"EMAIL:fox@fbi.example\r\nEND:VCARD\r\n"
    )
    plan = importer.plan_import([importer.read_file(path)], region="US")
    assert [it.effective() for it in plan.items] == ["new", "new", "merge"]
    importer.apply_plan(plan, now)
    assert sorted(c.display_name for c in Contact.select()) == ["Dana Scully", "Fox Mulder"]
    again = importer.plan_import([importer.read_file(path)], region="US")
    assert [it.action for it in again.items] == ["unchanged"] * 3
