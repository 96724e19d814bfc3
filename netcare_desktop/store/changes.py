"""The change feed: which contacts, interactions, reminders and settings a write changed.

Every writer announces itself, whoever it is (the window, ``netcare log``, a second
program, a sync): SQL triggers on the tables add one ``change_log`` row per changed
row, in the writer's own transaction, so a rolled-back write announces nothing and a
committed one cannot forget to.  A row names a kind and what changed:

* ``contact``: a contact id (the contact, or one of its emails, phones, URLs,
  addresses, extra lines or group memberships), or NULL for "could be any" (a circle
  or group changed, a bulk import);
* ``interaction``: the id of the contact whose timeline changed;
* ``reminder``: a reminder's delivery state (snoozed, skipped, notified);
* ``setting``: a setting's key;
* ``group``: the id of a new circle or group (it has no members to name yet).  A change
  or deletion of one is announced as "could be any contact": its members changed.

A reader remembers the last sequence number it has seen and asks for what came after
(:func:`read_since`); the rows come back grouped (:class:`Changes`).  The table is
kept short by its own trigger: every ``PRUNE_EVERY`` rows it drops those more than
``KEEP`` behind and raises ``change_floor``.  A reader that was further behind than
that is told "could be any" (None) for every kind instead of a partial list.

Sequence numbers only grow: the newest row is never pruned (``seq`` is the rowid, so
the next one is always above it), and a rolled-back row was never seen by anyone.  A
log that went backwards (a restored backup) also reads as "could be any".

Plain ``sqlite3``, no peewee, no Qt: the GUI reads it on its own read-only connection.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

CONTACT = "contact"
INTERACTION = "interaction"
REMINDER = "reminder"
SETTING = "setting"
GROUP = "group"
KINDS = (CONTACT, INTERACTION, REMINDER, SETTING, GROUP)

KEEP = 10_000  # rows kept behind the newest
PRUNE_EVERY = 1_000  # the pruning trigger runs once per this many rows
MANY = 1_000  # more ids than this of one kind in one read: "could be any"
# Settings the due queue is computed from (Preferences, the status reminder).
REMINDER_SETTING_PREFIXES = ("prefs.", "reminders.")

TABLES = [
    """CREATE TABLE IF NOT EXISTS change_log (
         seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref)""",
    # The highest seq pruned: a reader that saw less than this may have missed rows.
    """CREATE TABLE IF NOT EXISTS change_floor (
         id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL DEFAULT 0)""",
    "INSERT OR IGNORE INTO change_floor (id, seq) VALUES (1, 0)",
    f"""CREATE TRIGGER IF NOT EXISTS change_log_prune AFTER INSERT ON change_log
          WHEN new.seq % {PRUNE_EVERY} = 0 BEGIN
          DELETE FROM change_log WHERE seq <= new.seq - {KEEP};
          UPDATE change_floor SET seq = max(seq, new.seq - {KEEP}) WHERE id = 1;
        END""",
]

# Columns of ``contact`` that SQL triggers keep (schema.DERIVED_COLUMNS): a change of
# theirs follows a change that is announced already (a touch, a circle, a cadence).
DERIVED = frozenset({"kit_days", "kit_due", "gave_count", "asked_count"})
# A contact's own rows: a change of any of them is a change of that contact.
CHILD_TABLES = ("email", "phone", "url", "address", "extra", "membership")
# Insert triggers a bulk insert may suspend (schema.BULK_INSERT_TRIGGERS): it records one
# "could be any contact" row instead (:func:`record_bulk_contacts`).
INSERT_TRIGGERS = ("change_contact_ai",) + tuple(f"change_{t}_ai" for t in CHILD_TABLES)


def _log(kind: str, ref: str) -> str:
    return f"INSERT INTO change_log (kind, ref) VALUES ('{kind}', {ref});"


def _row_triggers(
    table: str, kind: str, ref: str, update_of: str = "", on_insert: bool = True
) -> list[str]:
    """After insert, update and delete on ``table``: log ``ref`` (an expression of new/old)."""
    quoted = f'"{table}"'
    new, old = ref.format(r="new"), ref.format(r="old")
    moved = (
        ""
        if new == old
        else f"INSERT INTO change_log (kind, ref) SELECT '{kind}', {old} WHERE {old} IS NOT {new};"
    )
    insert = f"""CREATE TRIGGER IF NOT EXISTS change_{table}_ai AFTER INSERT ON {quoted} BEGIN
              {_log(kind, new)}
            END"""
    return [insert] * on_insert + [
        f"""CREATE TRIGGER IF NOT EXISTS change_{table}_au AFTER UPDATE{update_of} ON {quoted}
            BEGIN
              {_log(kind, new)}
              {moved}
            END""",
        f"""CREATE TRIGGER IF NOT EXISTS change_{table}_ad AFTER DELETE ON {quoted} BEGIN
              {_log(kind, old)}
            END""",
    ]


def trigger_sql(contact_columns: list[str]) -> list[str]:
    """The change triggers of every table, for a ``contact`` table with these columns.

    A contact update is announced when it writes a column of its own, not one of the
    ``DERIVED`` ones (those are written by other triggers, after a change that is
    announced already). A migration that adds a contact column drops and re-creates
    ``change_contact_au``."""
    own = ", ".join(c for c in contact_columns if c not in DERIVED and c != "id")
    out = _row_triggers("contact", CONTACT, "{r}.id", f" OF {own}")
    for table in CHILD_TABLES:
        out += _row_triggers(table, CONTACT, "{r}.contact_id")
    out += _row_triggers("interaction", INTERACTION, "{r}.contact_id")
    # A new circle or group has no members yet: it is announced as itself (the Groups tab
    # lists it); a change or a deletion of one is a change of every member.
    for table in ("circle", "group"):
        out += _row_triggers(table, CONTACT, "NULL", on_insert=False)
        out.append(
            f'''CREATE TRIGGER IF NOT EXISTS change_{table}_ai AFTER INSERT ON "{table}" BEGIN
              {_log(GROUP, "new.id")}
            END'''
        )
    out += _row_triggers("reminder_state", REMINDER, "{r}.key")
    out += _row_triggers("setting", SETTING, "{r}.key")
    return out


def create(conn: sqlite3.Connection | sqlite3.Cursor) -> None:
    """The change feed's tables and triggers (idempotent), inside the caller's transaction."""
    columns = [row[1] for row in conn.execute("PRAGMA table_info(contact)").fetchall()]
    for sql in TABLES + trigger_sql(columns):
        conn.execute(sql)


# -- writers ------------------------------------------------------------------------


def record_bulk_contacts(cursor: sqlite3.Connection | sqlite3.Cursor) -> None:
    """One "could be any contact" row, for a bulk insert that suspended ``INSERT_TRIGGERS``.

    Inside the writer's transaction, like the rows it stands for."""
    cursor.execute("INSERT INTO change_log (kind, ref) VALUES (?, NULL)", (CONTACT,))


