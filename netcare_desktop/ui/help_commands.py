"""Help → About, About Qt; File → Open Data Folder, Help → Open Log Folder."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from netcare_desktop import __version__


def about(services) -> None:
    from netcare_desktop.ui.icons import app_icon
    from netcare_desktop.ui.messages import about as about_box

    about_box(
        services.window,
        "About NetCare",
        f"NetCare {__version__}\n\n"
        "Keeps your career network healthy: remembers who matters, when you last gave them "
        "attention, and reminds you when a relationship needs care.\n\n"
        f"Your data stays on this computer:\n{services.paths.database}",
        app_icon((64, 128)).pixmap(64, 64),
    )


def about_qt(services) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.aboutQt()


def open_data_folder(services) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(services.paths.data_dir)))


def open_log_folder(services) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(services.paths.log_dir)))
