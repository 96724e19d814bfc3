"""Issue 15, the window: a file that is empty or only a byte-order mark, chosen with File →
Import (the import flow's start), says "Nothing to import" (and the CSV reader's reason), and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from netcare_desktop.store import contacts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "issue15" / "csv"


@pytest.mark.parametrize("name", ["bom-only.vcf", "bom-only.csv", "empty.json"])
def test_an_empty_file_says_nothing_to_import(qtbot, window, answer_modal, name):
    seen = {}

    def read(box):
        seen["title"], seen["text"] = box.windowTitle(), box.text()
        box.accept()

    with qtbot.waitSignal(window.importer.finished, timeout=15000):
        answer_modal(
            lambda: window.importer.start([str(FIXTURES / name)]),
            read,
            want=QMessageBox,
            wait=True,
        )
    assert "Nothing to import" in seen["title"]
    assert "No contacts could be read from the file." in seen["text"]
    if name.endswith(".csv"):
        assert "the file is empty: nothing to import" in seen["text"]
    assert contacts.contact_count() == 0
