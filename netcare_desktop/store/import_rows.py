"""The bulk-insert fast path of an import: new contacts and their rows in plain SQL.

Creating contacts one peewee model at a time is ~20x slower than this.  Every row is
built by column name (a dict bound to named parameters), so a column added to the
schema is one name here, never a position to count.  The insert triggers are suspended
inside the import's transaction (``schema.suspended_triggers``): this writes the search
index rows itself, from the values in hand, and refreshes the keep-in-touch columns in
one statement per batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from operator import attrgetter, itemgetter
from typing import Any

from peewee import fn

from netcare_desktop.core import fields
from netcare_desktop.core.keys import (
    DEFAULT_REGION,
    email_key,
    iso,
    normalize_phone,
    parse_dt,
    url_key,
)
from netcare_desktop.core.kinds import DEFAULT_DIRECTION, Direction, Kind
from netcare_desktop.core.names import sort_key
from netcare_desktop.core.record import ContactRecord, Extra, record_display_name
from netcare_desktop.store.models import Circle, Contact, Group, Interaction, db, tuple_rows
from netcare_desktop.store.schema import BULK_INSERT_TRIGGERS, kit_refresh_sql, suspended_triggers

# How an unmodelled vCard property is kept as one line: the vCard format's business, so
# the importer hands it in (interop.matching.extra_line).
ExtraLine = Callable[[Extra], str]

# The record's fields stored as read, and those stored without surrounding blanks.
_STRIPPED = (*fields.NAME_FIELDS, *fields.WORK_FIELDS, "notes", "linkedin_url")
_AS_READ = tuple(f for f in fields.PERSON_FIELDS if f not in ("display_name", *_STRIPPED))
# Every column of the contact table a new contact gets (the rest are the triggers' own).
CONTACT_COLUMNS: tuple[str, ...] = (
    "id",
    *fields.PERSON_FIELDS,
    "sort_name",
    "circle_id",
    "circle_since",
    "cadence_days",
    "vcard_uid",
    "archived",
    "last_touch_at",
    "created_at",
    "updated_at",
)
_INSERT_CONTACT = (
    f"INSERT INTO contact ({', '.join(CONTACT_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in CONTACT_COLUMNS)})"
)
# A row's values in CONTACT_COLUMNS' order, taken by name (sqlite3 binds a tuple faster
# than it looks each name up in a dict).
_in_column_order = itemgetter(*CONTACT_COLUMNS)
_stripped = attrgetter(*_STRIPPED)
_as_read = attrgetter(*_AS_READ)


def _contact_row(rec: ContactRecord, cid: int, circle_id: int | None, stamp: str) -> dict:
    # The getters are made of the same names, so the lengths agree (and strict costs time).
    row: dict[str, Any] = dict(zip(_STRIPPED, map(str.strip, _stripped(rec)), strict=False))
    row.update(zip(_AS_READ, _as_read(rec), strict=False))
    name = record_display_name(rec)
    row["id"] = cid
    row["display_name"] = name
    row["sort_name"] = sort_name(name, row["family_name"], row["given_name"])
    row["circle_id"] = circle_id
    row["circle_since"] = stamp if circle_id else None
    row["cadence_days"] = rec.cadence_days
    row["vcard_uid"] = rec.uid.strip() or f"urn:uuid:{uuid.uuid4()}"
    row["archived"] = 0
    row["last_touch_at"] = None
    row["created_at"] = row["updated_at"] = stamp
    return row


def _index_row(row: dict, emails: list[str]) -> tuple:
    """The search index row the triggers would write (schema._INDEX_ROW)."""
    return (
        row["id"],
        f"{row['display_name']} {row['nickname']}".strip(" "),
        f"{row['organization']} {row['department']}".strip(" "),
        row["title"],
        " ".join(emails),
        row["notes"],
    )


def insert_new(
    records: list[ContactRecord],
    now: datetime,
    group_cache: dict[str, int],
    region: str = DEFAULT_REGION,
    *,
    extra_line: ExtraLine,
) -> list[int]:
    """Create a contact for each record, inside the caller's transaction; their ids."""
    cur = db.cursor()
    ids: list[int] = []
    emails, phones, urls, addresses, extras, members = [], [], [], [], [], []
    with_interactions = []
    # Ids are handed out here (one writer, inside the transaction): every contact row goes
    # in with one executemany, and the children can point at them.
    next_id = cur.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0] + 1
    contact_rows = []
    index_rows = []
    stamp = now.isoformat(" ")  # what sqlite3's datetime adapter writes, once not per row
    for rec in records:
        cid = next_id
        next_id += 1
        row = _contact_row(rec, cid, circle_id(rec.circle), stamp)
        contact_rows.append(row)
        ids.append(cid)
        seen: set = set()
        kept_emails = []
        for e in rec.emails:
            key = email_key(e.value)
            if e.value.strip() and key not in seen:
                seen.add(key)
                kept_emails.append(e.value.strip())
                emails.append(
                    (cid, e.value.strip(), e.label, int(e.preferred), e.group, len(seen) - 1)
                )
        index_rows.append(_index_row(row, kept_emails))
        seen = set()
        for p in rec.phones:
            e164 = p.e164 or normalize_phone(p.value, region)
            key = (
                e164 or "".join(ch for ch in p.value if ch.isdigit()) or p.value.strip().casefold()
            )
            if p.value.strip() and key not in seen:
                seen.add(key)
                phones.append(
                    (cid, p.value.strip(), e164, p.label, p.preferred, p.group, len(seen) - 1)
                )
        seen = set()
        for u in rec.urls:
            key = url_key(u.value)
            if u.value.strip() and key not in seen:
                seen.add(key)
                urls.append((cid, u.value.strip(), u.label, u.preferred, u.group, len(seen) - 1))
        for pos, a in enumerate(x for x in rec.addresses if not x.is_empty()):
            addresses.append(
                (
                    cid,
                    a.label,
                    a.po_box,
                    a.extended,
                    a.street,
                    a.locality,
                    a.region,
                    a.postal_code,
                    a.country,
                    a.preferred,
                    a.group,
                    pos,
                )
            )
        seen = set()
        for x in rec.extras:
            line = extra_line(x)
            if line not in seen:
                seen.add(line)
                extras.append((cid, line, len(seen) - 1))
        for g in {g.strip().casefold(): g.strip() for g in rec.groups if g.strip()}.values():
            members.append((cid, group_id(g, group_cache)))
        if rec.interactions:
            with_interactions.append((cid, rec))
    # The triggers named in BULK_INSERT_TRIGGERS are dropped here and created again as
    # they were when the block ends (inside this transaction, so never missing for anyone
    # else); whatever they would have written is written below instead.
    with suspended_triggers(cur, BULK_INSERT_TRIGGERS):
        _insert_rows(cur, contact_rows, emails, phones, urls, addresses, extras, members)
        cur.executemany(
            "INSERT INTO contact_index(rowid, name, organization, title, emails, notes)"
            " VALUES (?,?,?,?,?,?)",
            index_rows,
        )
        if ids:  # what contact_kit_ai does, for the few that have a circle or a cadence
            for sql in kit_refresh_sql(
                f"contact.id BETWEEN {ids[0]:d} AND {ids[-1]:d}"
                " AND (contact.cadence_days > 0 OR contact.circle_id IS NOT NULL)"
            ):
                cur.execute(sql)
    for cid, rec in with_interactions:
        add_interactions(cid, rec, now)
    return ids


