"""Counted words that read right: "1 contact", "3 contacts", never "3 contact(s)".

For text outside the window (the CLI, the store's plans and reports). The window uses
``ui.formatting.plural``, which groups digits in the locale's style.
"""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 file', '2 files', '1,204 contacts'; ``many`` for irregular words."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
