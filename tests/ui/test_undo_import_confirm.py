"""Edit -> Undo Last Import asks, listing what goes and what stays (a real window and store)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QMessageBox

from netcare_desktop.core.kinds import Kind
from netcare_desktop.interop import importer
from netcare_desktop.store import contacts
from netcare_desktop.store.models import ImportBatch

CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Scully\r\nEMAIL:dana@fbi.example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"
)


def _names(window) -> list[str]:
    return sorted(window.model.index(r, 0).data() for r in range(window.model.rowCount()))


def _import_then_touch_dana(window, tmp_path, now) -> int:
    path = tmp_path / "two.vcf"
    path.write_text(CARDS, newline="")
    plan = importer.plan_import([importer.read_file(path)], region="GB")
    result = importer.apply_plan(plan, now)
    dana = contacts.resolve_contact("Dana Scully").id
    later = now + timedelta(days=2)
    contacts.log_interaction(dana, Kind.COFFEE, later, later, summary="Flat white")
    window.services.changed()  # a write made beside the window
    assert _names(window) == ["Ada Lovelace", "Dana Scully"]
    return result.batch_id


def _button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text().replace("&", "") == text)


def test_the_confirmation_lists_what_goes_and_keeps_a_touched_contact(
    window, answer_modal, tmp_path, now
):
    batch = _import_then_touch_dana(window, tmp_path, now)
    seen = {}

    def keep(box: QMessageBox) -> None:
        seen["text"] = box.text()
        seen["buttons"] = sorted(b.text().replace("&", "") for b in box.buttons())
        _button(box, "Undo, Keep Them").click()

    answer_modal(window.undo_last_import, keep, want=QMessageBox)
    assert "Will remove 1 contact the import created: Ada Lovelace." in seen["text"]
    assert "Will keep 1 contact the import" in seen["text"]
    assert "Dana Scully (1 touch logged since)" in seen["text"]
    assert seen["buttons"] == ["Cancel", "Undo and Delete Them Too", "Undo, Keep Them"]
    assert _names(window) == ["Dana Scully"]
    assert [i.summary for i in contacts.timeline(contacts.resolve_contact("Dana").id)] == [
        "Flat white"
    ]
    assert "1 kept (touched since the import)" in window.statusBar().currentMessage()
    assert ImportBatch.get_by_id(batch).undone


def test_deleting_the_touched_contacts_too_is_a_choice(window, answer_modal, tmp_path, now):
    _import_then_touch_dana(window, tmp_path, now)
    answer_modal(
        window.undo_last_import,
        lambda box: _button(box, "Undo and Delete Them Too").click(),
        want=QMessageBox,
    )
    assert _names(window) == []


def test_cancel_changes_nothing(window, answer_modal, tmp_path, now):
    batch = _import_then_touch_dana(window, tmp_path, now)
    answer_modal(
        window.undo_last_import,
        lambda box: box.button(QMessageBox.StandardButton.Cancel).click(),
        want=QMessageBox,
    )
    assert _names(window) == ["Ada Lovelace", "Dana Scully"]
    assert not ImportBatch.get_by_id(batch).undone
