"""The command-line contract, through real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from netcare_desktop import __version__


def run(*args, data_dir=None, env_extra=None, timeout=60):
    env = {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}
    env.update(env_extra or {})
    cmd = [sys.executable, "-m", "netcare_desktop"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def _seed(data_dir):
    """Create contacts through the store, as another writer would."""
    code = (
        "from datetime import datetime; from pathlib import Path;"
        "from netcare_desktop.store.database import open_store;"
        "from netcare_desktop.store.contacts import create_contact, ContactInput as C;"
        f"d=Path({str(data_dir)!r}); d.mkdir(parents=True, exist_ok=True);"
        "db=open_store(d/'netcare.db', d/'backups', datetime(2026,11,1));"
        "create_contact(C(given_name='Ada', family_name='Lovelace', organization='Analytical Engines',"
        " emails=[('work','ada@example.org')], circle_id=1), datetime(2026,11,1));"
        "create_contact(C(given_name='Ada', family_name='Yonath', organization='Weizmann'), datetime(2026,11,1));"
        "create_contact(C(given_name='Grace', family_name='Hopper'), datetime(2026,11,1)); db.close()"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_version():
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.strip() == f"NetCare {__version__}"


def test_contacts_on_a_new_data_dir(data_dir):
    r = run("contacts", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "No contacts yet" in r.stderr
    assert (data_dir / "netcare.db").exists()


def test_contacts_search_and_json(data_dir):
    _seed(data_dir)
    r = run("contacts", "--search", "ada", data_dir=data_dir)
    assert r.returncode == 0
    assert r.stdout.count("\n") == 2 and "Ada Lovelace — Analytical Engines" in r.stdout
    r = run("contacts", "--json", "--search", "lovelace", data_dir=data_dir)
    (ada,) = json.loads(r.stdout)
    assert ada["name"] == "Ada Lovelace"
    assert ada["emails"] == ["ada@example.org"]
    assert ada["circle"] == "Inner"
    assert ada["last_touch"] is None
    assert set(ada) == {
        "id",
        "name",
        "organization",
        "title",
        "circle",
        "emails",
        "phones",
        "last_touch",
        "next_due",
        "status",
    }


def test_log_by_email_then_it_shows_as_last_touch(data_dir):
    _seed(data_dir)
    r = run(
        "log",
        "ada@example.org",
        "--kind",
        "congratulations",
        "--at",
        "2026-11-20T10:00:00+00:00",
        "--summary",
        "New role!",
        "--follow-up",
        "2026-12-01",
        "--json",
        data_dir=data_dir,
    )
    assert r.returncode == 0, r.stderr
    logged = json.loads(r.stdout)
    assert logged["kind"] == "congratulations" and logged["direction"] == "gave"
    assert logged["at"] == "2026-11-20T10:00:00Z" and logged["follow_up"] == "2026-12-01"
    (ada,) = json.loads(run("contacts", "--json", "--search", "lovelace", data_dir=data_dir).stdout)
    assert ada["last_touch"] == "2026-11-20T10:00:00Z"
    assert ada["next_due"] == "2026-12-20T10:00:00Z"


def test_log_by_unique_name_without_json(data_dir):
    _seed(data_dir)
    r = run("log", "Grace Hopper", "--kind", "check-in", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Logged check_in with Grace Hopper on ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "Ada", "--kind", "call"], "matches several contacts"),
        (["log", "Nobody", "--kind", "call"], "no contact matches"),
        (["log", "Grace", "--kind", "telepathy"], "unknown interaction kind"),
        (["log", "Grace", "--kind", "call", "--at", "yesterday"], "not an ISO date"),
        (["log", "Grace", "--kind", "call", "--follow-up", "soon"], "not a date"),
        (["import", __file__, "--region", "Mars"], "is not a region code"),
    ],
)
def test_user_errors_are_one_line_exit_1(data_dir, args, message):
    _seed(data_dir)
    r = run(*args, data_dir=data_dir)
    assert r.returncode == 1
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_a_newer_database_is_a_user_error(data_dir):
    import sqlite3

    data_dir.mkdir(parents=True)
    con = sqlite3.connect(data_dir / "netcare.db")
    con.execute("PRAGMA user_version = 42")
    con.close()
    r = run("contacts", data_dir=data_dir)
    assert r.returncode == 1
    assert "newer NetCare" in r.stderr and "Traceback" not in r.stderr


def test_bad_usage_exits_2():
    assert run("log").returncode == 2
    assert run("contacts", "--bogus").returncode == 2


def test_environment_variable_sets_the_data_dir(tmp_path):
    target = tmp_path / "from-env"
    r = run("contacts", env_extra={"NETCARE_DATA_DIR": str(target)})
    assert r.returncode == 0
    assert (target / "netcare.db").exists()


def test_subcommands_never_import_qt(data_dir):
    _seed(data_dir)
    code = (
        "import sys; from netcare_desktop.cli import main;"
        f"rc = main(['--data-dir', {str(data_dir)!r}, 'contacts', '--json']);"
        f"rc |= main(['--data-dir', {str(data_dir)!r}, 'log', 'Grace', '--kind', 'note']);"
        "assert rc == 0; assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_self_test_runs_the_gui_in_a_temporary_dir(tmp_path):
    watched = tmp_path / "real-profile"
    r = run(
        "--self-test", env_extra={"NETCARE_DATA_DIR": str(watched), "QT_QPA_PLATFORM": "offscreen"}
    )
    assert r.returncode == 0, r.stderr
    assert "self-test ok" in r.stdout
    assert not watched.exists()  # user data is never touched


def test_self_test_with_an_explicit_data_dir_uses_it(data_dir):
    _seed(data_dir)
    r = run("--self-test", data_dir=data_dir, env_extra={"QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr
    r = run("contacts", data_dir=data_dir)
    assert r.stdout.count("\n") == 3  # the contacts are still there


def test_gui_refuses_a_newer_database_without_touching_it(tmp_path):
    import hashlib
    import sqlite3

    data = tmp_path / "data"
    data.mkdir()
    con = sqlite3.connect(data / "netcare.db")
    con.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY)")
    con.execute("PRAGMA user_version = 7")
    con.commit()
    con.close()
    before = hashlib.sha256((data / "netcare.db").read_bytes()).hexdigest()
    r = run("--self-test", data_dir=data, env_extra={"QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 1
    assert "newer NetCare" in r.stderr and "Traceback" not in r.stderr
    assert hashlib.sha256((data / "netcare.db").read_bytes()).hexdigest() == before


def test_gui_files_argument_is_accepted(data_dir, tmp_path):
    card = tmp_path / "ada.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n")
    r = run("--self-test", str(card), data_dir=data_dir, env_extra={"QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr


def test_import_the_corpus_twice_then_undo(data_dir, samples_dir):
    folders = [str(samples_dir / d) for d in ("vcards", "synthetic", "csv")]
    r = run("import", *folders, "--dry-run", "--json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    dry = json.loads(r.stdout)
    assert dry["dry_run"] and dry["created"] > 0
    assert json.loads(run("contacts", "--json", data_dir=data_dir).stdout) == []  # nothing written
    r = run("import", *folders, "--json", data_dir=data_dir)
    first = json.loads(r.stdout)
    assert (first["created"], first["merged"]) == (dry["created"], dry["merged"])
    assert {f["format"] for f in first["files"]} >= {
        "vcard",
        "csv-google",
        "csv-linkedin",
        "csv-outlook",
    }
    skipped = [e for f in first["files"] for e in f["errors"] if "skipped" in e["message"]]
    assert len(skipped) == 1  # the photo-only card, reported with its line
    total = len(json.loads(run("contacts", "--json", data_dir=data_dir).stdout))
    assert total == first["created"]
    again = json.loads(run("import", *folders, "--json", data_dir=data_dir).stdout)
    assert (again["created"], again["merged"]) == (0, 0)
    r = run("undo-import", str(first["batch"]), data_dir=data_dir)
    assert r.returncode == 0 and f"{total} contacts removed" in r.stdout
    assert json.loads(run("contacts", "--json", data_dir=data_dir).stdout) == []


def test_export_json_then_import_into_an_empty_data_dir(data_dir, tmp_path):
    _seed(data_dir)
    run("log", "ada@example.org", "--kind", "coffee", "--summary", "Tea", data_dir=data_dir)
    out = tmp_path / "backup.json"
    r = run("export", "--format", "json", "-o", str(out), data_dir=data_dir)
    assert r.returncode == 0 and "Exported 3 contacts" in r.stderr
    doc = json.loads(out.read_text())
    assert doc["format"] == "netcare" and doc["version"] == 1
    fresh = tmp_path / "fresh"
    r = run("import", str(out), "--json", data_dir=fresh)
    assert json.loads(r.stdout)["created"] == 3
    ours = json.loads(run("contacts", "--json", data_dir=data_dir).stdout)
    theirs = json.loads(run("contacts", "--json", data_dir=fresh).stdout)
    strip = lambda rows: [{k: v for k, v in c.items() if k != "id"} for c in rows]  # noqa: E731
    assert strip(theirs) == strip(ours)
    for fmt in ("vcf", "vcf3", "csv"):
        r = run("export", "--format", fmt, data_dir=data_dir)
        assert r.returncode == 0 and "Ada" in r.stdout


def _e164s(data_dir) -> dict[str, list[str]]:
    r = run("export", "--format", "json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    return {
        c["display_name"]: [p["e164"] for p in c["phones"]]
        for c in json.loads(r.stdout)["contacts"]
    }


def test_import_reads_numbers_in_the_phone_region_of_preferences(data_dir, tmp_path):
    """No --region: the region saved in Preferences, not the locale's; --region wins."""
    berlin = tmp_path / "berlin.vcf"
    berlin.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Berlin\r\nTEL:030 1234567\r\nEND:VCARD\r\n")
    leeds = tmp_path / "leeds.vcf"
    leeds.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Leeds\r\nTEL:0113 496 0000\r\nEND:VCARD\r\n")
    locale = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}  # a locale without a country: US

    plain = tmp_path / "plain"  # no preference saved: the locale's region
    assert run("import", str(berlin), data_dir=plain, env_extra=locale).returncode == 0
    assert _e164s(plain) == {"Berlin": ["+10301234567"]}

    code = (
        "from datetime import datetime; from pathlib import Path;"
        "from netcare_desktop.core.preferences import Preferences;"
        "from netcare_desktop.store.database import open_store;"
        "from netcare_desktop.store.reminders import save_preferences;"
        f"d=Path({str(data_dir)!r}); d.mkdir(parents=True, exist_ok=True);"
        "db=open_store(d/'netcare.db', d/'backups', datetime(2026,11,1));"
        "save_preferences(Preferences(phone_region='DE')); db.close()"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    r = run("import", str(berlin), data_dir=data_dir, env_extra=locale)
    assert r.returncode == 0, r.stderr
    r = run("import", str(leeds), "--region", "GB", data_dir=data_dir, env_extra=locale)
    assert r.returncode == 0, r.stderr
    assert _e164s(data_dir) == {"Berlin": ["+49301234567"], "Leeds": ["+441134960000"]}


def test_import_errors(data_dir, tmp_path):
    junk = tmp_path / "junk.vcf"
    junk.write_bytes(b"\x00\xff nothing here")
    r = run("import", str(junk), data_dir=data_dir)
    assert r.returncode == 1
    r = run("import", str(tmp_path / "missing.vcf"), data_dir=data_dir)
    assert r.returncode == 1 and "no such file" in r.stderr
    r = run("undo-import", "99", data_dir=data_dir)
    assert r.returncode == 1 and "no import 99" in r.stderr


def _due(data_dir, at):
    r = run("due", "--json", "--at", at, data_dir=data_dir, env_extra={"TZ": "UTC"})
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_due_json_contract_and_log_resets_the_clock(data_dir):
    _seed(data_dir)  # Ada Lovelace joined Inner (30 days) on 2026-11-01
    assert [d for d in _due(data_dir, "2026-11-20T12:00:00+00:00") if d["contact_id"]] == []
    due = _due(data_dir, "2026-12-05T12:00:00+00:00")
    ada = [d for d in due if d["display_name"] == "Ada Lovelace"]
    assert ada == [
        {
            "contact_id": 1,
            "display_name": "Ada Lovelace",
            "kind": "keep_in_touch",
            "due": "2026-12-01",
            "state": "overdue",
            "days_overdue": 4,
        }
    ]
    assert all(d["state"] in ("due", "overdue", "lapsed") for d in due)
    r = run(
        "log", "1", "--kind", "check_in", "--at", "2026-12-04T09:00:00+00:00", data_dir=data_dir
    )
    assert r.returncode == 0, r.stderr
    assert [d for d in _due(data_dir, "2026-12-05T12:00:00+00:00") if d["contact_id"]] == []
    # Far in the future everything with a cadence is lapsed, and the status reminder is there.
    future = _due(data_dir, "2028-01-01")
    assert {d["kind"] for d in future} == {"keep_in_touch", "status"}
    assert future[0]["state"] == "lapsed"
    status = [d for d in future if d["kind"] == "status"]
    assert status[0]["contact_id"] is None


def test_due_follow_ups_and_birthdays(data_dir):
    _seed(data_dir)
    r = run(
        "log",
        "Grace Hopper",
        "--kind",
        "coffee",
        "--at",
        "2026-11-02T09:00",
        "--follow-up",
        "2026-11-10",
        data_dir=data_dir,
    )
    assert r.returncode == 0, r.stderr
    due = _due(data_dir, "2026-11-12T12:00:00+00:00")
    assert [(d["display_name"], d["kind"], d["due"], d["days_overdue"]) for d in due] == [
        ("Grace Hopper", "follow_up", "2026-11-10", 2)
    ]
    text = run("due", "--at", "2026-11-12T12:00:00+00:00", data_dir=data_dir).stdout
    assert "Grace Hopper" in text and "Follow up" in text


def test_health_and_today_json_contracts(data_dir):
    _seed(data_dir)  # Ada Lovelace joined Inner on 2026-11-01
    r = run(
        "log",
        "1",
        "--kind",
        "favor_asked",
        "--at",
        "2026-11-03T09:00:00+00:00",
        data_dir=data_dir,
    )
    assert r.returncode == 0, r.stderr
    env = {"TZ": "UTC"}
    h = json.loads(
        run(
            "health",
            "--json",
            "--at",
            "2026-11-20T12:00:00+00:00",
            data_dir=data_dir,
            env_extra=env,
        ).stdout
    )
    assert set(h) == {"score", "circles", "touches", "gave", "asked"}
    inner = next(c for c in h["circles"] if c["name"] == "Inner")
    assert inner == {
        "name": "Inner",
        "members": 1,
        "on_track": 1,
        "due_soon": 0,
        "due": 0,
        "overdue": 0,
        "lapsed": 0,
    }
    assert h["score"] == 100 and h["touches"] == {"30": 1, "90": 1, "365": 1}
    assert (h["gave"], h["asked"]) == (0, 1)
    # Later: Ada's touch is 45 days old: overdue, and first in Today, with a reason.
    later = "2026-12-18T12:00:00+00:00"
    h = json.loads(run("health", "--json", "--at", later, data_dir=data_dir, env_extra=env).stdout)
    assert h["score"] == 0 and h["touches"]["30"] == 0
    today = json.loads(
        run("today", "--json", "--at", later, data_dir=data_dir, env_extra=env).stdout
    )
    assert today[0]["contact_id"] == 1 and today[0]["display_name"] == "Ada Lovelace"
    assert set(today[0]) == {"contact_id", "display_name", "reason", "suggested_kind"}
    assert today[0]["suggested_kind"] == "article_shared"  # asked more than given: give
    assert "you asked 1, gave 0" in today[0]["reason"]
    text = run("health", "--at", later, data_dir=data_dir, env_extra=env).stdout
    assert "Network health: 0/100" in text and "Inner: 1 person (guide: at most 15)" in text
