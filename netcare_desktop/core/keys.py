"""Keys for matching: emails, phone numbers (E.164), LinkedIn profile URLs, names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from netcare_desktop.core.phones import (  # noqa: F401 - the importers' names for them
    DEFAULT_REGION,
    normalize_phone,
    region_from_locale,
)


def normalize_email(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("mailto:"):
        value = value[7:]
    return value if "@" in value else ""


_LINKEDIN_PATH = re.compile(r"linkedin\.com/(in|pub)/([^/?#\s]+)", re.IGNORECASE)


@lru_cache(maxsize=65536)
def normalize_linkedin(url: str) -> str:
    """``https://de.linkedin.com/in/Ada-L/?trk=x`` -> ``linkedin.com/in/ada-l``."""
    m = _LINKEDIN_PATH.search(url or "")
    if not m:
        return ""
    from urllib.parse import unquote

    return f"linkedin.com/{m.group(1).lower()}/{unquote(m.group(2)).lower()}"


_NOT_WORD = re.compile(r"[^\w\s@.+-]")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case- and accent-insensitive, spaces collapsed."""
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", text).split())
