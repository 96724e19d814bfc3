"""Contacts, interactions, search and ordering against a real SQLite file."""

from datetime import date, datetime, timedelta

import pytest

from netcare_desktop.core.cadence import Health
from netcare_desktop.core.kinds import Direction, Kind
from netcare_desktop.store import contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.models import Interaction, db
from netcare_desktop.store.queries import ContactQuery, SortKey, fts_query


def _add(now, **kw):
    return contacts.create_contact(ContactInput(**kw), now)


def _names(query, now):
    return [r.name for r in query.page(db.connection(), 0, 1000, now)]


def test_create_and_load_round_trip(store, now):
    cid = _add(
        now,
        given_name="Ada",
        family_name="Lovelace",
        organization="Analytical Engines",
        emails=[("work", "ada@example.org"), ("home", "ada@home.example")],
        phones=[("mobile", "+44 20 7946 0958")],
        urls=[("blog", "https://ada.example")],
        groups=["Book club", "book CLUB", "Alumni"],
        circle_id=1,
        cadence_days=14,
        birthday_month=12,
        birthday_day=10,
    )
    data = contacts.load_input(cid)
    assert data.display_name == "Ada Lovelace"
    assert data.emails == [("work", "ada@example.org"), ("home", "ada@home.example")]
    assert data.phones == [("mobile", "+44 20 7946 0958")]
    assert sorted(data.groups) == ["Alumni", "Book club"]  # duplicates folded
    assert (data.circle_id, data.cadence_days) == (1, 14)
    d = contacts.detail(cid, now)
    assert d.cadence_days == 14
    assert d.next_due == now + timedelta(days=14)  # never touched: counts from entering the circle


def test_a_contact_needs_some_name(store, now):
    with pytest.raises(ValueError, match="needs a name"):
        _add(now, notes="just notes")


def test_logging_a_touch_resets_the_clock(store, now):
    cid = _add(now - timedelta(days=100), given_name="Linus", circle_id=1)
    assert contacts.detail(cid, now).health is Health.LAPSED
    contacts.log_interaction(cid, Kind.CHECK_IN, now - timedelta(days=1), now)
    d = contacts.detail(cid, now)
    assert d.health is Health.ON_TRACK
    assert d.contact.last_touch_at == now - timedelta(days=1)
    # An older interaction logged later does not move the last touch back.
    contacts.log_interaction(cid, Kind.EMAIL, now - timedelta(days=50), now)
    assert contacts.detail(cid, now).contact.last_touch_at == now - timedelta(days=1)


def test_interaction_direction_defaults_from_kind_and_can_be_changed(store, now):
    cid = _add(now, given_name="Radia")
    a = contacts.log_interaction(cid, Kind.FAVOR_ASKED, now, now)
    b = contacts.log_interaction(
        cid, Kind.CALL, now, now, direction=Direction.GAVE, follow_up=date(2026, 12, 1)
    )
    assert Interaction.get_by_id(a).direction == "asked"
    assert Interaction.get_by_id(b).direction == "gave"
    assert [i.id for i in contacts.timeline(cid)] == [
        b,
        a,
    ]  # newest first (same time: latest logged)


def test_search_index_follows_every_write(store, now):
    cid = _add(now, given_name="Grace", family_name="Hopper", emails=[("", "grace@navy.example")])
    assert _names(ContactQuery("hop"), now) == ["Grace Hopper"]
    assert _names(ContactQuery("navy"), now) == ["Grace Hopper"]
    contacts.update_contact(
        cid,
        ContactInput(
            given_name="Grace",
            family_name="Murray",
            notes="COBOL pioneer",
            emails=[("", "grace@cobol.example")],
        ),
        now,
    )
    assert _names(ContactQuery("hop"), now) == []
    assert _names(ContactQuery("navy"), now) == []
    assert _names(ContactQuery("cobol"), now) == ["Grace Murray"]
    assert _names(ContactQuery("pion"), now) == ["Grace Murray"]
    contacts.delete_contacts([cid])
    assert _names(ContactQuery("cobol"), now) == []
    assert store.execute_sql("SELECT count(*) FROM contact_index").fetchone()[0] == 0


