"""Hostile and broken input: a seeded mutation fuzzer over the vCard and CSV readers.

``make test`` feeds at least 10,000 inputs (NETCARE_FUZZ_INPUTS raises it; ``make fuzz``
runs 200,000). Every input must be read without any exception escaping; whatever is
lost is reported as an issue with a line. Seeds are the shared corpus's real files, cut
into pieces, then mutated: tokens that readers trip on inserted, spans deleted,
duplicated or swapped between files, bytes flipped; one input in ten is random bytes.
A failure prints the input's number, so ``NETCARE_FUZZ_START`` can replay it.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from netcare_desktop.interop.csvformats import read_csv, write_google_csv
from netcare_desktop.interop.jsonformat import document, read_json, record_to_json
from netcare_desktop.interop.vcard import read_vcards, write_vcard

INPUTS = int(os.environ.get("NETCARE_FUZZ_INPUTS", "10000"))
START = int(os.environ.get("NETCARE_FUZZ_START", "0"))

TOKENS = [
    b"\r\n",
    b"\n",
    b"\r",
    b"\r\n ",
    b"\r\n\t",
    b"=\r\n",
    b":",
    b";",
    b",",
    b"=",
    b'"',
    b"\\",
    b"\\n",
    b"^",
    b"^n",
    b"^'",
    b"\x00",
    b"\xff",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xe2\x82",
    b"BEGIN:VCARD",
    b"END:VCARD",
    b"VERSION:2.1",
    b"VERSION:4.0",
    b"ENCODING=QUOTED-PRINTABLE",
    b"ENCODING=b",
    b"CHARSET=UTF-16",
    b"CHARSET=x",
    b"PHOTO;ENCODING=BASE64:",
    b"data:image/png;",
    b"item1.",
    b"X-ABLabel:",
    b"BDAY:--02-29",
    b"BDAY:0000",
    b"N:;;;;;;;;",
    b"TEL;TYPE=",
    b"EMAIL:",
    b"ADR:;;;",
    b"CATEGORIES:a,b\\,c",
    b" ::: ",
    b"* myContacts",
    b'""',
    b'"\n"',
    b"0/0/00",
    b"Notes:\n",
    b"First Name,Last Name",
    b"<img src=x>",
    b"\xf0\x9f\x98\x80",
]


def _seeds(corpus: Path) -> tuple[list[bytes], list[bytes]]:
    vcards = [p.read_bytes() for p in sorted((corpus / "vcards").glob("*.vcf"))]
    vcards += [p.read_bytes() for p in sorted((corpus / "synthetic").iterdir()) if p.is_file()]
    csvs = [p.read_bytes() for p in sorted((corpus / "csv").glob("*.csv"))]
    return vcards, csvs


def _mutate(rng: random.Random, seed: bytes, others: list[bytes]) -> bytes:
    if rng.random() < 0.1:
        return rng.randbytes(rng.randrange(0, 600))
    if len(seed) > 4096:  # a window keeps each input small and fast
        start = rng.randrange(0, len(seed) - 4096)
        seed = seed[start : start + 4096]
    data = bytearray(seed)
    for _ in range(rng.randrange(1, 9)):
        at = rng.randrange(0, len(data) + 1)
        how = rng.random()
        if how < 0.4:
            data[at:at] = rng.choice(TOKENS)
        elif how < 0.55:
            del data[at : at + rng.randrange(1, 64)]
        elif how < 0.7 and data:
            piece = data[at : at + rng.randrange(1, 128)]
            data[at:at] = piece
        elif how < 0.85:
            other = rng.choice(others)
            o = rng.randrange(0, max(1, len(other)))
            data[at:at] = other[o : o + rng.randrange(1, 256)]
        elif data:
            i = rng.randrange(0, len(data))
            data[i] = rng.randrange(256)
    return bytes(data)


def _check(kind: str, data: bytes, n: int) -> None:
    try:
        if kind == "vcard":
            result = read_vcards(data, "fuzz.vcf")
            records, issues = result.records, result.issues
        else:
            result = read_csv(data, "fuzz.csv")
            records, issues = result.records, result.issues
    except Exception as exc:  # noqa: BLE001 - the point of the test
        pytest.fail(f"input {n} ({kind}) raised {type(exc).__name__}: {exc}\n{data[:300]!r}")
    for issue in issues:
        assert issue.line >= 1, (n, issue)
    for rec in records:
        assert rec.has_identity(), n
    if n % ROUND_TRIP_EVERY == 0 and records:
        _round_trip(kind, records, n, data)


ROUND_TRIP_EVERY = 4  # a quarter of the inputs also go out and back in: 2,500 in make test


def _facts(records) -> list[dict]:
    out = []
    for rec in records:
        d = record_to_json(rec)
        for key in ("source", "line"):
            d.pop(key, None)
        out.append(d)
    return out


def _one_lf(text: str) -> str:
    """A value as a re-import gives it: any line break one LF, no white space around."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _round_trip(kind: str, records, n: int, data: bytes) -> None:
    """What a reader made of a mutated input, exported and read again: as many cards (or
    rows) as records, and a second export reads back to exactly the same values (the
    first may normalise, e.g. white space around a label); no email changes person."""
    where = f"input {n} ({kind})\n{data[:300]!r}"
    for version in ("4.0", "3.0"):
        first = read_vcards("".join(write_vcard(r, version) for r in records).encode(), "o.vcf")
        assert first.cards == len(records) == len(first.records), where
        for before, after in zip(records, first.records, strict=True):
            emails = [_one_lf(e.value) for e in before.emails if e.value.strip()]
            assert [e.value for e in after.emails] == emails, where
        second = read_vcards(
            "".join(write_vcard(r, version) for r in first.records).encode(), "o.vcf"
        )
        assert _facts(second.records) == _facts(first.records), where
    if kind == "csv":
        first = read_csv(write_google_csv(records).encode("utf-8"), "o.csv")
        assert len(first.records) == len(records), (where, first.issues)
        second = read_csv(write_google_csv(first.records).encode("utf-8"), "o.csv")
        assert _facts(second.records) == _facts(first.records), where
    doc = document([], [], [record_to_json(r) for r in records], datetime(2026, 11, 25))
    back, issues = read_json(json.dumps(doc).encode("utf-8"), "o.json")
    assert len(back) == len(records), (where, issues)
    assert all(not i.skipped for i in issues), (where, issues)  # at most a kept line left out


