"""Matching, merging, undo and round trips against a real SQLite file."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from netcare_desktop.core.kinds import Kind
from netcare_desktop.interop import importer
from netcare_desktop.interop.choice import Choice
from netcare_desktop.interop.exporter import export
from netcare_desktop.interop.similarity import token_set_ratio, token_sort_ratio
from netcare_desktop.store import contacts
from netcare_desktop.store.database import close_store, open_store
from netcare_desktop.store.models import Contact, ImportBatch

NOW = datetime(2026, 11, 25, 12)


def _import(*paths, choices=None):
    sources = [importer.read_file(p) for p in paths]
    plan = importer.plan_import(sources, region="GB")
    for index, choice in (choices or {}).items():
        plan.items[index].choice = choice
    return plan, importer.apply_plan(plan, NOW)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


ADA = """BEGIN:VCARD
VERSION:3.0
UID:ada-1
FN:Ada Lovelace
N:Lovelace;Ada;;;
ORG:Analytical Engines
EMAIL;TYPE=WORK:Ada@Example.org
TEL;TYPE=CELL:020 7946 0958
END:VCARD
"""


def test_similarity_measures():
    assert token_sort_ratio("ada lovelace", "lovelace ada") == 100
    assert token_sort_ratio("ada lovelace", "ada lovelac") > 88
    assert token_sort_ratio("ada lovelace", "grace hopper") < 50
    assert token_set_ratio("acme", "acme corp") == 100


def test_reimporting_the_same_file_changes_nothing(store, tmp_path):
    path = _write(tmp_path, "ada.vcf", ADA)
    _plan, first = _import(path)
    assert (first.created, first.merged) == (1, 0)
    plan, again = _import(path)
    assert (again.created, again.merged, again.unchanged) == (0, 0, 1)
    assert [it.action for it in plan.items] == ["unchanged"]
    assert Contact.select().count() == 1


def test_matching_by_email_phone_and_linkedin(store, tmp_path):
    _import(_write(tmp_path, "ada.vcf", ADA))
    by_email = _write(
        tmp_path,
        "e.vcf",
        "BEGIN:VCARD\nVERSION:4.0\nFN:A. Lovelace\nEMAIL:ada@example.ORG\n"
        "TITLE:Countess\nEND:VCARD\n",
    )
    by_phone = _write(
        tmp_path,
        "p.vcf",
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nTEL:+44 20 7946 0958\n"
        "URL:https://uk.linkedin.com/in/Ada-L/\nEND:VCARD\n",
    )
    by_linkedin = _write(
        tmp_path,
        "l.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,L,https://www.linkedin.com/in/ada-l,,,,09 Oct 2024\n",
    )
    plan, result = _import(by_email, by_phone, by_linkedin)
    # Issue 15: the row's Connected On is kept (X-LINKEDIN-CONNECTED-ON), so it adds a fact
    assert [it.action for it in plan.items] == ["merge", "merge", "merge"]
    assert result.created == 0
    (ada,) = Contact.select()
    assert ada.title == "Countess"  # filled: it was empty
    assert ada.display_name == "Ada Lovelace"  # never overwritten
    assert ada.linkedin_url == "https://uk.linkedin.com/in/Ada-L/"


def test_a_merge_never_overwrites_and_shows_the_conflict(store, tmp_path):
    _import(_write(tmp_path, "ada.vcf", ADA))
    other = _write(
        tmp_path,
        "o.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nUID:ada-1\nFN:Ada Lovelace\n"
        "ORG:Babbage & Co\nEMAIL:ada@home.example\nCATEGORIES:Book club\nEND:VCARD\n",
    )
    plan, result = _import(other)
    (item,) = plan.items
    assert item.action == "merge"
    assert any("organization" in c and "Babbage" in c for c in item.conflicts)
    assert "+ email ada@home.example" in item.changes and "+ group Book club" in item.changes
    (ada,) = Contact.select()
    assert ada.organization == "Analytical Engines"
    data = contacts.load_input(ada.id)
    assert [e for _l, e in data.emails] == ["Ada@Example.org", "ada@home.example"]
    assert data.groups == ["Book club"]


def test_the_same_person_twice_in_one_import_is_one_contact(store, tmp_path):
    path = _write(
        tmp_path, "twice.vcf", ADA + ADA.replace("TEL;TYPE=CELL:020 7946 0958", "NOTE:Poet")
    )
    plan, result = _import(path)
    assert (result.created, result.merged) == (1, 1)
    (ada,) = Contact.select()
    assert ada.notes == "Poet"


def test_similar_names_are_only_proposed(store, tmp_path, now):
    existing = contacts.create_contact(
        contacts.ContactInput(given_name="Grace", family_name="Hopper"), now
    )
    path = _write(
        tmp_path,
        "g.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Grace M. Hopper\nEMAIL:gmh@navy.example\nEND:VCARD\n",
    )
    plan, result = _import(path)
    (item,) = plan.items
    assert item.action == "duplicate" and item.candidates[0][0] == existing
    assert (result.created, result.possible_duplicates) == (1, 1)  # not merged by itself
    assert Contact.select().count() == 2


def test_what_a_person_chooses_for_a_record_is_what_is_written(store, tmp_path, now):
    existing = contacts.create_contact(
        contacts.ContactInput(given_name="Grace", family_name="Hopper"), now
    )
    grace = "BEGIN:VCARD\nVERSION:3.0\nFN:Grace M. Hopper\nEMAIL:gmh@navy.example\nEND:VCARD\n"
    ada = ADA.replace("\r\n", "\n")
    path = _write(tmp_path, "two.vcf", grace + ada)
    plan, result = _import(path, choices={0: Choice.merge(existing), 1: Choice.SKIP})
    assert [it.effective() for it in plan.items] == ["merge", "skip"]
    assert (result.created, result.merged, result.skipped) == (0, 1, 1)
    assert Contact.select().count() == 1
    assert [e for _l, e in contacts.load_input(existing).emails] == ["gmh@navy.example"]


def test_a_choice_is_one_string_for_a_widget_and_back():
    for choice in (Choice.PLANNED, Choice.NEW, Choice.SKIP, Choice.merge(42)):
        assert Choice.from_code(choice.code) == choice
    assert Choice.merge(42).code == "merge:42"
    for wrong in ("merge", "merge:x", "skip:3", "maybe"):
        with pytest.raises(ValueError):
            Choice.from_code(wrong)


def test_undo_removes_what_was_created_and_restores_what_was_changed(store, tmp_path, now):
    cid = contacts.create_contact(
        contacts.ContactInput(
            given_name="Ada", family_name="Lovelace", emails=[("", "ada@example.org")]
        ),
        now,
    )
    contacts.log_interaction(cid, Kind.COFFEE, now, now, summary="Tea, in fact")
    before = contacts.load_input(cid)
    path = _write(
        tmp_path,
        "mix.vcf",
        ADA
        + ADA.replace("ada-1", "x")
        .replace("Ada", "Grace")
        .replace("Lovelace", "Hopper")
        .replace("TEL;TYPE=CELL:020 7946 0958", "TEL:+1 202 555 0143"),
    )
    _plan, result = _import(path)
    assert (result.created, result.merged) == (1, 1)
    counts = importer.undo_batch(result.batch_id)
    assert counts == {"deleted": 1, "restored": 1}
    assert Contact.select().count() == 1
    assert contacts.load_input(cid) == before
    assert [i.summary for i in contacts.timeline(cid)] == ["Tea, in fact"]
    assert ImportBatch.get_by_id(result.batch_id).undone


def test_cancel_rolls_back_everything(store, tmp_path):
    path = _write(tmp_path, "ada.vcf", ADA)
    plan = importer.plan_import([importer.read_file(path)], region="GB")
    calls = []

    def cancelled():
        calls.append(1)
        return True

    try:
        importer.apply_plan(plan, NOW, cancelled=cancelled)
    except importer.ImportCancelled:
        pass
    else:  # pragma: no cover
        raise AssertionError("not cancelled")
    assert calls and Contact.select().count() == 0 and ImportBatch.select().count() == 0


def _facts() -> list[dict]:
    out = io.StringIO()
    export("json", out, NOW)
    doc = json.loads(out.getvalue())
    for c in doc["contacts"]:
        c.pop("id")
        for p in c["phones"]:
            p.pop("e164")
        # Kept verbatim, but a merge of several files may list them in another order.
        c["extras"] = sorted(c["extras"], key=lambda x: json.dumps(x, sort_keys=True))
    return sorted(doc["contacts"], key=lambda c: (c["display_name"], c["uid"]))


_MEDIA_WORDS = {"JPEG", "JPG", "PNG", "GIF", "BMP", "TIFF", "WEBP", "WAVE", "WAV", "PGP", "X509"}


def _as_vcard_keeps(contact: dict) -> dict:
    """A contact's kept properties in the form a vCard export keeps them (issue 15): a
    binary as its base64 data whatever the version wrote (ENCODING=BASE64 from 2.1, b in
    3.0, a data: URI in 4.0, the media type from TYPE or the URI), and without PROFILE:VCARD,
    which only restates BEGIN:VCARD."""
    kept = []
    for x in contact["extras"]:
        params = {k.upper(): v for k, v in x["params"].items()}
        encoding = [e.upper() for e in params.pop("ENCODING", [])]
        value = x["value"]
        if (x["name"].upper(), value.strip().upper()) == ("PROFILE", "VCARD"):
            continue
        if "B" in encoding or "BASE64" in encoding or value[:5].lower() == "data:":
            value = value.partition(";base64,")[2] if value[:5].lower() == "data:" else value
            media = [t for t in params.pop("TYPE", []) if t.upper() not in _MEDIA_WORDS]
            types = [t for t in media if "/" not in t]  # TYPE=image/png: a media type
            params = {k: v for k, v in params.items() if k not in ("VALUE", "MEDIATYPE")}
            params = {**params, **({"TYPE": types} if types else {})}
            value = "binary:" + "".join(value.split())
        kept.append({"name": x["name"], "params": params, "value": value})
    return {**contact, "extras": sorted(kept, key=lambda x: json.dumps(x, sort_keys=True))}


def _no_groups(contact: dict, strip: tuple[str, ...]) -> dict:
    """A contact without ``strip`` and without its values' vCard groups: a file whose
    groups several properties share (item2.TEL and item2.URL) is written with a group of
    each one's own (issue 15), so that no label goes to the wrong property."""
    out = {k: v for k, v in contact.items() if k not in strip}
    for key in ("emails", "phones", "urls", "addresses"):
        out[key] = [{k: v for k, v in item.items() if k != "group"} for item in out[key]]
    return out


