"""Name similarity for proposing duplicates: token-sort and token-set ratios (0-100).

The same measures rapidfuzz offers, written on ``difflib`` so the installed app does
not carry rapidfuzz's 12 MB of compiled variants (the bundle's size bar is 110 MB).
Candidates are blocked by family name first, so only a handful are compared per record.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 100.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() * 100 < 50:
        return matcher.real_quick_ratio() * 100
    return matcher.ratio() * 100


def token_sort_ratio(a: str, b: str) -> float:
    """Similarity of the two strings' words in sorted order ("Lovelace Ada" ~ "Ada Lovelace")."""
    return _ratio(" ".join(sorted(a.split())), " ".join(sorted(b.split())))


def token_set_ratio(a: str, b: str) -> float:
    """High when one string's words are contained in the other's ("Acme" ~ "Acme Corp")."""
    sa, sb = set(a.split()), set(b.split())
    common = " ".join(sorted(sa & sb))
    rest_a = " ".join(sorted(sa - sb))
    rest_b = " ".join(sorted(sb - sa))
    one = (common + " " + rest_a).strip()
    two = (common + " " + rest_b).strip()
    if common and (not rest_a or not rest_b):
        return 100.0
    return max(_ratio(common, one), _ratio(common, two), _ratio(one, two))


def best_matches(
    query: str, choices: list[str], cutoff: float, limit: int
) -> list[tuple[float, int]]:
    """(score, index) of the choices at least ``cutoff`` alike (token-sort ratio), best first.

    difflib's cheap upper bounds (length, then letter counts) rule out most choices before
    the full comparison runs; they are computed here without building a matcher for each
    choice (building one indexes its text), with the same arithmetic, so the result is the
    one the matchers give."""
    q = " ".join(sorted(query.split()))
    la = len(q)
    q_letters = None
    scored = []
    for i, choice in enumerate(choices):
        c = " ".join(sorted(choice.split()))
        total = la + len(c)
        if total:
            if 2.0 * min(la, len(c)) / total * 100 < cutoff:  # real_quick_ratio
                continue
            if q_letters is None:
                q_letters = Counter(q)
            if 2.0 * sum((q_letters & Counter(c)).values()) / total * 100 < cutoff:  # quick_ratio
                continue
        score = SequenceMatcher(None, q, c, autojunk=False).ratio() * 100
        if score >= cutoff:
            scored.append((score, i))
    scored.sort(key=lambda s: -s[0])
    return scored[:limit]
