"""Schema creation, the migration ladder and pre-migration backups.

The schema version lives in ``PRAGMA user_version``.  A fresh file gets the
current schema in one transaction.  An older file is copied to ``backups/``
with SQLite's online backup API, then climbs the ladder one step at a time,
each step in its own transaction with the version bump inside it.  A file
newer than this app is refused and never written to.

Steps must be idempotent: check before you alter (Vorta's users met
"duplicate column name" crashes from steps that were not).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from peewee import SqliteDatabase

from netcare_desktop.store import changes, models
from netcare_desktop.store.backup import backup_database
from netcare_desktop.store.backup import copy_database as copy_database  # re-exported (old path)
from netcare_desktop.store.errors import DatabaseDamaged as DatabaseDamaged  # likewise
from netcare_desktop.store.errors import DatabaseTooNew, StoreError
from netcare_desktop.store.version import SCHEMA_VERSION

DEFAULT_CIRCLES: tuple[tuple[str, int | None], ...] = (
    ("Inner", 30),
    ("Active", 90),
    ("Acquaintance", 180),
    ("Dormant", None),
)

_INDEX_ROW = """
    SELECT c.id,
           trim(c.display_name || ' ' || c.nickname),
           trim(c.organization || ' ' || c.department),
           c.title,
           coalesce((SELECT group_concat(e.address, ' ') FROM email e WHERE e.contact_id = c.id), ''),
           c.notes
      FROM contact c WHERE c.id = {ref}
