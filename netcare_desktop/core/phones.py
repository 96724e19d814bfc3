"""Phone numbers in E.164, and the country a number written without one belongs to.

Pure functions (no database, no Qt): the importers match people by these, and the store
keeps the E.164 form of every number, typed or imported.
"""

from __future__ import annotations

import locale
import re
from functools import lru_cache

DEFAULT_REGION = "US"


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
