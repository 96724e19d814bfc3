"""The Qt binding keeps Python's reference counts right.

PySide6 6.12.0 on Python 3.11 dropped a reference to ``None`` on every call of a
method that returns void (``QWidget.update``, ``processEvents``...), and one to ``True``
or ``False`` on some bool-returning calls. A tray app makes millions of such calls in a
day; once ``None``'s count reaches zero the interpreter aborts ("none_dealloc"), which
the suite saw as a crash at exit. pyproject.toml keeps such a release out; this test
says so if one comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QWidget

CALLS = 2000


def test_void_and_bool_calls_keep_the_counts_of_none_and_true(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    w.show()
    app = QApplication.instance()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(CALLS):
        w.update()
        w.setEnabled(True)
        w.isVisible()
    app.processEvents()
    # A few references may come and go with the work; a leak per call would be thousands.
    assert sys.getrefcount(None) - none_before > -CALLS // 10
    assert sys.getrefcount(True) - true_before > -CALLS // 10
