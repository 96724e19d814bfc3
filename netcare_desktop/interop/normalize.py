"""Keys for matching: emails, phone numbers (E.164), LinkedIn profile URLs, names."""

from __future__ import annotations

import locale
import re
import unicodedata
from functools import lru_cache

DEFAULT_REGION = "US"


def normalize_email(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("mailto:"):
        value = value[7:]
    return value if "@" in value else ""


def region_from_locale() -> str:
    """The phone region implied by the user's locale (``en_GB`` -> ``GB``), else US."""
    for getter in (lambda: locale.getlocale()[0], lambda: locale.setlocale(locale.LC_CTYPE, None)):
        try:
            name = getter() or ""
        except (ValueError, locale.Error):
            continue
        m = re.match(r"^[a-z]{2,3}_([A-Z]{2})", name)
        if m:
            return m.group(1)
    return DEFAULT_REGION


_PLAIN_INTERNATIONAL = re.compile(r"^\+[1-9][\d \-.]{6,20}$")
_DIGIT = re.compile(r"\d")
_NOT_DIGIT = re.compile(r"\D")


@lru_cache(maxsize=65536)
def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """E.164 (``+4915123456789``) when the number parses, else ``""``."""
    text = raw.strip()
    if not text or not _DIGIT.search(text):
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    if _PLAIN_INTERNATIONAL.match(text):  # "+1 202-555.0143": E.164 is the digits, no parsing
        digits = _NOT_DIGIT.sub("", text)
        if 8 <= len(digits) <= 15:
            return "+" + digits
    import phonenumbers  # its metadata takes a while to load: only when a number needs it

    try:
        number = phonenumbers.parse(text, region or DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
