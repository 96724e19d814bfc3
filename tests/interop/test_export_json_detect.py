"""A NetCare JSON backup is read as JSON whatever its notes quote (issue 12): the format
comes from the content's structure, not from a BEGIN:VCARD somewhere in the first bytes."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest

from netcare_desktop.interop import importer
from netcare_desktop.interop.exporter import export
from netcare_desktop.store import contacts
from netcare_desktop.store.database import close_store, open_store
from netcare_desktop.store.models import Contact

NOW = datetime(2026, 11, 25, 12)
QUOTED = "Her card, as she sent it:\nBEGIN:VCARD\nVERSION:3.0\nFN:Someone Else\nEND:VCARD"


def test_a_backup_whose_note_quotes_a_vcard_reimports_as_json(store, app_paths, tmp_path):
    contacts.create_contact(
        contacts.ContactInput(given_name="Dana", family_name="Scully", notes=QUOTED), NOW
    )
    contacts.create_contact(contacts.ContactInput(given_name="Fox", family_name="Mulder"), NOW)
    out = io.StringIO()
    export("json", out, NOW)
    backup = tmp_path / "backup.json"
    backup.write_text(out.getvalue(), "utf-8")
    assert b"BEGIN:VCARD" in backup.read_bytes()[:4096]
    close_store(store)
    try:
        fresh = tmp_path / "fresh"
        db = open_store(fresh / "netcare.db", fresh / "backups", NOW)
        report, records = importer.read_file(backup)
        assert report.format == "json" and report.issues == []
        importer.apply_plan(importer.plan_import([(report, records)], region="GB"), NOW)
        rows = sorted((c.display_name, c.notes) for c in Contact.select())
        close_store(db)
        assert rows == [("Dana Scully", QUOTED), ("Fox Mulder", "")]
    finally:
        open_store(app_paths.database, app_paths.backups_dir, NOW)  # the fixture closes it


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.json", b'{"format": "netcare", "contacts": [{"notes": "BEGIN:VCARD"}]}', "json"),
        ("a.vcf", b'\xef\xbb\xbf  {\n "contacts": []}', "json"),  # the content wins
        ("a.txt", b'[{"display_name": "x", "notes": "BEGIN:VCARD"}]', "json"),
        ("a.json", b"[\n]", "json"),
        ("a.json", b"BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n", "vcard"),
        ("a.txt", b"\r\nBEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n", "vcard"),
        ("a.csv", b"[Name],Email\r\nx,y\r\n", "csv"),  # a bracket, not JSON
        ("a.csv", b"First Name,Last Name\r\n", "csv"),
    ],
)
def test_the_format_is_read_from_the_structure(name, content, kind):
    assert importer.sniff_format(Path(name), content[:4096]) == kind
