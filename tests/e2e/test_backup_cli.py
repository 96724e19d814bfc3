"""`netcare backup`, `restore` and `export -o` through real processes: private from the first
byte, refused targets (one line, exit 1), undoable restores, foreign WALs, read-only disks."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

SAMPLE = 20_000


def _env():
    return {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}


def run(data_dir, *args, timeout=180):
    return subprocess.run(
        [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=timeout,
    )


def _one_line_failure(r) -> str:
    assert r.returncode == 1, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


def _seed(data_dir: Path, names: list[str]) -> None:
    code = (
        "from datetime import datetime; from pathlib import Path;"
        "from netcare_desktop.store.database import open_store, close_store;"
        "from netcare_desktop.store.contacts import create_contact, ContactInput as C;"
        f"d = Path({str(data_dir)!r}); d.mkdir(mode=0o700, parents=True, exist_ok=True);"
        "now = datetime(2026, 11, 25, 12); db = open_store(d / 'netcare.db', d / 'backups', now);"
        f"[create_contact(C(given_name=n.split()[0], family_name=n.split()[1]), now) for n in {names!r}];"
        "close_store(db)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=_env())


def _names(db_path: Path) -> list[str]:
    con = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT display_name FROM contact"))
    finally:
        con.close()


@pytest.fixture(scope="module")
def big_data(tmp_path_factory) -> Path:
    """A data dir with a 20,000-contact sample (about 20 MB): its copy takes a while."""
    data = tmp_path_factory.mktemp("big") / "data"
    code = (
        "from pathlib import Path; from datetime import datetime;"
        "from netcare_desktop.store.database import open_store, close_store;"
        "from netcare_desktop.store.sample import seed_sample;"
        f"d = Path({str(data)!r}); d.mkdir(mode=0o700, parents=True);"
        "now = datetime(2026, 11, 25, 12); db = open_store(d / 'netcare.db', d / 'backups', now);"
        f"seed_sample({SAMPLE}, now); close_store(db)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=_env())
    return data


def test_every_file_of_a_backup_o_is_private_from_the_first_time_it_is_seen(big_data, tmp_path):
    target_dir = tmp_path / "shared"
    target_dir.mkdir()
    os.chmod(target_dir, 0o755)
    seen: dict[str, set[int]] = {}
    stop = threading.Event()

    def poll() -> None:  # another local user looking into the folder, as fast as it can
        while not stop.is_set():
            try:
                entries = list(os.scandir(target_dir))
            except OSError:
                continue
            for entry in entries:
                try:
                    mode = stat.S_IMODE(os.stat(entry.path, follow_symlinks=False).st_mode)
                except FileNotFoundError:
                    continue
                seen.setdefault(entry.name, set()).add(mode)

    watcher = threading.Thread(target=poll, daemon=True)
    old = os.umask(0o022)  # a usual desktop umask: new files would be world-readable
    try:
        watcher.start()
        r = run(big_data, "backup", "-o", str(target_dir / "copy.db"))
    finally:
        os.umask(old)
        stop.set()
        watcher.join()
    assert r.returncode == 0, r.stderr
    assert "copy.db.partial" in seen, seen  # the watcher saw the copy while it was written
    assert {name: modes for name, modes in seen.items() if modes != {0o600}} == {}
    assert stat.S_IMODE((target_dir / "copy.db").stat().st_mode) == 0o600
    assert sorted(p.name for p in target_dir.iterdir()) == ["copy.db"]
    assert len(_names(target_dir / "copy.db")) == SAMPLE


@pytest.mark.parametrize("command", ["backup", "export"])
@pytest.mark.parametrize("kind", ["symlink", "fifo", "other-user", "pre-created"])
def test_an_existing_target_is_refused_with_one_line(tmp_path, command, kind):
    data = tmp_path / "data"
    _seed(data, ["Ada Lovelace"])
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "target"
    if kind == "symlink":
        target.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.write_text("pre-created")
        if kind == "other-user":
            os.chown(target, 65534, 65534)
    args = ["backup", "-o", str(target)]
    if command == "export":
        args = ["export", "--format", "vcf", "-o", str(target)]
    line = _one_line_failure(run(data, *args, timeout=30))  # a FIFO does not hang it
    assert str(target) in line
    assert victim.read_text() == "keep me"
    if kind in ("other-user", "pre-created"):
        assert target.read_text() == "pre-created"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "target", "victim.txt"]


def test_export_o_writes_a_private_file(tmp_path):
    data = tmp_path / "data"
    _seed(data, ["Ada Lovelace"])
    old = os.umask(0o022)
    try:
        r = run(data, "export", "--format", "csv", "-o", str(tmp_path / "out.csv"))
    finally:
        os.umask(old)
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o600
    assert "Ada" in (tmp_path / "out.csv").read_text()


def test_a_restore_is_undone_from_the_command_line(tmp_path):
    data = tmp_path / "data"
    _seed(data, ["Ada Lovelace"])
    assert run(data, "backup").returncode == 0
    (saved,) = (data / "backups").iterdir()
    _seed(data, ["Alan Turing"])
    r = run(data, "restore", saved.name)
    assert r.returncode == 0 and "restore --undo" in r.stdout, r.stderr
    assert _names(data / "netcare.db") == ["Ada Lovelace"]
    r = run(data, "restore", "--undo")
    assert r.returncode == 0 and "Undid the last restore" in r.stdout, r.stderr
    assert _names(data / "netcare.db") == ["Ada Lovelace", "Alan Turing"]


def test_restoring_another_programs_database_is_refused_with_one_line(tmp_path):
    data = tmp_path / "data"
    _seed(data, ["Ada Lovelace"])
    other = tmp_path / "crm.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO contact (name) VALUES ('Not Ours')")
    con.commit()
    con.close()
    line = _one_line_failure(run(data, "restore", str(other)))
    assert "not a sound NetCare database" in line
    assert _names(data / "netcare.db") == ["Ada Lovelace"]
    assert not (data / "backups").exists() or not list((data / "backups").iterdir())


def test_a_foreign_wal_makes_the_cli_refuse_the_database_as_damaged(tmp_path):
    data = tmp_path / "data"
    _seed(data, ["Ada Lovelace"])
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, display_name TEXT)")
    con.executemany("INSERT INTO contact (display_name) VALUES (?)", [("Mallory",)] * 50)
    con.commit()
    shutil.copy(f"{other}-wal", data / "netcare.db-wal")
    con.close()
    before = (data / "netcare.db").read_bytes()
    line = _one_line_failure(run(data, "contacts"))
    assert "damaged" in line
    assert (data / "netcare.db").read_bytes() == before


@pytest.fixture
def read_only_data(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small disk here: {made.stderr.decode().strip()}")
    try:
        data = mount / "data"
        _seed(data, ["Ada Lovelace", "Grace Hopper"])
        assert run(data, "contacts").returncode == 0  # used once: its folders exist
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield data
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_read_only_data_folder_still_reads_exports_and_backs_up_elsewhere(
    read_only_data, tmp_path
):
    r = run(read_only_data, "contacts")
    assert r.returncode == 0 and "Ada Lovelace" in r.stdout, r.stderr
    r = run(read_only_data, "export", "--format", "vcf", "-o", str(tmp_path / "all.vcf"))
    assert r.returncode == 0, r.stderr
    assert "Grace" in (tmp_path / "all.vcf").read_text()
    r = run(read_only_data, "backup", "-o", str(tmp_path / "copy.db"))
    assert r.returncode == 0, r.stderr
    assert _names(tmp_path / "copy.db") == ["Ada Lovelace", "Grace Hopper"]
    line = _one_line_failure(run(read_only_data, "backup"))  # into the read-only folder
    assert "read-only" in line and "not a NetCare database" not in line
