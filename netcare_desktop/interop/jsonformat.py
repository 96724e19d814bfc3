"""NetCare's JSON document: everything, for backups and moving to another machine.

Contract (version 1), documented in the README::

    {"format": "netcare", "version": 1, "exported_at": ISO,
     "circles": [{"name", "cadence_days"}], "groups": [{"name", "kind"}],
     "contacts": [{"id", "uid", "display_name", "given_name", "family_name", "middle_name",
                   "prefix", "suffix", "nickname", "organization", "department", "title",
                   "birthday": "YYYY-MM-DD" | "--MM-DD" | null, "notes",
                   "emails": [{"value", "label", "preferred", "group"}],
                   "phones": [{"value", "e164", "label", "preferred", "group"}],
                   "urls": [{"value", "label", "preferred", "group"}],
                   "addresses": [{"label", "po_box", "extended", "street", "locality",
                                  "region", "postal_code", "country", "preferred",
                                  "group"}],
                   "photo": {"mime", "sha256", "data_base64"} | null, "photo_url",
                   "linkedin_url", "groups": [names], "circle": name | null,
                   "cadence_days": int | null,
                   "interactions": [{"at", "kind", "direction", "summary", "notes",
                                     "follow_up"}],
                   "extras": [{"name", "params", "value"}]}]}

A label holds all of a value's types, "work fax" (core.record); "preferred" is vCard's
PREF and "group" its group ("item1"), both optional (added with schema 5; a document
without them reads as before).

Reading is lenient: a hand-written document may leave out ids, uids, empty lists
and nulls; a contact that cannot be read (a value of the wrong kind: a circle that is an
object, a cadence of 1e308, a lone surrogate, a follow-up "banana") is skipped and
reported with its index, the field and the value; the rest of the file is read.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from datetime import UTC, date, datetime
from typing import NoReturn

from netcare_desktop.core.kinds import Direction, Kind
from netcare_desktop.core.record import (
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


MAX_CADENCE_DAYS = 36_500  # a hundred years: more is not a keep-in-touch rhythm
_ADDRESS_KEYS = (
    "label",
    "po_box",
    "extended",
    "street",
    "locality",
    "region",
    "postal_code",
    "country",
)


def _show(value) -> str:
    """A value as the report shows it: short, and printable whatever it holds."""
    text = json.dumps(value, ensure_ascii=False, default=repr)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate
    return text if len(text) <= 60 else text[:57] + "..."


class BadValue(ValueError):
    """A value that is not what the document's contract says."""


