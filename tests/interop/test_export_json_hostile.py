"""Hostile values in a JSON document (issue 12): each is reported with the contact's index
and the value, that contact is skipped, the rest of the file imports; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest

from netcare_desktop.interop import importer
from netcare_desktop.store.models import Contact, Interaction

NOW = datetime(2026, 11, 25, 12)
GOOD = {"display_name": "Good One", "emails": [{"value": "good@example.org"}]}
LAST = {
    "display_name": "Good Two",
    "cadence_days": 30,
    "interactions": [{"at": "2026-11-01T10:00:00Z", "kind": "call", "follow_up": "2026-12-01"}],
}
TOUCH = {"at": "2026-11-01T10:00:00Z", "kind": "call"}
HOSTILE = [  # (contact, what the report names)
    ({"display_name": "C", "circle": {"name": "x"}}, 'circle {"name": "x"}'),
    ({"display_name": "C", "circle": ["a"]}, 'circle ["a"]'),
    ({"display_name": "C", "cadence_days": 1e308}, "cadence_days 1e+308"),
    ({"display_name": "C", "cadence_days": 10**30}, f"cadence_days {10**30}"),
    ({"display_name": "C", "cadence_days": -3}, "cadence_days -3"),
    ({"display_name": "C", "cadence_days": "often"}, 'cadence_days "often"'),
    ({"display_name": "C", "cadence_days": True}, "cadence_days true"),
    ({"display_name": "Lone \ud800"}, 'display_name "Lone \\ud800"'),
    ({"display_name": "C", "notes": "\udfff"}, 'notes "\\udfff"'),
    ({"display_name": ["a", "list"]}, 'display_name ["a", "list"]'),
    ({"display_name": {"a": 1}}, 'display_name {"a": 1}'),
    ({"display_name": "C", "emails": [{"value": ["x@y"]}]}, 'emails[1].value ["x@y"]'),
    ({"display_name": "C", "emails": "x@y"}, 'emails "x@y"'),
    ({"display_name": "C", "phones": [42]}, "phones[1] 42"),
    ({"display_name": "C", "groups": [{"g": 1}]}, 'groups[1] {"g": 1}'),
    ({"display_name": "C", "birthday": "banana"}, 'birthday "banana"'),
    ({"display_name": "C", "interactions": [{**TOUCH, "follow_up": "banana"}]}, '"banana"'),
    ({"display_name": "C", "interactions": [{**TOUCH, "at": "yesterday"}]}, '"yesterday"'),
    ({"display_name": "C", "interactions": [{**TOUCH, "at": 17}]}, "interactions[1].at 17"),
    ({"display_name": "C", "interactions": [{"kind": "call"}]}, "interactions[1].at null"),
    ({"display_name": "C", "interactions": [{**TOUCH, "kind": {"x": 1}}]}, '{"x": 1}'),
    ({"display_name": "C", "interactions": [{**TOUCH, "kind": "séance"}]}, '"séance"'),
    ({"display_name": "C", "interactions": [{**TOUCH, "direction": 3}]}, "direction 3"),
    ({"display_name": "C", "interactions": ["2026-11-01"]}, 'interactions[1] "2026-11-01"'),
    ({"display_name": "C", "photo": "abc"}, 'photo "abc"'),
    ({"display_name": "C", "photo": {"data_base64": "!!"}}, 'photo.data_base64 "!!"'),
    ({"display_name": "C", "extras": [{"name": "X-A", "params": [1]}]}, "extras[1].params"),
]


def _document(contact: dict) -> bytes:
    doc = {"format": "netcare", "version": 1, "contacts": [GOOD, contact, LAST]}
    return json.dumps(doc).encode("utf-8")  # ensure_ascii: a lone surrogate as \\ud800


@pytest.mark.parametrize(("contact", "named"), HOSTILE, ids=[h[1][:30] for h in HOSTILE])
def test_a_hostile_value_costs_its_contact_only_and_is_reported(store, tmp_path, contact, named):
    path = tmp_path / "hostile.json"
    path.write_bytes(_document(contact))
    report, records = importer.read_file(path)
    assert [r.display_name for r in records] == ["Good One", "Good Two"]
    (issue,) = report.issues
    assert issue.skipped and issue.line == 2
    assert issue.message.startswith("contact #2: ") and named in issue.message, issue.message
    importer.apply_plan(importer.plan_import([(report, records)], region="GB"), NOW)
    assert sorted(c.display_name for c in Contact.select()) == ["Good One", "Good Two"]
    two = Contact.get(Contact.display_name == "Good Two")
    assert two.cadence_days == 30
    assert [str(i.follow_up) for i in Interaction.select()] == ["2026-12-01"]


@pytest.mark.parametrize("name", ["END", "begin", "X-A\nEND:VCARD", "X-A:b", "item 1.X-A"])
def test_a_kept_property_no_card_can_hold_is_left_out_alone(store, tmp_path, name):
    """A kept vCard line is data the contact carries, not the contact: only it goes."""
    extras = [{"name": name, "value": "VCARD"}, {"name": "X-KEPT", "value": "yes"}]
    path = tmp_path / "extras.json"
    path.write_bytes(_document({"display_name": "Carrier", "extras": extras}))
    report, records = importer.read_file(path)
    assert [r.display_name for r in records] == ["Good One", "Carrier", "Good Two"]
    assert [(x.name, x.value) for x in records[1].extras] == [("X-KEPT", "yes")]
    (issue,) = report.issues
    assert not issue.skipped and issue.line == 2
    assert issue.message.startswith("contact #2: extras[1] ") and "left out" in issue.message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"contacts": [{"display_name": "x"}], "version": "one"}', 'version "one"'),
        (b'{"contacts": [], "version": [2]}', "version [2]"),
        (b'{"contacts": [{"display_name": 1' + b"0" * 5000 + b"}]}", "not a JSON document"),
    ],
)
def test_a_hostile_document_is_one_plain_report(tmp_path, text, says):
    path = tmp_path / "doc.json"
    path.write_bytes(text)
    report, records = importer.read_file(path)
    assert records == [] and len(report.issues) == 1 and says in report.issues[0].message


def test_the_cli_imports_the_rest_and_reports_every_hostile_contact(tmp_path):
    contacts = [GOOD, *(c for c, _ in HOSTILE), LAST]
    path = tmp_path / "hostile.json"
    path.write_bytes(json.dumps({"format": "netcare", "contacts": contacts}).encode("utf-8"))
    done = subprocess.run(
        [sys.executable, "-m", "netcare_desktop", "--data-dir", str(tmp_path / "d")]
        + ["import", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = done.stdout + done.stderr
    assert "Traceback" not in out and "unexpected error" not in out, out
    assert done.returncode == 0, out
    assert "2 new" in out
    for index, (_contact, named) in enumerate(HOSTILE, start=2):
        line = next(x for x in out.splitlines() if f"contact #{index}: " in x)
        assert named in line and line.endswith("skipped"), line
