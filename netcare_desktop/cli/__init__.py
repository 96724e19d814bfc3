"""Command line: the GUI by default, scriptable subcommands otherwise.

The subcommands never import Qt, so they start fast and run without a
display.  Exit codes: 0 success, 1 a user error (one line on stderr), 2 bad usage.

The package, by section:

* ``parser``: the argument parsers and the list of subcommands;
* ``run``: ``main``, opening the store, dispatching a subcommand;
* ``errors``: an unexpected error explained in one line, the traceback logged;
* ``common``: ``UserError``, the clock, ``--at`` and JSON dates, the preferences;
* ``contacts``: contacts, log, due, today, health;
* ``transfer``: import, export, imports, undo-import;
* ``backups``: backup, restore.

``netcare = "netcare_desktop.cli:main"`` (pyproject.toml), ``python -m netcare_desktop``
and packaging/entry.py all import ``main`` from here.
"""

from netcare_desktop.cli.common import UserError
from netcare_desktop.cli.parser import SUBCOMMANDS
from netcare_desktop.cli.run import main

__all__ = ["SUBCOMMANDS", "UserError", "main"]