def _insert_rows(cur, contact_rows, emails, phones, urls, addresses, extras, members) -> None:
    cur.executemany(_INSERT_CONTACT, map(_in_column_order, contact_rows))
    cur.executemany(
        "INSERT INTO email (contact_id, address, label, preferred, vcard_group, position)"
        " VALUES (?,?,?,?,?,?)",
        emails,
    )
    cur.executemany(
        "INSERT INTO phone (contact_id, raw, e164, label, preferred, vcard_group, position)"
        " VALUES (?,?,?,?,?,?,?)",
        phones,
    )
    cur.executemany(
        "INSERT INTO url (contact_id, url, label, preferred, vcard_group, position)"
        " VALUES (?,?,?,?,?,?)",
        urls,
    )
    cur.executemany(
        "INSERT INTO address (contact_id, label, po_box, extended, street, locality, region,"
        " postal_code, country, preferred, vcard_group, position)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        addresses,
    )
    cur.executemany("INSERT INTO extra (contact_id, line, position) VALUES (?,?,?)", extras)
    cur.executemany(
        "INSERT OR IGNORE INTO membership (contact_id, group_id, role) VALUES (?,?,'')", members
    )


def sort_name(display: str, family: str, given: str) -> str:
    """``core.names.sort_key``; plain ASCII needs neither NFKD nor the accent pass."""
    base = f"{family} {given}".strip() if family.strip() else display
    if base.isascii():
        return base.lower().strip()
    return sort_key(display, family, given)


def group_id(name: str, cache: dict[str, int]) -> int:
    """The group of that name (any case), created if there is none."""
    key = name.casefold()
    if key not in cache:
        group = Group.get_or_none(fn.lower(Group.name) == name.lower()) or Group.create(name=name)
        cache[key] = group.id
    return cache[key]


def circle_id(name: str | None) -> int | None:
    if not name:
        return None
    circle = Circle.get_or_none(fn.lower(Circle.name) == name.lower())
    return circle.id if circle else None


def add_interactions(cid: int, rec: ContactRecord, now: datetime) -> None:
    """The record's touches the contact does not have yet; its last touch follows."""
    existing = {
        (iso(at), kind, summary)
        for at, kind, summary in tuple_rows(
            Interaction.select(
                Interaction.occurred_at, Interaction.kind, Interaction.summary
            ).where(Interaction.contact == cid)
        )
    }
    latest = None
    for it in rec.interactions:
        at = parse_dt(it.at)
        if at is None:
            continue
        try:
            kind = Kind(it.kind)
        except ValueError:
            kind = Kind.NOTE
        try:
            direction = Direction(it.direction)
        except ValueError:
            direction = DEFAULT_DIRECTION[kind]
        if (iso(at), kind.value, it.summary) in existing:
            continue
        follow = date.fromisoformat(it.follow_up) if it.follow_up else None
        Interaction.create(
            contact=cid,
            occurred_at=at,
            kind=kind.value,
            direction=direction.value,
            summary=it.summary,
            notes=it.notes,
            follow_up=follow,
            created_at=now,
        )
        latest = max(latest, at) if latest else at
    if latest is not None:
        current = Contact.select(Contact.last_touch_at).where(Contact.id == cid).scalar()
        if current is None or latest > current:
            Contact.update(last_touch_at=latest).where(Contact.id == cid).execute()
