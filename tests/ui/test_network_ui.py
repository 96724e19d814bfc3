"""Today, the dashboard, groups, Review, compose and the give/ask balance, in the real window."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from netcare_desktop.core.preferences import Preferences
from netcare_desktop.store import contacts, reminders
from netcare_desktop.store import health as store_health
from netcare_desktop.store.models import Circle, Contact, Group, Interaction, Membership
from netcare_desktop.ui.contact_model import Col
from netcare_desktop.ui.main_window import MainWindow
from netcare_desktop.ui.today_view import TodayModel

UTC = ZoneInfo("UTC")


def _person(name, joined, circle=1, **extra) -> int:
    given, family = name.split(" ", 1)
    return contacts.create_contact(
        contacts.ContactInput(given_name=given, family_name=family, circle_id=circle, **extra),
        joined,
    )


@pytest.fixture
def net_window(qtbot, store, reader, app_paths, now):
    reminders.save_preferences(Preferences(quiet_enabled=False, status_every_days=0))
    w = MainWindow(app_paths, reader, clock=lambda: now)
    w.reminders.tz = UTC
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.reminders.stop()


def _today_names(w):
    return [w.today_view.model.item(r).display_name for r in range(w.today_view.model.rowCount())]


def test_today_lists_only_people_with_a_reason_and_is_driven_by_keys(net_window, qtbot, now):
    w = net_window
    bday = _person(
        "Birthday Person", now, circle=None, birthday_month=now.month, birthday_day=now.day
    )
    lapsed = _person("Lapsed Friend", now - timedelta(days=90))
    _person("Fine Friend", now - timedelta(days=2))
    w.refresh()
    w.show_today()
    assert _today_names(w) == ["Birthday Person", "Lapsed Friend"]  # never padded
    assert w.detail.contact_id == bday
    assert "birthday today" in w.today_view.why.text() or "120" in w.today_view.why.text()
    qtbot.keyClick(w.today_view.list, Qt.Key.Key_J)
    assert w.today_view.current().contact_id == lapsed and w.detail.contact_id == lapsed
    qtbot.keyClick(w.today_view.list, Qt.Key.Key_D)  # done: logs the suggested check-in
    it = Interaction.select().where(Interaction.contact == lapsed).get()
    assert it.kind == "check_in"
    assert _today_names(w) == ["Birthday Person"]
    qtbot.keyClick(w.today_view.list, Qt.Key.Key_S)  # not today
    assert _today_names(w) == []
    assert "Nobody needs you today" in w.today_view.summary.text()


def test_today_o_opens_the_contact(net_window, qtbot, now):
    w = net_window
    cid = _person("Lapsed Friend", now - timedelta(days=90))
    w.refresh()
    w.show_today()
    qtbot.keyClick(w.today_view.list, Qt.Key.Key_O)
    assert w.tabs.currentIndex() == 0 and w.detail.contact_id == cid


def test_compose_from_today_copies_the_message_and_logs_the_touch(
    net_window, qtbot, answer_modal, now
):
    w = net_window
    cid = _person(
        "Lapsed Friend", now - timedelta(days=90), emails=[("work", "friend@example.org")]
    )
    w.refresh()
    w.show_today()
    opened = []
    w.open_url = lambda url: opened.append(bytes(url.toEncoded()).decode()) or True

    def write(dialog):
        assert dialog.subject_edit.text().startswith("How are you doing, Lapsed")
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)

    answer_modal(lambda: qtbot.keyClick(w.today_view.list, Qt.Key.Key_Return), write)
    assert opened and opened[0].startswith("mailto:friend@example.org?subject=How%20are")
    assert QGuiApplication.clipboard().text().startswith("Hi Lapsed")
    it = Interaction.select().where(Interaction.contact == cid).get()
    assert it.kind == "check_in"
    assert _today_names(w) == []  # the touch reset the clock


def test_the_dashboard_shows_the_stores_numbers_in_light_and_dark(net_window, qtbot, now, tmp_path):
    w = net_window
    a = _person("Ada Lovelace", now - timedelta(days=10))
    _person("Alan Turing", now - timedelta(days=100))
    contacts.log_interaction(a, "favor_asked", now - timedelta(days=3), now)
    contacts.log_interaction(a, "congratulations", now - timedelta(days=1), now)
    w.refresh()
    w.tabs.setCurrentIndex(4)
    h = store_health.network_health(w.reader, now)
    assert w.dashboard.ring.value == h.score == 50  # Ada on track, Alan lapsed: both Inner
    assert w.dashboard.tiles["t30"].text() == "2"
    assert w.dashboard.tiles["lapsed"].text() == "1"
    assert w.dashboard.tiles["balance"].text() == "1 / 1"
    assert "Inner: 1 of 2 on track, weight 3" in w.dashboard.score_text.text()
    assert "weighted" in w.dashboard.ring.toolTip()
    qtbot.mouseClick(w.dashboard.help_button, Qt.MouseButton.LeftButton)
    assert w.dashboard.help.isVisible() and "Give and ask" in w.dashboard.help.text()

    def rendered(widget):
        image = widget.page.grab().toImage()
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        return image, colours

    image, colours = rendered(w.dashboard)
    assert len(colours) > 8  # a drawn dashboard, not a blank page
    light_bg = image.pixelColor(2, 2)
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, QColor(30, 30, 30)),
        (QPalette.ColorRole.WindowText, QColor(230, 230, 230)),
        (QPalette.ColorRole.Base, QColor(20, 20, 20)),
        (QPalette.ColorRole.Text, QColor(230, 230, 230)),
    ):
        dark.setColor(role, colour)
    w.dashboard.setPalette(dark)
    w.dashboard.page.setPalette(dark)
    image, colours = rendered(w.dashboard)
    assert len(colours) > 8
    assert image.pixelColor(2, 2).lightness() < 80 < light_bg.lightness()
    out = tmp_path / "health.png"
    assert w.dashboard.export_png(str(out)) and out.stat().st_size > 2000


def test_review_walks_through_the_lapsed(net_window, qtbot, answer_modal, now):
    w = net_window
    keep = _person("Keep Me", now - timedelta(days=100))
    lighter = _person("Lighter Me", now - timedelta(days=90))
    gone = _person("Archive Me", now - timedelta(days=80))

    def review(dialog):
        assert dialog.progress.text() == "1 of 3" and dialog.name.text() == "Keep Me"
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        dialog.keep.setFocus()
        keys = dialog.keep
        qtbot.keyClick(keys, Qt.Key.Key_K)
        assert dialog.name.text() == "Lighter Me"
        qtbot.keyClick(keys, Qt.Key.Key_L)
        qtbot.keyClick(keys, Qt.Key.Key_A)
        assert dialog.name.text() == "All reviewed"
        dialog.accept()

    answer_modal(w.review_lapsed, review)
    active = Circle.get(Circle.name == "Active").id
    assert Contact.get_by_id(keep).circle_id == Circle.get(Circle.name == "Inner").id
    moved = Contact.get_by_id(lighter)
    assert moved.circle_id == active and moved.circle_since == now
    assert Contact.get_by_id(gone).archived


def test_balance_in_the_detail_the_column_and_the_filter(net_window, qtbot, now):
    w = net_window
    taker = _person("Taker Person", now, circle=None)
    giver = _person("Giver Person", now, circle=None)
    contacts.log_interaction(taker, "favor_asked", now, now)
    contacts.log_interaction(giver, "intro_made", now, now)
    w.refresh()
    w.select_contact(taker)
    assert any(
        lab.text() == "asked 1, gave 0: time to give something back"
        for lab in w.detail.findChildren(type(w.detail.name))
    )
    row = w.model.row_of(taker)
    assert w.model.index(row, Col.BALANCE).data() == "0 / 1"
    w.act_leaning.setChecked(True)
    assert w.model.rowCount() == 1 and w.model.index(0, 0).data() == "Taker Person"
    w.act_leaning.setChecked(False)
    assert w.model.rowCount() == 2
    assert giver in (w.model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(2))


def test_groups_show_members_and_their_health_and_kinds_are_kept(
    net_window, qtbot, answer_modal, now
):
    w = net_window
    a = _person("Ada Lovelace", now - timedelta(days=5), groups=["Book Club"])
    _person("Alan Turing", now - timedelta(days=90), groups=["Book Club"])
    w.refresh()
    w.tabs.setCurrentIndex(3)
    g = w.groups_view
    assert g.groups.item(0, 0).text() == "Book Club" and g.groups.item(0, 3).text() == "50 %"
    assert [g.members.item(r, 0).text() for r in range(2)] == ["Ada Lovelace", "Alan Turing"]
    g.kind.setCurrentIndex(g.kind.findData("book club"))
    g.kind.activated.emit(g.kind.currentIndex())
    assert Group.get(Group.name == "Book Club").kind == "book club"

    def edit(dialog):
        dialog.role.setText("treasurer")
        dialog.has_start.setChecked(True)
        dialog.accept()

    g.members.selectRow(0)
    answer_modal(lambda: qtbot.mouseClick(g.edit_button, Qt.MouseButton.LeftButton), edit)
    m = Membership.get(Membership.contact == a)
    assert m.role == "treasurer" and m.started is not None
    assert g.members.item(0, 1).text() == "treasurer"


def test_today_model_passes_the_model_tester(qtmodeltester, store, reader, now):
    from netcare_desktop.store import today

    _person("Lapsed Friend", now - timedelta(days=90))
    model = TodayModel()
    model.set_items(today.today_queue(reader, now, UTC, Preferences(status_every_days=0)))
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_groups_are_created_renamed_filled_and_deleted_from_the_groups_tab(
    net_window, qtbot, answer_modal, now
):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from netcare_desktop.ui.groups_view import ContactPicker

    w = net_window
    ada = _person("Ada Lovelace", now, circle=None)
    _person("Alan Turing", now, circle=None)
    w.refresh()
    w.tabs.setCurrentIndex(3)
    g = w.groups_view
    assert g.empty.isVisible() and g.empty_new.isVisible()

    def name(text):
        def fill(dialog: QInputDialog):
            dialog.setTextValue(text)
            dialog.accept()

        return fill

    answer_modal(lambda: g.empty_new.click(), name("Book  Club"), want=QInputDialog)
    assert g.groups.item(0, 0).text() == "Book Club"  # spaces tidied

    # The same name twice is refused with a message.
    seen = {}

    def duplicate(dialog: QInputDialog):
        from PySide6.QtCore import QTimer

        def poll():
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                seen["text"] = box.text()
                box.accept()
            else:
                QTimer.singleShot(20, poll)

        QTimer.singleShot(20, poll)
        dialog.setTextValue("book club")
        dialog.accept()

    answer_modal(lambda: g.new_button.click(), duplicate, want=QInputDialog)
    qtbot.waitUntil(lambda: "text" in seen)
    assert "already a group called book club" in seen["text"].lower()
    assert g.groups.rowCount() == 1

    def pick(dialog: ContactPicker):
        dialog.query.setText("lovel")
        assert dialog.results.count() == 1 and dialog.results.item(0).text() == "Ada Lovelace"
        dialog.accept()

    answer_modal(lambda: g.add_button.click(), pick, want=ContactPicker)
    assert [g.members.item(r, 0).text() for r in range(g.members.rowCount())] == ["Ada Lovelace"]
    assert Membership.select().where(Membership.contact == ada).count() == 1

    answer_modal(lambda: g.rename_button.click(), name("Riverside Book Club"), want=QInputDialog)
    assert g.groups.item(0, 0).text() == "Riverside Book Club"
    g.members.selectRow(0)
    g.remove_button.click()
    assert g.members.rowCount() == 0

    def yes(box: QMessageBox):
        box.button(QMessageBox.StandardButton.Yes).click()

    answer_modal(lambda: g.delete_button.click(), yes, want=QMessageBox)
    assert g.groups.rowCount() == 0 and Group.select().count() == 0
    assert Contact.select().count() == 2  # the people stay
