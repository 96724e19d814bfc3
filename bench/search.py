"""(b) Search as you type over 100,000 contacts: keystroke to table updated and repainted.

A real main window on a real X server; each keystroke goes through QTest into
the search box; the time runs until the model has reset and the view has
repainted (processEvents + an explicit repaint of the table's viewport).
"""

from __future__ import annotations

import json
import subprocess
import sys

from common import HERE, display, percentile, sample_data_dir

QUERIES = [
    "lovelace",
    "ada hop",
    "tennis club",
    "example.org",
    "o'brien",
    "zoë",
    "product man",
    "xyz",
]


def child(data_dir: str) -> None:
    import time

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from netcare_desktop import paths
    from netcare_desktop.store.reader import open_reader
    from netcare_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    p = paths.resolve(data_dir)
    w = MainWindow(p, open_reader(p.database))
    w.resize(1240, 760)
    w.show()
    QTest.qWaitForWindowExposed(w)
    app.processEvents()
    latencies = []
    for query in QUERIES:
        for ch in query:
            t0 = time.perf_counter()
            QTest.keyClick(w.search, ch)
            w.table.viewport().repaint()
            app.processEvents()
            latencies.append((time.perf_counter() - t0) * 1000)
        for _ in query:  # and back out again, one Backspace at a time
            t0 = time.perf_counter()
            QTest.keyClick(w.search, Qt.Key.Key_Backspace)
            w.table.viewport().repaint()
            app.processEvents()
            latencies.append((time.perf_counter() - t0) * 1000)
    print(json.dumps(latencies))


def main(count: int = 100_000) -> dict:
    data = sample_data_dir(count)
    with display() as (env, platform_name):
        out = subprocess.run(
            [sys.executable, str(HERE / "search.py"), "--child", str(data)],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=True,
        )
    lat = json.loads(out.stdout.strip().splitlines()[-1])
    result = {
        "platform": platform_name,
        "keystrokes": len(lat),
        "p50_ms": percentile(lat, 50),
        "p95_ms": percentile(lat, 95),
        "max_ms": max(lat),
        "contacts": count,
    }
    print(
        f"search-as-you-type ({platform_name}, {count:,} contacts, {len(lat)} keystrokes): "
        f"p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, max {result['max_ms']:.1f} ms"
    )
    return result


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.path.insert(0, str(HERE.parent))
        child(sys.argv[2])
    else:
        main()
