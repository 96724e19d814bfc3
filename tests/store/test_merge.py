"""Merging two contacts after the fact, and its exact undo (real SQLite files)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from netcare_desktop.interop import importer
from netcare_desktop.store import contacts, merge, reminders
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.errors import NotFound
from netcare_desktop.store.models import (
    Contact,
    Email,
    Group,
    ImportChange,
    Interaction,
    Membership,
    Phone,
    ReminderState,
    db,
)

LATER = datetime(2026, 11, 28, 9, 0)

_TABLES = (
    "contact",
    "email",
    "phone",
    "url",
    "address",
    "extra",
    "membership",
    "interaction",
    "import_change",
    "touch_day",
    '"group"',
)


def _dump() -> dict[str, list[tuple]]:
    """Every row of the tables a merge touches, as SQLite holds them (derived columns too)."""
    cur = db.cursor()
    out = {t: sorted(cur.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in _TABLES}
    out["reminder_state"] = sorted(
        cur.execute(
            "SELECT key, snoozed_until, last_notified, done_until FROM reminder_state"
        ).fetchall()
    )
    return out


def _ada(now, **kw) -> int:
    data = dict(
        given_name="Ada",
        family_name="Lovelace",
        title="Mathematician",
        notes="Met at the Analytical Society",
        emails=[("work", "ada@engine.example")],
        phones=[("mobile", "+44 20 7946 0958")],
        groups=["Analytical Society"],
    )
    data.update(kw)
    return contacts.create_contact(ContactInput(**data), now)


def _a_lovelace(now, **kw) -> int:
    data = dict(
        display_name="A. Lovelace",
        given_name="A.",
        family_name="Lovelace",
        title="Countess",
        notes="Likes poetry",
        birthday_month=12,
        birthday_day=10,
        emails=[("home", "ADA@engine.example"), ("", "countess@lovelace.example")],
        phones=[("", "+442079460958"), ("home", "+44 20 7946 0000")],
        urls=[("", "https://www.linkedin.com/in/ada-lovelace/")],
        groups=["analytical society", "Royal Society"],
    )
    data.update(kw)
    return contacts.create_contact(ContactInput(**data), now)


def _touch(cid: int, at: datetime, summary: str = "") -> int:
    return contacts.log_interaction(cid, "call", at, at, "gave", summary)


def test_plan_lists_differing_fields_and_what_joins(store, now):
    keep, other = _ada(now), _a_lovelace(now + timedelta(hours=1))
    _touch(other, now)
    plan = merge.merge_plan(keep, other)
    by_name = {f.name: f for f in plan.fields}
    assert set(by_name) >= {"display_name", "given_name", "title", "notes", "birthday"}
    assert "family_name" not in by_name  # the same on both
    assert by_name["title"].keep_text == "Mathematician"
    assert by_name["title"].other_text == "Countess"
    # Both set: the more recently updated one; one empty: the one with a value.
    assert by_name["title"].default == "other"
    assert by_name["birthday"].default == "other"
    assert by_name["notes"].default == "both"
    # The same email in another case and the same number written otherwise are one fact.
    assert plan.joined == {"emails": 1, "phones": 1, "urls": 1, "groups": 1, "touches": 1}
    assert plan.duplicates == {"emails": 1, "phones": 1, "groups": 1}
    dropped = plan.dropped({"title": "keep", "display_name": "keep", "given_name": "keep"})
    assert dropped[:3] == ["name: A. Lovelace", "given name: A.", "title: Countess"]
    assert dropped[3].startswith("vCard UID: urn:uuid:")  # Ada's own stays


def test_merge_joins_touches_groups_and_rows_without_duplicates(store, now):
    keep, other = _ada(now), _a_lovelace(now)
    _touch(keep, now - timedelta(days=30), "first")
    _touch(other, now - timedelta(days=2), "latest")
    _touch(other, now - timedelta(days=60), "oldest")
    society = Group.get(Group.name == "Analytical Society")
    Membership.update(started=date(2020, 1, 1)).where(
        (Membership.contact == keep) & (Membership.group == society)
    ).execute()
    Membership.update(started=date(2019, 5, 1), role="Founder").where(
        (Membership.contact == other) & (Membership.group == society)
    ).execute()

    merge.merge(keep, other, {"title": "keep", "display_name": "keep"}, LATER)

    assert Contact.get_or_none(Contact.id == other) is None
    c = Contact.get_by_id(keep)
    assert c.display_name == "Ada Lovelace" and c.title == "Mathematician"
    assert c.given_name == "Ada"  # both set, Ada's was kept: A. Lovelace was not newer
    assert (c.birthday_month, c.birthday_day) == (12, 10)  # empty on Ada: taken
    assert c.notes == "Met at the Analytical Society\n\nLikes poetry"
    assert c.updated_at == LATER
    assert c.last_touch_at == now - timedelta(days=2)
    assert [e.address for e in c.emails.order_by(Email.position)] == [
        "ada@engine.example",
        "countess@lovelace.example",
    ]
    assert sorted(p.raw for p in c.phones) == ["+44 20 7946 0000", "+44 20 7946 0958"]
    assert sorted(i.summary for i in c.interactions) == ["first", "latest", "oldest"]
    rows = {m.group.name: m for m in Membership.select().where(Membership.contact == keep)}
    assert sorted(rows) == ["Analytical Society", "Royal Society"]
    assert rows["Analytical Society"].started == date(2019, 5, 1)  # the earliest
    assert rows["Analytical Society"].role == "Founder"
    gave = db.execute_sql("SELECT gave_count FROM contact WHERE id = ?", (keep,)).fetchone()[0]
    assert gave == 3


def test_merge_then_undo_gives_back_identical_rows(store, now):
    keep, other = _ada(now), _a_lovelace(now)
    _touch(keep, now - timedelta(days=30))
    _touch(other, now - timedelta(days=2))
    reminders.snooze([f"kit:{other}", f"birthday:{other}:2026"], LATER)
    reminders.snooze([f"kit:{keep}"], LATER + timedelta(days=1))
    before = _dump()
    snap = merge.merge(keep, other, {"circle": "other", "birthday": "other"}, LATER)
    assert _dump() != before
    assert merge.undo_merge(snap) == other
    assert _dump() == before


def test_undo_keeps_a_touch_logged_after_the_merge(store, now):
    keep, other = _ada(now), _a_lovelace(now)
    _touch(other, now - timedelta(days=2), "before")
    snap = merge.merge(keep, other, None, LATER)
    _touch(keep, LATER, "after the merge")
    merge.undo_merge(snap)
    assert [i.summary for i in Interaction.select().where(Interaction.contact == keep)] == [
        "after the merge"
    ]
    assert [i.summary for i in Interaction.select().where(Interaction.contact == other)] == [
        "before"
    ]
    assert Contact.get_by_id(keep).last_touch_at == LATER
    assert Contact.get_by_id(other).last_touch_at == now - timedelta(days=2)


def test_reminder_state_follows_the_chosen_circle_and_birthday(store, now):
    keep = _ada(now, circle_id=2)
    other = _a_lovelace(now, circle_id=1)
    reminders.snooze([f"kit:{other}", f"birthday:{other}:2026"], LATER)
    reminders.snooze([f"kit:{keep}"], LATER + timedelta(days=5))
    merge.merge(keep, other, {"circle": "other"}, LATER)
    states = {r.key: r.snoozed_until for r in ReminderState.select()}
    assert states == {f"kit:{keep}": LATER, f"birthday:{keep}:2026": LATER}
    assert Contact.get_by_id(keep).circle_id == 1


def test_refuses_itself_an_unknown_contact_and_a_bad_choice(store, now):
    keep, other = _ada(now), _a_lovelace(now)
    before = _dump()
    with pytest.raises(ValueError):
        merge.merge(keep, keep, None, LATER)
    with pytest.raises(NotFound):
        merge.merge(keep, 999, None, LATER)
    with pytest.raises(ValueError):
        merge.merge(keep, other, {"title": "both"}, LATER)
    with pytest.raises(ValueError):
        merge.merge(keep, other, {"shoe_size": "other"}, LATER)
    assert _dump() == before


# -- the import history -----------------------------------------------------------------

ADA_CARD = """BEGIN:VCARD
VERSION:3.0
UID:urn:uuid:ada-phone
FN:Ada Lovelace
N:Lovelace;Ada;;;
EMAIL:ada@engine.example
TEL;TYPE=CELL:+44 20 7946 0958
TITLE:Mathematician
END:VCARD
"""
COUNTESS_CARD = """BEGIN:VCARD
VERSION:3.0
UID:urn:uuid:countess-laptop
FN:A. Lovelace
N:Lovelace;A.;;;
EMAIL:countess@lovelace.example
TEL;TYPE=HOME:+44 20 7946 0000
NOTE:Likes poetry
BDAY:1815-12-10
END:VCARD
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def _import(path: Path, now: datetime) -> importer.ImportResult:
    plan = importer.plan_import([importer.read_file(path)], region="GB")
    return importer.apply_plan(plan, now)


