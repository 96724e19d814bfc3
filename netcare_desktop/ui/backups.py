"""File → Backups…: the backups on disk, Back Up Now, Restore and Undo Last Restore; the
automatic daily backup, retried every hour while it fails and shown in the status bar."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.store.backup import BackupInfo, last_restore, list_backups
from netcare_desktop.ui.formatting import datetime_text, utc_now
from netcare_desktop.ui.messages import confirm

log = logging.getLogger(__name__)

LABELS = {
    "daily": "Daily",
    "manual": "Made by hand",
    "pre-import": "Before an import",
    "before-restore": "Before a restore",
    "before-undo": "Before undoing a restore",
}


def megabytes(size: int) -> str:
    """'1.5 MB' with the locale's decimal separator ('1,5 MB' in German)."""
    from PySide6.QtCore import QLocale

    return f"{QLocale().toString(size / 1e6, 'f', 1)} MB"


class _ErrorColour(QObject):
    """Keeps a label's text red for the palette it has: light or dark, live."""

    def __init__(self, label: QLabel):
        super().__init__(label)
        self.label = label
        label.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        from PySide6.QtGui import QPalette

        from netcare_desktop.ui.theme import error_colour

        pal = self.label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, error_colour(QApplication.palette()))
        self.label.setPalette(pal)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self.apply()
        return False


class DailyBackups(QObject):
    """The automatic backup, on a daemon thread of ui/worker.py (a big file takes seconds).

    Tried a few seconds after start and then every hour: ``backup.daily`` takes
    one only when no verified copy is younger than a day, so a failed one is
    simply tried again at the next hour.  A failure is shown in the window's
    status bar (a permanent label, not a message that fades) until a try succeeds.
    """

    RETRY_MS = 60 * 60 * 1000
    finished = Signal(str, str)  # (the new backup or "", the error or "")

    def __init__(self, window, app_paths, clock=utc_now):
        super().__init__(window)
        self.window = window
        self.paths = app_paths
        self.clock = clock
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(self.RETRY_MS)
        self.timer.timeout.connect(self.run_now)
        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAccessibleName("Backup problem")
        _ErrorColour(self.banner)  # red that reads on light and dark palettes alike
        self.banner.hide()
        window.statusBar().addPermanentWidget(self.banner)
        self.finished.connect(self._show)

    def start(self, delay_ms: int = 3000) -> None:
        QTimer.singleShot(delay_ms, self.run_now)
        self.timer.start()

    def run_now(self) -> None:
        from netcare_desktop.ui.worker import run_detached

        if self.running:
            return
        self.running = True
        run_detached(
            self,
            self._work,
            lambda taken: self.finished.emit(str(taken or ""), ""),
            lambda error: self.finished.emit("", error),
            "daily backup",
        )

    def _work(self):
        from netcare_desktop.store import backup
        from netcare_desktop.store.reader import open_reader
        from netcare_desktop.store.reminders import read_preferences

        con = open_reader(self.paths.database)
        try:
            prefs = read_preferences(con)
        finally:
            con.close()
        taken = backup.daily(
            self.paths.database,
            self.paths.backups_dir,
            self.clock(),
            prefs.backup_days,
            prefs.backup_weeks,
        )
        if taken is not None:
            log.info("daily backup: %s", taken)
        return taken

    def _show(self, taken: str, error: str) -> None:
        self.running = False
        if error:
            self.banner.setText(
                f"The daily backup failed: {error}. NetCare tries again in an hour."
            )
            self.banner.setToolTip(error)
            self.banner.show()
        else:
            self.banner.hide()
            self.banner.clear()


class BackupsDialog(QDialog):
    """Lists backups; asks the controller to back up or restore (it runs the work)."""

    def __init__(self, controller, parent: QWidget | None = None):  # a BackupsController
        super().__init__(parent or controller.services.window)
        self.controller = controller
        backups_dir = controller.services.paths.backups_dir
        self.setWindowTitle("Backups")
        self.setAccessibleName("Backups")
        self.resize(640, 360)
        where = QLabel(
            f"Backups are kept in {backups_dir}: one a day while NetCare runs, one\n"
            "before every import of more than 100 records and before every restore. Each is\n"
            "checked after it is written. Restoring saves what is there now first, and\n"
            "Undo Last Restore puts it back."
        )
        where.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Taken", "Why", "Size"])
        self.table.setAccessibleName("Backups list")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.backup_button = QPushButton("&Back Up Now")
        self.backup_button.setAccessibleName("Back up now")
        self.backup_button.clicked.connect(self._backup)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setAccessibleName("Restore the selected backup")
        self.restore_button.clicked.connect(self._restore)
        self.undo_button = QPushButton("&Undo Last Restore")
        self.undo_button.setAccessibleName("Undo the last restore")
        self.undo_button.clicked.connect(self._undo_restore)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.items: list[BackupInfo] = []
        self.refresh()

    def refresh(self) -> None:
        self.items = list_backups(self.controller.services.paths.backups_dir)
        self.table.setRowCount(len(self.items))
        for row, b in enumerate(self.items):
            for col, text in enumerate(
                (
                    datetime_text(b.taken_at),
                    LABELS.get(
                        b.label,
                        f"Before moving to schema {b.label}"
                        if b.label.startswith("v")
                        else b.label,
                    ),
                    megabytes(b.size),
                )
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if self.items:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.items))
        self.undo_button.setEnabled(
            last_restore(self.controller.services.paths.backups_dir) is not None
        )

    def selected(self) -> BackupInfo | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _backup(self) -> None:
        self.controller.backup_now(on_done=self.refresh)

    def _restore(self) -> None:
        b = self.selected()
        if b is None:
            return
        when = datetime_text(b.taken_at)
        if confirm(
            self,
            "Restore",
            f"Replace everything in NetCare with the backup from {when}?\n\n"
            "What is there now is backed up first, so this can be undone by restoring that.",
        ):
            self.controller.restore_backup(b.path, on_done=self.refresh)

    def _undo_restore(self) -> None:
        last = last_restore(self.controller.services.paths.backups_dir)
        if last is None:
            return
        when = datetime_text(last.taken_at)
        if not confirm(
            self,
            "Undo Last Restore",
            f"Put back what NetCare held before the last restore (saved {when})?\n\n"
            "What is there now is backed up first.",
        ):
            return
        self.controller.undo_restore(on_done=self.refresh)
