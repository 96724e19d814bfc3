"""Reading and importing a big file allocate hundreds of thousands of small objects (records,
their emails and phones, plan items) that never form reference cycles.  While they pile up,
the cyclic garbage collector would walk all of them again and again, and once it is back on,
its first passes walk them all once more: together about a tenth of a 10,000-card import on
the command line.  Reference counting still frees them as usual."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def _command_line() -> bool:
    """A process without Qt, on its main thread: ``netcare import`` and friends."""
    return "PySide6" not in sys.modules and threading.current_thread() is threading.main_thread()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, then back as it was (left alone when it was
    already off: the window's import worker turns it off and handles it itself).

    On the command line, what the block built is then moved out of the collector's sight
    (``gc.freeze``, as the window does after an import): it lives until the command ends,
    and walking it again would only cost time."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if _command_line():
            gc.freeze()
        gc.enable()
