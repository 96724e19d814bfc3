"""Compose a touch from a template, hand it to the person's own mail app or clipboard, log it.

NetCare never sends anything itself: "Open in Mail App" hands a draft to the
person's mail app through a ``mailto:`` URL (built and encoded by
:mod:`netcare_desktop.core.templates`), after checking that this desktop has an
app for such links (:mod:`netcare_desktop.platform.mail_handler`); where none
does, the dialog says so and offers "Copy Text", which puts the message on the
clipboard for a mail app, LinkedIn or another messenger.  Afterwards the dialog offers to log the touch; the caller does
the logging with what :meth:`ComposeDialog.logged_kind` and
:meth:`ComposeDialog.logged_summary` return (or lets :func:`compose_for_contact`
do it all).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.kinds import KIND_LABELS, Kind
from netcare_desktop.core.templates import (
    DEFAULT_TEMPLATES,
    MAILTO_SAFE_LENGTH,
    ComposeContext,
    Template,
    clean_address,
    context_values,
    mailto_url,
    render,
)
from netcare_desktop.platform import mail_handler
from netcare_desktop.ui.templates_dialog import TemplatesDialog
from netcare_desktop.ui.widgets import PlainLabel

OpenUrl = Callable[[QUrl], object]

NO_EMAIL_TIP = (
    "This contact has no usable email address. "
    "Use Copy Text to send the message on LinkedIn or another messenger."
)
OPENED_TEXT = (
    "Your mail app was asked to open a draft. NetCare never sends anything itself: "
    "review it there and send it. If none appears, use Copy Text."
)
OPEN_FAILED_TEXT = (
    "No mail app on this computer opens email links, so no draft was made. "
    "Use Copy Text and paste the message into your mail or messenger."
)
OPEN_FAILED_TIP = "No mail app is set up for email links on this computer: use Copy Text"
COPIED_TEXT = "The message is on the clipboard: paste it into LinkedIn or your messenger."
LONG_TEXT = (
    "This message is long: some mail apps cut long drafts short. "
    "If it arrives incomplete, use Copy Text instead."
)


def open_mail_link(url: QUrl) -> bool:
    """Hand a ``mailto:`` URL to the desktop; False when no app here opens such links.

    ``QDesktopServices.openUrl`` alone says True on Linux whenever ``xdg-open``
    started, so the desktop's handler for ``mailto:`` is looked up first.
    """
    if not mail_handler.can_open_mailto():
        return False
    return bool(QDesktopServices.openUrl(url))


def _utf16_len(text: str) -> int:
    """Qt counts text positions in UTF-16 units."""
    return len(text.encode("utf-16-le")) // 2


class ComposeDialog(QDialog):
    """Write a touch from a template; the person sends it from their own mail app or messenger.

    ``open_url`` opens the ``mailto:`` URL (:func:`open_mail_link` unless given;
    ``services.open_url``, which tests set to a recorder); when it returns False
    the dialog says no mail app took it and turns to Copy Text.  Accepted with "Done" after the message was
    opened or copied; then :meth:`logged_kind` tells whether to log the touch.
    """

    def __init__(
        self,
        ctx: ComposeContext,
        emails: Sequence[str],
        templates: Sequence[Template],
        parent: QWidget | None = None,
        *,
        template_key: str | None = None,
        open_url: OpenUrl | None = None,
    ):
        super().__init__(parent)
        self._ctx = ctx
        self._templates = list(templates) or list(DEFAULT_TEMPLATES)
        self._open_url = open_url
        self._emails = [a for a in (clean_address(e) for e in emails) if a]
        self._acted = False
        self._edited = False
        self._rendering = False
        self._link_text = ""  # what {link} rendered to last
        self._link_pos: dict[str, int] = {}  # where that text sits in "subject" / "body"

        title = f"Compose — {ctx.name}" if ctx.name else "Compose"
        self.setWindowTitle(title)
        self.setAccessibleName("Compose a message")
        self.setMinimumWidth(560)

        self.recipient = PlainLabel(f"To {ctx.name}" if ctx.name else "")
        self.recipient.setAccessibleName("Recipient")
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName("Template")
        for t in self._templates:
            self.template_combo.addItem(t.name, t.key)
        self.email_combo = QComboBox()
        self.email_combo.setAccessibleName("Email address")
        self.email_combo.addItems(self._emails)
        self.no_email = PlainLabel(
            "No email address on file: copy the text for LinkedIn or another messenger."
        )
        self.no_email.setAccessibleName("No email address")
        self.link_edit = QLineEdit(ctx.link)
        self.link_edit.setAccessibleName("Link")
        self.link_edit.setPlaceholderText("https://… the article you want to share")
        self.link_edit.setClearButtonEnabled(True)
        self.subject_edit = QLineEdit()
        self.subject_edit.setAccessibleName("Subject")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setAccessibleName("Message")
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setMinimumHeight(200)
        self.reset_button = QPushButton("&Reset Text")
        self.reset_button.setAccessibleName("Reset the text from the template")
        self.reset_button.setToolTip("Write the message again from the template")
        self.reset_button.setAutoDefault(False)
        self.reset_button.setEnabled(False)
        self.long_note = PlainLabel(LONG_TEXT)
        self.long_note.setAccessibleName("Long message warning")
        self.long_note.hide()

        self.open_button = QPushButton("&Open in Mail App")
        self.open_button.setAccessibleName("Open in mail app")
        self.open_button.setAutoDefault(False)
        self.copy_button = QPushButton("&Copy Text")
        self.copy_button.setAccessibleName("Copy text")
        self.copy_button.setToolTip("Copy the message, for LinkedIn and other messengers")
        self.copy_button.setAutoDefault(False)
        if self._emails:
            self.open_button.setToolTip("Open a draft in your own mail app (nothing is sent)")
        else:
            self.open_button.setEnabled(False)
            self.open_button.setToolTip(NO_EMAIL_TIP)

        self.status = PlainLabel("")
        self.status.setAccessibleName("Status")
        self.status.hide()
        self.log_check = QCheckBox()
        self.log_check.setAccessibleName("Log this touch")
        self.log_check.setChecked(True)
        self.log_check.hide()
        self.summary_edit = QLineEdit()
        self.summary_edit.setAccessibleName("Summary")
        self.summary_edit.setPlaceholderText("What the touch was about, for the timeline")
        self.summary_edit.hide()
        self.log_check.toggled.connect(self.summary_edit.setEnabled)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.done_button = self.buttons.addButton("&Done", QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setAccessibleName("Done")
        self.done_button.setEnabled(False)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        close.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        self.form.addRow(self.recipient)
        self.form.addRow("&Template", self.template_combo)
        self.form.addRow("&Email", self.email_combo)
        self.form.addRow(self.no_email)
        self.form.addRow("&Link", self.link_edit)
        self.form.addRow("&Subject", self.subject_edit)
        self.form.addRow("&Message", self.body_edit)
        self.form.setRowVisible(self.email_combo, bool(self._emails))
        self.form.setRowVisible(self.no_email, not self._emails)
        actions = QHBoxLayout()
        actions.addWidget(self.reset_button)
        actions.addStretch(1)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.open_button)
        log_row = QHBoxLayout()
        log_row.addWidget(self.log_check)
        log_row.addWidget(self.summary_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.long_note)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addLayout(log_row)
        layout.addWidget(self.buttons)

        self.template_combo.currentIndexChanged.connect(self._template_changed)
        self.link_edit.textChanged.connect(self._link_changed)
        self.subject_edit.textEdited.connect(self._text_edited)
        self.subject_edit.textChanged.connect(self._update_length_note)
        self.body_edit.textChanged.connect(self._body_changed)
        self.reset_button.clicked.connect(self._render)
        self.open_button.clicked.connect(self.open_in_mail_app)
        self.copy_button.clicked.connect(self.copy_text)

        index = self.template_combo.findData(template_key) if template_key else 0
        self.template_combo.setCurrentIndex(max(index, 0))
        self._template_changed()
        # Sharing starts with pasting the link; anything else with the choice of template.
        (self.link_edit if self.template().uses("link") else self.template_combo).setFocus()

    # -- state -------------------------------------------------------------------------

    def template(self) -> Template:
        return self._templates[max(self.template_combo.currentIndex(), 0)]

    def context(self) -> ComposeContext:
        return replace(self._ctx, link=self.link_edit.text().strip())

    def subject(self) -> str:
        return self.subject_edit.text()

    def body(self) -> str:
        return self.body_edit.toPlainText()

    def email(self) -> str | None:
        return self.email_combo.currentText() if self._emails else None

    def mailto(self) -> str:
        """The ``mailto:`` URL for the message as it stands (no recipient without an email)."""
        email = self.email()
        return mailto_url([email] if email else [], self.subject(), self.body())

    def acted(self) -> bool:
        """Whether the message was opened in the mail app or copied."""
        return self._acted

    def logged_kind(self) -> Kind | None:
        """The kind to log: set once the message went out and the person kept "Log" checked."""
        if self.result() != QDialog.DialogCode.Accepted or not self._acted:
            return None
        return self.template().kind if self.log_check.isChecked() else None

    def logged_summary(self) -> str:
        """The summary for the timeline: the person's text, else the subject, else the template."""
        return self.summary_edit.text().strip() or self.subject().strip() or self.template().name

    # -- rendering ---------------------------------------------------------------------------

    def _template_changed(self, *_args) -> None:
        template = self.template()
        self.form.setRowVisible(self.link_edit, template.uses("link"))
        self.log_check.setText(f"Log this as “{KIND_LABELS[template.kind]}” now")
        self._render()

    def _render(self) -> None:
        """Write subject and body from the template (the person's edits are replaced)."""
        template = self.template()
        ctx = self.context()
        subject, body = render(template.subject, ctx), render(template.body, ctx)
        self._rendering = True
        try:
            self.subject_edit.setText(subject)
            self.body_edit.setPlainText(body)
        finally:
            self._rendering = False
        self._link_text = context_values(ctx)["link"]
        self._link_pos = {}
        if template.uses("link"):
            for where, text in (("subject", subject), ("body", body)):
                if text.count(self._link_text) == 1:
                    self._link_pos[where] = text.index(self._link_text)
        self._edited = False
        self.reset_button.setEnabled(False)
        self._update_length_note()

    def _link_changed(self, _text: str) -> None:
        if not self.template().uses("link"):
            return
        if not self._edited:
            self._render()
            return
        # The person edited the text: swap the link where it sits, keep the rest.
        old, new = self._link_text, context_values(self.context())["link"]
        for where in ("subject", "body"):
            text = self.subject() if where == "subject" else self.body()
            pos = self._link_pos.get(where)
            if pos is None or text[pos : pos + len(old)] != old:
                pos = text.index(old) if old and text.count(old) == 1 else None
            if pos is None:
                self._link_pos.pop(where, None)
                continue
            self._rendering = True
            try:
                if where == "subject":
                    self.subject_edit.setText(text[:pos] + new + text[pos + len(old) :])
                else:
                    cursor = QTextCursor(self.body_edit.document())
                    start = _utf16_len(text[:pos])
                    cursor.setPosition(start)
                    cursor.setPosition(start + _utf16_len(old), QTextCursor.MoveMode.KeepAnchor)
                    cursor.insertText(new)
            finally:
                self._rendering = False
            self._link_pos[where] = pos
        self._link_text = new
        self._update_length_note()

    def _text_edited(self, *_args) -> None:
        if self._rendering:
            return
        self._edited = True
        self.reset_button.setEnabled(True)

    def _body_changed(self) -> None:
        self._text_edited()
        self._update_length_note()

    def _update_length_note(self, *_args) -> None:
        if self._rendering:
            return
        self.long_note.setVisible(bool(self._emails) and len(self.mailto()) > MAILTO_SAFE_LENGTH)

    # -- actions ----------------------------------------------------------------------------

    def open_in_mail_app(self) -> bool:
        """Open a draft in the person's mail app; False when no app took it."""
        if not self._emails:
            return False
        url = QUrl.fromEncoded(self.mailto().encode("ascii"))
        opener = self._open_url or open_mail_link
        ok = opener(url)
        if ok is False:
            self._show_status(OPEN_FAILED_TEXT)
            self.open_button.setToolTip(OPEN_FAILED_TIP)
            self.copy_button.setDefault(True)  # Enter copies; the next step is clear
            self.copy_button.setFocus()
            return False
        self._after_action(OPENED_TEXT)
        return True

    def copy_text(self) -> None:
        """Put the message on the clipboard (messengers have no subject: the body only)."""
        QGuiApplication.clipboard().setText(self.body())
        self._after_action(COPIED_TEXT)

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def _after_action(self, text: str) -> None:
        self._show_status(text)
        if not self._acted:
            self.summary_edit.setText(self.subject().strip() or self.template().name)
        self._acted = True
        self.log_check.show()
        self.summary_edit.show()
        self.done_button.setEnabled(True)
        self.done_button.setDefault(True)


