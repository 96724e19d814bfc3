"""The contact table's columns and scrollbar, and a window that fits a 1024×600 screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QStyle, QStyleOptionSlider

from netcare_desktop.store import contacts
from netcare_desktop.ui import window_state
from netcare_desktop.ui.contact_model import HEADERS, Col, ContactIdRole
from netcare_desktop.ui.main_window import MainWindow
from netcare_desktop.ui.store_events import StoreEvents

KEY_COLUMNS = (Col.NAME, Col.STATUS, Col.NEXT_DUE, Col.LAST_TOUCH)


@pytest.fixture
def win(qtbot, store, reader, app_paths, now):
    for given, family, org, circle in (
        ("Maximiliana", "Featherstonehaugh-Wolfeschlegel", "Open Source Initiative", 1),
        ("Ada", "Lovelace", "Analytical Engines", 2),
        ("Alan", "Turing", "", None),
    ):
        contacts.create_contact(
            contacts.ContactInput(
                given_name=given, family_name=family, organization=org, circle_id=circle
            ),
            now,
        )
    events = StoreEvents(app_paths.database)
    w = MainWindow(app_paths, reader, clock=lambda: now, events=events)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    events.close()


def _slider_and_groove(bar) -> tuple[QRect, QRect]:
    opt = QStyleOptionSlider()
    bar.initStyleOption(opt)
    style = bar.style()
    cc = QStyle.ComplexControl.CC_ScrollBar
    return (
        style.subControlRect(cc, opt, QStyle.SubControl.SC_ScrollBarSlider, bar),
        style.subControlRect(cc, opt, QStyle.SubControl.SC_ScrollBarGroove, bar),
    )


def test_the_most_useful_columns_come_first():
    assert HEADERS[:4] == ("Name", "Status", "Next due", "Last touch")


def test_at_1024_by_600_the_key_columns_are_whole_and_none_is_cut_off(win, qtbot):
    w = win
    w.resize(1024, 600)
    qtbot.waitUntil(lambda: w.table.viewport().width() < 700)
    t = w.table
    for col in KEY_COLUMNS:
        assert t.columnViewportPosition(col) >= 0
        assert t.columnViewportPosition(col) + t.columnWidth(col) <= t.viewport().width(), col
    for col in Col:
        if col is not Col.NAME:  # the others fit their content (and their header)
            assert t.columnWidth(col) >= t.sizeHintForColumn(col), col
            assert t.columnWidth(col) >= t.horizontalHeader().sectionSizeHint(col), col
    assert t.columnWidth(Col.NAME) >= t.fontMetrics().horizontalAdvance("M" * 13)


def test_on_a_wide_window_name_takes_the_room_and_nothing_scrolls(win, qtbot):
    w = win
    w.resize(1600, 1000)
    t = w.table
    qtbot.waitUntil(lambda: t.viewport().width() > 800)
    assert t.columnWidth(Col.NAME) >= t.sizeHintForColumn(Col.NAME)  # the long name whole
    total = sum(t.columnWidth(c) for c in Col)
    assert total == t.viewport().width()
    assert t.horizontalScrollBar().maximum() == 0


def test_the_horizontal_scrollbar_thumb_is_at_the_left_while_the_first_column_shows(win, qtbot):
    w = win
    w.resize(760, 600)
    t = w.table
    bar = t.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # narrower than the columns: it scrolls
    assert t.columnViewportPosition(Col.NAME) == 0
    assert bar.value() == bar.minimum()
    slider, groove = _slider_and_groove(bar)
    assert slider.left() == groove.left()
    # The thumb's share of the groove is the share of the columns shown (pixels, not
    # columns: per-column steps made the thumb fill most of the groove).
    shown = t.viewport().width() / (bar.maximum() + bar.pageStep())
    assert abs(slider.width() / groove.width() - shown) < 0.1

    bar.setValue(bar.maximum())  # scrolled to the right end: the thumb is at the right
    slider, groove = _slider_and_groove(bar)
    assert slider.right() == groove.right()
    assert t.columnViewportPosition(Col.NAME) < 0
    w.reveal(w.model.index(0, 0).data(ContactIdRole))  # showing a contact shows its name
    assert bar.value() == 0 and t.columnViewportPosition(Col.NAME) == 0


def test_clamp_keeps_a_saved_frame_inside_the_screen():
    area = QRect(0, 0, 1024, 600)
    assert window_state.clamp(QRect(300, 200, 1500, 950), area) == area
    assert window_state.clamp(QRect(900, 500, 400, 300), area) == QRect(624, 300, 400, 300)
    assert window_state.clamp(QRect(-50, -10, 400, 300), area) == QRect(0, 0, 400, 300)
    assert window_state.clamp(QRect(10, 10, 400, 300), area) == QRect(10, 10, 400, 300)


def test_the_first_window_and_a_restored_one_fit_a_1024_by_600_screen(tmp_path):
    """In its own process, on an offscreen screen of 1024×560 (a 1024×600 screen less a
    40-pixel panel): nothing off-screen, the window's tabs and Preferences alike."""
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "small",
                        "x": 0,
                        "y": 0,
                        "width": 1024,
                        "height": 560,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH", "")]))
    env["HOME"] = str(tmp_path)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env.pop("NETCARE_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("small_screen_probe.py"))],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["screen"] == [1024, 560]
    assert report["first"] == [] and report["due"] == [] and report["today"] == []
    assert report["groups"] == [] and report["health"] == []
    assert report["preferences"] == []
    assert report["restored"] == []  # saved at 1500×950 on a bigger screen: clamped
    assert QSize(*report["restored_size"]).width() <= 1024


def test_first_size_is_the_usual_one_where_the_screen_has_room(win):
    window_state.first_size(win)
    area = window_state.available(win)
    assert win.width() == min(1100, area.width()) and win.height() == min(700, area.height())
