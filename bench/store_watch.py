"""The store watch (ui.store_events): what it costs idle, and how soon it hears another writer.

Idle: three fresh processes, each an offscreen Qt event loop on a copy of a sample
database, measured over the same window one after the other in this run: the loop
alone, the loop with a StoreEvents (watcher + fallback timer), the loop with today's
ReminderService (started, then idle). Each reports the CPU time and context switches
(all threads, /proc) it used over the window, the looks its object took, and the CPU
one look costs (timed after the window). Per hour: the window's figures scaled, and
the scheduled wake-ups (fallback timer, resync) times the cost of one.

Latency: a StoreEvents in this process's event loop; another process writes, and the
time from its commit returning to interactionsChanged naming the contact is taken
(the writer prints its clock right after the commit; same machine, same clock). Also
from launching `netcare log` to the signal (Python start-up and the CLI included).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

from common import OUT, sample_data_dir

HERE = Path(__file__).resolve().parent


def _switches() -> int:
    total = 0
    for status in Path("/proc/self/task").glob("*/status"):
        try:
            for line in status.read_text().splitlines():
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split(":")[1])
        except OSError:
            continue
    return total


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def idle_child(mode: str, db: str, window: float) -> None:
    """Run in a fresh process: the idle figures of one mode, as JSON on stdout."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from datetime import datetime

    from PySide6.QtCore import QCoreApplication, QTimer

    app = QCoreApplication([])
    obj = None
    if mode == "events":
        from netcare_desktop.ui.store_events import StoreEvents

        obj = StoreEvents(Path(db))
    elif mode == "reminders":
        from netcare_desktop.store.reader import open_reader
        from netcare_desktop.ui.reminder_service import ReminderService

        conn = open_reader(Path(db))

        def clock():
            return datetime.now(UTC).replace(tzinfo=None)

        obj = ReminderService(conn, clock, ensure_store=lambda: None)
        obj.start()
    # Settle (first look, imports, caches), then measure the idle window.
    QTimer.singleShot(1000, app.quit)
    app.exec()
    checks0 = getattr(obj, "checks", 0)
    cpu0, sw0, t0 = _cpu(), _switches(), time.monotonic()
    QTimer.singleShot(int(window * 1000), app.quit)
    app.exec()
    elapsed = time.monotonic() - t0
    cpu, sw = _cpu() - cpu0, _switches() - sw0
    looks = getattr(obj, "checks", 0) - checks0
    per_look = 0.0
    if mode == "events":
        n, c = 2000, _cpu()
        for _ in range(n):
            obj.check_now()
        per_look = (_cpu() - c) / n
    elif mode == "reminders":
        n, c = 20, _cpu()
        for _ in range(n):
            obj.check(announce=False)
        per_look = (_cpu() - c) / n
    print(
        json.dumps(
            {
                "window_s": elapsed,
                "cpu_s": cpu,
                "switches": sw,
                "looks": looks,
                "per_look": per_look,
            }
        )
    )


