"""Writing an import: its contacts, its batch, and the records that let undo take it back.

The importer (``interop``) reads and plans; this module writes what the plan decided,
inside the caller's transaction: new contacts in bulk (``import_rows``), merges one
contact at a time (fill empty fields, add new facts, never overwrite a value), and an
``ImportBatch`` with one ``ImportChange`` per contact (created, or updated with a
snapshot of the contact before and what the merge wrote).  ``import_undo`` reads these.

What an import wrote, beside the snapshot: ``before["wrote"]`` holds the fields it set
(with the values it set) and the rows it added (id and values), so that undo takes back
only those, and only while they are still as the import left them.  A batch's "rows"
change (contact_id 0) holds each child table's id range [lo, hi) of the import, which
tells the rows of a contact it created from those added to it since.  Batches recorded
by earlier versions have neither: undo falls back on what their snapshot allows.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import date, datetime

from netcare_desktop.core import fields
from netcare_desktop.core.keys import (
    address_key,
    email_key,
    fold,
    iso,
    names_differ,
    normalize_phone,
    phone_key,
    url_key,
)
from netcare_desktop.core.names import display_name as build_display_name
from netcare_desktop.core.names import sort_key
from netcare_desktop.core.record import ContactRecord, record_display_name
from netcare_desktop.store.import_rows import (
    ExtraLine,
    add_interactions,
    group_id,
    insert_new,
)
from netcare_desktop.store.models import (
    Address,
    Contact,
    Email,
    Group,
    ImportBatch,
    ImportChange,
    Interaction,
    Membership,
    Phone,
    Url,
    db,
    tuple_rows,
)
from netcare_desktop.store.models import Extra as ExtraRow

# What a merge fills when empty: the contact's text fields but its display name (which
# follows from the rest); the UID, birthday and photo have rules of their own.
FILLED_FIELDS: tuple[str, ...] = tuple(f for f in fields.TEXT_FIELDS if f != "display_name")

# What a merge keeps aside: a value of the record that does not fit the contact because
# the contact holds another one in that single-valued field (another title, organisation,
# full name, birthday, other notes) would otherwise be dropped.  It is kept as a line of
# the contact's notes, where a person sees it ("Kept from an import, title: Countess"),
# and the import's report lists each.  A line already there is not added again, so
# importing the same file twice changes nothing the second time.  A shorter form of a
# name ("A." for "Ada", "Ada L." for "Ada Lovelace") and another spelling of the same
# web address are not other values.  The contact keeps its own UID: the matched card's
# is not kept (two cards of one import with different UIDs are never merged unasked).
KEPT_NOTE = "Kept from an import"
_NAME_PARTS = frozenset({"given_name", "family_name", "middle_name", "nickname"})
_URLS = frozenset({"photo_url", "linkedin_url"})


def kept_line(label: str, value: str) -> str:
    """The notes line that keeps a value aside."""
    return f"{KEPT_NOTE}, {label}: {value}"


def set_aside(
    now: Mapping[str, str],
    birthday: tuple | None,
    rec: ContactRecord,
    made_up: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    """The record's values that a merge into a contact with these text fields (``now``)
    and birthday (year, month, day) would not keep, as (label, value), leaving out those
    kept aside before.  ``made_up``: what was made up for the contact ("name"), which the
    record replaces rather than sets aside."""
    notes = now.get("notes") or ""
    out: list[tuple[str, str]] = []
    name = rec.display_name.strip()
    known = now.get("display_name") or ""
    if name and known != name and "name" not in made_up and names_differ(fold(known), fold(name)):
        out.append(("full name", name))  # not a shorter form of it ("Ada L.", "A. Lovelace")
    for field in FILLED_FIELDS:
        new = getattr(rec, field)
        if not new:
            continue
        old = now.get(field) or ""
        if old == new:  # the same again (most merges, every re-import): nothing to compare
            continue
        new, old = new.strip(), old.strip()
        if not new or not old:
            continue
        if field == "notes":
            other = new not in notes
        elif field in _NAME_PARTS:
            other = names_differ(fold(old), fold(new))
        elif field in _URLS:
            other = url_key(old) != url_key(new)
        else:
            other = fold(old) != fold(new)
        if other:
            out.append((fields.LABELS.get(field, field.replace("_", " ")), new))
    if rec.birthday_month and birthday is not None:
        year, month, day = birthday
        if (month, day) != (rec.birthday_month, rec.birthday_day) or (
            year and rec.birthday_year and year != rec.birthday_year
        ):
            when = f"{rec.birthday_month:02d}-{rec.birthday_day or 0:02d}"
            out.append(("birthday", f"{rec.birthday_year}-{when}" if rec.birthday_year else when))
    return [(label, value) for label, value in out if kept_line(label, value) not in notes]


def notes_with(notes: str, kept: list[tuple[str, str]]) -> str:
    """The notes with the kept-aside values' lines at their end."""
    lines = [kept_line(label, value) for label, value in kept]
    if not lines:
        return notes
    return "\n".join([notes.rstrip("\n"), *lines] if notes.strip() else lines)


