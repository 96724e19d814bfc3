"""The network health score, balance, and Today's ranking: pure rules with a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from netcare_desktop.core import reminders as r
from netcare_desktop.core.health import Balance, CircleCounts, explain_score, score, weight
from netcare_desktop.core.kinds import Kind
from netcare_desktop.core.today import circle_factor, rank, score_of

UTC = ZoneInfo("UTC")
NOW = datetime(2026, 11, 25, 12)


def test_score_is_the_weighted_share_on_track():
    inner = CircleCounts(
        name="Inner", cadence_days=30, members=10, on_track=8, due_soon=1, lapsed=1
    )
    active = CircleCounts(name="Active", cadence_days=90, members=10, on_track=2, overdue=8)
    dormant = CircleCounts(name="Dormant", cadence_days=None, members=50)
    assert weight(30) == 3 and weight(90) == 1 and weight(None) == 0
    # (3*9 + 1*2) / (3*10 + 1*10) = 29/40
    assert score([inner, active, dormant]) == round(100 * 29 / 40)
    assert score([dormant]) == 0
    assert explain_score([inner, active, dormant]) == [
        "Inner: 9 of 10 on track, weight 3 (every 30 days)",
        "Active: 2 of 10 on track, weight 1 (every 90 days)",
    ]


def test_circles_know_their_guide():
    assert CircleCounts(name="Inner", cadence_days=30, members=16).over_guide
    assert not CircleCounts(name="Inner", cadence_days=30, members=15).over_guide
    assert CircleCounts(name="Book club", cadence_days=60, members=500).guide is None


def test_balance():
    assert Balance(3, 1).net == 2 and not Balance(3, 1).leans_on_them
    assert Balance(0, 2).leans_on_them
    assert "give something back" in Balance(0, 2).describe()
    assert Balance(0, 0).describe() == "no favours either way yet"


def _kit(cid, name, days_late, cadence=30):
    touch = NOW - timedelta(days=cadence + days_late)
    return r.keep_in_touch(cid, name, touch, None, cadence, NOW, UTC)


def test_points_follow_the_published_rules():
    assert score_of(_kit(1, "A", 0)) == 30 * 1.5
    assert score_of(_kit(1, "A", 45)) == 60 * 1.5  # late days capped at 30
    assert score_of(_kit(1, "A", 10, cadence=90)) == 40
    assert score_of(_kit(1, "A", 10, cadence=180)) == 40 * 0.75
    assert circle_factor(30) == 1.5 and circle_factor(60) == 1 and circle_factor(365) == 0.75
    bday = r.birthday(2, "B", NOW.month, NOW.day, None, None, NOW, UTC)
    assert score_of(bday) == 120
    fu = r.follow_up(9, 3, "C", (NOW - timedelta(days=4)).date(), "slides", NOW, UTC)
    assert score_of(fu) == 70 + 12


def test_today_ranks_one_line_per_person_highest_first_never_padded():
    bday = r.birthday(2, "Birthday Person", NOW.month, NOW.day, None, None, NOW, UTC)
    kit2 = _kit(2, "Birthday Person", 3)  # the same person: one line, the best reason
    fu = r.follow_up(9, 3, "Follow Person", NOW.date(), "send slides", NOW, UTC)
    kit = _kit(4, "Inner Friend", 5)
    items = rank([kit, fu, bday, kit2], {}, NOW, size=5)
    assert [(i.display_name, i.suggested_kind) for i in items] == [
        ("Birthday Person", Kind.BIRTHDAY),  # a birthday touch, not congratulations
        ("Follow Person", Kind.MESSAGE),
        ("Inner Friend", Kind.CHECK_IN),
    ]
    assert items[0].reason == "birthday today" and len(items[0].keys) == 2
    assert items[1].reason == "follow up: send slides"
    assert rank([kit, fu, bday], {}, NOW, size=2)[-1].display_name == "Follow Person"


def test_a_balance_that_leans_on_them_raises_them_and_suggests_giving():
    a = _kit(1, "Asked Often", 5)
    b = _kit(2, "Even Friend", 10)
    leaning = {1: ("Asked Often", 0, 3, NOW - timedelta(days=40))}
    items = rank([a, b], leaning, NOW)
    assert items[0].display_name == "Asked Often"
    assert items[0].suggested_kind is Kind.ARTICLE_SHARED
    assert "you asked 3, gave 0" in items[0].reason
    assert items[0].score == score_of(a) + 30


def test_leaning_alone_counts_only_after_two_quiet_weeks():
    quiet = {7: ("Quiet Lender", 1, 3, NOW - timedelta(days=20))}
    recent = {7: ("Quiet Lender", 1, 3, NOW - timedelta(days=3))}
    (item,) = rank([], quiet, NOW)
    assert item.reason == "give something back (you asked 3, gave 1)" and item.score == 55
    assert rank([], recent, NOW) == []


def test_the_status_reminder_is_not_a_person_to_contact():
    status = r.status(30, NOW - timedelta(days=40), None, NOW, UTC)
    assert rank([status], {}, NOW) == []
