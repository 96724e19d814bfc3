"""The main window: the frame (menus, toolbar, tabs, splitter, status bar), and nothing more.

Each feature's commands live in their own controller (``contact_commands``,
``groups_controller``, ``queue_commands``, ``compose_commands``, ``backups``,
``import_flow`` / ``import_history``, ``export_flow``, ``preferences``, ``review``);
the actions and menus are declared in ``actions``.  Controllers and views get a
``Services`` object, and learn about writes only from the store's events.  The one
current contact (``services.current``) is what the table selection, the Due and
Today rows, the detail pane and every command agree on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop import __version__
from netcare_desktop.paths import AppPaths
from netcare_desktop.store.locking import set_wait_hook
from netcare_desktop.ui import actions
from netcare_desktop.ui.actions import Tab
from netcare_desktop.ui.contact_commands import ContactCommands
from netcare_desktop.ui.contact_model import ContactIdRole, ContactTableModel
from netcare_desktop.ui.detail_pane import DetailPane
from netcare_desktop.ui.drop_overlay import IMPORT_SUFFIXES, DropOverlay, droppable  # noqa: F401
from netcare_desktop.ui.formatting import utc_now
from netcare_desktop.ui.services import Services
from netcare_desktop.ui.tabs import TabViews
from netcare_desktop.ui.welcome import WELCOME_TEXT, WelcomePanel  # noqa: F401 - old names
from netcare_desktop.ui.widgets import list_table
from netcare_desktop.ui.write_wait import WriteWaitIndicator


class MainWindow(QMainWindow):
    contactChanged = Signal(int)  # the contact shown in the detail pane
    filesDropped = Signal(list)  # local paths dropped on the window

    def __init__(
        self,
        paths: AppPaths,
        reader: sqlite3.Connection,
        clock: Callable[[], datetime] = utc_now,
        ensure_store: Callable[[], None] = lambda: None,
        events=None,
        parent=None,
    ):
        super().__init__(parent)
        self.paths, self.reader, self.clock = paths, reader, clock
        self.ensure_store = ensure_store  # opens the writing side if start-up deferred it
        if events is None:
            from netcare_desktop.ui.store_events import StoreEvents

            events = StoreEvents(paths.database, self)
        self.events = events
        self.services = s = Services(
            paths, reader, clock, events, lambda: self.ensure_store(), self._status, self
        )
        self.current = s.current
        events.check_now()  # from here on, every write is a change
        self.setWindowTitle("NetCare")
        self.setAccessibleName("NetCare")
        self.tray = None  # set by the app where a system tray exists
        self._quitting = False
        self._reminders = None  # built on first use: the service starts after the first frame
        self._banner = None

        self.model = ContactTableModel(reader, self, clock=clock)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        list_table(self.table, "Contacts", (160, 140, 110, 84, 84, 84, 70))
        self.table.doubleClicked.connect(lambda _i: self.commands.edit_contact())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._after_reset)
        self.model.countChanged.connect(self._update_status)
        self.model.follow(s)  # the table repaints first, then the pane, the queue, the tabs
        self.detail = DetailPane()
        self.detail.follow(s)
        self.current.currentChanged.connect(self._current_moved)

        self.commands = ContactCommands(s, self)
        self.commands.written.connect(self.select_contact)
        self.commands.undoChanged.connect(lambda _label: self._update_actions())
        self.detail.logRequested.connect(self.commands.log_interaction)
        self.detail.editRequested.connect(self.commands.edit_contact)
        self._build_controllers()
        self.detail.composeRequested.connect(self.composer.compose)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName("Views")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.table, Tab.CONTACTS.title)
        self.views = TabViews(s, self.tabs, lambda: self.reminders, self)
        self._connect_views()
        self.tabs.currentChanged.connect(self.views.tab_changed)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([740, 500])

        self.welcome = WelcomePanel(lambda: self.commands.new_contact())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.splitter)
        central = QWidget()
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search names, organizations, emails, notes  (Ctrl+F)")
        self.search.setAccessibleName("Search contacts")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self.search.textChanged.connect(self.model.set_search)
        self.search.returnPressed.connect(self._focus_first_row)

        self.setAcceptDrops(True)
        self.drop_overlay = DropOverlay(self)
        self.acts = actions.build_actions(self)
        actions.build_menus(self, self.acts)
        actions.build_toolbar(self, self.acts, self.search)
        self._update_actions()
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Contact count")
        self.statusBar().addPermanentWidget(self.status_label)
        set_wait_hook(WriteWaitIndicator(self))  # a write that waits for the lock says so

        self.resize(1100, 700)
        self._restore_state()
        self.model.refresh()

    def _build_controllers(self) -> None:
        from netcare_desktop.ui.backups import BackupsController
        from netcare_desktop.ui.compose_commands import ComposeCommands
        from netcare_desktop.ui.export_flow import ExportCommands
        from netcare_desktop.ui.groups_controller import GroupsController
        from netcare_desktop.ui.import_flow import ImportController
        from netcare_desktop.ui.import_history import ImportHistory
        from netcare_desktop.ui.queue_commands import QueueCommands

        s = self.services
        self.composer = ComposeCommands(s, self)
        self.composer.written.connect(self.select_contact)
        self.groups = GroupsController(
            s, lambda: self.groups_view, lambda: self.show_tab(Tab.GROUPS), self
        )
        self.queue = QueueCommands(s, lambda: self.reminders, self.composer.compose, self)
        self.exports = ExportCommands(s, lambda: self.dashboard, self)
        self.backups = BackupsController(s, self.commands.clear_undo, self)
        self.importer = ImportController(self, lambda: self.ensure_store())
        self.import_history = ImportHistory(s, self.importer.start, self)
        self.filesDropped.connect(self.importer.start)

    def _connect_views(self) -> None:
        v = self.views
        v.openContact.connect(self.open_contact)
        v.connect_due = self.queue.connect_due
        v.connect_today = self.queue.connect_today
        v.connect_groups = self.groups.connect_view

        def dashboard(d) -> None:
            d.exportRequested.connect(self.exports.export_dashboard)
            d.reviewRequested.connect(self.review_lapsed)

        v.connect_dashboard = dashboard

    # -- state -----------------------------------------------------------------

    def _settings(self) -> QSettings:
        return QSettings(str(self.paths.ui_settings_file), QSettings.Format.IniFormat)

    def _restore_state(self) -> None:
        s = self._settings()
        for key, restore in (
            ("window/geometry", self.restoreGeometry),
            ("window/state", self.restoreState),
            ("window/splitter", self.splitter.restoreState),
            ("table/header", self.table.horizontalHeader().restoreState),
        ):
            value = s.value(key)
            if value is not None:
                restore(value)

    def save_state(self) -> None:
        s = self._settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("table/header", self.table.horizontalHeader().saveState())
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.tray is not None and self.tray.icon.isVisible() and not self._quitting:
            # With a tray, closing the window keeps the reminders running there.
            self.save_state()
            event.ignore()
            self.hide()
            self._tell_about_tray_once()
            return
        self.importer.shutdown()  # an import still running is cancelled (rolled back) first
        if self._reminders is not None:
            self._reminders.stop()
        self.save_state()
        super().closeEvent(event)

    def quit_app(self) -> None:
        """Quit for real (the window's close only hides it when a tray exists)."""
        self._quitting = True
        self.close()
        if self.tray is not None:
            self.tray.hide()
            from PySide6.QtWidgets import QApplication

            QApplication.quit()

    # -- the current contact --------------------------------------------------------

    def _status(self, text: str, ms: int) -> None:
        if text:
            self.statusBar().showMessage(text, ms)
        else:
            self.statusBar().clearMessage()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        cid = current.data(ContactIdRole) if current.isValid() else None
        if cid is not None:
            self.current.set(cid)

    def _select_row_of(self, contact_id: int | None) -> int:
        """Make the table's selection show ``contact_id`` (nothing if it is not loaded)."""
        row = self.model.row_of(contact_id) if contact_id is not None else -1
        selection = self.table.selectionModel()
        if row >= 0:
            selection.setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        elif selection.hasSelection() or selection.currentIndex().isValid():
            selection.clear()  # no other row may look selected
        return row

    def _current_moved(self, contact_id: int | None) -> None:
        self._select_row_of(contact_id)
        self._update_actions()
        if contact_id is not None:
            self.contactChanged.emit(contact_id)

    def _after_reset(self) -> None:
        empty_db = self.model.all_count() == 0
        self.stack.setCurrentWidget(self.welcome if empty_db else self.splitter)
        if self.current.id is not None:
            self._select_row_of(self.current.id)
        self._update_actions()

    def _update_status(self, count: int) -> None:
        total = self.model.all_count()
        if self.model.query.search or self.model.query.leaning_only:
            self.status_label.setText(f"{count:,} of {total:,} contacts match")
        else:
            self.status_label.setText(f"{total:,} contact{'s' if total != 1 else ''}")

    def _update_actions(self) -> None:
        actions.update_enabled(self.acts, self.current.id is not None)
        label = self.commands.undo_label()
        self.act_undo.setEnabled(bool(label))
        self.act_undo.setText(f"&Undo {label}" if label else "&Undo")

    def _focus_first_row(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def select_contact(self, contact_id: int) -> None:
        """Make a contact the current one, and select its row when it is loaded."""
        self.ensure_store()
        self.current.set(contact_id)
        if self._select_row_of(contact_id) >= 0:
            self.table.scrollTo(self.model.index(self.model.row_of(contact_id), 0))

    def delete_contact(self) -> None:
        row = self.table.currentIndex().row()
        if self.commands.delete_contact() and self.model.rowCount():
            self.table.selectRow(min(max(row, 0), self.model.rowCount() - 1))

    # -- commands kept on the window (the app, the tray, tests and tools call these) --------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        """View → Refresh: every view reads the store again."""
        self.services.reload_all()

    @property
    def open_url(self):
        return self.services.open_url

    @open_url.setter
    def open_url(self, opener) -> None:
        self.services.open_url = opener

    def new_contact(self) -> None:
        self.commands.new_contact()

    def edit_contact(self) -> None:
        self.commands.edit_contact()

    def log_interaction(self) -> None:
        self.commands.log_interaction()

    def compose(self, contact_id: int | None = None, template_key: str | None = None):
        return self.composer.compose(contact_id, template_key)

    def show_preferences(self) -> None:
        from netcare_desktop.ui.preferences import show_preferences

        show_preferences(self.services)

    def review_lapsed(self) -> None:
        from netcare_desktop.ui.review import review_lapsed

        review_lapsed(self.services)

    def show_backups(self) -> None:
        self.backups.show_dialog()

    def export_to(self, path: str, fmt: str, ids: list[int] | None):
        return self.exports.export_to(path, fmt, ids)

    def after_import(self, result) -> None:
        self.import_history.after_import(result)

    def undo_last_import(self) -> None:
        self.import_history.undo_last_import()

    def show_import_history(self) -> None:
        self.import_history.show_history()

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.data_dir)))

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.log_dir)))

    def about(self) -> None:
        from netcare_desktop.ui.messages import about

        about(
            self,
            "About NetCare",
            f"NetCare {__version__}\n\n"
            "Keeps your career network healthy: remembers who matters, when you last gave them "
            "attention, and reminds you when a relationship needs care.\n\n"
            f"Your data stays on this computer:\n{self.paths.database}",
            app_icon((64, 128)).pixmap(64, 64),
        )

    def about_qt(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.aboutQt()

    def leaning_toggled(self, on: bool) -> None:
        self.model.set_leaning_only(on)
        if on:
            self.show_tab(Tab.CONTACTS)

    # -- tabs -------------------------------------------------------------------------------

    def show_tab(self, tab: Tab) -> None:
        self.bring_to_front([])
        self.stack.setCurrentWidget(self.splitter)
        self.tabs.setCurrentIndex(tab)

    _show_tab = show_tab  # the old name (tools/screenshot.py)

    def show_contacts(self) -> None:
        self.tabs.setCurrentIndex(Tab.CONTACTS)

    def show_due(self) -> None:
        self.show_tab(Tab.DUE)
        self.due_view.focus_queue()

    def show_today(self) -> None:
        self.show_tab(Tab.TODAY)
        self.today_view.focus_list()

    def show_groups(self) -> None:
        self.show_tab(Tab.GROUPS)

    def show_health(self) -> None:
        self.show_tab(Tab.HEALTH)

    due_view = property(lambda self: self.views.due_view)
    today_view = property(lambda self: self.views.today_view)
    groups_view = property(lambda self: self.views.groups_view)
    dashboard = property(lambda self: self.views.dashboard)

    def open_contact(self, contact_id: int) -> None:
        """Show a contact (from the Due view, the tray or a notification)."""
        self.show_tab(Tab.CONTACTS)
        if self.search.text() and self.model.row_of(contact_id) < 0:
            self.search.clear()
        self.select_contact(contact_id)
        # Focus the table only on the contact's own row: a table without a current row
        # would make its first row current, and show someone else.
        if self.model.row_of(contact_id) >= 0:
            self.table.setFocus()
        else:
            self.detail.setFocus()

    # -- reminders, the tray and the banner ------------------------------------------------

    @property
    def reminders(self):
        if self._reminders is None:
            from netcare_desktop.ui.reminder_service import ReminderService

            self._reminders = ReminderService(
                self.reader, self.clock, lambda: self.ensure_store(), parent=self
            )
            self._reminders.follow(self.services)
            self._reminders.queueChanged.connect(self._queue_changed)
            self._reminders.notify.connect(self.announce)
        return self._reminders

    def start_reminders(self) -> None:
        """Begin checking (the app calls this once the writing side is open)."""
        self.reminders.start()

    def _queue_changed(self, queue: list) -> None:
        self.views.set_queue(queue)
        if self.tray is not None:
            self.tray.update_count(len(queue))

    @property
    def banner(self):
        if self._banner is None:
            from netcare_desktop.ui.due_view import ReminderBanner

            self._banner = ReminderBanner()
            self._banner.showRequested.connect(
                lambda cid: self.show_due() if cid is None else self.open_contact(cid)
            )
            self._column.insertWidget(0, self._banner)
        return self._banner

    def announce(self, note) -> None:
        """A notification: through the tray where there is one, else in the window."""
        if self.tray is not None and self.tray.icon.isVisible():
            self.tray.notify(note)
        else:
            self.banner.announce(note.title, note.body, note.contact_id)

    def _tell_about_tray_once(self) -> None:
        from netcare_desktop.store import reminders as store_reminders

        prefs = store_reminders.read_preferences(self.reader)
        if prefs.close_to_tray_told or self.tray is None:
            return
        from netcare_desktop.core.reminders import Notification

        self.tray.notify(
            Notification(
                "NetCare is still running",
                "It keeps reminding you from here. Quit it from this icon's menu.",
                None,
                (),
            )
        )
        try:
            self.ensure_store()
            store_reminders.save_preferences(replace(prefs, close_to_tray_told=True))
        except Exception:  # noqa: BLE001 - telling twice is better than failing
            pass

    # -- other launches, drag and drop ------------------------------------------------------

    def bring_to_front(self, files: list[str]) -> None:
        """Another launch (a double-clicked file, the menu) asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.announce_files(files)

    def announce_files(self, files: list[str]) -> None:
        """Files from the command line, the file manager or another launch go to the import flow."""
        if files:
            QTimer.singleShot(0, lambda: self.importer.start(list(files)))

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if droppable(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)  # never move: the files stay put
            event.accept()
            self.drop_overlay.setGeometry(self.rect())
            self.drop_overlay.raise_()
            self.drop_overlay.show()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if droppable(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:  # noqa: N802
        self.drop_overlay.hide()
        super().dragLeaveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        self.drop_overlay.hide()
        paths = droppable(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        # Outside the drop handler: the drag source is waiting for it to return.
        QTimer.singleShot(0, lambda: self.filesDropped.emit(paths))


def app_icon(sizes: tuple[int, ...] = (16, 24, 32, 48, 64, 128)) -> QIcon:
    """The app icon from resources/icons.

    Window icons stop at 128 px: on X11 every size is decoded and sent to the
    window manager, and 256/512 px cost ~10 ms of start-up for nothing (the
    desktop entry's hicolor icons cover the large sizes).
    """
    from netcare_desktop.paths import resources_dir

    icon = QIcon()
    icons = resources_dir() / "icons"
    for size in sizes:
        png = icons / f"netcare-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    return icon
