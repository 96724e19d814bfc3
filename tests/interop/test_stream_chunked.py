"""`netcare import` commits chunk by chunk: an import that does not finish is taken back
whole (at once when it fails or is cancelled, at the next start when it was killed), and
an import still running cannot be undone from elsewhere."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import pytest

from netcare_desktop.interop import importer, stream
from netcare_desktop.store import contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.models import Contact, Email, ImportBatch, ImportChange

NOW = datetime(2026, 11, 25, 12)


def _cards(path, n, start=0):
    path.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card {i}\r\nEMAIL:card{i}@example.org\r\nTITLE:Agent {i}\r\nEND:VCARD\r\n"
            for i in range(start, start + n)
        )
    )
    return path


def _dana() -> int:
    return contacts.create_contact(
        ContactInput(
            given_name="Dana", family_name="Scully", emails=[("work", "card3@example.org")]
        ),
        NOW,
    )


def test_a_cancelled_import_leaves_what_was_there(store, tmp_path, monkeypatch):
    dana = _dana()
    real = stream.read_chunks
    sent = []

    def cancelled_after_three_chunks(*args, **kwargs):
        for part in real(*args, **kwargs):
            if len(sent) == 3:
                raise KeyboardInterrupt  # Ctrl+C in the middle of the file
            sent.append(part)
            yield part

    monkeypatch.setattr(stream, "read_chunks", cancelled_after_three_chunks)
    monkeypatch.setattr(stream, "CHUNK", 10)
    monkeypatch.setattr(stream, "LOOK_AHEAD", 5)
    with pytest.raises(KeyboardInterrupt):
        stream.import_files([_cards(tmp_path / "c.vcf", 100)], NOW, region="US", parallel=False)
    assert len(sent) == 3  # chunks were written and committed before the cancel
    assert [c.id for c in Contact.select()] == [dana]
    assert [e.address for e in Email.select()] == ["card3@example.org"]
    assert ImportBatch.select().count() == 0 and ImportChange.select().count() == 0


def test_a_killed_import_is_taken_back_at_the_next_start(store, tmp_path):
    dana = _dana()
    outcome = stream.import_files([_cards(tmp_path / "c.vcf", 30)], NOW, region="US")
    assert outcome.result.created == 29 and outcome.result.merged == 1
    batch = ImportBatch.get()
    # As a SIGKILL leaves it: still "in progress", written by a process that is gone.
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    ImportBatch.update(summary={"in_progress": {"pid": gone.pid, "start": None}}).execute()
    contacts.log_interaction(dana, "call", NOW, NOW, summary="kept")
    said = stream.recover_interrupted()
    assert (
        len(said) == 1
        and "did not finish" in said[0]
        and "29 contacts removed, 1 put back" in said[0]
    )
    assert [c.id for c in Contact.select()] == [dana]
    assert [e.address for e in Email.select()] == ["card3@example.org"]
    assert Contact.get_by_id(dana).title == ""  # the title the import merged in went back
    assert [i.summary for i in contacts.timeline(dana)] == ["kept"]
    assert ImportBatch.get_or_none(ImportBatch.id == batch.id) is None
    assert stream.recover_interrupted() == []  # once


def test_an_import_still_running_cannot_be_undone(store, tmp_path):
    stream.import_files([_cards(tmp_path / "c.vcf", 5)], NOW, region="US")
    ImportBatch.update(summary={"in_progress": importer.import_owner()}).execute()
    batch = ImportBatch.get()
    with pytest.raises(ValueError, match="still running"):
        importer.undo_batch(batch.id)
    assert stream.recover_interrupted() == []  # its process (this one) is alive
    assert Contact.select().count() == 5


def test_rows_another_writer_adds_between_chunks_are_not_the_imports(store, tmp_path, monkeypatch):
    from netcare_desktop.store import groups

    real = stream.read_chunks
    mentors = groups.create_group("Mentors")

    def another_writer_between_chunks(*args, **kwargs):
        for n, part in enumerate(real(*args, **kwargs)):
            if n == 2:  # chunks 0 and 1 are committed; the window adds one of them to a group
                first = Contact.get(Contact.display_name == "Card 0")
                groups.add_member(mentors, first.id)
            yield part

    monkeypatch.setattr(stream, "read_chunks", another_writer_between_chunks)
    monkeypatch.setattr(stream, "CHUNK", 10)
    monkeypatch.setattr(stream, "LOOK_AHEAD", 5)
    outcome = stream.import_files(
        [_cards(tmp_path / "c.vcf", 40)], NOW, region="US", parallel=False
    )
    plan = importer.preview_undo(outcome.result.batch_id)
    kept = {name: why for _cid, name, why in plan.touched}
    assert "Card 0" in kept and any("group" in w for w in kept["Card 0"])
    importer.undo_batch(outcome.result.batch_id)
    assert [c.display_name for c in Contact.select()] == ["Card 0"]


def test_two_starts_taking_back_the_same_import_do_it_once(store, tmp_path):
    stream.import_files([_cards(tmp_path / "c.vcf", 5)], NOW, region="US")
    batch = ImportBatch.get()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    ImportBatch.update(summary={"in_progress": {"pid": gone.pid, "start": None}}).execute()
    assert stream.discard(batch.id).deleted == 5
    assert stream.discard(batch.id) is None  # the other start found nothing left: no error
    assert Contact.select().count() == 0