def record_everything(cursor: sqlite3.Connection | sqlite3.Cursor, above: int = 0) -> None:
    """ "Could be any" rows of every kind, numbered above ``above`` and anything in the log.

    For a restore, which brings back the log of the backup (perhaps behind what readers
    have seen): ``above`` is the newest number before it. The floor goes up to just below
    the new rows, so every reader, however far it had read, is told "could be any"."""
    floor = max(above, latest(cursor)) + 1
    cursor.execute("UPDATE change_floor SET seq = ? WHERE id = 1", (floor,))
    cursor.executemany(
        "INSERT INTO change_log (seq, kind, ref) VALUES (?, ?, NULL)",
        [(floor + 1 + i, kind) for i, kind in enumerate(KINDS)],
    )


def prune(conn: sqlite3.Connection | sqlite3.Cursor, keep: int = KEEP) -> int:
    """Drop the rows more than ``keep`` behind the newest (which always stays); how many."""
    keep = max(1, keep)
    top = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0]
    if top is None or top <= keep:
        return 0
    floor = top - keep
    gone = conn.execute("DELETE FROM change_log WHERE seq <= ?", (floor,)).rowcount
    conn.execute("UPDATE change_floor SET seq = max(seq, ?) WHERE id = 1", (floor,))
    return gone


