"""Importing: read files, plan what each record will do, apply in one transaction, undo.

1. ``read_file``: vCard, CSV (LinkedIn, Google, Outlook, or mapped) or NetCare JSON,
   recognised from the content; every problem is an ``Issue`` with file and line.
2. ``plan_import``: each record becomes a ``PlanItem`` — *new*, *merge* into an
   existing contact (with the fields that change), *unchanged*, or *duplicate*
   (a similar name: only proposed, never merged automatically).  Matching, in
   order: vCard UID, email (case-insensitive), phone (E.164), LinkedIn profile.
   Records of the same import match each other too, so a person twice in one
   file, or in two files, ends as one contact.
3. ``apply_plan``: one transaction, recorded as an ``ImportBatch`` with a change
   per contact (created, or updated with a snapshot of the contact before).
   A merge fills empty fields and adds new emails, phones, URLs, groups,
   addresses; it never overwrites a value: differing values are listed as
   conflicts in the plan.  Cancelling rolls everything back.
4. ``undo`` (``preview_undo`` first): takes back what the batch wrote and only that;
   touches, groups and edits made since stay, and so do contacts it created that were
   touched since, unless asked.

Re-importing the same file finds every record unchanged.
"""

from __future__ import annotations

import base64
import json
import os
import stat
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from pathlib import Path

from peewee import fn

from netcare_desktop.core.kinds import DEFAULT_DIRECTION, Direction, Kind
from netcare_desktop.core.names import display_name as build_display_name
from netcare_desktop.core.names import sort_key
from netcare_desktop.interop import normalize
from netcare_desktop.interop.gcpause import collector_paused
from netcare_desktop.interop.record import (
    TEXT_FIELDS,
    ContactRecord,
    Extra,
    InteractionRecord,
    Issue,
)
from netcare_desktop.interop.record import (
    Address as AddressRecord,
)
from netcare_desktop.store.models import (
    Address,
    Circle,
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
)
from netcare_desktop.store.models import Extra as ExtraRow
from netcare_desktop.store.schema import BULK_INSERT_TRIGGERS, kit_refresh_sql, suspended_triggers

SUFFIXES_VCARD = {".vcf", ".vcard"}
SUFFIXES = SUFFIXES_VCARD | {".csv", ".json"}
DUPLICATE_SCORE = 88  # token-sort ratio (0-100) from which a similar name is proposed


class ImportCancelled(Exception):
    pass


# -- reading -----------------------------------------------------------------------


@dataclass
class FileReport:
    path: str
    format: str = ""
    records: int = 0
    issues: list[Issue] = field(default_factory=list)
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    possible_duplicates: int = 0
    needs_mapping: bool = False
    header: list[str] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        return self.records == 0 and bool(self.issues)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders contribute their .vcf/.vcard/.csv/.json files (recursively)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(
                sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUFFIXES)
            )
        else:
            out.append(p)
    return out


def sniff_format(path: Path, head: bytes) -> str:
    """The format from the content's structure, the file's name only when the content
    says nothing: a JSON document starts with an object or an array (a NetCare backup
    whose note quotes a vCard is still JSON); a vCard file has BEGIN:VCARD near its
    start; anything else is CSV."""
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff\x00 \t\r\n")
    if b"\x00" in text[:64]:  # UTF-16/32: the structure is in the other bytes
        text = text.replace(b"\x00", b"")
    # A JSON document: an object's first key (or "}"), an array's first item (or "]").
    after = text[1:].lstrip(b" \t\r\n")[:1]
    if after and (text[:1] == b"{" and after in b'"}' or text[:1] == b"[" and after in b'[{]"'):
        return "json"
    if (
        b"BEGIN:VCARD" in head.upper().replace(b"\x00", b"")
        or path.suffix.lower() in SUFFIXES_VCARD
    ):
        return "vcard"
    if text.startswith(b"{") or path.suffix.lower() == ".json":
        return "json"
    return "csv"


def read_file(
    path: str | Path, mapping: dict[str, str] | None = None
) -> tuple[FileReport, list[ContactRecord]]:
    """Read one file whatever its format; never raises for bad content."""
    records: list[ContactRecord] = []
    for part in read_chunks(path, mapping, size=0):
        if isinstance(part, FileReport):
            return part, records
        records.extend(part)
    raise AssertionError("read_chunks ends with the file's report")  # pragma: no cover


def read_chunks(
    path: str | Path, mapping: dict[str, str] | None = None, size: int = 500, first: int = 0
) -> Iterator[list[ContactRecord] | FileReport]:
    """``read_file`` a few records at a time: lists of up to ``size`` records (0: all in
    one; ``first``: the first list's size, when it should come sooner), then the file's
    report, last.  A vCard file is parsed as it is handed out, so only one list of records
    is alive at a time; CSV and JSON are parsed whole first."""
    path = Path(path)
    report = FileReport(str(path))
    try:
        st = path.stat()
        length = st.st_size
        if not stat.S_ISREG(st.st_mode):  # /dev/zero never ends, a FIFO waits for a writer
            report.issues.append(
                Issue(str(path), 1, "not a regular file (a device, a pipe or a socket)", True)
            )
            yield report
            return
        if length > MAX_IMPORT_BYTES:
            report.issues.append(
                Issue(
                    str(path),
                    1,
                    f"the file is {length / 1e6:.0f} MB; NetCare imports up to"
                    f" {MAX_IMPORT_BYTES / 1e6:.0f} MB at a time: export or split it into"
                    " smaller files",
                    True,
                )
            )
            yield report
            return
        data = path.read_bytes()
    except OSError as exc:
        report.issues.append(Issue(str(path), 1, f"cannot read the file: {exc.strerror}", True))
        yield report
        return
    kind = sniff_format(path, data[:4096])
    with collector_paused():
        records: Iterable[ContactRecord]
        if kind == "vcard":
            from netcare_desktop.interop.vcard import iter_vcards

            report.format = "vcard"
            records = _keep_records(iter_vcards(data, str(path)), report.issues)
        elif kind == "json":
            from netcare_desktop.interop.jsonformat import read_json

            report.format = "json"
            records, report.issues = read_json(data, str(path))
        else:
            from netcare_desktop.interop.csvformats import read_csv

            result = read_csv(data, str(path), mapping)
            report.format = f"csv-{result.format}"
            report.needs_mapping = result.needs_mapping
            report.header = result.header
            records, report.issues = result.records, result.issues
        del data
        chunk: list[ContactRecord] = []
        wanted = first or size
        for rec in records:
            chunk.append(rec)
            if len(chunk) == wanted:
                _enforce_limits(chunk, report)
                report.records += len(chunk)
                yield chunk
                chunk = []
                wanted = size
        if chunk:
            _enforce_limits(chunk, report)
            report.records += len(chunk)
            yield chunk
    yield report


def _keep_records(
    items: Iterable[tuple[ContactRecord | None, list[Issue]]], issues: list[Issue]
) -> Iterator[ContactRecord]:
    """The records of a reader's stream; its issues go to ``issues`` as they come."""
    for rec, found in items:
        if found:
            issues.extend(found)
        if rec is not None:
            yield rec


# Hostile or broken input stays data, and bounded: a file is read whole (so it has a
# ceiling), and one value may not be larger than a person's notes or photo could be.
MAX_IMPORT_BYTES = 100 * 1000 * 1000
MAX_TEXT_CHARS = 1_000_000  # any single text value (a note of a million characters is enough)
MAX_PHOTO_BYTES = 10 * 1000 * 1000


_TEXTS = attrgetter(*TEXT_FIELDS)


