"""Birthdays as people write them: with a year, or without one (--MM-DD, as vCard does)."""

from __future__ import annotations

import re
from datetime import date

_BIRTHDAY = re.compile(r"^(?:(\d{4})|-{1,2})-?(\d{1,2})-(\d{1,2})$")


def parse_birthday(text: str) -> tuple[int | None, int | None, int | None]:
    """'1990-04-02' or '--04-02' (year unknown) -> (year, month, day); '' -> all None."""
    text = text.strip()
    if not text:
        return None, None, None
    m = _BIRTHDAY.match(text)
    if not m:
        raise ValueError("write the birthday as YYYY-MM-DD, or --MM-DD when the year is unknown")
    year = int(m.group(1)) if m.group(1) else None
    month, day = int(m.group(2)), int(m.group(3))
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 is fine without a year
    except ValueError as exc:
        raise ValueError(f"{text} is not a real date") from exc
    return year, month, day


def format_birthday(year: int | None, month: int | None, day: int | None) -> str:
    if not month or not day:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
