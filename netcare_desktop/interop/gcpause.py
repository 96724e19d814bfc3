"""Reading and importing a big file allocate hundreds of thousands of small objects (records,
their emails and phones, plan items) that never form reference cycles.  While they pile up,
the cyclic garbage collector would walk all of them again and again: about a tenth of a
10,000-card import.  Reference counting still frees them as usual."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, then back as it was (left alone when it was
    already off: the GUI turns it off during start-up and on itself)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
