"""Writes over many contacts at once (the table's menu, the first-run circles step).

Each returns what its undo needs, and each undo puts back exactly what was there:
a contact whose circle (or archive flag) was already the new value keeps its own
``circle_since`` / ``updated_at``; a membership that existed before is not removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from peewee import fn

from netcare_desktop.store.errors import NotFound
from netcare_desktop.store.models import Contact, Group, Membership, db


@dataclass(frozen=True)
class BulkUndo:
    """What a bulk write changed: per contact the columns before, memberships added."""

    before: dict[int, dict] = field(default_factory=dict)
    memberships: tuple[int, ...] = ()
    group_created: int | None = None


_CHUNK = 500


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _columns(ids: list[int], *names: str) -> dict[int, dict]:
    cols = [getattr(Contact, n) for n in names]
    out: dict[int, dict] = {}
    for chunk in _chunks(ids):
        query = Contact.select(Contact.id, *cols).where(Contact.id.in_(chunk)).dicts()
        for row in query:
            values = dict(row)  # type: ignore[call-overload]  # dicts() rows
            out[values.pop("id")] = values
    return out


def set_circle(contact_ids: Iterable[int], circle_id: int | None, now: datetime) -> BulkUndo:
    """Move these contacts to a circle (None: no circle); a new circle's clock starts now."""
    ids = list(dict.fromkeys(contact_ids))
    with db.atomic():
        before = _columns(ids, "circle", "circle_since", "updated_at")
        changed = [cid for cid, row in before.items() if row["circle"] != circle_id]
        for chunk in _chunks(changed):
            Contact.update(
                circle=circle_id, circle_since=now if circle_id else None, updated_at=now
            ).where(Contact.id.in_(chunk)).execute()
    return BulkUndo(before={cid: before[cid] for cid in changed})


def set_archived(contact_ids: Iterable[int], archived: bool, now: datetime) -> BulkUndo:
    """Archive (or bring back) these contacts."""
    ids = list(dict.fromkeys(contact_ids))
    with db.atomic():
        before = _columns(ids, "archived", "updated_at")
        changed = [cid for cid, row in before.items() if bool(row["archived"]) != archived]
        for chunk in _chunks(changed):
            Contact.update(archived=archived, updated_at=now).where(Contact.id.in_(chunk)).execute()
    return BulkUndo(before={cid: before[cid] for cid in changed})


def add_to_group(contact_ids: Iterable[int], group_name: str) -> BulkUndo:
    """Add these contacts to the group named (made if it does not exist yet)."""
    from netcare_desktop.store.groups import _clean, create_group

    ids = list(dict.fromkeys(contact_ids))
    name = _clean(group_name)
    with db.atomic():
        group = Group.get_or_none(fn.lower(Group.name) == name.lower())
        created = None
        if group is None:
            created = create_group(name)
            group_id = created
        else:
            group_id = group.id
        existing = {
            m.contact_id
            for chunk in _chunks(ids)
            for m in Membership.select(Membership.contact).where(
                (Membership.group == group_id) & Membership.contact.in_(chunk)
            )
        }
        known = set(_columns(ids))
        missing = [cid for cid in ids if cid not in known]
        if missing:
            raise NotFound(f"no contact with id {missing[0]}")
        added = []
        for cid in ids:
            if cid not in existing:
                added.append(Membership.create(group=group_id, contact=cid).id)
    return BulkUndo(memberships=tuple(added), group_created=created)


def undo(change: BulkUndo) -> None:
    """Put back what a bulk write changed, in one transaction."""
    with db.atomic():
        for cid, row in change.before.items():
            Contact.update(**row).where(Contact.id == cid).execute()
        for chunk in _chunks(list(change.memberships)):
            Membership.delete().where(Membership.id.in_(chunk)).execute()
        if change.group_created is not None:
            left = Membership.select().where(Membership.group == change.group_created).exists()
            if not left:
                Group.delete().where(Group.id == change.group_created).execute()
