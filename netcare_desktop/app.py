"""GUI bootstrap: paths, logging, the store, the main window."""

from __future__ import annotations

import logging
import sys
import tempfile
import traceback
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from netcare_desktop import APP_NAME, __version__, paths
from netcare_desktop.logsetup import setup_logging
from netcare_desktop.store.database import StoreError, close_store, open_store
from netcare_desktop.ui.formatting import utc_now

log = logging.getLogger(__name__)


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("netcare")
    return app


def _install_excepthook(log_path: Path) -> None:
    """Unexpected errors are logged and reported in a dialog, never as a bare traceback."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("unhandled error", exc_info=(exc_type, exc, tb))
        detail = "".join(traceback.format_exception(exc_type, exc, tb))
        box = QMessageBox()
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("NetCare ran into a problem")
        box.setText(f"Something went wrong: {exc}\n\nThe details are in the log:\n{log_path}")
        box.setDetailedText(detail)
        box.exec()

    sys.excepthook = hook


def run_gui(
    data_dir: str | None = None, files: list[str] | None = None, self_test: bool = False
) -> int:
    temp = None
    if self_test and not data_dir:
        temp = tempfile.TemporaryDirectory(prefix="netcare-self-test-")
        data_dir = temp.name
    try:
        return _run(paths.resolve(data_dir), files or [], self_test)
    finally:
        if temp is not None:
            temp.cleanup()


def _run(app_paths: paths.AppPaths, files: list[str], self_test: bool) -> int:
    app = _application()
    try:
        app_paths.ensure()
        log_path = setup_logging(app_paths.log_dir)
    except OSError as exc:
        QMessageBox.critical(
            None, "NetCare cannot start", f"Cannot use {app_paths.data_dir}: {exc.strerror}"
        )
        return 1
    log.info("NetCare %s starting, data in %s", __version__, app_paths.data_dir)
    try:
        database = open_store(app_paths.database, app_paths.backups_dir, utc_now())
    except StoreError as exc:
        log.error("cannot open the store: %s", exc)
        if self_test:
            print(f"self-test failed: {exc}", file=sys.stderr)
        else:
            box = QMessageBox(
                QMessageBox.Icon.Critical, "NetCare cannot open its database", str(exc)
            )
            box.exec()
        return 1
    if not self_test:
        _install_excepthook(log_path)

    from netcare_desktop.ui.main_window import MainWindow, app_icon

    app.setWindowIcon(app_icon())
    window = MainWindow(app_paths)
    window.show()
    window.announce_files(files)
    result = {"rc": 0}
    if self_test:
        QTimer.singleShot(0, lambda: _self_test(app, window, result))
    rc = app.exec()
    window.save_state()
    window.deleteLater()
    close_store(database)
    return rc or result["rc"]


def _self_test(app: QApplication, window, result: dict) -> None:
    """Check the window came up on the real platform and the store answers; then quit."""
    problems = []
    if not window.isVisible():
        problems.append("main window is not visible")
    if window.grab().isNull():
        problems.append("main window did not paint")
    try:
        window.model.refresh()
    except Exception as exc:  # noqa: BLE001 - the self-test reports whatever broke
        problems.append(f"store query failed: {exc}")
    if problems:
        print("self-test failed: " + "; ".join(problems), file=sys.stderr)
        result["rc"] = 1
    else:
        print(f"NetCare {__version__} self-test ok (platform {app.platformName()})")
    window.close()
    app.exit(result["rc"])
