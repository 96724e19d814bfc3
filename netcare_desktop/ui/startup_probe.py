"""Benchmark hook: report when the main window's first frame is painted, then exit.

Enabled only by the environment variable ``NETCARE_STARTUP_PROBE`` (used by
``bench/``): ``paint`` prints ``painted <time.monotonic()>``; ``rss`` also prints
resident memory before and after scrolling through 5,000 rows.  It never
runs otherwise.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from netcare_desktop.ui.first_frame import FirstFrameWatcher


def install(app: QApplication, mode: str) -> None:
    watcher = FirstFrameWatcher(app)
    app._netcare_probe = watcher  # type: ignore[attr-defined]

    def painted() -> None:
        at = time.monotonic()

        def report() -> None:
            print(f"painted {at:.6f}", flush=True)
            if mode == "rss":
                from netcare_desktop.bench_support import rss_report

                rss_report()
            os._exit(0)

        QTimer.singleShot(0, report)

    watcher.painted.connect(painted)
