"""Names: how a contact is called, sorted and drawn as initials."""

from __future__ import annotations

import unicodedata


def display_name(
    *,
    given: str = "",
    family: str = "",
    middle: str = "",
    prefix: str = "",
    suffix: str = "",
    nickname: str = "",
    organization: str = "",
    email: str = "",
) -> str:
    """The name to show: the parts in natural order, else nickname, organization or email."""
    parts = [p.strip() for p in (prefix, given, middle, family) if p and p.strip()]
    name = " ".join(parts)
    if suffix and suffix.strip() and name:
        name = f"{name}, {suffix.strip()}"
    return name or nickname.strip() or organization.strip() or email.strip()


def sort_key(display: str, family: str = "", given: str = "") -> str:
    """A case- and accent-insensitive key: family name first when it is known."""
    base = f"{family} {given}".strip() if family.strip() else display
    folded = unicodedata.normalize("NFKD", base.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).strip()


def initials(display: str) -> str:
    """Up to two letters for an avatar: first letters of the first and last words."""
    words = [w for w in display.replace(",", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:1].upper()
    return (words[0][:1] + words[-1][:1]).upper()
