"""GUI bootstrap: paths, logging, the store, the main window.

Start-up order matters for how soon a person sees their contacts:
when the database is already at the current schema, the window is built on
the lean read-only connection and painted first; the peewee side (writes,
migrations) opens right after that first frame.  A new or older database is
created or migrated before the window appears.
"""

from __future__ import annotations

import gc
import logging
import os
import sqlite3
import sys
import tempfile
import traceback
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from netcare_desktop import APP_NAME, __version__, paths
from netcare_desktop.logsetup import setup_logging
from netcare_desktop.store.reader import SCHEMA_VERSION, FileError, open_reader, read_user_version
from netcare_desktop.ui.first_frame import FirstFrameWatcher
from netcare_desktop.ui.formatting import datetime_text, plural, utc_now

log = logging.getLogger(__name__)


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("netcare")
    # Dates and numbers in the window follow the system locale, one style everywhere
    # (ui/formatting.py; under C / C.UTF-8 that is ISO 8601, as the CLI writes).
    QLocale.setDefault(QLocale.system())
    return app


def _apply_theme(app: QApplication, reader) -> None:
    """The saved Light / Dark / System choice, before the window is built (no flash).

    For System the desktop portal is asked asynchronously: nothing waits for it.
    """
    from netcare_desktop.store.settings import read_preferences
    from netcare_desktop.ui import theme

    try:
        choice = read_preferences(reader).theme
    except sqlite3.Error:
        choice = theme.SYSTEM
    theme.install(app, choice)


