"""Merging two contacts after the fact, and taking the merge back.

``merge_plan`` writes nothing: the single-valued fields on which the two differ (with a
default choice for each), and what joins without asking (emails, phones, web addresses,
addresses, vCard properties, groups and touches, duplicates compared by their keys,
``core.keys``).  ``merge`` writes the chosen values into the kept contact, moves the
other's rows to it (their ids unchanged), and deletes the other, in one transaction; it
returns a ``MergeSnapshot`` from which ``undo_merge`` puts both back as they were.

Nothing goes silently: a value not chosen for a single-valued field stays in the
snapshot (Ctrl+Z brings it back) and the plan names it ("will be dropped"); both notes
are kept by default, one after the other.

Import history: the other's import records (``ImportChange``) would go with it (a SQL
trigger deletes them with their contact), and the kept contact now holds facts of two
records.  So a merge rewrites them: undoing an old import still takes back the rows that
import added (they keep their ids), never a field (that value may be the other person's
choice now), never the merged contact as a whole (it is no longer only the import's), and
never a row that a duplicate of the other contact's was folded into.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from peewee import fn

from netcare_desktop.core import fields as contact_fields
from netcare_desktop.core.keys import email_key, fold, phone_key, url_key
from netcare_desktop.core.names import sort_key
from netcare_desktop.core.phones import region_from_locale
from netcare_desktop.store import merge_history
from netcare_desktop.store.errors import NotFound
from netcare_desktop.store.imports import ROW_KINDS
from netcare_desktop.store.merge_history import as_datetime as _as_datetime
from netcare_desktop.store.models import (
    Address,
    Circle,
    Contact,
    Email,
    Extra,
    ImportBatch,
    ImportChange,
    Interaction,
    Membership,
    Phone,
    ReminderState,
    Url,
    db,
    tuple_rows,
)
from netcare_desktop.store.settings import read_preferences

KEEP, OTHER, BOTH = "keep", "other", "both"

# Each choice of the merge: its name, the columns that go together, how a person reads it.
FIELDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    *(
        (
            name,
            (name,),
            "name"
            if name == "display_name"
            else contact_fields.LABELS.get(name, name.replace("_", " ")),
        )
        for name in contact_fields.TEXT_FIELDS
    ),
    ("birthday", contact_fields.BIRTHDAY_FIELDS, "birthday"),
    ("photo", contact_fields.PHOTO_FIELDS, "photo"),
    ("circle", ("circle_id", "circle_since"), "circle"),
    ("cadence_days", ("cadence_days",), "cadence"),
    ("vcard_uid", ("vcard_uid",), "vCard UID"),
    ("archived", ("archived",), "archived"),
)
_COLUMNS = {name: columns for name, columns, _label in FIELDS}
_LABELS = {name: label for name, _columns, label in FIELDS}
FIELD_NAMES = tuple(_COLUMNS)

# The rows that join: model, and what tells two of them are the same fact.
_ROW_MODELS = (Email, Phone, Url, Address, Extra)
_CHILD_MODELS = (*_ROW_MODELS, Membership, Interaction)


@dataclass
class FieldDiff:
    """One single-valued field on which the two contacts differ."""

    name: str
    label: str
    keep_text: str  # as a person reads it ("" for empty)
    other_text: str
    default: str  # KEEP, OTHER or BOTH
    options: tuple[str, ...] = (KEEP, OTHER)


@dataclass
class MergePlan:
    keep_id: int
    other_id: int
    keep_name: str
    other_name: str
    keep_updated: datetime
    other_updated: datetime
    fields: list[FieldDiff] = field(default_factory=list)
    joined: dict[str, int] = field(default_factory=dict)  # kind -> rows the other brings
    duplicates: dict[str, int] = field(default_factory=dict)  # kind -> rows already there

    def defaults(self) -> dict[str, str]:
        return {f.name: f.default for f in self.fields}

    def dropped(self, choices: dict[str, str] | None = None) -> list[str]:
        """What the merge leaves out, for a person to read ("title: CTO")."""
        chosen = {**self.defaults(), **(choices or {})}
        out = []
        for f in self.fields:
            pick = chosen.get(f.name, KEEP)
            if pick == BOTH:
                continue
            lost = f.other_text if pick == KEEP else f.keep_text
            if lost:
                out.append(f"{f.label}: {lost}")
        return out


@dataclass
class MergeSnapshot:
    """Everything ``merge`` changed, as it was before: enough to put both back."""

    keep_id: int
    other_id: int
    keep_name: str
    other_name: str
    contacts: dict[int, dict]  # id -> the contact row
    children: dict[int, dict[str, list[dict]]]  # id -> model name -> rows
    reminders: list[dict]  # the reminder states the merge moved or removed
    reminder_keys: list[str]  # every key it wrote or removed
    import_changes: list[dict]  # the import records it rewrote


# -- reading ------------------------------------------------------------------------------


def _get(contact_id: int) -> Contact:
    c = Contact.get_or_none(Contact.id == contact_id)
    if c is None:
        raise NotFound(f"no contact with id {contact_id}")
    return c


def _circle_name(circle_id: int | None) -> str:
    if circle_id is None:
        return ""
    return Circle.select(Circle.name).where(Circle.id == circle_id).scalar() or ""


def _text(c: Contact, name: str) -> str:
    """A field's value as the dialog shows it."""
    if name == "birthday":
        if c.birthday_month is None:
            return ""
        year = f"{c.birthday_year:04d}" if c.birthday_year else "--"
        return f"{year}-{c.birthday_month:02d}-{c.birthday_day or 1:02d}"
    if name == "photo":
        if c.photo is None:
            return ""
        data = bytes(c.photo)
        kb = max(1, round(len(data) / 1024))
        return f"{c.photo_mime or 'image'}, {kb} KB ({hashlib.sha256(data).hexdigest()[:6]})"
    if name == "circle":
        return _circle_name(c.circle_id)
    if name == "cadence_days":
        return f"every {c.cadence_days} days" if c.cadence_days else ""
    if name == "archived":
        return "archived" if c.archived else "not archived"
    return (getattr(c, name) or "").strip()


