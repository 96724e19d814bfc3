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
from datetime import datetime
from functools import partialmethod

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.paths import AppPaths
from netcare_desktop.store.locking import set_wait_hook
from netcare_desktop.ui import actions, window_state
from netcare_desktop.ui.actions import Tab
from netcare_desktop.ui.contact_commands import ContactCommands
from netcare_desktop.ui.contact_model import Col, ContactIdRole, ContactTableModel
from netcare_desktop.ui.detail_pane import DetailPane
from netcare_desktop.ui.drop_overlay import DropTarget
from netcare_desktop.ui.formatting import number_text, plural, utc_now
from netcare_desktop.ui.icons import app_icon
from netcare_desktop.ui.services import Services
from netcare_desktop.ui.tabs import TabViews
from netcare_desktop.ui.welcome import WelcomePanel
from netcare_desktop.ui.widgets import StretchColumn, list_table, search_field, widget_keys
from netcare_desktop.ui.write_wait import WriteWaitIndicator


def _to(path: str):
    """A window method that calls a controller's (``"ctl.backups.show_dialog"``)."""
    return lambda self, *args, **kwargs: actions.resolve(self, path)(*args, **kwargs)


def _with_services(module: str, name: str):
    """A window method that calls ``module.name(services)``, imported on first use."""

    def call(self):
        import importlib

        return getattr(importlib.import_module(module), name)(self.services)

    return call


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
            paths, reader, clock, events, lambda: self.ensure_store(), self.statusBar, self
        )
        self.current = s.current
        events.check_now()  # from here on, every write is a change
        self.setWindowTitle("NetCare")
        self.setAccessibleName("NetCare")
        self.tray = None  # set by the app where a system tray exists
        self._quitting = False
        self._fitted = False

        self.model = ContactTableModel(reader, self, clock=clock)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        list_table(self.table, "Contacts", extended=True)
        # Name takes the room the others leave (they fit their content), never less than
        # a name's worth; the rest scrolls sideways.
        self._fit = StretchColumn(
            self.table, Col.NAME, self.table.fontMetrics().horizontalAdvance("M" * 13)
        )
        self._revealing = False
        self.table.doubleClicked.connect(lambda _i: self.commands.edit_contact())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.clicked.connect(self._row_clicked)  # also a row already highlighted
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(lambda pos: self.table_menu.popup(pos))
        self._table_menu = None
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
        self.detail.composeRequested.connect(lambda: self.ctl.composer.compose())

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName("Views")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.table, Tab.CONTACTS.title)
        self.views = TabViews(s, self.tabs, lambda: self.reminders, self)
        self._connect_views()
        self.tabs.currentChanged.connect(self._tab_changed)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([740, 500])

        self.welcome = WelcomePanel(
            lambda: self.commands.new_contact(), lambda: self.acts["import"].trigger()
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.splitter)
        central = QWidget()
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.search = search_field()
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._focus_first_row)
        widget_keys(self.search, (("Down", self._focus_first_row),))  # into the results
        self.show_filter = archived_filter(self.model)

        drops = DropTarget(self, self.filesDropped.emit)
        self.drop_overlay = drops.overlay
        self.acts = actions.build_actions(self)
        actions.build_menus(self, self.acts)
        actions.build_toolbar(self, self.acts, self.search)
        self.findChild(QToolBar, "mainToolbar").addWidget(self.show_filter)
        self._update_actions()
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Contact count")
        self.statusBar().addPermanentWidget(self.status_label)
        set_wait_hook(WriteWaitIndicator(self))  # a write that waits for the lock says so

        window_state.restore(self, self.paths.ui_settings_file)  # fits the available screen
        self.model.refresh()

    def _build_controllers(self) -> None:
        from netcare_desktop.ui.controllers import Controllers

        self.ctl = Controllers(self)
        self._importer = None
        self.filesDropped.connect(self._first_drop)  # replaced by the controller once built

    @property
    def importer(self):
        """The import controller, built on the first import: start-up does not load it."""
        if self._importer is None:
            from netcare_desktop.ui.import_flow import ImportController

            self._importer = ImportController(self.services, self)
            self._importer.imported.connect(lambda r: self.ctl.import_history.after_import(r))
            self.filesDropped.disconnect(self._first_drop)
            self.filesDropped.connect(self._importer.start)
        return self._importer

    def _first_drop(self, files: list) -> None:
        self.importer.start(files)

    def _connect_views(self) -> None:
        v = self.views
        v.openContact.connect(self.open_contact)
        c = self.ctl
        v.connect_due = lambda d: c.queue.connect_due(d)
        v.connect_today = lambda t: c.queue.connect_today(t)
        v.connect_groups = lambda g: c.groups.connect_view(g)

        def dashboard(d) -> None:
            d.exportRequested.connect(lambda: c.exports.export_dashboard())
            d.reviewRequested.connect(self.review_lapsed)

        v.connect_dashboard = dashboard

    # -- state -----------------------------------------------------------------

    def save_state(self) -> None:
        window_state.save(self, self.paths.ui_settings_file)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._fitted:  # the frame is known once shown: keep all of it on the screen
            self._fitted = True
            window_state.fit_to_screen(self)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.tray is not None and self.tray.icon.isVisible() and not self._quitting:
            # With a tray, closing the window keeps the reminders running there.
            self.save_state()
            event.ignore()
            self.hide()
            self.ctl.hub.tell_about_tray_once()
            return
        if self._importer is not None:  # an import still running is cancelled (rolled back)
            self._importer.shutdown()
        if self.ctl.built("hub"):
            self.ctl.hub.stop()
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
    # The table always shows services.current highlighted (or nothing highlighted); on
    # the Contacts tab what is highlighted is the current contact, never a hidden one.

    def _on_contacts(self) -> bool:
        return (
            self.stack.currentWidget() is self.splitter and self.tabs.currentIndex() == Tab.CONTACTS
        )

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        cid = current.data(ContactIdRole) if current.isValid() else None
        if cid is not None:
            # The table moved its own current row (a click, a key): its selection is its
            # own to make (Shift and Ctrl clicks add to it after this), leave it alone.
            self._revealing, was = True, self._revealing
            try:
                self.current.set(cid)
            finally:
                self._revealing = was

    def _row_clicked(self, index: QModelIndex) -> None:
        """A click on the row already highlighted makes it current again."""
        cid = index.data(ContactIdRole) if index.isValid() else None
        if cid is not None:
            self.current.set(cid)

    def _select_row_of(self, contact_id: int | None, load: bool = False) -> int:
        """Make the table's selection show ``contact_id`` (nothing when it is not in the
        list); ``load`` reads further pages to find it. The row, or -1."""
        if contact_id is None:
            row = -1
        else:
            row = self.model.locate(contact_id) if load else self.model.row_of(contact_id)
        selection = self.table.selectionModel()
        if row >= 0:
            index = self.model.index(row, 0)
            if selection.currentIndex().row() != row or not selection.isRowSelected(row):
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        elif selection.hasSelection() or selection.currentIndex().isValid():
            selection.clear()  # no other row may look selected
        return row

    def _current_moved(self, contact_id: int | None) -> None:
        if not self._revealing:
            if self._on_contacts():
                self.reveal(contact_id)
            else:
                self._select_row_of(contact_id)
        self._update_actions()
        if contact_id is not None:
            self.contactChanged.emit(contact_id)

    def reveal(self, contact_id: int | None) -> bool:
        """Highlight this contact in the table and scroll to it; a search or a filter that
        hides it is cleared (and the status bar says so). False when it is not there."""
        if contact_id is None:
            self._select_row_of(None)
            return False
        self._revealing = True
        try:
            row = self.model.locate(contact_id)
            if row < 0:
                row = self._unhide(contact_id)
            self._select_row_of(contact_id)
            if row >= 0:
                index = self.model.index(row, 0)
                seen = self.table.viewport().rect().contains(self.table.visualRect(index))
                if not seen:  # from far away: in the middle, with its neighbours around
                    self.table.scrollTo(index, QTableView.ScrollHint.PositionAtCenter)
                self.table.horizontalScrollBar().setValue(0)  # the name column in view
        finally:
            self._revealing = False
        return row >= 0

    def _unhide(self, contact_id: int) -> int:
        """Clear what hides this contact from the list; its row, or -1 (gone)."""
        from netcare_desktop.store.queries import Archived

        found = self.reader.execute(
            "SELECT display_name, archived FROM contact WHERE id = ?", (contact_id,)
        ).fetchone()
        if found is None:
            return -1
        name, archived = found
        cleared = []
        if self.search.text():
            self.search.clear()
            cleared.append("the search")
        if self.act_leaning.isChecked():
            self.act_leaning.setChecked(False)
            cleared.append("the asked-more filter")
        which = self.model.query.archived
        if (archived and which is Archived.ACTIVE) or (not archived and which is Archived.ARCHIVED):
            self.show_filter.setCurrentIndex(Archived.ALL)
            cleared.append("the archived filter")
        if cleared:
            self.services.say(f"Cleared {' and '.join(cleared)} to show {name}.", 6000)
        return self.model.locate(contact_id)

    def _after_reset(self) -> None:
        self.stack.setCurrentWidget(self.splitter if self.model.has_any() else self.welcome)
        cid = self.current.id
        if cid is not None and not self._revealing:
            if self._on_contacts():
                row = self._select_row_of(cid, load=True)
                if row >= 0:
                    self.table.scrollTo(self.model.index(row, 0))
                else:  # a search, a filter or a delete hides it: show what is highlighted
                    self.current.set(None)
            else:
                self._select_row_of(cid)
        self._update_actions()

    def _tab_changed(self, index: int) -> None:
        self.views.tab_changed(index)
        if index == Tab.CONTACTS and not self._revealing:
            self.reveal(self.current.id)

    def _search_changed(self, text: str) -> None:
        if text and not self._on_contacts() and not self._revealing:
            self._revealing = True  # typing a search shows its results, keeping the text
            try:
                self.show_tab(Tab.CONTACTS)
            finally:
                self._revealing = False
        self.model.set_search(text)

    def _update_status(self, count: int) -> None:
        from netcare_desktop.store.queries import Archived

        total = self.model.all_count()
        query = self.model.query
        if query.archived is Archived.ARCHIVED and not (query.search or query.leaning_only):
            self.status_label.setText(plural(count, "archived contact"))
        elif query.search or query.leaning_only or query.archived is Archived.ARCHIVED:
            self.status_label.setText(f"{number_text(count)} of {plural(total, 'contact')} match")
        elif query.archived is Archived.ALL:
            self.status_label.setText(f"{plural(count, 'contact')}, archived included")
        else:
            self.status_label.setText(plural(total, "contact"))

    def _update_actions(self) -> None:
        actions.update_enabled(self.acts, self.current.id is not None)
        label = self.commands.undo_label()
        self.act_undo.setEnabled(bool(label))
        self.act_undo.setText(f"&Undo {label}" if label else "&Undo")

    def _focus_first_row(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.current.set(self.model.index(0, 0).data(ContactIdRole))

    def select_contact(self, contact_id: int) -> None:
        """Make a contact the current one, and highlight it when the table is shown."""
        self.ensure_store()
        self.current.set(contact_id)
        if self._on_contacts():
            self.reveal(contact_id)
        else:
            self._select_row_of(contact_id)

    @property
    def table_menu(self):
        """The table's right-click menu and the commands on the selected rows."""
        if self._table_menu is None:
            from netcare_desktop.ui.table_menu import TableMenu

            self._table_menu = TableMenu(self)
        return self._table_menu

    def delete_contact(self) -> None:
        """Delete (the Delete key, Edit → Delete): every selected row on the table."""
        if self._on_contacts() and len(self.table.selectionModel().selectedRows()) > 1:
            self.table_menu.delete_selected()
            return
        row = self.table.currentIndex().row()
        if self.commands.delete_contact() and self._on_contacts() and self.model.rowCount():
            self.table.selectRow(min(max(row, 0), self.model.rowCount() - 1))

    def merge_selected(self) -> None:
        """Edit → Merge Contacts…: the two contacts selected in the table."""
        from netcare_desktop.ui.merge_dialog import merge_contacts

        rows = self.table.selectionModel().selectedRows()
        merge_contacts(self.services, [i.data(ContactIdRole) for i in rows])

    # -- commands kept on the window (the app, the tray, tests and tools call these) --------

    new_contact = _to("commands.new_contact")
    edit_contact = _to("commands.edit_contact")
    log_interaction = _to("commands.log_interaction")
    compose = _to("ctl.composer.compose")
    show_backups = _to("ctl.backups.show_dialog")
    export_to = _to("ctl.exports.export_to")
    undo_last_import = _to("ctl.import_history.undo_last_import")
    show_import_history = _to("ctl.import_history.show_history")
    show_preferences = _with_services("netcare_desktop.ui.preferences", "show_preferences")
    review_lapsed = _with_services("netcare_desktop.ui.review", "review_lapsed")
    about = _with_services("netcare_desktop.ui.help_commands", "about")
    about_qt = _with_services("netcare_desktop.ui.help_commands", "about_qt")
    open_data_folder = _with_services("netcare_desktop.ui.help_commands", "open_data_folder")
    open_log_folder = _with_services("netcare_desktop.ui.help_commands", "open_log_folder")

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        """View → Refresh: every view reads the store again."""
        self.services.reload_all()

    open_url = property(  # how mailto: links open (None: the desktop's mail app)
        lambda self: self.services.open_url, lambda self, f: setattr(self.services, "open_url", f)
    )

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
        """Ctrl+1: the list, with the current contact highlighted and in view."""
        self.open_contact(self.current.id)

    def show_due(self) -> None:
        self.show_tab(Tab.DUE)
        self.due_view.focus_queue()

    def show_today(self) -> None:
        self.show_tab(Tab.TODAY)
        self.today_view.focus_list()

    show_groups = partialmethod(show_tab, Tab.GROUPS)
    show_health = partialmethod(show_tab, Tab.HEALTH)

    due_view = property(lambda self: self.views.due_view)
    today_view = property(lambda self: self.views.today_view)
    groups_view = property(lambda self: self.views.groups_view)
    dashboard = property(lambda self: self.views.dashboard)

    def open_contact(self, contact_id: int | None) -> None:
        """Show a contact in the list (from Due, Today, Groups, the tray, a notification)."""
        if contact_id is not None:
            self.ensure_store()
        self.current.set(contact_id)
        # Highlight the row before the tab shows: the table, given the focus by the tab
        # change, would otherwise make its first row current, and show someone else.
        self.reveal(contact_id)
        self.show_tab(Tab.CONTACTS)
        # Under load the tab change can still move the table's current row (Qt, handing
        # the focus over): the contact asked for is made current again, then shown.
        self.current.set(contact_id)
        shown = self.reveal(contact_id)
        # Focus the table only on the contact's own row: a table without a current row
        # would make its first row current, and show someone else.
        if shown or (contact_id is None and self.table.currentIndex().isValid()):
            self.table.setFocus()
        elif contact_id is not None:
            self.detail.setFocus()

    # -- reminders, the tray and the banner ------------------------------------------------

    reminders = property(lambda self: self.ctl.hub.service)
    banner = property(lambda self: self.ctl.hub.banner)

    def start_reminders(self) -> None:
        """Begin checking (the app calls this once the writing side is open)."""
        self.reminders.start()

    # -- other launches ------------------------------------------------------------------

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


def archived_filter(model) -> QComboBox:
    """Show: Active / Archived / All, beside the search."""
    from netcare_desktop.store.queries import Archived

    combo = QComboBox()
    combo.setObjectName("showFilter")
    combo.setAccessibleName("Show contacts")
    combo.setToolTip("Show the active contacts, the archived ones, or all")
    for text in ("Active", "Archived", "All"):
        combo.addItem(f"Show: {text}")
    combo.currentIndexChanged.connect(lambda i: model.set_archived(Archived(i)))
    return combo


__all__ = ["MainWindow", "app_icon"]  # app_icon: its old home (shim)