def test_export_then_import_into_an_empty_data_dir_gives_back_the_same(
    store, app_paths, tmp_path, samples_dir
):
    sources = [importer.read_file(p) for p in sorted((samples_dir / "vcards").glob("*.vcf"))]
    importer.apply_plan(importer.plan_import(sources, region="US"), NOW)
    cid = Contact.select().first().id
    contacts.log_interaction(cid, Kind.CONGRATULATIONS, NOW, NOW, summary="New role", notes="🎉")
    original = _facts()
    dumps = {}
    for fmt in ("json", "vcf", "vcf3"):
        out = io.StringIO()
        export(fmt, out, NOW)
        dumps[fmt] = tmp_path / f"all-{fmt}.{'json' if fmt == 'json' else 'vcf'}"
        dumps[fmt].write_bytes(out.getvalue().encode("utf-8"))
    close_store(store)
    try:
        for fmt, dump in dumps.items():
            fresh = tmp_path / f"fresh-{fmt}"
            db = open_store(fresh / "netcare.db", fresh / "backups", NOW)
            importer.apply_plan(importer.plan_import([importer.read_file(dump)], region="US"), NOW)
            copy = _facts()
            close_store(db)
            if fmt == "json":
                assert copy == original
            else:  # vCard carries no circles, cadences or interactions
                strip = ("circle", "cadence_days", "interactions")
                assert [_as_vcard_keeps(_no_groups(c, strip)) for c in copy] == [
                    _as_vcard_keeps(_no_groups(c, strip)) for c in original
                ], fmt
    finally:
        open_store(app_paths.database, app_paths.backups_dir, NOW)  # the fixture closes it