# -- for the main window --------------------------------------------------------------------


def compose_for_contact(
    parent: QWidget | None,
    conn: sqlite3.Connection,
    contact_id: int,
    clock: Callable[[], datetime],
    *,
    template_key: str | None = None,
    open_url: OpenUrl | None = None,
) -> int | None:
    """Compose for a contact and log the touch when the person asks; the interaction's id.

    Needs the peewee store open (``MainWindow.ensure_store()``); ``conn`` reads
    the templates.  Without ``template_key`` the one that suits the contact today
    opens (Birthday wishes on their birthday).  Returns None when nothing was logged.
    """
    from netcare_desktop.store import contacts
    from netcare_desktop.store import templates as saved

    now = clock()
    dialog = ComposeDialog(
        saved.compose_context(contact_id, now),
        saved.contact_emails(contact_id),
        saved.load_templates(conn),
        parent,
        template_key=template_key or saved.suggested_key(contact_id, now),
        open_url=open_url,
    )
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        kind = dialog.logged_kind()
        if kind is None:
            return None
        now = clock()
        return contacts.log_interaction(contact_id, kind, now, now, summary=dialog.logged_summary())
    finally:
        dialog.deleteLater()


def edit_templates(parent: QWidget | None, conn: sqlite3.Connection) -> bool:
    """Open the template editor and save what it returns; True when saved."""
    from netcare_desktop.store import templates as saved

    dialog = TemplatesDialog(saved.load_templates(conn), parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        saved.save_templates(dialog.templates())
        return True
    finally:
        dialog.deleteLater()