def described(kept: list[tuple[str, str]]) -> list[str]:
    """The kept-aside values in words, for the import's report."""
    return [f"{label} {value!r}" for label, value in kept]


# The contact's columns an import can change, as the snapshot before a merge keeps them
# (the photo apart: it is kept as base64 text).
SNAPSHOT_FIELDS: tuple[str, ...] = (
    *(f for f in fields.PERSON_FIELDS if f != "photo"),
    "sort_name",
    "cadence_days",
    "vcard_uid",
    "archived",
)

# Each child table an import adds rows to: its model and the columns undo compares.
# A contact's child tables: each has an id and a contact.
ChildModel = (
    type[Email]
    | type[Phone]
    | type[Url]
    | type[Address]
    | type[ExtraRow]
    | type[Membership]
    | type[Interaction]
)
ROW_KINDS: dict[str, tuple[ChildModel, tuple[str, ...]]] = {
    "emails": (Email, ("address", "label")),
    "phones": (Phone, ("raw", "label")),
    "urls": (Url, ("url", "label")),
    "addresses": (
        Address,
        ("label", "po_box", "extended", "street", "locality", "region", "postal_code", "country"),
    ),
    "extras": (ExtraRow, ("line",)),
    "memberships": (Membership, ("group", "role", "started", "ended")),
    "interactions": (Interaction, ("occurred_at", "kind", "summary", "created_at")),
}


