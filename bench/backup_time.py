"""Backup time at 100,000 contacts: ``take_backup`` (copy, fsync, integrity_check, rename,
prune) and its parts, on a sample database built with ``store/sample.py`` (cached).

Also what the "only verified copies count" rule costs: checking a copy that was
never recorded (``integrity_ok``), against recognising a recorded one (a stat).
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import NOW, sample_data_dir

RUNS = 3


def main(count: int = 100_000) -> dict:
    from netcare_desktop.store import backup

    data = sample_data_dir(count)
    db_path = data / "netcare.db"
    size_mb = db_path.stat().st_size / 1e6
    full, copy_only, check = [], [], []
    with tempfile.TemporaryDirectory(prefix="netcare-bench-backup-") as tmp:
        backups = Path(tmp) / "backups"
        conn = sqlite3.connect(db_path, timeout=10)
        try:
            for i in range(RUNS):
                started = time.perf_counter()
                taken = backup.take_backup(conn, backups, NOW.replace(minute=i), "manual")
                full.append(time.perf_counter() - started)
                started = time.perf_counter()
                backup.integrity_ok(taken)
                check.append(time.perf_counter() - started)
                target = Path(tmp) / f"plain-{i}.db"
                started = time.perf_counter()
                backup.copy_database(conn, target)
                copy_only.append(time.perf_counter() - started)
            started = time.perf_counter()
            backup.verified_backups(backups)  # all recorded: stats only
            recorded = time.perf_counter() - started
        finally:
            conn.close()
        shutil.rmtree(backups, ignore_errors=True)
    result = {
        "contacts": count,
        "database_mb": round(size_mb, 1),
        "take_backup_s": round(statistics.median(full), 2),
        "copy_only_s": round(statistics.median(copy_only), 2),
        "integrity_check_s": round(statistics.median(check), 2),
        "recorded_copies_listed_ms": round(recorded * 1000, 1),
    }
    print(
        f"backup at {count:,} contacts ({size_mb:.0f} MB): take_backup "
        f"{result['take_backup_s']} s (copy {result['copy_only_s']} s, integrity_check "
        f"{result['integrity_check_s']} s); recorded copies recognised in "
        f"{result['recorded_copies_listed_ms']} ms"
    )
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
