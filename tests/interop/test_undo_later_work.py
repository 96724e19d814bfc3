"""Undoing an import takes back what it wrote and nothing that came after (a real SQLite file)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from netcare_desktop.core.kinds import Kind
from netcare_desktop.interop import importer
from netcare_desktop.store import contacts, groups, review
from netcare_desktop.store.models import (
    Contact,
    Group,
    ImportBatch,
    ImportChange,
    Interaction,
    Membership,
    Phone,
    db,
)

NOW = datetime(2026, 11, 25, 12)
LATER = NOW + timedelta(days=3)

DANA_CARD = """BEGIN:VCARD
VERSION:3.0
FN:Dana Scully
N:Scully;Dana;;;
EMAIL:dana@fbi.example
TEL;TYPE=CELL:+44 20 7946 0958
ORG:FBI
NOTE:Met at the X conference
CATEGORIES:Book club
END:VCARD
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def _import(path: Path, now: datetime = NOW) -> importer.ImportResult:
    plan = importer.plan_import([importer.read_file(path)], region="GB")
    return importer.apply_plan(plan, now)


def _card(name: str, email: str) -> str:
    return f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nEMAIL:{email}\nEND:VCARD\n"


def _existing_dana() -> int:
    """Dana as the person typed her in: an email, no phone, no organization, no notes."""
    return contacts.create_contact(
        contacts.ContactInput(
            given_name="Dana", family_name="Scully", emails=[("", "dana@fbi.example")]
        ),
        NOW - timedelta(days=30),
    )


def _phones(cid: int) -> list[str]:
    return [p.e164 for p in Phone.select().where(Phone.contact == cid)]


def _touches(cid: int) -> list[str]:
    return sorted(i.kind for i in Interaction.select().where(Interaction.contact == cid))


def _forget_what_it_wrote(batch_id: int) -> None:
    """Make a batch look as the previous version recorded it: only snapshots."""
    ImportChange.delete().where(
        (ImportChange.batch == batch_id) & (ImportChange.action == "rows")
    ).execute()
    for ch in ImportChange.select().where(ImportChange.batch == batch_id):
        if ch.before and "wrote" in ch.before:
            before = dict(ch.before)
            before.pop("wrote")
            ImportChange.update(before=before).where(ImportChange.id == ch.id).execute()


def test_undoing_a_merge_keeps_later_touches_and_a_note_edited_since(store, tmp_path):
    dana = _existing_dana()
    result = _import(_write(tmp_path, "dana.vcf", DANA_CARD))
    assert result.merged == 1
    assert _phones(dana) == ["+442079460958"]
    contacts.log_interaction(dana, Kind.COFFEE, LATER, LATER, summary="Flat white")
    contacts.log_interaction(dana, Kind.CALL, LATER, LATER)
    edited = contacts.load_input(dana)
    edited.notes = "Met at the X conference; likes tea"
    contacts.update_contact(dana, edited, LATER)  # the editor writes every child row again

    preview = importer.preview_undo(result.batch_id)
    text = "\n".join(preview.lines())
    assert "phone +44 20 7946 0958" in text
    assert "notes (edited since the import)" in text
    assert "2 touches logged since the import" in text
    assert Phone.select().where(Phone.contact == dana).count() == 1  # the preview wrote nothing

    counts = importer.undo_batch(result.batch_id)
    assert counts == {"deleted": 0, "restored": 1}
    after = Contact.get_by_id(dana)
    assert _phones(dana) == []  # what the import added is gone
    assert after.organization == ""  # a field it set, untouched since, goes back
    assert after.notes == "Met at the X conference; likes tea"  # edited since: kept
    assert _touches(dana) == ["call", "coffee"]
    assert after.last_touch_at == LATER
    assert [g.name for g in Group.select().join(Membership).where(Membership.contact == dana)] == []
    assert ImportBatch.get_by_id(result.batch_id).undone


