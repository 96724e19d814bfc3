"""Alt mnemonics never clash, and the keyboard shortcuts the menus promise are there.

A mnemonic's scope is what Alt+letter can reach at that moment: in the window, the
menu bar's titles, the tab titles and every visible button and label buddy of the
window (the shown tab's, the detail pane's); inside an open menu, that menu's items.
Two of them on one letter in one scope means Alt+letter does not do what it says
(Qt cycles focus between them instead of acting).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QTabBar, QToolBar

from netcare_desktop.ui.actions import Tab

# Clashes known and accepted for now: (letter, one text, the other text). None left.
KNOWN: set[tuple[str, str, str]] = set()


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ('&&' is a literal ampersand), upper-cased."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].upper()
        i += 1
    return None


def _clashes(items: list[tuple[str, str]]) -> list[tuple[str, tuple[str, ...]]]:
    by_letter: dict[str, list[str]] = defaultdict(list)
    for where, text in items:
        letter = mnemonic(text)
        if letter:
            by_letter[letter].append(f"{where}: {text}")
    return [(k, tuple(v)) for k, v in sorted(by_letter.items()) if len(v) > 1]


def _is_known(letter: str, texts: tuple[str, ...]) -> bool:
    plain = {re.sub(r" \(\d+\)$", "", t.split(": ", 1)[1]) for t in texts}  # "D&ue (3)"
    return any(k == letter and {a, b} == plain for k, a, b in KNOWN)


def window_scope(window) -> list[tuple[str, str]]:
    """What Alt+letter can reach in the window as it is shown now."""
    items = [("menu bar", a.text()) for a in window.menuBar().actions() if a.isVisible()]
    bar = window.tabs.findChild(QTabBar)
    items += [("tab", bar.tabText(i)) for i in range(bar.count()) if bar.isTabVisible(i)]
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and not _in(button, (QMenu, QToolBar, QTabBar)):
            items.append((type(button).__name__, button.text()))
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            items.append(("label", label.text()))
    for box in window.findChildren(QGroupBox):
        if box.isVisible() and box.isCheckable():
            items.append(("group", box.title()))
    return items


def _in(widget, kinds) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


@pytest.fixture
def full(qtbot, window, now):
    """The window over a sample network: a contact shown, Due, Today and Groups filled."""
    from netcare_desktop.store.sample import seed_sample

    seed_sample(40, now, seed=3)
    window.refresh()
    window.table.selectRow(2)
    window.start_reminders()
    qtbot.waitUntil(lambda: window.detail.isVisible() and window.model.rowCount() > 0)
    return window


@pytest.fixture
def sparse(qtbot, window, now):
    """One contact and nothing else: the empty states (no groups, nothing due) show."""
    from netcare_desktop.store import contacts

    cid = contacts.create_contact(contacts.ContactInput(given_name="Ada"), now)
    window.refresh()
    window.select_contact(cid)
    qtbot.waitUntil(window.detail.isVisible)
    return window


def test_no_two_mnemonics_share_a_letter_in_a_menu(window):
    problems = []
    for top in window.menuBar().actions():
        menu = top.menu()
        items = [
            (top.text(), a.text()) for a in menu.actions() if a.isVisible() and not a.isSeparator()
        ]
        problems += _clashes(items)
    assert problems == []


def test_every_menu_item_has_a_mnemonic(window):
    missing = [
        a.text()
        for top in window.menuBar().actions()
        for a in top.menu().actions()
        if not a.isSeparator() and mnemonic(a.text()) is None
    ]
    assert missing == []


@pytest.mark.parametrize("network", ["full", "sparse"])
def test_no_two_mnemonics_share_a_letter_in_the_window_on_any_tab(qtbot, network, request):
    window = request.getfixturevalue(network)
    problems = {}
    for tab in Tab:
        window.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda t=tab: window.tabs.currentIndex() == t)
        found = [c for c in _clashes(window_scope(window)) if not _is_known(*c)]
        if found:
            problems[tab.name] = found
    assert problems == {}


def test_the_scope_rule_sees_the_known_clash(full):
    """The walker is what finds clashes: the Edit menu and the pane's Edit button, if
    that button still says "&Edit…" (another engineer is renaming it)."""
    items = window_scope(full)
    texts = {t for _w, t in items}
    assert "&Edit" in texts  # the Edit menu's title is in the window's scope
    if "&Edit…" in texts:
        assert any(_is_known(*c) for c in _clashes(items))
    assert mnemonic("Save && &Close") == "C" and mnemonic("Tom && Jerry") is None


def test_ctrl_comma_opens_preferences_and_the_menu_says_so(qtbot, window, answer_modal):
    act = window.act_prefs
    assert act.shortcut() == QKeySequence("Ctrl+,")
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert act in edit_menu.actions()
    # The menu shows the shortcut beside the item (Qt draws the action's shortcut).
    assert act.shortcut().toString(QKeySequence.SequenceFormat.NativeText) == "Ctrl+,"
    seen = {}

    def look(dialog):
        seen["title"] = dialog.windowTitle()
        dialog.reject()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    answer_modal(
        lambda: qtbot.keyClick(window.table, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier),
        look,
    )
    assert seen == {"title": "Preferences"}
