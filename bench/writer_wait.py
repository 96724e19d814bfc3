"""Lock contention: how long a `netcare log` waits while a 40,000-card `netcare import`
holds the write lock, against the same log on an idle database in the same run.

The import is one transaction (a crash or Cancel leaves no half import), so a writer
that comes meanwhile waits for its commit; the figure is that longest wait."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import OUT


def make_cards(count: int, path: Path) -> None:
    """Address-book cards without photos (the import bench's photos would pass 100 MB)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        for i in range(count):
            f.write(
                "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"UID:urn:uuid:wait-{i:06d}\r\nFN:Imported {i}\r\nN:{i};Imported;;;\r\n"
                f"ORG:Company {i % 97}\r\nEMAIL;TYPE=work:imported{i}@example.net\r\n"
                f"TEL;TYPE=cell:+1 212 {200 + i // 10000} {i % 10000:04d}\r\n"
                f"NOTE:Card {i} of a large address book\r\nEND:VCARD\r\n"
            )


def _cli(data: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}
    return subprocess.Popen(
        [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _timed_log(data: Path, summary: str) -> tuple[float, int, str]:
    started = time.monotonic()
    p = _cli(data, "log", "Ada Lovelace", "--kind", "call", "--summary", summary)
    _out, err = p.communicate(timeout=600)
    return time.monotonic() - started, p.returncode, err


def main(count: int = 40_000) -> dict:
    OUT.mkdir(exist_ok=True)
    cards = OUT / f"plain-cards-{count}.vcf"
    if not cards.exists():
        make_cards(count, cards)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        ada = Path(tmp) / "ada.vcf"
        ada.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n")
        _cli(data, "import", str(ada)).communicate(timeout=120)
        idle = [_timed_log(data, f"idle {i}")[0] for i in range(5)]
        started = time.monotonic()
        imp = _cli(data, "import", str(cards))
        waits = []
        for i in range(5):
            time.sleep(0.5)
            seconds, rc, err = _timed_log(data, f"during {i}")
            waits.append(seconds)
            if rc != 0:
                raise SystemExit(f"a log during the import failed: {err}")
        _out, err = imp.communicate(timeout=600)
        import_s = time.monotonic() - started
        if imp.returncode != 0:
            raise SystemExit(f"the import failed: {err}")
    baseline = statistics.median(idle)
    result = {
        "cards": count,
        "import_s": round(import_s, 2),
        "log_idle_s": round(baseline, 3),
        "log_during_import_max_s": round(max(waits), 2),
        "longest_wait_s": round(max(waits) - baseline, 2),
        "ratio": round(max(waits) / baseline, 1),
    }
    print(
        f"writer wait: {count:,}-card import {import_s:.1f} s; a log takes {baseline * 1000:.0f} ms"
        f" idle, {max(waits):.2f} s at most during the import (waited {max(waits) - baseline:.2f} s,"
        f" {max(waits) / baseline:.1f}x); all 5 stored"
    )
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40_000)
