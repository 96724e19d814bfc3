"""The main window: search, the contact table, the detail pane and its timeline."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QFont, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop import __version__
from netcare_desktop.paths import AppPaths
from netcare_desktop.store.locking import set_wait_hook
from netcare_desktop.ui.contact_model import ContactIdRole, ContactTableModel
from netcare_desktop.ui.detail_pane import DetailPane
from netcare_desktop.ui.formatting import to_local, utc_now
from netcare_desktop.ui.lazy import lazy_module
from netcare_desktop.ui.messages import inform, warn
from netcare_desktop.ui.widgets import heading, list_table
from netcare_desktop.ui.write_wait import WriteWaitIndicator, save

contacts = lazy_module("netcare_desktop.store.contacts")  # peewee: loaded after the first frame

WELCOME_TEXT = (
    "NetCare remembers who matters to your career, when you last gave them\n"
    "some attention, and tells you when a relationship needs care.\n\n"
    "1.  Add the people you want to keep close: Ctrl+N.\n"
    "2.  Put each one in a circle (Inner, Active, Acquaintance)\n"
    "     to set how often to get in touch.\n"
    "3.  Log every small touch: a congratulation, a shared article,\n"
    "     a short check-in: Ctrl+L.\n\n"
    "Everything stays in one file on this computer."
)


class WelcomePanel(QWidget):
    def __init__(self, on_new: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Welcome")
        title = heading("Welcome to NetCare", 2)
        body = QLabel(WELCOME_TEXT)  # explicit line breaks: wrapped labels mis-size here
        self.button = QPushButton("Add your first contact")
        self.button.setAccessibleName("Add your first contact")
        self.button.clicked.connect(on_new)
        column = QWidget()
        inner = QVBoxLayout(column)
        inner.setSpacing(16)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(body)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


IMPORT_SUFFIXES = (".vcf", ".vcard", ".csv", ".json")


class DropOverlay(QLabel):
    """Covers the window while files are dragged over it: where they will go."""

    def __init__(self, parent: QWidget):
        super().__init__(
            "Drop contact files here to import them\n(vCard, LinkedIn / Google / Outlook CSV, NetCare JSON)",
            parent,
        )
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName("Drop here to import")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.setFont(font)
        self.setAutoFillBackground(False)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        from PySide6.QtGui import QColor, QPainter, QPen

        painter = QPainter(self)
        highlight = self.palette().color(self.palette().ColorRole.Highlight)
        base = QColor(self.palette().color(self.palette().ColorRole.Window))
        base.setAlpha(225)  # the window dims behind the message, which stays readable
        painter.fillRect(self.rect(), base)
        tint = QColor(highlight)
        tint.setAlpha(45)
        painter.fillRect(self.rect(), tint)
        pen = QPen(highlight, 4, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(self.rect().adjusted(6, 6, -6, -6), 12, 12)
        painter.end()
        super().paintEvent(event)


def _droppable(mime) -> list[str]:
    if not mime.hasUrls():
        return []
    out = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile().rstrip("\0"))
        if path.is_dir() or path.suffix.lower() in IMPORT_SUFFIXES:
            out.append(str(path))
    return out


class MainWindow(QMainWindow):
    contactChanged = Signal(int)  # the contact shown in the detail pane
    filesDropped = Signal(list)  # local paths dropped on the window

    def __init__(
        self,
        paths: AppPaths,
        reader: sqlite3.Connection,
        clock: Callable[[], datetime] = utc_now,
        ensure_store: Callable[[], None] = lambda: None,
        parent=None,
    ):
        super().__init__(parent)
        self.paths = paths
        self.clock = clock
        self.ensure_store = ensure_store  # opens the writing side if start-up deferred it
        self._undo: list[tuple[str, list[dict]]] = []
        self.setWindowTitle("NetCare")
        self.setAccessibleName("NetCare")

        self.model = ContactTableModel(reader, self, clock=clock)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        list_table(self.table, "Contacts", (160, 140, 110, 84, 84, 84, 70))
        self.table.doubleClicked.connect(lambda _i: self.edit_contact())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._after_reset)
        self.model.countChanged.connect(self._update_status)

        self.detail = DetailPane()
        self.detail.logRequested.connect(self.log_interaction)
        self.detail.composeRequested.connect(self.compose)
        self.detail.editRequested.connect(self.edit_contact)

        self.reader = reader
        self.tray = None  # set by the app where a system tray exists
        self.open_url = None  # how mailto: links open (None: the desktop's mail app)
        self._quitting = False
        # Built on first use (start-up paints the contact list first; the reminder service
        # starts after the first frame): see the properties below.
        self._reminders = None
        self._views: dict[str, QWidget] = {}
        self._queue: list = []

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName("Views")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.table, "&Contacts")
        self._holders: dict[str, QWidget] = {}
        for key, title in (
            ("due", "D&ue"),
            ("today", "&Today"),
            ("groups", "&Groups"),
            ("health", "&Health"),
        ):
            holder = QWidget()
            holder.setAccessibleName(title.replace("&", ""))
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            self._holders[key] = holder
            self.tabs.addTab(holder, title)
        self.tabs.currentChanged.connect(self._tab_changed)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([740, 500])

        self.welcome = WelcomePanel(self.new_contact)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.splitter)
        self._banner = None
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.stack, 1)
        self._column = column
        self.setCentralWidget(central)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search names, organizations, emails, notes  (Ctrl+F)")
        self.search.setAccessibleName("Search contacts")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self.search.textChanged.connect(self.model.set_search)
        self.search.returnPressed.connect(self._focus_first_row)

        from netcare_desktop.ui.import_flow import ImportController

        self.importer = ImportController(self, lambda: self.ensure_store())
        self.filesDropped.connect(self.importer.start)
        self.setAcceptDrops(True)
        self.drop_overlay = DropOverlay(self)

        self._build_actions()
        self._build_menus_and_toolbar()
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Contact count")
        self.statusBar().addPermanentWidget(self.status_label)
        set_wait_hook(WriteWaitIndicator(self))  # a write that waits for the lock says so

        self.resize(1100, 700)
        self._restore_state()
        self.model.refresh()

    # -- construction ----------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        self.act_new = self._action(
            "&New Contact…",
            self.new_contact,
            QKeySequence.StandardKey.New,
            "Add a contact (Ctrl+N)",
        )
        self.act_edit = self._action(
            "&Edit Contact…", self.edit_contact, "Ctrl+E", "Edit the selected contact"
        )
        self.act_log = self._action(
            "&Log Interaction…",
            self.log_interaction,
            "Ctrl+L",
            "Log a touch with the selected contact (Ctrl+L)",
        )
        self.act_delete = self._action(
            "&Delete Contact…",
            self.delete_contact,
            QKeySequence.StandardKey.Delete,
            "Delete the selected contact",
        )
        self.act_undo = self._action("&Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.act_find = self._action("&Find…", self.focus_search, QKeySequence.StandardKey.Find)
        self.act_quit = self._action("&Quit", self.quit_app, QKeySequence.StandardKey.Quit)
        self.act_prefs = self._action(
            "&Preferences…", self.show_preferences, QKeySequence.StandardKey.Preferences
        )
        self.act_prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_show_contacts = self._action(
            "&Contacts", lambda: self.tabs.setCurrentIndex(0), "Ctrl+1", "Show the contact list"
        )
        self.act_show_due = self._action(
            "&Due Now", self.show_due, "Ctrl+2", "What needs attention now (Ctrl+2)"
        )
        self.act_show_today = self._action(
            "&Today", self.show_today, "Ctrl+3", "Whom to reach out to today (Ctrl+3)"
        )
        self.act_show_groups = self._action(
            "&Groups", lambda: self._show_tab(3), "Ctrl+4", "Groups and their members (Ctrl+4)"
        )
        self.act_show_health = self._action(
            "Network &Health", lambda: self._show_tab(4), "Ctrl+5", "The dashboard (Ctrl+5)"
        )
        self.act_compose = self._action(
            "&Compose…", self.compose, "Ctrl+M", "Write to the selected contact from a template"
        )
        self.act_templates = self._action("Message &Templates…", self.edit_templates)
        self.act_review = self._action(
            "&Review Lapsed Contacts…", self.review_lapsed, None, "Keep, lighten or archive"
        )
        self.act_leaning = QAction("Only Those I've &Asked More Than Given", self)
        self.act_leaning.setCheckable(True)
        self.act_leaning.setToolTip("Show only contacts you have asked more of than given to")
        self.act_leaning.toggled.connect(self._leaning_toggled)
        self.act_data = self._action("Open &Data Folder", self.open_data_folder)
        self.act_backups = self._action(
            "&Backups and Restore…", self.show_backups, None, "Back up now, or restore a backup"
        )
        self.act_logs = self._action("Open &Log Folder", self.open_log_folder)
        self.act_import = self._action(
            "&Import…",
            self.choose_import,
            "Ctrl+I",
            "Import vCard, CSV or NetCare JSON files (or drop them on the window)",
        )
        self.act_export = self._action(
            "&Export All…", lambda: self.choose_export(None), "Ctrl+Shift+E"
        )
        self.act_export_one = self._action(
            "Export &Selected…", lambda: self.choose_export(self.detail.contact_id)
        )
        self.act_undo_import = self._action("Undo Last &Import", self.undo_last_import)
        self.act_history = self._action("Import &History…", self.show_import_history)
        self.act_about = self._action("&About NetCare", self.about)
        self.act_about_qt = self._action("About &Qt", lambda: QMessageBox.aboutQt(self))
        self.act_detail = QAction("Show &Details Pane", self)
        self.act_detail.setCheckable(True)
        self.act_detail.setChecked(True)
        self.act_detail.setShortcut(QKeySequence("F9"))
        self.act_detail.toggled.connect(self.detail.setVisible)
        self.act_refresh = self._action("&Refresh", self.refresh, QKeySequence.StandardKey.Refresh)
        # The Delete key deletes a contact only from the table, never while typing.
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.act_delete)
        self.removeAction(self.act_delete)
        self._update_actions()

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("&File")
        m.addAction(self.act_new)
        m.addSeparator()
        m.addAction(self.act_import)
        m.addAction(self.act_history)
        m.addAction(self.act_export)
        m.addAction(self.act_export_one)
        m.addSeparator()
        m.addAction(self.act_backups)
        m.addAction(self.act_data)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = bar.addMenu("&Edit")
        m.addAction(self.act_undo)
        m.addAction(self.act_undo_import)
        m.addSeparator()
        m.addAction(self.act_edit)
        m.addAction(self.act_log)
        m.addAction(self.act_compose)
        m.addAction(self.act_delete)
        m.addSeparator()
        m.addAction(self.act_find)
        m.addSeparator()
        m.addAction(self.act_templates)
        m.addAction(self.act_prefs)
        m = bar.addMenu("&View")
        m.addAction(self.act_show_contacts)
        m.addAction(self.act_show_due)
        m.addAction(self.act_show_today)
        m.addAction(self.act_show_groups)
        m.addAction(self.act_show_health)
        m.addSeparator()
        m.addAction(self.act_leaning)
        m.addAction(self.act_review)
        m.addSeparator()
        m.addAction(self.act_detail)
        m.addAction(self.act_refresh)
        m = bar.addMenu("&Help")
        m.addAction(self.act_logs)
        m.addSeparator()
        m.addAction(self.act_about)
        m.addAction(self.act_about_qt)

        tb = QToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setAccessibleName("Main toolbar")
        tb.addAction(self.act_new)
        tb.addAction(self.act_log)
        tb.addSeparator()
        tb.addWidget(self.search)
        self.addToolBar(tb)

    # -- state -----------------------------------------------------------------

    def _settings(self) -> QSettings:
        return QSettings(str(self.paths.ui_settings_file), QSettings.Format.IniFormat)

    def _restore_state(self) -> None:
        s = self._settings()
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = s.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = s.value("table/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def save_state(self) -> None:
        s = self._settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("table/header", self.table.horizontalHeader().saveState())
        s.sync()

    def closeEvent(self, event) -> None:
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

    # -- reactions ---------------------------------------------------------------

    def _after_reset(self) -> None:
        empty_db = self.model.all_count() == 0
        self.stack.setCurrentWidget(self.welcome if empty_db else self.splitter)
        shown = self.detail.contact_id
        row = self.model.row_of(shown) if shown is not None else -1
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._update_actions()

    def _update_status(self, count: int) -> None:
        total = self.model.all_count()
        if self.model.query.search or self.model.query.leaning_only:
            self.status_label.setText(f"{count:,} of {total:,} contacts match")
        else:
            self.status_label.setText(f"{total:,} contact{'s' if total != 1 else ''}")

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        cid = current.data(ContactIdRole) if current.isValid() else None
        if cid is None:
            return
        if cid != self.detail.contact_id:
            self.ensure_store()
            self.detail.show_contact(cid, self.clock())
            self.contactChanged.emit(cid)
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.detail.contact_id is not None
        for act in (
            self.act_edit,
            self.act_log,
            self.act_delete,
            self.act_export_one,
            self.act_compose,
        ):
            act.setEnabled(has)
        self.act_undo.setEnabled(bool(self._undo))
        self.act_undo.setText(f"&Undo {self._undo[-1][0]}" if self._undo else "&Undo")

    def _focus_first_row(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    # -- commands ------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _reload(self) -> None:
        """After a write: the list, the reminders and the view on show read the data again."""
        self.model.refresh()
        if self._reminders is not None:
            self._reminders.refresh()
        self._refresh_tab(self.tabs.currentIndex())

    def refresh(self) -> None:
        self._reload()
        if self.detail.contact_id is not None:
            self.detail.show_contact(self.detail.contact_id, self.clock())

    def select_contact(self, contact_id: int) -> None:
        """Show a contact in the detail pane and select its row when it is loaded."""
        self.ensure_store()
        self.detail.show_contact(contact_id, self.clock())
        row = self.model.row_of(contact_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:  # not loaded (or filtered out): no other row may look selected
            self.table.selectionModel().clear()
        self._update_actions()

    # -- views built on first use --------------------------------------------------------

    def _view(self, key: str, build) -> QWidget:
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = build()
            self._holders[key].layout().addWidget(view)
            view.show()  # a child added to a visible tab is otherwise shown only later
        return view

    @property
    def reminders(self):
        if self._reminders is None:
            from netcare_desktop.ui.reminder_service import ReminderService

            self._reminders = ReminderService(
                self.reader, self.clock, self._ensure_store_quietly, parent=self
            )
            self._reminders.queueChanged.connect(self._queue_changed)
            self._reminders.notify.connect(self.announce)
        return self._reminders

    @property
    def due_view(self):
        def build():
            from netcare_desktop.ui.due_view import DueView

            v = DueView(self.clock)
            v.openContact.connect(self.open_contact)
            v.currentContact.connect(self._due_current_changed)
            v.done.connect(self.reminder_done)
            v.snoozed.connect(lambda r, until: self.reminders.snooze([r.key], until))
            v.skipped.connect(self.reminder_skipped)
            v.set_queue(self._queue)
            return v

        return self._view("due", build)

    @property
    def today_view(self):
        def build():
            from netcare_desktop.ui.today_view import TodayView

            v = TodayView(self.clock)
            v.composeRequested.connect(self.compose_today)
            v.doneRequested.connect(self.today_done)
            v.snoozeRequested.connect(self.today_snooze)
            v.openContact.connect(self.open_contact)
            v.currentContact.connect(self._today_current_changed)
            return v

        return self._view("today", build)

    @property
    def groups_view(self):
        def build():
            from netcare_desktop.ui.groups_view import GroupsView

            v = GroupsView()
            v.groupSelected.connect(self._group_selected)
            v.kindChanged.connect(self._group_kind_changed)
            v.editMembership.connect(self.edit_membership)
            v.openContact.connect(self.open_contact)
            v.newGroup.connect(self.new_group)
            v.renameGroup.connect(self.rename_group)
            v.deleteGroup.connect(self.delete_group)
            v.addMember.connect(self.add_group_member)
            v.removeMember.connect(self.remove_group_member)
            return v

        return self._view("groups", build)

    @property
    def dashboard(self):
        def build():
            from netcare_desktop.ui.dashboard import Dashboard

            v = Dashboard()
            v.exportRequested.connect(self.export_dashboard)
            v.reviewRequested.connect(self.review_lapsed)
            return v

        return self._view("health", build)

    @property
    def banner(self):
        if self._banner is None:
            from netcare_desktop.ui.due_view import ReminderBanner

            self._banner = ReminderBanner()
            self._banner.showRequested.connect(self._banner_show)
            self._column.insertWidget(0, self._banner)
        return self._banner

    # -- reminders -------------------------------------------------------------------

    def _ensure_store_quietly(self) -> None:
        self.ensure_store()

    def start_reminders(self) -> None:
        """Begin checking (the app calls this once the writing side is open)."""
        self.reminders.start()

    def _queue_changed(self, queue: list) -> None:
        self._queue = queue
        if "due" in self._views:
            self.due_view.set_queue(queue)
        n = len(queue)
        self.tabs.setTabText(1, f"D&ue ({n})" if n else "D&ue")
        if self.tray is not None:
            self.tray.update_count(n)

    def _show_tab(self, index: int) -> None:
        self.bring_to_front([])
        self.stack.setCurrentWidget(self.splitter)
        self.tabs.setCurrentIndex(index)

    def _refresh_tab(self, index: int) -> None:
        """The views derived from the whole network are computed when they are looked at."""
        if index not in (2, 3, 4):
            return
        from netcare_desktop.store import groups as store_groups
        from netcare_desktop.store import health as store_health
        from netcare_desktop.store import today as store_today

        now = self.clock()
        if index == 2:
            self.today_view.set_items(store_today.today_queue(self.reader, now, self.reminders.tz))
        elif index == 3:
            self.groups_view.set_groups(store_groups.groups(self.reader, now))
        else:
            self.dashboard.show_health(
                store_health.network_health(self.reader, now, self.reminders.tz)
            )

    def _tab_changed(self, index: int) -> None:
        self._refresh_tab(index)
        if index == 2:
            item = self.today_view.current()
            if item is not None:
                self._show_in_detail(item.contact_id)
        if index == 1:
            r = self.due_view.current()
            if r is not None and r.contact_id is not None:
                self._show_in_detail(r.contact_id)

    def _today_current_changed(self, contact_id: int) -> None:
        if self.tabs.currentWidget() is self._holders["today"]:
            self._show_in_detail(contact_id)

    def show_today(self) -> None:
        self._show_tab(2)
        self.today_view.focus_list()

    def _leaning_toggled(self, on: bool) -> None:
        self.model.set_leaning_only(on)
        if on:
            self._show_tab(0)

    def compose(self, contact_id: int | None = None, template_key: str | None = None):
        """Write to a contact from a template; NetCare never sends anything itself."""
        from netcare_desktop.ui.compose import compose_for_contact

        cid = contact_id if contact_id is not None else self.detail.contact_id
        if cid is None:
            self.statusBar().showMessage("Select a contact first.", 4000)
            return None
        self.ensure_store()
        iid = compose_for_contact(
            self, self.reader, cid, self.clock, template_key=template_key, open_url=self.open_url
        )
        if iid is not None:
            self._show_written(cid, "Touch logged.")
        return iid

    def compose_today(self, item) -> None:
        from netcare_desktop.core.templates import suggested_template

        iid = self.compose(item.contact_id, suggested_template(item.suggested_kind))
        if iid is not None and any(k.startswith("follow_up:") for k in item.keys):
            from netcare_desktop.store.models import Interaction

            ids = [int(k.split(":", 1)[1]) for k in item.keys if k.startswith("follow_up:")]
            Interaction.update(follow_up_done=True).where(Interaction.id.in_(ids)).execute()
            self._reload()

    def today_done(self, item) -> None:
        from netcare_desktop.store import today as store_today

        self.ensure_store()
        store_today.done(item, self.clock())
        self._reload()
        self.statusBar().showMessage(f"Done: {item.display_name}. Touch logged.", 5000)

    def today_snooze(self, item) -> None:
        from datetime import timedelta

        from netcare_desktop.store import today as store_today

        self.ensure_store()
        store_today.snooze(item, self.clock() + timedelta(days=1))
        self._reload()
        self.statusBar().showMessage(f"{item.display_name}: not today.", 5000)

    def edit_templates(self) -> None:
        from netcare_desktop.ui.compose import edit_templates

        self.ensure_store()
        if edit_templates(self, self.reader):
            self.statusBar().showMessage("Templates saved.", 4000)

    def _group_selected(self, group_id: int) -> None:
        from netcare_desktop.store import groups as store_groups

        self.groups_view.set_members(store_groups.members(self.reader, group_id, self.clock()))

    def _group_kind_changed(self, group_id: int, kind: str) -> None:
        from netcare_desktop.store import groups as store_groups

        self.ensure_store()
        store_groups.set_kind(group_id, kind)
        self._refresh_tab(3)

    def _group_error(self, exc) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Groups", str(exc).capitalize() + ".", parent=self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def _ask_name(self, title: str, label: str, text: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, title, label, text=text)
        return name if ok else None

    def new_group(self) -> None:
        from netcare_desktop.store import groups as store_groups

        name = self._ask_name("New group", "Name of the group (a club, an employer, alumni…):")
        if name is None:
            return
        self.ensure_store()
        try:
            gid = store_groups.create_group(name)
        except store_groups.GroupError as exc:
            self._group_error(exc)
            return
        self._show_tab(3)
        self._refresh_tab(3)
        self.groups_view.select_group(gid)

    def rename_group(self, group_id: int) -> None:
        from netcare_desktop.store import groups as store_groups

        group = self.groups_view.current_group()
        name = self._ask_name("Rename group", "New name:", group.name if group else "")
        if name is None:
            return
        self.ensure_store()
        try:
            store_groups.rename_group(group_id, name)
        except store_groups.GroupError as exc:
            self._group_error(exc)
            return
        self._refresh_tab(3)

    def delete_group(self, group_id: int) -> None:
        from netcare_desktop.store import groups as store_groups

        group = self.groups_view.current_group()
        if group is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Delete group")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            f"Delete the group {group.name}? Its {group.members} member(s) stay in NetCare;"
            " only their membership of this group goes."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        self.ensure_store()
        store_groups.delete_group(group_id)
        self._refresh_tab(3)
        self.statusBar().showMessage(f"Deleted the group {group.name}.", 5000)

    def _find_contacts(self, text: str) -> list[tuple[int, str]]:
        from netcare_desktop.store.queries import ContactQuery

        rows = ContactQuery(search=text).page(self.reader, 0, 50, self.clock())
        return [(r.id, f"{r.name} — {r.organization}" if r.organization else r.name) for r in rows]

    def add_group_member(self, group_id: int) -> None:
        from netcare_desktop.store import groups as store_groups
        from netcare_desktop.ui.groups_view import ContactPicker

        group = self.groups_view.current_group()
        picker = ContactPicker(
            self._find_contacts, f"Add to {group.name if group else 'the group'}", self
        )
        if picker.exec() != QDialog.DialogCode.Accepted or picker.chosen() is None:
            return
        self.ensure_store()
        if not store_groups.add_member(group_id, picker.chosen()):
            self.statusBar().showMessage("Already a member.", 4000)
        self._refresh_tab(3)

    def remove_group_member(self, group_id: int, member) -> None:
        from netcare_desktop.store import groups as store_groups

        self.ensure_store()
        store_groups.remove_member(group_id, member.contact_id)
        self._refresh_tab(3)
        if self.detail.contact_id == member.contact_id:
            self.detail.show_contact(member.contact_id, self.clock())

    def edit_membership(self, group_id: int, member) -> None:
        from netcare_desktop.store import groups as store_groups
        from netcare_desktop.ui.groups_view import MembershipDialog

        group = self.groups_view.current_group()
        dialog = MembershipDialog(member, group.name if group else "", self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.ensure_store()
        store_groups.set_membership(member.contact_id, group_id, *dialog.values())
        self._group_selected(group_id)
        if self.detail.contact_id == member.contact_id:
            self.detail.show_contact(member.contact_id, self.clock())

    def review_lapsed(self) -> None:
        from netcare_desktop.store import review
        from netcare_desktop.ui.review import ReviewDialog

        self.ensure_store()
        items = review.lapsed_contacts(self.reader, self.clock())
        if not items:
            inform(self, "Review", "Nobody has lapsed. Well kept!")
            return

        def decide(item, choice: str) -> None:
            now = self.clock()
            if choice == "lighter":
                review.move_to_circle(item.contact_id, item.lighter_id, now)
            elif choice == "archive":
                review.archive(item.contact_id, now)

        dialog = ReviewDialog(items, decide, self.clock(), self)
        dialog.exec()
        self._reload()
        moved = sum(1 for _c, ch in dialog.decisions if ch != "keep")
        self.statusBar().showMessage(
            f"Reviewed {len(dialog.decisions)}; {moved} moved or archived.", 6000
        )

    def export_dashboard(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getSaveFileName(
            self, "Export the dashboard", "netcare-health.png", "PNG images (*.png)"
        )
        if not path:
            return
        if self.dashboard.export_png(path):
            self.statusBar().showMessage(f"Saved {path}", 5000)
        else:
            warn(self, "Export", f"Could not write {path}.")

    def _due_current_changed(self, contact_id: int) -> None:
        # Only while the Due view is what the person looks at: a queue refreshed in the
        # background must not replace the contact chosen in the table.
        if self.tabs.currentWidget() is self._holders["due"]:
            self._show_in_detail(contact_id)

    def _show_in_detail(self, contact_id: int) -> None:
        self.ensure_store()
        if contact_id != self.detail.contact_id:
            self.detail.show_contact(contact_id, self.clock())
            self.contactChanged.emit(contact_id)
        self._update_actions()

    def show_due(self) -> None:
        self.bring_to_front([])
        self.stack.setCurrentWidget(self.splitter)
        self.tabs.setCurrentIndex(1)
        self.due_view.focus_queue()

    def open_contact(self, contact_id: int) -> None:
        """Show a contact (from the Due view, the tray or a notification)."""
        self.bring_to_front([])
        self.stack.setCurrentWidget(self.splitter)
        self.tabs.setCurrentIndex(0)
        if self.search.text():
            row = self.model.row_of(contact_id)
            if row < 0:
                self.search.clear()
        self.select_contact(contact_id)
        # Focus the table only on the contact's own row: a table without a current row
        # would make its first row current, and show someone else.
        if self.model.row_of(contact_id) >= 0:
            self.table.setFocus()
        else:
            self.detail.setFocus()

    def reminder_done(self, reminder) -> None:
        from netcare_desktop.store import reminders as store_reminders

        self.ensure_store()
        store_reminders.done(reminder, self.clock())
        self._reload()
        if reminder.contact_id is not None and reminder.contact_id == self.detail.contact_id:
            self.detail.show_contact(reminder.contact_id, self.clock())
        who = "your status" if reminder.contact_id is None else reminder.display_name
        self.statusBar().showMessage(f"Done: {who}. The clock starts again.", 5000)

    def reminder_skipped(self, reminder) -> None:
        from netcare_desktop.store import reminders as store_reminders

        self.ensure_store()
        store_reminders.skip(reminder, self.clock())
        self.reminders.refresh()
        self.statusBar().showMessage(f"Skipped {reminder.display_name} for this period.", 5000)

    def announce(self, note) -> None:
        """A notification: through the tray where there is one, else in the window."""
        if self.tray is not None and self.tray.icon.isVisible():
            self.tray.notify(note)
        else:
            self.banner.announce(note.title, note.body, note.contact_id)

    def _banner_show(self, contact_id) -> None:
        if contact_id is None:
            self.show_due()
        else:
            self.open_contact(contact_id)

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

    def show_preferences(self) -> None:
        from netcare_desktop.platform import autostart
        from netcare_desktop.store import reminders as store_reminders
        from netcare_desktop.ui.preferences import PreferencesDialog

        self.ensure_store()
        prefs = store_reminders.read_preferences(self.reader)
        circles = [(c.id, c.name, c.cadence_days) for c in contacts.circles()]
        dialog = PreferencesDialog(prefs, circles, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = dialog.preferences()
        if chosen.autostart != prefs.autostart or chosen.autostart != autostart.is_enabled():
            try:
                autostart.set_enabled(chosen.autostart)
            except OSError as exc:
                warn(self, "Start at login", f"Could not change the login item: {exc}")
                chosen = replace(chosen, autostart=autostart.is_enabled())
        store_reminders.save_preferences(chosen)
        old = {cid: days for cid, _name, days in circles}
        for cid, days in dialog.circle_cadences().items():
            if old.get(cid) != days:
                store_reminders.set_circle_cadence(cid, days)
        self._reload()
        if self.detail.contact_id is not None:
            self.detail.show_contact(self.detail.contact_id, self.clock())
        self.statusBar().showMessage("Preferences saved.", 4000)

    def _editor(self, data=None):
        from netcare_desktop.ui.dialogs import ContactEditor  # loaded on first use: faster start

        circles = [(c.id, c.name, c.cadence_days) for c in contacts.circles()]
        return ContactEditor(circles, contacts.group_names(), data, self)

    def _show_written(self, contact_id: int, message: str) -> None:
        """After a write: re-read the list, show the contact, say what happened."""
        self._reload()
        self.select_contact(contact_id)
        self.statusBar().showMessage(message, 4000)

    def new_contact(self) -> None:
        self.ensure_store()
        dialog = self._editor()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        data = dialog.result_input()
        cid = save(self, lambda: contacts.create_contact(data, self.clock()), "The new contact")
        if cid is not None:
            self._show_written(cid, "Contact added.")

    def edit_contact(self) -> None:
        self.ensure_store()
        cid = self.detail.contact_id
        if cid is None:
            return
        dialog = self._editor(contacts.load_input(cid))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        data = dialog.result_input()
        if save(self, lambda: contacts.update_contact(cid, data, self.clock()) or True, "The edit"):
            self._show_written(cid, "Contact saved.")

    def log_interaction(self) -> None:
        self.ensure_store()
        cid = self.detail.contact_id
        if cid is None:
            self.statusBar().showMessage("Select a contact first.", 4000)
            return
        from netcare_desktop.ui.dialogs import LogInteractionDialog

        now = self.clock()
        dialog = LogInteractionDialog(self.detail.name.text(), to_local(now), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        if save(
            self, lambda: contacts.log_interaction(cid, now=self.clock(), **values), "The touch"
        ):
            self._show_written(cid, "Interaction logged.")

    def delete_contact(self) -> None:
        self.ensure_store()
        cid = self.detail.contact_id
        if cid is None:
            return
        name = self.detail.name.text()
        touches = self.detail.timeline_model.entry_count()
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Delete contact")
        box.setTextFormat(Qt.TextFormat.PlainText)
        extra = f" and {touches} logged interaction{'s' if touches != 1 else ''}" if touches else ""
        box.setText(f"Delete {name}{extra}?\n\nYou can undo this with Ctrl+Z.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        row = self.table.currentIndex().row()
        snapshots = contacts.delete_contacts([cid])
        self._undo.append((f"Delete of {name}", snapshots))
        self.detail.clear()
        self._reload()
        if self.model.rowCount():
            self.table.selectRow(min(max(row, 0), self.model.rowCount() - 1))
        self._update_actions()
        self.statusBar().showMessage(f"Deleted {name}. Ctrl+Z brings it back.", 8000)

    def undo(self) -> None:
        self.ensure_store()
        if not self._undo:
            return
        label, snapshots = self._undo.pop()
        ids = contacts.restore_contacts(snapshots)
        self._reload()
        if ids:
            self.select_contact(ids[0])
        self._update_actions()
        self.statusBar().showMessage(f"Undid {label[0].lower()}{label[1:]}.", 4000)

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.log_dir)))

    def show_backups(self) -> None:
        from netcare_desktop.ui.backups import BackupsDialog

        self.ensure_store()
        BackupsDialog(self).exec()

    def _run_store_job(self, job, done_message: str, on_done=None) -> None:
        """Backups and restores take seconds on a big file: a worker, the window stays live."""
        from netcare_desktop.ui.worker import run_in_thread

        self.statusBar().showMessage("Working…")

        def done(result) -> None:
            self.statusBar().showMessage(done_message.format(result=result), 8000)
            if on_done is not None:
                on_done()

        def failed(message: str) -> None:
            self.statusBar().clearMessage()
            box = QMessageBox(QMessageBox.Icon.Warning, "Backups", message, parent=self)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.exec()

        self._store_job = run_in_thread(self, lambda _p, _c: job(), done, failed, lambda: None)

    def backup_now(self, on_done=None) -> None:
        from netcare_desktop.store import backup
        from netcare_desktop.store import reminders as store_reminders

        prefs = store_reminders.read_preferences(self.reader)
        paths, now = self.paths, self.clock()

        def job():
            import sqlite3

            conn = sqlite3.connect(paths.database, timeout=10)
            try:
                return backup.take_backup(
                    conn, paths.backups_dir, now, "manual", prefs.backup_days, prefs.backup_weeks
                )
            finally:
                conn.close()

        self._run_store_job(job, "Backed up to {result} (verified).", on_done)

    def restore_backup(self, path, on_done=None) -> None:
        from netcare_desktop.store import backup

        paths, now = self.paths, self.clock()

        def job():
            import sqlite3

            conn = sqlite3.connect(paths.database, timeout=10)
            try:
                return backup.restore(conn, path, paths.backups_dir, now)
            finally:
                conn.close()

        def restored() -> None:
            self._undo.clear()
            self.detail.clear()
            self._reload()
            if on_done is not None:
                on_done()

        self._run_store_job(job, "Restored. What was there before is kept in {result}.", restored)

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.data_dir)))

    def about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("About NetCare")
        box.setIconPixmap(app_icon((64, 128)).pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            f"NetCare {__version__}\n\n"
            "Keeps your career network healthy: remembers who matters, when you last gave them "
            "attention, and reminds you when a relationship needs care.\n\n"
            f"Your data stays on this computer:\n{self.paths.database}"
        )
        box.exec()

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

    # -- drag and drop -------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if _droppable(event.mimeData()):
            event.setDropAction(
                Qt.DropAction.CopyAction
            )  # never move: the files stay where they are
            event.accept()
            self.drop_overlay.setGeometry(self.rect())
            self.drop_overlay.raise_()
            self.drop_overlay.show()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if _droppable(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:  # noqa: N802
        self.drop_overlay.hide()
        super().dragLeaveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        self.drop_overlay.hide()
        paths = _droppable(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        # Outside the drop handler: the drag source is waiting for it to return.
        QTimer.singleShot(0, lambda: self.filesDropped.emit(paths))

    # -- import and export -------------------------------------------------------------------

    def choose_import(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Import contacts",
            str(Path.home()),
            "Contact files (*.vcf *.vcard *.csv *.json);;vCard (*.vcf *.vcard);;CSV (*.csv);;NetCare JSON (*.json)",
        )
        if files:
            self.importer.start(files)

    def after_import(self, result) -> None:
        self._reload()
        self._update_actions()
        if self.detail.contact_id is not None:
            self.detail.show_contact(self.detail.contact_id, self.clock())
        self.statusBar().showMessage(
            f"Imported: {result.created} new, {result.merged} merged, {result.unchanged} unchanged"
            + (
                f", {result.possible_duplicates} possible duplicate(s)"
                if result.possible_duplicates
                else ""
            )
            + ". Edit → Undo Last Import takes it back.",
            15000,
        )

    def undo_last_import(self) -> None:
        self.ensure_store()
        from netcare_desktop.interop import importer

        batch = next((b for b in importer.batches(20) if not b.undone), None)
        if batch is None:
            self.statusBar().showMessage("No import to undo.", 5000)
            return
        self._undo_batch(batch)

    def _undo_batch(self, batch) -> None:
        """Ask, showing what goes and what stays; contacts touched since stay unless chosen."""
        from netcare_desktop.interop import importer

        try:
            plan = importer.preview_undo(batch.id)
        except (LookupError, ValueError) as exc:
            self.statusBar().showMessage(f"Cannot undo: {exc.args[0]}.", 8000)
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Undo import")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            f"Undo the import of {batch.created_at:%Y-%m-%d %H:%M} ({batch.source})?\n\n"
            + "\n".join(plan.lines(names=8))
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        delete_too = None
        if plan.touched:
            box.button(QMessageBox.StandardButton.Yes).setText("Undo, &Keep Them")
            delete_too = box.addButton(
                "Undo and &Delete Them Too", QMessageBox.ButtonRole.DestructiveRole
            )
            box.setInformativeText(
                f"{len(plan.touched)} contact(s) this import created were touched or edited "
                "since. Keep them, or delete them with the rest?"
            )
        box.exec()
        clicked = box.clickedButton()
        if clicked is None or (
            clicked is not delete_too and clicked is not box.button(QMessageBox.StandardButton.Yes)
        ):
            return
        try:
            done = importer.undo(batch.id, delete_touched=clicked is delete_too)
        except (LookupError, ValueError) as exc:
            self.statusBar().showMessage(f"Cannot undo: {exc.args[0]}.", 8000)
            return
        if self.detail.contact_id is not None:
            self.detail.clear()
        self._reload()
        self._update_actions()
        kept = len(done.kept_contacts)
        self.statusBar().showMessage(
            f"Import undone: {done.deleted} removed, {len(done.changed)} restored"
            + (f", {kept} kept (touched since the import)." if kept else "."),
            8000,
        )

    def show_import_history(self) -> None:
        self.ensure_store()
        from PySide6.QtWidgets import (
            QDialog,
            QDialogButtonBox,
            QListWidget,
            QListWidgetItem,
            QVBoxLayout,
        )

        from netcare_desktop.interop import importer

        dialog = QDialog(self)
        dialog.setWindowTitle("Import history")
        dialog.resize(620, 360)
        listing = QListWidget()
        listing.setAccessibleName("Past imports")
        for b in importer.batches(100):
            s = b.summary or {}
            text = (
                f"{b.created_at:%Y-%m-%d %H:%M}  {s.get('created', 0)} new, {s.get('merged', 0)} merged"
                f"  {b.source}" + ("  (undone)" if b.undone else "")
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, b.id)
            if b.undone:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            listing.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        undo = buttons.addButton("&Undo This Import", QDialogButtonBox.ButtonRole.ActionRole)
        undo.setEnabled(False)
        listing.currentItemChanged.connect(
            lambda cur, _prev: undo.setEnabled(
                cur is not None and bool(cur.flags() & Qt.ItemFlag.ItemIsEnabled)
            )
        )

        def do_undo() -> None:
            item = listing.currentItem()
            batch = next(
                (b for b in importer.batches(100) if b.id == item.data(Qt.ItemDataRole.UserRole)),
                None,
            )
            if batch is not None:
                dialog.accept()
                self._undo_batch(batch)

        undo.clicked.connect(do_undo)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(listing)
        layout.addWidget(buttons)
        dialog.exec()

    def choose_export(self, contact_id: int | None) -> None:
        from PySide6.QtWidgets import QFileDialog

        filters = {
            "vCard 4.0 (*.vcf)": "vcf",
            "vCard 3.0 (*.vcf)": "vcf3",
            "CSV, Google Contacts columns (*.csv)": "csv",
            "NetCare JSON, everything (*.json)": "json",
        }
        name = "netcare-contacts.vcf"
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export contacts", str(Path.home() / name), ";;".join(filters)
        )
        if not path:
            return
        fmt = filters.get(chosen, "vcf")
        self.export_to(path, fmt, None if contact_id is None else [contact_id])

    def export_to(self, path: str, fmt: str, ids: list[int] | None):
        """Write the export in a worker thread; the file appears whole or not at all."""
        self.ensure_store()
        from netcare_desktop.ui.worker import run_in_thread

        now = self.clock()
        problems: list[str] = []

        def job(_progress, _cancelled):
            import os
            import tempfile

            from netcare_desktop.interop.exporter import export

            target = Path(path)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".netcare-export-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                    count = export(fmt, out, now, ids, problems=problems)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            return count

        def done(count) -> None:
            self.statusBar().showMessage(f"Exported {count} contact(s) to {path}.", 10000)
            if problems:  # a value the format cannot hold is never dropped silently
                QTimer.singleShot(
                    0,
                    lambda: warn(
                        self,
                        "Exported, with values left out",
                        f"Exported {count} contact(s) to {path}. The format cannot hold these"
                        " values, so they were left out (they stay in NetCare; a JSON export"
                        " keeps them):\n\n"
                        + "\n".join(problems[:20])
                        + (f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""),
                    ),
                )

        def failed(message: str) -> None:
            warn(self, "Export failed", f"Could not write {path}:\n{message}")

        return run_in_thread(self, job, done, failed, lambda: None)


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
