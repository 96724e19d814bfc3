"""What views and controllers are given instead of reaching into the main window.

``Services`` holds the reader, the writing side (``ensure_store``), the clock, the
paths, the store's events, the status line and the current contact.  Views learn
about writes only from ``StoreEvents``: :meth:`Services.watch` connects a view to
the signals it cares about and hands it one merged :class:`Change` per burst of
signals (one write emits several), so a view repaints once.  After a write made in
this process, the writer calls :meth:`Services.changed`: the store is looked at now
and every view that cares has repainted when it returns.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QStatusBar, QWidget

from netcare_desktop.paths import AppPaths


class CurrentContact(QObject):
    """The one contact every action acts on: the table selection, the Due or Today row
    looked at, the detail pane and Edit/Delete/Log all read and set this."""

    currentChanged = Signal(object)  # int | None

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._id: int | None = None

    @property
    def id(self) -> int | None:
        return self._id

    def set(self, contact_id: int | None) -> None:
        if contact_id != self._id:
            self._id = contact_id
            self.currentChanged.emit(contact_id)


def _merge(a: set[int] | None, b: Iterable[int] | None) -> set[int] | None:
    if a is None or b is None:
        return None
    return a | set(b)


@dataclass
class Change:
    """What changed in one burst of events; ``None`` means "could be any"."""

    contacts: set[int] | None = field(default_factory=set)
    interactions: set[int] | None = field(default_factory=set)  # the contacts whose touches
    reminders: bool = False
    settings: set[str] | None = field(default_factory=set)
    groups: set[int] | None = field(default_factory=set)  # new circles and groups

    @classmethod
    def everything(cls) -> Change:
        return cls(None, None, True, None, None)

    def contact_rows(self) -> set[int] | None:
        """The contacts whose shown facts may differ (a setting can change them all)."""
        if self.settings is None or self.settings:
            return None
        return _merge(self.contacts, self.interactions)

    def touches(self, contact_id: int | None) -> bool:
        rows = self.contact_rows()
        return contact_id is not None and (rows is None or contact_id in rows)


KINDS = ("contacts", "interactions", "reminders", "settings", "groups")


class _Watcher:
    def __init__(self, fn: Callable[[Change], None]):
        self.fn = fn
        self.pending: Change | None = None

    def add(self, kind: str, ids) -> None:
        if self.pending is None:
            self.pending = Change()
        c = self.pending
        if kind == "reminders":
            c.reminders = True
        else:
            setattr(c, kind, _merge(getattr(c, kind), ids))

    def flush(self) -> None:
        change, self.pending = self.pending, None
        if change is not None:
            self.fn(change)


class Services(QObject):
    def __init__(
        self,
        paths: AppPaths,
        reader: sqlite3.Connection,
        clock: Callable[[], datetime],
        events,
        ensure_store: Callable[[], None],
        status_bar: Callable[[], QStatusBar],  # the window's (made on first use)
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.paths = paths
        self.reader = reader
        self.clock = clock
        self.events = events  # StoreEvents
        self.ensure_store = ensure_store  # opens the writing side if start-up deferred it
        self._status_bar = status_bar
        self.window = parent  # the parent of dialogs
        self.current = CurrentContact(self)
        from netcare_desktop.ui.undo import UndoStack

        self.undo = UndoStack(self)  # Edit → Undo: every command that writes pushes here
        self.open_url = None  # how mailto: links open (None: the desktop's mail app)
        self._kinds: list[tuple[_Watcher, tuple[str, ...]]] = []
        self._batch = 0
        self._flush_posted = False
        events.contactsChanged.connect(lambda ids: self._event("contacts", ids))
        events.interactionsChanged.connect(lambda ids: self._event("interactions", ids))
        events.remindersChanged.connect(lambda: self._event("reminders", None))
        events.settingsChanged.connect(lambda keys: self._event("settings", keys))
        events.groupsChanged.connect(lambda ids: self._event("groups", ids))

    def say(self, text: str, ms: int = 4000) -> None:
        """A message in the status bar ("" clears it); ``ms`` 0 keeps it until replaced."""
        if text:
            self.status_bar.showMessage(text, ms)
        else:
            self.status_bar.clearMessage()

    @property
    def status_bar(self) -> QStatusBar:
        return self._status_bar()

    # -- change events ---------------------------------------------------------------

    def watch(self, fn: Callable[[Change], None], kinds: Iterable[str] = KINDS) -> None:
        """Call ``fn(change)`` once per burst of the given kinds of events."""
        watcher = _Watcher(fn)
        self._kinds.append((watcher, tuple(kinds)))

    def _event(self, kind: str, ids) -> None:
        for watcher, kinds in self._kinds:
            if kind in kinds:
                watcher.add(kind, None if ids is None else list(ids))
        if self._batch:
            return  # flushed when changed() returns
        if not self._flush_posted:  # a write seen by the watch: repaint once, soon
            self._flush_posted = True
            QTimer.singleShot(0, self._flush)

    def _flush(self) -> None:
        self._flush_posted = False
        for watcher, _kinds in list(self._kinds):
            watcher.flush()

    def changed(self) -> bool:
        """After a write in this process: look at the store now, repaint what changed."""
        self._batch += 1
        try:
            seen = self.events.check_now()
        finally:
            self._batch -= 1
        if not self._batch:
            self._flush()
        return seen

    def reload_all(self) -> None:
        """View → Refresh: every view reads the store again, changed or not."""
        self._batch += 1
        try:
            self.events.check_now()
            for watcher, kinds in self._kinds:
                for kind in kinds:
                    watcher.add(kind, None)
        finally:
            self._batch -= 1
        if not self._batch:
            self._flush()