class _Checked:
    """Reads one contact's values, each checked for its kind: a value that is not what
    the document's contract says (a circle that is an object, a cadence of 1e308, a lone
    surrogate, a follow-up "banana") raises :class:`BadValue` naming the field and the
    value, and ``read_json`` reports the contact (with its index) as skipped."""

    def __init__(self) -> None:
        self.left_out: list[str] = []

    def problem(self, field: str, value, why: str) -> NoReturn:
        raise BadValue(f"{field} {_show(value)} {why}")

    def text(self, obj: dict, key: str, field: str | None = None) -> str:
        value = obj.get(key)
        field = field or key
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(field, value, "is not text")
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(field, value, "is not text")
        text = value if isinstance(value, str) else str(value)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            self.problem(field, value, "is not Unicode text (a lone surrogate)")
        return text

    def items(self, obj: dict, key: str) -> list[dict]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, value, "is not a list")
        for n, item in enumerate(value, 1):
            if not isinstance(item, dict):
                self.problem(f"{key}[{n}]", item, "is not an object")
        return value

    def cadence(self, value) -> int | None:
        if value in (None, ""):
            return None
        number = value
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 6:
            number = int(value.strip())
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        if (
            isinstance(number, bool)
            or not isinstance(number, int)
            or not 0 < number <= MAX_CADENCE_DAYS
        ):
            self.problem(
                "cadence_days", value, f"is not a number of days from 1 to {MAX_CADENCE_DAYS:,}"
            )
        return number

    def interaction(self, n: int, it: dict) -> InteractionRecord:
        where = f"interactions[{n}]"
        at = self.text(it, "at", f"{where}.at").strip()
        if _parse_instant(at) is None:
            self.problem(f"{where}.at", it.get("at"), "is not a date and time")
        kind = self.text(it, "kind", f"{where}.kind") or "note"
        try:
            kind = Kind(kind).value
        except ValueError:
            self.problem(f"{where}.kind", it.get("kind"), "is not a kind of touch")
        direction = self.text(it, "direction", f"{where}.direction")
        if direction:
            try:
                direction = Direction(direction).value
            except ValueError:
                self.problem(f"{where}.direction", it.get("direction"), "is not a direction")
        follow_up = self.text(it, "follow_up", f"{where}.follow_up") or None
        if follow_up is not None:
            try:
                follow_up = date.fromisoformat(follow_up.strip()).isoformat()
            except ValueError:
                self.problem(
                    f"{where}.follow_up", it.get("follow_up"), "is not a date (YYYY-MM-DD)"
                )
        return InteractionRecord(
            at=at,
            kind=kind,
            direction=direction,
            summary=self.text(it, "summary", f"{where}.summary"),
            notes=self.text(it, "notes", f"{where}.notes"),
            follow_up=follow_up,
        )

    def extra(self, n: int, x: dict) -> Extra | None:
        where = f"extras[{n}]"
        name = self.text(x, "name", f"{where}.name")
        if not name:
            return None
        raw = x.get("params") or {}
        if not isinstance(raw, dict):
            self.problem(f"{where}.params", raw, "is not an object")
        params = {
            key: [
                self.text({"v": v}, "v", f"{where}.params.{key}")
                for v in (vals if isinstance(vals, list) else [vals])
            ]
            for key, vals in raw.items()
        }
        extra = Extra(name, params, self.text(x, "value", f"{where}.value"))
        from netcare_desktop.interop.vcard import extra_problem

        problem = extra_problem(extra)
        if problem:  # kept data, not the contact's own: only this property is left out
            self.left_out.append(f"{where} {_show(name)} cannot be kept ({problem})")
            return None
        return extra


