"""Import benchmark: 10,000 realistic cards (20 % with photos), end to end through
`netcare import`, against vobject 0.9.9 only parsing the same file. Whole processes,
one run each after a warm-up, same machine, same file."""

from __future__ import annotations

import base64
import json
import random
import resource
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
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-800:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before), out.stdout


def main(count: int = 10_000) -> dict:
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
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm"
        subprocess.run(
            [sys.executable, "-m", "netcare_desktop", "--data-dir", str(warm), "--version"],
            capture_output=True,
        )
        ours, ours_rss, report = timed(
            [
                sys.executable,
                "-m",
                "netcare_desktop",
                "--data-dir",
                str(Path(tmp) / "data"),
                "import",
                str(cards),
                "--json",
            ]
        )
        again, _rss2, report2 = timed(
            [
                sys.executable,
                "-m",
                "netcare_desktop",
                "--data-dir",
                str(Path(tmp) / "data"),
                "import",
                str(cards),
                "--json",
            ]
        )
    theirs, theirs_rss, parsed = timed(vobject_cmd)
    created = json.loads(report)["created"]
    unchanged = json.loads(report2)["unchanged"]
    result = {
        "cards": count,
        "file_mb": size_mb,
        "netcare_s": ours,
        "netcare_cards_per_s": count / ours,
        "netcare_peak_rss_mb": ours_rss / 1024,
        "reimport_s": again,
        "reimport_unchanged": unchanged,
        "created": created,
        "vobject_parse_s": theirs,
        "vobject_cards_per_s": int(parsed.strip()) / theirs,
        "ratio": theirs / ours,
    }
    print(
        f"import ({count:,} cards, {size_mb:.1f} MB, 20 % with photos): netcare import end to end "
        f"{ours:.2f} s ({result['netcare_cards_per_s']:,.0f} cards/s, {created:,} created), "
        f"vobject 0.9.9 parse only {theirs:.2f} s ({result['vobject_cards_per_s']:,.0f} cards/s): "
        f"{result['ratio']:.1f}x faster; re-import {again:.2f} s ({unchanged:,} unchanged)"
    )
    return result


if __name__ == "__main__":
    main()
