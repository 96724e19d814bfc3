"""StoreEvents: the one way views, the tray and the reminder service learn about writes.

Every writer, in this process or another one (the CLI, a second tool, a sync in a
worker), changes the database file; a dedicated read-only connection notices the
change (``PRAGMA data_version`` moves for every commit made by any other
connection) and turns it into the signals below.  A view connects to the signals
it cares about and never needs to be reloaded by hand.

An id list of ``None`` means "could be any": reload everything of that kind.
Writers in this process may call :meth:`check_now` right after their write so that
the views repaint at once instead of at the next wake-up; calling it when nothing
changed costs one PRAGMA and emits nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from netcare_desktop.store.reader import read_only_uri


class StoreEvents(QObject):
    contactsChanged = Signal(object)  # list[int] | None
    interactionsChanged = Signal(object)  # contact ids (list[int]) | None
    remindersChanged = Signal()
    settingsChanged = Signal(object)  # list[str] | None

    def __init__(self, db_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None

    def _connection(self) -> sqlite3.Connection | None:
        if self._conn is None:
            if not self.db_path.exists():
                return None
            self._conn = sqlite3.connect(read_only_uri(self.db_path), uri=True)
        return self._conn

    def check_now(self) -> bool:
        """Look at the store now; emit what changed since the last look. True if anything did."""
        conn = self._connection()
        if conn is None:
            return False
        try:
            version = conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            return False
        if version == self._version:
            return False
        first = self._version is None
        self._version = version
        if first:
            return False
        self.contactsChanged.emit(None)
        self.interactionsChanged.emit(None)
        self.remindersChanged.emit()
        self.settingsChanged.emit(None)
        return True

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
