"""Interactions (touches): logging one resets the contact's keep-in-touch clock.

A touch can be corrected (``edit_interaction``) and deleted; a deletion returns the
row as it was (an :class:`InteractionSnapshot`), which ``restore_interaction`` puts
back with the same id, so Undo gives back exactly what was there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from peewee import fn

from netcare_desktop.core.cadence import FUTURE_TOUCH_SLACK
from netcare_desktop.core.kinds import DEFAULT_DIRECTION, Direction, Kind, parse_kind
from netcare_desktop.store.errors import NotFound
from netcare_desktop.store.models import Contact, Interaction, db

# The years a touch or a follow-up may fall in (as the CLI's --at): a typo such as
# 20266 or 1026 is refused rather than stored.
FIRST_YEAR, LAST_YEAR = 1900, 2999


class InvalidInteraction(ValueError):
    """A touch that cannot be stored as given; the message is for a person."""


class FutureTouch(InvalidInteraction):
    """A touch dated more than two days ahead: allowed only when asked for."""


@dataclass(frozen=True)
class InteractionSnapshot:
    """One interaction row exactly as it was stored (for Undo)."""

    id: int
    contact_id: int
    occurred_at: datetime
    kind: str
    direction: str
    summary: str
    notes: str
    follow_up: date | None
    follow_up_done: bool
    created_at: datetime


def _kind(value: Kind | str) -> Kind:
    try:
        return value if isinstance(value, Kind) else parse_kind(str(value))
    except ValueError as exc:
        raise InvalidInteraction(str(exc)) from exc


def _direction(value: Direction | str) -> Direction:
    try:
        return Direction(str(value).strip().lower())
    except ValueError:
        valid = ", ".join(d.value for d in Direction)
        raise InvalidInteraction(f"unknown direction {value!r} (choose one of: {valid})") from None


def check_when(occurred_at: datetime, now: datetime, allow_future: bool) -> None:
    """Refuse a date nobody meant: outside 1900-2999, or (unless allowed) days ahead."""
    if not FIRST_YEAR <= occurred_at.year <= LAST_YEAR:
        raise InvalidInteraction(
            f"the date {occurred_at:%Y-%m-%d} is outside the years {FIRST_YEAR} to {LAST_YEAR}"
        )
    if not allow_future and occurred_at - now > FUTURE_TOUCH_SLACK:
        raise FutureTouch(
            f"the touch is dated {occurred_at:%Y-%m-%d %H:%M}, in the future; a touch is"
            " something that happened, and one dated ahead keeps the contact 'on track'"
            " until then"
        )


def check_follow_up(follow_up: date | None) -> None:
    if follow_up is not None and not FIRST_YEAR <= follow_up.year <= LAST_YEAR:
        raise InvalidInteraction(
            f"the follow-up date {follow_up.isoformat()} is outside the years"
            f" {FIRST_YEAR} to {LAST_YEAR}"
        )


def log_interaction(
    contact_id: int,
    kind: Kind,
    occurred_at: datetime,
    now: datetime,
    direction: Direction | None = None,
    summary: str = "",
    notes: str = "",
    follow_up: date | None = None,
) -> int:
    """Record a touch; it resets the keep-in-touch clock.

    Raises :class:`InvalidInteraction` for an unknown kind or direction or an absurd
    date (a touch ahead of ``now`` is the caller's to ask about: it is stored).
    """
    kind = _kind(kind)
    direction = _direction(direction) if direction else DEFAULT_DIRECTION[kind]
    check_when(occurred_at, now, allow_future=True)
    check_follow_up(follow_up)
    with db.atomic():
        contact = Contact.get_or_none(Contact.id == contact_id)
        if contact is None:
            raise NotFound(f"no contact with id {contact_id}")
        interaction = Interaction.create(
            contact=contact,
            occurred_at=occurred_at,
            kind=kind.value,
            direction=direction.value,
            summary=summary.strip(),
            notes=notes.strip(),
            follow_up=follow_up,
            created_at=now,
        )
        refresh_last_touch(contact_id)
    return interaction.id


_UNSET: object = object()


def get_interaction(interaction_id: int) -> Interaction:
    it = Interaction.get_or_none(Interaction.id == interaction_id)
    if it is None:
        raise NotFound(f"no interaction with id {interaction_id}")
    return it


def snapshot(interaction_id: int) -> InteractionSnapshot:
    """The row as it is now (NotFound when there is none)."""
    it = get_interaction(interaction_id)
    return InteractionSnapshot(
        id=it.id,
        contact_id=it.contact_id,
        occurred_at=it.occurred_at,
        kind=it.kind,
        direction=it.direction,
        summary=it.summary,
        notes=it.notes,
        follow_up=it.follow_up,
        follow_up_done=bool(it.follow_up_done),
        created_at=it.created_at,
    )


def edit_interaction(
    interaction_id: int,
    now: datetime,
    *,
    kind: Kind | str | None = None,
    occurred_at: datetime | None = None,
    direction: Direction | str | None = None,
    summary: str | None = None,
    notes: str | None = None,
    follow_up: date | None | object = _UNSET,
    allow_future: bool = False,
) -> InteractionSnapshot:
    """Correct a touch: only the fields given change. Returns the row as it was before.

    The same checks as logging (:class:`InvalidInteraction`); a date moved more than two
    days ahead needs ``allow_future`` (:class:`FutureTouch`).  A new follow-up date is
    open again (not done); the contact's last touch is recomputed.
    """
    values: dict[str, object] = {}
    if kind is not None:
        values["kind"] = _kind(kind).value
    if direction is not None:
        values["direction"] = _direction(direction).value
    if occurred_at is not None:
        check_when(occurred_at, now, allow_future)
        values["occurred_at"] = occurred_at
    if summary is not None:
        values["summary"] = summary.strip()
    if notes is not None:
        values["notes"] = notes.strip()
    if follow_up is not _UNSET:
        assert follow_up is None or isinstance(follow_up, date)
        check_follow_up(follow_up)
    with db.atomic():
        before = snapshot(interaction_id)
        if follow_up is not _UNSET and follow_up != before.follow_up:
            values["follow_up"] = follow_up
            values["follow_up_done"] = False
        if values:
            Interaction.update(**values).where(Interaction.id == interaction_id).execute()
            refresh_last_touch(before.contact_id)
    return before


def delete_interaction(interaction_id: int) -> InteractionSnapshot:
    """Delete a touch; the row as it was, for :func:`restore_interaction`."""
    with db.atomic():
        before = snapshot(interaction_id)
        Interaction.delete().where(Interaction.id == interaction_id).execute()
        refresh_last_touch(before.contact_id)
    return before


def restore_interaction(snap: InteractionSnapshot) -> int:
    """Put a touch back exactly as it was (same id), replacing any edit since.

    Returns its contact's id; NotFound when the contact itself is gone.
    """
    fields = asdict(snap)
    iid = fields.pop("id")
    cid = fields.pop("contact_id")
    with db.atomic():
        if Contact.get_or_none(Contact.id == cid) is None:
            raise NotFound(f"no contact with id {cid}: the touch cannot come back")
        if Interaction.get_or_none(Interaction.id == iid) is None:
            Interaction.insert(id=iid, contact=cid, **fields).execute()
        else:
            Interaction.update(contact=cid, **fields).where(Interaction.id == iid).execute()
        refresh_last_touch(cid)
    return cid


def remove_logged(interaction_id: int) -> int | None:
    """Take back a touch just logged (Undo of a log); its contact's id, None if gone."""
    it = Interaction.get_or_none(Interaction.id == interaction_id)
    if it is None:
        return None
    return delete_interaction(interaction_id).contact_id


def refresh_last_touch(contact_id: int) -> None:
    """The contact's last touch from its interactions (after one was added or removed)."""
    latest = (
        Interaction.select(fn.MAX(Interaction.occurred_at))
        .where(Interaction.contact == contact_id)
        .scalar()
    )
    Contact.update(last_touch_at=latest).where(Contact.id == contact_id).execute()


def timeline(contact_id: int) -> list[Interaction]:
    """The contact's interactions, newest first."""
    return list(
        Interaction.select()
        .where(Interaction.contact == contact_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
    )