def _values(c: Contact, name: str) -> tuple:
    values = tuple(getattr(c, col) for col in _COLUMNS[name])
    if name == "photo":
        return (bytes(c.photo) if c.photo is not None else None, c.photo_mime)
    if name == "circle":
        return (c.circle_id,)  # the date they joined follows the circle chosen
    return values


def _default(name: str, keep: Contact, other: Contact, keep_text: str, other_text: str) -> str:
    if name == "notes" and keep_text and other_text:
        return BOTH
    if name == "archived":  # a person merged into stays visible
        return KEEP if not keep.archived else OTHER
    if name == "vcard_uid" and keep_text:  # the kept contact's identity, as exported
        return KEEP
    if not keep_text:
        return OTHER if other_text else KEEP
    if not other_text:
        return KEEP
    return OTHER if other.updated_at > keep.updated_at else KEEP


def _region() -> str:
    return read_preferences(db.connection()).phone_region or region_from_locale()


def _row_key(model, row, region: str):
    if model is Email:
        return email_key(row.address)
    if model is Phone:
        return phone_key(row.raw, row.e164 or "", region)
    if model is Url:
        return url_key(row.url)
    if model is Address:
        return tuple(
            fold(getattr(row, n) or "")
            for n in (
                "street",
                "locality",
                "region",
                "postal_code",
                "country",
                "po_box",
                "extended",
            )
        )
    return row.line  # Extra: the vCard line as stored


_KINDS = {
    Email: "emails",
    Phone: "phones",
    Url: "urls",
    Address: "addresses",
    Extra: "extras",
    Membership: "groups",
    Interaction: "touches",
}


def _rows(model, contact_id: int) -> list:
    return list(model.select().where(model.contact == contact_id).order_by(model.id))


