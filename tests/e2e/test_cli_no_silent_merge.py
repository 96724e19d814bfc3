"""Issue 15 through the real command: `netcare import` lists what it merged (and what it
kept aside) and the possible duplicates it created apart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "issue15" / "match"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}
    cmd = [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data_dir), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


def _names(data_dir: Path) -> set[str]:
    r = run(data_dir, "contacts", "--json")
    assert r.returncode == 0, r.stderr
    return {c["name"] for c in json.loads(r.stdout)}


def test_import_lists_the_possible_duplicate_it_created_apart(tmp_path):
    data = tmp_path / "data"
    r = run(data, "import", "--region", "GB", str(FIX / "two_uids_one_email.vcf"))
    assert r.returncode == 0, r.stderr
    assert "Imported: 2 new, 0 merged" in r.stdout
    listed = [line for line in r.stdout.splitlines() if "possible duplicate:" in line]
    assert len(listed) == 1
    assert (
        listed[0]
        .strip()
        .startswith(
            "possible duplicate: John Doe (Personal) (two_uids_one_email.vcf, line 10), created as"
        )
    )
    assert "shares an email address with John Doe (Work)" in listed[0]
    assert "another UID" in listed[0]
    assert _names(data) == {"John Doe (Work)", "John Doe (Personal)"}


def test_import_says_each_merge_and_what_it_kept_aside(tmp_path):
    data = tmp_path / "data"
    r = run(data, "import", "--region", "GB", str(FIX / "same_person_twice.vcf"))
    assert r.returncode == 0, r.stderr
    assert (
        "  merged: Ada L. (same_person_twice.vcf, line 8) merged into Ada Lovelace;"
        " kept aside: title 'Countess of Lovelace'"
    ) in r.stdout.splitlines()
    assert "1 value that did not fit kept aside" in r.stdout
    # --json carries the same, and short numbers never merged two superheroes.
    r = run(data, "import", "--json", str(FIX / "emergency_and_short_numbers.vcf"))
    report = json.loads(r.stdout)
    assert (report["created"], report["merged"], report["merges"]) == (8, 0, [])
    assert len(_names(data)) == 9
