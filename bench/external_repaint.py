"""(k) Another program logs a touch: how soon the window's table row and the tray show it.

A real main window over a copy of the 10,000-contact sample (Xvfb when it is installed),
its reminder service started and a tray icon attached as the app does; the contact is
selected so its row is on screen. A second process (the store API, as `netcare log` or
a sync would write) logs a touch for a due contact and prints its clock right after the
commit. Measured from that commit: the first paint of the table after its row says
"On track", and the due queue (what the tray's count and menu show) no longer holding
the contact. Nothing here calls ``check_now``: the store's watch has to hear the other
process on its own.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import HERE, display, sample_data_dir

ROUNDS = 5


def _writer(db: Path) -> subprocess.Popen:
    code = (
        "import sys, time; from datetime import datetime, UTC; from pathlib import Path;"
        "from netcare_desktop.store.database import open_store, close_store;"
        "from netcare_desktop.store.interactions import log_interaction;"
        "p = Path(sys.argv[1]);"
        "db = open_store(p, p.parent / 'backups', datetime.now(UTC).replace(tzinfo=None),"
        " checked=True); print('ready', flush=True)\n"
        "for line in sys.stdin:\n"
        "    t = datetime.now(UTC).replace(tzinfo=None)\n"
        "    log_interaction(int(line), 'call', t, t); print(time.time(), flush=True)\n"
        "close_store(db)"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def child(data_dir: str, rounds: int) -> None:
    sys.path.insert(0, str(HERE.parent))
    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from netcare_desktop.core.reminders import ReminderKind
    from netcare_desktop.paths import AppPaths
    from netcare_desktop.store.database import open_store
    from netcare_desktop.store.reader import open_reader
    from netcare_desktop.ui.main_window import MainWindow, app_icon
    from netcare_desktop.ui.store_events import StoreEvents
    from netcare_desktop.ui.tray import Tray

    _app = QApplication([])  # kept alive for the whole run
    data = Path(data_dir)
    paths = AppPaths(data, data / "log", data / "config")
    paths.ensure()
    from datetime import UTC, datetime

    open_store(
        paths.database, paths.backups_dir, datetime.now(UTC).replace(tzinfo=None), checked=True
    )
    events = StoreEvents(paths.database)
    w = MainWindow(paths, open_reader(paths.database), events=events)
    w.resize(1400, 900)
    w.show()
    w.start_reminders()
    tray = Tray(app_icon(), lambda: w.reminders.queue, parent=w)
    w.tray = tray
    tray.update_count(len(w.reminders.queue))

    paints: list[float] = []

    class PaintClock(QObject):
        def eventFilter(self, _obj, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                paints.append(time.time())
            return False

    changes: list[float] = []  # when the table's model last changed
    w.model.dataChanged.connect(lambda *_: changes.append(time.time()))
    w.model.modelReset.connect(lambda: changes.append(time.time()))
    clock = PaintClock()
    w.table.viewport().installEventFilter(clock)

    loop = QEventLoop()

    def run_until(done, seconds: float) -> None:
        """Run the event loop, calling ``done()`` every 2 ms, until it says True or time is up.

        (QCoreApplication.processEvents(flags, ms) in a loop trips a reference-count
        bug in this PySide6; a real event loop with a timer does not.)"""
        end = time.time() + seconds

        def tick():
            if done() or time.time() > end:
                timer.stop()
                loop.quit()

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(2)
        loop.exec()

    def spin(seconds: float) -> None:
        run_until(lambda: False, seconds)

    def state(cid: int):
        row = w.model.row_of(cid)
        if row < 0:
            return None
        return w.model.data(w.model.index(row, 6), Qt.ItemDataRole.DisplayRole)

    spin(1.0)
    due = [r.contact_id for r in w.reminders.queue if r.kind is ReminderKind.KEEP_IN_TOUCH]
    due = [cid for cid in due if w.model.row_of(cid) >= 0]  # on the table's loaded page
    writer = _writer(paths.database)
    assert writer.stdout.readline().strip() == "ready"
    row_ms, queue_ms = [], []
    for cid in due[:rounds]:
        w.select_contact(cid)
        spin(0.5)
        assert state(cid) not in (None, "On track")
        assert any(r.contact_id == cid for r in w.reminders.queue)
        writer.stdin.write(f"{cid}\n")
        writer.stdin.flush()
        seen: dict[str, float] = {}
        paints.clear()
        changes.clear()

        def done(cid: int = cid, seen: dict[str, float] = seen) -> bool:
            now = time.time()
            if "row" not in seen and state(cid) == "On track":
                seen["row"] = changes[-1] if changes else now  # when the model said so
            if "row" in seen and "paint" not in seen:
                after = [t for t in paints if t >= seen["row"]]
                if after:
                    seen["paint"] = after[0]
            if "queue" not in seen and all(r.contact_id != cid for r in w.reminders.queue):
                seen["queue"] = now
            return "paint" in seen and "queue" in seen

        run_until(done, 30)
        painted, seen_queue = seen.get("paint"), seen.get("queue")
        committed = float(writer.stdout.readline())
        if painted is None or seen_queue is None:
            raise SystemExit(
                f"the window did not show contact {cid}'s touch within 30 s: {seen} {state(cid)}"
            )
        row_ms.append((painted - committed) * 1000)
        queue_ms.append((seen_queue - committed) * 1000)
    writer.stdin.close()
    writer.wait()
    events.close()
    print("RESULT " + json.dumps({"row_ms": row_ms, "queue_ms": queue_ms}))


def main(count: int = 10_000, rounds: int = ROUNDS) -> dict:
    source = sample_data_dir(count)
    with tempfile.TemporaryDirectory() as tmp, display() as (env, platform_name):
        data = Path(tmp) / "data"
        shutil.copytree(source, data)
        env = {**env, "PYTHONPATH": str(HERE.parent)}
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(data), str(rounds)],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
    lines = [x for x in out.stdout.splitlines() if x.startswith("RESULT ")]
    if not lines:
        raise RuntimeError(f"external_repaint failed: {out.stderr[-1500:]}")
    got = json.loads(lines[-1][7:])
    result = {
        "platform": platform_name,
        "contacts": count,
        "rounds": len(got["row_ms"]),
        "row_repaint_ms_median": round(statistics.median(got["row_ms"])),
        "row_repaint_ms_max": round(max(got["row_ms"])),
        "tray_queue_ms_median": round(statistics.median(got["queue_ms"])),
        "tray_queue_ms_max": round(max(got["queue_ms"])),
    }
    print(
        f"(k) external write until shown ({platform_name}, {count:,} contacts, {result['rounds']} "
        f"touches): table row repainted {result['row_repaint_ms_median']} ms median "
        f"(max {result['row_repaint_ms_max']}), tray queue {result['tray_queue_ms_median']} ms "
        f"(max {result['tray_queue_ms_max']})"
    )
    return result


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
