"""``netcare merge``, through real processes on a real data folder."""

from __future__ import annotations

import subprocess
import sys

from tests.e2e.test_cli import run


def _seed(data_dir) -> None:
    code = (
        "from datetime import datetime; from pathlib import Path;"
        "from netcare_desktop.store.database import open_store;"
        "from netcare_desktop.store.contacts import create_contact, log_interaction, ContactInput as C;"
        f"d=Path({str(data_dir)!r}); d.mkdir(parents=True, exist_ok=True);"
        "t=datetime(2026,11,1); db=open_store(d/'netcare.db', d/'backups', t);"
        "a=create_contact(C(given_name='Ada', family_name='Lovelace', title='Mathematician',"
        " emails=[('','ada@engine.example')]), t);"
        "b=create_contact(C(display_name='A. Lovelace', family_name='Lovelace', title='Countess',"
        " notes='Likes poetry', emails=[('','countess@lovelace.example')]), t);"
        "log_interaction(b, 'call', t, t); db.close()"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_dry_run_then_merge_with_a_backup(tmp_path):
    data = tmp_path / "data"
    _seed(data)
    r = run("merge", "1", "A. Lovelace", "--take", "title=other", "--dry-run", data_dir=data)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "Merging 2 (A. Lovelace) into 1 (Ada Lovelace):"
    assert "  title: Countess  (drops Mathematician)" in r.stdout
    assert "  notes: Likes poetry\n" in r.stdout  # fills what Ada lacks: nothing dropped
    assert "  name: Ada Lovelace  (drops A. Lovelace)" in r.stdout  # named, as it would go
    assert "joins: 1 email, 1 touch" in r.stdout
    assert r.stdout.rstrip().endswith("Nothing was changed (--dry-run).")
    r = run("merge", "1", "2", "--take", "title=other", data_dir=data)
    assert r.returncode == 0, r.stderr
    assert "Merged. A backup from just before is" in r.stdout
    listed = run("contacts", "--json", data_dir=data)
    assert '"A. Lovelace"' not in listed.stdout and "Ada Lovelace" in listed.stdout


def test_a_wrong_field_or_the_same_contact_is_refused(tmp_path):
    data = tmp_path / "data"
    _seed(data)
    r = run("merge", "1", "2", "--take", "shoe=other", data_dir=data)
    assert r.returncode == 1 and "no field 'shoe'" in r.stderr and "title" in r.stderr
    r = run("merge", "1", "1", data_dir=data)
    assert r.returncode == 1 and "the same contact" in r.stderr
    r = run("merge", "1", "nobody", data_dir=data)
    assert r.returncode == 1 and "nobody" in r.stderr
