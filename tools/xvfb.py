"""Start a private Xvfb server (tests and benchmarks): ``with xvfb() as display: ...``."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager


def xvfb_path() -> str | None:
    return shutil.which("Xvfb")


@contextmanager
def xvfb(screen: str = "1280x800x24") -> Iterator[str]:
    """Yield the DISPLAY of a fresh Xvfb (it picks a free display number itself)."""
    exe = xvfb_path()
    if exe is None:
        raise FileNotFoundError("Xvfb is not installed (Debian package xvfb)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [exe, "-displayfd", str(write_fd), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        number = f.readline().strip()
    try:
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
