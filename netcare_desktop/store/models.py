"""The data model (schema version 1).

All times are naive UTC ``datetime``s.  Models bind to ``db``, a
``DatabaseProxy`` initialised by :func:`netcare_desktop.store.database.open_store`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from peewee import (
    SQL,
    AutoField,
    BaseQuery,
    BlobField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    JSONField,
    Model,
    ModelSelect,
    TextField,
)
from playhouse.sqlite_ext import FTS5Model, RowIDField, SearchField

db = DatabaseProxy()


def tuple_rows(query: BaseQuery) -> Iterator[tuple[Any, ...]]:
    """``query.tuples()`` run, typed as the tuples it yields (peewee's stubs say models)."""
    return iter(query.tuples())


class BaseModel(Model):
    """Each model first declares, as bare annotations, what peewee adds at runtime.

    The implicit ``id`` primary key, the ``<fk>_id`` accessors and the back-references
    exist only on the built class, so a type checker cannot see them.  A bare
    annotation creates no class attribute and is not a ``Field``, so peewee's
    metaclass ignores it: it changes no column (``tests/store/test_models_typing.py``).
    """

    class Meta:
        database = db
        legacy_table_names = False


class Circle(BaseModel):
    """How close: sets the default keep-in-touch cadence (None: no reminders)."""

    # Typing only (see BaseModel):
    id: AutoField[int]
    contacts: ModelSelect[Contact]
    name = CharField(unique=True)
    cadence_days = IntegerField(null=True)
    position = IntegerField(default=0)


class Contact(BaseModel):
    # Typing only (see BaseModel):
    id: AutoField[int]
    circle_id: ForeignKeyField[int | None]
    emails: ModelSelect[Email]
    phones: ModelSelect[Phone]
    urls: ModelSelect[Url]
    addresses: ModelSelect[Address]
    extras: ModelSelect[Extra]
    memberships: ModelSelect[Membership]
    interactions: ModelSelect[Interaction]
    display_name = CharField(default="")
    sort_name = CharField(default="")
    given_name = CharField(default="")
    family_name = CharField(default="")
    middle_name = CharField(default="")
    prefix = CharField(default="")
    suffix = CharField(default="")
    nickname = CharField(default="")
    organization = CharField(default="", index=True)
    department = CharField(default="")
    title = CharField(default="")
    birthday_year = IntegerField(null=True)
    birthday_month = IntegerField(null=True)
    birthday_day = IntegerField(null=True)
    notes = TextField(default="")
    photo = BlobField(null=True)
    photo_mime = CharField(default="")
    photo_url = CharField(default="")
    circle = ForeignKeyField(Circle, null=True, backref="contacts", on_delete="SET NULL")
    circle_since = DateTimeField(null=True)
    cadence_days = IntegerField(null=True)
    vcard_uid = CharField(default="", index=True)
    linkedin_url = CharField(default="", index=True)
    archived = BooleanField(default=False)
    last_touch_at = DateTimeField(null=True, index=True)
    # Not model fields on purpose: kit_days, kit_due, gave_count and asked_count are
    # columns owned by SQL triggers (schema.DERIVED_COLUMNS), read with plain SQL.
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        # The contact list: visible contacts in name order, straight from the index.
        indexes = ((("archived", "sort_name"), False),)


# The columns of schema 5 have an SQL default, as the migration adds them (schema.V5_COLUMNS),
# so that a writer in plain SQL that names only the older columns keeps working.


class Email(BaseModel):
    # Typing only (see BaseModel):
    id: AutoField[int]
    contact_id: ForeignKeyField[int]
    contact = ForeignKeyField(Contact, backref="emails", on_delete="CASCADE")
    address = CharField(index=True)
    label = CharField(default="")
    preferred = BooleanField(default=False, constraints=[SQL("DEFAULT 0")])
    vcard_group = CharField(
        default="", constraints=[SQL("DEFAULT ''")]
    )  # since schema 5 (see Phone)
    position = IntegerField(default=0)


class Phone(BaseModel):
    # Typing only (see BaseModel):
    id: AutoField[int]
    contact_id: ForeignKeyField[int]
    contact = ForeignKeyField(Contact, backref="phones", on_delete="CASCADE")
    # The column is called raw; it shadows Model.raw(), which is never called on Phone.
    raw = CharField()  # type: ignore[assignment]
    e164 = CharField(default="", index=True)
    label = CharField(default="")  # all its types, "work fax" (core.record)
    # Since schema 5: vCard's PREF, and the vCard group it was read in ("item1").
    preferred = BooleanField(default=False, constraints=[SQL("DEFAULT 0")])
    vcard_group = CharField(default="", constraints=[SQL("DEFAULT ''")])
    position = IntegerField(default=0)


class Url(BaseModel):
    # Typing only (see BaseModel):
    id: AutoField[int]
    contact_id: ForeignKeyField[int]
    contact = ForeignKeyField(Contact, backref="urls", on_delete="CASCADE")
    url = CharField()
    label = CharField(default="")
    preferred = BooleanField(
        default=False, constraints=[SQL("DEFAULT 0")]
    )  # since schema 5 (see Phone)
    vcard_group = CharField(default="", constraints=[SQL("DEFAULT ''")])
    position = IntegerField(default=0)


class Address(BaseModel):
    # Typing only (see BaseModel):
    id: AutoField[int]
    contact_id: ForeignKeyField[int]
    contact = ForeignKeyField(Contact, backref="addresses", on_delete="CASCADE")
    label = CharField(default="")
    po_box = CharField(default="")
    extended = CharField(default="")
    street = CharField(default="")
    locality = CharField(default="")
    region = CharField(default="")
    postal_code = CharField(default="")
    country = CharField(default="")
    preferred = BooleanField(
        default=False, constraints=[SQL("DEFAULT 0")]
    )  # since schema 5 (see Phone)
    vcard_group = CharField(default="", constraints=[SQL("DEFAULT ''")])
    position = IntegerField(default=0)


class Extra(BaseModel):
    """A vCard property the app does not model, kept verbatim so export loses nothing."""

    # Typing only (see BaseModel):
    id: AutoField[int]
    contact_id: ForeignKeyField[int]
    contact = ForeignKeyField(Contact, backref="extras", on_delete="CASCADE")
    line = TextField()
    position = IntegerField(default=0)


class Group(BaseModel):
    """An organization or community: employer, alumni, club, book club, charity..."""

    # Typing only (see BaseModel):
    id: AutoField[int]
    memberships: ModelSelect[Membership]
    name = CharField(unique=True)
    kind = CharField(default="")


class Membership(BaseModel):
    # Typing only (see BaseModel):
    id: AutoField[int]
    contact_id: ForeignKeyField[int]
    group_id: ForeignKeyField[int]
    contact = ForeignKeyField(Contact, backref="memberships", on_delete="CASCADE")
    group = ForeignKeyField(Group, backref="memberships", on_delete="CASCADE")
    role = CharField(default="")
    started = DateField(null=True)
    ended = DateField(null=True)

    class Meta:
        indexes = ((("contact", "group"), True),)


class Interaction(BaseModel):
    # Typing only (see BaseModel):
    id: AutoField[int]
    contact_id: ForeignKeyField[int]
    contact = ForeignKeyField(Contact, backref="interactions", on_delete="CASCADE")
    occurred_at = DateTimeField(index=True)
    kind = CharField()
    direction = CharField()
    summary = CharField(default="")
    notes = TextField(default="")
    follow_up = DateField(null=True, index=True)
    follow_up_done = BooleanField(default=False)
    created_at = DateTimeField()

    class Meta:
        indexes = ((("contact", "occurred_at"), False),)


class ReminderState(BaseModel):
    """Delivery state only; what is due is derived from contacts and interactions."""

    # Typing only (see BaseModel):
    id: AutoField[int]
    key = CharField(unique=True)
    snoozed_until = DateTimeField(null=True)
    last_notified = DateTimeField(null=True)
    done_until = DateTimeField(null=True)


class ImportBatch(BaseModel):
    # Typing only (see BaseModel):
    id: AutoField[int]
    changes: ModelSelect[ImportChange]
    created_at = DateTimeField()
    source = TextField(default="")
    summary = JSONField(default=dict)
    undone = BooleanField(default=False)


class ImportChange(BaseModel):
    # Typing only (see BaseModel):
    id: AutoField[int]
    batch_id: ForeignKeyField[int]
    batch = ForeignKeyField(ImportBatch, backref="changes", on_delete="CASCADE")
    contact_id = IntegerField()
    action = CharField()  # created | updated
    before = JSONField(null=True)


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = JSONField(null=True)


class ContactIndex(FTS5Model):
    """Full-text index over names, organization, title, emails and notes.

    Kept in sync by SQL triggers (see ``schema.FTS_TRIGGERS``), so every
    writer, GUI or CLI, updates it in the same transaction.
    """

    rowid = RowIDField()
    name = SearchField()
    organization = SearchField()
    title = SearchField()
    emails = SearchField()
    notes = SearchField()

    class Meta:
        database = db
        table_name = "contact_index"
        options = {"tokenize": "unicode61 remove_diacritics 2", "prefix": "1 2 3"}


TABLES = [
    Circle,
    Contact,
    Email,
    Phone,
    Url,
    Address,
    Extra,
    Group,
    Membership,
    Interaction,
    ReminderState,
    ImportBatch,
    ImportChange,
    Setting,
]