"""

# Bulk imports pause the per-row triggers (inside their own transaction) and index the
# new rows in one statement afterwards: see ``reindex_sql``.
_ACTIVE = "WHEN (SELECT paused FROM fts_control WHERE id = 1) = 0"

FTS_TRIGGERS = [
    """CREATE TABLE IF NOT EXISTS fts_control (
         id INTEGER PRIMARY KEY CHECK (id = 1), paused INTEGER NOT NULL DEFAULT 0)""",
    "INSERT OR IGNORE INTO fts_control (id, paused) VALUES (1, 0)",
    f"""CREATE TRIGGER IF NOT EXISTS contact_fts_ai AFTER INSERT ON contact {_ACTIVE} BEGIN
          INSERT INTO contact_index(rowid, name, organization, title, emails, notes)
          {_INDEX_ROW.format(ref="new.id")};
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS contact_fts_au
          AFTER UPDATE OF display_name, nickname, organization, department, title, notes ON contact
        {_ACTIVE} BEGIN
          DELETE FROM contact_index WHERE rowid = old.id;
          INSERT INTO contact_index(rowid, name, organization, title, emails, notes)
          {_INDEX_ROW.format(ref="new.id")};
        END""",
    """CREATE TRIGGER IF NOT EXISTS contact_fts_ad AFTER DELETE ON contact BEGIN
          DELETE FROM contact_index WHERE rowid = old.id;
        END""",
]
for _event, _ref in (("INSERT", "new.contact_id"), ("DELETE", "old.contact_id")):
    FTS_TRIGGERS.append(
        f"""CREATE TRIGGER IF NOT EXISTS email_fts_{_event.lower()} AFTER {_event} ON email {_ACTIVE} BEGIN
              DELETE FROM contact_index WHERE rowid = {_ref};
              INSERT INTO contact_index(rowid, name, organization, title, emails, notes)
              {_INDEX_ROW.format(ref=_ref)};
            END"""
    )
FTS_TRIGGERS.append(
    f"""CREATE TRIGGER IF NOT EXISTS email_fts_update AFTER UPDATE ON email {_ACTIVE} BEGIN
          DELETE FROM contact_index WHERE rowid IN (old.contact_id, new.contact_id);
          INSERT INTO contact_index(rowid, name, organization, title, emails, notes)
          {_INDEX_ROW.format(ref="old.contact_id")};
          INSERT INTO contact_index(rowid, name, organization, title, emails, notes)
          SELECT * FROM ({_INDEX_ROW.format(ref="new.contact_id")}) WHERE new.contact_id != old.contact_id;
        END"""
)


def reindex_sql(count: int) -> str:
    """Index ``count`` contacts (ids as parameters) in one statement, after a paused bulk insert."""
    marks = ", ".join("?" for _ in range(count))
    return (
        "INSERT INTO contact_index(rowid, name, organization, title, emails, notes) "
        + _INDEX_ROW.format(ref="c.id").replace("WHERE c.id = c.id", f"WHERE c.id IN ({marks})")
    )


# Schema version 2: what the due queue needs to answer in milliseconds at 100,000 contacts.
#
# ``contact.kit_days`` (the effective cadence: own override, else the circle's) and
# ``contact.kit_due`` (julian day of last touch, or circle entry, + cadence) are kept
# by triggers, so every writer (GUI, CLI, importer) keeps them right in the same
# transaction, and "who is due at T" is one range scan of an index.  They are a
# cache of core.cadence's rules, which still decide each state.
_KIT_DAYS = (
    "CASE WHEN contact.cadence_days > 0 THEN contact.cadence_days ELSE"
    " (SELECT ci.cadence_days FROM circle ci"
    "   WHERE ci.id = contact.circle_id AND ci.cadence_days > 0) END"
)
_KIT_DUE = "julianday(coalesce(contact.last_touch_at, contact.circle_since)) + contact.kit_days"


def kit_refresh_sql(where: str) -> list[str]:
    """Statements that recompute the keep-in-touch cache for the contacts ``where`` selects."""
    return [
        f"UPDATE contact SET kit_days = {_KIT_DAYS} WHERE {where}",
        f"UPDATE contact SET kit_due = {_KIT_DUE} WHERE {where}",
    ]


def _trigger_body(where: str) -> str:
    return " ".join(sql + ";" for sql in kit_refresh_sql(where))


# What a bulk insert does itself instead (importer.insert_new): it writes the search index
# rows and refreshes the keep-in-touch columns in one statement per batch; the change feed
# gets one "could be any contact" row from suspended_triggers itself.
BULK_INSERT_TRIGGERS = (
    "contact_fts_ai",
    "contact_kit_ai",
    "email_fts_insert",
    *changes.INSERT_TRIGGERS,
)


@contextmanager
def suspended_triggers(cursor: sqlite3.Cursor, names: tuple[str, ...]) -> Iterator[None]:
    """The named triggers dropped for the block, then created again exactly as they were.

    Only inside the caller's transaction, so that they are never missing for anyone
    else: the drop is rolled back with everything else if the block fails or the process
    dies.  Why: with any row trigger on a table, SQLite opens a statement journal for every
    row inserted; 10,000 contacts go in 0.16 s faster without (a 10,000-card import takes
    about 1.5 s).

    Suspending any of the change feed's insert triggers records one "could be any
    contact" row in their place (``changes.record_bulk_contacts``), so a bulk insert is
    announced like any other write."""
    if not cursor.connection.in_transaction:
        raise RuntimeError("triggers are only suspended inside a transaction")
    marks = ", ".join("?" for _ in names)
    found = cursor.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        names,
    ).fetchall()
    for name, _sql in found:
        cursor.execute(f'DROP TRIGGER "{name}"')
    if any(name in changes.INSERT_TRIGGERS for name, _sql in found):
        changes.record_bulk_contacts(cursor)
    try:
        yield
    finally:
        # Unless SQLite rolled the whole transaction back itself (an I/O error, no memory):
        # then the drop is undone too, and the error that did it is the one to raise.
        if cursor.connection.in_transaction:
            for _name, sql in found:
                cursor.execute(sql)


# Derived columns belong to SQL, not to the peewee model: the app never writes them,
# so a model saved with stale values cannot overwrite what the triggers keep.
DERIVED_COLUMNS = (
    ("kit_days", "INTEGER"),
    ("kit_due", "REAL"),
    ("gave_count", "INTEGER NOT NULL DEFAULT 0"),
    ("asked_count", "INTEGER NOT NULL DEFAULT 0"),
)
KIT_TRIGGERS = [
    # Imported contacts usually have no circle: skip the work for them.
    f"""CREATE TRIGGER IF NOT EXISTS contact_kit_ai AFTER INSERT ON contact
          WHEN new.cadence_days > 0 OR new.circle_id IS NOT NULL BEGIN
          {_trigger_body("contact.id = new.id")}
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS contact_kit_au
          AFTER UPDATE OF last_touch_at, circle_id, circle_since, cadence_days ON contact BEGIN
          {_trigger_body("contact.id = new.id")}
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS circle_kit_au AFTER UPDATE OF cadence_days ON circle BEGIN
          {_trigger_body("contact.circle_id = new.id")}
        END""",
]
# Give/ask balance per contact, and touches per UTC day for the dashboard: kept by
# triggers on interactions, so "gave/asked" and "touches in the last year" read a few
# hundred rows instead of a million.
_BALANCE = (
    "UPDATE contact SET"
    " gave_count = (SELECT count(*) FROM interaction i"
    "   WHERE i.contact_id = contact.id AND i.direction = 'gave'),"
    " asked_count = (SELECT count(*) FROM interaction i"
    "   WHERE i.contact_id = contact.id AND i.direction = 'asked')"
    " WHERE contact.id = {ref}"
)
_DAY_ADD = (
    "INSERT INTO touch_day (day, total, gave, asked)"
    " VALUES (substr({r}.occurred_at, 1, 10), 1, {r}.direction = 'gave', {r}.direction = 'asked')"
    " ON CONFLICT (day) DO UPDATE SET total = total + 1, gave = gave + excluded.gave,"
    " asked = asked + excluded.asked"
)
_DAY_REMOVE = (
    "UPDATE touch_day SET total = total - 1, gave = gave - ({r}.direction = 'gave'),"
    " asked = asked - ({r}.direction = 'asked') WHERE day = substr({r}.occurred_at, 1, 10)"
)
TOUCH_TABLES = [
    """CREATE TABLE IF NOT EXISTS touch_day (
         day TEXT PRIMARY KEY, total INTEGER NOT NULL DEFAULT 0,
         gave INTEGER NOT NULL DEFAULT 0, asked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID""",
]
TOUCH_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS interaction_touch_ai AFTER INSERT ON interaction BEGIN
          {_BALANCE.format(ref="new.contact_id")};
          {_DAY_ADD.format(r="new")};
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS interaction_touch_ad AFTER DELETE ON interaction BEGIN
          {_BALANCE.format(ref="old.contact_id")};
          {_DAY_REMOVE.format(r="old")};
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS interaction_touch_au
          AFTER UPDATE OF contact_id, direction, occurred_at ON interaction BEGIN
          {_BALANCE.format(ref="old.contact_id")};
          {_BALANCE.format(ref="new.contact_id")};
          {_DAY_REMOVE.format(r="old")};
          {_DAY_ADD.format(r="new")};
        END""",
]
TOUCH_BACKFILL = [
    "DELETE FROM touch_day",
    """INSERT INTO touch_day (day, total, gave, asked)
         SELECT substr(occurred_at, 1, 10), count(*), sum(direction = 'gave'),
                sum(direction = 'asked')
           FROM interaction GROUP BY 1""",
    _BALANCE.format(ref="contact.id").replace("WHERE contact.id = contact.id", ""),
]