def test_search_matches_every_word_as_a_prefix_accent_blind(store, now):
    _add(now, given_name="Zoë", family_name="Álvarez", organization="Harbor Robotics")
    _add(now, given_name="Zoe", family_name="Smith", organization="Tennis Club")
    assert _names(ContactQuery("zoe alv"), now) == ["Zoë Álvarez"]
    assert sorted(_names(ContactQuery("zo"), now)) == ["Zoe Smith", "Zoë Álvarez"]
    assert _names(ContactQuery("tennis zo"), now) == ["Zoe Smith"]


@pytest.mark.parametrize(
    "text", ['"', "o'brien", "covid-19", "(python OR", "NEAR(a b)", "*", "a AND", "-"]
)
def test_odd_search_text_never_breaks_the_query(store, now, text):
    _add(now, given_name="Pat", family_name="O'Brien")
    ContactQuery(text).page(db.connection(), 0, 10, now)
    ContactQuery(text).count(db.connection())


def test_fts_query_quotes_words():
    assert fts_query("ada lo") == '"ada"* AND "lo"*'
    assert fts_query("  --  ") is None


def test_sorting_happens_in_sql(store, now):
    a = _add(now - timedelta(days=200), given_name="Anna", family_name="Zed", circle_id=1)
    b = _add(now - timedelta(days=200), given_name="Bob", family_name="Young", circle_id=2)
    c = _add(now, given_name="Cleo", family_name="Xu")  # no circle: no due date, sorts last
    contacts.log_interaction(a, Kind.CALL, now - timedelta(days=20), now)  # due in 10 days
    contacts.log_interaction(b, Kind.CALL, now - timedelta(days=100), now)  # overdue since 10 days

    def by(key, desc=False):
        return [
            r.id for r in ContactQuery(sort=key, descending=desc).page(db.connection(), 0, 10, now)
        ]

    assert by(SortKey.NAME) == [c, b, a]  # Xu, Young, Zed: family name first
    assert by(SortKey.NEXT_DUE) == [b, a, c]
    assert by(SortKey.STATUS) == [b, a, c]
    assert by(SortKey.LAST_TOUCH, True) == [a, b, c]
    assert by(SortKey.CIRCLE) == [a, b, c]


def test_pages_cover_every_row_once(store, now):
    for i in range(25):
        _add(now, given_name=f"Person{i:02d}")
    q = ContactQuery()
    seen = [r.id for off in range(0, 25, 7) for r in q.page(db.connection(), off, 7, now)]
    assert len(seen) == 25 == len(set(seen)) == q.count(db.connection())


def test_delete_and_restore_bring_back_everything(store, now):
    cid = _add(
        now,
        given_name="Katherine",
        family_name="Johnson",
        groups=["NASA alumni"],
        emails=[("work", "kj@nasa.example")],
        circle_id=1,
    )
    contacts.log_interaction(
        cid, Kind.CONGRATULATIONS, now - timedelta(days=3), now, summary="Medal!"
    )
    before = contacts.load_input(cid)
    snap = contacts.delete_contacts([cid])
    assert ContactQuery().count(db.connection()) == 0
    assert Interaction.select().count() == 0  # cascaded
    (restored,) = contacts.restore_contacts(snap)
    assert restored == cid
    assert contacts.load_input(cid) == before
    assert [i.summary for i in contacts.timeline(cid)] == ["Medal!"]
    assert _names(ContactQuery("kj"), now) == ["Katherine Johnson"]
    assert contacts.detail(cid, now).contact.last_touch_at == now - timedelta(days=3)


