"""Templates saved in the Setting table, damaged values, and the compose context of a contact."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from netcare_desktop.core.kinds import Kind
from netcare_desktop.core.templates import DEFAULT_TEMPLATES, Template
from netcare_desktop.store import contacts
from netcare_desktop.store import templates as saved
from netcare_desktop.store.models import Setting, db


def _raw(value_text: str) -> None:
    """Write the setting's stored text as is (what a damaged file would hold)."""
    db.execute_sql(
        "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (saved.SETTING_KEY, value_text)
    )


def test_defaults_when_nothing_is_saved(store, reader):
    assert saved.load_templates(reader) == list(DEFAULT_TEMPLATES)
    assert saved.load_templates(db.connection()) == list(DEFAULT_TEMPLATES)


def test_saved_templates_persist_and_are_read_by_the_lean_reader(store, reader):
    edited = [replace(t, subject=t.subject + " — édité & ? #") for t in DEFAULT_TEMPLATES]
    edited[0] = replace(edited[0], name="Cheer them on", body="Bravo {first_name}!\n\n{{x}}")
    saved.save_templates(list(reversed(edited)))
    assert saved.load_templates(reader) == list(reversed(edited))
    row = Setting.get(Setting.key == "templates")
    assert isinstance(row.value, list) and row.value[-1]["name"] == "Cheer them on"


def test_defaults_added_later_appear_next_to_the_persons_own(store, reader):
    mine = replace(DEFAULT_TEMPLATES[1], body="My own words about {link}")
    saved.save_templates([mine])
    loaded = saved.load_templates(reader)
    assert loaded[0] == mine
    assert [t.key for t in loaded[1:]] == [t.key for t in DEFAULT_TEMPLATES if t.key != mine.key]


def test_saving_the_defaults_or_resetting_stores_nothing(store, reader):
    saved.save_templates([replace(DEFAULT_TEMPLATES[0], name="x")])
    assert Setting.get_or_none(Setting.key == "templates") is not None
    saved.reset_templates()
    assert Setting.get_or_none(Setting.key == "templates") is None
    assert saved.load_templates(reader) == list(DEFAULT_TEMPLATES)
    saved.save_templates(DEFAULT_TEMPLATES)
    assert Setting.get_or_none(Setting.key == "templates") is None
    saved.reset_templates()  # nothing to reset: no error


@pytest.mark.parametrize(
    "damaged",
    [
        "not json at all {",
        "null",
        "42",
        '"a string"',
        '{"key": "check_in"}',
        "[]",
        "[1, 2, 3]",
        '[{"key": "check_in", "name": "x"}]',
        '[{"key": "check_in", "name": "x", "kind": "telepathy", "subject": "", "body": ""}]',
    ],
)
def test_a_damaged_value_falls_back_to_the_defaults(store, reader, damaged):
    _raw(damaged)
    assert saved.load_templates(reader) == list(DEFAULT_TEMPLATES)


def test_a_damaged_entry_costs_that_entry_only(store, reader):
    mine = Template("thanks", "Thank you", Kind.FAVOR_GIVEN, "Thanks, {first_name}", "Thank you!")
    _raw(json.dumps([{"key": "check_in", "kind": "nope"}, mine.to_dict(), "junk"]))
    assert saved.load_templates(reader) == [mine, *DEFAULT_TEMPLATES]


def test_a_missing_setting_table_reads_as_defaults(tmp_path):
    import sqlite3

    con = sqlite3.connect(tmp_path / "empty.db")
    try:
        assert saved.load_templates(con) == list(DEFAULT_TEMPLATES)
    finally:
        con.close()


def test_compose_context_from_the_contact_and_its_latest_summary(store, now):
    cid = contacts.create_contact(
        contacts.ContactInput(
            given_name="Ada",
            family_name="Lovelace",
            organization="Analytical Engines",
            title="Countess",
            emails=[("home", "ada@home.example"), ("work", "ada@work.example")],
        ),
        now,
    )
    ctx = saved.compose_context(cid, now)
    assert (ctx.first_name, ctx.name, ctx.organization, ctx.title) == (
        "Ada",
        "Ada Lovelace",
        "Analytical Engines",
        "Countess",
    )
    assert ctx.last_topic == "" and ctx.link == ""
    contacts.log_interaction(cid, Kind.CALL, now - timedelta(days=9), now, summary="the old one")
    contacts.log_interaction(
        cid, Kind.COFFEE, now - timedelta(days=2), now, summary="Her Bernoulli numbers paper."
    )
    contacts.log_interaction(cid, Kind.NOTE, now - timedelta(days=1), now, summary="")
    contacts.log_interaction(cid, Kind.CALL, now + timedelta(days=3), now, summary="planned")
    assert saved.compose_context(cid, now).last_topic == "Her Bernoulli numbers paper"
    assert saved.contact_emails(cid) == ["ada@home.example", "ada@work.example"]


def test_compose_context_falls_back_to_the_display_name(store, now):
    cid = contacts.create_contact(
        contacts.ContactInput(display_name="ACME Support", organization="ACME"), now
    )
    ctx = saved.compose_context(cid, now)
    assert ctx.first_name == "ACME Support" and ctx.name == "ACME Support"
    assert saved.contact_emails(cid) == []
    with pytest.raises(contacts.NotFound):
        saved.compose_context(cid + 1000, now)