def test_undoing_a_merge_removes_the_touches_it_brought_and_keeps_the_later_ones(store, tmp_path):
    dana = _existing_dana()
    doc = {
        "format": "netcare",
        "version": 1,
        "contacts": [
            {
                "display_name": "Dana Scully",
                "emails": [{"value": "dana@fbi.example"}],
                "interactions": [
                    {"at": "2026-10-01T09:00:00", "kind": "meeting", "summary": "Imported"}
                ],
            }
        ],
    }
    path = tmp_path / "dana.json"
    path.write_text(json.dumps(doc))
    result = _import(path)
    assert _touches(dana) == ["meeting"]
    contacts.log_interaction(dana, Kind.COFFEE, LATER, LATER)
    preview = importer.preview_undo(result.batch_id)
    assert any("touch meeting on 2026-10-01" in line for line in preview.lines())
    importer.undo_batch(result.batch_id)
    assert _touches(dana) == ["coffee"]
    assert Contact.get_by_id(dana).last_touch_at == LATER


def test_a_group_the_import_added_stays_once_given_a_role(store, tmp_path):
    dana = _existing_dana()
    result = _import(_write(tmp_path, "dana.vcf", DANA_CARD))
    club = Group.get(Group.name == "Book club")
    groups.set_membership(dana, club.id, "Treasurer", None, None)
    plan = importer.undo(result.batch_id)
    assert any("group Book club (changed since the import)" in k for k in plan.changed[0].kept)
    assert Membership.get(Membership.contact == dana).role == "Treasurer"


def _created_dana_and_two_others(tmp_path) -> importer.ImportResult:
    cards = (
        DANA_CARD.replace("CATEGORIES:Book club\n", "")
        + _card("Ada Lovelace", "ada@example.org")
        + _card("Grace Hopper", "grace@example.org")
    )
    return _import(_write(tmp_path, "three.vcf", cards))


def _names() -> list[str]:
    return sorted(c.display_name for c in Contact.select())


@pytest.mark.parametrize(
    ("later_work", "reason"),
    [
        (lambda cid: contacts.log_interaction(cid, Kind.COFFEE, LATER, LATER), "1 touch logged"),
        (lambda cid: groups.add_member(groups.create_group("Alumni"), cid), "in 1 group since"),
        (lambda cid: review.move_to_circle(cid, 1, LATER), "edited since the import"),
        (
            lambda cid: contacts.update_contact(
                cid,
                contacts.ContactInput(given_name="Dana", family_name="Scully", title="Agent"),
                LATER,
            ),
            "edited since the import",
        ),
    ],
    ids=["touch", "group", "circle", "edit"],
)
def test_a_contact_the_import_created_and_touched_since_is_kept(
    store, tmp_path, later_work, reason
):
    result = _created_dana_and_two_others(tmp_path)
    dana = contacts.resolve_contact("Dana Scully").id
    later_work(dana)
    preview = importer.preview_undo(result.batch_id)
    assert [n for _i, n in preview.remove] == ["Ada Lovelace", "Grace Hopper"]
    assert [(n, any(reason in w for w in why)) for _i, n, why in preview.touched] == [
        ("Dana Scully", True)
    ]
    text = "\n".join(preview.lines())
    assert "Will remove 2 contacts" in text and "Will keep 1 contact the import" in text
    assert "Dana Scully (" in text

    plan = importer.undo(result.batch_id)
    assert _names() == ["Dana Scully"]
    assert [n for _i, n, _why in plan.kept_contacts] == ["Dana Scully"]
    assert "Kept 1 contact the import" in "\n".join(plan.lines(done=True))


def test_deleting_touched_contacts_needs_asking_for(store, tmp_path):
    result = _created_dana_and_two_others(tmp_path)
    dana = contacts.resolve_contact("Dana Scully").id
    contacts.log_interaction(dana, Kind.COFFEE, LATER, LATER)
    preview = importer.preview_undo(result.batch_id, delete_touched=True)
    assert "Will remove 3 contacts" in "\n".join(preview.lines())
    assert importer.undo_batch(result.batch_id, delete_touched=True) == {
        "deleted": 3,
        "restored": 0,
    }
    assert _names() == []
    assert Interaction.select().count() == 0