REMINDER_INDEXES = [
    # Covering: the queue reads every due contact without touching the table.
    # Partial: only contacts with a cadence are in it, so an import of people without a
    # circle (the usual case) does not pay for it.
    """CREATE INDEX IF NOT EXISTS contact_kit_queue ON contact
         (archived, kit_due, kit_days, last_touch_at, circle_since, display_name)
         WHERE kit_due IS NOT NULL""",
    """CREATE INDEX IF NOT EXISTS interaction_open_follow_up ON interaction (follow_up)
         WHERE follow_up_done = 0 AND follow_up IS NOT NULL""",
    "CREATE INDEX IF NOT EXISTS interaction_kind_occurred_at ON interaction (kind, occurred_at)",
    """CREATE INDEX IF NOT EXISTS contact_birthday ON contact (birthday_month, birthday_day)
         WHERE birthday_month IS NOT NULL""",
    # Circle health: every member's state from the index alone.
    """CREATE INDEX IF NOT EXISTS contact_circle_state ON contact
         (circle_id, archived, kit_due, kit_days) WHERE circle_id IS NOT NULL""",
    # "I've asked more than I've given": the few contacts that lean on one side.
    """CREATE INDEX IF NOT EXISTS contact_leaning ON contact (archived, asked_count, gave_count)
         WHERE asked_count > gave_count""",
]


def add_derived(database: SqliteDatabase) -> None:
    """The SQL-owned columns, tables, triggers and indexes of version 2 (idempotent)."""
    have = {row[1] for row in database.execute_sql("PRAGMA table_info(contact)").fetchall()}
    for name, kind in DERIVED_COLUMNS:
        if name not in have:
            database.execute_sql(f"ALTER TABLE contact ADD COLUMN {name} {kind}")
    for sql in TOUCH_TABLES + KIT_TRIGGERS + TOUCH_TRIGGERS + REMINDER_INDEXES:
        database.execute_sql(sql)


def _to_v2(database: SqliteDatabase) -> None:
    """Version 2: the keep-in-touch cache, the give/ask and touch-day caches, their indexes.

    Idempotent: a column is added only when missing (Vorta's users met
    "duplicate column name" from steps that did not check), the rest is
    IF NOT EXISTS, and the backfills recompute from the interactions.
    """
    add_derived(database)
    for sql in kit_refresh_sql("1") + TOUCH_BACKFILL:
        database.execute_sql(sql)


