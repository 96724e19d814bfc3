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


# -- the template that suits a contact today ------------------------------------------------


def _born(now, days_from_today: int, **kw) -> int:
    from netcare_desktop.core.reminders import local_date

    day = local_date(now, None) + timedelta(days=days_from_today)
    return contacts.create_contact(
        contacts.ContactInput(
            given_name="Grace", birthday_month=day.month, birthday_day=day.day, **kw
        ),
        now,
    )


def test_a_birthday_today_suggests_birthday_wishes(store, now):
    assert saved.suggested_key(_born(now, 0), now) == "birthday"
    assert saved.suggested_key(_born(now, -2), now) == "birthday"  # belated, not yet wished
    assert saved.suggested_key(_born(now, 3), now) is None  # still to come
    no_birthday = contacts.create_contact(contacts.ContactInput(given_name="Alan"), now)
    assert saved.suggested_key(no_birthday, now) is None


def test_once_the_wishes_are_logged_the_birthday_is_settled(store, now):
    from netcare_desktop.core.reminders import ReminderKind
    from netcare_desktop.store import reminders as store_reminders
    from netcare_desktop.store.models import Interaction

    cid = _born(now, 0)
    due = [
        r
        for r in store_reminders.reminders(db.connection(), now, None)
        if r.kind is ReminderKind.BIRTHDAY and r.contact_id == cid
    ]
    assert due
    iid = store_reminders.done(due[0], now)  # the Due view's D
    assert Interaction.get_by_id(iid).kind == Kind.BIRTHDAY.value
    assert saved.suggested_key(cid, now) is None
    assert not [
        r
        for r in store_reminders.reminders(db.connection(), now, None)
        if r.kind is ReminderKind.BIRTHDAY and r.contact_id == cid
    ]