def _split(model, keep_id: int, other_id: int, region: str):
    """The other's rows of ``model``: (those that join, (dropped row, keep's row))."""
    if model is Interaction:
        return _rows(Interaction, other_id), []
    if model is Membership:
        mine = {m.group_id: m for m in _rows(Membership, keep_id)}
        new, same = [], []
        for m in _rows(Membership, other_id):
            (same.append((m, mine[m.group_id])) if m.group_id in mine else new.append(m))
        return new, same
    mine = {}
    for row in _rows(model, keep_id):
        mine.setdefault(_row_key(model, row, region), row)
    new, same = [], []
    for row in _rows(model, other_id):
        key = _row_key(model, row, region)
        if key in mine:
            same.append((row, mine[key]))
        else:
            mine[key] = row
            new.append(row)
    return new, same


def merge_plan(keep_id: int, other_id: int) -> MergePlan:
    """What merging ``other_id`` into ``keep_id`` would do; writes nothing."""
    if keep_id == other_id:
        raise ValueError("a contact cannot be merged with itself")
    keep, other = _get(keep_id), _get(other_id)
    plan = MergePlan(
        keep.id,
        other.id,
        keep.display_name,
        other.display_name,
        keep.updated_at,
        other.updated_at,
    )
    for name in FIELD_NAMES:
        if _values(keep, name) == _values(other, name):
            continue
        kt, ot = _text(keep, name), _text(other, name)
        if kt == ot and name != "photo":
            continue  # the same as a person reads it (spaces around it, say)
        options = (KEEP, OTHER, BOTH) if name == "notes" and kt and ot else (KEEP, OTHER)
        plan.fields.append(
            FieldDiff(name, _LABELS[name], kt, ot, _default(name, keep, other, kt, ot), options)
        )
    region = _region()
    for model in _CHILD_MODELS:
        new, same = _split(model, keep_id, other_id, region)
        if new:
            plan.joined[_KINDS[model]] = len(new)
        if same:
            plan.duplicates[_KINDS[model]] = len(same)
    return plan


# -- writing ------------------------------------------------------------------------------


def _row_dict(instance) -> dict:
    return dict(instance.__data__)


def _snapshot_children(contact_id: int) -> dict[str, list[dict]]:
    return {
        model.__name__: [_row_dict(r) for r in _rows(model, contact_id)] for model in _CHILD_MODELS
    }


def _reminder_keys(contact_id: int) -> list[str]:
    keys = [f"kit:{contact_id}"]
    keys += [
        k
        for (k,) in tuple_rows(
            ReminderState.select(ReminderState.key).where(
                ReminderState.key.startswith(f"birthday:{contact_id}:")
            )
        )
    ]
    return keys