def _parse_instant(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is not None:
        try:
            value = value.astimezone(UTC)
        except (OverflowError, ValueError):
            return None
    return value


def record_from_json(
    obj: dict, path: str, index: int, issues: list[Issue] | None = None
) -> ContactRecord:
    """One contact; ValueError (:class:`BadValue`, naming the field and the value) when
    it is not an object or a value is not what the contract says. A kept vCard property
    a card cannot hold is left out alone, and reported in ``issues``."""
    if not isinstance(obj, dict):
        raise ValueError("a contact must be an object")
    check = _Checked()
    rec = ContactRecord(source=path, line=index + 1)
    for key in TEXT_FIELDS:
        setattr(rec, key, check.text(obj, key))
    birthday = check.text(obj, "birthday")
    try:
        rec.birthday_year, rec.birthday_month, rec.birthday_day = parse_birthday(birthday)
    except ValueError:
        check.problem("birthday", birthday, "is not YYYY-MM-DD or --MM-DD")
    for n, e in enumerate(check.items(obj, "emails"), 1):
        value = check.text(e, "value", f"emails[{n}].value")
        if value:
            label = check.text(e, "label", f"emails[{n}].label")
            group = check.text(e, "group", f"emails[{n}].group")
            rec.emails.append(Email(value, label, bool(e.get("preferred")), group))
    for n, p in enumerate(check.items(obj, "phones"), 1):
        value = check.text(p, "value", f"phones[{n}].value")
        if value:
            label = check.text(p, "label", f"phones[{n}].label")
            e164 = check.text(p, "e164", f"phones[{n}].e164")
            group = check.text(p, "group", f"phones[{n}].group")
            rec.phones.append(Phone(value, label, e164, bool(p.get("preferred")), group))
    for n, u in enumerate(check.items(obj, "urls"), 1):
        value = check.text(u, "value", f"urls[{n}].value")
        if value:
            label = check.text(u, "label", f"urls[{n}].label")
            group = check.text(u, "group", f"urls[{n}].group")
            rec.urls.append(Url(value, label, bool(u.get("preferred")), group))
    for n, a in enumerate(check.items(obj, "addresses"), 1):
        rec.addresses.append(
            Address(
                **{k: check.text(a, k, f"addresses[{n}].{k}") for k in _ADDRESS_KEYS},
                preferred=bool(a.get("preferred")),
                group=check.text(a, "group", f"addresses[{n}].group"),
            )
        )
    photo = obj.get("photo")
    if isinstance(photo, dict) and photo.get("data_base64"):
        data = check.text(photo, "data_base64", "photo.data_base64")
        try:
            rec.photo = base64.b64decode(data, validate=True) if data else None
        except (binascii.Error, ValueError):
            check.problem("photo.data_base64", data, "is not base64")
        if rec.photo:
            rec.photo_mime = sniff_image_mime(rec.photo) or check.text(photo, "mime")
    elif photo is not None and not isinstance(photo, dict):
        check.problem("photo", photo, "is not an object")
    groups = obj.get("groups")
    if groups is not None and not isinstance(groups, list):
        check.problem("groups", groups, "is not a list")
    for n, g in enumerate(groups or [], 1):
        name = check.text({"g": g}, "g", f"groups[{n}]")
        if name.strip():
            rec.groups.append(name)
    circle = obj.get("circle")
    if circle not in (None, ""):
        if isinstance(circle, str):
            rec.circle = check.text(obj, "circle") or None
        else:
            check.problem("circle", circle, "is not a circle's name")
    rec.cadence_days = check.cadence(obj.get("cadence_days"))
    for n, it in enumerate(check.items(obj, "interactions"), 1):
        rec.interactions.append(check.interaction(n, it))
    for n, x in enumerate(check.items(obj, "extras"), 1):
        extra = check.extra(n, x)
        if extra is not None:
            rec.extras.append(extra)
    if issues is not None:
        for message in check.left_out:
            issues.append(Issue(path, index + 1, f"contact #{index + 1}: {message}; left out"))
    return rec


def read_json(data: bytes, path: str) -> tuple[list[ContactRecord], list[Issue]]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 1)
        return [], [Issue(path, line, f"not a JSON document: {exc}", True)]
    except (RecursionError, ValueError) as exc:  # nested too deeply; a 5,000-digit number
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        return [], [Issue(path, 1, f"not a JSON document: {why}", True)]
    if isinstance(doc, list):
        contacts = doc
    elif isinstance(doc, dict) and isinstance(doc.get("contacts"), list):
        if doc.get("format", FORMAT) != FORMAT:
            return [], [
                Issue(path, 1, f"not a NetCare document (format {doc.get('format')!r})", True)
            ]
        version = doc.get("version", VERSION)
        if isinstance(version, bool) or not isinstance(version, int):
            return [], [Issue(path, 1, f"unknown document version {_show(version)}", True)]
        if version > VERSION:
            return [], [
                Issue(path, 1, f"written by a newer NetCare (version {doc['version']})", True)
            ]
        contacts = doc["contacts"]
    else:
        return [], [Issue(path, 1, 'expected {"format": "netcare", "contacts": [...]}', True)]
    records: list[ContactRecord] = []
    issues: list[Issue] = []
    for index, obj in enumerate(contacts):
        try:
            rec = record_from_json(obj, path, index, issues)
        except Exception as exc:  # noqa: BLE001 - one contact's bug must not cost the file
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
            {"value": e.value, "label": e.label, "preferred": e.preferred, "group": e.group}
            for e in rec.emails
        ],
        "phones": [
            {
                "value": p.value,
                "e164": p.e164 or None,
                "label": p.label,
                "preferred": p.preferred,
                "group": p.group,
            }
            for p in rec.phones
        ],
        "urls": [
            {"value": u.value, "label": u.label, "preferred": u.preferred, "group": u.group}
            for u in rec.urls
        ],
        "addresses": [
            {
                **{k: getattr(a, k) for k in _ADDRESS_KEYS},
                "preferred": a.preferred,
                "group": a.group,
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
