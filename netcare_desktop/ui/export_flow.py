"""File → Export All… / Export Selected…, and the dashboard's PNG: written on a worker.

The file appears whole or not at all (a temporary file beside it, then a rename);
a value the format cannot hold is never dropped silently: the person is told which.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from netcare_desktop.ui.formatting import number_text, plural
from netcare_desktop.ui.messages import warn
from netcare_desktop.ui.services import Services

FILTERS = {
    "vCard 4.0 (*.vcf)": "vcf",
    "vCard 3.0 (*.vcf)": "vcf3",
    "CSV, Google Contacts columns (*.csv)": "csv",
    "NetCare JSON, everything (*.json)": "json",
}


class ExportCommands(QObject):
    def __init__(
        self, services: Services, dashboard: Callable[[], object], parent: QObject | None = None
    ):
        super().__init__(parent)
        self.services = services
        self._dashboard = dashboard

    def choose_all(self) -> None:
        self.choose_export(None)

    def choose_current(self) -> None:
        self.choose_export(self.services.current.id)

    def choose_export(self, contact_id: int | None) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, chosen = QFileDialog.getSaveFileName(
            self.services.window,
            "Export contacts",
            str(Path.home() / "netcare-contacts.vcf"),
            ";;".join(FILTERS),
        )
        if not path:
            return
        fmt = FILTERS.get(chosen, "vcf")
        self.export_to(path, fmt, None if contact_id is None else [contact_id])

    def export_to(self, path: str, fmt: str, ids: list[int] | None):
        """Write the export in a worker thread; the file appears whole or not at all."""
        from netcare_desktop.ui.worker import run_in_thread

        s = self.services
        s.ensure_store()
        now = s.clock()
        problems: list[str] = []

        def job(_progress, _cancelled):
            import os
            import tempfile

            from netcare_desktop.interop.exporter import export

            target = Path(path)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".netcare-export-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                    count = export(fmt, out, now, ids, problems=problems)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            return count

        def done(count) -> None:
            s.say(f"Exported {plural(count, 'contact')} to {path}.", 10000)
            if problems:  # a value the format cannot hold is never dropped silently
                QTimer.singleShot(
                    0,
                    lambda: warn(
                        s.window,
                        "Exported, with values left out",
                        f"Exported {plural(count, 'contact')} to {path}. The format cannot"
                        " hold these"
                        " values, so they were left out (they stay in NetCare; a JSON export"
                        " keeps them):\n\n"
                        + "\n".join(problems[:20])
                        + (
                            f"\n… and {number_text(len(problems) - 20)} more"
                            if len(problems) > 20
                            else ""
                        ),
                    ),
                )

        def failed(message: str) -> None:
            warn(s.window, "Export failed", f"Could not write {path}:\n{message}")

        return run_in_thread(self, job, done, failed, lambda: None)

    def export_dashboard(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getSaveFileName(
            self.services.window, "Export the dashboard", "netcare-health.png", "PNG images (*.png)"
        )
        if not path:
            return
        if self._dashboard().export_png(path):
            self.services.say(f"Saved {path}", 5000)
        else:
            warn(self.services.window, "Export", f"Could not write {path}.")
