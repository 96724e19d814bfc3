"""Child process for the bare-Qt baseline: a QMainWindow, nothing else.

Prints ``painted <monotonic seconds>`` once its first frame is painted and
exits.  NetCare itself is measured through its real entry point with
NETCARE_STARTUP_PROBE set (see netcare_desktop/ui/startup_probe.py).
"""

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    """Same rule as netcare_desktop/ui/startup_probe.py: the first non-Paint event after the first paint."""

    painting = False
    done = False
    painted_at = 0.0

    def eventFilter(self, obj, event):  # noqa: N802
        if self.done:
            return False
        if event.type() == QEvent.Type.Paint:
            if obj.isWidgetType() and isinstance(obj.window(), QMainWindow):
                self.painting = True
        elif self.painting:
            self.done = True
            self.painted_at = time.monotonic()
            QTimer.singleShot(0, report)
        return False


def report():
    print(f"painted {probe.painted_at:.6f}", flush=True)
    os._exit(0)


app = QApplication(sys.argv[:1])
w = QMainWindow()
w.resize(1100, 700)
w.setWindowTitle("bare")
w.show()
probe = FirstPaint()  # installed after show(), as NetCare's probe is
app.installEventFilter(probe)
sys.exit(app.exec())
