"""StoreEvents hears every writer: this process, and a real `netcare` process beside it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from netcare_desktop.store import changes, contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.models import db
from netcare_desktop.ui.store_events import StoreEvents

WAIT_MS = 30_000  # a bound for a slow machine, not a figure: the fallback timer is 10 min


class Heard:
    """Every signal a StoreEvents emitted, in order."""

    def __init__(self, events: StoreEvents):
        self.calls: list[tuple] = []
        events.contactsChanged.connect(lambda ids: self.calls.append(("contacts", ids)))
        events.interactionsChanged.connect(lambda ids: self.calls.append(("interactions", ids)))
        events.remindersChanged.connect(lambda: self.calls.append(("reminders",)))
        events.settingsChanged.connect(lambda keys: self.calls.append(("settings", keys)))


@pytest.fixture
def events(store, app_paths, qtbot):
    ev = StoreEvents(app_paths.database)
    yield ev
    ev.close()


def _netcare(data_dir, *args) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}
    cmd = [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data_dir), *args]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _settled(qtbot, events: StoreEvents) -> None:
    qtbot.waitUntil(lambda: not events.pending, timeout=WAIT_MS)


def test_a_touch_logged_by_the_cli_reaches_the_window_with_its_contact(
    events, app_paths, qtbot, now
):
    ada = contacts.create_contact(ContactInput(given_name="Ada", family_name="Lovelace"), now)
    grace = contacts.create_contact(ContactInput(given_name="Grace", family_name="Hopper"), now)
    _settled(qtbot, events)
    events.check_now()  # our own writes are behind us
    heard = Heard(events)
    with qtbot.waitSignal(events.interactionsChanged, timeout=WAIT_MS) as touched:
        cli = _netcare(app_paths.data_dir, "log", "Grace Hopper", "--kind", "call")
        out, err = cli.communicate(timeout=60)  # the GUI thread waits, the events queue up
        assert cli.returncode == 0, err
    assert touched.args == [[grace]]
    assert ("contacts", [grace]) in heard.calls  # its last touch: the table's row
    assert ("reminders",) in heard.calls
    assert all(ada not in (call[1] or []) for call in heard.calls if len(call) > 1)


def test_a_contact_added_by_another_program_while_the_event_loop_runs(events, app_paths, qtbot):
    with qtbot.waitSignal(events.contactsChanged, timeout=WAIT_MS) as added:
        other = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from datetime import datetime; from pathlib import Path;"
                "from netcare_desktop.store.database import open_store, close_store;"
                "from netcare_desktop.store.contacts import create_contact, ContactInput;"
                "d = Path(sys.argv[1]); t = datetime(2026, 11, 25);"
                "db = open_store(d / 'netcare.db', d / 'backups', t);"
                "print(create_contact(ContactInput(given_name='Marie'), t)); close_store(db)",
                str(app_paths.data_dir),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: other.poll() is not None, timeout=WAIT_MS)
    out, _err = other.communicate()
    assert other.returncode == 0
    assert added.args == [[int(out)]]


def test_a_write_in_this_process_is_announced_once(events, qtbot, now):
    heard = Heard(events)
    with qtbot.waitSignal(events.contactsChanged, timeout=WAIT_MS) as added:
        ada = contacts.create_contact(ContactInput(given_name="Ada"), now)
    assert added.args == [[ada]]
    # The watcher sees the same commit in the -wal: its look must find nothing new.
    qtbot.waitUntil(lambda: events.checks >= 2, timeout=WAIT_MS)
    _settled(qtbot, events)
    assert heard.calls == [("contacts", [ada]), ("reminders",)]


def test_many_commits_in_a_row_are_one_look(events, qtbot, now):
    heard = Heard(events)
    ids = [contacts.create_contact(ContactInput(given_name=f"P{i}"), now) for i in range(5)]
    _settled(qtbot, events)
    assert heard.calls[0] == ("contacts", ids)
    assert [c[0] for c in heard.calls].count("contacts") == 1


def test_nothing_changed_nothing_emitted(events, qtbot, now, reader):
    heard = Heard(events)
    assert events.check_now() is False
    reader.execute("SELECT count(*) FROM contact").fetchone()  # a read is not a change
    assert events.check_now() is False
    _settled(qtbot, events)
    assert heard.calls == []


def test_a_look_that_fell_behind_the_pruning_says_any(events, qtbot, now):
    heard = Heard(events)
    ada = contacts.create_contact(ContactInput(given_name="Ada"), now)
    contacts.log_interaction(ada, "call", now, now)
    with db.atomic():  # before the events object had a chance to look
        changes.prune(db.connection(), keep=1)
    with qtbot.waitSignal(events.contactsChanged, timeout=WAIT_MS) as told:
        pass
    assert told.args == [None]
    assert ("interactions", None) in heard.calls and ("settings", None) in heard.calls
    # Caught up: the next write is named again.
    with qtbot.waitSignal(events.contactsChanged, timeout=WAIT_MS) as told:
        bob = contacts.create_contact(ContactInput(given_name="Bob"), now)
    assert told.args == [[bob]]


def test_a_write_from_a_worker_thread_is_announced_on_the_gui_thread(events, qtbot, now):
    import threading

    from PySide6.QtCore import QThread

    threads = []
    events.contactsChanged.connect(lambda ids: threads.append(QThread.currentThread()))
    done = []

    def work():
        done.append(contacts.create_contact(ContactInput(given_name="Ada"), now))
        db.close()  # peewee's connection is per thread

    with qtbot.waitSignal(events.contactsChanged, timeout=WAIT_MS) as added:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
    assert added.args == [done]
    assert threads == [events.thread()]


def test_a_database_created_after_the_watch_began_is_heard(tmp_path, qtbot):
    data = tmp_path / "later"
    data.mkdir()
    events = StoreEvents(data / "netcare.db")
    heard = Heard(events)
    try:
        cli = _netcare(data, "log", "nobody", "--kind", "call")  # creates the file, fails
        qtbot.waitUntil(lambda: cli.poll() is not None, timeout=WAIT_MS)
        cli.communicate()
        other = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from datetime import datetime; from pathlib import Path;"
                "from netcare_desktop.store.database import open_store, close_store;"
                "from netcare_desktop.store.contacts import create_contact, ContactInput;"
                "d = Path(sys.argv[1]); t = datetime(2026, 11, 25);"
                "db = open_store(d / 'netcare.db', d / 'backups', t);"
                "print(create_contact(ContactInput(given_name='Marie'), t)); close_store(db)",
                str(data),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: other.poll() is not None, timeout=WAIT_MS)
        marie = int(other.communicate()[0])
        # The new file may first read as "could be any"; then Marie is named.
        qtbot.waitUntil(lambda: ("contacts", [marie]) in heard.calls, timeout=WAIT_MS)
    finally:
        events.close()
