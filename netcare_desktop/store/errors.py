"""The store's errors: each a message for a person, none of them needs peewee or Qt."""

from __future__ import annotations

from pathlib import Path


class FileError(Exception):
    """The file cannot be read as a NetCare database (a message for a person)."""


class StoreError(FileError):
    """A problem with the database file that the user must be told about."""


class DatabaseTooNew(StoreError):
    pass


class DatabaseDamaged(StoreError):
    """The file fails SQLite's check; it is never written to."""

    def __init__(self, message: str, path: Path):
        super().__init__(message)
        self.path = path


class NotFound(LookupError):
    pass


class Ambiguous(LookupError):
    def __init__(self, message: str, candidates: list[tuple[int, str]]):
        super().__init__(message)
        self.candidates = candidates
