"""Helpers for the CSV format tests: the corpus samples and the facts a row is compared by."""

from __future__ import annotations

from pathlib import Path

from netcare_desktop.core.record import (
    ContactRecord,
)
from netcare_desktop.interop.csvformats import (
    CsvResult,
    read_csv,
)

SAMPLES = (
    "google-contacts.csv",
    "google-contacts-legacy.csv",
    "linkedin-connections.csv",
    "linkedin-connections-2018.csv",
    "outlook-com.csv",
    "outlook-desktop.csv",
)


def facts(rec: ContactRecord) -> dict:
    """Everything a record says, in a shape that is easy to write down."""
    return {
        "line": rec.line,
        "display_name": rec.display_name,
        "given_name": rec.given_name,
        "middle_name": rec.middle_name,
        "family_name": rec.family_name,
        "prefix": rec.prefix,
        "suffix": rec.suffix,
        "nickname": rec.nickname,
        "organization": rec.organization,
        "department": rec.department,
        "title": rec.title,
        "birthday": (rec.birthday_year, rec.birthday_month, rec.birthday_day),
        "notes": rec.notes,
        "emails": [(e.value, e.label, e.preferred) for e in rec.emails],
        "phones": [(p.value, p.label, p.e164) for p in rec.phones],
        "urls": [(u.value, u.label) for u in rec.urls],
        "addresses": rec.addresses,
        "linkedin_url": rec.linkedin_url,
        "groups": rec.groups,
        "connected_on": rec.connected_on,
        "extras": [(x.name, x.params, x.value) for x in rec.extras],
        "photo_url": rec.photo_url,
        "uid": rec.uid,
    }


def expect(**given: object) -> dict:
    base = facts(ContactRecord())
    unknown = set(given) - set(base)
    assert not unknown, unknown
    base.update(given)
    if given.get("connected_on") and "extras" not in given:
        # Issue 15: LinkedIn's Connected On is kept as an extra too (the store keeps extras).
        base["extras"] = [("X-LINKEDIN-CONNECTED-ON", {}, given["connected_on"])]
    return base


def read_sample(corpus_dir: Path, name: str) -> CsvResult:
    path = corpus_dir / "csv" / name
    return read_csv(path.read_bytes(), str(path))