# -- readers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Changes:
    """What changed after a sequence number. ``None``: could be any (reload them all);
    an empty set: none of that kind."""

    seq: int  # the newest sequence number read: pass it to the next read_since
    contacts: frozenset[int] | None = frozenset()
    interactions: frozenset[int] | None = frozenset()  # ids of contacts whose timeline changed
    reminders: bool = False  # the due queue may be different (delivery state or its inputs)
    settings: frozenset[str] | None = frozenset()
    groups: frozenset[int] | None = frozenset()  # new circles and groups

    @classmethod
    def everything(cls, seq: int) -> Changes:
        return cls(seq, None, None, True, None, None)

    @property
    def empty(self) -> bool:
        return (
            self.contacts == frozenset()
            and self.interactions == frozenset()
            and not self.reminders
            and self.settings == frozenset()
            and self.groups == frozenset()
        )


def has_feed(conn: sqlite3.Connection | sqlite3.Cursor) -> bool:
    found = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        " AND name IN ('change_log', 'change_floor')"
    ).fetchone()[0]
    return found == 2


def latest(conn: sqlite3.Connection | sqlite3.Cursor) -> int:
    """The newest sequence number (0 for an empty log or a database without the feed)."""
    if not has_feed(conn):
        return 0
    top = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0]
    if top is not None:
        return int(top)
    return int(conn.execute("SELECT seq FROM change_floor WHERE id = 1").fetchone()[0])


def _group(rows: list[tuple], seq: int) -> Changes:
    ids: dict[str, set | None] = {CONTACT: set(), INTERACTION: set(), SETTING: set(), GROUP: set()}
    reminders = False
    for _seq, kind, ref in rows:
        if kind == REMINDER:
            reminders = True
            continue
        if kind not in ids:
            continue  # a kind a newer NetCare writes: nothing this one shows
        if kind in (CONTACT, INTERACTION):
            reminders = True
        elif ref is None or str(ref).startswith(REMINDER_SETTING_PREFIXES):
            reminders = True
        bucket = ids[kind]
        if bucket is None:
            continue
        if ref is None or not isinstance(ref, str if kind == SETTING else int):
            # NULL, or a row no trigger of ours writes (another program's, a damaged file):
            # nothing to name, so "could be any" rather than an id a view cannot look up.
            ids[kind] = None
        else:
            bucket.add(ref)
            if len(bucket) > MANY:
                ids[kind] = None

    def frozen(kind: str):
        found = ids[kind]
        return None if found is None else frozenset(found)

    return Changes(
        seq, frozen(CONTACT), frozen(INTERACTION), reminders, frozen(SETTING), frozen(GROUP)
    )


def read_since(conn: sqlite3.Connection, after: int) -> Changes:
    """What was committed after sequence number ``after``, grouped by kind.

    One read transaction, so the floor and the rows agree.  Everything is "could be
    any" when the reader fell behind the pruning, when the log went backwards (a
    restore), or when the database has no change feed (an older schema)."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        if not has_feed(conn):
            return Changes.everything(0)
        top = latest(conn)
        floor = conn.execute("SELECT seq FROM change_floor WHERE id = 1").fetchone()[0]
        if after > top or floor > after:
            return Changes.everything(top)
        if top == after:
            return Changes(after)
        rows = conn.execute(
            "SELECT seq, kind, ref FROM change_log WHERE seq > ? ORDER BY seq", (after,)
        ).fetchall()
    finally:
        if own:
            conn.execute("COMMIT")
    return _group(rows, top)
