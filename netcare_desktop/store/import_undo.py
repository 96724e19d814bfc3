"""Undoing an import: what it wrote goes, and only that; the preview says what first.

``preview_undo`` writes nothing; ``undo`` takes back, in one transaction, what the
batch's records (``imports``) say the import wrote: the contacts it created go unless
they were touched since (a touch logged, an edit, a circle, a group), and on contacts it
merged into, a field goes back only while it still holds what the import set, and only
the rows it added go.  Touches, groups and edits made since always stay.
"""

from __future__ import annotations

import base64
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from peewee import fn

from netcare_desktop.core import fields as contact_fields
from netcare_desktop.core.keys import parse_dt
from netcare_desktop.core.words import plural
from netcare_desktop.store.imports import (
    ROW_KINDS,
    SNAPSHOT_FIELDS,
    child_rows,
    field_values,
    jsonable,
)
from netcare_desktop.store.models import (
    Contact,
    Group,
    ImportBatch,
    ImportChange,
    Interaction,
    db,
    tuple_rows,
)

# Fields that go back together or not at all.
_FIELD_GROUPS = (
    ("display_name", "sort_name"),
    contact_fields.BIRTHDAY_FIELDS,
    contact_fields.PHOTO_FIELDS,
    *(
        (n,)
        for n in (*SNAPSHOT_FIELDS, "circle_id")
        if n not in ("display_name", "sort_name", *contact_fields.BIRTHDAY_FIELDS, "photo_mime")
    ),
)
_FIELD_LABELS = {
    **contact_fields.LABELS,
    "display_name": "name",
    "birthday_year": "birthday",
    "photo": "photo",
    "circle_id": "circle",
    "cadence_days": "cadence",
    "vcard_uid": "vCard UID",
}


def short(text: str, n: int = 40) -> str:
    """The text on one line, cut to ``n`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


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
                f"{will}{verb} {plural(len(removed), 'contact')} the import created: {some(removed)}."
            )
        if self.touched and not self.delete_touched:
            verb = "Kept" if done else "keep"
            out.append(
                f"{will}{verb} {plural(len(self.touched), 'contact')} the import created that were "
                "touched since:"
            )
            for _i, name, why in self.touched[:names]:
                out.append(f"  {name} ({'; '.join(why)})")
            if len(self.touched) > names:
                out.append(f"  and {len(self.touched) - names} more")
        if self.changed:
            verb = "Put back" if done else "put back"
            out.append(f"{will}{verb} {plural(len(self.changed), 'contact')} the import changed:")
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
        return f"vCard property {short(vals[0])}"
    if kind == "memberships":
        return f"group {groups.get(vals[0], vals[0])}"
    return f"touch {vals[1]} on {str(vals[0])[:10]}" + (f" ({short(vals[2])})" if vals[2] else "")


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
        for kind, (model, columns) in ROW_KINDS.items():
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
                why[cid].append(f"{plural(n, 'touch', 'touches')} logged since")
            n = counts.pop("memberships", 0)
            if n:
                why[cid].append(f"in {plural(n, 'group')} since")
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
    c = Contact.get_or_none(Contact.id == ch.contact_id)
    if c is None:
        return None  # deleted since: nothing to put back
    before = ch.before or {}
    cu = ContactUndo(c.id, c.display_name)
    current = field_values(c)
    rows_now = child_rows(c.id)
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
        then = {n: before.get(n) for n in (*SNAPSHOT_FIELDS, "circle_id")}
        photo = before.get("photo")
        then["photo"] = jsonable(base64.b64decode(photo)) if photo else None
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
        cu.kept.append(f"{plural(touches_since, 'touch', 'touches')} logged since the import")
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
    assert at is not None  # created_at is NOT NULL and only ever written as a datetime
    plan = UndoPlan(batch.id, batch.source, at, delete_touched)
    changes = list(batch.changes.order_by(ImportChange.id))
    marks = next((ch.before for ch in changes if ch.action == "rows" and ch.before), None)
    created = [ch.contact_id for ch in changes if ch.action == "created"]
    _created_plan(plan, created, at, marks)
    groups: dict[int, str] = dict(tuple_rows(Group.select(Group.id, Group.name)))
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
    values: dict[str, Any] = {}
    for name, value in cu.fields.items():
        if name == "photo":
            values["photo"] = base64.b64decode(value) if value else None
        elif name == "circle_id":
            values["circle"] = value
        elif name == "updated_at":
            if parse_dt(value or ""):
                values["updated_at"] = parse_dt(value)
        else:
            values[name] = value
    if values:
        Contact.update(**values).where(Contact.id == cu.contact_id).execute()
    for kind, rid in cu.rows:
        model = ROW_KINDS[kind][0]
        model.delete().where(model.id == rid).execute()
    if any(kind == "interactions" for kind, _rid in cu.rows):
        latest = (
            Interaction.select(fn.MAX(Interaction.occurred_at))
            .where(Interaction.contact == cu.contact_id)
            .scalar()
        )
        Contact.update(last_touch_at=latest).where(Contact.id == cu.contact_id).execute()


def batches(limit: int = 50) -> list[ImportBatch]:
    """The latest imports, newest first."""
    return list(ImportBatch.select().order_by(ImportBatch.id.desc()).limit(limit))