# An import's record of a contact it created or changed ends with the contact: SQLite hands
# a deleted contact's id to the next one created (INTEGER PRIMARY KEY without AUTOINCREMENT),
# and undoing the import would otherwise delete, or overwrite, that other person.
CHANGE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS contact_changes_ad AFTER DELETE ON contact BEGIN
          DELETE FROM import_change WHERE contact_id = old.id;
        END""",
]
# What version 2 could leave behind: changes of contacts deleted since (their ids free to be
# handed out again), and "created" changes whose id already belongs to a contact created
# after the import.
_STALE_CHANGES = """DELETE FROM import_change WHERE contact_id NOT IN (SELECT id FROM contact)
    OR (action = 'created' AND (SELECT c.created_at FROM contact c WHERE c.id = contact_id)
        > (SELECT b.created_at FROM import_batch b WHERE b.id = batch_id))"""


def _to_v3(database: SqliteDatabase) -> None:
    """Version 3: an import's changes are deleted with their contact.  Idempotent."""
    database.execute_sql(_STALE_CHANGES)
    for sql in CHANGE_TRIGGERS:
        database.execute_sql(sql)


def _to_v4(database: SqliteDatabase) -> None:
    """Version 4: the change feed (``change_log``, filled by triggers).  Idempotent."""
    changes.create(database.connection())


# Version 5: a phone's, URL's and address's vCard PREF, and the vCard group of each of
# those and of an email ("item1" of item1.ADR, written back beside item1.X-ABADR).
V5_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("email", "vcard_group", "VARCHAR(255) NOT NULL DEFAULT ''"),
    ("phone", "preferred", "INTEGER NOT NULL DEFAULT 0"),
    ("phone", "vcard_group", "VARCHAR(255) NOT NULL DEFAULT ''"),
    ("url", "preferred", "INTEGER NOT NULL DEFAULT 0"),
    ("url", "vcard_group", "VARCHAR(255) NOT NULL DEFAULT ''"),
    ("address", "preferred", "INTEGER NOT NULL DEFAULT 0"),
    ("address", "vcard_group", "VARCHAR(255) NOT NULL DEFAULT ''"),
)


def _to_v5(database: SqliteDatabase) -> None:
    """Version 5: the columns of V5_COLUMNS, each added only when missing.  Every row keeps
    what it had: not preferred, no group (what the import could not keep before)."""
    for table, column, kind in V5_COLUMNS:
        if column not in {c.name for c in database.get_columns(table)}:
            database.execute_sql(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


MigrationStep = Callable[[SqliteDatabase], None]

# version reached -> step that reaches it from the version before.
MIGRATIONS: dict[int, MigrationStep] = {2: _to_v2, 3: _to_v3, 4: _to_v4, 5: _to_v5}


def create_schema(database: SqliteDatabase) -> None:
    """Create the current schema on an empty database and stamp its version."""
    with database.atomic():
        database.create_tables(models.TABLES + [models.ContactIndex])
        for sql in FTS_TRIGGERS:
            database.execute_sql(sql)
        add_derived(database)
        for sql in CHANGE_TRIGGERS:
            database.execute_sql(sql)
        for position, (name, days) in enumerate(DEFAULT_CIRCLES):
            models.Circle.create(name=name, cadence_days=days, position=position)
        changes.create(database.connection())
        database.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def user_tables(database: SqliteDatabase) -> list[str]:
    return [t for t in database.get_tables() if not t.startswith("sqlite_")]


def migrate(
    database: SqliteDatabase,
    backups_dir: Path,
    now: datetime,
    steps: Mapping[int, MigrationStep] | None = None,
    target: int = SCHEMA_VERSION,
) -> Path | None:
    """Bring an existing database up to ``target``. Returns the backup taken, if any."""
    steps = MIGRATIONS if steps is None else steps
    current = database.execute_sql("PRAGMA user_version").fetchone()[0]
    if current > target:
        raise DatabaseTooNew(
            f"this database has schema version {current}, newer than this NetCare "
            f"understands ({target}); install a newer NetCare. The file was not changed."
        )
    if current == target:
        return None
    if current == 0:
        if user_tables(database):
            raise StoreError(
                "the file holds an SQLite database that is not NetCare's; it was not changed"
            )
        create_schema(database)
        return None
    backup = backup_database(database.connection(), backups_dir, f"v{current}", now)
    for version in range(current + 1, target + 1):
        step = steps.get(version)
        if step is None:
            raise StoreError(f"no migration to schema version {version}")
        with database.atomic():
            step(database)
            database.execute_sql(f"PRAGMA user_version = {version}")
    return backup
