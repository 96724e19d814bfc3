"""Import benchmark: 10,000 realistic cards (20 % with photos), end to end through
`netcare import`, against vobject 0.9.9 only parsing the same file. Whole processes,
one run each after a warm-up, same machine, same file."""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import OUT, compile_bytecode

GIVEN = "Ada Grace Alan Katherine Linus Margaret Zoë Søren Łukasz Chloé José Hiroshi Amara Priya".split()
SYLLABLES = "ka lo ve ho pa tu ri mi sa no be da fe gu li mo ne ro si ta vi za".split()


def family_name(rng: random.Random) -> str:
    """About 10,000 distinct family names, as a real address book has."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


ORGS = [
    "Analytical Engines",
    "Harbor Robotics, Inc.",
    "Riverside Book Club",
    "City Food Bank",
    "Acme; Labs",
]


def fold(line: str) -> str:
    out, first = [], True
    while line:
        n = 75 if first else 74
        out.append(("" if first else " ") + line[:n])
        line, first = line[n:], False
    return "\r\n".join(out)


def make_cards(count: int, path: Path, seed: int = 11) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        for i in range(count):
            given, family = rng.choice(GIVEN), family_name(rng)
            lines = [
                "BEGIN:VCARD",
                "VERSION:3.0",
                f"UID:urn:uuid:bench-{i:06d}",
                f"FN:{given} {family}",
                f"N:{family};{given};;;",
                "ORG:" + rng.choice(ORGS).replace(",", "\\,").replace(";", "\\;"),
                "TITLE:Engineer",
                f"EMAIL;TYPE=INTERNET,WORK:{given}.{family}.{i}@example.org".lower(),
                f"TEL;TYPE=CELL:+1 202 555 {i % 10000:04d}",
                f"item1.URL:https\\://www.linkedin.com/in/person-{i}",
                "item1.X-ABLabel:_$!<HomePage>!$_",
                "ADR;TYPE=WORK:;;1 Main Street;Springfield;IL;62701;USA",
                "NOTE:"
                + "Met at the conference\\, talked about open source.\\n" * rng.randint(1, 4),
                "CATEGORIES:Alumni,Book club",
                f"BDAY:19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            ]
            if rng.random() < 0.2:
                photo = b"\xff\xd8\xff\xe0" + rng.randbytes(rng.randint(4000, 12000))
                lines.append("PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(photo).decode())
            lines.append("END:VCARD")
            f.write("".join(fold(line) + "\r\n" for line in lines))
    return path


def timed(cmd: list[str]) -> tuple[float, int, str]:
    """(seconds, peak RSS in KiB of this process and the ones it waited for, stdout)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(err[-800:])
    return elapsed, usage.ru_maxrss, out


def main(count: int = 10_000, rounds: int | None = None) -> dict:
    """``rounds`` (NETCARE_BENCH_ROUNDS, default 3) interleaved rounds of both, each in
    fresh processes: the ratio is the median of the per-round ratios, so a neighbour's
    burst on a shared machine moves one round, not the figure."""
    import statistics

    rounds = rounds or int(os.environ.get("NETCARE_BENCH_ROUNDS", "3"))
    compile_bytecode()
    OUT.mkdir(exist_ok=True)
    cards = OUT / f"cards-{count}-v2.vcf"
    if not cards.exists():
        make_cards(count, cards)
    size_mb = cards.stat().st_size / 1e6
    vobject_cmd = [
        sys.executable,
        "-c",
        "import sys, vobject; n = sum(1 for _ in vobject.readComponents("
        "open(sys.argv[1], encoding='utf-8').read())); print(n)",
        str(cards),
    ]
    ours, again, theirs, ratios, peaks = [], [], [], [], []
    for round_ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            data = str(Path(tmp) / "data")
            subprocess.run(  # warm the file cache and the interpreter's
                [sys.executable, "-m", "netcare_desktop", "--data-dir", data, "--version"],
                capture_output=True,
            )
            command = [sys.executable, "-m", "netcare_desktop", "--data-dir", data, "import"]
            elapsed, peak, report = timed([*command, str(cards), "--json"])
            created = json.loads(report)["created"]
            again_s, _rss2, report2 = timed([*command, str(cards), "--json"])
            unchanged = json.loads(report2)["unchanged"]
        vobject_s, _vrss, parsed = timed(vobject_cmd)
        ours.append(elapsed)
        again.append(again_s)
        theirs.append(vobject_s)
        ratios.append(vobject_s / elapsed)
        peaks.append(peak)
        print(
            f"  round {round_ + 1}: netcare {elapsed:.2f} s, vobject {vobject_s:.2f} s:"
            f" {vobject_s / elapsed:.1f}x; re-import {again_s:.2f} s"
        )
    median = statistics.median
    result = {
        "cards": count,
        "file_mb": size_mb,
        "rounds": rounds,
        "netcare_s": median(ours),
        "netcare_s_all": ours,
        "netcare_cards_per_s": count / median(ours),
        "netcare_peak_rss_mb": max(peaks) / 1024,
        "reimport_s": median(again),
        "reimport_unchanged": unchanged,
        "created": created,
        "vobject_parse_s": median(theirs),
        "vobject_parse_s_all": theirs,
        "vobject_cards_per_s": int(parsed.strip()) / median(theirs),
        "ratio": median(ratios),
        "ratio_all": ratios,
    }
    print(
        f"import ({count:,} cards, {size_mb:.1f} MB, 20 % with photos), median of {rounds}"
        f" interleaved rounds: netcare import end to end {result['netcare_s']:.2f} s"
        f" ({result['netcare_cards_per_s']:,.0f} cards/s, {created:,} created, peak"
        f" {result['netcare_peak_rss_mb']:.0f} MB), vobject 0.9.9 parse only"
        f" {result['vobject_parse_s']:.2f} s ({result['vobject_cards_per_s']:,.0f} cards/s):"
        f" {result['ratio']:.1f}x faster (rounds {min(ratios):.1f}-{max(ratios):.1f}x);"
        f" re-import {result['reimport_s']:.2f} s ({unchanged:,} unchanged)"
    )
    return result


if __name__ == "__main__":
    main()
