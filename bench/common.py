"""Shared bench helpers: cached sample databases and a real X server."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
NOW = datetime(2026, 11, 25, 12, 0)


def sample_data_dir(count: int, per_contact: float = 1.5) -> Path:
    """A data dir holding ``count`` sample contacts (about ``per_contact`` interactions
    each), built once and reused."""
    import hashlib

    from netcare_desktop.store import schema

    suffix = "" if per_contact == 1.5 else f"-i{per_contact:g}"
    # The schema file's fingerprint: a sample built by another schema is never reused.
    tag = hashlib.sha1(Path(schema.__file__).read_bytes()).hexdigest()[:8]
    target = OUT / f"data-{count}{suffix}-v{schema.SCHEMA_VERSION}-{tag}"
    if (target / "netcare.db").exists():
        return target
    tmp = target.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    code = (
        "from pathlib import Path; from datetime import datetime;"
        "from netcare_desktop.store.database import open_store;"
        "from netcare_desktop.store.sample import seed_sample;"
        f"d = Path({str(tmp)!r}); db = open_store(d / 'netcare.db', d / 'backups', datetime(2026, 11, 25, 12));"
        f"seed_sample({count}, datetime(2026, 11, 25, 12), interactions_per_contact={per_contact});"
        " db.execute_sql('PRAGMA wal_checkpoint(TRUNCATE)'); db.close()"
    )
    print(f"  (building a {count:,}-contact sample database, once)", flush=True)
    subprocess.run([sys.executable, "-c", code], check=True)
    tmp.rename(target)
    return target


def compile_bytecode() -> None:
    """Write .pyc files up front, as an installed app (or the frozen bundle) has them."""
    import compileall
    import sysconfig

    compileall.compile_dir(str(HERE.parent / "netcare_desktop"), quiet=1)
    compileall.compile_dir(sysconfig.get_paths()["purelib"], quiet=2)


@contextmanager
def display():
    """Yield an environment for a real X server (Xvfb, xcb); offscreen when Xvfb is missing."""
    sys.path.insert(0, str(HERE.parent / "tools"))
    from xvfb import xvfb, xvfb_path

    drop = ("NETCARE_DATA_DIR", "WAYLAND_DISPLAY", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    if xvfb_path() is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
        yield env, "offscreen"
        return
    with xvfb() as number:
        env.update(DISPLAY=number, QT_QPA_PLATFORM="xcb")
        yield env, "xcb (Xvfb)"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import PySide6

    return (
        f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}, "
        f"PySide6 {PySide6.__version__}, SQLite {__import__('sqlite3').sqlite_version}"
    )


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)
