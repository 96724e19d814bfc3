"""The argument parsers: the GUI's (files, --hidden, --self-test) and the subcommands'.

``netcare`` with no subcommand (or only files) opens the app; the first positional
argument decides which parser reads the command line.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from netcare_desktop import __version__

SUBCOMMANDS = (
    "contacts",
    "log",
    "interactions",
    "edit-interaction",
    "delete-interaction",
    "due",
    "today",
    "health",
    "import",
    "export",
    "imports",
    "undo-import",
    "backup",
    "restore",
    "merge",
)


def _add_global(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the database, backups and logs in DIR (also $NETCARE_DATA_DIR)",
    )


def gui_parser() -> argparse.ArgumentParser:
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


def command_parser() -> argparse.ArgumentParser:
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
    imp.add_argument(
        "--encoding",
        metavar="CODEPAGE",
        help="code page of vCard values that declare no CHARSET, e.g. cp1251, cp1253,"
        " shift_jis (default: guessed per file, and said in the report)",
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

    from netcare_desktop.cli.merge import add_parser as add_merge

    add_merge(sub)
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

    lst = sub.add_parser("interactions", help="list a contact's interactions, newest first")
    lst.add_argument("contact", metavar="CONTACT", help="an id, an email address or a name")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    ed = sub.add_parser(
        "edit-interaction", help="correct an interaction (see `netcare interactions CONTACT`)"
    )
    ed.add_argument("id", metavar="ID", help="the interaction's id")
    ed.add_argument("--kind", metavar="KIND")
    ed.add_argument(
        "--when", metavar="ISO", help="when (ISO 8601, local time unless it has an offset)"
    )
    ed.add_argument("--direction", metavar="DIRECTION", help="gave, asked or mutual")
    ed.add_argument("--summary", metavar="TEXT")
    ed.add_argument("--notes", metavar="TEXT")
    follow = ed.add_mutually_exclusive_group()
    follow.add_argument("--follow-up", metavar="DATE", help="a date to follow up (YYYY-MM-DD)")
    follow.add_argument("--no-follow-up", action="store_true", help="remove the follow-up")
    ed.add_argument(
        "--future",
        action="store_true",
        help="allow a --when more than two days ahead (a touch is normally in the past)",
    )
    ed.add_argument("--json", action="store_true", help="print the saved interaction as JSON")
    de = sub.add_parser("delete-interaction", help="delete an interaction")
    de.add_argument("id", metavar="ID", help="the interaction's id")

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


def first_positional(argv: Sequence[str]) -> str | None:
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
