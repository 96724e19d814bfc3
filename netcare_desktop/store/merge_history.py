"""A merge's rewrite of the two contacts' import records (``store.merge`` calls it).

A SQL trigger deletes a contact's ``ImportChange`` rows with it, and undoing an import
would otherwise delete a merged contact it created (with "delete touched" too) or put a
field back to the other person's old value.  So, for the kept contact:

- its own "updated" records stay, but a row a duplicate of the other's was folded into
  is no longer the import's alone: undo leaves it;
- the other's "updated" records, and the "created" records of either, become "updated"
  records of the kept contact that take back only the import's own rows still there
  (same ids: rows move, they are not copied), never a field, never the contact whole.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import TYPE_CHECKING

from netcare_desktop.store.import_undo import _from_import
from netcare_desktop.store.imports import ROW_KINDS, child_rows
from netcare_desktop.store.models import ImportBatch, ImportChange

if TYPE_CHECKING:
    from netcare_desktop.store.merge import MergeSnapshot


def as_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value))


def rewrite(snap: MergeSnapshot, moved: dict[str, set[int]], folded: set[tuple[str, int]]) -> None:
    """The import records of both contacts, rewritten for the merged one (module doc)."""
    keep_id, other_id = snap.keep_id, snap.other_id
    changes = list(
        ImportChange.select()
        .where(ImportChange.contact_id.in_([keep_id, other_id]))
        .order_by(ImportChange.id)
    )
    snap.import_changes = [copy.deepcopy(dict(ch.__data__)) for ch in changes]
    if not changes:
        return
    rows_now = child_rows(keep_id)  # after the rows moved: every row's id and values
    for ch in changes:
        before = copy.deepcopy(ch.before) if ch.before else {}
        wrote = before.get("wrote")
        if ch.contact_id == keep_id and ch.action == "updated":
            # The kept contact's own record: its fields still say what that import set;
            # only a row a duplicate was folded into is no longer the import's alone.
            if wrote is not None:
                wrote["rows"] = _without(wrote.get("rows") or {}, folded, None)
                ImportChange.update(before=before).where(ImportChange.id == ch.id).execute()
            continue
        if ch.action == "created":
            rows = _without(_created_rows(ch, snap, rows_now), folded, None)
        elif wrote is not None:  # the other's record: only its rows that moved
            rows = _without(wrote.get("rows") or {}, folded, moved)
        else:
            rows = {}  # recorded by an earlier version: which rows are its own is unsure
        taken = {r[0] for r in rows.get("interactions", [])}
        new_before = {
            "wrote": {"fields": {}, "rows": rows},
            # Touches there now are not "logged since the import" (undo's count).
            "interactions": [i for i in sorted(rows_now["interactions"]) if i not in taken],
            "merged": {"into": keep_id, "from": other_id, "was": ch.action},
        }
        ImportChange.update(contact_id=keep_id, action="updated", before=new_before).where(
            ImportChange.id == ch.id
        ).execute()


def _without(
    rows: dict[str, list], folded: set[tuple[str, int]], moved: dict[str, set[int]] | None
) -> dict[str, list]:
    """An import's added rows, but those folded with a duplicate (and, given ``moved``,
    those that did not move to the kept contact)."""
    out = {}
    for kind, added in rows.items():
        kept = [
            r
            for r in added
            if (kind, r[0]) not in folded and (moved is None or r[0] in moved.get(kind, set()))
        ]
        if kept:
            out[kind] = kept
    return out


def _created_rows(ch: ImportChange, snap: MergeSnapshot, rows_now: dict) -> dict:
    """The rows an import added with a contact it created that are still on the kept one."""
    marks_row = (
        ImportChange.select(ImportChange.before)
        .where((ImportChange.batch == ch.batch_id) & (ImportChange.action == "rows"))
        .scalar()
    )
    if not marks_row:
        return {}  # recorded by an earlier version: which rows are the import's is unsure
    at = ImportBatch.select(ImportBatch.created_at).where(ImportBatch.id == ch.batch_id).scalar()
    at = as_datetime(at)
    ids = {name: {r["id"] for r in rows} for name, rows in snap.children[ch.contact_id].items()}
    out: dict[str, list] = {}
    for kind, (model, _cols) in ROW_KINDS.items():
        for rid, vals in rows_now[kind].items():
            if rid in ids[model.__name__] and _from_import(kind, rid, vals, at, marks_row):
                out.setdefault(kind, []).append([rid, *vals])
    return out