def test_csv_export_reads_back_as_google_contacts(store, tmp_path, now):
    contacts.create_contact(
        contacts.ContactInput(
            given_name="Zoë",
            family_name="Álvarez",
            organization="Harbor, Inc.",
            title="CTO",
            emails=[("Work", "zoe@harbor.example")],
            phones=[("Mobile", "+34 600 000 000")],
            groups=["Book club"],
            notes="Line one\nLine two",
            birthday_month=2,
            birthday_day=29,
        ),
        now,
    )
    out = io.StringIO()
    export("csv", out, now)
    path = tmp_path / "google.csv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    report, (rec,) = importer.read_file(path)
    assert report.format == "csv-google"
    assert (rec.given_name, rec.family_name, rec.organization, rec.title) == (
        "Zoë",
        "Álvarez",
        "Harbor, Inc.",
        "CTO",
    )
    assert [e.value for e in rec.emails] == ["zoe@harbor.example"]
    assert rec.groups == ["Book club"] and (
        rec.birthday_year,
        rec.birthday_month,
        rec.birthday_day,
    ) == (None, 2, 29)
    plan, result = _import(path)
    assert (result.created, result.merged, result.unchanged) == (0, 0, 1)


def test_json_written_by_hand_is_read(store, tmp_path):
    path = tmp_path / "hand.json"
    path.write_text(
        json.dumps(
            {
                "format": "netcare",
                "version": 1,
                "contacts": [
                    {
                        "display_name": "Radia Perlman",
                        "emails": [{"value": "radia@example.org"}],
                        "birthday": "--12-18",
                        "interactions": [{"at": "2026-11-01T10:00:00Z", "kind": "check_in"}],
                    },
                    {"notes": "nobody"},
                    {"display_name": "Bad", "birthday": "soon"},
                ],
            }
        )
    )
    report, records = importer.read_file(path)
    assert [r.display_name for r in records] == ["Radia Perlman"]
    assert [(i.line, i.skipped) for i in report.issues] == [(2, True), (3, True)]
    _plan, result = _import(path)
    radia = contacts.resolve_contact("Radia Perlman")
    assert (radia.birthday_month, radia.birthday_day, radia.birthday_year) == (12, 18, None)
    assert [i.kind for i in contacts.timeline(radia.id)] == ["check_in"]
    assert radia.last_touch_at == datetime(2026, 11, 1, 10)


