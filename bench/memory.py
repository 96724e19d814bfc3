"""(c) Resident memory of the running app with 100,000 contacts.

The real entry point, on a real X server: RSS once the first frame is painted,
and again after scrolling through 5,000 rows of the table.  A bare PySide6
QMainWindow is measured in the same run for scale.
"""

from __future__ import annotations

import subprocess
import sys

from common import HERE, display, sample_data_dir

MB = 1024 * 1024


def main(count: int = 100_000) -> dict:
    data = sample_data_dir(count)
    with display() as (env, platform_name):
        out = subprocess.run(
            [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data)],
            capture_output=True,
            text=True,
            env={**env, "NETCARE_STARTUP_PROBE": "rss"},
            timeout=300,
        )
        bare = subprocess.run(
            [
                sys.executable,
                "-c",
                (
                    f"import sys; sys.path.insert(0, {str(HERE.parent)!r});"
                    + "from PySide6.QtWidgets import QApplication, QMainWindow;"
                    "from PySide6.QtCore import QTimer;"
                    "from netcare_desktop.bench_support import rss_bytes;"
                    "app = QApplication([]); w = QMainWindow(); w.resize(1100, 700); w.show();"
                    "QTimer.singleShot(300, lambda: (print('rss', rss_bytes()), app.quit())); app.exec()"
                ),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("rss "))
    _, first, scrolled, _, rows = line.split()
    bare_rss = int(next(ln for ln in bare.stdout.splitlines() if ln.startswith("rss ")).split()[1])
    result = {
        "platform": platform_name,
        "contacts": count,
        "first_frame_mb": int(first) / MB,
        "after_scroll_mb": int(scrolled) / MB,
        "rows_loaded": int(rows),
        "bare_qt_mb": bare_rss / MB,
    }
    print(
        f"memory ({platform_name}, {count:,} contacts): {result['first_frame_mb']:.0f} MB at first frame, "
        f"{result['after_scroll_mb']:.0f} MB after loading {int(rows):,} rows "
        f"(bare PySide6 window: {result['bare_qt_mb']:.0f} MB)"
    )
    return result


if __name__ == "__main__":
    main()
