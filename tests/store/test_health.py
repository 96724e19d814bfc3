"""Network health on a real file: trigger-kept counts, exact touch windows, circle states."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

from netcare_desktop.core.cadence import Health, effective_cadence, health
from netcare_desktop.store import contacts
from netcare_desktop.store import health as store_health
from netcare_desktop.store.database import close_store, open_store
from netcare_desktop.store.models import Interaction, db
from netcare_desktop.store.sample import seed_sample


def _person(name, now, circle_id=1):
    given, family = name.split(" ", 1)
    return contacts.create_contact(
        contacts.ContactInput(given_name=given, family_name=family, circle_id=circle_id), now
    )


def _conn():
    return db.connection()


def test_balance_and_touch_days_follow_every_write(store, now):
    cid = _person("Ada Lovelace", now)
    i1 = contacts.log_interaction(cid, "favor_asked", now - timedelta(days=2), now)
    contacts.log_interaction(cid, "favor_asked", now - timedelta(days=1), now)
    contacts.log_interaction(cid, "article_shared", now, now)
    assert store_health.contact_balance(_conn(), cid).asked == 2
    assert store_health.contact_balance(_conn(), cid).gave == 1
    contacts.delete_interaction(i1)
    bal = store_health.contact_balance(_conn(), cid)
    assert (bal.gave, bal.asked) == (1, 1)
    # A direction changed after the fact moves the counts too.
    Interaction.update(direction="gave").where(Interaction.kind == "favor_asked").execute()
    bal = store_health.contact_balance(_conn(), cid)
    assert (bal.gave, bal.asked) == (2, 0)
    totals = store_health.balance_totals(_conn())
    assert (totals.gave, totals.asked) == (2, 0)
    # Deleting the contact removes its touches from the totals.
    contacts.delete_contacts([cid])
    assert store_health.touches_between(_conn(), now - timedelta(days=30), now) == 0
    assert store_health.balance_totals(_conn()).gave == 0


def test_touch_windows_are_exact_at_their_edges(store, now):
    cid = _person("Ada Lovelace", now)
    at = datetime(2026, 11, 25, 12, 0)
    for when in (
        at - timedelta(days=30),  # exactly 30 days before: outside (lo, hi]
        at - timedelta(days=30) + timedelta(seconds=1),  # inside
        at - timedelta(days=10, hours=3),
        at,  # inside: the window ends at --at
        at + timedelta(seconds=1),  # after --at: outside
        at - timedelta(days=200),
    ):
        contacts.log_interaction(cid, "call", when, now)
    assert store_health.touches_between(_conn(), at - timedelta(days=30), at) == 3
    assert store_health.touches_between(_conn(), at - timedelta(days=365), at) == 5
    h = store_health.network_health(_conn(), at)
    assert h.touches == {"30": 3, "90": 4, "365": 5}
    assert sum(h.weekly) == 5 + 1  # by day: the second after --at is on --at's day
    assert len(h.weekly) == 52 and h.weekly[-1] == 2  # --at and the second after


def test_circle_counts_agree_with_the_rules_contact_by_contact(store, now):
    seed_sample(400, now, seed=11)
    at = now + timedelta(days=3)
    rows = db.execute_sql(
        "SELECT ci.name, c.last_touch_at, c.circle_since, c.cadence_days, ci.cadence_days"
        " FROM contact c JOIN circle ci ON ci.id = c.circle_id WHERE c.archived = 0"
    ).fetchall()
    expected: dict[str, dict[str, int]] = {}
    for name, last, since, own, circle_days in rows:
        last = datetime.fromisoformat(last) if last else None
        since = datetime.fromisoformat(since) if since else None
        state = health(at, last, since, effective_cadence(own, circle_days))
        bucket = expected.setdefault(name, {"members": 0})
        bucket["members"] += 1
        if state is not Health.NO_CADENCE:
            bucket[state.value] = bucket.get(state.value, 0) + 1
    got = {
        c.name: {
            k: v
            for k, v in {
                "members": c.members,
                "on_track": c.on_track,
                "due_soon": c.due_soon,
                "due": c.due,
                "overdue": c.overdue,
                "lapsed": c.lapsed,
            }.items()
            if v or k == "members"
        }
        for c in store_health.circle_counts(_conn(), at)
    }
    assert got == expected


def test_the_version_1_fixture_is_backfilled(tmp_path, now):
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema-v1.db"
    path = tmp_path / "netcare.db"
    shutil.copy(fixture, path)
    database = open_store(path, tmp_path / "backups", now)
    try:
        conn = database.connection()
        total = conn.execute("SELECT count(*) FROM interaction").fetchone()[0]
        gave = conn.execute("SELECT count(*) FROM interaction WHERE direction='gave'").fetchone()[0]
        assert store_health.touches_between(conn, datetime(2000, 1, 1), now) == total
        assert store_health.balance_totals(conn).gave == gave
        per_contact = conn.execute(
            "SELECT count(*) FROM contact c WHERE gave_count != (SELECT count(*) FROM interaction i"
            " WHERE i.contact_id = c.id AND i.direction = 'gave')"
        ).fetchone()[0]
        assert per_contact == 0
    finally:
        close_store(database)


def test_todays_narrowed_candidates_rank_exactly_like_the_whole_queue(store, now):
    """Today ranks only the best keep-in-touch rows from SQL; the result must not change."""
    from zoneinfo import ZoneInfo

    from netcare_desktop.core.preferences import Preferences
    from netcare_desktop.core.today import rank
    from netcare_desktop.store import reminders, today

    seed_sample(1500, now, seed=5, interactions_per_contact=3)
    tz = ZoneInfo("Europe/Berlin")
    for days in (0, 5, 45):
        at = now + timedelta(days=days)
        for size in (1, 5, 30):
            prefs = Preferences(today_size=size, status_every_days=0)
            fast = today.today_queue(_conn(), at, tz, prefs)
            full = rank(
                reminders.due_queue(_conn(), at, tz, prefs), today.leaning(_conn()), at, size
            )
            assert [(i.contact_id, i.score, i.reason) for i in fast] == [
                (i.contact_id, i.score, i.reason) for i in full
            ]
            assert len(fast) == size


def test_the_weekly_chart_counts_local_days(store, now):
    """A touch late on a Monday evening in New York is already Tuesday in UTC: it counts in
    the week of its local day. The weeks end with the local today; DST changes are exact."""
    from zoneinfo import ZoneInfo

    ny = ZoneInfo("America/New_York")
    cid = _person("Evening Caller", now)

    def at_local(*args) -> datetime:  # naive UTC, as the store keeps moments
        return datetime(*args, tzinfo=ny).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    at = at_local(2026, 11, 23, 10, 0)  # Monday: the last week is Tue 17 .. Mon 23
    for moment in (
        at_local(2026, 11, 16, 23, 30),  # Monday evening: the week before (UTC: Tuesday)
        at_local(2026, 11, 17, 0, 30),  # Tuesday just after midnight: the last week
        at_local(2026, 11, 23, 9, 0),  # this morning
        at_local(2026, 11, 2, 23, 30),  # Monday after the DST change (Nov 1): 3 weeks back
        at_local(2026, 10, 26, 23, 30),  # Monday before it, EDT: 4 weeks back
    ):
        contacts.log_interaction(cid, "call", moment, now)
    weekly = store_health.weekly_touches(_conn(), at, tz=ny)
    assert weekly[-5:] == [1, 1, 0, 1, 2]
    utc = store_health.weekly_touches(_conn(), at, tz=ZoneInfo("UTC"))
    assert utc[-5:] == [0, 1, 1, 0, 3]  # counted by UTC day, each Monday evening moves on
    assert sum(weekly) == sum(utc) == 5