def _idle(db: Path, window: float, rounds: int) -> dict:
    runs: dict[str, list[dict]] = {"loop": [], "events": [], "reminders": []}
    for _ in range(rounds):  # interleaved
        for mode in runs:
            out = subprocess.run(
                [sys.executable, __file__, "--idle-child", mode, str(db), str(window)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            runs[mode].append(json.loads(out.strip().splitlines()[-1]))

    def med(mode, key):
        return statistics.median(r[key] for r in runs[mode])

    from netcare_desktop.ui.reminder_service import RESYNC
    from netcare_desktop.ui.store_events import StoreEvents

    scheduled = {"events": 3600 / StoreEvents.FALLBACK_S, "reminders": 3600 / RESYNC.seconds}
    result = {"window_s": window, "rounds": rounds}
    for mode in runs:
        hour = 3600 / med(mode, "window_s")
        row = {
            "cpu_s_per_h_measured": round(med(mode, "cpu_s") * hour, 3),
            "switches_per_h_measured": round(med(mode, "switches") * hour),
            "looks_in_window": med(mode, "looks"),
        }
        if mode in scheduled:
            per_look = med(mode, "per_look")
            row.update(
                wakeups_per_h_scheduled=scheduled[mode],
                cpu_ms_per_look=round(per_look * 1000, 4),
                cpu_s_per_h_scheduled=round(per_look * scheduled[mode], 5),
            )
        result[mode] = row
    return result


def _writer(db: Path) -> subprocess.Popen:
    code = (
        "import sys, time; from datetime import datetime; from pathlib import Path;"
        "from netcare_desktop.store.database import open_store, close_store;"
        "from netcare_desktop.store.interactions import log_interaction;"
        "p = Path(sys.argv[1]); t = datetime(2026, 11, 25, 12);"
        "db = open_store(p, p.parent / 'backups', t, checked=True); print('ready', flush=True)\n"
        "for line in sys.stdin:\n"
        "    log_interaction(int(line), 'call', t, t); print(time.time(), flush=True)\n"
        "close_store(db)"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _latency(db: Path, rounds: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from netcare_desktop.ui.store_events import StoreEvents

    app = QCoreApplication.instance() or QCoreApplication([])
    events = StoreEvents(db)
    heard: list[tuple[float, list]] = []
    loop = QEventLoop()

    def on_touch(ids):
        heard.append((time.time(), ids))
        loop.quit()

    events.interactionsChanged.connect(on_touch)

    def wait_signal(seconds: float = 20.0) -> tuple[float, list] | None:
        heard.clear()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()
        return heard[0] if heard else None

    writer = _writer(db)
    assert writer.stdout.readline().strip() == "ready"
    commit_to_signal = []
    for i in range(rounds):
        cid = 1 + i
        writer.stdin.write(f"{cid}\n")
        writer.stdin.flush()
        got = wait_signal()
        committed = float(writer.stdout.readline())
        if got is None or got[1] != [cid]:
            raise SystemExit(f"no signal for contact {cid}: {got}")
        commit_to_signal.append(got[0] - committed)
    writer.stdin.close()
    writer.wait()
    launch_to_signal, cli_run = [], []
    env = {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}
    for i in range(rounds):
        cid = 100 + i
        started = time.time()
        cli = subprocess.Popen(
            [sys.executable, "-m", "netcare_desktop", "--data-dir", str(db.parent)]
            + ["log", str(cid), "--kind", "call"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        got = wait_signal(60)
        cli.communicate()
        cli_run.append(time.time() - started)
        if got is None or got[1] != [cid]:
            raise SystemExit(f"no signal for the CLI's log of {cid}: {got}")
        launch_to_signal.append(got[0] - started)
    events.close()
    del app
    return {
        "rounds": rounds,
        "commit_to_signal_ms_median": round(statistics.median(commit_to_signal) * 1000, 1),
        "commit_to_signal_ms_max": round(max(commit_to_signal) * 1000, 1),
        "cli_launch_to_signal_ms_median": round(statistics.median(launch_to_signal) * 1000),
        "cli_run_ms_median": round(statistics.median(cli_run) * 1000),
    }


def main(count: int = 10_000, window: float = 20.0, rounds: int = 3) -> dict:
    OUT.mkdir(exist_ok=True)
    sample = sample_data_dir(count)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        db = data / "netcare.db"
        shutil.copy(sample / "netcare.db", db)
        idle = _idle(db, window, rounds)
        latency = _latency(db, 10)
    result = {"contacts": count, "idle": idle, "latency": latency}
    ev, rem, base = idle["events"], idle["reminders"], idle["loop"]
    print(
        f"store watch, idle ({count:,} contacts, {window:.0f} s windows x{rounds}):"
        f" StoreEvents {ev['wakeups_per_h_scheduled']:.0f} wake-ups/h scheduled,"
        f" {ev['cpu_s_per_h_scheduled'] * 1000:.2f} ms CPU/h"
        f" ({ev['cpu_ms_per_look']:.3f} ms a look); ReminderService"
        f" {rem['wakeups_per_h_scheduled']:.0f} wake-ups/h, {rem['cpu_s_per_h_scheduled'] * 1000:.1f}"
        f" ms CPU/h ({rem['cpu_ms_per_look']:.2f} ms a look). Measured over the window, per hour:"
        f" loop alone {base['cpu_s_per_h_measured']:.2f} s CPU, {base['switches_per_h_measured']}"
        f" switches; with StoreEvents {ev['cpu_s_per_h_measured']:.2f} s,"
        f" {ev['switches_per_h_measured']}; with ReminderService {rem['cpu_s_per_h_measured']:.2f}"
        f" s, {rem['switches_per_h_measured']}"
    )
    print(
        f"store watch, latency: another process's commit -> interactionsChanged"
        f" {latency['commit_to_signal_ms_median']} ms median"
        f" (max {latency['commit_to_signal_ms_max']} ms);"
        f" `netcare log` launched -> signal {latency['cli_launch_to_signal_ms_median']} ms"
        f" (the CLI runs {latency['cli_run_ms_median']} ms)"
    )
    return result


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--idle-child":
        sys.path.insert(0, str(HERE))
        idle_child(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    else:
        main(*(float(a) if "." in a else int(a) for a in sys.argv[1:]))
