"""The people subcommands: ``contacts``, ``log``, ``due``, ``today`` and ``health``.

Each reads (or, for ``log``, writes one interaction to) the opened store and prints
lines for a person or JSON for a script.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date

from netcare_desktop.cli.common import (
    FIRST_YEAR,
    LAST_YEAR,
    UserError,
    current_time,
    iso_text,
    parse_when,
)


def cmd_contacts(args) -> int:
    from netcare_desktop.store.models import Email, Phone, db
    from netcare_desktop.store.queries import ContactQuery

    now = current_time()
    conn = db.connection()
    query = ContactQuery(search=args.search)
    rows = query.page(conn, 0, query.count(conn), now)
    if args.json:
        ids = [r.id for r in rows]
        emails: dict[int, list[str]] = {}
        phones: dict[int, list[str]] = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            for e in Email.select().where(Email.contact.in_(part)).order_by(Email.position):
                emails.setdefault(e.contact_id, []).append(e.address)
            for p in Phone.select().where(Phone.contact.in_(part)).order_by(Phone.position):
                phones.setdefault(p.contact_id, []).append(p.raw)
        out = [
            {
                "id": r.id,
                "name": r.name,
                "organization": r.organization,
                "title": r.title,
                "circle": r.circle or None,
                "emails": emails.get(r.id, []),
                "phones": phones.get(r.id, []),
                "last_touch": iso_text(r.last_touch),
                "next_due": iso_text(r.next_due),
                "status": r.health.value,
            }
            for r in rows
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("No contacts match." if args.search else "No contacts yet.", file=sys.stderr)
        return 0
    width = max(len(str(r.id)) for r in rows)
    for r in rows:
        org = f" — {r.organization}" if r.organization else ""
        print(f"{r.id:>{width}}  {r.name}{org}")
    return 0


def cmd_log(args) -> int:
    from netcare_desktop.core.kinds import parse_kind
    from netcare_desktop.store import contacts

    try:
        kind = parse_kind(args.kind)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    now = current_time()
    when = parse_when(args.at) if args.at else now
    from netcare_desktop.core.cadence import FUTURE_TOUCH_SLACK

    if when - now > FUTURE_TOUCH_SLACK and not args.future:
        raise UserError(
            f"--at {args.at} is in the future; a touch is something that happened, and one"
            " logged ahead would keep this contact 'on track' until then. Add --future to"
            " log it anyway"
        )
    follow_up = None
    if args.follow_up:
        try:
            follow_up = date.fromisoformat(args.follow_up)
        except ValueError as exc:
            raise UserError(f"--follow-up {args.follow_up!r} is not a date (YYYY-MM-DD)") from exc
        if not FIRST_YEAR <= follow_up.year <= LAST_YEAR:
            raise UserError(
                f"--follow-up {args.follow_up} is outside the years {FIRST_YEAR} to {LAST_YEAR}"
            )
    try:
        contact = contacts.resolve_contact(args.contact)
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from exc
    from netcare_desktop.store.interactions import InvalidInteraction

    try:
        iid = contacts.log_interaction(
            contact.id,
            kind,
            when,
            now,
            direction=args.direction,
            summary=args.summary,
            notes=args.notes,
            follow_up=follow_up,
        )
    except InvalidInteraction as exc:
        raise UserError(str(exc)) from exc
    if args.json:
        from netcare_desktop.store.models import Interaction

        it = Interaction.get_by_id(iid)
        json.dump(
            {
                "id": it.id,
                "contact_id": contact.id,
                "contact": contact.display_name,
                "kind": it.kind,
                "direction": it.direction,
                "at": iso_text(it.occurred_at),
                "summary": it.summary,
                "notes": it.notes,
                "follow_up": iso_text(it.follow_up),
            },
            sys.stdout,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
    else:
        local = when.replace(tzinfo=UTC).astimezone()
        print(f"Logged {kind.value} with {contact.display_name} on {local:%Y-%m-%d %H:%M}.")
    return 0


def cmd_due(args) -> int:
    from netcare_desktop.core.cadence import HEALTH_LABELS
    from netcare_desktop.core.reminders import KIND_LABELS, describe
    from netcare_desktop.store import reminders
    from netcare_desktop.store.models import db

    at = parse_when(args.at) if args.at else current_time()
    queue = reminders.due_queue(db.connection(), at, None, include_hidden=args.include_snoozed)
    if args.json:
        out = [
            {
                "contact_id": r.contact_id,
                "display_name": r.display_name,
                "kind": r.kind.value,
                "due": r.due_date.isoformat(),
                "state": r.state.value,
                "days_overdue": r.days_overdue,
            }
            for r in queue
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not queue:
        print("Nothing is due. Every relationship with a cadence is on track.", file=sys.stderr)
        return 0
    for r in queue:
        late = f", {r.days_overdue} days late" if r.days_overdue else ""
        print(
            f"{HEALTH_LABELS[r.state]:<8} {KIND_LABELS[r.kind]:<13} {r.display_name}"
            f"  ({describe(r, None)}; due {r.due_date.isoformat()}{late})"
        )
    return 0


def cmd_today(args) -> int:
    from netcare_desktop.core.kinds import KIND_LABELS
    from netcare_desktop.store import today
    from netcare_desktop.store.models import db

    at = parse_when(args.at) if args.at else current_time()
    items = today.today_queue(db.connection(), at, None)
    if args.json:
        json.dump([i.as_json() for i in items], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not items:
        print("Nobody needs you today. Enjoy it.", file=sys.stderr)
        return 0
    for n, i in enumerate(items, 1):
        print(f"{n}. {i.display_name}: {i.reason}. Suggested: {KIND_LABELS[i.suggested_kind]}.")
    return 0


def cmd_health(args) -> int:
    from netcare_desktop.core.health import SCORE_RULE
    from netcare_desktop.store import health
    from netcare_desktop.store.models import db

    at = parse_when(args.at) if args.at else current_time()
    h = health.network_health(db.connection(), at)
    if args.json:
        json.dump(h.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"Network health: {h.score}/100")
    print(f"  ({SCORE_RULE})")
    for c in h.circles:
        guide = f" (guide: at most {c.guide})" if c.guide else ""
        states = (
            f"{c.on_track} on track, {c.due_soon} due soon, {c.due} due, "
            f"{c.overdue} overdue, {c.lapsed} lapsed"
            if c.cadence_days
            else "no reminders"
        )
        people = "person" if c.members == 1 else "people"
        print(f"  {c.name}: {c.members} {people}{guide}; {states}")
    print(f"  Without a circle: {h.without_circle}")
    t = h.touches
    print(f"Touches: {t['30']} in 30 days, {t['90']} in 90 days, {t['365']} in a year")
    print(f"Give and ask, all time: gave {h.gave}, asked {h.asked}")
    return 0
