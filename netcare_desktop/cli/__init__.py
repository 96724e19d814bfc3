"""Command line: the GUI by default, scriptable subcommands otherwise.

The subcommands never import Qt, so they start fast and run without a
display.  Exit codes: 0 success, 1 a user error (one line on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime

from netcare_desktop import __version__

SUBCOMMANDS = (
    "contacts",
    "log",
    "due",
    "today",
    "health",
    "import",
    "export",
    "imports",
    "undo-import",
    "backup",
    "restore",
)


class UserError(Exception):
    """Something the user can fix; printed as one line, exit code 1."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _add_global(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the database, backups and logs in DIR (also $NETCARE_DATA_DIR)",
    )


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="netcare",
        description="NetCare keeps your career network healthy. With no command it opens the app.",
        epilog=f"commands: {', '.join(SUBCOMMANDS)} (netcare COMMAND --help)",
    )
    _add_global(p)
    p.add_argument("--version", action="version", version=f"NetCare {__version__}")
    p.add_argument(
        "--self-test",
        action="store_true",
        help="start the GUI in a temporary data dir, check it is healthy, exit 0 if so",
    )
    p.add_argument(
        "--hidden",
        action="store_true",
        help="start in the system tray without opening the window (as at login);"
        " where there is no tray the window opens anyway",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="contact files to import")
    return p


