"""The compose dialog and the template editor, as real widgets; no mail app is ever opened."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from netcare_desktop.core.kinds import Kind
from netcare_desktop.core.templates import DEFAULT_TEMPLATES, ComposeContext, parse_mailto, render
from netcare_desktop.store import contacts
from netcare_desktop.store import templates as saved
from netcare_desktop.store.models import Interaction
from netcare_desktop.ui.compose import (
    NO_EMAIL_TIP,
    ComposeDialog,
    TemplatesDialog,
    compose_for_contact,
    edit_templates,
)

ADA = ComposeContext(
    first_name="Ada",
    name="Ada Lovelace",
    organization="Analytical Engines",
    title="Countess",
    last_topic="the engine notes",
)
BY_KEY = {t.key: t for t in DEFAULT_TEMPLATES}


class Opener:
    """Stands in for QDesktopServices.openUrl: records the URL, opens nothing."""

    def __init__(self, result: bool = True):
        self.urls: list[QUrl] = []
        self.result = result

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return self.result


@pytest.fixture
def make(qtbot):
    def build(ctx=ADA, emails=("ada@example.com",), templates=DEFAULT_TEMPLATES, **kw):
        kw.setdefault("open_url", Opener())
        dialog = ComposeDialog(ctx, list(emails), list(templates), **kw)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return build


def _choose(dialog: ComposeDialog, key: str) -> None:
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findData(key))


def test_choosing_a_template_fills_subject_and_body(make):
    dialog = make()
    assert dialog.template().key == DEFAULT_TEMPLATES[0].key
    for key in ("check_in", "congratulate"):
        _choose(dialog, key)
        assert dialog.subject_edit.text() == render(BY_KEY[key].subject, ADA)
        assert dialog.body_edit.toPlainText() == render(BY_KEY[key].body, ADA)
    _choose(dialog, "check_in")
    assert dialog.subject() == "How are you doing, Ada?"
    assert "the engine notes" in dialog.body()


def test_the_link_field_shows_for_templates_with_a_link_and_fills_the_text(make, qtbot):
    dialog = make(template_key="check_in")
    assert not dialog.link_edit.isVisible()
    _choose(dialog, "share_article")
    assert dialog.link_edit.isVisible()
    assert "[link]" in dialog.body()
    dialog.link_edit.setFocus()
    qtbot.keyClicks(dialog.link_edit, "https://example.org/a?b=1&c=2#x")
    assert "\nhttps://example.org/a?b=1&c=2#x\n" in dialog.body()
    assert "[link]" not in dialog.body()


def test_the_person_edits_the_text_and_the_link_still_lands_in_place(make, qtbot):
    dialog = make(template_key="share_article")
    dialog.body_edit.setFocus()
    dialog.body_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(dialog.body_edit, "P.S. see you Tuesday")
    # Text before the link, with a character Qt counts twice (UTF-16).
    dialog.body_edit.moveCursor(QTextCursor.MoveOperation.Start)
    dialog.body_edit.insertPlainText("🙂 ")
    assert dialog.reset_button.isEnabled()
    dialog.link_edit.setFocus()
    qtbot.keyClicks(dialog.link_edit, "https://ex.org/")  # typed, one key at a time
    dialog.link_edit.insert("é")  # QTest types ASCII only
    body = dialog.body()
    assert body.startswith("🙂 Hi Ada,") and body.endswith("P.S. see you Tuesday")
    assert "\nhttps://ex.org/é\n" in body
    dialog.link_edit.clear()
    assert "\n[link]\n" in dialog.body() and dialog.body().endswith("Tuesday")
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.body() == render(BY_KEY["share_article"].body, ADA)
    assert not dialog.reset_button.isEnabled()
    # After a reset the link renders with the template again.
    qtbot.keyClicks(dialog.link_edit, "https://x.org")
    assert dialog.body() == render(BY_KEY["share_article"].body, replace(ADA, link="https://x.org"))


def test_open_in_mail_app_hands_the_exact_mailto_to_the_opener(make, qtbot):
    opener = Opener()
    dialog = make(emails=["bad?bcc=evil@x.org", "ada@example.com"], open_url=opener)
    _choose(dialog, "check_in")
    dialog.subject_edit.setText("Zoë & co? #1 = 100% + more")
    dialog.body_edit.setPlainText("Line one\nLine two & ? # é")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert len(opener.urls) == 1
    url = opener.urls[0]
    expected = (
        "mailto:ada@example.com?subject=Zo%C3%AB%20%26%20co%3F%20%231%20%3D%20100%25%20%2B%20more"
        "&body=Line%20one%0D%0ALine%20two%20%26%20%3F%20%23%20%C3%A9"
    )
    assert bytes(url.toEncoded()).decode("ascii") == expected
    assert url.scheme() == "mailto"
    assert parse_mailto(expected) == (
        ["ada@example.com"],
        {"subject": "Zoë & co? #1 = 100% + more", "body": "Line one\r\nLine two & ? # é"},
    )
    # Only the safe address was offered at all.
    assert [dialog.email_combo.itemText(i) for i in range(dialog.email_combo.count())] == [
        "ada@example.com"
    ]


def test_without_an_email_the_mail_button_explains_and_copy_still_works(make, qtbot):
    opener = Opener()
    dialog = make(emails=[], open_url=opener)
    assert not dialog.open_button.isEnabled()
    assert dialog.open_button.toolTip() == NO_EMAIL_TIP
    assert dialog.no_email.isVisible() and not dialog.email_combo.isVisible()
    assert dialog.open_in_mail_app() is False and opener.urls == []
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.body()


def test_copy_puts_the_body_on_the_clipboard_and_offers_to_log(make, qtbot):
    dialog = make(template_key="congratulate")
    assert not dialog.log_check.isVisible() and not dialog.done_button.isEnabled()
    dialog.body_edit.setPlainText("Félicitations, Ada!\nBravo & à bientôt")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Félicitations, Ada!\nBravo & à bientôt"
    assert dialog.log_check.isVisible() and dialog.log_check.isChecked()
    assert dialog.log_check.text() == "Log this as “Congratulations” now"
    assert dialog.summary_edit.text() == "Congratulations, Ada!"
    assert dialog.done_button.isEnabled()
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.logged_kind() is Kind.CONGRATULATIONS
    assert dialog.logged_summary() == "Congratulations, Ada!"


def test_after_opening_the_log_offer_can_be_declined_or_reworded(make, qtbot):
    dialog = make(template_key="share_article")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.status.isVisible() and "never sends" in dialog.status.text()
    dialog.summary_edit.setText("  Sent her the Babbage piece ")
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert dialog.logged_kind() is Kind.ARTICLE_SHARED
    assert dialog.logged_summary() == "Sent her the Babbage piece"

    declined = make(template_key="check_in")
    qtbot.mouseClick(declined.open_button, Qt.MouseButton.LeftButton)
    declined.log_check.setChecked(False)
    assert not declined.summary_edit.isEnabled()
    qtbot.mouseClick(declined.done_button, Qt.MouseButton.LeftButton)
    assert declined.logged_kind() is None


def test_closing_or_a_failed_open_logs_nothing(make, qtbot):
    dialog = make(template_key="check_in")
    dialog.reject()
    assert dialog.logged_kind() is None

    failing = make(open_url=Opener(result=False))
    assert failing.open_in_mail_app() is False
    assert "No mail app" in failing.status.text()
    assert not failing.done_button.isEnabled() and not failing.log_check.isVisible()


def test_user_text_is_plain_text(make):
    evil = "<b>Bold</b> <img src=x>"
    ctx = replace(ADA, name=evil, first_name=evil)
    dialog = make(ctx=ctx)
    assert dialog.recipient.text() == f"To {evil}"
    assert dialog.subject().endswith(evil + "!")
    for label in dialog.findChildren(QLabel):
        if label.text() and label.buddy() is None:  # form labels are our own words
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()


def test_a_long_message_warns_that_mail_apps_may_cut_it(make):
    dialog = make(template_key="check_in")
    assert not dialog.long_note.isVisible()
    dialog.body_edit.setPlainText("é" * 1000)
    assert dialog.long_note.isVisible()


def _unnamed_controls(root: QWidget) -> list[str]:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
    )

    kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QListWidget)
    return [
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
        for w in root.findChildren(QWidget)
        if isinstance(w, kinds)
        and not w.accessibleName()
        and w.parent() is not None
        # a combo box's own list and a line edit's clear button are Qt's, named by Qt
        and not isinstance(w.parent(), QComboBox | QLineEdit)
    ]


def test_every_control_has_an_accessible_name(make, qtbot):
    assert _unnamed_controls(make()) == []
    editor = TemplatesDialog(DEFAULT_TEMPLATES)
    qtbot.addWidget(editor)
    assert _unnamed_controls(editor) == []


# -- the template editor ----------------------------------------------------------------------


def test_templates_dialog_edits_each_template(qtbot):
    dialog = TemplatesDialog(DEFAULT_TEMPLATES)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.list.count() == len(DEFAULT_TEMPLATES)
    assert "{last_topic}" in dialog.help.text() and "{link}" in dialog.help.text()
    dialog.list.setCurrentRow(2)
    assert dialog.subject_edit.text() == DEFAULT_TEMPLATES[2].subject
    assert dialog.kind_label.text() == "Check-in"
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "<i>Hello</i>")
    assert dialog.list.item(2).text() == "<i>Hello</i>"
    dialog.subject_edit.setText("Hey {first_name}")
    dialog.body_edit.setPlainText("Coffee soon? {unknown}")
    dialog.list.setCurrentRow(0)  # switching keeps the edit
    dialog.subject_edit.setText("Bravo!")
    out = dialog.templates()
    assert out[2] == replace(
        DEFAULT_TEMPLATES[2],
        name="<i>Hello</i>",
        subject="Hey {first_name}",
        body="Coffee soon? {unknown}",
    )
    assert out[0] == replace(DEFAULT_TEMPLATES[0], subject="Bravo!")
    assert out[1:2] + out[3:] == list(DEFAULT_TEMPLATES[1:2] + DEFAULT_TEMPLATES[3:])


def test_an_emptied_name_keeps_the_old_one_and_restore_defaults_restores(qtbot):
    edited = [replace(t, body="mine") for t in DEFAULT_TEMPLATES]
    dialog = TemplatesDialog(edited)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("   ")
    assert dialog.templates()[0].name == DEFAULT_TEMPLATES[0].name
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.templates() == list(DEFAULT_TEMPLATES)
    assert dialog.body_edit.toPlainText() == DEFAULT_TEMPLATES[0].body


# -- for the main window: compose, log; edit, save ---------------------------------------------


@pytest.fixture
def ada(store, now):
    return contacts.create_contact(
        contacts.ContactInput(
            given_name="Ada",
            family_name="Lovelace",
            organization="Analytical Engines",
            emails=[("work", "ada@example.com")],
        ),
        now,
    )


def test_compose_for_contact_logs_the_touch(qtbot, answer_modal, window, reader, ada, now):
    opener = Opener()
    result = {}

    def handle(dialog):
        assert dialog.subject() == "How are you doing, Ada?"
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)

    answer_modal(
        lambda: result.setdefault(
            "id",
            compose_for_contact(
                window, reader, ada, lambda: now, template_key="check_in", open_url=opener
            ),
        ),
        handle,
        want=ComposeDialog,
    )
    assert result["id"] is not None
    touch = Interaction.get_by_id(result["id"])
    assert (touch.kind, touch.direction, touch.summary) == (
        "check_in",
        "gave",
        "How are you doing, Ada?",
    )
    assert touch.occurred_at == now
    assert bytes(opener.urls[0].toEncoded()).startswith(b"mailto:ada@example.com?subject=How")


def test_on_their_birthday_compose_opens_birthday_wishes_and_logs_a_birthday_touch(
    qtbot, answer_modal, window, reader, now
):
    from netcare_desktop.core.reminders import local_date

    today = local_date(now, None)
    grace = contacts.create_contact(
        contacts.ContactInput(
            given_name="Grace",
            emails=[("", "grace@example.com")],
            birthday_month=today.month,
            birthday_day=today.day,
        ),
        now,
    )
    result = {}

    def handle(dialog):
        assert dialog.template_combo.currentText() == "Birthday wishes"
        assert dialog.subject() == "Happy birthday, Grace!"
        assert dialog.log_check.isHidden()
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        assert dialog.log_check.text() == "Log this as “Birthday wishes” now"
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)

    answer_modal(
        lambda: result.setdefault(
            "id", compose_for_contact(window, reader, grace, lambda: now, open_url=Opener())
        ),
        handle,
        want=ComposeDialog,
    )
    assert Interaction.get_by_id(result["id"]).kind == Kind.BIRTHDAY.value
    assert saved.suggested_key(grace, now) is None  # the wishes settled the birthday


def test_compose_for_contact_closed_logs_nothing(qtbot, answer_modal, window, reader, ada, now):
    result = {}
    answer_modal(
        lambda: result.setdefault(
            "id", compose_for_contact(window, reader, ada, lambda: now, open_url=Opener())
        ),
        lambda dialog: dialog.reject(),
        want=ComposeDialog,
    )
    assert result["id"] is None
    assert Interaction.select().count() == 0


def test_edit_templates_saves_what_the_editor_returns(qtbot, answer_modal, window, reader):
    def handle(dialog):
        dialog.subject_edit.setText("Well done, {first_name}")
        dialog.buttons.accepted.emit()

    result = {}
    answer_modal(
        lambda: result.setdefault("saved", edit_templates(window, reader)),
        handle,
        want=TemplatesDialog,
    )
    assert result["saved"] is True
    assert saved.load_templates(reader)[0].subject == "Well done, {first_name}"
    assert QApplication.activeModalWidget() is None


def test_templates_of_your_own_are_added_saved_and_deleted(qtbot, answer_modal, window, reader):
    from netcare_desktop.core.kinds import Kind

    def add(dialog):
        assert not dialog.delete_button.isEnabled()  # NetCare's own cannot be deleted
        dialog.new_button.click()
        assert dialog.delete_button.isEnabled() and dialog.kind_combo.isVisible()
        dialog.name_edit.setText("Thank you")
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(Kind.FAVOR_GIVEN.value))
        dialog.subject_edit.setText("Thank you, {first_name}")
        dialog.buttons.accepted.emit()

    answer_modal(lambda: edit_templates(window, reader), add, want=TemplatesDialog)
    mine = [t for t in saved.load_templates(reader) if t.key.startswith("custom_")]
    assert [(t.name, t.kind, t.subject) for t in mine] == [
        ("Thank you", Kind.FAVOR_GIVEN, "Thank you, {first_name}")
    ]

    def delete(dialog):
        dialog.list.setCurrentRow(dialog.list.count() - 1)
        dialog.delete_button.click()
        dialog.buttons.accepted.emit()

    answer_modal(lambda: edit_templates(window, reader), delete, want=TemplatesDialog)
    assert not [t for t in saved.load_templates(reader) if t.key.startswith("custom_")]
