"""Interactions (touches): logging one resets the contact's keep-in-touch clock."""

from __future__ import annotations

from datetime import date, datetime

from peewee import fn

from netcare_desktop.core.kinds import DEFAULT_DIRECTION, Direction, Kind
from netcare_desktop.store.errors import NotFound
from netcare_desktop.store.models import Contact, Interaction, db


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
    """Record a touch; it resets the keep-in-touch clock."""
    kind = Kind(kind)
    direction = Direction(direction) if direction else DEFAULT_DIRECTION[kind]
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


def delete_interaction(interaction_id: int) -> None:
    with db.atomic():
        it = Interaction.get_or_none(Interaction.id == interaction_id)
        if it is None:
            raise NotFound(f"no interaction with id {interaction_id}")
        cid = it.contact_id
        it.delete_instance()
        refresh_last_touch(cid)


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