def _command_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="netcare")
    _add_global(p)
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("contacts", help="list contacts")
    c.add_argument("--search", default="", metavar="TEXT", help="only contacts matching TEXT")
    c.add_argument("--json", action="store_true", help="machine-readable output")

    imp = sub.add_parser(
        "import", help="import vCard, CSV (LinkedIn, Google, Outlook) or NetCare JSON files"
    )
    imp.add_argument("files", nargs="+", metavar="FILE", help="files or folders")
    imp.add_argument(
        "--dry-run", action="store_true", help="report what would happen, change nothing"
    )
    imp.add_argument("--json", action="store_true", help="the report as JSON")
    imp.add_argument(
        "--region",
        metavar="CC",
        help="country of phone numbers written without +code, e.g. GB"
        " (default: the one chosen in Preferences, else the system locale)",
    )

    exp = sub.add_parser("export", help="export contacts")
    exp.add_argument("--format", required=True, choices=("vcf", "vcf3", "csv", "json"))
    exp.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )

    sub.add_parser("imports", help="list past imports").add_argument("--json", action="store_true")
    undo = sub.add_parser("undo-import", help="undo an import (see `netcare imports`)")
    undo.add_argument("batch", type=int, metavar="ID")
    undo.add_argument(
        "--dry-run", action="store_true", help="say what would be removed and kept; change nothing"
    )
    undo.add_argument(
        "--delete-touched",
        action="store_true",
        help="also delete contacts the import created that were touched or edited since",
    )

    log = sub.add_parser("log", help="log an interaction with a contact")
    log.add_argument("contact", metavar="CONTACT", help="an id, an email address or a name")
    log.add_argument("--kind", required=True, metavar="KIND")
    log.add_argument(
        "--at", metavar="ISO", help="when (ISO 8601, local time unless it has an offset)"
    )
    log.add_argument("--summary", default="", metavar="TEXT")
    log.add_argument("--notes", default="", metavar="TEXT")
    log.add_argument("--direction", choices=("gave", "asked", "mutual"))
    log.add_argument("--follow-up", metavar="DATE", help="a date to follow up (YYYY-MM-DD)")
    log.add_argument(
        "--future",
        action="store_true",
        help="allow an --at more than two days ahead (a touch is normally in the past)",
    )
    log.add_argument("--json", action="store_true", help="print the logged interaction as JSON")

    due = sub.add_parser("due", help="what needs attention now (or at --at), most pressing first")
    due.add_argument(
        "--at", metavar="ISO", help="at this moment instead of now (local time unless offset)"
    )
    due.add_argument("--json", action="store_true", help="machine-readable output")
    due.add_argument(
        "--include-snoozed", action="store_true", help="also list snoozed and skipped reminders"
    )
    b = sub.add_parser("backup", help="make a verified backup (in backups/, or -o FILE)")
    b.add_argument("-o", "--output", metavar="FILE", help="write the copy to FILE instead")
    b.add_argument("--list", action="store_true", help="list the backups instead")
    r = sub.add_parser("restore", help="restore a backup (the current data is backed up first)")
    r.add_argument(
        "file", nargs="?", metavar="FILE", help="a backup file (see `netcare backup --list`)"
    )
    r.add_argument(
        "--undo", action="store_true", help="undo the last restore (put back what was there)"
    )
    for name, text in (
        ("today", "whom to reach out to today, and why (a short ranked list)"),
        ("health", "the network's health: score, circles, touches, give/ask balance"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument(
            "--at", metavar="ISO", help="at this moment instead of now (local time unless offset)"
        )
        cmd.add_argument("--json", action="store_true", help="machine-readable output")
    return p


def _first_positional(argv: Sequence[str]) -> str | None:
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--data-dir":
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _first_positional(argv) in SUBCOMMANDS:
        args = _command_parser().parse_args(argv)
        try:
            return _run_command(args)
        except UserError as exc:
            print(f"netcare: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:  # `netcare contacts | head`: the reader left, that is fine
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        except Exception as exc:  # a user never sees a traceback: one line, details logged
            from netcare_desktop.store.locking import StoreBusy

            if isinstance(exc, StoreBusy):
                print(f"netcare: {exc}", file=sys.stderr)
                return 1
            print(f"netcare: {_explain(exc, args)}", file=sys.stderr)
            return 1
    args = _gui_parser().parse_args(argv)
    import gc

    # Start-up allocates many long-lived objects (Qt's enums, widgets): collecting
    # them repeatedly is wasted time. The app re-enables the collector, and freezes
    # what start-up made, once the first frame is on screen.
    gc.disable()
    _preload_non_qt_modules()
    from netcare_desktop.app import run_gui  # Qt is imported only on this path

    return run_gui(
        data_dir=args.data_dir, files=args.files, self_test=args.self_test, hidden=args.hidden
    )


def _preload_non_qt_modules() -> None:
    """Import the GUI's non-Qt modules before PySide6.

    Once PySide6 is loaded, its ``__feature__`` import hook reads the source
    of every module imported after it; importing these first skips that work
    and shortens start-up.
    """
    import netcare_desktop.core.cadence  # noqa: F401
    import netcare_desktop.logsetup  # noqa: F401
    import netcare_desktop.store.queries  # noqa: F401
    import netcare_desktop.store.reader  # noqa: F401


def _root_cause(exc: BaseException) -> BaseException:
    """The error that started it: a failed ROLLBACK after a full disk hides the full disk."""
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    storage = [e for e in seen if _storage_problem(e)]
    return storage[-1] if storage else seen[0]


def _storage_problem(exc: BaseException) -> str | None:
    import errno

    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "disk is full" in text:
        return "the disk is full"
    if isinstance(exc, OSError) and exc.errno == errno.EROFS or "readonly" in text:
        return "the database or its folder is read-only"
    if isinstance(exc, OSError) and exc.errno == errno.EACCES or "unable to open" in text:
        return "NetCare's files cannot be opened (permissions)"
    if "disk i/o error" in text or isinstance(exc, OSError) and exc.errno == errno.EIO:
        return "the disk reported an I/O error"
    return None


def _explain(exc: BaseException, args) -> str:
    """One line for an error nobody planned for; the traceback goes to the log file."""
    import traceback

    cause = _root_cause(exc)
    problem = _storage_problem(cause)
    if problem:  # SQLite says "readonly" when a full disk denied it its -shm: look
        problem = _disk_state(args) or problem
    where = _log_traceback(args, "".join(traceback.format_exception(exc)))
    if problem:
        return f"{problem}: nothing was changed ({cause})"
    detail = f"; details are in {where}" if where else ""
    return f"unexpected error, nothing was changed ({type(cause).__name__}: {cause}){detail}"


def _disk_state(args) -> str | None:
    """What the data folder's file system says: full, read-only, or nothing to say."""
    import os

    from netcare_desktop import paths

    try:
        st = os.statvfs(paths.resolve(getattr(args, "data_dir", None)).data_dir)
    except (OSError, AttributeError):  # no statvfs on Windows
        return None
    if st.f_flag & os.ST_RDONLY:
        return "the data folder's disk is read-only"
    if st.f_bavail * st.f_frsize < 1_000_000:
        return "the disk is full"
    return None


def _log_traceback(args, text: str) -> str | None:
    """Append ``text`` to the log (created 0600); where it went, or None if it could not."""
    import os

    from netcare_desktop import paths

    try:
        log_dir = paths.resolve(getattr(args, "data_dir", None)).log_dir
        log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = log_dir / "netcare.log"
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(f"{_now().isoformat()} ERROR netcare.cli: {text}\n")
        return str(target)
    except (OSError, ValueError):
        return None


class _SayWaitingOnce:
    """The CLI's lock-wait hook: one line on stderr once a write has waited a moment."""

    def __init__(self) -> None:
        self.said = False

    def __call__(self, waited: float | None) -> None:
        if waited is not None and waited >= 0.2 and not self.said:
            self.said = True
            print(
                "netcare: waiting for another program that is writing to the database"
                " (an import, a backup or the NetCare window)…",
                file=sys.stderr,
                flush=True,
            )


# -- subcommands ----------------------------------------------------------------


def _open(args):
    from netcare_desktop import paths
    from netcare_desktop.store.database import StoreError, open_store, set_wait_hook

    set_wait_hook(_SayWaitingOnce())

    app_paths = paths.resolve(args.data_dir)
    try:
        app_paths.ensure()
        database = open_store(app_paths.database, app_paths.backups_dir, _now())
        _recover_interrupted_imports()
        return database
    except StoreError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"cannot use the data folder {app_paths.data_dir}: {exc.strerror}") from exc


def _recover_interrupted_imports() -> None:
    """An import killed mid-way is taken back before this command reads or writes."""
    import peewee

    from netcare_desktop.interop import stream

    try:
        said = stream.recover_interrupted() if stream.unfinished_imports() else []
    except (peewee.DatabaseError, OSError, LookupError, ValueError) as exc:  # read on
        print(f"netcare: could not take back an unfinished import yet: {exc}", file=sys.stderr)
        return
    for line in said:
        print(f"netcare: {line}", file=sys.stderr)


def _run_command(args) -> int:
    database = _open(args)
    try:
        if args.command == "contacts":
            return _cmd_contacts(args)
        if args.command == "log":
            return _cmd_log(args)
        if args.command == "due":
            return _cmd_due(args)
        if args.command == "backup":
            return _cmd_backup(args)
        if args.command == "restore":
            return _cmd_restore(args)
        if args.command == "today":
            return _cmd_today(args)
        if args.command == "health":
            return _cmd_health(args)
        if args.command == "import":
            return _cmd_import(args)
        if args.command == "export":
            return _cmd_export(args)
        if args.command == "imports":
            return _cmd_imports(args)
        if args.command == "undo-import":
            return _cmd_undo_import(args)
    finally:
        database.close()
    return 2


def _iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _cmd_contacts(args) -> int:
    from netcare_desktop.store.models import Email, Phone, db
    from netcare_desktop.store.queries import ContactQuery

    now = _now()
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
                "last_touch": _iso(r.last_touch),
                "next_due": _iso(r.next_due),
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


# The years --at may name: reminders add cadences and birthdays to it, and Python's
# dates end at 9999; nobody's network needs more than this.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def _parse_when(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise UserError(
            f"--at {text!r} is not an ISO date or time (e.g. 2026-11-25T14:30)"
        ) from exc
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise UserError(f"--at {text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    if value.tzinfo is None:
        value = value.astimezone()  # local time
    return value.astimezone(UTC).replace(tzinfo=None)


def _cmd_log(args) -> int:
    from netcare_desktop.core.kinds import parse_kind
    from netcare_desktop.store import contacts

    try:
        kind = parse_kind(args.kind)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    now = _now()
    when = _parse_when(args.at) if args.at else now
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
                "at": _iso(it.occurred_at),
                "summary": it.summary,
                "notes": it.notes,
                "follow_up": _iso(it.follow_up),
            },
            sys.stdout,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
    else:
        local = when.replace(tzinfo=UTC).astimezone()
        print(f"Logged {kind.value} with {contact.display_name} on {local:%Y-%m-%d %H:%M}.")
    return 0


def _cmd_due(args) -> int:
    from netcare_desktop.core.cadence import HEALTH_LABELS
    from netcare_desktop.core.reminders import KIND_LABELS, describe
    from netcare_desktop.store import reminders
    from netcare_desktop.store.models import db

    at = _parse_when(args.at) if args.at else _now()
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


def _cmd_backup(args) -> int:
    from pathlib import Path

    from netcare_desktop import paths as app_paths
    from netcare_desktop.store import backup
    from netcare_desktop.store.models import db

    where = app_paths.resolve(args.data_dir)
    if args.list:
        for b in backup.list_backups(where.backups_dir):
            print(
                f"{b.taken_at:%Y-%m-%d %H:%M:%S}Z  {b.label:<15} {b.size / 1e6:8.1f} MB  {b.path}"
            )
        return 0
    prefs = _prefs()
    try:
        if args.output:
            target = backup.export_copy(db.connection(), Path(args.output))
        else:
            target = backup.take_backup(
                db.connection(),
                where.backups_dir,
                _now(),
                "manual",
                prefs.backup_days,
                prefs.backup_weeks,
            )
    except backup.BackupError as exc:
        raise UserError(str(exc)) from exc
    print(f"Backed up to {target} (verified).")
    return 0


def _cmd_restore(args) -> int:
    from pathlib import Path

    from netcare_desktop import paths as app_paths
    from netcare_desktop.store import backup, schema
    from netcare_desktop.store.models import db

    where = app_paths.resolve(args.data_dir)
    if args.undo == bool(args.file):
        raise UserError("give a backup FILE to restore, or --undo to undo the last restore")
    try:
        if args.undo:
            source, safety = backup.undo_restore(db.connection(), where.backups_dir, _now())
        else:
            source = Path(args.file)
            if not source.is_absolute() and not source.exists():
                source = where.backups_dir / source
            safety = backup.restore(db.connection(), source, where.backups_dir, _now())
        schema.migrate(db.obj, where.backups_dir, _now())  # an older backup: bring it up to date
    except backup.BackupError as exc:
        raise UserError(str(exc)) from exc
    if args.undo:
        print(f"Undid the last restore: back to {source.name}. What it replaced is in {safety}.")
    else:
        print(
            f"Restored {source.name}. What was there before is kept in {safety}"
            " (`netcare restore --undo` puts it back)."
        )
    return 0


def _prefs():
    from netcare_desktop.store import reminders
    from netcare_desktop.store.models import db

    return reminders.read_preferences(db.connection())


def _cmd_today(args) -> int:
    from netcare_desktop.core.kinds import KIND_LABELS
    from netcare_desktop.store import today
    from netcare_desktop.store.models import db

    at = _parse_when(args.at) if args.at else _now()
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


def _cmd_health(args) -> int:
    from netcare_desktop.core.health import SCORE_RULE
    from netcare_desktop.store import health
    from netcare_desktop.store.models import db

    at = _parse_when(args.at) if args.at else _now()
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


def _cmd_import(args) -> int:
    from pathlib import Path

    from netcare_desktop.interop import importer

    paths = importer.expand_paths(args.files)
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise UserError(f"no such file: {missing[0]}")
    special = [str(p) for p in paths if not Path(p).is_file()]
    if special:  # /dev/zero would never end, a FIFO would wait for a writer forever
        raise UserError(
            f"{special[0]} is not a regular file (a device, a pipe or a socket); nothing imported"
        )
    if not paths:
        raise UserError("no .vcf, .vcard, .csv or .json files in the given folders")
    from netcare_desktop.interop.stream import import_files

    before_write = None
    if not args.dry_run:
        from netcare_desktop import paths as app_paths
        from netcare_desktop.store import backup

        where = app_paths.resolve(args.data_dir)

        def before_write(records: int) -> None:
            try:
                backup.before_import(where.database, where.backups_dir, _now(), records)
            except backup.BackupError as exc:
                raise UserError(
                    f"could not back up before importing, nothing imported: {exc}"
                ) from exc

    outcome = import_files(
        paths,
        _now(),
        # --region, else the region chosen in Preferences, else the locale's
        region=_region(args.region) or _prefs().phone_region or None,
        dry_run=args.dry_run,
        source=" ".join(str(p) for p in args.files),
        before_write=before_write,
    )
    report = importer.report_json(outcome.files)
    if not outcome.readable:  # nothing could be read: say why on stderr, nothing changed
        for f in outcome.files:
            for issue in f.issues:
                print(f"netcare: {issue}", file=sys.stderr)
        if args.json:
            report["dry_run"] = bool(args.dry_run)
            json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        return 1
    batch_id = outcome.result.batch_id
    if batch_id is not None:
        report["batch"] = batch_id
    report["dry_run"] = bool(args.dry_run)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        verb = "Would import" if args.dry_run else "Imported"
        for f in report["files"]:
            print(
                f"{f['path']}: {f['records']} record(s) ({f['format']}): {f['created']} new, "
                f"{f['merged']} merged, {f['unchanged']} unchanged, "
                f"{f['possible_duplicates']} possible duplicate(s)"
            )
            for e in f["errors"]:
                print(f"  line {e['line']}: {e['message']}")
        print(
            f"{verb}: {report['created']} new, {report['merged']} merged, {report['unchanged']} unchanged, "
            f"{report['possible_duplicates']} possible duplicate(s) created as new contacts"
            + (f". Undo with: netcare undo-import {batch_id}" if batch_id else "")
        )
        for it in outcome.duplicates:
            print(
                f"  possible duplicate: {it.name} (similar to {it.target_name}, id {it.target_id})"
            )
    return 0


def _region(text: str | None) -> str | None:
    """``--region`` as phonenumbers knows it (``gb`` -> ``GB``), or a user error."""
    if not text:
        return None
    import phonenumbers

    code = text.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise UserError(
            f"--region {text!r} is not a region code (two letters, e.g. US, GB, DE, FR, IN)"
        )
    return code


def _cmd_export(args) -> int:
    from netcare_desktop.interop.exporter import export

    problems: list[str] = []
    if args.output:
        import os
        from pathlib import Path

        from netcare_desktop.store import files

        target = Path(args.output).absolute()
        # Private from its first byte (0600, O_EXCL|O_NOFOLLOW); anything already at the
        # target (a file, a symlink, a FIFO, another user's file) is refused, not followed.
        tmp = target.with_name(f".{target.name}.{os.getpid()}{files.PARTIAL}")
        try:
            files.refuse_existing(target)
            fd = files.create_private(tmp)
        except OSError as exc:
            raise UserError(
                exc.strerror
                if isinstance(exc, files.UnsafeTarget)
                else f"cannot write {target}: {files.describe_os_error(exc)}"
            ) from exc
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                count = export(args.format, out, _now(), problems=problems)
                out.flush()
                os.fsync(out.fileno())
            files.publish(tmp, target)  # whole or not at all; never over a file
        except OSError as exc:
            raise UserError(
                exc.strerror
                if isinstance(exc, files.UnsafeTarget)
                else f"cannot write {target}: {files.describe_os_error(exc)}"
            ) from exc
        finally:
            tmp.unlink(missing_ok=True)
        print(f"Exported {count} contact(s) to {target}.", file=sys.stderr)
    else:
        sys.stdout.reconfigure(newline="")
        export(args.format, sys.stdout, _now(), problems=problems)
    for problem in problems:  # a value the format cannot hold is never dropped silently
        print(f"netcare: not exported: {problem}", file=sys.stderr)
    return 0


def _cmd_imports(args) -> int:
    from netcare_desktop.interop import importer

    rows = importer.batches()
    if args.json:
        json.dump(
            [
                {
                    "id": b.id,
                    "at": _iso(b.created_at),
                    "source": b.source,
                    "undone": b.undone,
                    **(b.summary or {}),
                }
                for b in rows
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("No imports yet.", file=sys.stderr)
    for b in rows:
        s = b.summary or {}
        state = " (undone)" if b.undone else ""
        print(
            f"{b.id:>4}  {b.created_at:%Y-%m-%d %H:%M}  {s.get('created', 0)} new, {s.get('merged', 0)} merged"
            f"  {b.source}{state}"
        )
    return 0


def _cmd_undo_import(args) -> int:
    from netcare_desktop.interop import importer

    try:
        if args.dry_run:
            plan = importer.preview_undo(args.batch, args.delete_touched)
        else:
            plan = importer.undo(args.batch, args.delete_touched)
    except (LookupError, ValueError) as exc:
        raise UserError(str(exc.args[0])) from exc
    if args.dry_run:
        print(f"Undoing import {args.batch} would change this (nothing was changed):")
        print("\n".join(plan.lines()))
        if plan.touched and not args.delete_touched:
            print("Add --delete-touched to delete the contacts it keeps too.")
        return 0
    print(
        f"Undid import {args.batch}: {plan.deleted} contact(s) removed, "
        f"{len(plan.changed)} restored as they were."
    )
    print("\n".join(plan.lines(done=True)))
    if plan.kept_contacts:
        print(
            f"Kept {len(plan.kept_contacts)} contact(s) touched since the import; "
            f"delete them with: netcare undo-import {args.batch} --delete-touched",
            file=sys.stderr,
        )
    return 0
