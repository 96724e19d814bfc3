"""Exports other programs accept (issue 15): a second parser, vobject 0.9.9, reads every
exported card, 3.0 and 4.0, of the shared corpus and of this project's samples, with the
same names, emails, phones and photos; and no export carries a vCard 2.1-only parameter
(CHARSET, QUOTED-PRINTABLE, BASE64, 8BIT), 4.0 no ENCODING at all, 3.0 only ENCODING=b.

vobject has no vCard 4.0 behaviour: it splits a 4.0 ``PHOTO:data:...;base64,...`` at the
comma (skarim/vobject#87), so a 4.0 photo is taken from the property's raw value (vobject's
``transform=False``) and decoded here. ``make interop`` reads the same exports with khard.
"""

from __future__ import annotations

import base64
import io
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
import vobject

from netcare_desktop.core.record import ContactRecord, Email, Extra
from netcare_desktop.interop import importer
from netcare_desktop.interop.exporter import export
from netcare_desktop.interop.jsonformat import document, record_to_json
from netcare_desktop.interop.vcard import read_vcards, write_vcard
from tests.samples import OWN_SAMPLES

FIXTURES = Path(__file__).parent.parent / "fixtures" / "issue15" / "exports"
NOW = datetime(2026, 11, 25, 12)
VERSIONS = ("3.0", "4.0")


def _vcards(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".vcf", ".vcard"))


def _display(rec: ContactRecord) -> str:
    """The FN the writer gives a record (its display name, else the name's parts)."""
    parts = (rec.prefix, rec.given_name, rec.middle_name, rec.family_name)
    return rec.display_name or " ".join(p for p in parts if p) or rec.organization


def parameter_problems(text: str, version: str) -> list[str]:
    """The vCard 2.1-only parameters vobject finds on the lines of ``text``."""
    problems = []
    for card in vobject.readComponents(text, transform=False):
        for prop in card.getChildren():
            params = {k.upper(): [v.upper() for v in vals] for k, vals in prop.params.items()}
            where = f"{prop.name}{params}"
            if prop.singletonparams:  # TEL;WORK;QUOTED-PRINTABLE: 2.1's bare parameters
                problems.append(f"{where}: bare parameters {prop.singletonparams}")
            if "CHARSET" in params:
                problems.append(f"{where}: CHARSET")
            encoding = params.get("ENCODING", [])
            if version == "4.0" and encoding:
                problems.append(f"{where}: ENCODING in 4.0")
            if version == "3.0" and encoding not in ([], ["B"]):
                problems.append(f"{where}: ENCODING other than b")
    return problems


def raw_values(text: str, wanted: str) -> list[str]:
    """The values of one property as vobject's own line parser gives them (its card
    reader cuts a value that is not 3.0 text at its first comma)."""
    values = []
    for line, _number in vobject.base.getLogicalLines(io.StringIO(text)):
        name, _params, value, _group = vobject.base.parseLine(line)
        if name.upper() == wanted:
            values.append(value)
    return values


def _photo(card, text: str, version: str) -> bytes | None:
    if version == "3.0":
        for prop in card.contents.get("photo", []):
            if isinstance(prop.value, bytes):  # vobject decoded ENCODING=b
                return prop.value
        return None
    for value in raw_values(text, "PHOTO"):
        m = re.match(r"data:[^,]*;base64,(.*)$", value, re.DOTALL)
        if m:
            return base64.b64decode(m.group(1))
    return None


def fact_problems(rec: ContactRecord, version: str) -> list[str]:
    """What vobject reads differently from the record in the card written for it."""
    text = write_vcard(rec, version)
    card = vobject.readOne(text)
    problems = []
    got = {
        "fn": card.fn.value,
        "emails": sorted(e.value for e in card.contents.get("email", [])),
        "phones": sorted(t.value for t in card.contents.get("tel", [])),
        "photo": _photo(card, text, version),
    }
    want = {
        "fn": _display(rec),
        "emails": sorted(e.value for e in rec.emails),
        "phones": sorted(p.value for p in rec.phones),
        "photo": rec.photo,
    }
    for key, value in want.items():
        if got[key] != value:
            shown = (len(got[key] or b""), len(value)) if key == "photo" else (got[key], value)
            problems.append(
                f"{_display(rec)!r} {version} {key}: vobject {shown[0]!r}, ours {shown[1]!r}"
            )
    return problems


def _check_files(files: list[Path]) -> list[str]:
    problems: list[str] = []
    cards = 0
    for path in files:
        for rec in read_vcards(path.read_bytes(), path.name).records:
            for version in VERSIONS:
                cards += 1
                try:
                    problems += [f"{path.name}: {p}" for p in fact_problems(rec, version)]
                    text = write_vcard(rec, version)
                    problems += [
                        f"{path.name} {version}: {p}" for p in parameter_problems(text, version)
                    ]
                except Exception as exc:  # noqa: BLE001 - vobject refusing a card is the finding
                    problems.append(
                        f"{path.name} {version}: vobject refused {_display(rec)!r}: {exc!r}"
                    )
    assert cards, "no card read"
    return problems


