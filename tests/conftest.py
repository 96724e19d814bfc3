"""Shared fixtures: every test gets its own data dir and a real SQLite file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from netcare_desktop import paths  # noqa: E402
from netcare_desktop.store.database import close_store, open_store  # noqa: E402
from tests.samples import CORPUS, samples_root  # noqa: E402

NOW = datetime(2026, 11, 25, 12, 0, 0)  # naive UTC, as the store keeps time


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def app_paths(tmp_path, monkeypatch) -> paths.AppPaths:
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    p = paths.resolve(tmp_path / "data")
    p.ensure()
    return p


@pytest.fixture
def store(app_paths, now):
    database = open_store(app_paths.database, app_paths.backups_dir, now)
    yield database
    close_store(database)


@pytest.fixture
def reader(store, app_paths):
    """The GUI's lean read-only connection to the same file."""
    from netcare_desktop.store.reader import open_reader

    con = open_reader(app_paths.database)
    yield con
    con.close()


@pytest.fixture
def corpus_dir() -> Path:
    """The shared real-world import files; CI (NETCARE_REQUIRE_CORPUS=1) fails without them."""
    if not CORPUS.is_dir():
        if os.environ.get("NETCARE_REQUIRE_CORPUS") == "1":
            pytest.fail(f"the shared corpus is required but missing: {CORPUS}")
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture
def samples_dir() -> Path:
    """Import files for the readers' generic tests: the shared corpus when it is there, else
    our own tests/fixtures/samples (tests/samples.py). CI (NETCARE_REQUIRE_CORPUS=1) still
    requires the corpus, so there these tests run on the real files."""
    root = samples_root()
    if root != CORPUS and os.environ.get("NETCARE_REQUIRE_CORPUS") == "1":
        pytest.fail(f"the shared corpus is required but missing: {CORPUS}")
    return root


@pytest.fixture(scope="session")
def xserver():
    """A real X server (Xvfb) for tests that need the xcb platform; yields its DISPLAY."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from xvfb import xvfb, xvfb_path

    if xvfb_path() is None:
        if os.environ.get("NETCARE_REQUIRE_XSERVER") == "1":
            pytest.fail("Xvfb is required but not installed (make test installs it)")
        pytest.skip("Xvfb not installed")
    with xvfb() as display:
        yield display
