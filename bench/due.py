"""(f) The due queue for 100,000 contacts and 1,000,000 interactions; the idle reminder service.

Times ``store.reminders.due_queue`` (SQL narrowing on the trigger-kept
``kit_due`` index, then core's rules for each candidate) against a baseline
measured in the same run: the obvious Python loop that reads every contact
and applies the same rules.  Then starts a real ReminderService (offscreen)
on the same file and reports how often its timer would fire while idle.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from common import NOW, percentile, sample_data_dir

RUNS = 15


def _naive(conn, now, tz):
    """The baseline: every contact through Python (what the bar says not to do)."""
    from netcare_desktop.core import reminders as rules
    from netcare_desktop.core.cadence import effective_cadence

    out = []
    rows = conn.execute(
        "SELECT c.id, c.display_name, c.last_touch_at, c.circle_since, c.cadence_days,"
        " ci.cadence_days FROM contact c LEFT JOIN circle ci ON ci.id = c.circle_id"
        " WHERE c.archived = 0"
    ).fetchall()
    for cid, name, last, since, own, circle_days in rows:
        last_dt = rules.datetime.fromisoformat(last) if last else None
        since_dt = rules.datetime.fromisoformat(since) if since else None
        r = rules.keep_in_touch(
            cid, name, last_dt, since_dt, effective_cadence(own, circle_days), now, tz
        )
        if r is not None and r.is_due:
            out.append(r)
    return rules.ordered(out)


def _time(fn, *args):
    times, result = [], None
    fn(*args)  # warm the page cache
    for _ in range(RUNS):
        t = time.perf_counter()
        result = fn(*args)
        times.append((time.perf_counter() - t) * 1000)
    return times, result


def main(count: int = 100_000, per_contact: float = 10.0) -> dict:
    from netcare_desktop.store import reminders
    from netcare_desktop.store.reader import open_reader

    print(f"(f) due queue: {count:,} contacts, ~{int(count * per_contact):,} interactions")
    data = sample_data_dir(count, per_contact)
    conn = open_reader(data / "netcare.db")
    interactions = conn.execute("SELECT count(*) FROM interaction").fetchone()[0]
    tz = ZoneInfo("Europe/Berlin")
    times, queue = _time(reminders.due_queue, conn, NOW, tz)
    kit = sum(1 for r in queue if r.kind == "keep_in_touch")
    base_times, base = _time(_naive, conn, NOW, tz)
    assert [r.key for r in base] == [r.key for r in queue if r.kind == "keep_in_touch"]
    change_times, _ = _time(reminders.next_change, conn, NOW, tz)
    p50, p95 = statistics.median(times), percentile(times, 95)
    b50 = statistics.median(base_times)
    print(f"    {interactions:,} interactions; queue {len(queue):,} due ({kit:,} keep-in-touch)")
    print(f"    due_queue p50 {p50:.0f} ms, p95 {p95:.0f} ms   (bar: <= 100 ms)")
    print(
        f"    baseline Python loop over every contact (keep-in-touch only): p50 {b50:.0f} ms"
        f" -> {b50 / p50:.1f}x slower"
    )
    print(f"    next_change p50 {statistics.median(change_times):.1f} ms")
    idle = _idle_interval(data)
    print(
        f"    idle service: timer every {idle / 1000:.0f} s"
        f" ({3600_000 / idle:.0f} wake-ups an hour; bar: no more than one a minute)"
    )
    conn.close()
    return {
        "contacts": count,
        "interactions": interactions,
        "due": len(queue),
        "due_queue_ms_p50": round(p50, 1),
        "due_queue_ms_p95": round(p95, 1),
        "python_loop_ms_p50": round(b50, 1),
        "idle_timer_ms": idle,
    }


def _idle_interval(data) -> int:
    """The real service on an idle day: everything handled, so what does its timer do?"""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from netcare_desktop.store.database import close_store, open_store
    from netcare_desktop.store.reader import open_reader
    from netcare_desktop.ui.reminder_service import ReminderService

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = data.parent / "idle-probe"
    tmp.mkdir(exist_ok=True)
    db = open_store(tmp / "netcare.db", tmp / "backups", NOW)
    conn = open_reader(tmp / "netcare.db")
    service = ReminderService(conn, lambda: NOW + timedelta(hours=12), lambda: None)
    service.start()
    interval = service.interval_ms()
    service.stop()
    conn.close()
    close_store(db)
    del app
    return interval


if __name__ == "__main__":
    main()
