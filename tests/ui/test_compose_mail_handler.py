"""Open in Mail App with the desktop's own check: no mail app means no claim of a draft.

The XDG folders are temporary ones set in the environment before the check runs:
an empty desktop (no app for mailto:) or one with a test mail app installed as the
default.  Qt's own URL handler for mailto: stands in for the mail app, so nothing
outside the test ever opens.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog

from netcare_desktop.core.templates import DEFAULT_TEMPLATES, ComposeContext
from netcare_desktop.platform.mail_handler import MAILTO
from netcare_desktop.ui.compose import ComposeDialog

ADA = ComposeContext("Ada", "Ada Lovelace", "Analytical Engines", "Countess", "the notes")


class MailApp(QObject):
    """Receives the mailto: URLs Qt would hand to the desktop."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(bytes(url.toEncoded()).decode("ascii"))


@pytest.fixture
def desktop(tmp_path, monkeypatch):
    """An XDG desktop of our own; ``install()`` adds a default mail app to it."""
    config, data = tmp_path / "config", tmp_path / "data"
    for var, path in (
        ("XDG_CONFIG_HOME", config),
        ("XDG_DATA_HOME", data),
        ("XDG_CONFIG_DIRS", tmp_path / "etc-xdg"),
        ("XDG_DATA_DIRS", tmp_path / "usr-share"),
    ):
        path.mkdir()
        monkeypatch.setenv(var, str(path))
    for var in ("XDG_CURRENT_DESKTOP", "FLATPAK_ID", "SNAP"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("sys.platform", "linux")

    def install() -> None:
        apps = data / "applications"
        apps.mkdir()
        (apps / "test-mail.desktop").write_text(
            f"[Desktop Entry]\nType=Application\nName=Test Mail\nExec=true %u\nMimeType={MAILTO};\n"
        )
        (config / "mimeapps.list").write_text(
            f"[Default Applications]\n{MAILTO}=test-mail.desktop\n"
        )

    app = MailApp()
    QDesktopServices.setUrlHandler("mailto", app, "open")
    yield install, app
    QDesktopServices.unsetUrlHandler("mailto")


def _dialog(qtbot) -> ComposeDialog:
    dialog = ComposeDialog(ADA, ["ada@example.com"], list(DEFAULT_TEMPLATES))  # the real opener
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_without_a_mail_app_the_dialog_says_so_and_copy_text_takes_over(qtbot, desktop):
    _install, mail_app = desktop
    dialog = _dialog(qtbot)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert mail_app.urls == []  # nothing was handed on
    status = dialog.status.text()
    assert dialog.status.isVisible() and "No mail app" in status and "Copy Text" in status
    assert "draft is open" not in status and "no draft was made" in status
    assert not dialog.done_button.isEnabled()  # nothing went out yet: nothing to log
    assert dialog.copy_button.isDefault() and dialog.focusWidget() is dialog.copy_button
    qtbot.keyClick(dialog.copy_button, Qt.Key.Key_Space)  # the offered step, by keyboard
    assert QGuiApplication.clipboard().text() == dialog.body()
    assert "clipboard" in dialog.status.text() and "draft" not in dialog.status.text()
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.logged_kind() is not None


def test_with_a_mail_app_the_draft_is_handed_over(qtbot, desktop):
    install, mail_app = desktop
    install()
    dialog = _dialog(qtbot)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert len(mail_app.urls) == 1 and mail_app.urls[0].startswith("mailto:ada@example.com?")
    assert "mail app" in dialog.status.text() and "never sends" in dialog.status.text()
    assert dialog.done_button.isEnabled()
