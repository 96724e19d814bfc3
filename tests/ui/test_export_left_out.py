"""An export that leaves a value out (the format cannot hold it) says which, in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from netcare_desktop.store import contacts
from netcare_desktop.store.contacts import ContactInput


def test_the_window_says_which_values_an_export_left_out(
    qtbot, window, answer_modal, tmp_path, now
):
    from netcare_desktop.store.models import Extra

    cid = contacts.create_contact(ContactInput(given_name="Ada", family_name="Lovelace"), now)
    Extra.create(contact=cid, line="END:VCARD", position=0)  # from a hand-written JSON file
    target = tmp_path / "out.vcf"
    seen = {}

    def read(box):
        seen["title"], seen["text"] = box.windowTitle(), box.text()
        seen["format"] = box.textFormat()
        box.close()

    answer_modal(
        lambda: window.export_to(str(target), "vcf", None), read, want=QMessageBox, wait=True
    )
    assert seen["title"] == "Exported, with values left out"
    assert "Ada Lovelace" in seen["text"] and seen["format"] == Qt.TextFormat.PlainText
    assert target.read_text().count("BEGIN:VCARD") == 1