class ImportWriter:
    """Writes an import's contacts inside the caller's transaction and keeps its batch's
    records (one ``ImportChange`` per contact, and the id ranges of its rows)."""

    def __init__(self, batch: ImportBatch, now: datetime, region: str, extra_line: ExtraLine):
        self.batch = batch
        self.now = now
        self.region = region
        self.extra_line = extra_line
        self.group_cache: dict[str, int] = {}
        # What was made up for a contact created here (a UID, a name from its email):
        # a later record of the same person replaces it (merge_into).
        self.made_up: dict[int, frozenset[str]] = {}
        self.marks: dict[str, int] = {}
        self.rows_change: ImportChange | None = None
        self.ranges: dict[str, list[list[int]]] = {}  # each child table's [lo, hi) spans

    @classmethod
    def begin(cls, now: datetime, source: str, region: str, extra_line: ExtraLine) -> ImportWriter:
        """A new batch; where this import's child rows begin."""
        writer = cls(ImportBatch.create(created_at=now, source=source), now, region, extra_line)
        writer.marks = row_marks()
        return writer

    def mark_in_progress(self, owner: dict) -> None:
        """Say which process writes this import until its last commit (``finish``)."""
        self.batch.summary = {"in_progress": owner}
        self.batch.save()

    def create(self, records: list[ContactRecord]) -> list[int]:
        """A new contact for each record; their ids."""
        ids = insert_new(
            records, self.now, self.group_cache, self.region, extra_line=self.extra_line
        )
        db.cursor().executemany(
            "INSERT INTO import_change (batch_id, contact_id, action, before)"
            " VALUES (?, ?, 'created', NULL)",
            [(self.batch.id, cid) for cid in ids],
        )
        for rec, cid in zip(records, ids, strict=True):
            made_up = {"uid"} if not rec.uid.strip() else set()
            if not rec.display_name.strip():
                made_up.add("name")
            if made_up:
                self.made_up[cid] = frozenset(made_up)
        return ids

    def merge(
        self, target: int, rec: ContactRecord, into_new: bool = False
    ) -> list[tuple[str, str]]:
        """Merge ``rec`` into contact ``target``; ``into_new``: one this batch created
        (undo deletes it whole, so there is nothing to record).  What was kept aside."""
        if into_new:
            made_up = self.made_up.pop(target, frozenset())
            kept = merge_into(
                target, rec, self.now, self.region, self.group_cache, self.extra_line, made_up
            )
            still = made_up - {
                "uid" if rec.uid.strip() else "",
                "name" if rec.display_name.strip() else "",
            }
            if still:
                self.made_up[target] = still
            return kept
        before = snapshot(target)
        fields_before, rows_before = state(target)
        kept = merge_into(target, rec, self.now, self.region, self.group_cache, self.extra_line)
        # What this merge set and added: undo takes back only that (see wrote).
        before["wrote"] = wrote(target, fields_before, rows_before)
        ImportChange.create(batch=self.batch, contact_id=target, action="updated", before=before)
        return kept

    def finish(self, summary: dict) -> None:
        """The batch's summary (it replaces "in progress") and its rows' ranges."""
        self.batch.summary = summary
        self.batch.save()
        self.mark_rows()

    def chunk_begin(self) -> None:
        """Where this transaction's rows begin (the lock is ours from here to its commit)."""
        self.marks = row_marks()

    def mark_rows(self) -> None:
        """Record each child table's id range [lo, hi) of this import so far: undo tells a
        created contact's own rows from those added since (touches, groups, edits). An
        import committed chunk by chunk marks it at every commit, each chunk's range taken
        inside its transaction (``chunk_begin``), so rows other writers add between two
        chunks fall in no range."""
        ends = row_marks()
        for kind, lo in self.marks.items():
            spans = self.ranges.setdefault(kind, [])
            if spans and spans[-1][1] == lo:
                spans[-1][1] = ends[kind]  # nobody wrote in between: one range
            elif ends[kind] > lo or not spans:
                spans.append([lo, ends[kind]])
        self.marks = ends
        rows = {kind: [list(span) for span in spans] for kind, spans in self.ranges.items()}
        if self.rows_change is None:
            self.rows_change = ImportChange.create(
                batch=self.batch, contact_id=0, action="rows", before=rows
            )
        else:
            self.rows_change.before = rows
            self.rows_change.save()


