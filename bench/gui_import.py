"""GUI responsiveness during a 10,000-card import: the longest gap between two frames
the window painted while the import ran (reading, planning and applying run in a worker
thread). A QTimer asks for a repaint every 16 ms; an event filter stamps each paint."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile

from common import HERE, OUT, display
from import_bench import make_cards


def child(cards: str, data_dir: str) -> None:
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from netcare_desktop import paths
    from netcare_desktop.store.database import open_store
    from netcare_desktop.store.reader import open_reader
    from netcare_desktop.ui.formatting import utc_now
    from netcare_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    p = paths.resolve(data_dir)
    p.ensure()
    open_store(p.database, p.backups_dir, utc_now())
    w = MainWindow(p, open_reader(p.database))
    w.resize(1100, 700)
    w.show()
    stamps: list[float] = []

    class Paints(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and obj is w.stack.currentWidget():
                stamps.append(time.perf_counter())
            return False

    paints = Paints()
    app.installEventFilter(paints)
    ticker = QTimer()
    ticker.timeout.connect(lambda: w.stack.currentWidget().update())
    ticker.start(16)
    marks = {}
    w.importer.previewShown.connect(
        lambda d: (marks.setdefault("preview", time.perf_counter()), QTimer.singleShot(0, d.accept))
    )
    span = {}

    def finished(result):
        span["end"] = time.perf_counter()
        span["created"] = result.created if result else 0
        QTimer.singleShot(100, app.quit)

    w.importer.finished.connect(finished)
    QTimer.singleShot(
        200, lambda: (span.setdefault("start", time.perf_counter()), w.importer.start([cards]))
    )
    app.exec()
    during = [t for t in stamps if span["start"] <= t <= span["end"]]
    gaps = [b - a for a, b in zip(during, during[1:], strict=False)]
    top = sorted(
        ((b - a, a - span["start"]) for a, b in zip(during, during[1:], strict=False)), reverse=True
    )[:4]
    if "--debug" in sys.argv:
        print(
            "gaps (ms, at s):",
            [(round(g * 1000), round(t, 2)) for g, t in top],
            "preview at",
            round(marks.get("preview", 0) - span["start"], 2),
            file=sys.stderr,
        )
    print(
        json.dumps(
            {
                "seconds": span["end"] - span["start"],
                "frames": len(during),
                "max_gap_ms": max(gaps) * 1000 if gaps else None,
                "created": span["created"],
            }
        ),
        flush=True,
    )
    import os

    os._exit(0)  # skip interpreter teardown: only the figures matter here


def main(count: int = 10_000) -> dict:
    OUT.mkdir(exist_ok=True)
    cards = OUT / f"cards-{count}-v2.vcf"
    if not cards.exists():
        make_cards(count, cards)
    with tempfile.TemporaryDirectory() as tmp, display() as (env, platform_name):
        out = subprocess.run(
            [sys.executable, str(HERE / "gui_import.py"), "--child", str(cards), tmp],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-1000:])
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["platform"] = platform_name
    print(
        f"GUI import ({platform_name}, {count:,} cards): {result['seconds']:.1f} s, "
        f"{result['frames']} frames painted meanwhile, longest gap between frames "
        f"{result['max_gap_ms']:.0f} ms ({result['created']:,} created)"
    )
    return result


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        sys.path.insert(0, str(HERE.parent))
        child(sys.argv[2], sys.argv[3])
    else:
        main()
