"""The tabs beside the contact table: Due, Today, Groups and Health, built on first use.

Each view is built the first time it is looked at (start-up paints the contact list
first).  The views derived from the whole network (Today, Groups, Health) are
computed when they are looked at and again on every change in the store while they
are shown; the Due view shows the reminder service's queue.  Choosing a row in Due
or Today, while that tab is shown, makes its contact the current one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from netcare_desktop.ui.actions import Tab
from netcare_desktop.ui.services import Change, Services

DERIVED = (Tab.TODAY, Tab.GROUPS, Tab.HEALTH)


class TabViews(QObject):
    openContact = Signal(int)

    def __init__(
        self,
        services: Services,
        tabs: QTabWidget,
        reminders: Callable[[], object],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.services = services
        self.tabs = tabs
        self._reminders = reminders  # the ReminderService, built on first use
        self._views: dict[Tab, QWidget] = {}
        self._queue: list = []
        self.holders: dict[Tab, QWidget] = {}
        self.connect_due: Callable[[object], None] = lambda _v: None
        self.connect_today: Callable[[object], None] = lambda _v: None
        self.connect_groups: Callable[[object], None] = lambda _v: None
        self.connect_dashboard: Callable[[object], None] = lambda _v: None
        for tab in Tab:
            if tab is Tab.CONTACTS:
                continue
            holder = QWidget()
            holder.setAccessibleName(tab.title.replace("&", ""))
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            self.holders[tab] = holder
            tabs.addTab(holder, tab.title)
        services.watch(self._store_changed)

    def current(self) -> Tab:
        return Tab(self.tabs.currentIndex())

    def _view(self, tab: Tab, build) -> QWidget:
        view = self._views.get(tab)
        if view is None:
            view = self._views[tab] = build()
            self.holders[tab].layout().addWidget(view)
            view.show()  # a child added to a visible tab is otherwise shown only later
        return view

    # -- the views ------------------------------------------------------------------------

    @property
    def due_view(self):
        def build():
            from netcare_desktop.ui.due_view import DueView

            v = DueView(self.services.clock)
            v.openContact.connect(self.openContact)
            v.currentContact.connect(lambda cid: self._row_chosen(Tab.DUE, cid))
            self.connect_due(v)
            v.set_queue(self._queue)
            return v

        return self._view(Tab.DUE, build)

    @property
    def today_view(self):
        def build():
            from netcare_desktop.ui.today_view import TodayView

            v = TodayView(self.services.clock)
            v.openContact.connect(self.openContact)
            v.currentContact.connect(lambda cid: self._row_chosen(Tab.TODAY, cid))
            self.connect_today(v)
            return v

        return self._view(Tab.TODAY, build)

    @property
    def groups_view(self):
        def build():
            from netcare_desktop.ui.groups_view import GroupsView

            v = GroupsView()
            v.openContact.connect(self.openContact)
            v.currentContact.connect(lambda cid: self._row_chosen(Tab.GROUPS, cid))
            self.connect_groups(v)
            return v

        return self._view(Tab.GROUPS, build)

    @property
    def dashboard(self):
        def build():
            from netcare_desktop.ui.dashboard import Dashboard

            v = Dashboard()
            self.connect_dashboard(v)
            return v

        return self._view(Tab.HEALTH, build)

    # -- keeping them current ---------------------------------------------------------------

    def set_queue(self, queue: list) -> None:
        self._queue = queue
        if Tab.DUE in self._views:
            self.due_view.set_queue(queue)
        n = len(queue)
        self.tabs.setTabText(Tab.DUE, f"D&ue ({n})" if n else Tab.DUE.title)

    def refresh(self, tab: Tab) -> None:
        """The views derived from the whole network are computed when they are looked at."""
        if tab not in DERIVED:
            return
        from netcare_desktop.store import groups as store_groups
        from netcare_desktop.store import health as store_health
        from netcare_desktop.store import today as store_today

        s = self.services
        now = s.clock()
        if tab is Tab.TODAY:
            self.today_view.set_items(store_today.today_queue(s.reader, now, self._reminders().tz))
        elif tab is Tab.GROUPS:
            self.groups_view.set_groups(store_groups.groups(s.reader, now))
        else:
            self.dashboard.show_health(
                store_health.network_health(s.reader, now, self._reminders().tz)
            )

    def _store_changed(self, _change: Change) -> None:
        self.refresh(self.current())

    def tab_changed(self, index: int) -> None:
        tab = Tab(index)
        self.refresh(tab)
        if tab is Tab.TODAY:
            item = self.today_view.current()
            if item is not None:
                self.services.current.set(item.contact_id)
        elif tab is Tab.DUE:
            r = self.due_view.current()
            if r is not None:  # a reminder about yourself has no contact: none is current
                self.services.current.set(r.contact_id)
        elif tab is Tab.GROUPS:
            m = self.groups_view.current_member()
            if m is not None:  # the highlighted member, as in Due and Today
                self.services.current.set(m.contact_id)

    def _row_chosen(self, tab: Tab, contact_id: int | None) -> None:
        # Only while that view is what the person looks at: a queue refreshed in the
        # background must not replace the contact chosen in the table.
        if self.tabs.currentWidget() is self.holders[tab]:
            self.services.current.set(contact_id)
