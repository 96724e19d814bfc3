"""Dropping contact files on the window: which files count, and the overlay that says where they go."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

IMPORT_SUFFIXES = (".vcf", ".vcard", ".csv", ".json")


class DropOverlay(QLabel):
    """Covers the window while files are dragged over it: where they will go."""

    def __init__(self, parent: QWidget):
        super().__init__(
            "Drop contact files here to import them\n(vCard, LinkedIn / Google / Outlook CSV, NetCare JSON)",
            parent,
        )
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName("Drop here to import")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.setFont(font)
        self.setAutoFillBackground(False)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        from PySide6.QtGui import QColor, QPainter, QPen

        painter = QPainter(self)
        highlight = self.palette().color(self.palette().ColorRole.Highlight)
        base = QColor(self.palette().color(self.palette().ColorRole.Window))
        base.setAlpha(225)  # the window dims behind the message, which stays readable
        painter.fillRect(self.rect(), base)
        tint = QColor(highlight)
        tint.setAlpha(45)
        painter.fillRect(self.rect(), tint)
        pen = QPen(highlight, 4, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(self.rect().adjusted(6, 6, -6, -6), 12, 12)
        painter.end()
        super().paintEvent(event)


def droppable(mime) -> list[str]:
    if not mime.hasUrls():
        return []
    out = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile().rstrip("\0"))
        if path.is_dir() or path.suffix.lower() in IMPORT_SUFFIXES:
            out.append(str(path))
    return out


_droppable = droppable  # the old private name


class DropTarget(QObject):
    """Makes ``window`` take dropped contact files: the overlay while dragging, then
    ``on_drop(paths)`` (posted: the drag source waits for the drop handler to return)."""

    def __init__(self, window: QWidget, on_drop):
        super().__init__(window)
        self.window = window
        self.on_drop = on_drop
        self.overlay = DropOverlay(window)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if obj is not self.window or kind not in _DRAG_EVENTS:
            return False
        if kind == QEvent.Type.DragLeave:
            self.overlay.hide()
            return False
        paths = droppable(event.mimeData())
        if kind == QEvent.Type.Drop:
            self.overlay.hide()
        if not paths:
            event.ignore()
            return True
        event.setDropAction(Qt.DropAction.CopyAction)  # never move: the files stay put
        event.accept()
        if kind == QEvent.Type.DragEnter:
            self.overlay.setGeometry(self.window.rect())
            self.overlay.raise_()
            self.overlay.show()
        elif kind == QEvent.Type.Drop:
            QTimer.singleShot(0, lambda: self.on_drop(paths))
        return True


_DRAG_EVENTS = (
    QEvent.Type.DragEnter,
    QEvent.Type.DragMove,
    QEvent.Type.DragLeave,
    QEvent.Type.Drop,
)
