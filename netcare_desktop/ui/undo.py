"""The window's one undo stack: Edit → Undo (Ctrl+Z) takes back the last action.

Every command that writes something a user may want back pushes an entry: what it
was ("Delete of Ada Lovelace", "Logging a call with Ada") and how to take it back (a
callable that writes the reverse, in one transaction, and returns the contact to
select, or None).  Edit → Undo names the top entry.  A restore of a backup replaces
the data, so it clears the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

LIMIT = 50  # entries kept (the oldest go first)


@dataclass(frozen=True)
class UndoEntry:
    label: str  # "Delete of Ada Lovelace": Edit → Undo shows "Undo Delete of Ada Lovelace"
    undo: Callable[[], int | None]  # writes the reverse; the contact to select, or None


class UndoStack(QObject):
    changed = Signal(str)  # the label Undo now shows ("" for nothing to undo)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._entries: list[UndoEntry] = []

    def push(self, label: str, undo: Callable[[], int | None]) -> None:
        self._entries.append(UndoEntry(label, undo))
        del self._entries[:-LIMIT]
        self.changed.emit(self.label())

    def label(self) -> str:
        return self._entries[-1].label if self._entries else ""

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self.changed.emit("")

    def pop(self) -> UndoEntry | None:
        """The top entry, taken off the stack (its ``undo`` is the caller's to run)."""
        if not self._entries:
            return None
        entry = self._entries.pop()
        self.changed.emit(self.label())
        return entry
