"""Issue 15, `netcare import` as a real process: every common CSV dialect, mapping by
column names (printed), refusal naming the columns, and empty files that say so (exit 1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "issue15" / "csv"


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}
    cmd = [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data_dir), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def test_thunderbird_exports_in_every_dialect_are_imported(data_dir):
    names = [
        "thunderbird-comma.csv",
        "thunderbird-semicolon-de.csv",
        "thunderbird-tab-utf16-fr.csv",
        "thunderbird-shift-jis.csv",
    ]
    r = run("import", "--json", *(str(FIXTURES / n) for n in names), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert [(f["format"], f["records"]) for f in report["files"]] == [("csv-thunderbird", 2)] * 4
    r = run("contacts", "--json", data_dir=data_dir)
    people = sorted(c["name"] for c in json.loads(r.stdout))
    # The three Western files are the same two people (merged, and said so), plus the
    # two of the Japanese file.
    assert people == sorted(["Ada Lovelace", "Grace Hopper", "山田 太郎", "佐藤 花子"])


def test_khard_keeps_every_email(data_dir):
    r = run("import", "--json", str(FIXTURES / "khard.csv"), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    (f,) = json.loads(r.stdout)["files"]
    assert (f["format"], f["records"]) == ("csv-khard", 2)
    r = run("export", "--format", "vcf", data_dir=data_dir)
    assert "ada@home.example" in r.stdout and "grace@example.com" in r.stdout


def test_common_column_names_are_mapped_and_the_mapping_printed(data_dir):
    r = run("import", str(FIXTURES / "common-english.csv"), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "2 records (csv-generic): 2 new" in r.stdout
    assert "columns mapped by their names: 'Name' -> display name" in r.stdout
    assert "'Email 1 - value' -> email" in r.stdout and "'Mobile Phone' -> phone" in r.stdout
    assert "kept as they are (X- properties): 'Email 1 - type', 'Club role'" in r.stdout
    r = run(
        "import", "--dry-run", "--json", str(FIXTURES / "common-english.csv"), data_dir=data_dir
    )
    (f,) = json.loads(r.stdout)["files"]
    assert f["mapping"]["Company"] == "organization" and f["unchanged"] == 2


def test_a_csv_without_a_known_column_is_refused_naming_its_columns(data_dir):
    r = run("import", str(FIXTURES / "unknown-columns.csv"), data_dir=data_dir)
    assert r.returncode == 1
    assert "'Member', 'Shoe', 'Colour'" in r.stderr
    assert "open it with Import in the window to map its columns" in r.stderr
    r = run("contacts", "--json", data_dir=data_dir)
    assert json.loads(r.stdout) == []


@pytest.mark.parametrize(
    "name",
    [
        "empty.csv",
        "empty.vcf",
        "empty.json",
        "bom-only.csv",
        "bom-only.vcf",
        "bom-only.json",
        "utf16-bom-only.csv",
    ],
)
def test_an_empty_file_says_so_and_exits_1(data_dir, name):
    r = run("import", str(FIXTURES / name), data_dir=data_dir)
    assert r.returncode == 1
    assert f"{name}:1: the file is empty: nothing to import" in r.stderr
    assert r.stdout == ""


def test_a_file_of_no_row_or_contact_says_so_and_exits_1(data_dir, tmp_path):
    no_contacts = tmp_path / "backup.json"
    no_contacts.write_text('{"contacts": []}\n')
    for path, said in (
        (FIXTURES / "header-only.csv", "holds a header but no rows"),
        (no_contacts, "holds no contacts"),
    ):
        r = run("import", str(path), data_dir=data_dir)
        assert r.returncode == 1, path
        assert said in r.stderr


def test_an_empty_file_beside_a_good_one_is_listed(data_dir):
    r = run("import", str(FIXTURES / "empty.vcf"), str(FIXTURES / "khard.csv"), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "empty.vcf: 0 records" in r.stdout
    assert "line 1: the file is empty: nothing to import" in r.stdout
