"""Every item model passes Qt's own model tester, lazy fetching included."""

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt

from netcare_desktop.core.kinds import Kind
from netcare_desktop.store import contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.sample import seed_sample
from netcare_desktop.ui.contact_model import PAGE_SIZE, Col, ContactIdRole, ContactTableModel
from netcare_desktop.ui.timeline_model import TimelineModel


def test_contact_model_fetches_lazily_and_passes_the_model_tester(qtmodeltester, reader, now):
    seed_sample(PAGE_SIZE * 2 + 17, now, seed=1)
    model = ContactTableModel(reader, clock=lambda: now)
    model.refresh()
    assert model.total() == PAGE_SIZE * 2 + 17
    assert model.rowCount() == PAGE_SIZE  # only the first page is read
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)  # the tester also exercises fetchMore
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == model.total()
    ids = [model.index(r, 0).data(ContactIdRole) for r in range(model.rowCount())]
    assert len(set(ids)) == len(ids)
    qtmodeltester.check(model)


def test_contact_model_search_and_sort(qtmodeltester, reader, now):
    for given, family, org in (
        ("Ada", "Lovelace", "Engines"),
        ("Grace", "Hopper", "Navy"),
        ("Alan", "Turing", ""),
    ):
        contacts.create_contact(
            ContactInput(given_name=given, family_name=family, organization=org), now
        )
    model = ContactTableModel(reader, clock=lambda: now)
    model.refresh()
    qtmodeltester.check(model)
    model.sort(Col.ORGANIZATION, Qt.SortOrder.AscendingOrder)  # empty last
    assert [model.index(r, Col.ORGANIZATION).data() for r in range(3)] == ["Engines", "Navy", ""]
    model.set_search("gra")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Grace Hopper"]
    qtmodeltester.check(model)


def test_timeline_model_groups_by_month_newest_first(qtmodeltester, reader, now):
    cid = contacts.create_contact(ContactInput(given_name="Ada"), now)
    for days, kind in (
        (1, Kind.CALL),
        (3, Kind.COFFEE),
        (40, Kind.CONGRATULATIONS),
        (400, Kind.NOTE),
    ):
        contacts.log_interaction(cid, kind, now - timedelta(days=days), now, summary=kind.value)
    model = TimelineModel()
    model.set_interactions(contacts.timeline(cid))
    qtmodeltester.check(model)
    assert model.month_titles() == ["November 2026", "October 2026", "October 2025"]
    nov = model.index(0, 0)
    assert model.rowCount(nov) == 2
    assert model.index(0, 1, nov).data() == "Call (mutual)"
    assert model.index(1, 2, nov).data() == "coffee"
    assert model.entry_count() == 4
    model.set_interactions([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0