def test_the_readers_survive_ten_thousand_mutated_inputs(samples_dir):
    vcards, csvs = _seeds(samples_dir)
    seen = 0
    for n in range(START, START + INPUTS):
        rng = random.Random(n)
        kind = "vcard" if n % 3 else "csv"
        seeds = vcards if kind == "vcard" else csvs
        data = _mutate(rng, rng.choice(seeds), vcards + csvs)
        _check(kind, data, n)
        seen += 1
    assert seen >= 10_000 or INPUTS < 10_000


def _peak_rss_mb(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    code = (
        "import resource, subprocess, sys;"
        f"r = subprocess.run({args!r}, capture_output=True, text=True);"
        "print(r.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "sys.stderr.write(r.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd)
    rc, kb = done.stdout.split()[:2]
    done.returncode = int(rc)
    return done, int(kb) / 1024


@pytest.mark.skipif(resource is None, reason="POSIX only")
def test_a_200_mb_file_is_refused_clearly_without_reading_it(tmp_path):
    big = tmp_path / "huge.vcf"
    with open(big, "wb") as f:
        f.truncate(200 * 1000 * 1000)  # sparse: no disk, 200 MB to the reader
    args = [
        sys.executable,
        "-m",
        "netcare_desktop",
        "--data-dir",
        str(tmp_path / "d"),
        "import",
        str(big),
    ]
    done, peak = _peak_rss_mb(args, tmp_path)
    assert done.returncode == 1  # nothing could be read
    assert "the file is 200 MB; NetCare imports up to 100 MB" in done.stderr
    assert peak < 150, peak


def test_a_single_50_mb_line_costs_only_that_value_and_bounded_memory(tmp_path):
    path = tmp_path / "line.vcf"
    with open(path, "wb") as f:
        f.write(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Long Line\r\nEMAIL:l@example.org\r\nNOTE:")
        f.write(b"x" * 50_000_000)
        f.write(b"\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:After\r\nEND:VCARD\r\n")
    args = [
        sys.executable,
        "-m",
        "netcare_desktop",
        "--data-dir",
        str(tmp_path / "d"),
        "import",
        "--json",
        str(path),
    ]
    done, peak = _peak_rss_mb(args, tmp_path)
    assert done.returncode == 0, done.stderr
    assert peak < 400, peak  # about five times the line, and no more
    con = __import__("sqlite3").connect(tmp_path / "d" / "netcare.db")
    rows = con.execute("SELECT display_name, length(notes) FROM contact ORDER BY id").fetchall()
    con.close()
    assert rows == [("Long Line", 0), ("After", 0)]
