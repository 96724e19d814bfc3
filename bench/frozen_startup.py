"""Frozen one-folder bundle vs `python -m netcare_desktop`: start to first painted window.

Whole processes, 10,000 contacts, interleaved runs, medians. Needs dist/netcare
(make package); prints a note and skips otherwise.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import HERE, compile_bytecode, display, median, sample_data_dir

RUNS = 7
BUNDLE = HERE.parent / "dist" / "netcare" / "netcare"


def one(cmd: list[str], env: dict) -> float:
    t0 = time.monotonic()
    out = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        env={**env, "NETCARE_STARTUP_PROBE": "paint"},
        timeout=120,
    )
    for line in out.stdout.splitlines():
        if line.startswith("painted "):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"{cmd[0]} did not paint: {out.stderr[-500:]}")


def main(count: int = 10_000) -> dict | None:
    if not BUNDLE.exists():
        print(f"frozen start-up: no bundle at {BUNDLE} (run make package); skipped")
        return None
    sources = HERE.parent / "netcare_desktop"
    newest = max(p.stat().st_mtime for p in sources.rglob("*.py"))
    if BUNDLE.stat().st_mtime < newest:  # an older schema would refuse the sample database
        print(f"frozen start-up: {BUNDLE} is older than the sources (run make package); skipped")
        return None
    compile_bytecode()
    source = sample_data_dir(count)
    with tempfile.TemporaryDirectory() as tmp, display() as (env, platform_name):
        data = Path(tmp) / "data"
        shutil.copytree(source, data)
        venv_cmd = [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data)]
        frozen_cmd = [str(BUNDLE), "--data-dir", str(data)]
        one(venv_cmd, env)
        one(frozen_cmd, env)
        venv, frozen = [], []
        for _ in range(RUNS):
            venv.append(one(venv_cmd, env))
            frozen.append(one(frozen_cmd, env))
    result = {
        "platform": platform_name,
        "venv_ms": median(venv) * 1000,
        "frozen_ms": median(frozen) * 1000,
        "ratio": median(frozen) / median(venv),
        "runs": RUNS,
        "bundle_mb": sum(
            p.stat().st_size for p in BUNDLE.parent.rglob("*") if p.is_file() and not p.is_symlink()
        )
        / 1e6,
    }
    print(
        f"frozen start-up ({platform_name}, {count:,} contacts, median of {RUNS}): "
        f"python -m {result['venv_ms']:.0f} ms, one-folder bundle {result['frozen_ms']:.0f} ms, "
        f"ratio {result['ratio']:.2f}"
    )
    return result


if __name__ == "__main__":
    main()
