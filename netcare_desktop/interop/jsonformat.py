"""NetCare's JSON document: everything, for backups and moving to another machine.

Contract (version 1), documented in the README::

    {"format": "netcare", "version": 1, "exported_at": ISO,
     "circles": [{"name", "cadence_days"}], "groups": [{"name", "kind"}],
     "contacts": [{"id", "uid", "display_name", "given_name", "family_name", "middle_name",
                   "prefix", "suffix", "nickname", "organization", "department", "title",
                   "birthday": "YYYY-MM-DD" | "--MM-DD" | null, "notes",
                   "emails": [{"value", "label", "preferred"}],
                   "phones": [{"value", "e164", "label"}], "urls": [{"value", "label"}],
                   "addresses": [{"label", "po_box", "extended", "street", "locality",
                                  "region", "postal_code", "country"}],
                   "photo": {"mime", "sha256", "data_base64"} | null, "photo_url",
                   "linkedin_url", "groups": [names], "circle": name | null,
                   "cadence_days": int | null,
                   "interactions": [{"at", "kind", "direction", "summary", "notes",
                                     "follow_up"}],
                   "extras": [{"name", "params", "value"}]}]}

Reading is lenient: a hand-written document may leave out ids, uids, empty lists
and nulls; a contact that cannot be read is reported with its index.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from datetime import UTC, datetime

from netcare_desktop.core.kinds import Direction, Kind
from netcare_desktop.interop.record import (
    TEXT_FIELDS,
    Address,
    ContactRecord,
    Email,
    Extra,
    InteractionRecord,
    Issue,
    Phone,
    Url,
    sniff_image_mime,
)

FORMAT = "netcare"
VERSION = 1


def birthday_text(year: int | None, month: int | None, day: int | None) -> str | None:
    if not month or not day:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def parse_birthday(text) -> tuple[int | None, int | None, int | None]:
    """``"1815-12-10"`` or ``"--12-10"`` (year unknown); empty means none."""
    if not text:
        return None, None, None
    value = str(text).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value) or re.fullmatch(
        r"--()(\d{2})-(\d{2})", value
    )
    if not m:
        raise ValueError(f"birthday {text!r} is not YYYY-MM-DD or --MM-DD")
    year = int(m.group(1)) if m.group(1) else None
    month, day = int(m.group(2)), int(m.group(3))
    datetime(year or 2000, month, day)  # a real date (2000: Feb 29 is fine without a year)
    return year, month, day


def _text(obj: dict, key: str) -> str:
    value = obj.get(key)
    return "" if value is None else str(value)


def record_from_json(obj: dict, path: str, index: int) -> ContactRecord:
    if not isinstance(obj, dict):
        raise ValueError("a contact must be an object")
    rec = ContactRecord(source=path, line=index + 1)
    for key in TEXT_FIELDS:
        setattr(rec, key, _text(obj, key))
    rec.birthday_year, rec.birthday_month, rec.birthday_day = parse_birthday(obj.get("birthday"))
    rec.emails = [
        Email(_text(e, "value"), _text(e, "label"), bool(e.get("preferred")))
        for e in obj.get("emails") or []
        if isinstance(e, dict) and e.get("value")
    ]
    rec.phones = [
        Phone(_text(p, "value"), _text(p, "label"), _text(p, "e164"))
        for p in obj.get("phones") or []
        if isinstance(p, dict) and p.get("value")
    ]
    rec.urls = [
        Url(_text(u, "value"), _text(u, "label"))
        for u in obj.get("urls") or []
        if isinstance(u, dict) and u.get("value")
    ]
    rec.addresses = [
        Address(
            **{
                k: _text(a, k)
                for k in (
                    "label",
                    "po_box",
                    "extended",
                    "street",
                    "locality",
                    "region",
                    "postal_code",
                    "country",
                )
            }
        )
        for a in obj.get("addresses") or []
        if isinstance(a, dict)
    ]
    photo = obj.get("photo")
    if isinstance(photo, dict) and photo.get("data_base64"):
        try:
            rec.photo = base64.b64decode(photo["data_base64"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("photo.data_base64 is not base64") from exc
        rec.photo_mime = sniff_image_mime(rec.photo) or _text(photo, "mime")
    rec.groups = [str(g) for g in obj.get("groups") or [] if str(g).strip()]
    rec.circle = obj.get("circle") or None
    cadence = obj.get("cadence_days")
    rec.cadence_days = int(cadence) if cadence not in (None, "") else None
    for it in obj.get("interactions") or []:
        kind = Kind(it.get("kind", "note"))
        direction = Direction(it["direction"]) if it.get("direction") else None
        at = it.get("at")
        if not at:
            raise ValueError("an interaction needs 'at'")
        rec.interactions.append(
            InteractionRecord(
                at=str(at),
                kind=kind.value,
                direction=direction.value if direction else "",
                summary=_text(it, "summary"),
                notes=_text(it, "notes"),
                follow_up=it.get("follow_up") or None,
            )
        )
    rec.extras = [
        Extra(
            _text(x, "name"),
            {
                k: [str(v) for v in (vals if isinstance(vals, list) else [vals])]
                for k, vals in (x.get("params") or {}).items()
            },
            _text(x, "value"),
        )
        for x in obj.get("extras") or []
        if isinstance(x, dict) and x.get("name")
    ]
    return rec


def read_json(data: bytes, path: str) -> tuple[list[ContactRecord], list[Issue]]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 1)
        return [], [Issue(path, line, f"not a JSON document: {exc}", True)]
    if isinstance(doc, list):
        contacts = doc
    elif isinstance(doc, dict) and isinstance(doc.get("contacts"), list):
        if doc.get("format", FORMAT) != FORMAT:
            return [], [
                Issue(path, 1, f"not a NetCare document (format {doc.get('format')!r})", True)
            ]
        if int(doc.get("version", VERSION)) > VERSION:
            return [], [
                Issue(path, 1, f"written by a newer NetCare (version {doc['version']})", True)
            ]
        contacts = doc["contacts"]
    else:
        return [], [Issue(path, 1, 'expected {"format": "netcare", "contacts": [...]}', True)]
    records, issues = [], []
    for index, obj in enumerate(contacts):
        try:
            rec = record_from_json(obj, path, index)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            issues.append(Issue(path, index + 1, f"contact #{index + 1}: {exc}; skipped", True))
            continue
        if not rec.has_identity():
            issues.append(
                Issue(
                    path,
                    index + 1,
                    f"contact #{index + 1} has no name, email or phone; skipped",
                    True,
                )
            )
            continue
        records.append(rec)
    return records, issues


def record_to_json(rec: ContactRecord, contact_id: int | None = None) -> dict:
    photo = None
    if rec.photo:
        photo = {
            "mime": rec.photo_mime or sniff_image_mime(rec.photo),
            "sha256": hashlib.sha256(rec.photo).hexdigest(),
            "data_base64": base64.b64encode(rec.photo).decode("ascii"),
        }
    return {
        "id": contact_id,
        "uid": rec.uid,
        "display_name": rec.display_name,
        "given_name": rec.given_name,
        "family_name": rec.family_name,
        "middle_name": rec.middle_name,
        "prefix": rec.prefix,
        "suffix": rec.suffix,
        "nickname": rec.nickname,
        "organization": rec.organization,
        "department": rec.department,
        "title": rec.title,
        "birthday": birthday_text(rec.birthday_year, rec.birthday_month, rec.birthday_day),
        "notes": rec.notes,
        "emails": [
            {"value": e.value, "label": e.label, "preferred": e.preferred} for e in rec.emails
        ],
        "phones": [
            {"value": p.value, "e164": p.e164 or None, "label": p.label} for p in rec.phones
        ],
        "urls": [{"value": u.value, "label": u.label} for u in rec.urls],
        "addresses": [
            {
                k: getattr(a, k)
                for k in (
                    "label",
                    "po_box",
                    "extended",
                    "street",
                    "locality",
                    "region",
                    "postal_code",
                    "country",
                )
            }
            for a in rec.addresses
        ],
        "photo": photo,
        "photo_url": rec.photo_url,
        "linkedin_url": rec.linkedin_url,
        "groups": rec.groups,
        "circle": rec.circle,
        "cadence_days": rec.cadence_days,
        "interactions": [
            {
                "at": i.at,
                "kind": i.kind,
                "direction": i.direction,
                "summary": i.summary,
                "notes": i.notes,
                "follow_up": i.follow_up,
            }
            for i in rec.interactions
        ],
        "extras": [{"name": x.name, "params": x.params, "value": x.value} for x in rec.extras],
    }


def document(circles: list[dict], groups: list[dict], contacts: list[dict], now: datetime) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z"),
        "circles": circles,
        "groups": groups,
        "contacts": contacts,
    }
