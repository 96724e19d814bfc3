"""Matching: which stored contact (or earlier record of this import) a record is.

In order: vCard UID, email (case-insensitive), phone (E.164, and only a valid full
number: ``core.keys.dialable``; an emergency number or an extension is shared by many),
LinkedIn profile; a similar name (same family name, token-sort ratio >=
``DUPLICATE_SCORE``) is only proposed.  The ``Matcher`` reads the store once, then indexes
this import's new records as they are planned, so a person twice in one file, or in two
files, ends as one contact.  What a key finds may still be another person (another UID,
another name and organisation): ``planning.plan_one`` decides that (``separate``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from netcare_desktop.core import fields as contact_fields
from netcare_desktop.core.keys import (
    address_key,
    dialable,
    fold,
    iso,
    normalize_email,
    normalize_linkedin,
    parse_dt,
    phone_key,
    stored_iso,
    url_key,
)
from netcare_desktop.core.record import ContactRecord, Extra
from netcare_desktop.store.import_undo import short
from netcare_desktop.store.imports import FILLED_FIELDS, notes_with, set_aside
from netcare_desktop.store.models import db

DUPLICATE_SCORE = 88  # token-sort ratio (0-100) from which a similar name is proposed


def extra_line(x: Extra) -> str:
    """A vCard property NetCare does not model, as the one line the store keeps of it."""
    from netcare_desktop.interop.vcard import format_params

    return f"{x.name}{format_params(x.params)}:{x.value}"


@dataclass
class Existing:
    """What the store already knows about one contact, enough to compare."""

    id: int
    name: str
    fields: dict
    emails: set[str]
    phones: set[str]  # E.164, else folded raw text
    urls: set[str]
    groups: set[str]  # folded
    addresses: set[tuple]
    extras: set[str]
    has_photo: bool
    birthday: tuple | None
    interactions: set[tuple] = field(default_factory=set)
    uid: str = ""


# What a record is matched by, in this order: UID, emails, phones (E.164, else digits),
# LinkedIn profile.
Keys = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def record_keys(rec: ContactRecord, region: str) -> Keys:
    """A record's matching keys; nothing but the record and the region decide them."""
    uid = rec.uid.strip()
    emails = tuple(k for k in (normalize_email(e.value) for e in rec.emails) if k)
    phones = tuple(k for k in (phone_key(p.value, p.e164, region) for p in rec.phones) if k)
    linkedin = normalize_linkedin(rec.linkedin_url)
    return (uid,) if uid else (), emails, phones, (linkedin,) if linkedin else ()


