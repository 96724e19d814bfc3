"""Settings (the ``setting`` table, JSON values) and the preferences stored in them.

Reads are plain SQL on any ``sqlite3`` connection; writes go through peewee,
imported only when one is made.
"""

from __future__ import annotations

import json
import sqlite3

from netcare_desktop.core.preferences import PREFIX, Preferences


def read_settings(conn: sqlite3.Connection, prefix: str = "") -> dict:
    rows = conn.execute(
        "SELECT key, value FROM setting WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff")
    ).fetchall()
    out = {}
    for key, value in rows:
        try:
            out[key] = json.loads(value) if isinstance(value, str) else value
        except ValueError:
            continue  # a damaged value reads as its default
    return out


def read_preferences(conn: sqlite3.Connection) -> Preferences:
    return Preferences.from_rows(read_settings(conn, PREFIX))


def save_preferences(prefs: Preferences) -> None:
    from netcare_desktop.store.models import Setting, db

    with db.atomic():
        for key, value in prefs.to_rows().items():
            Setting.replace(key=key, value=value).execute()


def set_circle_cadence(circle_id: int, days: int | None) -> None:
    from netcare_desktop.store.models import Circle

    Circle.update(cadence_days=days if days and days > 0 else None).where(
        Circle.id == circle_id
    ).execute()
