"""The reminder service: a single-shot timer to the next due moment, and a periodic resync.

Qt timers count milliseconds in a signed 32-bit int (about 24.8 days) and do
not notice the wall clock jumping or the machine sleeping.  So the timer is
always set to the *earlier* of the next moment the queue can change
(``store.reminders.next_change``) and ``RESYNC`` from now: however far off the
next reminder is, however the clock moved, the service looks again within
ten minutes, and otherwise sleeps.  Idle, it wakes six times an hour.

Each check recomputes the queue from the database (it is derived, never
stored), announces what is newly due as one notification (one digest after
start), honours quiet hours, and records what it announced so nothing is
repeated until its snooze ends or the next day.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QObject, QTimer, Signal

from netcare_desktop.core import reminders as rules
from netcare_desktop.core.preferences import Preferences
from netcare_desktop.core.reminders import Notification, Reminder
from netcare_desktop.store import reminders as store_reminders

log = logging.getLogger(__name__)

RESYNC = timedelta(minutes=10)
MIN_WAIT = timedelta(seconds=1)
MAX_TIMER_MS = 2**31 - 1  # QTimer's limit (~24.8 days): never asked for more
CLOCK_JUMP = timedelta(minutes=2)  # wall vs monotonic drift that counts as a jump or a sleep


class ReminderService(QObject):
    queueChanged = Signal(list)  # list[Reminder], most pressing first
    notify = Signal(object)  # Notification
    scheduled = Signal(object)  # the naive-UTC moment of the next check

    def __init__(
        self,
        conn: sqlite3.Connection,
        clock: Callable[[], datetime],
        ensure_store: Callable[[], None],
        tz: tzinfo | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.conn = conn
        self.clock = clock
        self.ensure_store = ensure_store
        self.tz = tz
        self.monotonic = monotonic
        self.queue: list[Reminder] = []
        self.prefs = Preferences()
        self.next_check: datetime | None = None
        self.checks = 0
        self._announced_once = False
        self._armed_at: tuple[float, datetime] | None = None
        self._services = None  # set by follow()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(self.timer.timerType().VeryCoarseTimer)
        self.timer.timeout.connect(self.check)

    # -- public ------------------------------------------------------------------------

    def start(self) -> None:
        """First check: what came due while NetCare was closed arrives as one digest."""
        self.check()

    def stop(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        """The data changed (a touch logged, a contact edited): recompute and re-arm."""
        self.check(announce=False)

    def follow(self, services) -> None:
        """Re-read the due queue whenever the store says something changed, whoever wrote."""
        self._services = services
        services.watch(lambda _change: self.refresh())

    def snooze(self, keys: list[str], until: datetime) -> None:
        self.ensure_store()
        store_reminders.snooze(keys, until)
        if self._services is None or not self._services.changed():  # else: came with the event
            self.refresh()

    def snooze_all(self, duration: timedelta = timedelta(hours=1)) -> None:
        self.snooze([r.key for r in self.queue], self.clock() + duration)

    # -- the check -------------------------------------------------------------------------

    def check(self, announce: bool = True) -> None:
        now = self.clock()
        self._note_clock_jump(now)
        self.checks += 1
        try:
            self.prefs = store_reminders.read_preferences(self.conn)
            self.queue = store_reminders.due_queue(self.conn, now, self.tz, self.prefs)
        except sqlite3.Error as exc:  # a locked or busy file: try again at the next resync
            log.warning("reminder check failed: %s", exc)
            self._arm(now, now + RESYNC)
            return
        self.queueChanged.emit(self.queue)
        wake = store_reminders.next_change(self.conn, now, self.tz, self.prefs)
        if announce:
            held = self._announce(now)
            if held is not None:
                wake = min(wake, held)
        self._arm(now, wake)

    def _announce(self, now: datetime) -> datetime | None:
        """Announce what is newly due; returns when to try again if quiet hours held it back."""
        if not self.prefs.notifications:
            return None
        states = store_reminders.deliveries(self.conn)
        fresh = [r for r in self.queue if rules.should_notify(states.get(r.key), now, self.tz)]
        if not fresh:
            self._announced_once = True
            return None
        quiet = self.prefs.quiet_hours
        if quiet.active(now, self.tz):
            return quiet.ends(now, self.tz)
        digest = not self._announced_once and self.prefs.digest_at_start
        self._announced_once = True
        note: Notification | None = rules.plan_notification(fresh, digest, self.tz)
        if note is None:
            return None
        try:
            self.ensure_store()
            store_reminders.mark_notified(note.keys, now)
        except Exception:  # noqa: BLE001 - never lose the notification over bookkeeping
            log.exception("could not record the notification")
        log.info("notifying: %s (%d reminders)", note.title, len(note.keys))
        self.notify.emit(note)
        return None

    # -- timing ----------------------------------------------------------------------------

    def _arm(self, now: datetime, wake: datetime) -> None:
        wake = min(wake, now + RESYNC)
        wait = max(wake - now, MIN_WAIT)
        ms = min(int(wait.total_seconds() * 1000), MAX_TIMER_MS)
        self.next_check = now + timedelta(milliseconds=ms)
        self._armed_at = (self.monotonic(), now)
        self.timer.start(ms)
        self.scheduled.emit(self.next_check)

    def _note_clock_jump(self, now: datetime) -> None:
        if self._armed_at is None:
            return
        mono, wall = self._armed_at
        drift = (now - wall) - timedelta(seconds=self.monotonic() - mono)
        if abs(drift) >= CLOCK_JUMP:
            log.info("the clock moved by %s (a change or a sleep): rechecking", drift)

    def interval_ms(self) -> int:
        return self.timer.interval() if self.timer.isActive() else -1