class Matcher:
    """Indexes of the store's contacts (and of this import's new records) by every key."""

    def __init__(self, region: str):
        self.region = region
        self.by_uid: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_linkedin: dict[str, int] = {}
        # family-name key -> parallel lists: folded names (for the similarity scan), (id, name, folded org)
        self.block_names: dict[str, list[str]] = {}
        self.block_meta: dict[str, list[tuple[int, str, str]]] = {}
        self.stored_blocks: set[str] = set()  # family-name keys with a contact of the store
        self.existing: dict[int, Existing] = {}
        self._next_placeholder = -1
        self.indexes = (self.by_uid, self.by_email, self.by_phone, self.by_linkedin)  # as Keys

    def new_placeholder(self) -> int:
        """A key for a new record of this import until its contact has an id (negative)."""
        placeholder = self._next_placeholder
        self._next_placeholder -= 1
        return placeholder

    def phone_key(self, raw: str, e164: str = "") -> str:
        return phone_key(raw, e164, self.region)

    @staticmethod
    def block_key(name: str) -> str:
        words = fold(name).split()
        return words[-1] if words else ""

    # What ``load`` reads of each contact: its text fields (core.fields) and a few more.
    _COLUMNS = (
        "id",
        "vcard_uid",
        *contact_fields.TEXT_FIELDS,
        *contact_fields.BIRTHDAY_FIELDS,
        "photo IS NOT NULL AS has_photo",
    )

    def load(self) -> None:
        """Read the store once: a few columns of every contact.  Plain SQL: peewee's row
        conversion took 0.3 of the 0.45 s this takes for 10,000 contacts."""
        cur = db.cursor()
        cur.row_factory = sqlite3.Row
        contacts = {}
        for row in cur.execute(f"SELECT {', '.join(self._COLUMNS)} FROM contact"):
            cid, name, org = row["id"], row["display_name"], row["organization"]
            month = row["birthday_month"]
            contacts[cid] = Existing(
                id=cid,
                name=name,
                fields={f: row[f] for f in contact_fields.TEXT_FIELDS},
                emails=set(),
                phones=set(),
                urls=set(),
                groups=set(),
                addresses=set(),
                extras=set(),
                has_photo=bool(row["has_photo"]),
                birthday=(row["birthday_year"], month, row["birthday_day"]) if month else None,
                uid=row["vcard_uid"] or "",
            )
            uid = row["vcard_uid"]
            if uid:
                self.by_uid.setdefault(uid, cid)
            key = normalize_linkedin(row["linkedin_url"])
            if key:
                self.by_linkedin.setdefault(key, cid)
            self._add_block(cid, name, org)
        cur.row_factory = None
        for cid, address in cur.execute("SELECT contact_id, address FROM email"):
            key = normalize_email(address)
            if key and cid in contacts:
                contacts[cid].emails.add(key)
                self.by_email.setdefault(key, cid)
        for cid, raw, e164 in cur.execute("SELECT contact_id, raw, e164 FROM phone"):
            key = self.phone_key(raw, e164 or "")
            if key and cid in contacts:
                contacts[cid].phones.add(key)
                self.by_phone.setdefault(key, cid)
        for cid, url in cur.execute("SELECT contact_id, url FROM url"):
            if cid in contacts:
                contacts[cid].urls.add(url_key(url))
        for cid, name in cur.execute(
            'SELECT m.contact_id, g.name FROM membership m JOIN "group" g ON g.id = m.group_id'
        ):
            if cid in contacts:
                contacts[cid].groups.add(fold(name))
        # The columns of address_key, in its order.
        for cid, *parts in cur.execute(
            "SELECT contact_id, street, locality, region, postal_code, country, po_box, extended"
            " FROM address"
        ):
            if cid in contacts:
                contacts[cid].addresses.add(tuple(fold(x) for x in parts))
        for cid, line in cur.execute("SELECT contact_id, line FROM extra"):
            if cid in contacts:
                contacts[cid].extras.add(line)
        for cid, at, kind, summary in cur.execute(
            "SELECT contact_id, occurred_at, kind, summary FROM interaction"
        ):
            if cid in contacts:
                contacts[cid].interactions.add((stored_iso(at), kind, summary))
        self.existing = contacts

    def keys(self, rec: ContactRecord) -> Keys:
        return record_keys(rec, self.region)

    def find(self, keys: Keys) -> int | None:
        phones = self.by_phone
        for index, values in zip(self.indexes, keys, strict=True):
            for key in values:
                found = index.get(key)
                if found is not None and (index is not phones or dialable(key)):
                    return found
        return None

    def register_keys(self, cid: int, keys: Keys) -> None:
        for index, values in zip(self.indexes, keys, strict=True):
            for key in values:
                index.setdefault(key, cid)

    def register(self, cid: int, keys: Keys, name: str, org: str) -> None:
        self.register_keys(cid, keys)
        self._add_block(cid, name, org)

    def _add_block(self, cid: int, name: str, org: str) -> None:
        folded = fold(name)
        words = folded.split()
        key = words[-1] if words else ""
        self.block_names.setdefault(key, []).append(folded)
        self.block_meta.setdefault(key, []).append((cid, name, fold(org)))
        if cid > 0:
            self.stored_blocks.add(key)

    def may_have_similar(self, name: str) -> bool:
        """Whether a contact of the store shares the name's block: only those are ever
        proposed as duplicates (this import's own records are matched by their keys)."""
        words = fold(name).split()
        return bool(words) and words[-1] in self.stored_blocks

    def similar(self, name: str, org: str) -> list[tuple[int, str, float]]:
        """Contacts whose name is alike (same family name, token-sort ratio >= 88), best first."""
        from netcare_desktop.interop.similarity import best_matches, token_set_ratio

        folded = fold(name)
        words = folded.split()
        if not words:
            return []
        names = self.block_names.get(words[-1], [])
        if not names:
            return []
        org_folded = fold(org)
        out = []
        meta = self.block_meta[words[-1]]
        for score, i in best_matches(folded, names, DUPLICATE_SCORE, 10):
            cid, other, other_org = meta[i]
            if org_folded and other_org:
                score = score * 0.85 + token_set_ratio(org_folded, other_org) * 0.15
            if score >= DUPLICATE_SCORE:
                out.append((cid, other, round(score, 1)))
        return sorted(out, key=lambda c: -c[2])[:3]


