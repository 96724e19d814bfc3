"""No write is lost to a lock: another process holds the write lock, our writes wait and land.

Real processes and a real SQLite file: a holder process takes ``BEGIN IMMEDIATE`` and
keeps it, as a long import, a backup or another NetCare does.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from netcare_desktop.store import contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.store.locking import StoreBusy
from netcare_desktop.store.models import Interaction, db

NOW = datetime(2026, 11, 25, 12, 0)


def _env():
    return {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}


def hold_lock(db_path: Path, seconds: float) -> subprocess.Popen:
    """A process that holds the write lock for ``seconds``; returns once it has it."""
    code = (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(db_path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute(\"INSERT INTO setting(key, value) VALUES ('holder', '1')"
        ' ON CONFLICT(key) DO UPDATE SET value = value")\n'
        "print('locked', flush=True)\n"
        f"time.sleep({seconds})\n"
        "c.execute('COMMIT')\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=_env()
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


def _seed(app_paths) -> int:
    return contacts.create_contact(ContactInput(given_name="Dana", family_name="Scully"), NOW)


def test_a_cli_write_waits_past_the_old_ten_seconds_says_so_once_and_lands(store, app_paths):
    cid = _seed(app_paths)
    holder = hold_lock(app_paths.database, 11.5)  # longer than the old 10 s busy timeout
    cli = subprocess.run(
        [sys.executable, "-m", "netcare_desktop", "--data-dir", str(app_paths.data_dir)]
        + ["log", str(cid), "--kind", "call", "--summary", "while locked"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    holder.communicate(timeout=30)
    assert cli.returncode == 0, cli.stderr
    assert cli.stderr.count("waiting for another program") == 1, cli.stderr
    assert "Traceback" not in cli.stderr
    con = sqlite3.connect(app_paths.database)
    assert con.execute("SELECT summary FROM interaction").fetchall() == [("while locked",)]


def test_a_write_outside_an_explicit_transaction_also_waits(store, app_paths):
    cid = _seed(app_paths)
    holder = hold_lock(app_paths.database, 11.0)
    # A bare UPDATE (peewee autocommit): SQLite's implicit transaction used to give up
    # after the 10 s busy timeout with "database is locked".
    contacts.Contact.update(notes="typed while locked").where(contacts.Contact.id == cid).execute()
    holder.communicate(timeout=30)
    con = sqlite3.connect(app_paths.database)
    assert con.execute("SELECT notes FROM contact").fetchone() == ("typed while locked",)


def test_past_the_limit_a_write_gives_up_with_one_plain_sentence(store, app_paths):
    cid = _seed(app_paths)
    database = db.obj
    database.write_wait_s = 0.5  # the limit is minutes in the product
    holder = hold_lock(app_paths.database, 3)
    try:
        with pytest.raises(StoreBusy, match="another program has been writing"):
            contacts.log_interaction(cid, "call", NOW, NOW, summary="lost?")
    finally:
        del database.write_wait_s
        holder.communicate(timeout=30)
    assert Interaction.select().count() == 0  # nothing half written
    contacts.log_interaction(cid, "call", NOW, NOW, summary="after")  # and the store still works
    assert [i.summary for i in Interaction.select()] == ["after"]


def test_the_cli_gives_up_with_one_line_and_exit_1(tmp_path):
    data = tmp_path / "data"
    card = tmp_path / "ada.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n")
    subprocess.run(
        [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data), "import", str(card)],
        check=True,
        env=_env(),
        capture_output=True,
    )
    holder = hold_lock(data / "netcare.db", 4)
    code = (
        "import sys; from netcare_desktop.store import locking;"
        "locking.WRITE_WAIT_S = 0.5;"
        "import netcare_desktop.store.database as d; d.NetCareDatabase.write_wait_s = 0.5;"
        "from netcare_desktop.cli import main;"
        f"sys.exit(main(['--data-dir', {str(data)!r}, 'log', 'Ada', '--kind', 'call']))"
    )
    started = time.monotonic()
    cli = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=60
    )
    holder.communicate(timeout=30)
    assert time.monotonic() - started < 30
    assert cli.returncode == 1
    lines = [ln for ln in cli.stderr.splitlines() if ln.strip()]
    assert "Traceback" not in cli.stderr
    assert lines[-1].startswith("netcare: another program has been writing"), cli.stderr
    assert len(lines) == 2  # "waiting…" once, then why it gave up
    con = sqlite3.connect(data / "netcare.db")
    assert con.execute("SELECT count(*) FROM interaction").fetchone() == (0,)


def test_a_contact_can_be_deleted_while_a_big_import_runs(store, app_paths, tmp_path):
    """Each chunk of the import drops and re-creates its insert triggers; the first
    statement another connection prepared afterwards failed with "no such table"."""
    from netcare_desktop.interop import stream

    cards = tmp_path / "big.vcf"
    with open(cards, "w", encoding="utf-8", newline="") as f:
        for i in range(30_000):
            f.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Imported {i}\r\n"
                f"EMAIL:imported{i}@example.net\r\nEND:VCARD\r\n"
            )
    seed = tmp_path / "q.vcf"
    seed.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Q\r\nEMAIL:q@example.org\r\nEND:VCARD\r\n")
    stream.import_files([seed], NOW, region="US")
    q = contacts.resolve_contact("q@example.org").id
    imp = subprocess.Popen(
        [sys.executable, "-m", "netcare_desktop", "--data-dir", str(app_paths.data_dir)]
        + ["import", str(cards)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    con = sqlite3.connect(app_paths.database, timeout=30)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until the import has committed chunks
        if con.execute("SELECT count(*) FROM contact").fetchone()[0] > 3000:
            break
        time.sleep(0.01)
    running = imp.poll() is None
    # A second program (the window, another command) opens the store now and deletes.
    code = (
        "from datetime import datetime; from pathlib import Path;"
        "from netcare_desktop.store.database import open_store;"
        "from netcare_desktop.store.models import Contact, Email, db;"
        f"d = Path({str(app_paths.data_dir)!r});"
        "open_store(d / 'netcare.db', d / 'backups', datetime(2026, 11, 25));"
        "e = Email.get(Email.address == 'q@example.org');"
        "db.atomic().__enter__();"
        "n = Contact.delete().where(Contact.id == e.contact_id).execute();"
        "db.commit(); print(n)"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=300
    )
    assert other.returncode == 0 and other.stdout.strip() == "1", other.stderr[-500:]
    _out, err = imp.communicate(timeout=300)
    assert imp.returncode == 0, err
    assert running, "the import ended before the delete: the test did not test it"
    assert con.execute("SELECT count(*) FROM contact WHERE id = ?", (q,)).fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM contact").fetchone() == (30_000,)
