"""Where NetCare keeps its files.

Everything hangs off one data directory: the platform's user data dir
(``platformdirs.user_data_dir("NetCare")``) unless ``--data-dir`` or
``NETCARE_DATA_DIR`` says otherwise.  Nothing is computed at import time, so
tests and ``--self-test`` can point the whole app at a temporary directory.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from netcare_desktop import APP_NAME

ENV_DATA_DIR = "NETCARE_DATA_DIR"
DB_FILENAME = "netcare.db"


@dataclass(frozen=True)
class AppPaths:
    """The resolved locations for one run of the app."""

    data_dir: Path
    log_dir: Path
    config_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def ui_settings_file(self) -> Path:
        return self.config_dir / "ui-state.ini"

    def ensure(self) -> None:
        """Create the directories, readable by the user only (0700 on POSIX)."""
        for d in (self.data_dir, self.backups_dir, self.log_dir, self.config_dir):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)


def resolve(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Resolve the paths: explicit argument, then $NETCARE_DATA_DIR, then platformdirs.

    With an explicit data dir, logs and UI state live inside it too, so a
    test or a portable install never touches the user's real profile.
    """
    chosen = data_dir or os.environ.get(ENV_DATA_DIR) or None
    if chosen:
        base = Path(chosen).expanduser().resolve()
        return AppPaths(data_dir=base, log_dir=base / "logs", config_dir=base)
    import platformdirs  # only when no data dir was given

    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