def merge(
    keep_id: int, other_id: int, choices: dict[str, str] | None, now: datetime
) -> MergeSnapshot:
    """Merge ``other_id`` into ``keep_id`` in one transaction; the snapshot undoes it.

    ``choices``: field name -> "keep" | "other" ("both" for notes); a field left out
    takes the plan's default.
    """
    with db.atomic():
        plan = merge_plan(keep_id, other_id)
        chosen = {**plan.defaults(), **(choices or {})}
        for name, pick in chosen.items():
            if name not in _COLUMNS:
                raise ValueError(f"not a field of a contact: {name!r}")
            if pick not in (KEEP, OTHER, BOTH) or (pick == BOTH and name != "notes"):
                raise ValueError(f"{name}: choose keep or other, not {pick!r}")
        keep, other = _get(keep_id), _get(other_id)
        snap = MergeSnapshot(
            keep_id,
            other_id,
            keep.display_name,
            other.display_name,
            contacts={keep_id: _row_dict(keep), other_id: _row_dict(other)},
            children={keep_id: _snapshot_children(keep_id), other_id: _snapshot_children(other_id)},
            reminders=[],
            reminder_keys=[],
            import_changes=[],
        )
        # Fields: the chosen values.
        for name, pick in chosen.items():
            if pick == OTHER:
                for col in _COLUMNS[name]:
                    setattr(keep, col, getattr(other, col))
            elif pick == BOTH:
                a, b = (keep.notes or "").strip(), (other.notes or "").strip()
                keep.notes = a if b in a else f"{a}\n\n{b}"
        keep.sort_name = sort_key(keep.display_name, keep.family_name, keep.given_name)
        keep.created_at = min(keep.created_at, other.created_at)
        keep.updated_at = now
        # Rows: what the other brings joins, duplicates go (the keep's row stands for both).
        region = _region()
        folded: set[tuple[str, int]] = set()  # (kind, keep's row id) a duplicate went into
        moved: dict[str, set[int]] = {}
        for model in _ROW_MODELS:
            new, same = _split(model, keep_id, other_id, region)
            start = model.select(fn.MAX(model.position)).where(model.contact == keep_id).scalar()
            pos = -1 if start is None else start
            for row in new:
                pos += 1
                values: dict[str, Any] = {"contact": keep_id, "position": pos}
                if model is Email and row.preferred:
                    values["preferred"] = (
                        not Email.select()
                        .where((Email.contact == keep_id) & Email.preferred)
                        .exists()
                    )
                model.update(**values).where(model.id == row.id).execute()
            kind = _kind_name(model)
            moved[kind] = {r.id for r in new}
            for dropped, mine in same:
                folded.add((kind, mine.id))
                model.delete().where(model.id == dropped.id).execute()
        new, same = _split(Membership, keep_id, other_id, region)
        for m, mine in same:
            starts = [d for d in (m.started, mine.started) if d is not None]
            ends = [d for d in (m.ended, mine.ended) if d is not None]
            Membership.update(
                role=mine.role or m.role,
                started=min(starts) if starts else None,
                ended=max(ends) if len(ends) == 2 else None,
            ).where(Membership.id == mine.id).execute()
            folded.add(("memberships", mine.id))
            Membership.delete().where(Membership.id == m.id).execute()
        Membership.update(contact=keep_id).where(Membership.contact == other_id).execute()
        moved["memberships"] = {m.id for m in new}
        moved["interactions"] = {
            i
            for (i,) in tuple_rows(
                Interaction.select(Interaction.id).where(Interaction.contact == other_id)
            )
        }
        Interaction.update(contact=keep_id).where(Interaction.contact == other_id).execute()
        latest = (
            Interaction.select(fn.MAX(Interaction.occurred_at))
            .where(Interaction.contact == keep_id)
            .scalar()
        )
        touches = [t for t in (latest, keep.last_touch_at, other.last_touch_at) if t]
        keep.last_touch_at = max(touches, key=_as_datetime) if touches else None
        keep.save()
        _move_reminders(snap, chosen)
        merge_history.rewrite(snap, moved, folded)
        Contact.delete().where(Contact.id == other_id).execute()
    return snap


def _kind_name(model) -> str:
    return next(kind for kind, (m, _cols) in ROW_KINDS.items() if m is model)


def _rekey(key: str, old: int, new: int) -> str:
    """``kit:<old>`` or ``birthday:<old>:<year>`` as the same reminder of contact ``new``."""
    parts = key.split(":")
    if len(parts) >= 2 and parts[1] == str(old):
        parts[1] = str(new)
    return ":".join(parts)


