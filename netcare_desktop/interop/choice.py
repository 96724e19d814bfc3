"""What a person chose for one record of an import's plan (the preview's third column).

A small module of its own: the window imports it when it starts, the importer only when
an import begins.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar


class Act(enum.Enum):
    """What a person may choose for a record."""

    PLANNED = ""  # what the plan says
    NEW = "new"  # a new contact, whatever matched
    MERGE = "merge"  # merge into the contact ``Choice.target_id``
    SKIP = "skip"  # leave the record out


@dataclass(frozen=True)
class Choice:
    """What a person chose for one record of the plan."""

    act: Act = Act.PLANNED
    target_id: int | None = None  # the contact to merge into (MERGE only)

    PLANNED: ClassVar[Choice]
    NEW: ClassVar[Choice]
    SKIP: ClassVar[Choice]

    def __post_init__(self) -> None:
        if (self.act is Act.MERGE) != (self.target_id is not None):
            raise ValueError("a merge, and only a merge, has a contact to merge into")

    @classmethod
    def merge(cls, contact_id: int) -> Choice:
        return cls(Act.MERGE, int(contact_id))

    @property
    def code(self) -> str:
        """The choice as one string ("", "new", "skip", "merge:<id>"), for a widget's data."""
        return f"merge:{self.target_id}" if self.act is Act.MERGE else self.act.value

    @classmethod
    def from_code(cls, code: str) -> Choice:
        """The choice ``code`` names; ValueError if it names none."""
        act, _, target = code.partition(":")
        if Act(act) is Act.MERGE:
            return cls.merge(int(target))
        if target:
            raise ValueError(f"not a choice: {code!r}")
        return cls(Act(act))


Choice.PLANNED = Choice()
Choice.NEW = Choice(Act.NEW)
Choice.SKIP = Choice(Act.SKIP)