def _too_big(rec: ContactRecord) -> bool:
    """The cheap question first (one C-level pass over the text fields): is anything big?"""
    big = MAX_TEXT_CHARS
    for values in (rec.extras, rec.emails, rec.phones, rec.urls):
        for x in values:
            if len(x.value) > big:
                return True
    if rec.photo is not None and len(rec.photo) > MAX_PHOTO_BYTES:
        return True
    return max(map(len, _TEXTS(rec))) > big


def _enforce_limits(records: list[ContactRecord], report: FileReport) -> None:
    """Leave out (and report with its line) any value over the limits; the record stays."""
    for rec in records:
        if not _too_big(rec):
            continue
        for name in TEXT_FIELDS:
            value = getattr(rec, name)
            if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
                setattr(rec, name, "")
                report.issues.append(
                    Issue(
                        report.path,
                        rec.line,
                        f"{name.replace('_', ' ')} of {len(value):,} characters left out"
                        f" (more than {MAX_TEXT_CHARS:,})",
                    )
                )
        if rec.photo is not None and len(rec.photo) > MAX_PHOTO_BYTES:
            report.issues.append(
                Issue(
                    report.path,
                    rec.line,
                    f"photo of {len(rec.photo) / 1e6:.0f} MB left out"
                    f" (more than {MAX_PHOTO_BYTES / 1e6:.0f} MB)",
                )
            )
            rec.photo, rec.photo_mime = None, ""
        kept = [x for x in rec.extras if len(x.value) <= MAX_TEXT_CHARS]
        if len(kept) != len(rec.extras):
            report.issues.append(
                Issue(report.path, rec.line, "a property over a million characters left out")
            )
            rec.extras = kept
        for items in (rec.emails, rec.phones, rec.urls):
            big = [x for x in items if len(x.value) > MAX_TEXT_CHARS]
            for x in big:
                items.remove(x)
                report.issues.append(
                    Issue(report.path, rec.line, "a value over a million characters left out")
                )


# -- matching -------------------------------------------------------------------------


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


# What a merge fills when empty: the record's text fields but its identity (UID, and the
# display name, which follows from the rest).
_SCALARS = tuple(f for f in TEXT_FIELDS if f not in ("uid", "display_name"))
_LABELS = {
    "given_name": "given name",
    "family_name": "family name",
    "middle_name": "middle name",
    "linkedin_url": "LinkedIn",
    "photo_url": "photo URL",
}


@dataclass
class PlanItem:
    record: ContactRecord
    action: str  # new | merge | unchanged | duplicate
    target_id: int | None = None  # existing contact (merge/unchanged/duplicate proposal)
    target_name: str = ""
    changes: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    candidates: list[tuple[int, str, float]] = field(default_factory=list)
    same_as: int | None = None  # index of an earlier item of this plan it merges into
    choice: str = ""  # what the user chose: "" (the planned action), "new", "merge:<id>", "skip"
    placeholder: int = 0  # a new contact's key in the matcher until it has an id (negative)
    into_new: bool = False  # merges into a contact this same import already created

    @property
    def name(self) -> str:
        return record_display_name(self.record)

    def effective(self) -> str:
        """The action that will be applied: duplicates become new contacts unless merged."""
        if self.choice == "skip":
            return "skip"
        if self.choice.startswith("merge:"):
            return "merge"
        if self.choice == "new" or self.action == "duplicate":
            return "new"
        return self.action


@dataclass
class Plan:
    items: list[PlanItem]
    files: list[FileReport]
    region: str

    def counts(self) -> dict[str, int]:
        out = {"new": 0, "merge": 0, "unchanged": 0, "duplicate": 0}
        for it in self.items:
            out[it.action] = out.get(it.action, 0) + 1
        return out


def record_display_name(rec: ContactRecord) -> str:
    return (
        rec.display_name.strip()
        or build_display_name(
            given=rec.given_name,
            family=rec.family_name,
            middle=rec.middle_name,
            prefix=rec.prefix,
            suffix=rec.suffix,
            nickname=rec.nickname,
            organization=rec.organization,
            email=rec.emails[0].value if rec.emails else "",
        )
        or (rec.phones[0].value if rec.phones else "")
    )


# What a record is matched by, in this order: UID, emails, phones (E.164, else digits),
# LinkedIn profile.
Keys = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def phone_key(raw: str, e164: str, region: str) -> str:
    return e164 or normalize.normalize_phone(raw, region) or "".join(c for c in raw if c.isdigit())


def record_keys(rec: ContactRecord, region: str) -> Keys:
    """A record's matching keys; nothing but the record and the region decide them."""
    uid = rec.uid.strip()
    emails = tuple(k for k in (normalize.normalize_email(e.value) for e in rec.emails) if k)
    phones = tuple(k for k in (phone_key(p.value, p.e164, region) for p in rec.phones) if k)
    linkedin = normalize.normalize_linkedin(rec.linkedin_url)
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

    def phone_key(self, raw: str, e164: str = "") -> str:
        return phone_key(raw, e164, self.region)

    @staticmethod
    def block_key(name: str) -> str:
        words = normalize.fold(name).split()
        return words[-1] if words else ""

    def load(self) -> None:
        """Read the store once: a few columns of every contact.  Plain SQL: peewee's row
        conversion took 0.3 of the 0.45 s this takes for 10,000 contacts."""
        cur = db.cursor()
        contacts = {}
        for (
            cid,
            name,
            uid,
            linkedin,
            org,
            given,
            family,
            middle,
            prefix,
            suffix,
            nick,
            dept,
            title,
            photo_url,
            notes,
            by,
            bm,
            bd,
            has_photo,
        ) in cur.execute(
            "SELECT id, display_name, vcard_uid, linkedin_url, organization, given_name,"
            " family_name, middle_name, prefix, suffix, nickname, department, title, photo_url,"
            " notes, birthday_year, birthday_month, birthday_day, photo IS NOT NULL FROM contact"
        ):
            fields = dict(
                given_name=given,
                family_name=family,
                middle_name=middle,
                prefix=prefix,
                suffix=suffix,
                nickname=nick,
                organization=org,
                department=dept,
                title=title,
                linkedin_url=linkedin,
                photo_url=photo_url,
                notes=notes,
                display_name=name,
            )
            contacts[cid] = Existing(
                cid,
                name,
                fields,
                set(),
                set(),
                set(),
                set(),
                set(),
                set(),
                bool(has_photo),
                (by, bm, bd) if bm else None,
            )
            if uid:
                self.by_uid.setdefault(uid, cid)
            key = normalize.normalize_linkedin(linkedin)
            if key:
                self.by_linkedin.setdefault(key, cid)
            self._add_block(cid, name, org)
        for cid, address in cur.execute("SELECT contact_id, address FROM email"):
            key = normalize.normalize_email(address)
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
                contacts[cid].groups.add(normalize.fold(name))
        for row in cur.execute(
            "SELECT contact_id, street, locality, region, postal_code, country, po_box, extended"
            " FROM address"
        ):
            if row[0] in contacts:
                contacts[row[0]].addresses.add(tuple(normalize.fold(x) for x in row[1:]))
        for cid, line in cur.execute("SELECT contact_id, line FROM extra"):
            if cid in contacts:
                contacts[cid].extras.add(line)
        for cid, at, kind, summary in cur.execute(
            "SELECT contact_id, occurred_at, kind, summary FROM interaction"
        ):
            if cid in contacts:
                contacts[cid].interactions.add((_stored_iso(at), kind, summary))
        self.existing = contacts

    def keys(self, rec: ContactRecord) -> Keys:
        return record_keys(rec, self.region)

    def find(self, keys: Keys) -> int | None:
        for index, values in zip(self.indexes, keys, strict=True):
            for key in values:
                found = index.get(key)
                if found is not None:
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
        folded = normalize.fold(name)
        words = folded.split()
        key = words[-1] if words else ""
        self.block_names.setdefault(key, []).append(folded)
        self.block_meta.setdefault(key, []).append((cid, name, normalize.fold(org)))
        if cid > 0:
            self.stored_blocks.add(key)

    def may_have_similar(self, name: str) -> bool:
        """Whether a contact of the store shares the name's block: only those are ever
        proposed as duplicates (this import's own records are matched by their keys)."""
        words = normalize.fold(name).split()
        return bool(words) and words[-1] in self.stored_blocks

    def similar(self, name: str, org: str) -> list[tuple[int, str, float]]:
        """Contacts whose name is alike (same family name, token-sort ratio >= 88), best first."""
        from netcare_desktop.interop.similarity import best_matches, token_set_ratio

        folded = normalize.fold(name)
        words = folded.split()
        if not words:
            return []
        names = self.block_names.get(words[-1], [])
        if not names:
            return []
        org_folded = normalize.fold(org)
        out = []
        meta = self.block_meta[words[-1]]
        for score, i in best_matches(folded, names, DUPLICATE_SCORE, 10):
            cid, other, other_org = meta[i]
            if org_folded and other_org:
                score = score * 0.85 + token_set_ratio(org_folded, other_org) * 0.15
            if score >= DUPLICATE_SCORE:
                out.append((cid, other, round(score, 1)))
        return sorted(out, key=lambda c: -c[2])[:3]