def kept_aside(existing: Existing, rec: ContactRecord) -> list[tuple[str, str]]:
    """The record's values a merge into ``existing`` keeps aside (``store.imports``)."""
    return set_aside(existing.fields, existing.birthday, rec)


def diff(existing: Existing, rec: ContactRecord, matcher: Matcher) -> tuple[list[str], list[str]]:
    """(changes a merge would make, values that differ: each kept aside, in the notes, and
    said so, unless it was kept aside before)."""
    changes, conflicts = [], []
    for name in FILLED_FIELDS:
        new = (getattr(rec, name) or "").strip()
        old = (existing.fields.get(name) or "").strip()
        label = contact_fields.LABELS.get(name, name)
        if new and not old:
            changes.append(f"{label}: {short(new)}")
    if rec.birthday_month and existing.birthday is None:
        changes.append("birthday")
    kept = kept_aside(existing, rec)
    if kept:  # written too (into the notes): a change, and said as a conflict
        changes.append(f"+ {len(kept)} kept aside")
        olds = {
            "full name": existing.name,
            "birthday": "another",
            **{
                contact_fields.LABELS.get(f, f.replace("_", " ")): existing.fields.get(f) or ""
                for f in FILLED_FIELDS
            },
        }
        for label, value in kept:
            old = short(olds.get(label, ""))
            conflicts.append(f"{label}: keeps {old!r}, {short(value)!r} kept aside")
    for e in rec.emails:
        key = normalize_email(e.value)
        if key and key not in existing.emails:
            changes.append(f"+ email {e.value}")
    for p in rec.phones:
        key = matcher.phone_key(p.value, p.e164)
        if key and key not in existing.phones:
            changes.append(f"+ phone {p.value}")
    for u in rec.urls:
        if u.value.strip() and url_key(u.value) not in existing.urls:
            changes.append(f"+ web {u.value}")
    for g in rec.groups:
        if g.strip() and fold(g) not in existing.groups:
            changes.append(f"+ group {g}")
    for a in rec.addresses:
        if address_key(a) not in existing.addresses:
            changes.append("+ address")
    if rec.photo and not existing.has_photo:
        changes.append("+ photo")
    for x in rec.extras:
        if extra_line(x) not in existing.extras:
            changes.append(f"+ {x.name}")
    for it in rec.interactions:
        if (iso(parse_dt(it.at)), it.kind, it.summary) not in existing.interactions:
            changes.append(f"+ interaction {it.kind}")
    return changes, conflicts


def fold_into(existing: Existing, rec: ContactRecord, matcher: Matcher) -> None:
    """What the contact will look like once ``rec`` is merged (fills empty fields, adds facts)."""
    kept = kept_aside(existing, rec)
    for name in FILLED_FIELDS:
        if not (existing.fields.get(name) or "").strip() and (getattr(rec, name) or "").strip():
            existing.fields[name] = getattr(rec, name).strip()
    existing.fields["notes"] = notes_with(existing.fields.get("notes") or "", kept)
    if not existing.uid and rec.uid.strip():
        existing.uid = rec.uid.strip()
    if existing.birthday is None and rec.birthday_month:
        existing.birthday = (rec.birthday_year, rec.birthday_month, rec.birthday_day)
    existing.has_photo = existing.has_photo or bool(rec.photo)
    existing.emails |= {k for k in (normalize_email(e.value) for e in rec.emails) if k}
    existing.phones |= {matcher.phone_key(p.value, p.e164) for p in rec.phones if p.value.strip()}
    existing.urls |= {url_key(u.value) for u in rec.urls if u.value.strip()}
    existing.groups |= {fold(g) for g in rec.groups if g.strip()}
    existing.addresses |= {address_key(a) for a in rec.addresses}
    existing.extras |= {extra_line(x) for x in rec.extras}
