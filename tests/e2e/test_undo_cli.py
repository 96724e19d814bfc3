"""`netcare undo-import` through real processes: later work stays, the preview says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run(*args, data_dir):
    env = {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}
    cmd = [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data_dir), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)


def card(name: str, email: str, extra: str = "") -> str:
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEMAIL:{email}\r\n{extra}END:VCARD\r\n"


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def _people(data_dir) -> dict[str, dict]:
    r = run("contacts", "--json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    return {c["name"]: c for c in json.loads(r.stdout)}


def _import(data_dir, path) -> int:
    r = run("import", str(path), "--json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["batch"]


def test_undo_keeps_a_created_contact_touched_since_unless_asked(data_dir, tmp_path):
    path = tmp_path / "three.vcf"
    path.write_text(
        card("Dana Scully", "dana@fbi.example")
        + card("Ada Lovelace", "ada@example.org")
        + card("Grace Hopper", "grace@example.org"),
        newline="",
    )
    batch = _import(data_dir, path)
    r = run(
        "log", "dana@fbi.example", "--kind", "coffee", "--summary", "Flat white", data_dir=data_dir
    )
    assert r.returncode == 0, r.stderr

    r = run("undo-import", str(batch), "--dry-run", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "Will remove 2 contacts the import created: Ada Lovelace, Grace Hopper." in r.stdout
    assert "Will keep 1 contact the import" in r.stdout
    assert "Dana Scully (1 touch logged since)" in r.stdout
    assert "--delete-touched" in r.stdout
    assert len(_people(data_dir)) == 3  # a dry run changes nothing

    r = run("undo-import", str(batch), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "2 contacts removed" in r.stdout
    assert "Kept 1 contact the import" in r.stdout and "Dana Scully" in r.stdout
    assert f"netcare undo-import {batch} --delete-touched" in r.stderr
    people = _people(data_dir)
    assert list(people) == ["Dana Scully"] and people["Dana Scully"]["last_touch"]

    r = run("undo-import", str(batch), "--delete-touched", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "1 contact removed" in r.stdout
    assert _people(data_dir) == {}


def test_undoing_a_merge_leaves_later_touches(data_dir, tmp_path):
    first = tmp_path / "dana.vcf"
    first.write_text(card("Dana Scully", "dana@fbi.example"), newline="")
    _import(data_dir, first)
    run("log", "dana@fbi.example", "--kind", "coffee", data_dir=data_dir)
    phone = tmp_path / "dana-phone.vcf"
    phone.write_text(
        card("Dana Scully", "dana@fbi.example", "TEL:+44 20 7946 0958\r\n"), newline=""
    )
    merged = _import(data_dir, phone)
    assert _people(data_dir)["Dana Scully"]["phones"]
    run("log", "dana@fbi.example", "--kind", "call", data_dir=data_dir)

    r = run("undo-import", str(merged), "--dry-run", data_dir=data_dir)
    assert "Dana Scully: remove phone +44 20 7946 0958" in r.stdout
    assert "keep 1 touch logged since the import" in r.stdout
    r = run("undo-import", str(merged), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "1 restored as they were" in r.stdout
    dana = _people(data_dir)["Dana Scully"]
    assert dana["phones"] == []
    r = run("export", "--format", "json", data_dir=data_dir)
    (exported,) = json.loads(r.stdout)["contacts"]
    assert sorted(i["kind"] for i in exported["interactions"]) == ["call", "coffee"]


def test_undo_of_an_unknown_import_is_one_line(data_dir):
    r = run("undo-import", "7", "--dry-run", data_dir=data_dir)
    assert r.returncode == 1 and "no import 7" in r.stderr and "Traceback" not in r.stderr
