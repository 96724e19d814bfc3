"""Contact writes and reads: every user action is one transaction (touches: interactions.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from peewee import JOIN, fn

from netcare_desktop.core import cadence, fields
from netcare_desktop.core.names import display_name, sort_key
from netcare_desktop.core.phones import normalize_phone, region_from_locale
from netcare_desktop.store.errors import Ambiguous as Ambiguous  # re-exported (old path)
from netcare_desktop.store.errors import NotFound
from netcare_desktop.store.interactions import (  # re-exported: their old import path
    delete_interaction as delete_interaction,
)
from netcare_desktop.store.interactions import log_interaction as log_interaction
from netcare_desktop.store.interactions import timeline as timeline
from netcare_desktop.store.models import (
    Address,
    Circle,
    Contact,
    Email,
    Extra,
    Group,
    Interaction,
    Membership,
    Phone,
    Url,
    db,
    tuple_rows,
)
from netcare_desktop.store.settings import read_preferences


@dataclass
class ContactInput:
    """What an editor (or the CLI) gives to create or update a contact."""

    given_name: str = ""
    family_name: str = ""
    middle_name: str = ""
    prefix: str = ""
    suffix: str = ""
    nickname: str = ""
    display_name: str = ""  # empty: derived from the parts
    organization: str = ""
    department: str = ""
    title: str = ""
    notes: str = ""
    birthday_year: int | None = None
    birthday_month: int | None = None
    birthday_day: int | None = None
    circle_id: int | None = None
    cadence_days: int | None = None
    linkedin_url: str = ""
    emails: list[tuple[str, str]] = field(default_factory=list)  # (label, address)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (label, number)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    groups: list[str] = field(default_factory=list)

    def resolved_name(self) -> str:
        return self.display_name.strip() or display_name(
            given=self.given_name,
            family=self.family_name,
            middle=self.middle_name,
            prefix=self.prefix,
            suffix=self.suffix,
            nickname=self.nickname,
            organization=self.organization,
            email=self.emails[0][1] if self.emails else "",
        )


# What the editor sets: the contact's text fields (core.fields) but the display name
# (resolved from the rest) and the photo URL (the editor has none), its birthday and cadence.
_SCALARS = (
    *(f for f in fields.TEXT_FIELDS if f not in ("display_name", "photo_url")),
    *fields.BIRTHDAY_FIELDS,
    "cadence_days",
)


def _clean_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(label.strip(), value.strip()) for label, value in pairs if value and value.strip()]


def _apply(contact: Contact, data: ContactInput, now: datetime) -> None:
    for name in _SCALARS:
        value = getattr(data, name)
        setattr(contact, name, value.strip() if isinstance(value, str) else value)
    contact.display_name = data.resolved_name()
    contact.sort_name = sort_key(contact.display_name, contact.family_name, contact.given_name)
    if contact.circle_id != data.circle_id or (data.circle_id and contact.circle_since is None):
        contact.circle_since = now if data.circle_id else None
    contact.circle_id = data.circle_id
    contact.updated_at = now


def _write_children(contact: Contact, data: ContactInput) -> None:
    Email.delete().where(Email.contact == contact).execute()
    # A number kept as it was keeps its E.164 form (read when it was typed or imported,
    # perhaps under another country than the one chosen now).
    known: dict[str, str] = dict(
        tuple_rows(Phone.select(Phone.raw, Phone.e164).where(Phone.contact == contact))
    )
    Phone.delete().where(Phone.contact == contact).execute()
    Url.delete().where(Url.contact == contact).execute()
    Membership.delete().where(Membership.contact == contact).execute()
    for pos, (label, value) in enumerate(_clean_pairs(data.emails)):
        Email.create(contact=contact, address=value, label=label, position=pos)
    region = _phone_region() if data.phones else ""
    for pos, (label, value) in enumerate(_clean_pairs(data.phones)):
        e164 = known.get(value) or normalize_phone(value, region)
        Phone.create(contact=contact, raw=value, e164=e164, label=label, position=pos)
    for pos, (label, value) in enumerate(_clean_pairs(data.urls)):
        Url.create(contact=contact, url=value, label=label, position=pos)
    seen: set[str] = set()
    for name in data.groups:
        name = name.strip()
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        group = Group.get_or_none(fn.lower(Group.name) == name.lower()) or Group.create(name=name)
        Membership.create(contact=contact, group=group)


def _phone_region() -> str:
    """Where a number typed without its country code is: Preferences, else the locale."""
    return read_preferences(db.connection()).phone_region or region_from_locale()


def validate(data: ContactInput) -> None:
    if not data.resolved_name():
        raise ValueError("a contact needs a name, an organization or an email address")
    if data.cadence_days is not None and data.cadence_days <= 0:
        raise ValueError("the keep-in-touch cadence must be a positive number of days")
    if data.birthday_month is not None and not 1 <= data.birthday_month <= 12:
        raise ValueError("the birthday month must be between 1 and 12")
    if data.birthday_day is not None and not 1 <= data.birthday_day <= 31:
        raise ValueError("the birthday day must be between 1 and 31")


def create_contact(data: ContactInput, now: datetime) -> int:
    validate(data)
    with db.atomic():
        contact = Contact(
            created_at=now, vcard_uid=f"urn:uuid:{uuid.uuid4()}"
        )  # stable across exports
        _apply(contact, data, now)
        contact.save(force_insert=True)
        _write_children(contact, data)
    return contact.id


def update_contact(contact_id: int, data: ContactInput, now: datetime) -> None:
    validate(data)
    with db.atomic():
        contact = Contact.get_or_none(Contact.id == contact_id)
        if contact is None:
            raise NotFound(f"no contact with id {contact_id}")
        _apply(contact, data, now)
        contact.save()
        _write_children(contact, data)


def load_input(contact_id: int) -> ContactInput:
    """The editable form of a stored contact."""
    c = Contact.get_or_none(Contact.id == contact_id)
    if c is None:
        raise NotFound(f"no contact with id {contact_id}")
    data = ContactInput(**{name: getattr(c, name) for name in _SCALARS})
    data.display_name = c.display_name
    data.circle_id = c.circle_id
    data.emails = [(e.label, e.address) for e in c.emails.order_by(Email.position)]
    data.phones = [(p.label, p.raw) for p in c.phones.order_by(Phone.position)]
    data.urls = [(u.label, u.url) for u in c.urls.order_by(Url.position)]
    data.groups = [
        m.group.name
        for m in Membership.select(Membership, Group).join(Group).where(Membership.contact == c)
    ]
    return data


# -- delete and undo ---------------------------------------------------------

_CHILD_MODELS = (Email, Phone, Url, Address, Extra, Membership, Interaction)


def _row_dict(instance) -> dict:
    """The stored values by field name (foreign keys as ids), enough to insert the row again."""
    return dict(instance.__data__)


def delete_contacts(contact_ids: list[int]) -> list[dict]:
    """Delete contacts (and all they own) in one transaction; return snapshots for undo."""
    snapshots = []
    with db.atomic():
        for cid in contact_ids:
            c = Contact.get_or_none(Contact.id == cid)
            if c is None:
                continue
            snap = {"contact": _row_dict(c), "children": {}}
            for model in _CHILD_MODELS:
                rows = model.select().where(model.contact == cid)
                snap["children"][model.__name__] = [_row_dict(r) for r in rows]
            snapshots.append(snap)
        Contact.delete().where(Contact.id.in_(contact_ids)).execute()
    return snapshots


def restore_contacts(snapshots: list[dict]) -> list[int]:
    """Put deleted contacts back exactly as they were (same ids when still free)."""
    names = {m.__name__: m for m in _CHILD_MODELS}
    restored = []
    with db.atomic():
        for snap in snapshots:
            row = dict(snap["contact"])
            if Contact.get_or_none(Contact.id == row["id"]) is not None:
                row.pop("id")
            new_id = Contact.insert(row).execute()
            for model_name, rows in snap["children"].items():
                model = names[model_name]
                for child in rows:
                    child = dict(child)
                    child.pop("id", None)
                    child["contact"] = new_id
                    if (
                        model is Membership
                        and Group.get_or_none(Group.id == child["group"]) is None
                    ):
                        continue
                    model.insert(child).execute()
            restored.append(new_id)
    return restored


# -- reads -------------------------------------------------------------------


@dataclass
class ContactDetail:
    contact: Contact
    circle_name: str
    emails: list[Email]
    phones: list[Phone]
    urls: list[Url]
    addresses: list[Address]
    groups: list[tuple[str, str]]  # (group, role)
    cadence_days: int | None
    next_due: datetime | None
    health: cadence.Health


def detail(contact_id: int, now: datetime) -> ContactDetail:
    c = (
        Contact.select(Contact, Circle)
        .join(Circle, JOIN.LEFT_OUTER)
        .where(Contact.id == contact_id)
        .first()
    )
    if c is None:
        raise NotFound(f"no contact with id {contact_id}")
    circle = c.circle if c.circle_id else None
    days = cadence.effective_cadence(c.cadence_days, circle.cadence_days if circle else None)
    return ContactDetail(
        contact=c,
        circle_name=circle.name if circle else "",
        emails=list(c.emails.order_by(Email.position)),
        phones=list(c.phones.order_by(Phone.position)),
        urls=list(c.urls.order_by(Url.position)),
        addresses=list(c.addresses.order_by(Address.position)),
        groups=[
            (m.group.name, m.role)
            for m in Membership.select(Membership, Group).join(Group).where(Membership.contact == c)
        ],
        cadence_days=days,
        next_due=cadence.next_due(c.last_touch_at, c.circle_since, days),
        health=cadence.health(now, c.last_touch_at, c.circle_since, days),
    )


def circles() -> list[Circle]:
    return list(Circle.select().order_by(Circle.position, Circle.name))


def group_names() -> list[str]:
    return [g.name for g in Group.select(Group.name).order_by(Group.name)]


def contact_count(include_archived: bool = False) -> int:
    q = Contact.select()
    if not include_archived:
        q = q.where(Contact.archived == False)  # noqa: E712
    return q.count()


def resolve_contact(ref: str) -> Contact:
    """Find one contact by id, email address or name (exact, then unique partial match)."""
    ref = ref.strip()
    if not ref:
        raise NotFound("no contact given")
    if ref.isdigit():
        c = Contact.get_or_none(Contact.id == int(ref))
        if c is not None:
            return c
    if "@" in ref:
        matches = list(
            Contact.select().join(Email).where(fn.lower(Email.address) == ref.lower()).distinct()
        )
        if len(matches) == 1:
            return matches[0]
    for query in (
        Contact.select().where(fn.lower(Contact.display_name) == ref.lower()),
        Contact.select().where(Contact.display_name.contains(ref)),
    ):
        matches = list(query.limit(11))
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            shown = [(m.id, m.display_name) for m in matches[:10]]
            listing = "; ".join(f"{i}: {n}" for i, n in shown)
            raise Ambiguous(f"{ref!r} matches several contacts ({listing}); give an id", shown)
    raise NotFound(f"no contact matches {ref!r}")
