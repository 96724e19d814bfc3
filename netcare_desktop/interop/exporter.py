"""Export: vCard 4.0 (or 3.0), CSV (Google Contacts' header) and NetCare's JSON document.

The contacts are read from the store a chunk at a time as :class:`ContactRecord`s (their
fields named by ``core.fields``) and handed to the format's writer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import TextIO, cast

from netcare_desktop.core.fields import BIRTHDAY_FIELDS, TEXT_FIELDS
from netcare_desktop.core.record import (
    Address,
    ContactRecord,
    Email,
    Extra,
    InteractionRecord,
    Phone,
    Url,
)
from netcare_desktop.store import models as m

FORMATS = ("vcf", "vcf3", "csv", "json")
CHUNK = 500
log = logging.getLogger(__name__)


def _iso_utc(value: datetime) -> str:
    return value.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def parse_extra(line: str) -> Extra:
    from netcare_desktop.interop.vcard import parse_line

    prop = parse_line(line.encode("utf-8"), 0, True)
    if isinstance(prop, str):
        name, _, value = line.partition(":")
        return Extra(name, {}, value)
    name = f"{prop.group}.{prop.name}" if prop.group else prop.name
    params = {k: v for k, v in prop.params.items() if k not in ("X-NETCARE-PROBLEM", "CHARSET")}
    if [e.upper() for e in params.get("ENCODING", [])] == ["QUOTED-PRINTABLE"]:
        del params["ENCODING"]  # parse_line decoded it (a kept line from a JSON document)
        value = prop.text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
        return Extra(name, params, value)
    return Extra(name, params, prop.text)


def contact_ids(selected: Iterable[int] | None = None) -> list[int]:
    if selected is not None:
        return list(selected)
    query = m.Contact.select(m.Contact.id).order_by(m.Contact.sort_name, m.Contact.id)
    # .tuples(): rows are (id,) tuples, though peewee's stubs keep the model as row type
    return [cid for (cid,) in cast("Iterable[tuple[int]]", query.tuples())]


def records(ids: list[int]) -> Iterator[tuple[int, ContactRecord]]:
    """Contacts as records, read a chunk at a time (a few queries per 500 contacts)."""
    # keyed by int | None: a contact's circle_id is None when it has no circle
    circles: dict[int | None, str] = {c.id: c.name for c in m.Circle.select()}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        by_id: dict[int, ContactRecord] = {}
        for c in m.Contact.select().where(m.Contact.id.in_(chunk)):
            by_id[c.id] = ContactRecord(
                uid=c.vcard_uid,
                **{name: getattr(c, name) for name in (*TEXT_FIELDS, *BIRTHDAY_FIELDS)},
                photo=bytes(c.photo) if c.photo else None,
                photo_mime=c.photo_mime,
                circle=circles.get(c.circle_id),
                cadence_days=c.cadence_days,
            )
        for e in m.Email.select().where(m.Email.contact.in_(chunk)).order_by(m.Email.position):
            by_id[e.contact_id].emails.append(Email(e.address, e.label, e.preferred, e.vcard_group))
        for p in m.Phone.select().where(m.Phone.contact.in_(chunk)).order_by(m.Phone.position):
            by_id[p.contact_id].phones.append(
                Phone(p.raw, p.label, p.e164, p.preferred, p.vcard_group)
            )
        for u in m.Url.select().where(m.Url.contact.in_(chunk)).order_by(m.Url.position):
            by_id[u.contact_id].urls.append(Url(u.url, u.label, u.preferred, u.vcard_group))
        for a in (
            m.Address.select().where(m.Address.contact.in_(chunk)).order_by(m.Address.position)
        ):
            by_id[a.contact_id].addresses.append(
                Address(
                    a.label,
                    a.po_box,
                    a.extended,
                    a.street,
                    a.locality,
                    a.region,
                    a.postal_code,
                    a.country,
                    a.preferred,
                    a.vcard_group,
                )
            )
        for x in m.Extra.select().where(m.Extra.contact.in_(chunk)).order_by(m.Extra.position):
            by_id[x.contact_id].extras.append(parse_extra(x.line))
        memberships = (
            m.Membership.select(m.Membership.contact, m.Group.name)
            .join(m.Group)
            .where(m.Membership.contact.in_(chunk))
            .order_by(m.Group.name)
        )
        # .tuples(): (contact id, group name) rows; the stubs keep Membership as row type
        for cid, name in cast("Iterable[tuple[int, str]]", memberships.tuples()):
            by_id[cid].groups.append(name)
        for i in (
            m.Interaction.select()
            .where(m.Interaction.contact.in_(chunk))
            .order_by(m.Interaction.occurred_at, m.Interaction.id)
        ):
            by_id[i.contact_id].interactions.append(
                InteractionRecord(
                    at=_iso_utc(i.occurred_at),
                    kind=i.kind,
                    direction=i.direction,
                    summary=i.summary,
                    notes=i.notes,
                    follow_up=i.follow_up.isoformat() if i.follow_up else None,
                )
            )
        for cid in chunk:
            if cid in by_id:
                yield cid, by_id[cid]


def _reporter(rec: ContactRecord, problems: list[str] | None) -> Callable[[str], None]:
    def report(message: str) -> None:
        text = f"{rec.display_name or rec.organization or rec.uid}: {message}"
        log.warning("export: %s", text)
        if problems is not None:
            problems.append(text)

    return report


def export(
    fmt: str,
    out: TextIO,
    now: datetime,
    selected: Iterable[int] | None = None,
    problems: list[str] | None = None,
) -> int:
    """Write the contacts (all, or ``selected`` ids) to ``out``; returns how many.

    A value the format cannot hold as a value of its own (a kept vCard property whose
    name is not a vCard name, from a hand-written JSON document) is left out, logged and
    added to ``problems`` with the contact's name."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose one of {', '.join(FORMATS)})")
    ids = contact_ids(selected)
    count = 0
    if fmt in ("vcf", "vcf3"):
        from netcare_desktop.interop.vcard import write_vcard

        for _cid, rec in records(ids):
            out.write(write_vcard(rec, "3.0" if fmt == "vcf3" else "4.0", _reporter(rec, problems)))
            count += 1
    elif fmt == "csv":
        from netcare_desktop.interop.csvformats import write_google_csv

        recs = [rec for _cid, rec in records(ids)]
        out.write(write_google_csv(recs))
        count = len(recs)
    else:
        import json

        from netcare_desktop.interop.jsonformat import document, record_to_json

        contacts = []
        for cid, rec in records(ids):
            contacts.append(record_to_json(rec, cid))
        circles = [
            {"name": c.name, "cadence_days": c.cadence_days}
            for c in m.Circle.select().order_by(m.Circle.position)
        ]
        groups = [{"name": g.name, "kind": g.kind} for g in m.Group.select().order_by(m.Group.name)]
        json.dump(document(circles, groups, contacts, now), out, ensure_ascii=False, indent=1)
        out.write("\n")
        count = len(contacts)
    return count
