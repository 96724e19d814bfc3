"""`make interop`: NetCare's vCard exports read by an independent program, khard.

Every vCard file of the shared corpus (../shared/corpus, else this project's own samples)
and of tests/fixtures/issue15/exports is imported with the `netcare` CLI into a fresh data
folder of its own, exported as vCard 4.0 and 3.0, and each export is cut into one file per
card: a vdir, which khard reads with the config file written here. khard must read every
card (`skip_unparsable = no`: one card it cannot parse fails the run) and list the same
names, emails and phone numbers as NetCare's own JSON export of the same contacts.

Usage: python tools/interop_khard.py [--khard PROGRAM] [FILE...]   (default: the `khard`
beside this Python, and the files above). The Makefile's `interop` target installs khard first. Not part of
`make test`: it needs khard, and it runs a program per file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
OWN = ROOT / "tests" / "fixtures" / "issue15" / "exports"

CONFIG = """[addressbooks]
[[netcare]]
path = {vdir}

[general]
debug = no
default_action = list
editor = /bin/true
merge_editor = /bin/true

[contact table]
display = formatted_name
group_by_addressbook = no
reverse = no
show_nicknames = no
show_uids = yes
sort = last_name
localize_dates = yes
preferred_phone_number_type = pref, cell, home
preferred_email_address_type = pref, work, home

[vcard]
private_objects = ,
preferred_version = {version}
search_in_source_files = no
skip_unparsable = no
"""


def netcare(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NETCARE_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "netcare_desktop", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def split_cards(text: str) -> list[str]:
    cards, current = [], []
    for line in text.splitlines(keepends=True):
        current.append(line)
        if line.rstrip("\r\n").upper() == "END:VCARD":
            cards.append("".join(current))
            current = []
    return cards


def khard(program: str, config: Path, *args: str) -> list[list[str]]:
    done = subprocess.run(
        [program, "-c", str(config), *args, "--parsable"],
        capture_output=True,
        text=True,
        check=False,
    )
    said = (done.stdout + done.stderr).replace("searching for 'ALL' ...", "").strip()
    if done.stderr.strip() or (done.returncode != 0 and said):
        raise RuntimeError(f"khard {' '.join(args)} said: {said}")
    if done.returncode != 0:  # 1 and silence: nothing of that kind (no email, no phone)
        return []
    return [line.split("\t") for line in done.stdout.splitlines() if line.strip()]


def expected(data: Path) -> dict[str, set]:
    done = netcare(data, "export", "--format", "json")
    contacts = json.loads(done.stdout)["contacts"]
    return {
        "names": {c["display_name"] for c in contacts},
        "emails": {(e["value"], c["display_name"]) for c in contacts for e in c["emails"]},
        "phones": {(p["value"], c["display_name"]) for c in contacts for p in c["phones"]},
    }


def check(path: Path, program: str, work: Path) -> list[str]:
    data = work / "data"
    done = netcare(data, "import", "--region", "GB", str(path))
    want = expected(data) if data.is_dir() else {"names": set()}
    if not want["names"]:  # a file whose every card NetCare skips (and says so): no export
        if done.returncode == 0:
            return ["netcare imported nothing and said nothing"]
        return []
    problems = []
    for fmt, version in (("vcf", "4.0"), ("vcf3", "3.0")):
        vdir = work / f"vdir-{fmt}"
        vdir.mkdir()
        export = netcare(data, "export", "--format", fmt)
        cards = split_cards(export.stdout)
        for n, card in enumerate(cards):
            (vdir / f"{n:05d}.vcf").write_bytes(card.encode("utf-8"))
        config = work / f"khard-{fmt}.conf"
        config.write_text(CONFIG.format(vdir=vdir, version=version), "utf-8")
        try:
            listed = khard(program, config, "list")
            emails = khard(program, config, "email")
            phones = khard(program, config, "phone")
        except RuntimeError as exc:
            problems.append(f"{version}: {exc}")
            continue
        got = {
            "names": {row[1] for row in listed},
            "emails": {(row[0], row[1]) for row in emails if len(row) > 1},
            "phones": {(row[0], row[1]) for row in phones if len(row) > 1},
        }
        if len(listed) != len(cards):
            problems.append(f"{version}: khard lists {len(listed)} of {len(cards)} cards")
        for key in want:
            if got[key] != want[key]:
                missing = sorted(want[key] - got[key])[:3]
                extra = sorted(got[key] - want[key])[:3]
                problems.append(f"{version} {key}: khard lacks {missing}, adds {extra}")
    return problems


def main(argv: list[str]) -> int:
    args = argv[1:]
    program = str(Path(sys.executable).parent / "khard")
    if args[:1] == ["--khard"] and len(args) > 1:
        program, args = args[1], args[2:]
    base = CORPUS if CORPUS.is_dir() else SAMPLES
    files = [Path(a).resolve() for a in args] or [
        p
        for folder in (base / "vcards", base / "synthetic", OWN)
        if folder.is_dir()
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in (".vcf", ".vcard")
    ]
    failed = 0
    for path in files:
        with tempfile.TemporaryDirectory(prefix="netcare-interop-") as tmp:
            problems = check(path, program, Path(tmp))
        status = "ok" if not problems else "FAILED"
        print(f"{status:6} {path.relative_to(path.parent.parent)}")
        for problem in problems:
            print(f"       {problem}")
        failed += bool(problems)
    print(f"khard read the exports of {len(files) - failed} of {len(files)} files")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
