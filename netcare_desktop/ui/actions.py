"""The window's actions, menus, toolbar and tabs, declared in one place.

Each action names its text, shortcut, tip, what it calls (a dotted path from the
main window, resolved when it is triggered, so a feature's controller can be built
on first use) and when it is enabled.  The menus and the toolbar list actions by
name; tabs are named by :class:`Tab`, never by number.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

Std = QKeySequence.StandardKey


class Tab(IntEnum):
    """The tabs of the main window, in their order."""

    CONTACTS = 0
    DUE = 1
    TODAY = 2
    GROUPS = 3
    HEALTH = 4

    @property
    def title(self) -> str:
        return _TAB_TITLES[self]

    @property
    def key(self) -> str:
        return self.name.lower()


_TAB_TITLES = {
    Tab.CONTACTS: "Contact&s",  # Alt+C is Compose
    Tab.DUE: "D&ue",
    Tab.TODAY: "&Today",
    Tab.GROUPS: "&Groups",
    Tab.HEALTH: "He&alth",  # Alt+H is the Help menu
}

# enabled-when
CONTACT = "contact"  # a current contact exists
TOUCH = "touch"  # a touch is selected in the detail pane's timeline


@dataclass(frozen=True)
class ActionSpec:
    name: str  # the window gets ``act_<name>``
    text: str
    slot: str  # dotted path from the window; for a checkable action it takes the state
    shortcut: Std | str | None = None
    tip: str = ""
    when: str | None = None  # CONTACT: enabled only while there is a current contact
    checkable: bool = False
    checked: bool = False
    on_window: bool = True  # added to the window (its shortcut works everywhere in it)
    tooltip_only: bool = False  # the tip is a tooltip, not a status tip


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "&New Contact…", "commands.new_contact", Std.New, "Add a contact (Ctrl+N)"),
    ActionSpec(
        "edit", "&Edit Contact…", "commands.edit_contact", "Ctrl+E", "Edit the selected contact",
        when=CONTACT,
    ),
    ActionSpec(
        "log", "&Log Interaction…", "commands.log_interaction", "Ctrl+L",
        "Log a touch with the selected contact (Ctrl+L)", when=CONTACT,
    ),
    ActionSpec(
        "delete", "&Delete Contact…", "delete_contact", Std.Delete,
        "Delete the selected contact", when=CONTACT,
    ),
    ActionSpec(
        "edit_touch", "Edit Touc&h…", "detail.edit_selected_touch", None,
        "Correct the touch selected in the timeline (or double-click it)", when=TOUCH,
    ),
    ActionSpec(
        "delete_touch", "Delete T&ouch", "detail.delete_selected_touch", None,
        "Delete the touch selected in the timeline (Ctrl+Z brings it back)", when=TOUCH,
    ),
    ActionSpec(
        "merge", "&Merge Contacts…", "merge_selected", None,
        "Merge the two selected contacts into one",
    ),
    ActionSpec("undo", "&Undo", "commands.undo", Std.Undo),
    ActionSpec("find", "&Find…", "focus_search", Std.Find),
    ActionSpec("quit", "&Quit", "quit_app", Std.Quit),
    # Std.Preferences is empty on Linux and Windows: Ctrl+, as most programs have it.
    ActionSpec("prefs", "&Preferences…", "show_preferences", "Ctrl+,"),
    ActionSpec(
        "show_contacts", "&Contacts", "show_contacts", "Ctrl+1", "Show the contact list"
    ),
    ActionSpec("show_due", "&Due Now", "show_due", "Ctrl+2", "What needs attention now (Ctrl+2)"),
    ActionSpec(
        "show_today", "&Today", "show_today", "Ctrl+3", "Whom to reach out to today (Ctrl+3)"
    ),
    ActionSpec(
        "show_groups", "&Groups", "show_groups", "Ctrl+4", "Groups and their members (Ctrl+4)"
    ),
    ActionSpec(
        "show_health", "Network &Health", "show_health", "Ctrl+5", "The dashboard (Ctrl+5)"
    ),
    ActionSpec(
        "compose", "&Compose…", "ctl.composer.compose", "Ctrl+M",
        "Write to the selected contact from a template", when=CONTACT,
    ),
    ActionSpec("templates", "Message &Templates…", "ctl.composer.edit_templates"),
    ActionSpec(
        "review", "Re&view Lapsed Contacts…", "review_lapsed", None, "Keep, lighten or archive"
    ),
    ActionSpec(
        "leaning", "Only Those I've &Asked More Than Given", "leaning_toggled",
        tip="Show only contacts you have asked more of than given to",
        checkable=True, on_window=False, tooltip_only=True,
    ),
    ActionSpec("data", "Open &Data Folder", "open_data_folder"),
    ActionSpec(
        "backups", "&Backups and Restore…", "show_backups", None,
        "Back up now, or restore a backup",
    ),
    ActionSpec("logs", "Open &Log Folder", "open_log_folder"),
    ActionSpec(
        "import", "&Import…", "ctl.import_history.choose_import", "Ctrl+I",
        "Import vCard, CSV or NetCare JSON files (or drop them on the window)",
    ),
    ActionSpec("export", "&Export All…", "ctl.exports.choose_all", "Ctrl+Shift+E"),
    ActionSpec("export_one", "Export &Selected…", "ctl.exports.choose_current", when=CONTACT),
    ActionSpec("undo_import", "Undo Last &Import", "undo_last_import"),
    ActionSpec("history", "Import &History…", "show_import_history"),
    ActionSpec("about", "&About NetCare", "about"),
    ActionSpec("about_qt", "About &Qt", "about_qt"),
    ActionSpec(
        "detail", "Show Details &Pane", "detail.setVisible", "F9",
        checkable=True, checked=True, on_window=False,
    ),
    ActionSpec("refresh", "&Refresh", "refresh", Std.Refresh),
)  # fmt: skip

MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("&File", ("new", None, "import", "history", "export", "export_one", None,
               "backups", "data", None, "quit")),
    ("&Edit", ("undo", "undo_import", None, "edit", "log", "compose", "delete", "merge", None,
               "edit_touch", "delete_touch", None, "find", None, "templates", "prefs")),
    ("&View", ("show_contacts", "show_due", "show_today", "show_groups", "show_health", None,
               "leaning", "review", None, "detail", "refresh")),
    ("&Help", ("logs", None, "about", "about_qt")),
)  # fmt: skip

TOOLBAR: tuple[str | None, ...] = ("new", "log", None)  # then the search field


def resolve(root: object, path: str):
    target = root
    for part in path.split("."):
        target = getattr(target, part)
    return target


def build_actions(window) -> dict[str, QAction]:
    """Create every action on ``window`` (as ``window.act_<name>``)."""
    acts: dict[str, QAction] = {}
    for spec in ACTIONS:
        act = QAction(spec.text, window)
        if spec.shortcut is not None:
            act.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            if not spec.tooltip_only:
                act.setStatusTip(spec.tip)
            act.setToolTip(spec.tip)
        if spec.checkable:
            act.setCheckable(True)
            act.setChecked(spec.checked)
            act.toggled.connect(lambda on, p=spec.slot: resolve(window, p)(on))
        else:
            act.triggered.connect(lambda _checked=False, p=spec.slot: resolve(window, p)())
        if spec.on_window:
            window.addAction(act)
        acts[spec.name] = act
        setattr(window, f"act_{spec.name}", act)
    acts["prefs"].setMenuRole(QAction.MenuRole.PreferencesRole)
    # The Delete key deletes a contact only from the table, never while typing.
    acts["delete"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    window.table.addAction(acts["delete"])
    window.removeAction(acts["delete"])
    touch = [acts[s.name] for s in ACTIONS if s.when == TOUCH]
    for act in touch:
        act.setEnabled(False)
    window.detail.touchSelectionChanged.connect(lambda on: [a.setEnabled(on) for a in touch])
    return acts


def build_menus(window, acts: dict[str, QAction]) -> None:
    bar = window.menuBar()
    for title, names in MENUS:
        menu = bar.addMenu(title)
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(acts[name])


def build_toolbar(window, acts: dict[str, QAction], search) -> None:
    from PySide6.QtWidgets import QToolBar

    tb = QToolBar("Main")
    tb.setObjectName("mainToolbar")
    tb.setMovable(False)
    tb.setAccessibleName("Main toolbar")
    for name in TOOLBAR:
        if name is None:
            tb.addSeparator()
        else:
            tb.addAction(acts[name])
    tb.addWidget(search)
    window.addToolBar(tb)


def update_enabled(acts: dict[str, QAction], has_contact: bool) -> None:
    for spec in ACTIONS:
        if spec.when == CONTACT:
            acts[spec.name].setEnabled(has_contact)
