"""The detail pane shows every type of a phone and address, and the preferred ones first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from netcare_desktop.interop import importer
from netcare_desktop.ui.widgets import PlainLabel

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "issue15" / "types" / "types-3.0.vcf"


def test_the_pane_shows_all_types_and_the_preferred_first(qtbot, window, now):
    importer.apply_plan(importer.plan_import([importer.read_file(FIXTURE)], region="GB"), now)
    window.refresh()
    qtbot.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.table.visualRect(window.model.index(0, 0)).center(),
    )
    facts = {lab.accessibleName(): lab.text() for lab in window.detail.findChildren(PlainLabel)}
    phones = facts["Phones"].splitlines()
    assert phones[0] == "+234 803 555 0204  (mobile, preferred)"
    assert "+234 1 555 0201  (work fax)" in phones
    assert "+234 803 555 0203  (whatsapp)" in phones
    addresses = facts["Addresses"].splitlines()
    assert addresses[0] == "3 Broad Street, Lagos, 101002, Nigeria  (work, preferred)"
    assert addresses[1] == "12 Marina, Lagos, 101001, Nigeria  (home)"