def test_resolve_contact_by_id_email_or_unique_name(store, now):
    a = _add(now, given_name="Ada", family_name="Lovelace", emails=[("", "ada@example.org")])
    _add(now, given_name="Ada", family_name="Yonath")
    assert contacts.resolve_contact(str(a)).id == a
    assert contacts.resolve_contact("ADA@example.org").id == a
    assert contacts.resolve_contact("lovelace").id == a
    with pytest.raises(contacts.Ambiguous, match="several"):
        contacts.resolve_contact("Ada")
    with pytest.raises(contacts.NotFound):
        contacts.resolve_contact("Nobody")


def test_archived_contacts_are_hidden_from_the_list(store, now):
    from netcare_desktop.store.models import Contact

    cid = _add(now, given_name="Old", family_name="Friend")
    Contact.update(archived=True).where(Contact.id == cid).execute()
    assert ContactQuery().count(db.connection()) == 0
    assert ContactQuery(include_archived=True).count(db.connection()) == 1


def test_times_are_stored_as_given(store):
    when = datetime(2026, 2, 28, 23, 59)
    cid = _add(when, given_name="Leap")
    contacts.log_interaction(cid, Kind.NOTE, when, when)
    assert contacts.timeline(cid)[0].occurred_at == when


def test_broad_and_narrow_search_strategies_agree(store, now, monkeypatch):
    from netcare_desktop.store import queries
    from netcare_desktop.store.sample import seed_sample

    seed_sample(300, now, seed=5)
    conn = db.connection()
    for text in ("a", "ada", "example", "tennis zo", "o'brien"):
        for desc in (False, True):
            q = ContactQuery(text, SortKey.NAME, desc)
            monkeypatch.setattr(queries, "BROAD_MATCH", 10**9)  # always sort the matches
            sorted_way = [r.id for r in q.page(conn, 0, 1000, now)]
            monkeypatch.setattr(queries, "BROAD_MATCH", 1)  # always walk the name index
            index_way = [r.id for r in q.page(conn, 0, 1000, now)]
            assert index_way == sorted_way, text
            assert len(sorted_way) == q.count(conn)


def test_the_gui_reader_cannot_write(store, reader):
    import sqlite3

    with pytest.raises(
        sqlite3.OperationalError, match="readonly|read-only|query_only|attempt to write"
    ):
        reader.execute("DELETE FROM circle")
    assert reader.execute("SELECT count(*) FROM circle").fetchone()[0] == 4


def test_the_reader_sees_writes_at_once(store, reader, now):
    assert ContactQuery().count(reader) == 0
    _add(now, given_name="Fresh")
    assert ContactQuery().count(reader) == 1


def test_a_typed_phone_number_is_kept_in_e164_too(store, now, monkeypatch):
    """The editor's numbers get their E.164 form as imported ones do (the export carries it,
    and matching needs no second guess): the country chosen in Preferences, else the
    locale's."""
    from dataclasses import replace

    from netcare_desktop.store import reminders
    from netcare_desktop.store.models import Phone

    monkeypatch.setattr(contacts, "region_from_locale", lambda: "US")
    cid = _add(now, given_name="Grace", phones=[("work", "(202) 555-0143")])
    assert [p.e164 for p in Phone.select().where(Phone.contact == cid)] == ["+12025550143"]
    prefs = reminders.read_preferences(db.connection())
    reminders.save_preferences(replace(prefs, phone_region="GB"))
    data = contacts.load_input(cid)
    data.phones = [*data.phones, ("mobile", "020 7946 0958"), ("other", "ext. 12")]
    contacts.update_contact(cid, data, now)
    rows = Phone.select().where(Phone.contact == cid).order_by(Phone.position)
    assert [(p.raw, p.e164) for p in rows] == [
        ("(202) 555-0143", "+12025550143"),  # kept: read as American when it was typed
        ("020 7946 0958", "+442079460958"),
        ("ext. 12", ""),
    ]