def _move_reminders(snap: MergeSnapshot, chosen: dict[str, str]) -> None:
    """Snoozes and "done" follow the circle and the birthday chosen; the other's rest go."""
    keep_id, other_id = snap.keep_id, snap.other_id
    mine, theirs = _reminder_keys(keep_id), _reminder_keys(other_id)
    snap.reminders = [
        _row_dict(r) for r in ReminderState.select().where(ReminderState.key.in_(mine + theirs))
    ]
    snap.reminder_keys = sorted({*mine, *theirs, *(_rekey(k, other_id, keep_id) for k in theirs)})
    for kind, field_name in (("kit", "circle"), ("birthday", "birthday")):
        my_keys = [k for k in mine if k.split(":")[0] == kind]
        their_keys = [k for k in theirs if k.split(":")[0] == kind]
        if chosen.get(field_name) == OTHER:
            ReminderState.delete().where(ReminderState.key.in_(my_keys)).execute()
            for k in their_keys:
                ReminderState.update(key=_rekey(k, other_id, keep_id)).where(
                    ReminderState.key == k
                ).execute()
        else:
            ReminderState.delete().where(ReminderState.key.in_(their_keys)).execute()


# -- undo ---------------------------------------------------------------------------------

_BY_NAME = {m.__name__: m for m in _CHILD_MODELS}


def undo_merge(snap: MergeSnapshot) -> int:
    """Put both contacts back as they were before ``merge`` (same ids while free); touches
    and rows added to the kept contact since stay with it.  Returns the other's id."""
    keep_id, other_id = snap.keep_id, snap.other_id
    with db.atomic():
        if Contact.get_or_none(Contact.id == keep_id) is None:
            raise NotFound("the merged contact was deleted since; nothing to take back")
        other_row = dict(snap.contacts[other_id])
        if Contact.get_or_none(Contact.id == other_id) is not None:
            other_row.pop("id")
        new_other = Contact.insert(other_row).execute()
        keep_row = {k: v for k, v in snap.contacts[keep_id].items() if k != "id"}
        # Rows the snapshot knows go back to their owner; the kept contact's others stay.
        known = {
            name: {r["id"] for cid in (keep_id, other_id) for r in snap.children[cid][name]}
            for name in _BY_NAME
        }
        later_touch = None
        for name, model in _BY_NAME.items():
            if model is Interaction:
                continue
            ids = list(known[name])
            for start in range(0, len(ids), 500):
                model.delete().where(
                    (model.contact == keep_id) & model.id.in_(ids[start : start + 500])
                ).execute()
        for owner, target in ((keep_id, keep_id), (other_id, new_other)):
            for name, rows in snap.children[owner].items():
                model = _BY_NAME[name]
                for row in rows:
                    row = dict(row)
                    row["contact"] = target
                    if model is Interaction:
                        hit = model.get_or_none(model.id == row["id"])
                        if hit is not None:
                            model.update(contact=target).where(model.id == row["id"]).execute()
                            continue
                    elif model.get_or_none(model.id == row["id"]) is not None:
                        row.pop("id")
                    if model is Membership:
                        model.insert(row).on_conflict_ignore().execute()
                    else:
                        model.insert(row).execute()
        later_touch = (
            Interaction.select(fn.MAX(Interaction.occurred_at))
            .where(
                (Interaction.contact == keep_id)
                & Interaction.id.not_in(list(known["Interaction"]) or [0])
            )
            .scalar()
        )
        if later_touch is not None and (
            keep_row["last_touch_at"] is None
            or _as_datetime(later_touch) > _as_datetime(keep_row["last_touch_at"])
        ):
            keep_row["last_touch_at"] = later_touch
        Contact.update(**keep_row).where(Contact.id == keep_id).execute()
        ReminderState.delete().where(ReminderState.key.in_(snap.reminder_keys)).execute()
        for row in snap.reminders:
            row = dict(row)
            row.pop("id", None)
            if new_other != other_id:
                row["key"] = _rekey(row["key"], other_id, new_other)
            ReminderState.insert(row).on_conflict_replace().execute()
        for row in snap.import_changes:
            row = copy.deepcopy(row)
            if ImportBatch.get_or_none(ImportBatch.id == row["batch"]) is None:
                continue  # the import's history was cleared since
            if row["contact_id"] == other_id:
                row["contact_id"] = new_other
            ImportChange.delete().where(ImportChange.id == row["id"]).execute()
            ImportChange.insert(row).execute()
    return new_other
