"""Issue 15, "Keep every type, preference and grouping": a file's types, PREF, groups and
ALTID alternatives survive import, vCard export (3.0 and 4.0) and import again, and a second
parser (vobject) reads the export with the same types and groups.

Fixtures: tests/fixtures/issue15/types/ (written for these tests, see SOURCES.md).
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest
import vobject

from netcare_desktop.interop import importer
from netcare_desktop.interop.exporter import export
from netcare_desktop.store.database import close_store, open_store

NOW = datetime(2026, 12, 3, 12)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "issue15" / "types"

# What the first import keeps, per file: (value, label, preferred, group) of each phone,
# email, URL, and (street, label, preferred, group) of each address.
EXPECTED = {
    "types-2.1.vcf": {
        "phones": [
            ("+31 20 555 0101", "work fax", False, ""),  # TEL;WORK;FAX
            ("+31 6 5555 0102", "mobile", True, ""),  # TEL;CELL;PREF
            ("+31 20 555 0103", "home", False, ""),
        ],
        "emails": [("wendela@example.nl", "", True, "")],
        "urls": [("https://quist.example.nl/", "work", True, "")],
        "addresses": [
            ("Keizersgracht 1", "work", False, ""),
            ("Prinsengracht 2", "home", True, ""),
        ],
    },
    "types-3.0.vcf": {
        "phones": [
            ("+234 1 555 0201", "work fax", False, ""),  # TYPE=WORK,FAX
            ("+234 1 555 0202", "home fax", False, ""),  # TYPE=home;TYPE=fax
            ("+234 803 555 0203", "whatsapp", False, ""),  # a custom type, as written
            ("+234 803 555 0204", "mobile", True, ""),  # TYPE=CELL,pref
            ("+234 1 555 0205", "", False, "WORK"),  # WORK.TEL
        ],
        "emails": [("ngozi@okafor.example.ng", "work", False, "")],
        "urls": [
            ("https://okafor.example.ng/", "work", True, ""),
            ("https://ngozi.example.ng/", "home", False, ""),
        ],
        "addresses": [
            ("12 Marina", "home", False, "HOME"),  # HOME.ADR beside HOME.LABEL
            ("3 Broad Street", "work", True, ""),
        ],
    },
    "types-4.0.vcf": {
        "phones": [
            ("+49-30-555-0301", "work fax", False, ""),  # TYPE="work,fax"
            ("+49-170-555-0302", "mobile", True, ""),  # PREF=1
            ("+49-30-555-0303", "home", False, ""),
        ],
        "emails": [
            ("ilse@brandt.example.de", "work", True, ""),  # PREF=2
            ("ilse@home.example.de", "home", False, ""),
        ],
        "urls": [("https://brandt.example.de/", "", True, "")],
        "addresses": [
            ("Torstrasse 4", "home", False, ""),
            ("Unter den Linden 5", "work", True, ""),
        ],
    },
    "apple-groups-3.0.vcf": {
        "phones": [
            ("+46 46 555 0401", "Work", False, "item3"),  # _$!<Work>!$_: its case kept
            ("+46 70 555 0402", "Mobile", True, "item4"),
        ],
        "emails": [("maja@choir.example.se", "Choir", False, "item5")],
        "urls": [("https://maja.example.se/", "HomePage", True, "item6")],
        "addresses": [
            ("Sankt Petri kyrkogata 7", "home", True, "item1"),  # with item1.X-ABADR:se
            ("12 Rue de Rivoli", "Studio", False, "item2"),  # with item2.X-ABADR:fr
        ],
    },
}


def _import(folder: Path, path: Path) -> dict:
    """The file imported into a new database, and that contact as the JSON export has it."""
    db = open_store(folder / "netcare.db", folder / "backups", NOW)
    try:
        importer.apply_plan(importer.plan_import([importer.read_file(path)], region="DE"), NOW)
        out = io.StringIO()
        export("json", out, NOW)
    finally:
        close_store(db)
    (contact,) = json.loads(out.getvalue())["contacts"]
    return contact


def _export(folder: Path, fmt: str) -> str:
    db = open_store(folder / "netcare.db", folder / "backups", NOW)
    try:
        out = io.StringIO()
        export(fmt, out, NOW)
        return out.getvalue()
    finally:
        close_store(db)


def _facts(contact: dict) -> dict:
    return {
        "phones": [(p["value"], p["label"], p["preferred"], p["group"]) for p in contact["phones"]],
        "emails": [(e["value"], e["label"], e["preferred"], e["group"]) for e in contact["emails"]],
        "urls": [(u["value"], u["label"], u["preferred"], u["group"]) for u in contact["urls"]],
        "addresses": [
            (a["street"], a["label"], a["preferred"], a["group"]) for a in contact["addresses"]
        ],
    }


@pytest.mark.parametrize("fmt", ["vcf", "vcf3"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_types_pref_and_groups_survive_import_export_import(tmp_path, name, fmt):
    first = _import(tmp_path / "a", FIXTURES / name)
    assert _facts(first) == EXPECTED[name]
    dump = tmp_path / "out.vcf"
    dump.write_text(_export(tmp_path / "a", fmt), "utf-8")
    again = _import(tmp_path / "b", dump)
    assert _facts(again) == EXPECTED[name]
    assert sorted(x["name"] for x in again["extras"]) == sorted(x["name"] for x in first["extras"])


@pytest.mark.parametrize("fmt", ["vcf", "vcf3"])
def test_apple_groups_are_written_back_together(tmp_path, fmt):
    """Apple and Google read an address's country code and label from its group."""
    _import(tmp_path, FIXTURES / "apple-groups-3.0.vcf")
    text = _export(tmp_path, fmt)
    lines = text.replace("\r\n ", "").splitlines()
    assert any(line.startswith("item1.ADR") and "Sankt Petri" in line for line in lines)
    assert "item1.X-ABADR:se" in lines
    assert any(line.startswith("item2.ADR") and "Rivoli" in line for line in lines)
    assert "item2.X-ABADR:fr" in lines
    assert "item2.X-ABLabel:Studio" in lines
    assert "item3.X-ABLabel:_$!<Work>!$_" in lines  # Apple's own label, as Apple wrote it
    assert "item4.X-ABLabel:_$!<Mobile>!$_" in lines


