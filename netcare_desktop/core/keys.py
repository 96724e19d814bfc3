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
    """When two numbers of one contact are the same number (also a short one, ``911``)."""
    return e164 or normalize_phone(raw, region) or "".join(c for c in raw if c.isdigit())


@lru_cache(maxsize=65536)
def dialable(key: str) -> bool:
    """Whether a ``phone_key`` is a valid full number (``phonenumbers.is_valid_number``):
    only those tell two people apart.  An emergency or service number (``911``, ``112``),
    an extension, a number too short or not assigned in its country's plan is shared by
    many people, so it never matches one person to another.  Asked only when a number
    found someone (``interop.matching.Matcher.find``): parsing every number would cost an
    import of 10,000 cards a noticeable part of a second."""
    if not key.startswith("+"):  # not even a possible number: normalize_phone gave up on it
        return False
    import phonenumbers

    try:
        number = phonenumbers.parse(key, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


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


# Words of an organisation's name that say nothing about which one it is.
_LEGAL_FORMS = frozenset(
    "inc incorporated corp corporation co company ltd limited llc llp plc gmbh ag sa sarl"
    " bv nv srl spa oy ab as the of and group".split()
)


def _words(folded: str) -> list[str]:
    return [w for w in folded.replace(".", " ").split() if w]


def names_differ(a: str, b: str) -> bool:
    """Whether two folded full names are of two people: neither's words are all among the
    other's ("Ada L." and "Ada Lovelace" may be one person, an initial standing for a
    word; "John Doe (Work)" and "John Doe (Personal)" are two entries).  An empty name,
    or one that is an email address (made up from it), says nothing: False."""
    if not a or not b or "@" in a or "@" in b:
        return False
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False

    def within(small: list[str], big: list[str]) -> bool:
        rest = list(big)
        for w in small:
            hit = next((x for x in rest if x == w or (len(w) == 1 and x.startswith(w))), None)
            if hit is None:
                return False
            rest.remove(hit)
        return True

    return not (within(wa, wb) or within(wb, wa))


def orgs_differ(a: str, b: str) -> bool:
    """Whether two folded organisation names name two organisations: both given and no
    word in common but legal forms ("Acme" and "ACME Corp." are one)."""
    if not a or not b:
        return False
    wa = set(_words(a)) - _LEGAL_FORMS or set(_words(a))
    wb = set(_words(b)) - _LEGAL_FORMS or set(_words(b))
    return not (wa & wb)
