"""Groups as first-class: their members (with role and period) and how those relationships are."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from netcare_desktop.core.health import StateCounts
from netcare_desktop.store.health import STATE_CASE, STATE_FIELDS, state_params

GROUP_KINDS = (
    "",
    "employer",
    "alumni",
    "club",
    "book club",
    "charity",
    "association",
    "online group",
)


@dataclass(frozen=True, kw_only=True)
class GroupRow(StateCounts):
    id: int
    name: str
    kind: str


@dataclass(frozen=True)
class MemberRow:
    contact_id: int
    name: str
    role: str
    started: date | None
    ended: date | None
    state: str  # "" without a cadence


_GROUPS_SQL = f"""
    SELECT g.id, g.name, g.kind, s.state, count(s.contact_id)
      FROM "group" g LEFT JOIN (
        SELECT m.group_id, m.contact_id, {STATE_CASE} AS state
          FROM membership m JOIN contact c ON c.id = m.contact_id
         WHERE c.archived = 0
      ) s ON s.group_id = g.id
     GROUP BY g.id, s.state
     ORDER BY g.name COLLATE NOCASE
"""
_MEMBERS_SQL = f"""
    SELECT c.id, c.display_name, m.role, m.started, m.ended, {STATE_CASE} AS state
      FROM membership m JOIN contact c ON c.id = m.contact_id
     WHERE m.group_id = :group AND c.archived = 0
     ORDER BY c.sort_name
"""


def groups(conn: sqlite3.Connection, at: datetime) -> list[GroupRow]:
    rows: dict[int, dict] = {}
    for gid, name, kind, state, n in conn.execute(_GROUPS_SQL, state_params(at)):
        entry = rows.setdefault(gid, {"id": gid, "name": name, "kind": kind or "", "members": 0})
        entry["members"] += n
        if state is not None:
            entry[STATE_FIELDS[state]] = entry.get(STATE_FIELDS[state], 0) + n
    return [GroupRow(**e) for e in rows.values()]


def _day(value) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def members(conn: sqlite3.Connection, group_id: int, at: datetime) -> list[MemberRow]:
    params = {**state_params(at), "group": group_id}
    return [
        MemberRow(
            cid,
            name,
            role or "",
            _day(started),
            _day(ended),
            STATE_FIELDS[state] if state is not None else "",
        )
        for cid, name, role, started, ended, state in conn.execute(_MEMBERS_SQL, params)
    ]


def set_kind(group_id: int, kind: str) -> None:
    from netcare_desktop.store.models import Group

    Group.update(kind=kind.strip()).where(Group.id == group_id).execute()


def set_membership(
    contact_id: int, group_id: int, role: str, started: date | None, ended: date | None
) -> None:
    if started and ended and ended < started:
        raise ValueError("the membership ends before it starts")
    from netcare_desktop.store.models import Membership

    Membership.update(role=role.strip(), started=started, ended=ended).where(
        (Membership.contact == contact_id) & (Membership.group == group_id)
    ).execute()


class GroupError(ValueError):
    """A group change that cannot be made (a message for a person)."""


def _clean(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise GroupError("a group needs a name")
    return name


def _taken(name: str, except_id: int | None = None) -> bool:
    from peewee import fn

    from netcare_desktop.store.models import Group

    q = Group.select().where(fn.lower(Group.name) == name.lower())
    if except_id is not None:
        q = q.where(Group.id != except_id)
    return q.exists()


def create_group(name: str, kind: str = "") -> int:
    from netcare_desktop.store.models import Group

    name = _clean(name)
    if _taken(name):
        raise GroupError(f"there is already a group called {name}")
    return Group.create(name=name, kind=kind.strip()).id


def rename_group(group_id: int, name: str) -> None:
    from netcare_desktop.store.models import Group

    name = _clean(name)
    if _taken(name, except_id=group_id):
        raise GroupError(f"there is already a group called {name}")
    Group.update(name=name).where(Group.id == group_id).execute()


def delete_group(group_id: int) -> int:
    """Delete a group and its memberships (the contacts stay); returns how many it had."""
    from netcare_desktop.store.models import Group, Membership, db

    with db.atomic():
        n = Membership.delete().where(Membership.group == group_id).execute()
        Group.delete().where(Group.id == group_id).execute()
    return n


def add_member(group_id: int, contact_id: int, role: str = "") -> bool:
    """Add a contact to a group; False when it was already a member."""
    from netcare_desktop.store.models import Membership

    if (
        Membership.select()
        .where((Membership.group == group_id) & (Membership.contact == contact_id))
        .exists()
    ):
        return False
    Membership.create(group=group_id, contact=contact_id, role=role.strip())
    return True


def remove_member(group_id: int, contact_id: int) -> None:
    from netcare_desktop.store.models import Membership

    Membership.delete().where(
        (Membership.group == group_id) & (Membership.contact == contact_id)
    ).execute()
