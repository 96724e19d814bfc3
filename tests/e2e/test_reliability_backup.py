"""A backup killed with SIGKILL while it copies leaves nothing that counts as a backup.

``make test`` runs it once; ``make stress`` 20 times (NETCARE_STRESS_ROUNDS=20).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from netcare_desktop.store import backup

ROUNDS = int(os.environ.get("NETCARE_STRESS_ROUNDS", "1"))
SAMPLE = 20_000


def _env():
    return {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}


def _cli(data_dir, *args):
    return subprocess.Popen(
        [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("sample") / "data"
    code = (
        "from pathlib import Path; from datetime import datetime;"
        "from netcare_desktop.store.database import open_store, close_store;"
        "from netcare_desktop.store.sample import seed_sample;"
        f"d = Path({str(data)!r}); d.mkdir(mode=0o700, parents=True);"
        "now = datetime(2026, 11, 25, 12); db = open_store(d / 'netcare.db', d / 'backups', now);"
        f"seed_sample({SAMPLE}, now); close_store(db)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=_env())
    return data


def _copying(backups: Path) -> Path | None:
    """A file of a copy in progress: the partial copy, or SQLite's journal beside a copy."""
    try:
        return next(
            (p for p in backups.iterdir() if p.name.endswith((".partial", "-journal"))), None
        )
    except FileNotFoundError:
        return None


def _count(db_path: Path) -> tuple[str, int]:
    con = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    try:
        return (
            con.execute("PRAGMA integrity_check").fetchone()[0],
            con.execute("SELECT count(*) FROM contact").fetchone()[0],
        )
    finally:
        con.close()


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_backup_killed_mid_copy_leaves_nothing_listed_counted_or_pruned(sample, tmp_path, round_):
    data = tmp_path / "data"
    shutil.copytree(sample, data)
    backups = data / "backups"
    rng = random.Random(round_)
    proc = _cli(data, "backup")
    killed_mid_copy = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if _copying(backups) is not None:  # the copy is being written now
            time.sleep(rng.uniform(0, 0.05))
            if proc.poll() is None and _copying(backups) is not None:
                proc.send_signal(signal.SIGKILL)
                killed_mid_copy = True
            break
        time.sleep(0.001)
    _out, err = proc.communicate(timeout=60)
    assert killed_mid_copy, f"the backup ended before it could be killed: {err}"
    # Whatever is listed is a whole, checked copy; a half copy is listed as nothing.
    listed = backup.list_backups(backups)
    assert all(backup.integrity_ok(b.path)[0] for b in listed)
    now = datetime(2026, 11, 25, 13)
    assert backup.due_for_daily(backups, now) == (not listed)
    assert backup.prune(backups, now) == []
    assert _count(data / "netcare.db") == ("ok", SAMPLE)  # the live data is untouched
    # The next backup works and cleans what the killed one left.
    again = _cli(data, "backup")
    _out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert _copying(backups) is None
    newest = backup.list_backups(backups)[0]
    assert _count(newest.path) == ("ok", SAMPLE)
    assert sorted(p.name for p in backups.iterdir()) == sorted(
        b.name for b in backup.list_backups(backups)
    )