def _two_imports(tmp_path, now) -> tuple[int, int, int, int]:
    first = _import(_write(tmp_path, "ada.vcf", ADA_CARD), now)
    second = _import(_write(tmp_path, "countess.vcf", COUNTESS_CARD), now + timedelta(hours=1))
    keep = Contact.get(Contact.display_name == "Ada Lovelace").id
    other = Contact.get(Contact.display_name == "A. Lovelace").id
    assert first.batch_id and second.batch_id
    return keep, other, first.batch_id, second.batch_id


def test_reimporting_either_original_card_matches_the_kept_contact(store, now, tmp_path):
    keep, other, _b1, _b2 = _two_imports(tmp_path, now)
    merge.merge(keep, other, {"display_name": "keep", "given_name": "keep"}, LATER)
    for name, card in (("ada.vcf", ADA_CARD), ("countess.vcf", COUNTESS_CARD)):
        plan = importer.plan_import(
            [importer.read_file(_write(tmp_path, "again-" + name, card))], region="GB"
        )
        [item] = plan.items
        assert (item.action, item.target_id) == ("unchanged", keep), (name, item.changes)
    assert Contact.select().count() == 1


def test_undoing_the_imports_after_a_merge_never_deletes_the_merged_contact(store, now, tmp_path):
    keep, other, first, second = _two_imports(tmp_path, now)
    _touch(other, now + timedelta(hours=2), "a call")
    merge.merge(keep, other, None, LATER)
    assert {c.contact_id for c in ImportChange.select().where(ImportChange.action != "rows")} == {
        keep
    }
    # The countess's import: its own rows go, the person (and the call) stay.
    plan = importer.undo(second, delete_touched=True)
    assert plan.deleted == 0
    c = Contact.get_by_id(keep)
    assert [e.address for e in c.emails] == ["ada@engine.example"]
    assert [p.raw for p in c.phones] == ["+44 20 7946 0958"]
    assert [i.summary for i in c.interactions] == ["a call"]
    # The first import created the kept contact: even "delete touched" keeps it now.
    plan = importer.undo(first, delete_touched=True)
    assert plan.deleted == 0
    assert Contact.get_by_id(keep).display_name  # still there
    assert [i.summary for i in Contact.get_by_id(keep).interactions] == ["a call"]


