"""File → Backups…: the backups on disk, Back Up Now, and Restore (the current data saved first)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.store.backup import BackupInfo, list_backups
from netcare_desktop.ui.formatting import to_local

LABELS = {
    "daily": "Daily",
    "manual": "Made by hand",
    "pre-import": "Before an import",
    "before-restore": "Before a restore",
}


class BackupsDialog(QDialog):
    """Lists backups; asks the window to back up or restore (the window runs the work)."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.window = window
        self.setWindowTitle("Backups")
        self.setAccessibleName("Backups")
        self.resize(640, 360)
        where = QLabel(
            f"Backups are kept in {window.paths.backups_dir}: one a day while NetCare runs, one\n"
            "before every import of more than 100 records and before every restore. Each is\n"
            "checked after it is written. Restoring saves what is there now first."
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.items: list[BackupInfo] = []
        self.refresh()

    def refresh(self) -> None:
        self.items = list_backups(self.window.paths.backups_dir)
        self.table.setRowCount(len(self.items))
        for row, b in enumerate(self.items):
            for col, text in enumerate(
                (
                    to_local(b.taken_at).strftime("%Y-%m-%d %H:%M"),
                    LABELS.get(
                        b.label,
                        f"Before moving to schema {b.label}"
                        if b.label.startswith("v")
                        else b.label,
                    ),
                    f"{b.size / 1e6:.1f} MB",
                )
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if self.items:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.items))

    def selected(self) -> BackupInfo | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _backup(self) -> None:
        self.window.backup_now(on_done=self.refresh)

    def _restore(self) -> None:
        b = self.selected()
        if b is None:
            return
        when = to_local(b.taken_at).strftime("%Y-%m-%d %H:%M")
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Restore")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            f"Replace everything in NetCare with the backup from {when}?\n\n"
            "What is there now is backed up first, so this can be undone by restoring that."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() == QMessageBox.StandardButton.Yes:
            self.window.restore_backup(b.path, on_done=self.refresh)
