"""Helpers for the benchmarks' child processes (not used by the app itself)."""

from __future__ import annotations


def rss_bytes() -> int:
    """Resident memory of this process, from /proc (Linux) or psutil."""
    try:
        with open("/proc/self/statm") as f:
            import os

            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import psutil

        return psutil.Process().memory_info().rss


def rss_report() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    first = rss_bytes()
    win = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow))
    model = win.table.model()
    while model.rowCount() < 5000 and model.canFetchMore():  # scroll through 5,000 rows
        model.fetchMore()
    win.table.scrollToBottom()
    QApplication.processEvents()
    print(f"rss {first} {rss_bytes()} rows {model.rowCount()}", flush=True)
