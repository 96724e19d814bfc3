"""``netcare merge KEEP OTHER [--take FIELD=other ...] [--dry-run]``.

The same merge as the window's (``store.merge``): OTHER's touches, groups, emails and
phone numbers join KEEP, each differing field keeps KEEP's value (OTHER's fills an empty
one, both notes stay) unless ``--take`` says otherwise, and OTHER is deleted.  The command line has no
Ctrl+Z, so a verified backup is taken first and named; ``--dry-run`` only says what
would happen.
"""

from __future__ import annotations

from netcare_desktop.cli.common import UserError, current_time, load_prefs
from netcare_desktop.core.words import plural


def add_parser(sub) -> None:
    """The ``merge`` subcommand's arguments (on the parser's subparsers)."""
    m = sub.add_parser(
        "merge",
        help="merge OTHER into KEEP: touches, groups, emails and phones joined, OTHER deleted",
        epilog="FIELD: given_name, family_name, display_name, organization, title, notes,"
        " birthday, photo, circle, cadence_days, linkedin_url, vcard_uid, archived…"
        " (a wrong one lists them all)",
    )
    m.add_argument("keep", metavar="KEEP", help="the contact that stays (id, email or name)")
    m.add_argument("other", metavar="OTHER", help="the contact merged into it and deleted")
    m.add_argument(
        "--take",
        action="append",
        default=[],
        metavar="FIELD=other",
        help="take OTHER's value of FIELD (FIELD=keep: KEEP's; notes=both: both);"
        " by default KEEP's value stays and OTHER's fills what KEEP lacks",
    )
    m.add_argument("--dry-run", action="store_true", help="say what would happen; change nothing")


def _choices(takes: list[str], names: tuple[str, ...]) -> dict[str, str]:
    """``--take title=other`` (or just ``--take title``) as the merge's choices."""
    out = {}
    for take in takes:
        name, _sep, pick = take.partition("=")
        name, pick = name.strip().replace("-", "_"), pick.strip().lower() or "other"
        if name not in names:
            raise UserError(f"--take {take!r}: no field {name!r} (fields: {', '.join(names)})")
        if pick not in ("keep", "other", "both") or (pick == "both" and name != "notes"):
            raise UserError(f"--take {take!r}: say {name}=other or {name}=keep")
        out[name] = pick
    return out


def cmd_merge(args) -> int:
    from netcare_desktop import paths as app_paths
    from netcare_desktop.store import backup, contacts, merge
    from netcare_desktop.store.models import db

    try:
        keep = contacts.resolve_contact(args.keep)
        other = contacts.resolve_contact(args.other)
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from exc
    if keep.id == other.id:
        raise UserError(f"{args.keep!r} and {args.other!r} are the same contact")
    chosen = _choices(args.take, merge.FIELD_NAMES)
    plan = merge.merge_plan(keep.id, other.id)
    # As an import merges: KEEP's values stay, OTHER's fill the empty ones, both notes
    # stay; --take says otherwise.
    choices = {
        f.name: "both" if f.default == "both" else "other" if not f.keep_text else "keep"
        for f in plan.fields
    }
    choices.update(chosen)
    print(f"Merging {other.id} ({plan.other_name}) into {keep.id} ({plan.keep_name}):")
    for f in plan.fields:
        pick = choices[f.name]
        if pick == "both":
            print(f"  {f.label}: both, one after the other")
        else:
            value, lost = (
                (f.keep_text, f.other_text) if pick == "keep" else (f.other_text, f.keep_text)
            )
            drops = f"  (drops {lost})" if lost else ""
            print(f"  {f.label}: {value or '(empty)'!s}{drops}")
    joined = [_count(n, kind) for kind, n in plan.joined.items()]
    if joined:
        print("  joins: " + ", ".join(joined))
    same = [_count(n, kind) for kind, n in plan.duplicates.items()]
    if same:
        print("  already on both, kept once: " + ", ".join(same))
    if args.dry_run:
        print("Nothing was changed (--dry-run).")
        return 0
    prefs = load_prefs()
    where = app_paths.resolve(args.data_dir)
    try:
        saved = backup.take_backup(
            db.connection(),
            where.backups_dir,
            current_time(),
            "manual",
            prefs.backup_days,
            prefs.backup_weeks,
        )
    except backup.BackupError as exc:
        raise UserError(f"no backup could be taken, so nothing was merged: {exc}") from exc
    merge.merge(keep.id, other.id, choices, current_time())
    print(f"Merged. A backup from just before is {saved} (netcare restore to go back).")
    return 0


_ONE = {"emails": "email", "phones": "phone", "urls": "web address", "addresses": "address",
        "extras": "vCard property", "groups": "group", "touches": "touch"}  # fmt: skip


def _count(n: int, kind: str) -> str:
    """'1 email', '2 touches' (the plan names its kinds in the plural)."""
    one = _ONE.get(kind, kind)
    return plural(n, one, kind if one != kind else None)
