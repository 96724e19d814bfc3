"""Merge two contacts: both side by side, a choice per differing field, then one contact.

``merge_contacts(services, ids)`` is the one way in (Edit → Merge Contacts…, the table's
right-click menu).  The kept contact is the one with more touches (else the older one):
its id, and so its import history, stays.  What joins without asking (emails, phones,
groups, touches…) is counted; a single value not chosen is named as "will be dropped",
and Ctrl+Z after the merge brings both contacts back as they were.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.store import merge
from netcare_desktop.store.import_undo import short
from netcare_desktop.ui.formatting import datetime_text, plain_tooltip, plural
from netcare_desktop.ui.widgets import resize_within_screen

# How each kind of joined row is counted ("12 touches, 3 groups").
_JOINED = (
    ("touches", "touch", "touches"),
    ("groups", "group", None),
    ("emails", "email address", "email addresses"),
    ("phones", "phone number", None),
    ("urls", "web address", "web addresses"),
    ("addresses", "postal address", "postal addresses"),
    ("extras", "other vCard property", "other vCard properties"),
)


def joined_text(counts: dict[str, int]) -> str:
    parts = [plural(counts[k], one, many) for k, one, many in _JOINED if counts.get(k)]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{listed} will be joined."


def _label(text: str, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class MergeDialog(QDialog):
    """Both contacts side by side; one row per field on which they differ."""

    def __init__(self, plan: merge.MergePlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Merge contacts")
        self.setAccessibleName("Merge contacts")
        intro = _label(
            f"Merge {plan.other_name} into {plan.keep_name}: one contact with the touches, "
            "groups, emails and phone numbers of both. Where they differ, choose the value "
            "to keep."
        )
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        for col, (name, updated) in enumerate(
            ((plan.keep_name, plan.keep_updated), (plan.other_name, plan.other_updated)), 1
        ):
            head = _label(f"{name}\nchanged {datetime_text(updated)}")
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            grid.addWidget(head, 0, col)
        self.groups: dict[str, QButtonGroup] = {}
        self.buttons_of: dict[str, dict[str, QRadioButton]] = {}
        row = 0
        for f in plan.fields:
            row += 1
            grid.addWidget(
                _label(f.label[:1].upper() + f.label[1:], wrap=False),
                row,
                0,
                Qt.AlignmentFlag.AlignTop,
            )
            group = QButtonGroup(self)
            buttons = {}
            for col, (pick, text) in enumerate(
                ((merge.KEEP, f.keep_text), (merge.OTHER, f.other_text)), 1
            ):
                button = QRadioButton(short(text, 40) if text else "(empty)")
                button.setAccessibleName(f"{f.label}: {text or 'empty'}")
                if len(text) > 40 or "\n" in text:
                    button.setToolTip(plain_tooltip(text))
                group.addButton(button)
                buttons[pick] = button
                grid.addWidget(button, row, col, Qt.AlignmentFlag.AlignTop)
            if merge.BOTH in f.options:
                both = QRadioButton("Keep both, one after the other")
                both.setAccessibleName(f"{f.label}: keep both")
                group.addButton(both)
                buttons[merge.BOTH] = both
                row += 1
                grid.addWidget(both, row, 1, 1, 2, Qt.AlignmentFlag.AlignTop)
            buttons[f.default].setChecked(True)
            group.buttonToggled.connect(lambda _b, _on: self._update())
            self.groups[f.name] = group
            self.buttons_of[f.name] = buttons
        if not plan.fields:
            grid.addWidget(_label("The two agree on every field."), 1, 0, 1, 3)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_box)
        self.joined = _label(self._joined_text())
        self.joined.setAccessibleName("What will be joined")
        self.dropped = _label("")
        self.dropped.setAccessibleName("What will be dropped")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Merge")
        ok.setToolTip("Merge (Ctrl+Enter)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.joined)
        layout.addWidget(self.dropped)
        layout.addWidget(self.buttons)
        self._update()
        screen = self.screen().availableGeometry() if self.screen() else None
        height = 160 + 34 * max(len(plan.fields), 1)
        if screen is not None:
            height = min(height, screen.height() - 80)
        resize_within_screen(self, 760, height)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Ctrl+Enter merges, wherever the focus is in the dialog."""
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)

    def _joined_text(self) -> str:
        text = joined_text(self.plan.joined)
        same = sum(self.plan.duplicates.values())
        if same:
            text += f" {plural(same, 'fact')} on both will be kept once."
        return text.strip() or "The other contact has no touches, groups or details to join."

    def choices(self) -> dict[str, str]:
        out = {}
        for name, buttons in self.buttons_of.items():
            out[name] = next(pick for pick, b in buttons.items() if b.isChecked())
        return out

    def _update(self) -> None:
        dropped = self.plan.dropped(self.choices())
        if dropped:
            self.dropped.setText(
                "Will be dropped (Ctrl+Z after the merge brings it back): "
                + "; ".join(short(d, 60) for d in dropped)
            )
        else:
            self.dropped.setText("Nothing will be dropped.")


def _keep_first(ids: list[int]) -> tuple[int, int]:
    """Which one stays: the contact with more touches, else the older one."""
    from netcare_desktop.store.models import Interaction

    def touches(cid: int) -> int:
        return Interaction.select().where(Interaction.contact == cid).count()

    a, b = sorted(ids)
    return (b, a) if touches(b) > touches(a) else (a, b)


def merge_contacts(services, ids) -> int | None:
    """Ask how to merge the two contacts ``ids`` (any order), merge, offer Undo.  The kept
    contact's id, or None when nothing was merged."""
    ids = list(dict.fromkeys(int(i) for i in ids))
    if len(ids) != 2:
        services.say("Select two contacts to merge: click one, then Shift+click the other.", 6000)
        return None
    services.ensure_store()
    from netcare_desktop.store.errors import NotFound
    from netcare_desktop.ui.write_wait import save

    keep, other = _keep_first(ids)
    try:
        plan = merge.merge_plan(keep, other)
    except NotFound:
        services.say("One of those contacts was deleted meanwhile.", 6000)
        return None
    dialog = MergeDialog(plan, services.window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        services.say("Merge cancelled: nothing was changed.", 4000)
        return None
    choices = dialog.choices()
    dropped = plan.dropped(choices)
    snap = save(
        services.window, lambda: merge.merge(keep, other, choices, services.clock()), "The merge"
    )
    if snap is None:
        return None
    label = f"Merge of {plan.keep_name} and {plan.other_name}"

    def undo() -> int:
        merge.undo_merge(snap)
        return keep

    services.undo.push(label, undo)
    services.changed()
    services.current.set(keep)
    from netcare_desktop.store.models import Contact

    name = Contact.get_by_id(keep).display_name
    parts = []
    joined = joined_text(plan.joined).removesuffix(" will be joined.")
    if joined:
        parts.append(f"{joined} joined")
    if dropped:
        parts.append(f"{plural(len(dropped), 'value')} dropped")
    detail = f" ({'; '.join(parts)})" if parts else ""
    services.say(
        f"Merged {plan.keep_name} and {plan.other_name} into {name}{detail}. Ctrl+Z takes it back.",
        10000,
    )
    return keep