def _install_excepthook(log_path: Path) -> None:
    """Unexpected errors are logged and reported in a dialog, never as a bare traceback."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        from netcare_desktop.store.locking import StoreBusy

        if issubclass(exc_type, StoreBusy):  # not a bug: another program kept the lock
            log.warning("a write gave up waiting for the lock: %s", exc)
            from netcare_desktop.ui.messages import warn

            warn(None, "Not saved", f"Not saved: {exc}.")
            return
        log.error("unhandled error", exc_info=(exc_type, exc, tb))
        detail = "".join(traceback.format_exception(exc_type, exc, tb))
        from netcare_desktop.ui import messages

        box = messages.box(
            None,
            messages.Icon.Warning,
            "NetCare ran into a problem",
            f"Something went wrong: {exc}\n\nNetCare keeps running; what you were doing may"
            f" not have finished. The details are in the log:\n{log_path}",
            detail=detail,
        )
        copy = box.addButton("Copy Details", messages.Role.ActionRole)
        copy.setAccessibleName("Copy details")
        box.addButton(messages.Button.Close)
        box.exec()
        if box.clickedButton() is copy:
            QApplication.clipboard().setText(f"NetCare {__version__}\n{detail}")

    sys.excepthook = hook


def run_gui(
    data_dir: str | None = None,
    files: list[str] | None = None,
    self_test: bool = False,
    hidden: bool = False,
) -> int:
    temp = None
    if self_test and not data_dir:
        temp = tempfile.TemporaryDirectory(prefix="netcare-self-test-")
        data_dir = temp.name
    try:
        return _run(paths.resolve(data_dir), files or [], self_test, hidden)
    finally:
        if temp is not None:
            temp.cleanup()


class _CheckDone(QObject):
    finished = Signal()


class _Store:
    """The writing side (peewee), opened once, possibly after the first frame.

    The integrity check of an existing file (``PRAGMA quick_check``: 30 ms at
    10,000 contacts, 0.6 s at 100,000 with a million interactions) runs on a
    worker thread from the start (SQLite releases the GIL), so neither the first
    frame nor the window waits for it; the writer only opens once it passed.
    """

    def __init__(self, app_paths: paths.AppPaths, on_error):
        self.paths = app_paths
        self.database = None
        self.on_error = on_error
        self._check = None
        self._check_error: Exception | None = None

    def start_check(self, then=None) -> None:
        """Check the file on a thread; ``then()`` is called from that thread when done."""
        import threading

        from netcare_desktop.store.reader import check_integrity  # no peewee at start-up

        def run() -> None:
            try:
                check_integrity(self.paths.database)
            except Exception as exc:  # noqa: BLE001 - handed to ensure()
                self._check_error = exc
            if then is not None:
                then()

        self._check = threading.Thread(target=run, name="integrity-check", daemon=True)
        self._check.start()

    def ensure(self) -> None:
        if self.database is not None:
            return
        from netcare_desktop.store.database import StoreError, open_store

        checked = False
        if self._check is not None:
            self._check.join()
            self._check = None
            checked = self._check_error is None
            if self._check_error is not None:
                error, self._check_error = self._check_error, None
                self.on_error(error)
                raise error
        try:
            self.database = open_store(
                self.paths.database, self.paths.backups_dir, utc_now(), checked=checked
            )
        except StoreError as exc:
            self.on_error(exc)
            raise
        self._recover_interrupted_imports()

    def _recover_interrupted_imports(self) -> None:
        """A `netcare import` killed mid-way is taken back before the window writes."""
        import peewee

        from netcare_desktop.interop import stream

        try:
            for line in stream.recover_interrupted() if stream.unfinished_imports() else []:
                log.warning("%s", line)
        except (peewee.DatabaseError, OSError, LookupError, ValueError):
            log.exception("could not take back an unfinished import yet")

    def close(self) -> None:
        if self.database is not None:
            from netcare_desktop.store.database import close_store

            close_store(self.database)
            self.database = None


def _daily_backup(window, app_paths: paths.AppPaths) -> None:
    """At most once a day on a thread, retried every hour; a failure shows in the window."""
    from netcare_desktop.ui.backups import DailyBackups

    window.daily_backups = DailyBackups(window, app_paths)
    window.daily_backups.start(0)


def _report_fatal(self_test: bool, error, app_paths: paths.AppPaths | None = None) -> None:
    """Say what is wrong with the database; for a damaged one, offer the newest good backup."""
    message = str(error)
    log.error("cannot open the store: %s", message)
    if self_test:
        print(f"self-test failed: {message}", file=sys.stderr)
        return
    from netcare_desktop.store.schema import DatabaseDamaged

    if isinstance(error, DatabaseDamaged) and app_paths is not None:
        _offer_recovery(error, app_paths)
        return
    from netcare_desktop.ui.messages import error

    error(None, "NetCare cannot open its database", message)


def _report_not_answering(message: str) -> None:
    """A second launch the running NetCare did not confirm: one plain sentence, no traceback."""
    log.error("single instance: %s", message)
    print(message, file=sys.stderr)
    from netcare_desktop.ui.messages import warn

    warn(None, "NetCare is already running", message)


def _offer_recovery(error, app_paths: paths.AppPaths) -> None:
    """A damaged file: keep it aside untouched and, if the person agrees, restore a backup."""
    from netcare_desktop.store import backup
    from netcare_desktop.ui import messages

    good = backup.newest_good(app_paths.backups_dir)
    title = "NetCare's database is damaged"
    if good is None:
        messages.error(
            None,
            title,
            f"{error}\n\nThere is no good backup to go back to. The file was left as it is; "
            "a copy of it and the log can help to rescue the data.",
        )
        return
    when = datetime_text(good.taken_at)  # local time, in the locale's style
    box = messages.box(
        None,
        messages.Icon.Critical,
        title,
        f"{error}\n\nThe newest good backup is from {when}. Restore it? The damaged file "
        "is kept beside it, renamed, so nothing is lost. NetCare then starts again.",
    )
    restore = box.addButton("Restore the Backup", messages.Role.AcceptRole)
    box.addButton("Quit", messages.Role.RejectRole)
    box.exec()
    if box.clickedButton() is restore:
        damaged = backup.recover_from(good.path, app_paths.database, utc_now())
        log.warning("restored %s; the damaged file is %s", good.path, damaged)
        messages.inform(
            None,
            "Backup restored",
            f"Restored the backup from {when}.\nThe damaged file is kept as {damaged}.\n"
            "Start NetCare again.",
        )


def _attach_tray(app: QApplication, window) -> bool:
    """Put NetCare in the system tray, where there is one. Returns whether it did."""
    from PySide6.QtWidgets import QSystemTrayIcon

    if window.tray is not None or not QSystemTrayIcon.isSystemTrayAvailable():
        return window.tray is not None
    from netcare_desktop.ui.icons import app_icon
    from netcare_desktop.ui.tray import Tray

    tray = Tray(app_icon(), lambda: window.reminders.queue, parent=window)
    tray.openRequested.connect(lambda: window.bring_to_front([]))
    tray.contactRequested.connect(window.open_contact)
    tray.dueRequested.connect(window.show_due)
    tray.snoozeAllRequested.connect(lambda: window.reminders.snooze_all())
    tray.preferencesRequested.connect(
        lambda: (window.bring_to_front([]), window.show_preferences())
    )
    tray.quitRequested.connect(window.quit_app)
    tray.update_count(len(window.reminders.queue))
    tray.show()
    window.tray = tray
    app.setQuitOnLastWindowClosed(False)  # closing the window leaves NetCare in the tray
    log.info("system tray icon shown")
    return True


def _run(app_paths: paths.AppPaths, files: list[str], self_test: bool, hidden: bool = False) -> int:
    app = _application()
    try:
        app_paths.ensure()
        log_path = setup_logging(app_paths.log_dir)
    except OSError as exc:
        _report_fatal(self_test, f"Cannot use {app_paths.data_dir}: {exc.strerror}")
        return 1
    log.info("NetCare %s starting, data in %s", __version__, app_paths.data_dir)

    instance = None
    if not self_test:  # the self-test runs beside a running NetCare without disturbing it
        from netcare_desktop.platform.single_instance import SingleInstance

        instance = SingleInstance(app_paths.data_dir)
        if not instance.acquire():
            if instance.send(files):
                log.info("handed %s to the running NetCare", plural(len(files), "file"))
                print("NetCare is already running: brought it to the front", file=sys.stderr)
                return 0
            # Not confirmed by the running NetCare: say so; never "brought it to the front".
            pid = instance.owner_pid()
            what = f"did not take the {plural(len(files), 'file')}" if files else "does not answer"
            _report_not_answering(
                f"NetCare is already running (process {pid}) for {app_paths.data_dir}, "
                f"but it {what}. Close it, or end that process, and try again."
            )
            return 1

    store = _Store(app_paths, lambda error: _report_fatal(self_test, error, app_paths))
    db_path = app_paths.database
    try:
        current = db_path.exists() and read_user_version(db_path) == SCHEMA_VERSION
    except FileError:
        current = False  # let open_store explain what is wrong with the file
    if not current:
        try:
            store.ensure()  # create or migrate before anything is shown
        except Exception:  # noqa: BLE001 - reported by _Store.on_error
            return 1
    if not self_test:
        _install_excepthook(log_path)

    from netcare_desktop.ui.main_window import MainWindow, app_icon
    from netcare_desktop.ui.store_events import StoreEvents

    reader = open_reader(db_path)
    app.setWindowIcon(app_icon())
    _apply_theme(app, reader)
    events = StoreEvents(db_path)  # the one way the window learns about writes, from anyone
    window = MainWindow(app_paths, reader, ensure_store=store.ensure, events=events)
    in_tray = _attach_tray(app, window)
    if hidden and in_tray:
        log.info("started hidden in the tray")
    else:
        window.show()  # no tray (or not asked to hide): the window is the app
    if not in_tray:
        # At login the tray host may come up after NetCare: look again for a while.
        retries = {"left": 6}

        def retry_tray() -> None:
            retries["left"] -= 1
            if not _attach_tray(app, window) and retries["left"] > 0:
                QTimer.singleShot(5000, retry_tray)

        QTimer.singleShot(5000, retry_tray)
    # Watch for the first frame only now: an application-wide event filter would
    # otherwise see (and slow down) every event of building the window.
    probe = os.environ.get("NETCARE_STARTUP_PROBE")
    if probe:  # benchmarks only: report the first painted frame
        from netcare_desktop.ui.startup_probe import install

        install(app, probe)
    if not self_test:  # the self-test checks the window; it imports nothing
        window.announce_files(files)
    if instance is not None:
        instance.messageReceived.connect(lambda m: window.bring_to_front(m.get("files", [])))
    result = {"rc": 0}

    def open_writer() -> None:
        if store.database is not None:
            return
        try:
            store.ensure()
        except Exception:  # noqa: BLE001 - reported by _Store.on_error
            result["rc"] = 1
            app.exit(1)

    def writer_ready() -> None:
        open_writer()
        if store.database is not None:
            QTimer.singleShot(0, window.start_reminders)
            if not self_test:
                QTimer.singleShot(3000, lambda: _daily_backup(window, app_paths))

    checked = _CheckDone()
    checked.finished.connect(writer_ready)  # queued: emitted by the check's thread

    def after_first_frame() -> None:
        if result.get("started"):
            return
        result["started"] = True
        if current and store.database is None:
            # The person already sees their contacts; the file is checked on a thread
            # (nothing competes with building the window), then the writing side opens.
            store.start_check(checked.finished.emit)
        else:
            writer_ready()
        if instance is not None:
            instance.listen()  # QtNetwork loads here, off the start-up path
        from netcare_desktop.ui import dialog_keys

        dialog_keys.install(app)  # Ctrl+Enter submits dialogs; not while the window builds
        gc.enable()  # disabled by cli.main for start-up
        gc.freeze()

    # Right after the first frame is on screen (or after 2 s if nothing paints,
    # e.g. a start minimised). Posted, so that no work runs inside the event filter.
    watcher = FirstFrameWatcher(app)
    watcher.painted.connect(lambda: QTimer.singleShot(0, after_first_frame))
    QTimer.singleShot(2000, after_first_frame)
    if self_test:
        QTimer.singleShot(0, lambda: _self_test(app, window, store, result, hidden))
    rc = app.exec()
    window.save_state()
    window.deleteLater()
    events.close()
    reader.close()
    store.close()
    if instance is not None:
        instance.release()
    return rc or result["rc"]


def _self_test(app: QApplication, window, store: _Store, result: dict, hidden: bool) -> None:
    """Check the window came up on the real platform and the store answers; then quit.

    With ``--hidden`` (a start at login) the window must stay hidden where a tray
    holds NetCare, and must show where there is none: never unreachable.
    """
    problems = []
    in_tray = window.tray is not None and window.tray.icon.isVisible()
    if hidden and in_tray:
        if window.isVisible():
            problems.append("started hidden, but the window is visible")
    elif not window.isVisible():
        problems.append("main window is not visible")
    if window.grab().isNull():
        problems.append("main window did not paint")
    try:
        store.ensure()
        from netcare_desktop.store import contacts

        contacts.contact_count()
        window.model.refresh()
        window.reminders.check(announce=False)
        if window.reminders.next_check is None or not window.reminders.timer.isActive():
            problems.append("the reminder service did not schedule its next check")
        if window.due_view.model.rowCount() != len(window.reminders.queue):
            problems.append("the Due view does not show the reminder queue")
    except Exception as exc:  # noqa: BLE001 - the self-test reports whatever broke
        problems.append(f"store check failed: {exc}")
    if problems:
        print("self-test failed: " + "; ".join(problems), file=sys.stderr)
        result["rc"] = 1
    else:
        tray = "yes" if in_tray else "no"
        if hidden:
            tray += "; window hidden" if not window.isVisible() else "; window shown"
        print(
            f"NetCare {__version__} self-test ok (platform {app.platformName()}; "
            f"reminders: {len(window.reminders.queue)} due; tray: {tray})"
        )
    window.quit_app()
    app.exit(result["rc"])