@pytest.mark.parametrize("fmt", ["vcf", "vcf3"])
def test_vobject_reads_the_same_types_and_groups(tmp_path, fmt):
    _import(tmp_path / "t", FIXTURES / "types-3.0.vcf")
    card = vobject.readOne(_export(tmp_path / "t", fmt))
    types = {
        tel.value.removeprefix("tel:"): sorted(t.lower() for t in tel.params.get("TYPE", []))
        for tel in card.contents["tel"]
    }
    assert types["+234 1 555 0201"] == ["fax", "work"]
    assert types["+234 1 555 0202"] == ["fax", "home"]
    assert types["+234 803 555 0203"] == ["whatsapp"]
    preferred = next(t for t in card.contents["tel"] if "0204" in t.value)
    if fmt == "vcf":
        assert preferred.params.get("PREF") == ["1"]
    else:
        assert "pref" in types["+234 803 555 0204"]
    grouped = {(c.group or "", c.name) for values in card.contents.values() for c in values}
    assert {("WORK", "TEL"), ("WORK", "X-ASSISTANT"), ("HOME", "ADR"), ("HOME", "LABEL")} <= (
        grouped
    )

    _import(tmp_path / "a", FIXTURES / "apple-groups-3.0.vcf")
    card = vobject.readOne(_export(tmp_path / "a", fmt))
    by_group: dict[str, set[str]] = {}
    for values in card.contents.values():
        for c in values:
            if c.group:
                by_group.setdefault(c.group, set()).add(c.name)
    assert {"ADR", "X-ABADR"} <= by_group["item1"]
    assert {"ADR", "X-ABADR", "X-ABLABEL"} <= by_group["item2"]
    assert {"TEL", "X-ABLABEL"} <= by_group["item3"]


@pytest.mark.parametrize("fmt", ["vcf", "vcf3"])
def test_both_altid_alternatives_are_kept(tmp_path, fmt):
    """Two FN and two N for two scripts: the first is the name, the second kept with its
    ALTID and LANGUAGE and written back with them."""
    first = _import(tmp_path / "a", FIXTURES / "altid-4.0.vcf")
    assert (first["display_name"], first["family_name"], first["given_name"]) == (
        "山田太郎",
        "山田",
        "太郎",
    )
    kept = {(x["name"], x["value"]): x["params"] for x in first["extras"]}
    assert kept[("FN", "Taro Yamada")] == {"ALTID": ["1"], "LANGUAGE": ["en"]}
    assert kept[("N", "Yamada;Taro;;;")] == {"ALTID": ["1"], "LANGUAGE": ["en"]}
    text = _export(tmp_path / "a", fmt)
    assert "FN;ALTID=1;LANGUAGE=en:Taro Yamada\r\n" in text
    assert "N;ALTID=1;LANGUAGE=en:Yamada;Taro;;;\r\n" in text
    dump = tmp_path / "out.vcf"
    dump.write_text(text, "utf-8")
    again = _import(tmp_path / "b", dump)
    assert again["display_name"] == "山田太郎"
    assert {(x["name"], x["value"]) for x in again["extras"]} == set(kept)