def merge_into(
    cid: int,
    rec: ContactRecord,
    now: datetime,
    region: str,
    group_cache: dict[str, int],
    extra_line: ExtraLine,
    made_up: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    """Fill empty fields, add what is new; never overwrite a value: a value that does not
    fit is kept aside (``set_aside``) and returned.  ``made_up``: what this same import
    made up for a contact it created ("uid", "name"), which the record's own facts
    replace, as they would have if both records had been read before writing."""
    contact = Contact.get_by_id(cid)
    month = contact.birthday_month
    kept = set_aside(
        {name: getattr(contact, name) or "" for name in fields.TEXT_FIELDS},
        (contact.birthday_year, month, contact.birthday_day) if month else None,
        rec,
        made_up,
    )
    for name in FILLED_FIELDS:
        new = (getattr(rec, name) or "").strip()
        if new and not (getattr(contact, name) or "").strip():
            setattr(contact, name, new)
    contact.notes = notes_with(contact.notes or "", kept)
    if rec.uid.strip() and ("uid" in made_up or not contact.vcard_uid):
        contact.vcard_uid = rec.uid.strip()
    if contact.birthday_month is None and rec.birthday_month:
        contact.birthday_year, contact.birthday_month, contact.birthday_day = (
            rec.birthday_year,
            rec.birthday_month,
            rec.birthday_day,
        )
    if contact.photo is None and rec.photo:
        contact.photo, contact.photo_mime = rec.photo, rec.photo_mime
    if not contact.display_name.strip():
        contact.display_name = record_display_name(rec)
        contact.sort_name = sort_key(contact.display_name, contact.family_name, contact.given_name)
    contact.updated_at = now
    contact.save()
    _add_children(cid, rec, group_cache, now, region, extra_line)
    if "name" in made_up:  # named as record_display_name names the merged facts
        first_email = (
            Email.select(Email.address)
            .where(Email.contact == cid)
            .order_by(Email.position)
            .scalar()
        )
        name = rec.display_name.strip() or build_display_name(
            given=contact.given_name,
            family=contact.family_name,
            middle=contact.middle_name,
            prefix=contact.prefix,
            suffix=contact.suffix,
            nickname=contact.nickname,
            organization=contact.organization,
            email=first_email or "",
        )
        if name and name != contact.display_name:
            Contact.update(
                display_name=name,
                sort_name=sort_key(name, contact.family_name, contact.given_name),
            ).where(Contact.id == cid).execute()
    return kept


def _add_children(
    cid: int,
    rec: ContactRecord,
    group_cache: dict[str, int],
    now: datetime,
    region: str,
    extra_line: ExtraLine,
) -> None:
    """The record's emails, phones, web addresses, groups, addresses, vCard properties and
    touches the contact does not have yet, compared by their keys (``core.keys``)."""
    emails = {
        email_key(a) for (a,) in tuple_rows(Email.select(Email.address).where(Email.contact == cid))
    }
    pos = len(emails)
    for e in rec.emails:
        key = email_key(e.value)
        if e.value.strip() and key not in emails:
            Email.create(
                contact=cid,
                address=e.value.strip(),
                label=e.label,
                preferred=e.preferred,
                vcard_group=e.group,
                position=pos,
            )
            emails.add(key)
            pos += 1
    phones = {
        phone_key(r, e or "", region) or r.strip().casefold()  # no digits: its text
        for r, e in tuple_rows(Phone.select(Phone.raw, Phone.e164).where(Phone.contact == cid))
    }
    pos = len(phones)
    for p in rec.phones:
        e164 = p.e164 or normalize_phone(p.value, region)
        key = e164 or "".join(ch for ch in p.value if ch.isdigit()) or p.value.strip().casefold()
        if p.value.strip() and key not in phones:
            Phone.create(
                contact=cid,
                raw=p.value.strip(),
                e164=e164,
                label=p.label,
                preferred=p.preferred,
                vcard_group=p.group,
                position=pos,
            )
            phones.add(key)
            pos += 1
    urls = {url_key(u) for (u,) in tuple_rows(Url.select(Url.url).where(Url.contact == cid))}
    pos = len(urls)
    for u in rec.urls:
        if u.value.strip() and url_key(u.value) not in urls:
            Url.create(
                contact=cid,
                url=u.value.strip(),
                label=u.label,
                preferred=u.preferred,
                vcard_group=u.group,
                position=pos,
            )
            urls.add(url_key(u.value))
            pos += 1
    groups = {
        fold(n)
        for (n,) in tuple_rows(
            Membership.select(Group.name).join(Group).where(Membership.contact == cid)
        )
    }
    for g in rec.groups:
        if g.strip() and fold(g) not in groups:
            Membership.insert(
                contact=cid, group=group_id(g.strip(), group_cache)
            ).on_conflict_ignore().execute()
            groups.add(fold(g))
    addresses = {
        tuple(fold(x) for x in row)
        for row in tuple_rows(
            Address.select(
                Address.street,
                Address.locality,
                Address.region,
                Address.postal_code,
                Address.country,
                Address.po_box,
                Address.extended,
            ).where(Address.contact == cid)
        )
    }
    pos = len(addresses)
    for a in rec.addresses:
        akey = address_key(a)
        if not a.is_empty() and akey not in addresses:
            Address.create(
                contact=cid,
                label=a.label,
                preferred=a.preferred,
                vcard_group=a.group,
                po_box=a.po_box,
                extended=a.extended,
                street=a.street,
                locality=a.locality,
                region=a.region,
                postal_code=a.postal_code,
                country=a.country,
                position=pos,
            )
            addresses.add(akey)
            pos += 1
    extras = {
        line
        for (line,) in tuple_rows(ExtraRow.select(ExtraRow.line).where(ExtraRow.contact == cid))
    }
    pos = len(extras)
    for x in rec.extras:
        line = extra_line(x)
        if line not in extras:
            ExtraRow.create(contact=cid, line=line, position=pos)
            extras.add(line)
            pos += 1
    if rec.interactions:
        add_interactions(cid, rec, now)


# -- the batch's records ------------------------------------------------------------------


def jsonable(value):
    """A value as the batch's JSON keeps it (a photo as its hash)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        import hashlib

        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    return value


def field_values(c: Contact) -> dict:
    """The fields an import can set, comparable with what ``wrote`` recorded."""
    values = {name: getattr(c, name) for name in SNAPSHOT_FIELDS}
    values["photo"] = jsonable(c.photo) if c.photo else None
    values["circle_id"] = c.circle_id
    values["updated_at"] = jsonable(c.updated_at)
    return values


def child_rows(cid: int) -> dict[str, dict[int, list]]:
    """Each child table's rows of the contact: id -> the values undo compares."""
    rows = {}
    for kind, (model, columns) in ROW_KINDS.items():
        select = model.select(model.id, *(getattr(model, c) for c in columns))
        rows[kind] = {
            r[0]: [jsonable(v) for v in r[1:]]
            for r in tuple_rows(select.where(model.contact == cid))
        }
    return rows


def state(cid: int) -> tuple[dict, dict]:
    return field_values(Contact.get_by_id(cid)), child_rows(cid)


def wrote(cid: int, fields_before: dict, rows_before: dict) -> dict:
    """What a merge into ``cid`` set and added, from the state before it."""
    fields_after, rows_after = state(cid)
    return {
        "fields": {n: v for n, v in fields_after.items() if fields_before.get(n) != v},
        "rows": {
            kind: [[rid, *vals] for rid, vals in rows.items() if rid not in rows_before[kind]]
            for kind, rows in rows_after.items()
            if rows.keys() - rows_before[kind].keys()
        },
    }


def row_marks() -> dict[str, int]:
    """The next id of each child table (max + 1): where an import's rows begin or end."""
    cur = db.cursor()
    return {
        kind: cur.execute(
            f"SELECT coalesce(max(id), 0) + 1 FROM {model._meta.table_name}"
        ).fetchone()[0]
        for kind, (model, _columns) in ROW_KINDS.items()
    }


def snapshot(cid: int) -> dict:
    """A JSON-able copy of everything an import can change on a contact."""
    c = Contact.get_by_id(cid)
    snap = {name: getattr(c, name) for name in SNAPSHOT_FIELDS}
    snap["photo"] = base64.b64encode(c.photo).decode() if c.photo else None
    snap["circle_id"] = c.circle_id
    snap["last_touch_at"] = iso(c.last_touch_at) or None
    snap["updated_at"] = iso(c.updated_at)
    snap["emails"] = [[e.address, e.label, e.preferred] for e in c.emails.order_by(Email.position)]
    snap["phones"] = [[p.raw, p.e164, p.label] for p in c.phones.order_by(Phone.position)]
    snap["urls"] = [[u.url, u.label] for u in c.urls.order_by(Url.position)]
    snap["addresses"] = [
        [a.label, a.po_box, a.extended, a.street, a.locality, a.region, a.postal_code, a.country]
        for a in c.addresses.order_by(Address.position)
    ]
    snap["extras"] = [x.line for x in c.extras.order_by(ExtraRow.position)]
    snap["groups"] = [m.group_id for m in c.memberships]
    snap["interactions"] = [i.id for i in c.interactions]
    return snap
