"""Helpers for the packaging tests: the repository root and the tools they need."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def require_tool(name: str) -> str:
    """The path of a packaging tool; missing fails under CI (make test installs it), else skips."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("NETCARE_REQUIRE_XSERVER") == "1":
            pytest.fail(f"{name} is required but not installed (make test installs it)")
        pytest.skip(f"{name} not installed")
    return path
