"""Issue 15, any code page: `netcare import` says what it read a file as, and
`--encoding` lets the person say which code page a file without CHARSET is in."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "issue15" / "codepages"


def test_import_reports_the_code_page_it_guessed(tmp_path):
    r = run("import", "--dry-run", str(FIXTURES / "cp1253.vcf"), data_dir=tmp_path / "d")
    assert r.returncode == 0, r.stderr
    assert "line 1: read as Windows-1253 (Greek), no CHARSET in the file" in r.stdout


def test_import_encoding_reads_the_file_with_that_code_page(tmp_path):
    path = tmp_path / "one.vcf"
    # One short name: KOI8-R or Windows-1251 bytes; the person knows it is KOI8-R.
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:"
        + "Екатерина Смирнова".encode("koi8-r")
        + b"\r\nTEL:+44 7700 900123\r\nEND:VCARD\r\n"
    )
    data = tmp_path / "d"
    r = run("import", "--encoding", "koi8_r", str(path), data_dir=data)
    assert r.returncode == 0, r.stderr
    assert "read as KOI8-R (Cyrillic), as chosen" in r.stdout
    listed = run("contacts", "--json", data_dir=data)
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Екатерина Смирнова"]


def test_import_refuses_an_unknown_code_page(tmp_path):
    path = FIXTURES / "cp1251.vcf"
    r = run("import", "--encoding", "klingon", str(path), data_dir=tmp_path / "d")
    assert r.returncode != 0
    assert "unknown code page: klingon" in r.stderr
