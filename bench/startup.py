"""(a) Time to the first painted main window, NetCare with 10,000 contacts vs a bare QMainWindow.

Whole processes: the parent stamps time.monotonic() just before spawning;
the child prints the monotonic time once the first frame is painted.
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


def one(mode: str, data_dir: Path, env: dict) -> float:
    if mode == "bare":
        cmd = [sys.executable, str(HERE / "probe.py")]
    else:  # the real entry point, as `netcare --data-dir DIR` runs it
        cmd = [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data_dir)]
        env = {**env, "NETCARE_STARTUP_PROBE": "paint"}
    t0 = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("painted "):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"{mode} did not paint: {out.stderr[-500:]}")


def main(count: int = 10_000) -> dict:
    source = sample_data_dir(count)
    compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp, display() as (env, platform_name):
        data = Path(tmp) / "data"
        shutil.copytree(source, data)
        one("bare", data, env)  # warm the file cache once for both
        one("netcare", data, env)
        bare, app = [], []
        for _ in range(RUNS):  # interleaved, so drift hits both alike
            bare.append(one("bare", data, env))
            app.append(one("netcare", data, env))
    result = {
        "platform": platform_name,
        "bare_ms": median(bare) * 1000,
        "netcare_ms": median(app) * 1000,
        "ratio": median(app) / median(bare),
        "runs": RUNS,
        "contacts": count,
    }
    print(
        f"startup ({platform_name}, {count:,} contacts, median of {RUNS}): "
        f"bare QMainWindow {result['bare_ms']:.0f} ms, NetCare {result['netcare_ms']:.0f} ms, "
        f"ratio {result['ratio']:.2f}"
    )
    return result


if __name__ == "__main__":
    main()
