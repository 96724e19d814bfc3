"""Layers point one way: core, store and interop never import Qt; core imports nothing of ours."""

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "netcare_desktop"


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


@pytest.mark.parametrize("layer", ["core", "store", "interop"])
def test_no_qt_below_the_ui(layer):
    offenders = [
        f"{p.relative_to(PKG)}: {m}"
        for p in (PKG / layer).rglob("*.py")
        for m in _imports(p)
        if m.split(".")[0] in ("PySide6", "shiboken6")
    ]
    assert offenders == []


def test_core_imports_nothing_of_ours_but_core():
    offenders = [
        f"{p.name}: {m}"
        for p in (PKG / "core").rglob("*.py")
        for m in _imports(p)
        if m.startswith("netcare_desktop") and not m.startswith("netcare_desktop.core")
    ]
    assert offenders == []


def test_store_does_not_reach_up():
    offenders = [
        f"{p.name}: {m}"
        for p in (PKG / "store").rglob("*.py")
        for m in _imports(p)
        if m.startswith(("netcare_desktop.ui", "netcare_desktop.interop", "netcare_desktop.app"))
    ]
    assert offenders == []


def test_core_never_reads_the_clock():
    for p in (PKG / "core").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert ".now(" not in text and "utcnow" not in text and "time.time" not in text, p.name
