"""Notice when the main window's first frame has been painted.

The first frame is painted by a run of Paint events; the first event of any
other kind after them means the frame is done.  Used to open the writing
side of the store right after the window is on screen, and by the start-up
benchmark probe.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstFrameWatcher(QObject):
    painted = Signal()

    def __init__(self, app: QApplication):
        super().__init__()
        self._app = app
        self._painting = False
        app.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            if obj.isWidgetType() and isinstance(obj.window(), QMainWindow):
                self._painting = True
        elif self._painting:
            self._app.removeEventFilter(self)
            self._painting = False
            self.painted.emit()
        return False
