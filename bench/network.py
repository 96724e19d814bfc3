"""(h) Today and the dashboard opening on 100,000 contacts and ~1,000,000 interactions.

A real MainWindow (offscreen platform) on the sample database; the time runs
from switching to the tab to the view repainted with its numbers (the
queries, the ranking, the widgets filled, one forced repaint).  The baseline
measured in the same run is switching to the plain Contacts tab.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from common import NOW, sample_data_dir

RUNS = 7


def main(count: int = 100_000, per_contact: float = 10.0) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from netcare_desktop import paths
    from netcare_desktop.store.database import close_store, open_store
    from netcare_desktop.store.reader import open_reader
    from netcare_desktop.ui.main_window import MainWindow

    print(
        f"(h) Today and the dashboard: {count:,} contacts, ~{int(count * per_contact):,} interactions"
    )
    data = sample_data_dir(count, per_contact)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    p = paths.resolve(str(data))
    db = open_store(p.database, p.backups_dir, NOW)
    reader = open_reader(p.database)
    w = MainWindow(p, reader, clock=lambda: NOW)
    w.resize(1240, 760)
    w.show()
    app.processEvents()

    def switch(index: int) -> float:
        w.tabs.setCurrentIndex(0 if index else 1)
        app.processEvents()
        t = time.perf_counter()
        w.tabs.setCurrentIndex(index)
        w.tabs.currentWidget().repaint()
        app.processEvents()
        return (time.perf_counter() - t) * 1000

    out = {}
    for label, index in (("contacts", 0), ("today", 2), ("dashboard", 4)):
        switch(index)  # warm
        times = [switch(index) for _ in range(RUNS)]
        out[label] = round(statistics.median(times), 1)
        print(
            f"    {label:<10} median {out[label]:.0f} ms (min {min(times):.0f}, max {max(times):.0f})"
        )
    print(
        f"    Today {out['today'] / max(out['contacts'], 0.1):.1f}x and the dashboard"
        f" {out['dashboard'] / max(out['contacts'], 0.1):.1f}x the Contacts tab (bar: <= 200 ms)"
    )
    items = w.today_view.model.rowCount()
    print(f"    Today lists {items}; health score {w.dashboard.ring.value}")
    w.reminders.stop()
    w.close()
    w.deleteLater()
    app.processEvents()
    reader.close()
    close_store(db)
    return out


if __name__ == "__main__":
    main()
