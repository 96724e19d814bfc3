"""File → Backups and Restore…: the dialog's work (back up, restore, undo a restore) on
ui/worker.py, the window live meanwhile; after a restore every view reads the store again."""

from __future__ import annotations

from PySide6.QtCore import QObject


class BackupsController(QObject):
    """File → Backups and Restore…: the dialog, and the work it asks for, on a worker."""

    def __init__(self, services, forget_undo, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        self.forget_undo = forget_undo  # a restore replaces what Ctrl+Z could bring back
        self._job = None

    def show_dialog(self) -> None:
        from netcare_desktop.ui.backups import BackupsDialog

        self.services.ensure_store()
        BackupsDialog(self).exec()

    def _run(self, job, done_message: str, on_done=None) -> None:
        """Backups and restores take seconds on a big file: a worker, the window stays live."""
        from netcare_desktop.ui.messages import warn
        from netcare_desktop.ui.worker import run_in_thread

        s = self.services
        s.say("Working…", 0)

        def done(result) -> None:
            s.say(done_message.format(result=result), 8000)
            if on_done is not None:
                on_done()

        def failed(message: str) -> None:
            s.say("", 0)  # clears the "Working…"
            warn(s.window, "Backups", message)

        self._job = run_in_thread(self, lambda _p, _c: job(), done, failed, lambda: None)

    def _with_connection(self, work):
        import sqlite3

        database = self.services.paths.database

        def job():
            conn = sqlite3.connect(database, timeout=10)
            try:
                return work(conn)
            finally:
                conn.close()

        return job

    def _replaced(self, on_done) -> None:
        """After a restore (or its undo): the window shows the data put back."""
        self.forget_undo()
        self.services.current.set(None)
        self.services.reload_all()
        if on_done is not None:
            on_done()

    def backup_now(self, on_done=None) -> None:
        from netcare_desktop.store import backup
        from netcare_desktop.store import reminders as store_reminders

        s = self.services
        prefs = store_reminders.read_preferences(s.reader)
        backups_dir, now = s.paths.backups_dir, s.clock()
        job = self._with_connection(
            lambda conn: backup.take_backup(
                conn, backups_dir, now, "manual", prefs.backup_days, prefs.backup_weeks
            )
        )
        self._run(job, "Backed up to {result} (verified).", on_done)

    def restore_backup(self, path, on_done=None) -> None:
        from netcare_desktop.store import backup

        backups_dir, now = self.services.paths.backups_dir, self.services.clock()
        job = self._with_connection(lambda conn: backup.restore(conn, path, backups_dir, now))
        self._run(
            job,
            "Restored. What was there before is kept in {result}.",
            lambda: self._replaced(on_done),
        )

    def undo_restore(self, on_done=None) -> None:
        from netcare_desktop.store import backup

        backups_dir, now = self.services.paths.backups_dir, self.services.clock()
        job = self._with_connection(lambda conn: backup.undo_restore(conn, backups_dir, now)[1])
        self._run(
            job,
            "Undid the last restore. What it replaced is kept in {result}.",
            lambda: self._replaced(on_done),
        )
