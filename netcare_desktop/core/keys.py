"""Keys for matching: emails, phone numbers (E.164), LinkedIn profile URLs, names.

When two of a person's facts are the same one: the same keys everywhere an import
compares (its plan, a merge into a stored contact, the same person twice in one import).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from functools import lru_cache

from netcare_desktop.core.phones import (  # noqa: F401 - the importers' names for them
    DEFAULT_REGION,
    normalize_phone,
    region_from_locale,
)
from netcare_desktop.core.record import Address, InteractionRecord


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


def email_key(value: str) -> str:
    return normalize_email(value) or value.strip().lower()


def phone_key(raw: str, e164: str, region: str) -> str:
    return e164 or normalize_phone(raw, region) or "".join(c for c in raw if c.isdigit())


def url_key(url: str) -> str:
    """URLs compare as written, except LinkedIn profiles (any host, case, trailing slash)."""
    return normalize_linkedin(url) or url.strip()


def address_key(a: Address) -> tuple[str, ...]:
    return tuple(
        fold(x)
        for x in (a.street, a.locality, a.region, a.postal_code, a.country, a.po_box, a.extended)
    )


def interaction_key(it: InteractionRecord) -> tuple[str, str, str]:
    return iso(parse_dt(it.at)), it.kind, it.summary


def parse_dt(text: str) -> datetime | None:
    """An ISO 8601 date and time as a naive UTC datetime (None if it is not one)."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def iso(value) -> str:
    """A date and time to the second, as interactions are compared."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return str(value)[:19]


def stored_iso(text: str) -> str:
    """``iso`` of a date and time as peewee stores it (``2026-11-25 12:00:00[.ffffff]``)."""
    if len(text) >= 19 and text[10] == " ":
        return f"{text[:10]}T{text[11:19]}"
    return iso(text)
