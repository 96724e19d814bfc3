"""Interaction kinds: the small touches that keep a network alive.

The identifiers are a contract shared by the store, the CLI and JSON
exports; the labels are for people.
"""

from __future__ import annotations

from enum import StrEnum


class Direction(StrEnum):
    GAVE = "gave"
    ASKED = "asked"
    MUTUAL = "mutual"


class Kind(StrEnum):
    CONGRATULATIONS = "congratulations"
    BIRTHDAY = "birthday"
    ARTICLE_SHARED = "article_shared"
    CHECK_IN = "check_in"
    STATUS_UPDATE = "status_update"
    INTRO_MADE = "intro_made"
    FAVOR_GIVEN = "favor_given"
    FAVOR_ASKED = "favor_asked"
    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    COFFEE = "coffee"
    MESSAGE = "message"
    NOTE = "note"


KIND_LABELS: dict[Kind, str] = {
    Kind.CONGRATULATIONS: "Congratulations",
    Kind.BIRTHDAY: "Birthday wishes",
    Kind.ARTICLE_SHARED: "Article shared",
    Kind.CHECK_IN: "Check-in",
    Kind.STATUS_UPDATE: "Status update",
    Kind.INTRO_MADE: "Introduction made",
    Kind.FAVOR_GIVEN: "Favor given",
    Kind.FAVOR_ASKED: "Favor asked",
    Kind.EMAIL: "Email",
    Kind.CALL: "Call",
    Kind.MEETING: "Meeting",
    Kind.COFFEE: "Coffee",
    Kind.MESSAGE: "Message",
    Kind.NOTE: "Note",
}

DEFAULT_DIRECTION: dict[Kind, Direction] = {
    Kind.CONGRATULATIONS: Direction.GAVE,
    Kind.BIRTHDAY: Direction.GAVE,
    Kind.ARTICLE_SHARED: Direction.GAVE,
    Kind.CHECK_IN: Direction.GAVE,
    Kind.STATUS_UPDATE: Direction.GAVE,
    Kind.INTRO_MADE: Direction.GAVE,
    Kind.FAVOR_GIVEN: Direction.GAVE,
    Kind.FAVOR_ASKED: Direction.ASKED,
    Kind.EMAIL: Direction.MUTUAL,
    Kind.CALL: Direction.MUTUAL,
    Kind.MEETING: Direction.MUTUAL,
    Kind.COFFEE: Direction.MUTUAL,
    Kind.MESSAGE: Direction.MUTUAL,
    Kind.NOTE: Direction.MUTUAL,
}

DIRECTION_LABELS: dict[Direction, str] = {
    Direction.GAVE: "I gave",
    Direction.ASKED: "I asked",
    Direction.MUTUAL: "Mutual",
}


def parse_kind(text: str) -> Kind:
    """Accept an identifier (``check_in``), a dashed form or a label; raise ValueError otherwise."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    for kind in Kind:
        if key in (kind.value, KIND_LABELS[kind].lower().replace(" ", "_").replace("-", "_")):
            return kind
    valid = ", ".join(k.value for k in Kind)
    raise ValueError(f"unknown interaction kind {text!r} (choose one of: {valid})")
