"""One way to run a job off the GUI thread, with progress and cancel, for every feature.

``run_in_thread(parent, job, on_done, on_failed, on_cancelled, progress)`` runs
``job(progress, cancelled)`` on a new QThread: ``progress(done, total)`` reports,
``cancelled()`` says whether the person asked to stop (a job raises ``Cancelled``,
or the importer's ``ImportCancelled``, to stop).  The callbacks run on the GUI thread.
Imports, exports, backups and restores all go through here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal


class Cancelled(Exception):
    """Raised by a job that saw ``cancelled()`` turn true."""


class Worker(QObject):
    """Runs one job (a callable taking progress and cancelled) on its own thread."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job: Callable):
        super().__init__()
        self._job = job
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def run(self) -> None:
        import gc

        from netcare_desktop.interop.importer import ImportCancelled
        from netcare_desktop.store.models import db

        # A full collection over the records being built would hold the GIL (and so
        # freeze the window) for a long moment; collect once at the end instead.
        gc.disable()
        try:
            result = self._job(
                lambda done, total: self.progress.emit(done, total), lambda: self._cancel
            )
        except (Cancelled, ImportCancelled):
            self.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - reported to the person, logged
            import logging

            logging.getLogger(__name__).exception("background job failed")
            self.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.done.emit(result)
        finally:
            # Collecting now, over everything the job built, would hold the GIL for a long
            # moment: the records are freed by reference counting anyway.
            gc.freeze()
            gc.enable()
            if not db.is_closed():
                db.close()  # this thread's connection


class _Relay(QObject):
    """Lives in the GUI thread: the worker's signals reach the callbacks here, queued."""

    def __init__(self, parent: QObject, on_done, on_failed, on_cancelled, progress):
        super().__init__(parent)
        self._callbacks = (on_done, on_failed, on_cancelled, progress)

    def done(self, result) -> None:
        self._callbacks[0](result)

    def failed(self, message: str) -> None:
        self._callbacks[1](message)

    def cancelled(self) -> None:
        self._callbacks[2]()

    def progress(self, done: int, total: int) -> None:
        if self._callbacks[3] is not None:
            self._callbacks[3](done, total)


_RUNNING: set[tuple] = set()  # keeps running jobs' Python objects alive until their thread ends

# While a job runs Python on its thread, the GUI thread waits for the GIL at each of its Python
# calls (event filters, data(), slots): up to the switch interval each time, 5 ms by default.
# A frame takes several, so a 10,000-card import left 70-90 ms between painted frames; with
# 1 ms it leaves about 23 ms, and the import takes as long (measured, bench/gui_import.py).
JOB_SWITCH_INTERVAL_S = 0.001
_IDLE_SWITCH_INTERVAL: list[float] = []  # the interpreter's own, while jobs run


def _job_started() -> None:
    if not _IDLE_SWITCH_INTERVAL:
        _IDLE_SWITCH_INTERVAL.append(sys.getswitchinterval())
        sys.setswitchinterval(JOB_SWITCH_INTERVAL_S)


def _job_ended() -> None:
    if not _RUNNING and _IDLE_SWITCH_INTERVAL:
        sys.setswitchinterval(_IDLE_SWITCH_INTERVAL.pop())


def run_in_thread(
    parent: QObject, job: Callable, on_done, on_failed, on_cancelled, progress=None
) -> tuple:
    """Run ``job(progress, cancelled)`` on a new QThread; the callbacks run on the GUI thread."""
    thread = QThread(parent)
    worker = Worker(job)
    worker.moveToThread(thread)
    relay = _Relay(parent, on_done, on_failed, on_cancelled, progress)
    thread.started.connect(worker.run)
    worker.done.connect(relay.done)
    worker.failed.connect(relay.failed)
    worker.cancelled.connect(relay.cancelled)
    worker.progress.connect(relay.progress)
    for signal in (worker.done, worker.failed, worker.cancelled):
        signal.connect(thread.quit)
    entry = (thread, worker, relay)
    _RUNNING.add(entry)
    _job_started()
    thread.finished.connect(lambda: (_RUNNING.discard(entry), _job_ended()))
    thread.finished.connect(worker.deleteLater)
    thread.finished.connect(relay.deleteLater)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread, worker


class _Detached(QObject):
    done = Signal(object)
    failed = Signal(str)


def run_detached(parent: QObject, job: Callable[[], object], on_done, on_failed, name: str):
    """Run ``job()`` on a daemon thread that quitting never waits for: for work that may be
    cut off harmlessly (a backup counts only once verified). Callbacks run on the GUI thread."""
    import logging
    import threading

    relay = _Detached(parent)
    relay.done.connect(on_done)  # queued: emitted by the job's thread
    relay.failed.connect(on_failed)

    def run() -> None:
        try:
            result = job()
        except Exception as exc:  # noqa: BLE001 - reported to the person, logged
            logging.getLogger(__name__).exception("%s failed", name)
            message = str(exc) or type(exc).__name__
            try:
                relay.failed.emit(message)
            except RuntimeError:  # the window is gone
                pass
            return
        try:
            relay.done.emit(result)
        except RuntimeError:
            pass

    threading.Thread(target=run, name=name, daemon=True).start()
    return relay
