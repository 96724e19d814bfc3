"""``main``: the GUI by default, a subcommand otherwise, run against the opened store.

A subcommand opens the store (waiting politely on another writer, taking back an
import killed mid-way), runs its handler and closes it; any error ends as one line on
stderr (see ``errors``). The GUI path imports Qt, and only it does.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from netcare_desktop.cli.backups import cmd_backup, cmd_restore
from netcare_desktop.cli.common import UserError, current_time
from netcare_desktop.cli.contacts import (
    cmd_contacts,
    cmd_due,
    cmd_health,
    cmd_log,
    cmd_today,
)
from netcare_desktop.cli.errors import explain
from netcare_desktop.cli.interactions import (
    cmd_delete_interaction,
    cmd_edit_interaction,
    cmd_interactions,
)
from netcare_desktop.cli.parser import (
    SUBCOMMANDS,
    command_parser,
    first_positional,
    gui_parser,
)
from netcare_desktop.cli.transfer import (
    cmd_export,
    cmd_import,
    cmd_imports,
    cmd_undo_import,
)


def _looks_like_a_command(word: str) -> bool:
    """A bare word that is no file here (``netcare intractions``): a mistyped command,
    not a file for the window to import."""
    import os

    return word.isascii() and word.replace("-", "").isalpha() and not os.path.exists(word)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if first_positional(argv) in SUBCOMMANDS:
        args = command_parser().parse_args(argv)
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
            print(f"netcare: {explain(exc, args)}", file=sys.stderr)
            return 1
    word = first_positional(argv)
    if word is not None and _looks_like_a_command(word):
        import difflib

        near = difflib.get_close_matches(word, SUBCOMMANDS, n=1)
        hint = f"; did you mean {near[0]}?" if near else ""
        print(
            f"netcare: unknown command {word!r}{hint} (commands: {', '.join(SUBCOMMANDS)})",
            file=sys.stderr,
        )
        return 2
    args = gui_parser().parse_args(argv)
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


def _open(args):
    from netcare_desktop import paths
    from netcare_desktop.store.database import StoreError, open_store, set_wait_hook

    set_wait_hook(_SayWaitingOnce())

    app_paths = paths.resolve(args.data_dir)
    try:
        app_paths.ensure()
        database = open_store(app_paths.database, app_paths.backups_dir, current_time())
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
            return cmd_contacts(args)
        if args.command == "log":
            return cmd_log(args)
        if args.command == "interactions":
            return cmd_interactions(args)
        if args.command == "edit-interaction":
            return cmd_edit_interaction(args)
        if args.command == "delete-interaction":
            return cmd_delete_interaction(args)
        if args.command == "due":
            return cmd_due(args)
        if args.command == "backup":
            return cmd_backup(args)
        if args.command == "restore":
            return cmd_restore(args)
        if args.command == "today":
            return cmd_today(args)
        if args.command == "health":
            return cmd_health(args)
        if args.command == "import":
            return cmd_import(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "imports":
            return cmd_imports(args)
        if args.command == "undo-import":
            return cmd_undo_import(args)
        if args.command == "merge":
            from netcare_desktop.cli.merge import cmd_merge

            return cmd_merge(args)
    finally:
        database.close()
    return 2
