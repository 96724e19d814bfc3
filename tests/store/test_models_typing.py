"""The models' bare annotations are for the type checker only: they add no column."""

from peewee import AutoField, BackrefAccessor, ForeignKeyField, ModelSelect

from netcare_desktop.store import models


def _own_annotations(model):
    return set(model.__dict__.get("__annotations__", {}))


def test_annotations_add_no_field_beyond_the_implicit_id():
    for model in models.TABLES:
        fields = model._meta.fields
        assert _own_annotations(model) & set(fields) <= {"id"}, model.__name__
        if "id" in _own_annotations(model):
            assert isinstance(fields["id"], AutoField), model.__name__
            assert model._meta.primary_key is fields["id"]


def test_every_annotated_name_is_really_there_at_runtime(store, now):
    for model in models.TABLES:
        for name in _own_annotations(model) - {"id"}:
            attr = getattr(model, name)
            if name.endswith("_id"):
                fk = model._meta.fields[name.removesuffix("_id")]
                assert isinstance(fk, ForeignKeyField) and attr is fk, name
            else:
                assert isinstance(attr, BackrefAccessor), name
    contact = models.Contact.create(created_at=now, updated_at=now)
    for model in models.TABLES:
        for name in _own_annotations(model) - {"id"}:
            if not name.endswith("_id") and model is models.Contact:
                assert isinstance(getattr(contact, name), ModelSelect), name
    assert isinstance(contact.id, int) and contact.circle_id is None
