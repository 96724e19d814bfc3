"""Network health: a score whose rules a person can read, circles against their guides, balance.

Pure Python: the store counts, this module decides what the counts mean.
Every rule here is also said in words (``SCORE_RULE``, ``explain_*``), and the
dashboard shows those words next to the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Quality over quantity: how many people a circle can hold and still be cared for
# (after Dunbar's layers of about 15, 50 and 150).  Circles without a guide have no limit.
CIRCLE_GUIDES: dict[str, int] = {"Inner": 15, "Active": 50, "Acquaintance": 150}

SCORE_RULE = (
    "The share of the people in your circles who are on track (on track or due soon),"
    " each circle weighted by how often you mean to be in touch: a circle with a 30-day"
    " cadence counts three times as much as one with 90 days. Circles without a cadence"
    " (Dormant) and contacts without a circle do not count."
)


@dataclass(frozen=True, kw_only=True)
class StateCounts:
    """How many of a set of people (a circle, a group) are in each keep-in-touch state."""

    members: int
    on_track: int = 0
    due_soon: int = 0
    due: int = 0
    overdue: int = 0
    lapsed: int = 0

    @property
    def fine(self) -> int:
        """On track, or due soon: nothing to do yet."""
        return self.on_track + self.due_soon

    @property
    def with_state(self) -> int:
        """Those with a cadence (the others have no state)."""
        return self.on_track + self.due_soon + self.due + self.overdue + self.lapsed

    @property
    def health(self) -> int | None:
        """Per cent of those with a cadence who are fine; None when nobody has one."""
        return round(100 * self.fine / self.with_state) if self.with_state else None


@dataclass(frozen=True, kw_only=True)
class CircleCounts(StateCounts):
    name: str
    cadence_days: int | None
    position: int = 0

    @property
    def guide(self) -> int | None:
        return CIRCLE_GUIDES.get(self.name)

    @property
    def over_guide(self) -> bool:
        return self.guide is not None and self.members > self.guide


def weight(cadence_days: int | None) -> float:
    """How much a circle counts in the score: inversely to its cadence (30 days: 3× 90 days)."""
    return 90.0 / cadence_days if cadence_days and cadence_days > 0 else 0.0


def score(circles: list[CircleCounts]) -> int:
    """0–100: the weighted share of people in cadenced circles who are on track."""
    total = sum(weight(c.cadence_days) * c.with_state for c in circles)
    if total <= 0:
        return 0
    fine = sum(weight(c.cadence_days) * c.fine for c in circles)
    return round(100 * fine / total)


def explain_score(circles: list[CircleCounts]) -> list[str]:
    """One line per circle: how it contributes, so the number can be checked by hand."""
    lines = []
    for c in circles:
        w = weight(c.cadence_days)
        if w == 0 or c.with_state == 0:
            continue
        lines.append(
            f"{c.name}: {c.fine} of {c.with_state} on track, weight {w:g}"
            f" (every {c.cadence_days} days)"
        )
    return lines


@dataclass(frozen=True)
class Balance:
    gave: int
    asked: int

    @property
    def net(self) -> int:
        return self.gave - self.asked

    @property
    def leans_on_them(self) -> bool:
        """You have asked more than you have given."""
        return self.asked > self.gave

    def describe(self) -> str:
        if self.gave == 0 and self.asked == 0:
            return "no favours either way yet"
        if self.asked > self.gave:
            return f"asked {self.asked}, gave {self.gave}: time to give something back"
        if self.gave > self.asked:
            return f"gave {self.gave}, asked {self.asked}"
        return f"gave {self.gave}, asked {self.asked}: even"


@dataclass
class NetworkHealth:
    score: int
    circles: list[CircleCounts]
    touches: dict[str, int]  # "30" / "90" / "365" -> interactions in the last N days
    gave: int
    asked: int
    weekly: list[int] = field(default_factory=list)  # 52 weeks, oldest first
    contacts: int = 0
    without_circle: int = 0

    @property
    def overdue(self) -> int:
        return sum(c.overdue for c in self.circles)

    @property
    def lapsed(self) -> int:
        return sum(c.lapsed for c in self.circles)

    @property
    def due(self) -> int:
        return sum(c.due for c in self.circles)

    def as_json(self) -> dict:
        return {
            "score": self.score,
            "circles": [
                {
                    "name": c.name,
                    "members": c.members,
                    "on_track": c.on_track,
                    "due_soon": c.due_soon,
                    "due": c.due,
                    "overdue": c.overdue,
                    "lapsed": c.lapsed,
                }
                for c in self.circles
            ],
            "touches": dict(self.touches),
            "gave": self.gave,
            "asked": self.asked,
        }