def test_untouched_contacts_the_import_created_all_go(store, tmp_path):
    result = _created_dana_and_two_others(tmp_path)
    assert importer.undo_batch(result.batch_id) == {"deleted": 3, "restored": 0}
    assert _names() == []


def test_a_batch_recorded_by_the_previous_version_still_undoes_without_losing_later_work(
    store, tmp_path
):
    dana = _existing_dana()
    merged = _import(_write(tmp_path, "dana.vcf", DANA_CARD))
    contacts.log_interaction(dana, Kind.COFFEE, LATER, LATER)
    contacts.log_interaction(dana, Kind.CALL, LATER, LATER)
    created = _import(
        _write(tmp_path, "two.vcf", _card("Ada Lovelace", "ada@x.org") + _card("Bo Li", "bo@x.org"))
    )
    bo = contacts.resolve_contact("Bo Li").id
    contacts.log_interaction(bo, Kind.CHECK_IN, LATER, LATER)
    _forget_what_it_wrote(merged.batch_id)
    _forget_what_it_wrote(created.batch_id)

    # Not edited since (touches do not edit): what the import added goes, the touches stay.
    importer.undo_batch(merged.batch_id)
    assert _phones(dana) == []
    assert Contact.get_by_id(dana).organization == ""
    assert _touches(dana) == ["call", "coffee"]
    # The contact it created that was touched since stays.
    plan = importer.undo(created.batch_id)
    assert [n for _i, n, _why in plan.kept_contacts] == ["Bo Li"]
    assert _names() == ["Bo Li", "Dana Scully"]


def test_a_previous_version_batch_keeps_everything_of_a_contact_edited_since(store, tmp_path):
    dana = _existing_dana()
    merged = _import(_write(tmp_path, "dana.vcf", DANA_CARD))
    edited = contacts.load_input(dana)
    edited.title = "Special Agent"
    contacts.update_contact(dana, edited, LATER)
    _forget_what_it_wrote(merged.batch_id)
    preview = importer.preview_undo(merged.batch_id)
    assert any("edited since the import" in k for k in preview.changed[0].kept)
    importer.undo_batch(merged.batch_id)
    after = Contact.get_by_id(dana)
    assert (after.title, after.organization, after.notes) == (
        "Special Agent",
        "FBI",
        "Met at the X conference",
    )
    assert _phones(dana) == ["+442079460958"]


def test_an_undo_that_fails_half_way_leaves_everything_as_it_was(store, tmp_path):
    dana = _existing_dana()
    result = _import(
        _write(tmp_path, "mix.vcf", _card("Ada Lovelace", "ada@example.org") + DANA_CARD)
    )
    assert result.created == 1 and result.merged == 1
    # A real failure inside SQLite while undo deletes the merged phone.
    db.execute_sql(
        "CREATE TRIGGER undo_fails BEFORE DELETE ON phone BEGIN SELECT RAISE(ABORT, 'disk'); END"
    )
    with pytest.raises(Exception, match="disk"):
        importer.undo(result.batch_id)
    db.execute_sql("DROP TRIGGER undo_fails")
    assert _names() == ["Ada Lovelace", "Dana Scully"]
    assert _phones(dana) == ["+442079460958"]
    assert Contact.get_by_id(dana).organization == "FBI"
    assert not ImportBatch.get_by_id(result.batch_id).undone
    importer.undo(result.batch_id)  # and it can be undone afterwards
    assert _names() == ["Dana Scully"] and _phones(dana) == []


def test_the_contacts_an_undo_kept_can_be_deleted_afterwards_on_request(store, tmp_path):
    result = _created_dana_and_two_others(tmp_path)
    dana = contacts.resolve_contact("Dana Scully").id
    contacts.log_interaction(dana, Kind.COFFEE, LATER, LATER)
    importer.undo(result.batch_id)
    assert _names() == ["Dana Scully"]
    with pytest.raises(ValueError, match="already undone"):
        importer.undo(result.batch_id)
    assert importer.undo_batch(result.batch_id, delete_touched=True)["deleted"] == 1
    assert _names() == []
