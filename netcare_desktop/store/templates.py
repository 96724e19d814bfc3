"""The person's message templates (one ``Setting`` row) and what a message says about a contact.

Reads are plain SQL on any ``sqlite3`` connection (the GUI's lean reader or
peewee's own); writes go through peewee.  Templates are stored only once the
person has changed something: while the row is absent, the defaults of this
version of NetCare apply, and a default added by a later version shows up
next to the person's own.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from datetime import datetime, tzinfo

from netcare_desktop.core.reminders import ReminderKind
from netcare_desktop.core.templates import (
    DEFAULT_TEMPLATES,
    ComposeContext,
    Template,
    last_topic_from,
    merge_with_defaults,
    suggested_template,
)

SETTING_KEY = "templates"

log = logging.getLogger(__name__)


def _parse(value: object) -> list[Template]:
    """Saved templates from the stored JSON; a damaged entry is skipped, never fatal."""
    if not isinstance(value, list):
        raise ValueError("saved templates are not a list")
    out = []
    for entry in value:
        try:
            out.append(Template.from_dict(entry))
        except ValueError as exc:
            log.warning("a saved template was skipped: %s", exc)
    return out


def load_templates(conn: sqlite3.Connection) -> list[Template]:
    """The person's templates: the saved ones, then any default they do not have.

    Nothing saved, or a value that cannot be read: the defaults.
    """
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (SETTING_KEY,)).fetchone()
    except sqlite3.Error as exc:
        log.warning("templates could not be read: %s", exc)
        return list(DEFAULT_TEMPLATES)
    if row is None or row[0] is None:
        return list(DEFAULT_TEMPLATES)
    try:
        value = json.loads(row[0]) if isinstance(row[0], str | bytes) else row[0]
        return merge_with_defaults(_parse(value))
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError included
        log.warning("saved templates are damaged, using the defaults: %s", exc)
        return list(DEFAULT_TEMPLATES)


def save_templates(templates: Iterable[Template]) -> None:
    """Store the templates; the same as the defaults stores nothing (see :func:`reset_templates`)."""
    from netcare_desktop.store.models import Setting, db

    items = list(templates)
    if items == list(DEFAULT_TEMPLATES):
        reset_templates()
        return
    with db.atomic():
        Setting.replace(key=SETTING_KEY, value=[t.to_dict() for t in items]).execute()


def reset_templates() -> None:
    """Back to the defaults."""
    from netcare_desktop.store.models import Setting

    Setting.delete().where(Setting.key == SETTING_KEY).execute()


def compose_context(contact_id: int, now: datetime) -> ComposeContext:
    """What the templates can say about this contact.

    ``first_name``: the given name, else the nickname, else the display name.
    ``last_topic``: the summary of the latest interaction up to ``now`` that has one.
    Raises ``contacts.NotFound`` for an unknown id.
    """
    from netcare_desktop.store.contacts import NotFound
    from netcare_desktop.store.models import Contact, Interaction

    c = Contact.get_or_none(Contact.id == contact_id)
    if c is None:
        raise NotFound(f"no contact with id {contact_id}")
    latest = (
        Interaction.select(Interaction.summary)
        .where(
            (Interaction.contact == contact_id)
            & (Interaction.occurred_at <= now)
            & (Interaction.summary != "")
        )
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .first()
    )
    name = c.display_name.strip()
    return ComposeContext(
        first_name=c.given_name.strip() or c.nickname.strip() or name,
        name=name,
        organization=c.organization.strip(),
        title=c.title.strip(),
        last_topic=last_topic_from(latest.summary) if latest else "",
    )


def contact_emails(contact_id: int) -> list[str]:
    """The contact's email addresses, preferred first, then in their order."""
    from netcare_desktop.store.models import Email

    rows = (
        Email.select(Email.address)
        .where(Email.contact == contact_id)
        .order_by(Email.preferred.desc(), Email.position, Email.id)
    )
    return [r.address for r in rows if r.address.strip()]


def suggested_key(contact_id: int, now: datetime, tz: tzinfo | None = None) -> str | None:
    """The template that suits this contact right now, or None for the first one.

    A birthday today (or a belated one no touch has settled yet): Birthday wishes,
    whichever way Compose was opened.
    """
    from netcare_desktop.core import reminders as rules
    from netcare_desktop.store.models import Contact

    c = Contact.get_or_none(Contact.id == contact_id)
    if c is None or not c.birthday_month or not c.birthday_day:
        return None
    due = rules.birthday(
        contact_id,
        c.display_name,
        c.birthday_month,
        c.birthday_day,
        c.birthday_year,
        c.last_touch_at,
        now,
        tz,
    )
    if due is None or due.due_date > rules.local_date(now, tz):
        return None  # no birthday near, or it is still to come
    return suggested_template(ReminderKind.BIRTHDAY.value)
