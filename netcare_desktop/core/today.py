"""Today: a short list of whom to reach out to, chosen by a ranking a person can read.

Only people with a reason are listed (never padded to fill the list), one
entry per person, highest score first.  The points (``RULES`` says the same
in words, and the Today view shows it):

* a birthday today: 120; a belated one: 90, less 5 a day;
* a follow-up that has come: 70, plus 3 a day late (at most 100);
* a keep-in-touch that is due: 30, plus 1 a day late (at most 30 more), times the
  circle's factor: 1.5 for a cadence of 30 days or less, 1 up to 90 days, 0.75 beyond;
* a balance that leans on them (you asked more than you gave): 10 a favour of
  difference (at most 30) added to their other reason; on its own, when you have not
  been in touch for two weeks, 35 plus that.

Pure Python; the store gathers the reminders and balances.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from netcare_desktop.core.kinds import Kind
from netcare_desktop.core.reminders import Reminder, ReminderKind

DEFAULT_SIZE = 5
LEANING_QUIET = timedelta(days=14)

RULES = (
    "Birthday today 120 (belated: 90, less 5 a day). Follow-up 70 + 3 a day late (max 100). "
    "Keep in touch 30 + 1 a day late (max +30), ×1.5 for circles of 30 days or less, ×1 up to "
    "90 days, ×0.75 beyond. Asked more than you gave: +10 a favour of difference (max +30); on "
    "its own, after two weeks without a touch, 35 + that. One line per person, highest first "
    "(ties: the longest waiting first); only people with a reason."
)


@dataclass
class TodayItem:
    contact_id: int
    display_name: str
    reason: str
    suggested_kind: Kind
    score: float
    keys: list[str] = field(default_factory=list)  # the reminders this item answers
    why: list[str] = field(default_factory=list)  # the points, for "how is this ranked?"

    def as_json(self) -> dict:
        return {
            "contact_id": self.contact_id,
            "display_name": self.display_name,
            "reason": self.reason,
            "suggested_kind": self.suggested_kind.value,
        }


def circle_factor(cadence_days: int | None) -> float:
    if not cadence_days:
        return 1.0
    if cadence_days <= 30:
        return 1.5
    if cadence_days <= 90:
        return 1.0
    return 0.75


def _late(n: int) -> str:
    return "today" if n == 0 else f"{n} day{'s' if n != 1 else ''} late"


def score_of(r: Reminder) -> float:
    """The points of one reminder (the hot path: no text is built)."""
    if r.kind is ReminderKind.BIRTHDAY:
        return 120.0 if r.days_overdue == 0 else max(0.0, 90.0 - 5 * r.days_overdue)
    if r.kind is ReminderKind.FOLLOW_UP:
        return min(100.0, 70.0 + 3 * r.days_overdue)
    return (30.0 + min(r.days_overdue, 30)) * circle_factor(r.cadence_days)


def points(r: Reminder) -> tuple[float, str, Kind, str]:
    """(score, reason, suggested kind, how the score was made) for one reminder."""
    score = score_of(r)
    if r.kind is ReminderKind.BIRTHDAY:
        if r.days_overdue == 0:
            return score, "birthday today", Kind.BIRTHDAY, "birthday today: 120"
        reason = f"birthday {_late(r.days_overdue).replace(' late', ' ago')}"
        return score, reason, Kind.BIRTHDAY, f"belated birthday: 90 − 5×{r.days_overdue}"
    if r.kind is ReminderKind.FOLLOW_UP:
        reason = f"follow up: {r.detail}" if r.detail else "follow up"
        return score, reason, Kind.MESSAGE, f"follow-up: 70 + 3×{r.days_overdue} (max 100)"
    factor = circle_factor(r.cadence_days)
    late = min(r.days_overdue, 30)
    state = r.state.value.replace("_", " ")
    reason = f"keep in touch ({state}, every {r.cadence_days} days, {_late(r.days_overdue)})"
    return score, reason, Kind.CHECK_IN, f"keep in touch: (30 + {late}) × {factor:g}"


def _lean_bonus(gave: int, asked: int) -> float:
    return min(30.0, 10.0 * (asked - gave)) if asked > gave else 0.0


def rank(
    reminders: Iterable[Reminder],
    leaning: dict[int, tuple[str, int, int, datetime | None]],
    now: datetime,
    size: int = DEFAULT_SIZE,
) -> list[TodayItem]:
    """The day's queue from due reminders and the contacts whose balance leans on them.

    ``leaning``: contact id -> (name, gave, asked, last touch) for those with asked > gave.
    Scores are summed per person first (cheap); text is built only for the chosen few.
    """
    import heapq

    reminders = [r for r in reminders if r.contact_id is not None and r.is_due]
    best: dict[int, float] = {}
    get = best.get
    for r in reminders:
        cid = r.contact_id
        assert cid is not None  # the ones without a contact were left out just above
        sc = score_of(r)
        if sc > get(cid, -1.0):
            best[cid] = sc
    totals = best
    for cid, (_name, gave, asked, last) in leaning.items():
        if asked <= gave:
            continue
        if cid in best:
            totals[cid] += _lean_bonus(gave, asked)
        elif last is None or now - last >= LEANING_QUIET:
            totals[cid] = 35.0 + _lean_bonus(gave, asked)
    if size <= 0 or not totals:
        return []
    # The size-th best score, then every contact at or above it (ties), sorted fully.
    cut = heapq.nlargest(size, totals.values())[-1]
    names = {}
    own: dict[int, list[Reminder]] = {}
    chosen_ids = {cid for cid, sc in totals.items() if sc >= cut}
    for r in reminders:
        if r.contact_id in chosen_ids:
            names[r.contact_id] = r.display_name
            own.setdefault(r.contact_id, []).append(r)
    for cid in chosen_ids:
        if cid not in names:
            names[cid] = leaning[cid][0]
    # Ties: the longest waiting (for the reason shown) first, then by name.
    oldest = {
        cid: max(rs, key=lambda r: (score_of(r), -r.due.timestamp())).due for cid, rs in own.items()
    }
    chosen = sorted(
        chosen_ids,
        key=lambda c: (-totals[c], oldest.get(c, now), names[c].casefold(), c),
    )[:size]
    return [
        _item(cid, names[cid], own.get(cid, []), leaning.get(cid), totals[cid]) for cid in chosen
    ]


def _item(
    cid: int,
    name: str,
    own: list[Reminder],
    lean: tuple[str, int, int, datetime | None] | None,
    total: float,
) -> TodayItem:
    if own:
        scored = [points(r) for r in own]
        best = max(range(len(own)), key=lambda i: scored[i][0])
        _score, reason, kind, _why = scored[best]
        item = TodayItem(
            cid, name, reason, kind, total, [r.key for r in own], [p[3] for p in scored]
        )
        if lean is not None and lean[2] > lean[1]:
            item.reason += f"; you asked {lean[2]}, gave {lean[1]}"
            item.why.append(f"asked more than gave: +10×{lean[2] - lean[1]} (max 30)")
            if item.suggested_kind is Kind.CHECK_IN:
                item.suggested_kind = Kind.ARTICLE_SHARED  # give something this time
        return item
    assert lean is not None
    _name, gave, asked, _last = lean
    return TodayItem(
        cid,
        name,
        f"give something back (you asked {asked}, gave {gave})",
        Kind.ARTICLE_SHARED,
        total,
        [],
        [f"asked more than gave: 35 + 10×{asked - gave} (max +30)"],
    )
