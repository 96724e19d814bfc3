"""Planning an import: what each record will do, what a person chose, and applying it.

Each record becomes a ``PlanItem``: *new*, *merge* into an existing contact (with the
fields that change), *unchanged*, or *duplicate*: only proposed, never merged
automatically; it becomes a new contact unless merged.  A duplicate is a similar name, or
a contact (stored, or an earlier record of this import) that a key found but that is
another person unless the person says otherwise (``separate``): found by a phone number
alone under a name with no word in common, or carrying another UID (in one import; for a
stored contact, another UID and another name), or another full name and another
organisation.  A person may choose otherwise for each (a ``Choice``), also to merge into
an earlier record of the same import.  A merge fills empty fields and adds new emails,
phones, URLs, groups, addresses; it never overwrites a value: a value that does not fit
is kept aside in the notes (``store.imports.set_aside``) and listed as a conflict.  Every
merge is said in ``ImportResult.merges``: what merged into what, and what was kept aside.
``apply_plan`` writes the plan in one transaction through the store's ``ImportWriter``;
cancelling rolls it back.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from netcare_desktop.core.keys import (
    DEFAULT_REGION,
    address_key,
    email_key,
    fold,
    interaction_key,
    names_differ,
    orgs_differ,
    phone_key,
    region_from_locale,
    url_key,
)
from netcare_desktop.core.record import ContactRecord, record_display_name
from netcare_desktop.interop.choice import Act, Choice
from netcare_desktop.interop.gcpause import collector_paused
from netcare_desktop.interop.matching import Matcher, diff, extra_line, fold_into, kept_aside
from netcare_desktop.interop.reading import FileReport
from netcare_desktop.interop.similarity import token_sort_ratio
from netcare_desktop.store.imports import (
    FILLED_FIELDS,
    ImportWriter,
    described,
    notes_with,
    set_aside,
)
from netcare_desktop.store.models import db

CHUNK = 500  # new contacts written together


class ImportCancelled(Exception):
    pass


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
    choice: Choice = Choice.PLANNED  # what the user chose
    placeholder: int = 0  # a new contact's key in the matcher until it has an id (negative)
    into_new: bool = False  # merges into a contact this same import already created
    why: str = ""  # a duplicate: why it may be the same person ("similar to Ada Lovelace")
    kept: list[tuple[str, str]] = field(default_factory=list)  # a merge's values kept aside

    @property
    def name(self) -> str:
        return record_display_name(self.record)

    def effective(self) -> str:
        """The action that will be applied: duplicates become new contacts unless merged."""
        act = self.choice.act
        if act is Act.SKIP:
            return "skip"
        if act is Act.MERGE:
            return "merge"
        if act is Act.NEW or self.action == "duplicate":
            return "new"
        return self.action

    def undecided(self) -> bool:
        """A possible duplicate nobody chose for yet: it will be a new contact."""
        return self.action == "duplicate" and self.choice.act is Act.PLANNED

    def merge_target(self) -> int | None:
        """The contact a merge goes into: the one chosen, else the one matched."""
        return self.choice.target_id if self.choice.act is Act.MERGE else self.target_id


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

    def chosen_counts(self) -> dict[str, int]:
        """What Import will do now, the choices made included: new, merge, unchanged, skip,
        and "duplicate": the possible duplicates still undecided (each a new contact)."""
        out = {"new": 0, "merge": 0, "unchanged": 0, "skip": 0, "duplicate": 0}
        for it in self.items:
            out[it.effective()] += 1
            out["duplicate"] += it.undecided()
        return out


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
    region = region or region_from_locale()
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
            items.append(plan_one(rec, matcher, len(items), earlier, {}))
            done += 1
            if progress is not None and done % 200 == 0:
                progress(done, total)
    if progress is not None:
        progress(total, total)
    return Plan(items, files, region)


def plan_one(
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
    doubt: tuple[int, str, float] | None = None  # found by a key, maybe another person
    why = ""
    if target is not None:
        known_as = _name_of(target, matcher)
        why, by_phone = separate(rec, keys, matcher, target, name, known_as)
        if why:
            # Proposed like a similar name, never merged without a choice: a stored
            # contact or an earlier record of this same import (the preview may merge
            # into either; the command line creates it and lists it).
            score = 0.0 if by_phone else max(1.0, token_sort_ratio(fold(name), fold(known_as)))
            doubt = (target, known_as, round(score, 1))
            target = None
    if target is not None and target < 0:  # an earlier record of this same import
        matcher.register(target, keys, name, rec.organization)
        known_as = _name_of(target, matcher)
        if target in created:  # already written: merge into that contact
            item = PlanItem(rec, "merge", created[target], known_as, into_new=True)
        else:
            at, first = earlier[target]
            item = PlanItem(rec, "merge", same_as=at, target_name=first.name)
            item.kept = absorb(first.record, rec, matcher.region)
            if first.record.uid.strip():  # it may have had none until now
                _PLANNED_UIDS.setdefault(matcher, {})[target] = first.record.uid.strip()
        item.changes = ["merged into the same person earlier in this import"]
        item.conflicts = [f"{label}: {value!r} kept aside" for label, value in item.kept]
        return item
    if target is not None:
        existing = matcher.existing[target]
        matcher.register_keys(target, keys)  # later records may know this person by these
        changes, conflicts = diff(existing, rec, matcher)
        action = "merge" if changes else "unchanged"
        kept = kept_aside(existing, rec) if conflicts else []
        if changes:
            fold_into(existing, rec, matcher)  # later records see the contact as merged
        item = PlanItem(rec, action, target, existing.name, changes, conflicts)
        item.kept = kept
        return item
    # Without a stored contact in the block, every candidate would be one of this import's
    # records, which are dropped below: skip the scoring.
    candidates = matcher.similar(name, rec.organization) if matcher.may_have_similar(name) else []
    for cid, other, _score in candidates:
        stored = matcher.existing.get(cid)
        if stored is not None and fold(other) == fold(name):
            changes, conflicts = diff(stored, rec, matcher)
            if not changes:  # the very same facts again: nothing to do, nothing to ask
                return PlanItem(rec, "unchanged", cid, other)
    placeholder = matcher.new_placeholder()
    matcher.register(placeholder, keys, name, rec.organization)
    _remember(matcher, placeholder, rec)
    candidates = [c for c in candidates if c[0] > 0]
    if doubt is not None and all(c[0] != doubt[0] for c in candidates):
        candidates.append(doubt)
    if candidates:
        item = PlanItem(rec, "duplicate", candidates[0][0], candidates[0][1], candidates=candidates)
        if doubt is not None and candidates[0][0] == doubt[0]:
            item.why = why
        else:
            item.why = f"similar to {candidates[0][1]}"
    else:
        item = PlanItem(rec, "new")
    item.placeholder = placeholder
    earlier[placeholder] = (index, item)
    return item


def _words(text: str) -> set[str]:
    return {w for w in fold(text).replace(".", " ").split() if len(w) > 1}


# The names of this import's new records, by placeholder, for each matcher, and the UIDs
# of those that have one: a record found by a key of an earlier one is compared with it
# (``separate``), even once that one is written (streaming) or was counted without being
# written (a dry run).  Its organisation is in the matcher's blocks.
_PLANNED_NAMES: weakref.WeakKeyDictionary[Matcher, dict[int, str]] = weakref.WeakKeyDictionary()
_PLANNED_UIDS: weakref.WeakKeyDictionary[Matcher, dict[int, str]] = weakref.WeakKeyDictionary()


def _remember(matcher: Matcher, placeholder: int, rec: ContactRecord) -> None:
    _PLANNED_NAMES.setdefault(matcher, {})[placeholder] = record_display_name(rec)
    if rec.uid.strip():
        _PLANNED_UIDS.setdefault(matcher, {})[placeholder] = rec.uid.strip()


def _planned_org(matcher: Matcher, placeholder: int, name: str) -> str:
    """The (folded) organisation of a new record of this import, as its block keeps it."""
    metas = matcher.block_meta.get(matcher.block_key(name), [])
    return next((org for cid, _n, org in metas if cid == placeholder and org), "")


def _name_of(target: int, matcher: Matcher) -> str:
    """The name of the contact (or earlier record of this import) a key found."""
    if target > 0:
        existing = matcher.existing.get(target)
        return existing.name if existing is not None else ""
    return _PLANNED_NAMES.get(matcher, {}).get(target, "")


_KEY_WORDS = ("a UID", "an email address", "a phone number", "a LinkedIn profile")


def separate(
    rec: ContactRecord, keys, matcher: Matcher, target: int, name: str, known_as: str
) -> tuple[str, bool]:
    """Why the contact (or earlier record of this import) that a record's keys found may be
    another person, in words ("" when it is the same one), and whether a phone number
    alone found it.  A UID that matches settles it.  Another person:

    - found by a phone number alone (a household's landline, an office's switchboard),
      and both have names without a word in common;
    - in one import, both records carry UIDs and they differ (the program that wrote
      the file keeps them apart: "John Doe (Work)" and "John Doe (Personal)");
    - a stored contact with another UID and another name (``names_differ``: not an
      initial or a shorter form of it; every stored contact has a UID, often made up,
      so another UID alone says little);
    - another full name and another organisation."""
    uid, _emails, _phones, _linkedin = keys
    if uid and matcher.by_uid.get(uid[0]) == target:
        return "", False
    found_by = [
        any(index.get(k) == target for k in values)
        for index, values in zip(matcher.indexes, keys, strict=True)
    ]
    if found_by[0]:
        return "", False
    if found_by[2] and not (found_by[1] or found_by[3]):
        has_name = any(
            (getattr(rec, f) or "").strip() for f in ("display_name", "given_name", "family_name")
        )
        mine, theirs = _words(name), _words(known_as)
        if has_name and mine and theirs and "@" not in known_as and not (mine & theirs):
            return f"shares a phone number with {known_as}, under another name", True
    if target > 0:
        existing = matcher.existing.get(target)
        if existing is None:
            return "", False
        their_uid, their_org, where = existing.uid, existing.fields.get("organization") or "", ""
    else:
        their_uid = _PLANNED_UIDS.get(matcher, {}).get(target, "")
        their_org = _planned_org(matcher, target, known_as)
        where = " (earlier in this import)"
    via = next((w for w, hit in zip(_KEY_WORDS, found_by, strict=True) if hit), "a key")
    other_uid = bool(uid) and bool(their_uid) and uid[0] != their_uid
    other_name = names_differ(fold(name), fold(known_as))
    if other_uid and (target < 0 or other_name):
        return f"shares {via} with {known_as}{where}, but has another UID", False
    if other_name and orgs_differ(fold(rec.organization), fold(their_org)):
        return f"shares {via} with {known_as}{where}, but another name and organisation", False
    return "", False


def absorb(first: ContactRecord, later: ContactRecord, region: str) -> list[tuple[str, str]]:
    """The same person twice in one import: the later record's new facts join the first,
    compared as a merge into a stored contact compares them (``store.imports.merge_into``),
    and its values that do not fit are kept aside as that merge keeps them: returned."""
    month = first.birthday_month
    kept = set_aside(
        {name: getattr(first, name) for name in ("display_name", *FILLED_FIELDS)},
        (first.birthday_year, month, first.birthday_day) if month else None,
        later,
    )
    for name in (*FILLED_FIELDS, "display_name", "uid", "photo_mime"):
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
    join(first.groups, later.groups, fold)
    join(first.addresses, later.addresses, address_key)
    join(first.extras, later.extras, extra_line)
    join(first.interactions, later.interactions, interaction_key)
    first.notes = notes_with(first.notes, kept)
    return kept


@dataclass
class ImportResult:
    batch_id: int | None
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    possible_duplicates: int = 0
    skipped: int = 0
    # Each merge in words: "Ada L. (x.vcf, line 12) merged into Ada Lovelace; kept
    # aside: title 'Countess'" (the kept-aside values are in the contact's notes).
    merges: list[str] = field(default_factory=list)
    kept_aside: int = 0  # values kept aside, over all merges


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
        source = source or ", ".join(Path(f.path).name for f in plan.files)
        writer = Applier.begin(now, source, plan.region)
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


class Applier:
    """Applies planned items through the store's ``ImportWriter`` inside the caller's
    transaction (new contacts in batches of ``CHUNK``) and counts what each file's records
    did.  Without a writer it only counts (a dry run)."""

    def __init__(self, store: ImportWriter | None, region: str = DEFAULT_REGION):
        self.store = store
        self.region = region
        self.files: dict[str, FileReport] = {}
        self.result = ImportResult(None)
        self.pending: list[PlanItem] = []
        self.created: dict[int, int] = {}  # placeholder -> id of the contact written for it
        self.merged_into: dict[int, int] = {}  # placeholder -> contact it was chosen to merge into

    @classmethod
    def begin(cls, now: datetime, source: str, region: str) -> Applier:
        """A new batch to write into."""
        return cls(ImportWriter.begin(now, source, region, extra_line), region)

    @property
    def write(self) -> bool:
        return self.store is not None

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
            self._said(item, item.target_name, item.kept)
        elif action == "unchanged":
            result.unchanged += 1
            report.unchanged += 1
        elif action == "new":
            self.pending.append(item)
            if len(self.pending) >= CHUNK:
                self.flush()
            report.created += 1
        elif action == "merge":
            target, into_new = item.merge_target(), item.into_new
            if target is not None and target < 0:  # chosen: an earlier record of this import
                if any(p.placeholder == target for p in self.pending):
                    self.flush()
                into_new = target in self.created
                target = self.created.get(target, self.merged_into.get(target))
                if target is None:  # that record was skipped: this one is the person
                    self.pending.append(item)
                    report.created += 1
                    return
            kept = item.kept
            if self.store is not None and target is not None:
                kept = self.store.merge(target, item.record, into_new=into_new)
            if item.placeholder and target is not None:
                self.merged_into[item.placeholder] = target
            result.merged += 1
            report.merged += 1
            name = next((n for cid, n, _s in item.candidates if cid == item.merge_target()), "")
            self._said(item, name or item.target_name, kept)

    def _said(self, item: PlanItem, into: str, kept: list[tuple[str, str]]) -> None:
        """Say the merge: what merged into what, and what was kept aside."""
        rec = item.record
        where = f"{Path(rec.source).name}, line {rec.line}" if rec.source else f"record {rec.line}"
        line = f"{item.name} ({where}) merged into {into or 'the same person'}"
        if kept:
            line += "; kept aside: " + ", ".join(described(kept))
        self.result.merges.append(line)
        self.result.kept_aside += len(kept)

    def flush(self) -> None:
        """Write the new contacts waiting in ``pending``."""
        if not self.pending:
            return
        if self.store is not None:
            ids = self.store.create([it.record for it in self.pending])
        else:
            ids = [0] * len(self.pending)
        for item, cid in zip(self.pending, ids, strict=True):
            self.created[item.placeholder] = cid
        self.result.created += len(ids)
        self.pending.clear()

    def finish(self, paths: list[str]) -> None:
        self.flush()
        if self.store is None:
            return
        result = self.result
        self.store.finish(
            {
                "created": result.created,
                "merged": result.merged,
                "unchanged": result.unchanged,
                "possible_duplicates": result.possible_duplicates,
                "skipped": result.skipped,
                "kept_aside": result.kept_aside,
                "files": paths,
            }
        )
        result.batch_id = self.store.batch.id