def test_an_import_that_merged_into_a_contact_does_not_take_a_shared_fact(store, now, tmp_path):
    # Typed in by hand: the countess, with her phone.
    other = contacts.create_contact(
        ContactInput(
            display_name="A. Lovelace", phones=[("", "+44 20 7946 0958")], family_name="Lovelace"
        ),
        now,
    )
    keep = contacts.create_contact(
        ContactInput(given_name="Ada", family_name="Lovelace", emails=[("", "ada@engine.example")]),
        now,
    )
    # The phone's card merges into Ada (by email) and adds the same phone to her.
    result = _import(_write(tmp_path, "ada.vcf", ADA_CARD), now + timedelta(hours=1))
    assert result.merged == 1
    assert Phone.select().where(Phone.contact == keep).count() == 1
    merge.merge(keep, other, None, LATER)
    # The phone on Ada now stands for the countess's typed-in one too: it stays.
    importer.undo(result.batch_id)
    assert [p.raw for p in Phone.select().where(Phone.contact == keep)] == ["+44 20 7946 0958"]


def test_undo_merge_restores_the_import_history(store, now, tmp_path):
    keep, other, first, second = _two_imports(tmp_path, now)
    before = _dump()
    snap = merge.merge(keep, other, None, LATER)
    merge.undo_merge(snap)
    assert _dump() == before
    # And undoing the countess's import removes her, as it would have before the merge.
    plan = importer.undo(second)
    assert [cid for cid, _n in plan.remove] == [other]
    assert Contact.get_or_none(Contact.id == other) is None