def test_vobject_reads_every_export_of_the_corpus(corpus_dir):
    files = _vcards(corpus_dir / "vcards") + _vcards(corpus_dir / "synthetic")
    assert _check_files(files) == []


def test_vobject_reads_every_export_of_our_samples():
    files = _vcards(OWN_SAMPLES / "vcards") + _vcards(OWN_SAMPLES / "synthetic") + _vcards(FIXTURES)
    assert _check_files(files) == []


# -- what a 2.1 file's kept properties become -------------------------------------------------


def test_binaries_kept_from_a_21_file_are_data_uris_in_40_and_encoding_b_in_30(store):
    """A phone's 2.1 file: a LOGO, a Symbian X- field in base64, a quoted-printable X- field
    with CHARSET, an 8BIT one, all kept; the export through the store writes them in the
    form each version allows."""
    importer.apply_plan(
        importer.plan_import(
            [importer.read_file(FIXTURES / "phone-2.1-binaries.vcf")], region="DE"
        ),
        NOW,
    )
    out = {}
    for fmt, version in (("vcf", "4.0"), ("vcf3", "3.0")):
        buf = io.StringIO()
        export(fmt, buf, NOW)
        out[version] = buf.getvalue()
        assert parameter_problems(out[version], version) == []
        for word in ("CHARSET", "QUOTED-PRINTABLE", "ENCODING=BASE64", ";BASE64:", "8BIT"):
            assert word not in out[version].upper()
        assert ("ENCODING" in out[version]) == (version == "3.0")
    v4 = out["4.0"]
    assert vobject.readOne(v4, transform=False).contents["logo"][0].params == {}
    assert raw_values(v4, "LOGO")[0].startswith("data:image/png;base64,iVBORw0KGgo")
    assert raw_values(v4, "X-EPOCSECONDNAME") == [
        "data:application/octet-stream;base64,SsO8cmdlbiBkZXIgWndlaXRl"
    ]
    assert raw_values(v4, "X-CUSTOM-BLOB")[0].startswith("data:image/gif;base64,")
    assert raw_values(v4, "X-ANNIVERSARY-NOTE") == ["Hochzeit in Köln\\nam See"]
    assert raw_values(v4, "X-WORD") + raw_values(v4, "X-PLAIN") == ["Grüße", "Straße"]
    v3 = vobject.readOne(out["3.0"])
    assert v3.contents["logo"][0].value.startswith(b"\x89PNG")  # vobject decoded ENCODING=b
    assert v3.contents["x-epocsecondname"][0].params["ENCODING"] == ["b"]
    assert v3.fn.value == "Jürgen Müller"


def test_a_quoted_printable_extra_from_a_json_document_is_decoded_on_export():
    """A kept property as a JSON document may hold it: 2.1 parameters and a QP value."""
    rec = ContactRecord(
        display_name="Zoë",
        extras=[
            Extra(
                "X-CITY", {"ENCODING": ["QUOTED-PRINTABLE"], "CHARSET": ["ISO-8859-1"]}, "K=F6ln"
            ),
            Extra("X-LINES", {"ENCODING": ["QUOTED-PRINTABLE"]}, "one=0D=0Atwo"),
            Extra("X-KEPT", {"CHARSET": ["UTF-8"], "ENCODING": ["8BIT"], "TYPE": ["HOME"]}, "v"),
        ],
    )
    for version in VERSIONS:
        card = write_vcard(rec, version)
        assert "X-CITY:Köln\r\n" in card
        assert "X-LINES:one\\ntwo\r\n" in card
        assert "X-KEPT;TYPE=HOME:v\r\n" in card


def test_a_40_data_uri_picture_kept_as_an_extra_is_encoding_b_in_30():
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()
    rec = ContactRecord(
        display_name="L", extras=[Extra("LOGO", {}, f"data:image/png;base64,{png}")]
    )
    assert f"LOGO;ENCODING=b;TYPE=PNG:{png}\r\n" in write_vcard(rec, "3.0")
    assert f"LOGO:data:image/png;base64,{png}\r\n" in write_vcard(rec, "4.0")


def test_lotus_notes_profile_line_is_not_written_back():
    """``PROFILE:VCard`` only restates BEGIN:VCARD; vobject and khard refuse a card with it."""
    rec = ContactRecord(display_name="N", extras=[Extra("PROFILE", {}, "VCard")])
    for version in VERSIONS:
        assert "PROFILE" not in write_vcard(rec, version)
        vobject.readOne(write_vcard(rec, version))


@pytest.mark.parametrize("label", ["Work", "HOME", "Mobile", "Work Fax", "whatsapp"])
def test_labels_keep_their_case_through_json(store, tmp_path, label):
    """A label as written (standard or not) comes back as written from a JSON round trip."""
    rec = ContactRecord(display_name="Case Keeper")
    rec.emails.append(Email("c@example.org", label))
    source = tmp_path / "in.json"
    source.write_text(json.dumps(document([], [], [record_to_json(rec)], NOW)), "utf-8")
    importer.apply_plan(importer.plan_import([importer.read_file(source)], region="GB"), NOW)
    out = io.StringIO()
    export("json", out, NOW)
    (contact,) = json.loads(out.getvalue())["contacts"]
    assert [e["label"] for e in contact["emails"]] == [label]