def test_a_json_export_with_interactions_imported_again_is_unchanged(store, tmp_path):
    """The matcher reads the stored interactions as SQL text (2026-11-20 10:30:15.123000):
    the same interaction in the document (ISO, T, no microseconds) is recognised."""
    cid = contacts.create_contact(contacts.ContactInput(given_name="Ada"), NOW)
    contacts.log_interaction(cid, "coffee", datetime(2026, 11, 20, 10, 30, 15, 123000), NOW)
    contacts.log_interaction(cid, "call", datetime(2026, 11, 21, 9, 0), NOW, summary="Plans")
    out = io.StringIO()
    export("json", out, NOW)
    path = tmp_path / "again.json"
    path.write_text(out.getvalue())
    plan, result = _import(path)
    assert [it.action for it in plan.items] == ["unchanged"]
    assert len(contacts.timeline(cid)) == 2


def test_the_search_index_written_by_a_bulk_import_is_what_the_triggers_would_write(
    store, samples_dir, now
):
    """insert_new fills the FTS rows from the values in hand; they must equal schema._INDEX_ROW."""
    from netcare_desktop.interop import importer
    from netcare_desktop.store.models import db
    from netcare_desktop.store.schema import reindex_sql

    sources = [importer.read_file(p) for p in sorted((samples_dir / "vcards").glob("*.vcf"))]
    importer.apply_plan(importer.plan_import(sources), now)
    written = {
        r[0]: (r[1], r[2], r[3], sorted(r[4].split()), r[5])
        for r in db.execute_sql(
            "SELECT rowid, name, organization, title, emails, notes FROM contact_index"
        )
    }
    ids = [r[0] for r in db.execute_sql("SELECT id FROM contact")]
    sql = reindex_sql(len(ids)).replace(
        "INSERT INTO contact_index(rowid, name, organization, title, emails, notes) ", ""
    )
    expected = {
        r[0]: (r[1], r[2], r[3], sorted(r[4].split()), r[5]) for r in db.execute_sql(sql, ids)
    }
    assert len(written) == len(ids) > 20
    assert written == expected


def test_undoing_an_import_never_touches_a_contact_that_took_a_deleted_ones_id(store, tmp_path):
    """SQLite hands the id of a deleted newest contact to the next one: the import's record
    of the deleted contact goes with it, so undoing that import leaves the newcomer alone."""

    def card(name: str, number: str) -> str:
        return f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nTEL:{number}\nEND:VCARD\n"

    first = _write(
        tmp_path, "first.vcf", card("Ada", "+44 20 7946 0001") + card("Carol", "+44 20 7946 0002")
    )
    _plan, one = _import(first)
    carol = contacts.resolve_contact("Carol")
    contacts.delete_contacts([carol.id])
    _import(_write(tmp_path, "later.vcf", card("Dave", "+44 20 7946 0003")))
    dave = contacts.resolve_contact("Dave")
    assert dave.id == carol.id  # the id was handed out again
    assert importer.undo_batch(one.batch_id) == {"deleted": 1, "restored": 0}
    assert [c.display_name for c in Contact.select()] == ["Dave"]
