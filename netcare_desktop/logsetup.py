"""Logging to a file in the platform's log dir (0600, user only), rotated at start-up.

``logging.handlers`` is avoided on purpose: it pulls in socket, pickle and
queue, which cost more start-up time than the whole log is worth.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_FILE = "netcare.log"
MAX_BYTES = 1_000_000
KEEP = 3


def _rotate(path: Path) -> None:
    """netcare.log -> netcare.log.1 -> ... -> netcare.log.KEEP (dropped)."""
    for n in range(KEEP - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{n + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = log_dir / LOG_FILE
    if path.exists() and path.stat().st_size > MAX_BYTES:
        _rotate(path)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_netcare", False):
            root.removeHandler(h)
            h.close()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler._netcare = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
