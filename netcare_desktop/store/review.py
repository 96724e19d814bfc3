"""Review: walk through the long-lapsed and decide (keep, a lighter circle, archive)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from netcare_desktop.core.cadence import THRESHOLDS
from netcare_desktop.store.sqltime import julian_day


@dataclass(frozen=True)
class Lapsed:
    contact_id: int
    name: str
    circle_id: int
    circle: str
    cadence_days: int
    last_touch: datetime | None
    lighter_id: int | None  # the next circle out, None when this is the lightest
    lighter: str


def lapsed_contacts(conn: sqlite3.Connection, now: datetime) -> list[Lapsed]:
    """People in a circle past twice their cadence, the longest-lapsed first."""
    circles = conn.execute(
        "SELECT id, name, position FROM circle ORDER BY position, name"
    ).fetchall()
    order = [c[0] for c in circles]
    names = {c[0]: c[1] for c in circles}
    rows = conn.execute(
        """SELECT c.id, c.display_name, c.circle_id, c.kit_days, c.last_touch_at
             FROM contact c INDEXED BY contact_kit_queue
            WHERE c.archived = 0 AND c.kit_due IS NOT NULL AND c.circle_id IS NOT NULL
              AND c.kit_due + c.kit_days * ? <= ?
            ORDER BY c.kit_due""",
        (THRESHOLDS.lapsed_multiple - 1, julian_day(now)),
    ).fetchall()
    out = []
    for cid, name, circle_id, days, last in rows:
        i = order.index(circle_id) if circle_id in order else -1
        lighter = order[i + 1] if 0 <= i < len(order) - 1 else None
        out.append(
            Lapsed(
                cid,
                name,
                circle_id,
                names.get(circle_id, ""),
                days,
                datetime.fromisoformat(last) if last else None,
                lighter,
                names.get(lighter, "") if lighter else "",
            )
        )
    return out


def move_to_circle(contact_id: int, circle_id: int | None, now: datetime) -> None:
    """A new circle starts its clock now (as the editor does)."""
    from netcare_desktop.store.models import Contact

    Contact.update(circle=circle_id, circle_since=now if circle_id else None, updated_at=now).where(
        Contact.id == contact_id
    ).execute()


def archive(contact_id: int, now: datetime, archived: bool = True) -> None:
    from netcare_desktop.store.models import Contact

    Contact.update(archived=archived, updated_at=now).where(Contact.id == contact_id).execute()