def url_key(url: str) -> str:
    """URLs compare as written, except LinkedIn profiles (any host, case, trailing slash)."""
    return normalize.normalize_linkedin(url) or url.strip()


# When two of a person's facts are the same one: the same keys everywhere an import compares
# (the plan, a merge into a contact, and the same person twice in one import).
def email_key(value: str) -> str:
    return normalize.normalize_email(value) or value.strip().lower()


def address_key(a: AddressRecord) -> tuple[str, ...]:
    return tuple(
        normalize.fold(x)
        for x in (a.street, a.locality, a.region, a.postal_code, a.country, a.po_box, a.extended)
    )


def interaction_key(it: InteractionRecord) -> tuple[str, str, str]:
    return _iso(_parse_dt(it.at)), it.kind, it.summary


def _stored_iso(text: str) -> str:
    """``_iso`` of a date and time as peewee stores it (``2026-11-25 12:00:00[.ffffff]``)."""
    if len(text) >= 19 and text[10] == " ":
        return f"{text[:10]}T{text[11:19]}"
    return _iso(text)


def _iso(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return str(value)[:19]


def diff(existing: Existing, rec: ContactRecord, matcher: Matcher) -> tuple[list[str], list[str]]:
    """(changes a merge would make, values that differ and would be left alone)."""
    changes, conflicts = [], []
    for name in _SCALARS:
        new = (getattr(rec, name) or "").strip()
        old = (existing.fields.get(name) or "").strip()
        label = _LABELS.get(name, name)
        if not new:
            continue
        if not old:
            changes.append(f"{label}: {_short(new)}")
        elif normalize.fold(old) != normalize.fold(new) and not (name == "notes" and new in old):
            conflicts.append(f"{label}: keeps {_short(old)!r}, file has {_short(new)!r}")
    if rec.birthday_month and existing.birthday is None:
        changes.append("birthday")
    elif (
        rec.birthday_month
        and existing.birthday
        and existing.birthday[1:] != (rec.birthday_month, rec.birthday_day)
    ):
        conflicts.append("birthday differs")
    for e in rec.emails:
        key = normalize.normalize_email(e.value)
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
        if g.strip() and normalize.fold(g) not in existing.groups:
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
        if (_iso(_parse_dt(it.at)), it.kind, it.summary) not in existing.interactions:
            changes.append(f"+ interaction {it.kind}")
    return changes, conflicts


def _fold_into(existing: Existing, rec: ContactRecord, matcher: Matcher) -> None:
    """What the contact will look like once ``rec`` is merged (fills empty fields, adds facts)."""
    for name in _SCALARS:
        if not (existing.fields.get(name) or "").strip() and (getattr(rec, name) or "").strip():
            existing.fields[name] = getattr(rec, name).strip()
    if existing.birthday is None and rec.birthday_month:
        existing.birthday = (rec.birthday_year, rec.birthday_month, rec.birthday_day)
    existing.has_photo = existing.has_photo or bool(rec.photo)
    existing.emails |= {k for k in (normalize.normalize_email(e.value) for e in rec.emails) if k}
    existing.phones |= {matcher.phone_key(p.value, p.e164) for p in rec.phones if p.value.strip()}
    existing.urls |= {url_key(u.value) for u in rec.urls if u.value.strip()}
    existing.groups |= {normalize.fold(g) for g in rec.groups if g.strip()}
    existing.addresses |= {address_key(a) for a in rec.addresses}
    existing.extras |= {extra_line(x) for x in rec.extras}


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def plan_import(
    sources: Iterable[tuple[FileReport, list[ContactRecord]]],
    region: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Plan:
    """Decide what every record will do, against the store as it is now."""
    with collector_paused():
        return _plan_import(sources, region, progress, cancelled)


def _plan_import(
    sources: Iterable[tuple[FileReport, list[ContactRecord]]],
    region: str | None,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> Plan:
    region = region or normalize.region_from_locale()
    matcher = Matcher(region)
    matcher.load()
    sources = list(sources)
    files = [report for report, _ in sources]
    total = sum(len(records) for _, records in sources)
    items: list[PlanItem] = []
    earlier: dict[int, tuple[int, PlanItem]] = {}  # placeholder -> (index, item)
    done = 0
    for _report, records in sources:
        for rec in records:
            if cancelled is not None and cancelled():
                raise ImportCancelled
            items.append(_plan_one(rec, matcher, len(items), earlier, {}))
            done += 1
            if progress is not None and done % 200 == 0:
                progress(done, total)
    if progress is not None:
        progress(total, total)
    return Plan(items, files, region)


def _plan_one(
    rec: ContactRecord,
    matcher: Matcher,
    index: int,
    earlier: dict[int, tuple[int, PlanItem]],
    created: dict[int, int],
) -> PlanItem:
    """What the record at ``index`` of this import will do.  ``earlier``: this import's new
    records not written yet, by placeholder; ``created``: those already written (streaming),
    placeholder -> contact id."""
    keys = matcher.keys(rec)
    name = record_display_name(rec)
    target = matcher.find(keys)
    if target is not None and target < 0:  # an earlier record of this same import
        matcher.register(target, keys, name, rec.organization)
        if target in created:  # already written: merge into that contact
            item = PlanItem(rec, "merge", created[target], into_new=True)
        else:
            at, first = earlier[target]
            _absorb(first.record, rec, matcher.region)
            item = PlanItem(rec, "merge", same_as=at, target_name=first.name)
        item.changes = ["merged into the same person earlier in this import"]
        return item
    if target is not None:
        existing = matcher.existing[target]
        matcher.register_keys(target, keys)  # later records may know this person by these
        changes, conflicts = diff(existing, rec, matcher)
        action = "merge" if changes else "unchanged"
        if changes:
            _fold_into(existing, rec, matcher)  # later records see the contact as merged
        return PlanItem(rec, action, target, existing.name, changes, conflicts)
    # Without a stored contact in the block, every candidate would be one of this import's
    # records, which are dropped below: skip the scoring.
    candidates = matcher.similar(name, rec.organization) if matcher.may_have_similar(name) else []
    for cid, other, _score in candidates:
        existing = matcher.existing.get(cid)
        if existing is not None and normalize.fold(other) == normalize.fold(name):
            changes, conflicts = diff(existing, rec, matcher)
            if not changes:  # the very same facts again: nothing to do, nothing to ask
                return PlanItem(rec, "unchanged", cid, other)
    placeholder = matcher._next_placeholder
    matcher._next_placeholder -= 1
    matcher.register(placeholder, keys, name, rec.organization)
    candidates = [c for c in candidates if c[0] > 0]
    if candidates:
        item = PlanItem(rec, "duplicate", candidates[0][0], candidates[0][1], candidates=candidates)
    else:
        item = PlanItem(rec, "new")
    item.placeholder = placeholder
    earlier[placeholder] = (index, item)
    return item


def _absorb(first: ContactRecord, later: ContactRecord, region: str) -> None:
    """The same person twice in one import: the later record's new facts join the first,
    compared as a merge into a stored contact compares them (``merge_into``)."""
    for name in _SCALARS + ("display_name", "uid", "photo_mime"):
        if not getattr(first, name).strip() and getattr(later, name).strip():
            setattr(first, name, getattr(later, name))
    if first.birthday_month is None and later.birthday_month:
        first.birthday_year, first.birthday_month, first.birthday_day = (
            later.birthday_year,
            later.birthday_month,
            later.birthday_day,
        )
    if first.photo is None and later.photo:
        first.photo, first.photo_mime = later.photo, later.photo_mime

    def join(mine: list, theirs: list, key) -> None:
        seen = {key(x) for x in mine}
        for x in theirs:
            k = key(x)
            if k not in seen:
                seen.add(k)
                mine.append(x)

    join(first.emails, later.emails, lambda e: email_key(e.value))
    join(first.phones, later.phones, lambda p: phone_key(p.value, p.e164, region))
    join(first.urls, later.urls, lambda u: url_key(u.value))
    join(first.groups, later.groups, normalize.fold)
    join(first.addresses, later.addresses, address_key)
    join(first.extras, later.extras, extra_line)
    join(first.interactions, later.interactions, interaction_key)


# -- applying -------------------------------------------------------------------------


def extra_line(x: Extra) -> str:
    from netcare_desktop.interop.vcard import format_params

    return f"{x.name}{format_params(x.params)}:{x.value}"


@dataclass
class ImportResult:
    batch_id: int | None
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    possible_duplicates: int = 0
    skipped: int = 0


def apply_plan(
    plan: Plan,
    now: datetime,
    source: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Apply every item in ONE transaction; raises ImportCancelled (and rolls back) if asked."""
    with collector_paused():
        return _apply_plan(plan, now, source, progress, cancelled)


def _apply_plan(
    plan: Plan,
    now: datetime,
    source: str,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> ImportResult:
    total = len(plan.items)
    with db.atomic():
        writer = _Writer.begin(now, source or ", ".join(Path(f.path).name for f in plan.files))
        writer.region = plan.region
        writer.files = {f.path: f for f in plan.files}
        for index, item in enumerate(plan.items):
            if cancelled is not None and index % 50 == 0 and cancelled():
                raise ImportCancelled
            writer.add(item)
            if progress is not None and index % 100 == 0:
                progress(index, total)
        writer.finish([f.path for f in plan.files])
    if progress is not None:
        progress(total, total)
    return writer.result


class _Writer:
    """Applies planned items inside the caller's transaction (new contacts in batches) and
    counts what each file's records did.  ``write=False`` only counts (a dry run)."""

    def __init__(self, batch: ImportBatch | None, now: datetime, write: bool = True):
        self.batch = batch
        self.now = now
        self.write = write
        self.region = normalize.DEFAULT_REGION
        self.files: dict[str, FileReport] = {}
        self.result = ImportResult(None)
        self.group_cache: dict[str, int] = {}
        self.pending: list[PlanItem] = []
        self.created: dict[int, int] = {}  # placeholder -> id of the contact written for it
        # What was made up for a contact created here (a UID, a name from its email):
        # a later record of the same person replaces it (merge_into).
        self.made_up: dict[int, frozenset[str]] = {}
        self.marks: dict[str, int] = {}
        self.rows_change: ImportChange | None = None
        self.ranges: dict[str, list[list[int]]] = {}  # each child table's [lo, hi) spans

    @classmethod
    def begin(cls, now: datetime, source: str) -> _Writer:
        writer = cls(ImportBatch.create(created_at=now, source=source), now)
        writer.marks = _row_marks()  # where this import's child rows begin
        return writer

    def add(self, item: PlanItem) -> None:
        result = self.result
        report = self.files.get(item.record.source) or FileReport("")
        action = item.effective()
        if item.action == "duplicate":
            result.possible_duplicates += 1
            report.possible_duplicates += 1
        if action == "skip":
            result.skipped += 1
        elif item.same_as is not None:  # its facts went into an earlier record of this import
            result.merged += 1
            report.merged += 1
        elif action == "unchanged":
            result.unchanged += 1
            report.unchanged += 1
        elif action == "new":
            self.pending.append(item)
            if len(self.pending) >= CHUNK:
                self.flush()
            report.created += 1
        elif action == "merge":
            target = (
                int(item.choice.split(":", 1)[1])
                if item.choice.startswith("merge:")
                else item.target_id
            )
            if self.write and item.into_new:  # created by this batch: undo deletes it whole
                made_up = self.made_up.pop(target, frozenset())
                merge_into(target, item.record, self.now, self.region, self.group_cache, made_up)
                rec = item.record
                still = made_up - {
                    "uid" if rec.uid.strip() else "",
                    "name" if rec.display_name.strip() else "",
                }
                if still:
                    self.made_up[target] = still
            elif self.write:
                before = snapshot(target)
                fields_before, rows_before = _state(target)
                merge_into(target, item.record, self.now, self.region, self.group_cache)
                # What this merge set and added: undo takes back only that (see _wrote).
                before["wrote"] = _wrote(target, fields_before, rows_before)
                ImportChange.create(
                    batch=self.batch, contact_id=target, action="updated", before=before
                )
            result.merged += 1
            report.merged += 1

    def flush(self) -> None:
        """Write the new contacts waiting in ``pending``."""
        if not self.pending:
            return
        if self.write:
            ids = insert_new(
                [it.record for it in self.pending], self.now, self.group_cache, self.region
            )
            db.cursor().executemany(
                "INSERT INTO import_change (batch_id, contact_id, action, before)"
                " VALUES (?, ?, 'created', NULL)",
                [(self.batch.id, cid) for cid in ids],
            )
        else:
            ids = [0] * len(self.pending)
        for item, cid in zip(self.pending, ids, strict=True):
            self.created[item.placeholder] = cid
            made_up = {"uid"} if not item.record.uid.strip() else set()
            if not item.record.display_name.strip():
                made_up.add("name")
            if made_up:
                self.made_up[cid] = frozenset(made_up)
        self.result.created += len(ids)
        self.pending.clear()

    def finish(self, paths: list[str]) -> None:
        self.flush()
        if not self.write:
            return
        result = self.result
        self.batch.summary = {
            "created": result.created,
            "merged": result.merged,
            "unchanged": result.unchanged,
            "possible_duplicates": result.possible_duplicates,
            "skipped": result.skipped,
            "files": paths,
        }
        self.batch.save()
        self.mark_rows()
        result.batch_id = self.batch.id

    def chunk_begin(self) -> None:
        """Where this transaction's rows begin (the lock is ours from here to its commit)."""
        self.marks = _row_marks()

    def mark_rows(self) -> None:
        """Record each child table's id range [lo, hi) of this import so far: undo tells a
        created contact's own rows from those added since (touches, groups, edits). An
        import committed chunk by chunk marks it at every commit, each chunk's range taken
        inside its transaction (``chunk_begin``), so rows other writers add between two
        chunks fall in no range."""
        ends = _row_marks()
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


CHUNK = 500

_CONTACT_COLUMNS = (
    "display_name",
    "sort_name",
    "given_name",
    "family_name",
    "middle_name",
    "prefix",
    "suffix",
    "nickname",
    "organization",
    "department",
    "title",
    "birthday_year",
    "birthday_month",
    "birthday_day",
    "notes",
    "photo",
    "photo_mime",
    "photo_url",
    "circle_id",
    "circle_since",
    "cadence_days",
    "vcard_uid",
    "linkedin_url",
    "archived",
    "last_touch_at",
    "created_at",
    "updated_at",
)
_INSERT_CONTACT = (
    f"INSERT INTO contact (id, {', '.join(_CONTACT_COLUMNS)}) "
    f"VALUES (?, {', '.join('?' for _ in _CONTACT_COLUMNS)})"
)


def insert_new(
    records: list[ContactRecord],
    now: datetime,
    group_cache: dict[str, int],
    region: str = normalize.DEFAULT_REGION,
) -> list[int]:
    """Create contacts with plain SQL, children in batches: ~20x faster than one model at a
    time.  The insert triggers are suspended (inside the import's transaction): this writes
    the search index rows itself and refreshes the keep-in-touch columns in one statement."""
    cur = db.cursor()
    ids: list[int] = []
    emails, phones, urls, addresses, extras, members = [], [], [], [], [], []
    with_interactions = []
    # Ids are handed out here (one writer, inside the transaction): every contact row goes
    # in with one executemany, and the children can point at them.
    next_id = cur.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0] + 1
    contact_rows = []
    fts_rows = []  # the search index rows, built here from what is inserted (schema._INDEX_ROW)
    stamp = now.isoformat(" ")  # what sqlite3's datetime adapter writes, once not per row
    for rec in records:
        name = record_display_name(rec)
        circle_id = _circle_id(rec.circle)
        cid = next_id
        next_id += 1
        contact_rows.append(
            (
                cid,
                name,
                _sort_key(name, rec.family_name, rec.given_name),
                rec.given_name.strip(),
                rec.family_name.strip(),
                rec.middle_name.strip(),
                rec.prefix.strip(),
                rec.suffix.strip(),
                rec.nickname.strip(),
                rec.organization.strip(),
                rec.department.strip(),
                rec.title.strip(),
                rec.birthday_year,
                rec.birthday_month,
                rec.birthday_day,
                rec.notes.strip(),
                rec.photo,
                rec.photo_mime,
                rec.photo_url,
                circle_id,
                stamp if circle_id else None,
                rec.cadence_days,
                rec.uid.strip() or f"urn:uuid:{uuid.uuid4()}",
                rec.linkedin_url.strip(),
                0,
                None,
                stamp,
                stamp,
            ),
        )
        ids.append(cid)
        seen: set = set()
        kept_emails = []
        for e in rec.emails:
            key = email_key(e.value)
            if e.value.strip() and key not in seen:
                seen.add(key)
                kept_emails.append(e.value.strip())
                emails.append((cid, e.value.strip(), e.label, int(e.preferred), len(seen) - 1))
        row = contact_rows[-1]
        fts_rows.append(
            (
                cid,
                f"{row[1]} {row[8]}".strip(" "),
                f"{row[9]} {row[10]}".strip(" "),
                row[11],
                " ".join(kept_emails),
                row[15],
            )
        )
        seen = set()
        for p in rec.phones:
            e164 = p.e164 or normalize.normalize_phone(p.value, region)
            key = e164 or "".join(ch for ch in p.value if ch.isdigit())
            if p.value.strip() and key not in seen:
                seen.add(key)
                phones.append((cid, p.value.strip(), e164, p.label, len(seen) - 1))
        seen = set()
        for u in rec.urls:
            key = url_key(u.value)
            if u.value.strip() and key not in seen:
                seen.add(key)
                urls.append((cid, u.value.strip(), u.label, len(seen) - 1))
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
            members.append((cid, _group_id(g, group_cache)))
        if rec.interactions:
            with_interactions.append((cid, rec))
    with suspended_triggers(cur, BULK_INSERT_TRIGGERS):
        _insert_rows(cur, contact_rows, emails, phones, urls, addresses, extras, members)
        # The same rows the triggers would write (schema._INDEX_ROW), from the values in
        # hand instead of a join back through contact and email.
        cur.executemany(
            "INSERT INTO contact_index(rowid, name, organization, title, emails, notes)"
            " VALUES (?,?,?,?,?,?)",
            fts_rows,
        )
        if ids:  # what contact_kit_ai does, for the few that have a circle or a cadence
            for sql in kit_refresh_sql(
                f"contact.id BETWEEN {ids[0]:d} AND {ids[-1]:d}"
                " AND (contact.cadence_days > 0 OR contact.circle_id IS NOT NULL)"
            ):
                cur.execute(sql)
    for cid, rec in with_interactions:
        _add_interactions(cid, rec, now)
    return ids


def _insert_rows(cur, contact_rows, emails, phones, urls, addresses, extras, members) -> None:
    cur.executemany(_INSERT_CONTACT, contact_rows)
    cur.executemany(
        "INSERT INTO email (contact_id, address, label, preferred, position) VALUES (?,?,?,?,?)",
        emails,
    )
    cur.executemany(
        "INSERT INTO phone (contact_id, raw, e164, label, position) VALUES (?,?,?,?,?)", phones
    )
    cur.executemany("INSERT INTO url (contact_id, url, label, position) VALUES (?,?,?,?)", urls)
    cur.executemany(
        "INSERT INTO address (contact_id, label, po_box, extended, street, locality, region,"
        " postal_code, country, position) VALUES (?,?,?,?,?,?,?,?,?,?)",
        addresses,
    )
    cur.executemany("INSERT INTO extra (contact_id, line, position) VALUES (?,?,?)", extras)
    cur.executemany(
        "INSERT OR IGNORE INTO membership (contact_id, group_id, role) VALUES (?,?,'')", members
    )


def _sort_key(display: str, family: str, given: str) -> str:
    """``core.names.sort_key``; plain ASCII needs neither NFKD nor the accent pass."""
    base = f"{family} {given}".strip() if family.strip() else display
    if base.isascii():
        return base.lower().strip()
    return sort_key(display, family, given)


def _group_id(name: str, cache: dict[str, int]) -> int:
    key = name.casefold()
    if key not in cache:
        group = Group.get_or_none(fn.lower(Group.name) == name.lower()) or Group.create(name=name)
        cache[key] = group.id
    return cache[key]


def _circle_id(name: str | None) -> int | None:
    if not name:
        return None
    circle = Circle.get_or_none(fn.lower(Circle.name) == name.lower())
    return circle.id if circle else None


def _add_children(
    cid: int,
    rec: ContactRecord,
    emails: set,
    phones: set,
    urls: set,
    groups: set,
    addresses: set,
    extras: set,
    group_cache: dict[str, int],
    now: datetime,
    region: str = normalize.DEFAULT_REGION,
) -> None:
    pos = len(emails)
    for e in rec.emails:
        key = email_key(e.value)
        if e.value.strip() and key not in emails:
            Email.create(
                contact=cid,
                address=e.value.strip(),
                label=e.label,
                preferred=e.preferred,
                position=pos,
            )
            emails.add(key)
            pos += 1
    pos = len(phones)
    for p in rec.phones:
        e164 = p.e164 or normalize.normalize_phone(p.value, region)
        key = e164 or "".join(ch for ch in p.value if ch.isdigit())
        if p.value.strip() and key not in phones:
            Phone.create(contact=cid, raw=p.value.strip(), e164=e164, label=p.label, position=pos)
            phones.add(key)
            pos += 1
    pos = len(urls)
    for u in rec.urls:
        if u.value.strip() and url_key(u.value) not in urls:
            Url.create(contact=cid, url=u.value.strip(), label=u.label, position=pos)
            urls.add(url_key(u.value))
            pos += 1
    for g in rec.groups:
        if g.strip() and normalize.fold(g) not in groups:
            Membership.insert(
                contact=cid, group=_group_id(g.strip(), group_cache)
            ).on_conflict_ignore().execute()
            groups.add(normalize.fold(g))
    pos = len(addresses)
    for a in rec.addresses:
        key = address_key(a)
        if not a.is_empty() and key not in addresses:
            Address.create(
                contact=cid,
                label=a.label,
                po_box=a.po_box,
                extended=a.extended,
                street=a.street,
                locality=a.locality,
                region=a.region,
                postal_code=a.postal_code,
                country=a.country,
                position=pos,
            )
            addresses.add(key)
            pos += 1
    pos = len(extras)
    for x in rec.extras:
        line = extra_line(x)
        if line not in extras:
            ExtraRow.create(contact=cid, line=line, position=pos)
            extras.add(line)
            pos += 1
    if rec.interactions:
        _add_interactions(cid, rec, now)


def _parse_dt(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    if value.tzinfo is not None:
        from datetime import UTC

        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _add_interactions(cid: int, rec: ContactRecord, now: datetime) -> None:
    existing = {
        (_iso(at), kind, summary)
        for at, kind, summary in Interaction.select(
            Interaction.occurred_at, Interaction.kind, Interaction.summary
        )
        .where(Interaction.contact == cid)
        .tuples()
    }
    latest = None
    for it in rec.interactions:
        at = _parse_dt(it.at)
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
        if (_iso(at), kind.value, it.summary) in existing:
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


def merge_into(
    cid: int,
    rec: ContactRecord,
    now: datetime,
    region: str,
    group_cache: dict[str, int],
    made_up: frozenset[str] = frozenset(),
) -> None:
    """Fill empty fields, add what is new; never overwrite a value.  ``made_up``: what this
    same import made up for a contact it created ("uid", "name"), which the record's own
    facts replace, as they would have if both records had been read before writing."""
    contact = Contact.get_by_id(cid)
    for name in _SCALARS:
        new = (getattr(rec, name) or "").strip()
        if new and not (getattr(contact, name) or "").strip():
            setattr(contact, name, new)
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
    emails = {
        email_key(a) for (a,) in Email.select(Email.address).where(Email.contact == cid).tuples()
    }
    phones = {
        phone_key(r, e or "", region)
        for r, e in Phone.select(Phone.raw, Phone.e164).where(Phone.contact == cid).tuples()
    }
    urls = {url_key(u) for (u,) in Url.select(Url.url).where(Url.contact == cid).tuples()}
    groups = {
        normalize.fold(n)
        for (n,) in Membership.select(Group.name)
        .join(Group)
        .where(Membership.contact == cid)
        .tuples()
    }
    addresses = {
        tuple(normalize.fold(x) for x in row)
        for row in Address.select(
            Address.street,
            Address.locality,
            Address.region,
            Address.postal_code,
            Address.country,
            Address.po_box,
            Address.extended,
        )
        .where(Address.contact == cid)
        .tuples()
    }
    extras = {
        line for (line,) in ExtraRow.select(ExtraRow.line).where(ExtraRow.contact == cid).tuples()
    }
    _add_children(
        cid, rec, emails, phones, urls, groups, addresses, extras, group_cache, now, region
    )
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


# -- undo -------------------------------------------------------------------------------

_SNAPSHOT_FIELDS = (
    "display_name",
    "sort_name",
    "given_name",
    "family_name",
    "middle_name",
    "prefix",
    "suffix",
    "nickname",
    "organization",
    "department",
    "title",
    "birthday_year",
    "birthday_month",
    "birthday_day",
    "notes",
    "photo_mime",
    "photo_url",
    "cadence_days",
    "vcard_uid",
    "linkedin_url",
    "archived",
)


# What an import wrote, beside the snapshot: ``before["wrote"]`` holds the fields it set
# (with the values it set) and the rows it added (id and values), so that undo takes back
# only those, and only while they are still as the import left them.  A batch's "rows"
# change (contact_id 0) holds each child table's id range [lo, hi) of the import, which
# tells the rows of a contact it created from those added to it since.  Batches recorded
# by earlier versions have neither: undo falls back on what their snapshot allows.

_ROW_KINDS = {
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
# Fields that go back together or not at all.
_FIELD_GROUPS = (
    ("display_name", "sort_name"),
    ("birthday_year", "birthday_month", "birthday_day"),
    ("photo", "photo_mime"),
    *(
        (n,)
        for n in (*_SNAPSHOT_FIELDS, "circle_id")
        if n not in ("display_name", "sort_name", "photo_mime") and not n.startswith("birthday_")
    ),
)
_FIELD_LABELS = {
    "display_name": "name",
    "birthday_year": "birthday",
    "photo": "photo",
    "circle_id": "circle",
    "cadence_days": "cadence",
    "vcard_uid": "vCard UID",
    **_LABELS,
}


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        import hashlib

        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    return value


def _field_values(c: Contact) -> dict:
    """The fields an import can set, comparable with what ``_wrote`` recorded."""
    values = {name: getattr(c, name) for name in _SNAPSHOT_FIELDS}
    values["photo"] = _jsonable(c.photo) if c.photo else None
    values["circle_id"] = c.circle_id
    values["updated_at"] = _jsonable(c.updated_at)
    return values


def _child_rows(cid: int) -> dict[str, dict[int, list]]:
    rows = {}
    for kind, (model, columns) in _ROW_KINDS.items():
        select = model.select(model.id, *(getattr(model, c) for c in columns))
        rows[kind] = {
            r[0]: [_jsonable(v) for v in r[1:]] for r in select.where(model.contact == cid).tuples()
        }
    return rows


def _state(cid: int) -> tuple[dict, dict]:
    return _field_values(Contact.get_by_id(cid)), _child_rows(cid)


def _wrote(cid: int, fields_before: dict, rows_before: dict) -> dict:
    """What a merge into ``cid`` set and added, from the state before it."""
    fields_after, rows_after = _state(cid)
    return {
        "fields": {n: v for n, v in fields_after.items() if fields_before.get(n) != v},
        "rows": {
            kind: [[rid, *vals] for rid, vals in rows.items() if rid not in rows_before[kind]]
            for kind, rows in rows_after.items()
            if rows.keys() - rows_before[kind].keys()
        },
    }


def _row_marks() -> dict[str, int]:
    """The next id of each child table (max + 1): where an import's rows begin or end."""
    cur = db.cursor()
    return {
        kind: cur.execute(
            f"SELECT coalesce(max(id), 0) + 1 FROM {model._meta.table_name}"
        ).fetchone()[0]
        for kind, (model, _columns) in _ROW_KINDS.items()
    }


def snapshot(cid: int) -> dict:
    """A JSON-able copy of everything an import can change on a contact."""
    c = Contact.get_by_id(cid)
    snap = {name: getattr(c, name) for name in _SNAPSHOT_FIELDS}
    snap["photo"] = base64.b64encode(c.photo).decode() if c.photo else None
    snap["circle_id"] = c.circle_id
    snap["last_touch_at"] = _iso(c.last_touch_at) or None
    snap["updated_at"] = _iso(c.updated_at)
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


@dataclass
class ContactUndo:
    """What undo does to one contact the import changed (merged into)."""

    contact_id: int
    name: str
    removed: list[str] = field(default_factory=list)  # what goes, for a person to read
    kept: list[str] = field(default_factory=list)  # what stays, and why
    fields: dict = field(default_factory=dict)  # snapshot values to put back
    rows: list[tuple[str, int]] = field(default_factory=list)  # (kind, id) to delete


@dataclass
class UndoPlan:
    """What undoing an import removes and what it keeps (the preview, and the outcome)."""

    batch_id: int
    source: str
    created_at: datetime
    delete_touched: bool = False
    remove: list[tuple[int, str]] = field(default_factory=list)  # created, untouched since
    touched: list[tuple[int, str, list[str]]] = field(default_factory=list)  # created, touched
    changed: list[ContactUndo] = field(default_factory=list)

    @property
    def deleted(self) -> int:
        return len(self.remove) + (len(self.touched) if self.delete_touched else 0)

    @property
    def kept_contacts(self) -> list[tuple[int, str, list[str]]]:
        return [] if self.delete_touched else self.touched

    def lines(self, names: int = 10, done: bool = False) -> list[str]:
        """The preview (or, ``done``, the report) in plain sentences."""
        will = "" if done else "Will "

        def some(items: list[str]) -> str:
            shown = ", ".join(items[:names])
            return shown + (f" and {len(items) - names} more" if len(items) > names else "")

        out = []
        removed = [n for _i, n in self.remove]
        if self.delete_touched:
            removed += [n for _i, n, _why in self.touched]
        if removed:
            verb = "Removed" if done else "remove"
            out.append(
                f"{will}{verb} {len(removed)} contact(s) the import created: {some(removed)}."
            )
        if self.touched and not self.delete_touched:
            verb = "Kept" if done else "keep"
            out.append(
                f"{will}{verb} {len(self.touched)} contact(s) the import created that were "
                "touched since:"
            )
            for _i, name, why in self.touched[:names]:
                out.append(f"  {name} ({'; '.join(why)})")
            if len(self.touched) > names:
                out.append(f"  and {len(self.touched) - names} more")
        if self.changed:
            verb = "Put back" if done else "put back"
            out.append(f"{will}{verb} {len(self.changed)} contact(s) the import changed:")
            for cu in self.changed[:names]:
                parts = []
                if cu.removed:
                    parts.append(("removed " if done else "remove ") + "; ".join(cu.removed))
                if cu.kept:
                    parts.append(("kept " if done else "keep ") + "; ".join(cu.kept))
                out.append(f"  {cu.name}: {', '.join(parts) or 'nothing left to take back'}")
            if len(self.changed) > names:
                out.append(f"  and {len(self.changed) - names} more")
        if not out:
            out.append("Nothing of this import is left to take back.")
        return out


def _dt(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _describe(kind: str, vals: list, groups: dict[int, str]) -> str:
    if kind == "emails":
        return f"email {vals[0]}"
    if kind == "phones":
        return f"phone {vals[0]}"
    if kind == "urls":
        return f"web address {vals[0]}"
    if kind == "addresses":
        return "address " + ", ".join(v for v in vals[1:] if v)
    if kind == "extras":
        return f"vCard property {_short(vals[0])}"
    if kind == "memberships":
        return f"group {groups.get(vals[0], vals[0])}"
    return f"touch {vals[1]} on {str(vals[0])[:10]}" + (f" ({_short(vals[2])})" if vals[2] else "")


def _from_import(kind: str, rid: int, vals: list, at: datetime, marks: dict | None) -> bool:
    """Whether a row of a contact the import created is the import's own (not added since)."""
    if marks is not None:
        spans = marks.get(kind) or []
        if spans and isinstance(spans[0], int):  # one [lo, hi) range (the first version)
            spans = [spans]
        if not any(lo <= rid < hi for lo, hi in spans):
            return False
    if kind == "interactions":
        return _dt(vals[3]) == at
    if kind == "memberships":
        return not vals[1] and vals[2] is None and vals[3] is None
    return True


def _created_plan(plan: UndoPlan, ids: list[int], at: datetime, marks: dict | None) -> None:
    """Sort the contacts the import created: untouched since (removed), touched (kept)."""
    cur = db.cursor()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        holes = ",".join("?" for _ in chunk)
        why: dict[int, list[str]] = {}
        names = {}
        for cid, name, updated in cur.execute(
            f"SELECT id, display_name, updated_at FROM contact WHERE id IN ({holes})", chunk
        ):
            names[cid] = name
            why[cid] = [] if _dt(updated) == at else ["edited since the import"]
        later: dict[int, dict[str, int]] = {}
        for kind, (model, columns) in _ROW_KINDS.items():
            table = model._meta.table_name
            cols = ", ".join(f"{model._meta.fields[c].column_name}" for c in columns)
            for row in cur.execute(
                f"SELECT contact_id, id, {cols} FROM {table} WHERE contact_id IN ({holes})",
                chunk,
            ):
                if not _from_import(kind, row[1], list(row[2:]), at, marks):
                    counts = later.setdefault(row[0], {})
                    counts[kind] = counts.get(kind, 0) + 1
        for cid, counts in later.items():
            n = counts.pop("interactions", 0)
            if n:
                why[cid].append(f"{n} touch(es) logged since")
            n = counts.pop("memberships", 0)
            if n:
                why[cid].append(f"in {n} group(s) since")
            if counts and "edited since the import" not in why[cid]:
                why[cid].append("edited since the import")
        for cid in chunk:
            if cid not in names:
                continue  # deleted since
            if why[cid]:
                plan.touched.append((cid, names[cid], why[cid]))
            else:
                plan.remove.append((cid, names[cid]))


def _changed_plan(ch: ImportChange, at: datetime, groups: dict[int, str]) -> ContactUndo | None:
    from collections import Counter

    c = Contact.get_or_none(Contact.id == ch.contact_id)
    if c is None:
        return None  # deleted since: nothing to put back
    before = ch.before or {}
    cu = ContactUndo(c.id, c.display_name)
    current = _field_values(c)
    rows_now = _child_rows(c.id)
    wrote = before.get("wrote")
    taken: set[tuple[str, int]] = set()
    if wrote is not None:
        fields = wrote.get("fields", {})
        for group in _FIELD_GROUPS:
            names = [n for n in group if n in fields]
            if not names:
                continue
            label = _FIELD_LABELS.get(group[0], group[0].replace("_", " "))
            if all(current.get(n) == fields[n] for n in names):
                cu.fields.update({n: before.get(n) for n in names})
                cu.removed.append(label)
            else:
                cu.kept.append(f"{label} (edited since the import)")
        if "updated_at" in fields and current["updated_at"] == fields["updated_at"]:
            cu.fields["updated_at"] = before.get("updated_at")
        for kind, added in wrote.get("rows", {}).items():
            now_rows = rows_now.get(kind, {})
            for rid, *vals in added:
                hit = rid if now_rows.get(rid) == vals else None
                if hit is None and kind != "interactions":  # rewritten by the editor since
                    hit = next(
                        (i for i, v in now_rows.items() if v == vals and (kind, i) not in taken),
                        None,
                    )
                if hit is not None and (kind, hit) not in taken:
                    taken.add((kind, hit))
                    cu.rows.append((kind, hit))
                    cu.removed.append(_describe(kind, vals, groups))
                elif rid in now_rows:
                    cu.kept.append(
                        f"{_describe(kind, now_rows[rid], groups)} (changed since the import)"
                    )
    else:
        # Recorded by an earlier version: only the snapshot before.  What differs from it
        # is the import's only while nobody edited the contact since (the import stamped
        # updated_at); touches are told by their own stamp.  Anything unsure stays.
        untouched = _dt(current["updated_at"]) == at
        then = {n: before.get(n) for n in (*_SNAPSHOT_FIELDS, "circle_id")}
        photo = before.get("photo")
        then["photo"] = _jsonable(base64.b64decode(photo)) if photo else None
        for group in _FIELD_GROUPS:
            names = [n for n in group if n in then and then[n] != current.get(n)]
            if not names:
                continue
            label = _FIELD_LABELS.get(group[0], group[0].replace("_", " "))
            if untouched:
                cu.fields.update({n: before.get(n) for n in names})
                cu.removed.append(label)
            else:
                cu.kept.append(f"{label} (the contact was edited since the import)")
        if untouched and before.get("updated_at"):
            cu.fields["updated_at"] = before["updated_at"]
        had = {
            "emails": Counter((a, lab) for a, lab, *_ in before.get("emails", [])),
            "phones": Counter((r, lab) for r, _e, lab in before.get("phones", [])),
            "urls": Counter(tuple(u) for u in before.get("urls", [])),
            "addresses": Counter(tuple(a) for a in before.get("addresses", [])),
            "extras": Counter((x,) for x in before.get("extras", [])),
        }
        for kind, counter in had.items():
            for rid, vals in rows_now[kind].items():
                if counter[tuple(vals)] > 0:
                    counter[tuple(vals)] -= 1
                elif untouched:
                    taken.add((kind, rid))
                    cu.rows.append((kind, rid))
                    cu.removed.append(_describe(kind, vals, groups))
                else:
                    cu.kept.append(
                        f"{_describe(kind, vals, groups)} (the contact was edited since the import)"
                    )
        in_groups = set(before.get("groups", []))
        for rid, vals in rows_now["memberships"].items():
            if vals[0] in in_groups:
                continue
            if untouched and _from_import("memberships", rid, vals, at, None):
                taken.add(("memberships", rid))
                cu.rows.append(("memberships", rid))
                cu.removed.append(_describe("memberships", vals, groups))
            else:
                cu.kept.append(f"{_describe('memberships', vals, groups)} (added since)")
        had_touches = set(before.get("interactions", []))
        for rid, vals in rows_now["interactions"].items():
            if rid not in had_touches and _dt(vals[3]) == at:
                taken.add(("interactions", rid))
                cu.rows.append(("interactions", rid))
                cu.removed.append(_describe("interactions", vals, groups))
    touches_since = sum(
        1
        for rid, vals in rows_now["interactions"].items()
        if ("interactions", rid) not in taken and rid not in set(before.get("interactions", []))
    )
    if touches_since:
        cu.kept.append(f"{touches_since} touch(es) logged since the import")
    return cu


def import_owner() -> dict:
    """Who is writing an import committed chunk by chunk (kept in its batch's summary)."""
    pid = os.getpid()
    return {"pid": pid, "start": _process_start(pid)}


def _process_start(pid: int) -> str | None:
    """The process's start time (Linux), so that a reused pid is not taken for it."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat_line.rsplit(")", 1)[1].split()[19]


def import_running(batch: ImportBatch) -> bool:
    """Is the process writing this unfinished import still alive?"""
    owner = (batch.summary or {}).get("in_progress")
    if not isinstance(owner, dict):
        return False
    pid = owner.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive (another user's, e.g. under sudo): never take it back
        return True
    except OSError:
        return True  # cannot tell: leave it for a later start
    start = owner.get("start")
    return start is None or _process_start(pid) in (None, start)


def _undo_plan(
    batch_id: int, delete_touched: bool, interrupted: bool = False
) -> tuple[ImportBatch, UndoPlan]:
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise LookupError(f"no import {batch_id}")
    if (batch.summary or {}).get("in_progress") and not interrupted and import_running(batch):
        raise ValueError("that import is still running; undo it once it has finished")
    again = batch.undone  # undone already: only the contacts it kept can still go
    if again and not delete_touched:
        raise ValueError("that import was already undone")
    at = _dt(batch.created_at)
    plan = UndoPlan(batch.id, batch.source, at, delete_touched)
    changes = list(batch.changes.order_by(ImportChange.id))
    marks = next((ch.before for ch in changes if ch.action == "rows" and ch.before), None)
    created = [ch.contact_id for ch in changes if ch.action == "created"]
    _created_plan(plan, created, at, marks)
    groups = dict(Group.select(Group.id, Group.name).tuples())
    for ch in changes:
        if ch.action == "updated" and ch.before and not again:
            cu = _changed_plan(ch, at, groups)
            if cu is not None:
                plan.changed.append(cu)
    return batch, plan


def preview_undo(batch_id: int, delete_touched: bool = False) -> UndoPlan:
    """What ``undo`` would remove and keep; writes nothing."""
    return _undo_plan(batch_id, delete_touched)[1]


def undo(batch_id: int, delete_touched: bool = False, *, interrupted: bool = False) -> UndoPlan:
    """Take back what an import wrote, and only that, in one transaction.

    Contacts it created go, unless touched since (a touch logged, an edit, a circle, a
    group): those stay unless ``delete_touched``, which also deletes, for an import undone
    already, the contacts that undo kept.  On contacts it changed, a field goes back
    only while it still holds what the import set, and only the rows it added go.
    """
    with db.atomic():
        batch, plan = _undo_plan(batch_id, delete_touched, interrupted)
        ids = [cid for cid, _name in plan.remove]
        if delete_touched:
            ids += [cid for cid, _name, _why in plan.touched]
        for start in range(0, len(ids), 500):
            Contact.delete().where(Contact.id.in_(ids[start : start + 500])).execute()
        for cu in plan.changed:
            _put_back(cu)
        batch.undone = True
        batch.save()
    return plan


def _put_back(cu: ContactUndo) -> None:
    values = {}
    for name, value in cu.fields.items():
        if name == "photo":
            values["photo"] = base64.b64decode(value) if value else None
        elif name == "circle_id":
            values["circle"] = value
        elif name == "updated_at":
            if _parse_dt(value or ""):
                values["updated_at"] = _parse_dt(value)
        else:
            values[name] = value
    if values:
        Contact.update(**values).where(Contact.id == cu.contact_id).execute()
    for kind, rid in cu.rows:
        model = _ROW_KINDS[kind][0]
        model.delete().where(model.id == rid).execute()
    if any(kind == "interactions" for kind, _rid in cu.rows):
        latest = (
            Interaction.select(fn.MAX(Interaction.occurred_at))
            .where(Interaction.contact == cu.contact_id)
            .scalar()
        )
        Contact.update(last_touch_at=latest).where(Contact.id == cu.contact_id).execute()


def undo_batch(batch_id: int, delete_touched: bool = False) -> dict[str, int]:
    """``undo``, counted: contacts removed, contacts put back."""
    plan = undo(batch_id, delete_touched)
    return {"deleted": plan.deleted, "restored": len(plan.changed)}


def batches(limit: int = 50) -> list[ImportBatch]:
    return list(ImportBatch.select().order_by(ImportBatch.id.desc()).limit(limit))


def report_json(reports: list[FileReport]) -> dict:
    files = []
    for f in reports:
        files.append(
            {
                "path": f.path,
                "format": f.format,
                "records": f.records,
                "created": f.created,
                "merged": f.merged,
                "unchanged": f.unchanged,
                "possible_duplicates": f.possible_duplicates,
                "errors": [{"line": i.line, "message": i.message} for i in f.issues],
            }
        )
    totals = {
        k: sum(f[k] for f in files)
        for k in ("created", "merged", "unchanged", "possible_duplicates")
    }
    return {"files": files, **totals}


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
