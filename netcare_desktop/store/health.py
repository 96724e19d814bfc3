"""Network health counted in SQL: circles' states, touches over time, give/ask balance.

Plain SQL on any ``sqlite3`` connection.  The states come from the
trigger-kept ``kit_due``/``kit_days`` columns with the thresholds of
``core.cadence.THRESHOLDS`` passed in as parameters (one place for them);
touches and the balance from the ``touch_day`` table the interaction
triggers keep, plus exact counts on the two edge days of a window.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, tzinfo
from itertools import pairwise

from netcare_desktop.core.cadence import THRESHOLDS
from netcare_desktop.core.health import Balance, CircleCounts, NetworkHealth, score
from netcare_desktop.core.reminders import local_date, local_midnight
from netcare_desktop.store.sqltime import julian_day

TOUCH_WINDOWS = (30, 90, 365)
WEEKS = 52

# The state of a contact ``c``, as core.cadence.state_at decides it:
# 0 on track, 1 due soon, 2 due, 3 overdue, 4 lapsed; NULL without a cadence.
STATE_CASE = """CASE WHEN c.kit_due IS NULL THEN NULL
                    WHEN :jd < c.kit_due - c.kit_days * :soon THEN 0
                    WHEN :jd < c.kit_due THEN 1
                    WHEN :jd >= c.kit_due + c.kit_days * :lapse THEN 4
                    WHEN :jd < c.kit_due + min(c.kit_days * :grace, :grace_max) THEN 2
                    ELSE 3 END"""
_STATES_SQL = """
    SELECT ci.id, ci.name, ci.cadence_days, ci.position, s.state, count(s.id)
      FROM circle ci LEFT JOIN (
        SELECT c.id, c.circle_id, {state} AS state
          FROM contact c INDEXED BY contact_circle_state
         WHERE c.circle_id IS NOT NULL AND c.archived = 0
      ) s ON s.circle_id = ci.id
     GROUP BY ci.id, s.state
     ORDER BY ci.position, ci.name
""".replace("{state}", STATE_CASE)
STATE_FIELDS = {0: "on_track", 1: "due_soon", 2: "due", 3: "overdue", 4: "lapsed"}
_FIELDS = {0: "on_track", 1: "due_soon", 2: "due", 3: "overdue", 4: "lapsed"}


def _sql(moment: datetime) -> str:
    return moment.isoformat(sep=" ")


def state_params(at: datetime) -> dict:
    """The parameters of ``STATE_CASE``: the moment and core's thresholds."""
    t = THRESHOLDS
    return {
        "jd": julian_day(at),
        "soon": t.due_soon_fraction,
        "lapse": t.lapsed_multiple - 1,
        "grace": t.due_grace_fraction,
        "grace_max": t.due_grace_max.total_seconds() / 86400,
    }


def circle_counts(conn: sqlite3.Connection, at: datetime) -> list[CircleCounts]:
    params = state_params(at)
    rows: dict[int, dict] = {}
    for cid, name, days, position, state, n in conn.execute(_STATES_SQL, params):
        entry = rows.setdefault(
            cid,
            {"name": name, "cadence_days": days, "position": position, "members": 0},
        )
        entry["members"] += n
        if state is not None:
            entry[_FIELDS[state]] = entry.get(_FIELDS[state], 0) + n
    return [CircleCounts(**entry) for entry in rows.values()]


def _exact(conn: sqlite3.Connection, lo: datetime, hi: datetime) -> int:
    """Interactions with lo < occurred_at <= hi, through the occurred_at index."""
    return conn.execute(
        "SELECT count(*) FROM interaction WHERE occurred_at > ? AND occurred_at <= ?",
        (_sql(lo), _sql(hi)),
    ).fetchone()[0]


def touches_between(conn: sqlite3.Connection, lo: datetime, hi: datetime) -> int:
    """Interactions in (lo, hi]: whole days from ``touch_day``, the two edge days exactly."""
    if hi <= lo:
        return 0
    lo_day, hi_day = lo.date(), hi.date()
    if (hi_day - lo_day).days < 2:
        return _exact(conn, lo, hi)
    first_end = datetime.combine(lo_day + timedelta(days=1), datetime.min.time())
    last_start = datetime.combine(hi_day, datetime.min.time())
    middle = conn.execute(
        "SELECT coalesce(sum(total), 0) FROM touch_day WHERE day > ? AND day < ?",
        (lo_day.isoformat(), hi_day.isoformat()),
    ).fetchone()[0]
    # (lo, first_end) and [last_start, hi]: the edges, counted exactly.
    edge_lo = _exact(conn, lo, first_end - timedelta(microseconds=1))
    edge_hi = _exact(conn, last_start - timedelta(microseconds=1), hi)
    return edge_lo + middle + edge_hi


def weekly_touches(
    conn: sqlite3.Connection, at: datetime, weeks: int = WEEKS, tz: tzinfo | None = None
) -> list[int]:
    """Touches per week for the ``weeks`` weeks up to ``at``'s local day, oldest first.

    A week is seven local days (``tz``; None: the system's zone), the last one ending with
    today: a touch at 23:30 on a Sunday evening in New York counts on that Sunday, not on
    the Monday it already is in UTC."""
    today = local_date(at, tz)
    first = today - timedelta(days=7 * weeks - 1)
    # bounds[k]: where week k starts, as naive UTC; bounds[weeks]: where tomorrow starts.
    bounds = [local_midnight(first + timedelta(days=7 * k), tz) for k in range(weeks + 1)]
    tick = timedelta(microseconds=1)  # touches_between counts (lo, hi]; a week is [lo, hi)
    return [touches_between(conn, lo - tick, hi - tick) for lo, hi in pairwise(bounds)]


def balance_totals(conn: sqlite3.Connection) -> Balance:
    gave, asked = conn.execute(
        "SELECT coalesce(sum(gave), 0), coalesce(sum(asked), 0) FROM touch_day"
    ).fetchone()
    return Balance(gave, asked)


def contact_balance(conn: sqlite3.Connection, contact_id: int) -> Balance:
    row = conn.execute(
        "SELECT gave_count, asked_count FROM contact WHERE id = ?", (contact_id,)
    ).fetchone()
    return Balance(*(row or (0, 0)))


def network_health(
    conn: sqlite3.Connection, at: datetime, tz: tzinfo | None = None
) -> NetworkHealth:
    circles = circle_counts(conn, at)
    touches = {str(n): touches_between(conn, at - timedelta(days=n), at) for n in TOUCH_WINDOWS}
    totals = balance_totals(conn)
    contacts = conn.execute("SELECT count(*) FROM contact WHERE archived = 0").fetchone()[0]
    without = contacts - sum(c.members for c in circles)
    return NetworkHealth(
        score=score(circles),
        circles=circles,
        touches=touches,
        gave=totals.gave,
        asked=totals.asked,
        weekly=weekly_touches(conn, at, tz=tz),
        contacts=contacts,
        without_circle=without,
    )
