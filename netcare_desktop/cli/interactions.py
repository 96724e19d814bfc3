"""The touch subcommands: ``interactions``, ``edit-interaction`` and ``delete-interaction``.

The store checks an edit exactly as the window's Edit Touch does
(``store.interactions.InvalidInteraction``); its message is the one line printed.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date

from netcare_desktop.cli.common import UserError, current_time, iso_text, parse_when


def _row(it) -> dict:
    return {
        "id": it.id,
        "contact_id": it.contact_id,
        "at": iso_text(it.occurred_at),
        "kind": it.kind,
        "direction": it.direction,
        "summary": it.summary,
        "notes": it.notes,
        "follow_up": iso_text(it.follow_up),
        "follow_up_done": bool(it.follow_up_done),
    }


def _line(it) -> str:
    local = it.occurred_at.replace(tzinfo=UTC).astimezone()
    parts = [f"{it.id}", f"{local:%Y-%m-%d %H:%M}", f"{it.kind} ({it.direction})"]
    if it.summary:
        parts.append(it.summary)
    if it.follow_up:
        parts.append(
            f"follow up {it.follow_up.isoformat()}{' (done)' if it.follow_up_done else ''}"
        )
    text = "  ".join(parts)
    if it.notes:
        text += "".join(f"\n      {line}" for line in it.notes.splitlines())
    return text


def cmd_interactions(args) -> int:
    from netcare_desktop.store import contacts, interactions

    try:
        contact = contacts.resolve_contact(args.contact)
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from exc
    rows = interactions.timeline(contact.id)
    if args.json:
        json.dump([_row(it) for it in rows], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print(f"No interactions with {contact.display_name} yet.", file=sys.stderr)
        return 0
    for it in rows:
        print(_line(it))
    return 0


def _interaction_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UserError(
            f"{text!r} is not an interaction id (see `netcare interactions CONTACT`)"
        ) from None
    if value <= 0:
        raise UserError(f"{text!r} is not an interaction id (see `netcare interactions CONTACT`)")
    return value


def cmd_edit_interaction(args) -> int:
    from netcare_desktop.store import interactions
    from netcare_desktop.store.errors import NotFound

    iid = _interaction_id(args.id)
    now = current_time()
    changes: dict = {}
    if args.kind is not None:
        changes["kind"] = args.kind
    if args.direction is not None:
        changes["direction"] = args.direction
    if args.when is not None:
        changes["occurred_at"] = parse_when(args.when, option="--when")
    if args.summary is not None:
        changes["summary"] = args.summary
    if args.notes is not None:
        changes["notes"] = args.notes
    if args.no_follow_up:
        changes["follow_up"] = None
    elif args.follow_up is not None:
        try:
            changes["follow_up"] = date.fromisoformat(args.follow_up)
        except ValueError:
            raise UserError(f"--follow-up {args.follow_up!r} is not a date (YYYY-MM-DD)") from None
    if not changes:
        raise UserError(
            "nothing to change: give --kind, --when, --direction, --summary, --notes,"
            " --follow-up or --no-follow-up"
        )
    try:
        interactions.edit_interaction(iid, now, allow_future=args.future, **changes)
    except interactions.FutureTouch as exc:
        raise UserError(f"{exc}. Add --future to store it anyway") from exc
    except interactions.InvalidInteraction as exc:
        raise UserError(str(exc)) from exc
    except NotFound as exc:
        raise UserError(f"{exc} (see `netcare interactions CONTACT`)") from exc
    it = interactions.get_interaction(iid)
    if args.json:
        json.dump(_row(it), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(f"Saved: {_line(it)}")
    return 0


def cmd_delete_interaction(args) -> int:
    from netcare_desktop.store import interactions
    from netcare_desktop.store.errors import NotFound
    from netcare_desktop.store.models import Contact

    iid = _interaction_id(args.id)
    try:
        snap = interactions.delete_interaction(iid)
    except NotFound as exc:
        raise UserError(f"{exc} (see `netcare interactions CONTACT`)") from exc
    name = Contact.get_by_id(snap.contact_id).display_name
    local = snap.occurred_at.replace(tzinfo=UTC).astimezone()
    print(f"Deleted interaction {iid} ({snap.kind} with {name} on {local:%Y-%m-%d %H:%M}).")
    return 0
