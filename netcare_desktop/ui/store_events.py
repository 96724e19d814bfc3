"""StoreEvents: the one way views, the tray and the reminder service learn about writes.

Every writer, in this process or another one (the CLI, a second tool, a sync in a
worker), leaves rows in the store's change feed (``store.changes``: SQL triggers, in
the writer's own transaction).  :meth:`StoreEvents.check_now` looks at the store on a
dedicated read-only connection: ``PRAGMA data_version`` (it moves for every commit
made by any other connection) says whether anything was committed since the last
look, and only then the feed is read and turned into the signals below, with the ids
it names.  An id list of ``None`` means "could be any": reload everything of that
kind.  ``remindersChanged`` fires whenever the due queue may be different (a
reminder's state, or the contacts, interactions or preferences it is computed from).

When it looks:

* after every commit made in this process (``store.commits``; the listener runs on the
  committing thread, the look is queued to this object's thread and runs from the
  event loop, once for any number of commits in a row);
* when the database's ``-wal`` (or the file, or its folder) changes on disk: a
  ``QFileSystemWatcher`` (inotify on Linux) sees writes of other processes; looks are
  at most every ``DEBOUNCE_MS``, and one more follows ``SETTLE_MS`` later when the
  first saw nothing (a commit's log can land a moment before its index);
* every ``FALLBACK_S`` seconds, for file systems whose changes the watcher cannot see
  (a network share written from another machine), or every ``POLL_S`` when nothing
  could be watched at all.

Idle (nobody writing), it costs the fallback timer's few wake-ups an hour: the watch
itself sleeps in the event loop.  Calling :meth:`check_now` when nothing changed costs
one PRAGMA and emits nothing; a write is announced once, whichever way it was noticed
first.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import weakref
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal

from netcare_desktop.store import changes, commits
from netcare_desktop.store.reader import read_only_uri

log = logging.getLogger(__name__)


class StoreEvents(QObject):
    contactsChanged = Signal(object)  # list[int] | None
    interactionsChanged = Signal(object)  # contact ids (list[int]) | None
    remindersChanged = Signal()
    settingsChanged = Signal(object)  # list[str] | None
    groupsChanged = Signal(object)  # ids of new circles and groups (list[int]) | None
    _committed = Signal()  # from any thread: this process committed to the database

    DEBOUNCE_MS = 50
    SETTLE_MS = 1000
    FALLBACK_S = 600  # as often as the reminder service's resync: six times an hour
    POLL_S = 2  # when the watcher could watch nothing

    def __init__(self, db_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.checks = 0  # looks taken (for bench/ and tests)
        self._real = commits.real_path(self.db_path)
        self._wal = self.db_path.with_name(self.db_path.name + "-wal")
        self._conn: sqlite3.Connection | None = None
        self._inode: tuple[int, int] | None = None
        self._version: int | None = None
        self._seq: int | None = None

        self._soon = self._timer(0, self.check_now)
        self._debounce = self._timer(self.DEBOUNCE_MS, self._after_file_event)
        self._settle = self._timer(self.SETTLE_MS, self.check_now)
        self._fallback = QTimer(self)
        self._fallback.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._fallback.timeout.connect(self.check_now)

        self._committed.connect(self._soon.start, Qt.ConnectionType.QueuedConnection)
        me = weakref.ref(self)

        def listener(path: str) -> None:
            events = me()
            if events is not None and path == events._real:
                try:
                    events._committed.emit()
                except RuntimeError:  # the Qt object is gone: stop listening
                    commits.remove_listener(listener)

        self._listener = listener
        commits.add_listener(listener)

        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._file_event)
        self._watcher.directoryChanged.connect(self._file_event)
        self._watch()

        conn = self._connection()
        if conn is not None:
            self._baseline(conn)

    # -- public ------------------------------------------------------------------------

    def check_now(self) -> bool:
        """Look at the store now; emit what changed since the last look. True if anything did."""
        self.checks += 1
        conn = self._connection()
        if conn is None:
            return False
        try:
            version = conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            log.warning("cannot look at the store: %s", exc)
            self._drop_connection()
            return False
        if version == self._version:
            return False
        try:
            found = changes.read_since(conn, self._seq or 0)
        except sqlite3.Error as exc:
            # Busy, or the schema moving under us (an import suspends its triggers):
            # the version is not taken, so the next look reads the same rows again.
            log.info("change feed not readable now (%s); looking again", exc)
            self._settle.start()
            return False
        self._version = version
        self._seq = found.seq
        return self._emit(found)

    @property
    def pending(self) -> bool:
        """Is a look scheduled (after a commit or a file event)? The fallback timer aside."""
        return any(t.isActive() for t in (self._soon, self._debounce, self._settle))

    def close(self) -> None:
        commits.remove_listener(self._listener)
        for timer in (self._soon, self._debounce, self._settle, self._fallback):
            timer.stop()
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        self._drop_connection()

    # -- looking -------------------------------------------------------------------------

    def _emit(self, found: changes.Changes) -> bool:
        if found.empty:
            return False

        def listed(ids):
            return None if ids is None else sorted(ids)

        if found.contacts != frozenset():
            self.contactsChanged.emit(listed(found.contacts))
        if found.interactions != frozenset():
            self.interactionsChanged.emit(listed(found.interactions))
        if found.reminders:
            self.remindersChanged.emit()
        if found.settings != frozenset():
            self.settingsChanged.emit(listed(found.settings))
        if found.groups != frozenset():
            self.groupsChanged.emit(listed(found.groups))
        return True

    def _baseline(self, conn: sqlite3.Connection) -> None:
        """Start from what is there now: only later writes are announced."""
        try:
            self._version = conn.execute("PRAGMA data_version").fetchone()[0]
            self._seq = changes.latest(conn)
        except sqlite3.Error:
            self._version, self._seq = None, None

    def _connection(self) -> sqlite3.Connection | None:
        try:
            st = os.stat(self.db_path)
        except OSError:
            self._drop_connection()
            return None
        inode = (st.st_dev, st.st_ino)
        if self._conn is not None and inode != self._inode:
            # The file was replaced (recovered, moved aside): what it holds could be anything.
            self._drop_connection()
            self._version, self._seq = None, -1
        if self._conn is None:
            try:
                self._conn = sqlite3.connect(read_only_uri(self.db_path), uri=True)
            except sqlite3.Error as exc:
                log.warning("cannot open %s to watch it: %s", self.db_path, exc)
                return None
            self._inode = inode
            if self._seq is None:
                self._seq = 0  # the file appeared after we started: all it holds is news
        return self._conn

    def _drop_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- watching ------------------------------------------------------------------------

    def _timer(self, ms: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def _watch(self) -> None:
        """Watch the folder, the file and its -wal (again, when they were re-created)."""
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        wanted = [str(self.db_path.parent)]
        wanted += [str(p) for p in (self.db_path, self._wal) if p.exists()]
        missing = [p for p in wanted if p not in watched]
        if missing:
            self._watcher.addPaths(missing)
        watching = bool(self._watcher.files() or self._watcher.directories())
        interval = (self.FALLBACK_S if watching else self.POLL_S) * 1000
        if self._fallback.interval() != interval or not self._fallback.isActive():
            self._fallback.start(interval)

    def _file_event(self, _path: str) -> None:
        if not self._debounce.isActive():
            self._debounce.start()

    def _after_file_event(self) -> None:
        self._watch()
        if not self.check_now():
            self._settle.start()
