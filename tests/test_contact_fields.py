"""The contact's fields are named once (core.fields): the store's columns, the import
record, the bulk insert, the undo snapshot, the matcher and the editor all agree with it,
so a new field cannot be forgotten in one of them."""

from dataclasses import fields as dataclass_fields

from netcare_desktop.core import fields
from netcare_desktop.core.record import TEXT_FIELDS, ContactRecord
from netcare_desktop.interop.matching import Matcher
from netcare_desktop.store import contacts
from netcare_desktop.store.import_rows import CONTACT_COLUMNS
from netcare_desktop.store.imports import FILLED_FIELDS, SNAPSHOT_FIELDS
from netcare_desktop.store.models import Contact


def _columns() -> set[str]:
    return {f.column_name for f in Contact._meta.sorted_fields}


def test_every_field_of_a_person_is_a_column_of_the_store():
    assert set(fields.PERSON_FIELDS) <= _columns()


def test_a_new_contact_from_an_import_gets_every_column_of_the_store():
    assert set(CONTACT_COLUMNS) == _columns()
    assert len(CONTACT_COLUMNS) == len(set(CONTACT_COLUMNS))


def test_the_import_record_carries_every_field_of_a_person():
    record = {f.name for f in dataclass_fields(ContactRecord)}
    assert set(fields.PERSON_FIELDS) <= record
    assert TEXT_FIELDS == ("uid", *fields.TEXT_FIELDS)
    assert set(TEXT_FIELDS) <= record


def test_undo_keeps_every_field_an_import_can_set():
    # The photo is kept apart (as base64 text); everything else by its column's name.
    assert set(fields.PERSON_FIELDS) - {"photo"} <= set(SNAPSHOT_FIELDS)
    assert set(SNAPSHOT_FIELDS) <= _columns()
    assert set(FILLED_FIELDS) == set(fields.TEXT_FIELDS) - {"display_name"}


def test_the_matcher_reads_every_text_field_and_the_birthday():
    read = set(Matcher._COLUMNS)
    assert set(fields.TEXT_FIELDS) | set(fields.BIRTHDAY_FIELDS) <= read


def test_the_editor_sets_every_field_it_has():
    editor = {f.name for f in dataclass_fields(contacts.ContactInput)}
    assert set(contacts._SCALARS) <= editor
    assert set(contacts._SCALARS) <= _columns()
    assert set(fields.NAME_FIELDS) | set(fields.WORK_FIELDS) <= set(contacts._SCALARS)
