"""`netcare interactions`, `edit-interaction` and `delete-interaction`, through real processes."""

from __future__ import annotations

import json

import pytest

from tests.e2e.test_cli import _seed, run


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def _log(data_dir, *extra):
    r = run(
        "log", "ada@example.org", "--kind", "call", "--at", "2026-11-20T10:00:00+00:00",
        "--json", *extra, data_dir=data_dir,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["id"]


def _list(data_dir):
    r = run("interactions", "Ada Lovelace", "--json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_list_edit_and_delete_a_touch(data_dir):
    _seed(data_dir)
    r = run("interactions", "Lovelace", data_dir=data_dir)
    assert r.returncode == 0 and r.stdout == ""
    assert "No interactions with Ada Lovelace yet." in r.stderr
    iid = _log(data_dir, "--summary", "First call", "--notes", "Likes engines\nand poetry")
    (row,) = _list(data_dir)
    assert row == {
        "id": iid,
        "contact_id": row["contact_id"],
        "at": "2026-11-20T10:00:00Z",
        "kind": "call",
        "direction": "mutual",
        "summary": "First call",
        "notes": "Likes engines\nand poetry",
        "follow_up": None,
        "follow_up_done": False,
    }
    r = run("interactions", "ada@example.org", data_dir=data_dir)
    assert r.returncode == 0
    assert f"{iid}  " in r.stdout and "call (mutual)  First call" in r.stdout
    assert "Likes engines" in r.stdout and "and poetry" in r.stdout  # notes readable

    r = run(
        "edit-interaction", str(iid), "--kind", "coffee", "--when", "2026-11-18T09:30:00Z",
        "--direction", "gave", "--summary", "Coffee, not a call", "--follow-up", "2026-12-01",
        data_dir=data_dir,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Saved: ") and "coffee (gave)" in r.stdout
    (row,) = _list(data_dir)
    assert (row["kind"], row["direction"], row["at"], row["summary"], row["follow_up"]) == (
        "coffee", "gave", "2026-11-18T09:30:00Z", "Coffee, not a call", "2026-12-01",
    )  # fmt: skip
    assert row["notes"] == "Likes engines\nand poetry"  # not given: kept
    r = run("contacts", "--json", "--search", "lovelace", data_dir=data_dir)
    assert json.loads(r.stdout)[0]["last_touch"] == "2026-11-18T09:30:00Z"  # the clock moved

    r = run("edit-interaction", str(iid), "--no-follow-up", "--json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["follow_up"] is None

    r = run("delete-interaction", str(iid), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert f"Deleted interaction {iid} (coffee with Ada Lovelace" in r.stdout
    assert _list(data_dir) == []
    r = run("contacts", "--json", "--search", "lovelace", data_dir=data_dir)
    assert json.loads(r.stdout)[0]["last_touch"] is None


def test_edit_and_delete_errors_are_one_line_exit_1(data_dir):
    _seed(data_dir)
    iid = _log(data_dir)
    cases = [
        (("edit-interaction", str(iid), "--kind", "lunch"), "unknown interaction kind 'lunch'"),
        (("edit-interaction", str(iid), "--direction", "up"), "unknown direction 'up'"),
        (("edit-interaction", str(iid), "--when", "yesterday"), "--when 'yesterday' is not"),
        (("edit-interaction", str(iid), "--when", "1026-01-01"), "outside the years"),
        (("edit-interaction", str(iid), "--when", "2999-01-01"), "Add --future"),
        (("edit-interaction", str(iid), "--follow-up", "soon"), "is not a date"),
        (("edit-interaction", str(iid), "--follow-up", "3026-01-01"), "outside the years"),
        (("edit-interaction", str(iid)), "nothing to change"),
        (("edit-interaction", "999", "--summary", "x"), "no interaction with id 999"),
        (("edit-interaction", "abc", "--summary", "x"), "'abc' is not an interaction id"),
        (("delete-interaction", "999"), "no interaction with id 999"),
        (("interactions", "Nobody"), "no contact matches 'Nobody'"),
        (("interactions", "Ada"), "matches several contacts"),
    ]
    for args, message in cases:
        r = run(*args, data_dir=data_dir)
        assert r.returncode == 1, (args, r.stderr)
        assert r.stderr.count("\n") == 1 and message in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr
    assert _list(data_dir)[0]["kind"] == "call"  # nothing was changed
    r = run("edit-interaction", str(iid), "--when", "2999-01-01", "--future", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    r = run("edit-interaction", str(iid), "--follow-up", "2026-12-01", "--no-follow-up",
            data_dir=data_dir)  # fmt: skip
    assert r.returncode == 2  # bad usage
