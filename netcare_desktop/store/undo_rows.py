"""What Undo needs after a touch was logged, a reminder done, skipped or snoozed.

Before such a write, :func:`capture` keeps the rows it may change as they are: the
follow-up flags of the interactions named, the ``reminder_state`` rows of the keys
named (or that there was none), and the settings named (or that there was none).
:func:`run` does the capture and the write in one transaction and notes the touch
the write created.  :func:`restore` takes it all back in one transaction: the new
touch is removed, every flag, delivery row and setting is as it was, and the
contacts' last touch is recomputed.  No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from netcare_desktop.store import interactions
from netcare_desktop.store.models import Interaction, ReminderState, Setting, db

_DeliveryRow = tuple[datetime | None, datetime | None, datetime | None]


@dataclass(frozen=True)
class RowsBefore:
    follow_ups: dict[int, bool] = field(default_factory=dict)  # interaction id -> done?
    deliveries: dict[str, _DeliveryRow | None] = field(default_factory=dict)  # None: no row
    settings: dict[str, tuple[bool, Any]] = field(default_factory=dict)  # (there?, value)
    created: tuple[int, ...] = ()  # touches the write added: removed by restore
    contacts: tuple[int, ...] = ()  # whose last touch to recompute


def capture(
    interaction_ids: Iterable[int] = (),
    reminder_keys: Iterable[str] = (),
    setting_keys: Iterable[str] = (),
) -> RowsBefore:
    ids = list(dict.fromkeys(interaction_ids))
    follow_ups: dict[int, bool] = {}
    contacts: set[int] = set()
    if ids:
        for it in Interaction.select().where(Interaction.id.in_(ids)):
            follow_ups[it.id] = bool(it.follow_up_done)
            contacts.add(it.contact_id)
    deliveries: dict[str, _DeliveryRow | None] = {}
    for key in dict.fromkeys(reminder_keys):
        row = ReminderState.get_or_none(ReminderState.key == key)
        deliveries[key] = (
            None if row is None else (row.snoozed_until, row.last_notified, row.done_until)
        )
    settings: dict[str, tuple[bool, Any]] = {}
    for key in dict.fromkeys(setting_keys):
        srow = Setting.get_or_none(Setting.key == key)
        settings[key] = (False, None) if srow is None else (True, srow.value)
    return RowsBefore(follow_ups, deliveries, settings, (), tuple(sorted(contacts)))


def run(
    write: Callable[[], int | None],
    interaction_ids: Iterable[int] = (),
    reminder_keys: Iterable[str] = (),
    setting_keys: Iterable[str] = (),
) -> tuple[int | None, RowsBefore]:
    """Capture, then ``write`` (which returns the touch it logged, or None), atomically."""
    with db.atomic():
        before = capture(interaction_ids, reminder_keys, setting_keys)
        created = write()
        if created is not None:
            before = with_created(before, created)
    return created, before


def with_created(before: RowsBefore, interaction_id: int) -> RowsBefore:
    """``before``, also removing the touch ``interaction_id`` (logged since) on restore."""
    it = Interaction.get_or_none(Interaction.id == interaction_id)
    contacts = {*before.contacts, it.contact_id} if it is not None else set(before.contacts)
    return replace(
        before, created=(*before.created, interaction_id), contacts=tuple(sorted(contacts))
    )


def _follow_up_ids(keys: Iterable[str]) -> list[int]:
    return [int(k.split(":", 1)[1]) for k in keys if k.startswith("follow_up:")]


# -- the queue's actions, each with what its undo needs --------------------------------


def reminder_done(reminder, now: datetime) -> tuple[int | None, RowsBefore]:
    """The Due view's Done (:func:`store.reminders.done`), undoable."""
    from netcare_desktop.core.reminders import ReminderKind
    from netcare_desktop.store import reminders

    ids = [reminder.interaction_id] if reminder.interaction_id is not None else []
    settings = [reminders.STATUS_DONE_KEY] if reminder.kind is ReminderKind.STATUS else []
    return run(lambda: reminders.done(reminder, now), ids, [reminder.key], settings)


def reminder_skipped(reminder, now: datetime) -> RowsBefore:
    """The Due view's Skip (:func:`store.reminders.skip`), undoable."""
    from netcare_desktop.store import reminders

    ids = [reminder.interaction_id] if reminder.interaction_id is not None else []

    def write() -> None:
        reminders.skip(reminder, now)

    return run(write, ids, [reminder.key])[1]


def today_done(item, now: datetime) -> tuple[int | None, RowsBefore]:
    """Today's Done (:func:`store.today.done`), undoable."""
    from netcare_desktop.store import today

    return run(lambda: today.done(item, now), _follow_up_ids(item.keys), item.keys)


def today_snoozed(item, until: datetime) -> RowsBefore:
    """Today's Not today (:func:`store.today.snooze`), undoable."""
    from netcare_desktop.store import today

    def write() -> None:
        today.snooze(item, until)

    return run(write, (), [*item.keys, today.lean_key(item.contact_id)])[1]


def mark_follow_ups_done(keys: Iterable[str]) -> RowsBefore:
    """Mark the follow-ups behind these reminder keys done (after Compose from Today)."""
    ids = _follow_up_ids(keys)

    def write() -> None:
        if ids:
            Interaction.update(follow_up_done=True).where(Interaction.id.in_(ids)).execute()

    return run(write, ids)[1]


def merge(*parts: RowsBefore) -> RowsBefore:
    """One undo for several captures (the earliest value of each row wins)."""
    follow_ups: dict[int, bool] = {}
    deliveries: dict[str, _DeliveryRow | None] = {}
    settings: dict[str, tuple[bool, Any]] = {}
    for p in reversed(parts):
        follow_ups.update(p.follow_ups)
        deliveries.update(p.deliveries)
        settings.update(p.settings)
    created = tuple(i for p in parts for i in p.created)
    contacts = tuple(sorted({c for p in parts for c in p.contacts}))
    return RowsBefore(follow_ups, deliveries, settings, created, contacts)


def restore(before: RowsBefore) -> None:
    """Put back what :func:`capture` saw; remove what the write created."""
    with db.atomic():
        for iid in before.created:
            Interaction.delete().where(Interaction.id == iid).execute()
        for iid, done in before.follow_ups.items():
            Interaction.update(follow_up_done=done).where(Interaction.id == iid).execute()
        for key, row in before.deliveries.items():
            if row is None:
                ReminderState.delete().where(ReminderState.key == key).execute()
                continue
            snoozed, notified, done_until = row
            values = {"snoozed_until": snoozed, "last_notified": notified, "done_until": done_until}
            ReminderState.insert(key=key, **values).on_conflict(
                conflict_target=[ReminderState.key], update=values
            ).execute()
        for key, (there, value) in before.settings.items():
            if there:
                Setting.replace(key=key, value=value).execute()
            else:
                Setting.delete().where(Setting.key == key).execute()
        for cid in before.contacts:
            interactions.refresh_last_touch(cid)
