"""vCard export keeps every value inside its value (issue 12): whatever text a field
holds, export and re-import give one card with that text, in 3.0 and 4.0."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcare_desktop.core.record import Address, ContactRecord, Email, Extra, Phone, Url
from netcare_desktop.interop import importer
from netcare_desktop.interop.exporter import export
from netcare_desktop.interop.jsonformat import document, record_to_json
from netcare_desktop.interop.vcard import read_vcards, write_vcard
from netcare_desktop.store.database import close_store, open_store

NOW = datetime(2026, 11, 25, 12)
EVIL = "\nEND:VCARD\nBEGIN:VCARD\nFN:Evil\nEMAIL:x@y"
BREAKS = ("\n", "\r", "\r\n", "\r\r\n")

# Text that trips writers: every line break form, escapes, separators, RFC 6868's caret.
TOKENS = ["\n", "\r", "\r\n", "\\", "\\n", "\\,", ",", ";", ":", '"', "^", "^n", "^'", "=0D"]
TOKENS += ["END:VCARD", "BEGIN:VCARD", "\nEND:VCARD\n", " ", "\t", "item1.", "TYPE="]
CHARS = st.characters(blacklist_categories=("Cs", "Cc"))  # controls: test_no_control_*
TEXT = st.lists(st.one_of(CHARS, st.sampled_from(TOKENS)), max_size=12).map("".join)


def breaks(text: str) -> str:
    """Any line break is one LF."""
    return re.sub(r"\r\n|\r|\n", "\n", text)


def norm(text: str) -> str:
    """What a re-import gives for a value: any line break one LF; no white space around."""
    return breaks(text).strip()


def _one(text: str, version: str) -> ContactRecord:
    result = read_vcards(text.encode("utf-8"), "x.vcf")
    assert result.cards == 1, text
    assert len(result.records) == 1 and not result.issues, (result.issues, text)
    return result.records[0]


@pytest.mark.parametrize("version", ["4.0", "3.0"])
@pytest.mark.parametrize("breaks", BREAKS)
def test_a_url_holding_a_card_stays_one_card_and_no_email_moves(version, breaks):
    url = "https://dana.example/" + EVIL.replace("\n", breaks)
    dana = ContactRecord(display_name="Dana", emails=[Email("dana@example.org")], urls=[Url(url)])
    text = write_vcard(dana, version)
    assert "\nEND:VCARD" not in text.replace("\r\n", "\n")[:-11]  # only the card's own end
    rec = _one(text, version)
    assert rec.display_name == "Dana"
    assert [e.value for e in rec.emails] == ["dana@example.org"]
    assert [u.value for u in rec.urls] == [norm(url)]


FIELDS_WITH_BREAKS = {
    "uid": lambda r, v: setattr(r, "uid", v),
    "photo_url": lambda r, v: setattr(r, "photo_url", "https://p.example/" + v),
    "linkedin_url": lambda r, v: setattr(r, "linkedin_url", "https://linkedin.com/in/" + v),
    "notes": lambda r, v: setattr(r, "notes", v),
    "photo mime": lambda r, v: (
        setattr(r, "photo", b"\x89PNG\r\n\x1a\n") or setattr(r, "photo_mime", "image/png" + v)
    ),
    "organization": lambda r, v: setattr(r, "organization", v),
    "title": lambda r, v: setattr(r, "title", v),
    "address": lambda r, v: r.addresses.append(Address(street=v, locality=v)),
    "group": lambda r, v: r.groups.append(v),
    "email label": lambda r, v: r.emails.append(Email("b@example.org", v)),
    "phone label": lambda r, v: r.phones.append(Phone("+44 20 7946 0000", v)),
    "extra value": lambda r, v: r.extras.append(Extra("X-THING", {}, v)),
    "extra param": lambda r, v: r.extras.append(Extra("X-THING", {"X-P": [v]}, "a")),
}


@pytest.mark.parametrize("version", ["4.0", "3.0"])
@pytest.mark.parametrize("field", FIELDS_WITH_BREAKS)
@pytest.mark.parametrize("breaks", BREAKS)
def test_no_field_can_end_the_card(version, field, breaks):
    rec = ContactRecord(display_name="Dana", emails=[Email("dana@example.org")])
    FIELDS_WITH_BREAKS[field](rec, "v" + EVIL.replace("\n", breaks))
    text = write_vcard(rec, version)
    back = _one(text, version)
    assert back.display_name == "Dana"
    assert [e.value for e in back.emails][:1] == ["dana@example.org"]
    assert "x@y" not in [e.value for e in back.emails]


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_no_control_character_ends_a_line(version):
    """Only CR and LF end a line for a reader; every other control stays in its value."""
    for code in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]:
        evil = f"v{chr(code)}END:VCARD{chr(code)}BEGIN:VCARD{chr(code)}FN:Evil"
        rec = ContactRecord(
            display_name="Dana", emails=[Email("dana@example.org")], notes=evil, urls=[Url(evil)]
        )
        result = read_vcards(write_vcard(rec, version).encode("utf-8"), "x.vcf")
        assert result.cards == 1 and [r.display_name for r in result.records] == ["Dana"], code


def test_a_quoted_printable_cr_read_from_a_card_is_written_escaped():
    card = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Dana\r\nEMAIL:dana@example.org\r\n"
        b"URL;ENCODING=QUOTED-PRINTABLE:https://a=0DEND:VCARD=0D=0ABEGIN:VCARD=0DFN:Evil\r\n"
        b"X-THING;ENCODING=QUOTED-PRINTABLE:a=0DEND:VCARD=0DBEGIN:VCARD\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE:one=0Dtwo=0D=0Athree\r\nEND:VCARD\r\n"
    )
    (rec,) = read_vcards(card, "x.vcf").records
    for version in ("4.0", "3.0"):
        back = _one(write_vcard(rec, version), version)
        assert back.display_name == "Dana"
        assert back.notes == "one\ntwo\nthree"
        assert [u.value for u in back.urls] == ["https://a\nEND:VCARD\nBEGIN:VCARD\nFN:Evil"]


@pytest.mark.parametrize(
    "extra",
    [
        Extra("X-A:b\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Evil\r\nX-B", {}, "v"),
        Extra("END", {}, "VCARD"),
        Extra("begin", {}, "VCARD"),
        Extra("X-A", {"X-P:q\nEND:VCARD\nBEGIN:VCARD\nFN:Evil\nX": ["v"]}, "v"),
    ],
)
def test_an_extra_that_is_not_a_vcard_property_is_left_out_and_reported(extra):
    rec = ContactRecord(display_name="Dana", emails=[Email("dana@example.org")], extras=[extra])
    for version in ("4.0", "3.0"):
        problems: list[str] = []
        back = _one(write_vcard(rec, version, problems.append), version)
        assert back.display_name == "Dana" and back.extras == []
        assert len(problems) == 1 and "left out" in problems[0]


def _record(draw) -> ContactRecord:
    t = lambda: draw(TEXT)  # noqa: E731
    return ContactRecord(
        uid=t(),
        display_name="N" + t(),
        given_name=t(),
        family_name=t(),
        middle_name=t(),
        prefix=t(),
        suffix=t(),
        nickname=t(),
        organization=t(),
        department=t(),
        title=t(),
        notes=t(),
        emails=[Email(f"a{i}@example.org", t()) for i in range(draw(st.integers(0, 2)))],
        phones=[Phone(f"+44 20 7946 000{i}", t()) for i in range(draw(st.integers(0, 2)))],
        urls=[Url("https://u.example/" + t(), t()) for _ in range(draw(st.integers(0, 2)))],
        addresses=[Address(t(), t(), t(), "s" + t(), t(), t(), t(), t())],
        groups=list({g.casefold(): g for g in (norm(t()) for _ in range(2)) if g}.values()),
        photo_url="https://p.example/" + t(),
        extras=[Extra("X-THING", {"X-P": ["p" + t()]}, "v" + t())],
    )


def _expected(d: dict) -> dict:
    """A contact (as JSON) as a vCard re-import gives it: the readers' documented
    normalisations only (white space around a value, one LF for any line break, labels
    of known types in lower case, nicknames and departments as lists)."""
    d = json.loads(json.dumps(d))
    nickname = ", ".join(norm(n) for n in d["nickname"].split(", ") if norm(n))
    department = "; ".join(norm(n) for n in d["department"].split(";") if norm(n))
    for key, value in d.items():
        if isinstance(value, str):
            d[key] = norm(value)
    d["nickname"], d["department"] = nickname, department
    d["emails"] = [{**e, "value": norm(e["value"])} for e in d["emails"]]
    d["phones"] = [{**p, "value": norm(p["value"])} for p in d["phones"]]
    d["emails"] = [{**e, "label": norm(e["label"]).casefold()} for e in d["emails"]]
    d["phones"] = [{**p, "label": norm(p["label"]).casefold()} for p in d["phones"]]
    d["urls"] = [
        {**u, "value": norm(u["value"]), "label": norm(u["label"]).casefold()} for u in d["urls"]
    ]
    d["addresses"] = [
        {
            k: v if not isinstance(v, str) else norm(v) if k != "label" else norm(v).casefold()
            for k, v in a.items()
        }
        for a in d["addresses"]
    ]
    d["extras"] = [
        {
            "name": x["name"],
            "params": {k: [breaks(v) for v in vals] for k, vals in x["params"].items()},
            "value": breaks(x["value"]).replace("\n", "\\n"),  # verbatim: as escaped
        }
        for x in d["extras"]
    ]
    return d


def _read_back(rec: ContactRecord) -> dict:
    d = record_to_json(rec)
    for key in ("emails", "phones", "urls", "addresses"):
        for item in d[key]:
            item["label"] = item["label"].casefold()
            # A label TYPE cannot carry is written in an itemN group of its own (with an
            # X-ABLabel), and reads back in that group: the group the writer chose.
            if item["group"].startswith("item"):
                item["group"] = ""
    return d


@pytest.mark.parametrize("version", ["4.0", "3.0"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rec=st.composite(_record)())
def test_any_text_in_any_field_comes_back_in_one_card(version, rec):
    text = write_vcard(rec, version)
    back = _one(text, version)
    assert _read_back(back) == _expected(record_to_json(rec))


def _facts(tmp: Path) -> list[dict]:
    out = io.StringIO()
    export("json", out, NOW)
    contacts = json.loads(out.getvalue())["contacts"]
    for c in contacts:
        c.pop("id")
        for p in c["phones"]:
            p.pop("e164")
    return contacts


def _import_into_fresh(folder: Path, path: Path) -> list[dict]:
    db = open_store(folder / "netcare.db", folder / "backups", NOW)
    try:
        plan = importer.plan_import([importer.read_file(path)], region="GB")
        importer.apply_plan(plan, NOW)
        return _facts(folder)
    finally:
        close_store(db)


@pytest.mark.parametrize("fmt", ["vcf", "vcf3"])
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(rec=st.composite(_record)())
def test_export_then_import_into_an_empty_database_keeps_every_text(tmp_path_factory, fmt, rec):
    """Through the store both ways: a JSON document puts the text in a first database,
    its vCard export goes into an empty one, which then holds one contact, the same."""
    tmp = tmp_path_factory.mktemp("round")
    source = tmp / "in.json"
    source.write_text(json.dumps(document([], [], [record_to_json(rec)], NOW)), "utf-8")
    first = _import_into_fresh(tmp / "a", source)
    db = open_store(tmp / "a" / "netcare.db", tmp / "a" / "backups", NOW)
    try:
        out = io.StringIO()
        export(fmt, out, NOW)
    finally:
        close_store(db)
    dump = tmp / "out.vcf"
    dump.write_bytes(out.getvalue().encode("utf-8"))
    second = _import_into_fresh(tmp / "b", dump)
    assert len(second) == 1
    (a,), (b,) = first, second
    for key in ("emails", "phones", "urls", "addresses"):
        for item in b[key]:
            item["label"] = item["label"].casefold()
            if item["group"].startswith("item"):  # the writer's own group (see _read_back)
                item["group"] = ""
    assert b == _expected(a)
