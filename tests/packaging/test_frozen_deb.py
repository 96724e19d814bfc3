"""Smoke tests of the built .deb (make package-test): unpacked with dpkg -x, run for real.

Deselected from `make test` (marker `packaging`); `make package-test` builds the bundle
and the .deb first and then runs these.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from pkg_helpers import ROOT, require_tool

from netcare_desktop import __version__

pytestmark = pytest.mark.packaging
DEB = ROOT / "dist" / f"netcare_{__version__}_amd64.deb"


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    if not DEB.exists():
        pytest.fail(f"{DEB} is missing: run `make package` first")
    root = tmp_path_factory.mktemp("deb") / "root"
    subprocess.run(["dpkg-deb", "-x", str(DEB), str(root)], check=True)
    return root


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NETCARE_DATA_DIR", "PYTHONPATH")}
    env.update(extra)
    return env


def _run(unpacked: Path, *args, timeout=60, **env):
    exe = unpacked / "opt" / "netcare" / "netcare"
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, env=_env(**env), timeout=timeout
    )


def test_version(unpacked):
    r = _run(unpacked, "--version")
    assert r.returncode == 0 and r.stdout.strip() == f"NetCare {__version__}"


def test_self_test_offscreen(unpacked):
    r = _run(unpacked, "--self-test", QT_QPA_PLATFORM="offscreen")
    assert r.returncode == 0, r.stderr
    assert "self-test ok (platform offscreen;" in r.stdout


def test_self_test_on_a_real_x_server(unpacked, xserver):
    r = _run(unpacked, "--self-test", DISPLAY=xserver, QT_QPA_PLATFORM="xcb")
    assert r.returncode == 0, r.stderr
    assert "self-test ok (platform xcb;" in r.stdout


def test_cli_subcommands_on_a_temporary_data_dir(unpacked, tmp_path):
    data = str(tmp_path / "data")
    r = _run(unpacked, "--data-dir", data, "contacts", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == []
    assert (tmp_path / "data" / "netcare.db").exists()
    r = _run(unpacked, "--data-dir", data, "log", "Nobody", "--kind", "call")
    assert r.returncode == 1
    assert r.stderr.strip() == "netcare: no contact matches 'Nobody'"


def test_the_frozen_app_reads_a_database_the_venv_wrote(unpacked, tmp_path):
    """Same schema, same FTS5: a file moves between a dev run and the installed app."""
    from datetime import datetime

    from netcare_desktop.store.contacts import ContactInput, create_contact
    from netcare_desktop.store.database import close_store, open_store

    data = tmp_path / "data"
    db = open_store(data / "netcare.db", data / "backups", datetime(2026, 11, 25))
    create_contact(
        ContactInput(given_name="Grace", family_name="Hopper", emails=[("", "grace@navy.example")]),
        datetime(2026, 11, 25),
    )
    close_store(db)
    r = _run(unpacked, "--data-dir", str(data), "contacts", "--search", "navy", "--json")
    assert r.returncode == 0, r.stderr
    assert [c["name"] for c in json.loads(r.stdout)] == ["Grace Hopper"]
    r = _run(unpacked, "--data-dir", str(data), "log", "grace@navy.example", "--kind", "check-in")
    assert r.returncode == 0, r.stderr


def test_desktop_integration_files(unpacked):
    tool = require_tool("desktop-file-validate")
    entry = unpacked / "usr" / "share" / "applications" / "netcare.desktop"
    assert subprocess.run([tool, str(entry)], capture_output=True).returncode == 0
    link = unpacked / "usr" / "bin" / "netcare"
    assert link.is_symlink() and os.readlink(link) == "/opt/netcare/netcare"
    icons = unpacked / "usr" / "share" / "icons" / "hicolor"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (icons / f"{size}x{size}" / "apps" / "netcare.png").exists()
    assert (icons / "scalable" / "apps" / "netcare.svg").exists()


def test_control_file_names_what_the_bundle_does_not_carry():
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(DEB)], capture_output=True, text=True, check=True
    ).stdout
    depends = next(line for line in fields.splitlines() if line.startswith("Depends:"))
    for pkg in (
        "libgl1",
        "libegl1",
        "libxcb1",
        "libfontconfig1",
        "fonts-dejavu-core",
        "libwayland-client0",
    ):
        assert pkg in depends
    # The glibc floor is read from the binaries; PySide6's wheels need at least 2.34.
    floor = depends.split("libc6 (>= ")[1].split(")")[0]
    assert tuple(map(int, floor.split("."))) >= (2, 34)
    assert f"Version: {__version__}" in fields


def test_every_bundled_library_resolves(unpacked):
    """What PyInstaller could not find, or what the spec leaves to the system, must be there."""
    internal = unpacked / "opt" / "netcare" / "_internal"
    qt_lib = internal / "PySide6" / "Qt" / "lib"
    env = _env(LD_LIBRARY_PATH=f"{internal}:{qt_lib}")
    missing = []
    for path in internal.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        missing += [
            f"{path.name}: {line.strip()}" for line in out.splitlines() if "not found" in line
        ]
    assert missing == []


def test_the_bundle_is_slim(unpacked):
    bundle = unpacked / "opt" / "netcare"
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    names = {p.name for p in files}
    assert not [p for p in files if p.suffix == ".qm"], "Qt translations are not shipped"
    for unwanted in (
        "libqgtk3.so",
        "libqpdf.so",
        "libQt6Qml.so.6",
        "libQt6Quick.so.6",
        "libqopensslbackend.so",
    ):
        assert unwanted not in names
    plugins = {
        p.name
        for p in (bundle / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms").iterdir()
    }
    assert plugins == {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"}
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    assert size_mb <= 110, f"bundle grew to {size_mb:.0f} MB"
    assert DEB.stat().st_size / 1e6 <= 35


def test_the_frozen_app_imports_and_exports(unpacked, tmp_path):
    """Catches a missing hidden import (phonenumbers metadata, rapidfuzz, the CSV readers)."""
    data = str(tmp_path / "data")
    card = tmp_path / "ada.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Lovel=C3=A1ce;Ada\r\n"
        b"TEL;CELL:+44 20 7946 0958\r\nEND:VCARD\r\n"
    )
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Grace,Hopper,https://www.linkedin.com/in/gracehopper,grace@navy.example,US Navy,"
        "Rear Admiral,09 Oct 2024\n"
    )
    r = _run(unpacked, "--data-dir", data, "import", str(card), str(csv), "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert (report["created"], report["merged"]) == (2, 0)
    r = _run(unpacked, "--data-dir", data, "export", "--format", "json")
    doc = json.loads(r.stdout)
    names = sorted(c["display_name"] for c in doc["contacts"])
    assert names == ["Ada Loveláce", "Grace Hopper"]
    phones = [p for c in doc["contacts"] for p in c["phones"]]
    assert phones[0]["e164"] == "+442079460958"


def test_the_frozen_app_reads_a_big_file_in_a_second_process(unpacked, tmp_path):
    """A file of 1 MB or more is read by a forked process (interop.stream): it must work in
    the bundle too (had it failed, the command would have said so and read it itself)."""
    big = tmp_path / "big.vcf"
    with big.open("w", encoding="utf-8", newline="") as f:
        for i in range(6000):
            f.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nN:{i};Person;;;\r\n"
                f"EMAIL:person{i}@example.net\r\nNOTE:Met at the conference in Lisbon, "
                f"talked about open source and book clubs.\r\nEND:VCARD\r\n"
            )
    assert big.stat().st_size > 1_000_000
    data = str(tmp_path / "data")
    r = _run(unpacked, "--data-dir", data, "import", str(big), "--json")
    assert r.returncode == 0, r.stderr
    assert "reading in this process instead" not in r.stderr
    assert json.loads(r.stdout)["created"] == 6000
    again = json.loads(_run(unpacked, "--data-dir", data, "import", str(big), "--json").stdout)
    assert (again["created"], again["unchanged"]) == (0, 6000)
