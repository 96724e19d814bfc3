"""Review mode: one long-lapsed contact at a time: keep the circle, a lighter one, or archive."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from netcare_desktop.store.review import Lapsed
from netcare_desktop.ui.formatting import date_text, number_text, plural


class ReviewDialog(QDialog):
    """Walks through ``items``; each decision goes to ``decide(item, choice)`` at once.

    ``choice`` is "keep", "lighter" or "archive". Keys: K, L, A; Esc stops.
    """

    def __init__(
        self,
        items: list[Lapsed],
        decide: Callable[[Lapsed, str], None],
        now: datetime,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Review lapsed contacts")
        self.setAccessibleName("Review lapsed contacts")
        self.setMinimumWidth(520)
        self.items = items
        self.decide = decide
        self.now = now
        self.index = 0
        self.decisions: list[tuple[int, str]] = []

        intro = QLabel(
            "Quality over quantity: these people have gone twice their cadence without a touch.\n"
            "Keep them in their circle (and get in touch), move them to a lighter circle, or\n"
            "archive them. Nothing is deleted."
        )
        self.progress = QLabel()
        self.progress.setAccessibleName("Progress")
        self.name = QLabel()
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.name.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setAccessibleName("Contact")
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setAccessibleName("Why it is here")

        self.keep = QPushButton("&Keep in circle")
        self.lighter = QPushButton("Move to &lighter circle")
        self.archive = QPushButton("&Archive")
        self.stop = QPushButton("Stop")
        for b, choice in (
            (self.keep, "keep"),
            (self.lighter, "lighter"),
            (self.archive, "archive"),
        ):
            b.setAccessibleName(b.text().replace("&", ""))
            b.clicked.connect(lambda _c=False, ch=choice: self.choose(ch))
        self.stop.setAccessibleName("Stop reviewing")
        self.stop.clicked.connect(self.accept)
        for key, choice in (("K", "keep"), ("L", "lighter"), ("A", "archive")):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda ch=choice: self.choose(ch))
        buttons = QHBoxLayout()
        for b in (self.keep, self.lighter, self.archive):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.stop)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.progress)
        layout.addWidget(self.name)
        layout.addWidget(self.facts)
        layout.addLayout(buttons)
        self._show()

    def current(self) -> Lapsed | None:
        return self.items[self.index] if self.index < len(self.items) else None

    def _show(self) -> None:
        item = self.current()
        if item is None:
            self.progress.setText(f"Done: {number_text(len(self.decisions))} reviewed.")
            self.name.setText("All reviewed")
            self.facts.setText("")
            for b in (self.keep, self.lighter, self.archive):
                b.setEnabled(False)
            self.stop.setText("Close")
            return
        self.progress.setText(f"{number_text(self.index + 1)} of {number_text(len(self.items))}")
        self.name.setText(item.name)
        last = f"last touch {date_text(item.last_touch)}" if item.last_touch else "never touched"
        self.facts.setText(
            f"{item.circle} circle, every {plural(item.cadence_days, 'day')}; {last}"
        )
        self.lighter.setEnabled(item.lighter_id is not None)
        self.lighter.setText(
            # &M: a circle's own first letter could be Keep's or Archive's (Acquaintance).
            f"&Move to {item.lighter.replace('&', '&&')}"
            if item.lighter_id is not None
            else "No lighter circle"
        )

    def choose(self, choice: str) -> None:
        item = self.current()
        if item is None or (choice == "lighter" and item.lighter_id is None):
            return
        self.decide(item, choice)
        self.decisions.append((item.contact_id, choice))
        self.index += 1
        self._show()


def review_lapsed(services) -> None:
    """View → Review Lapsed Contacts…: keep, move to a lighter circle, or archive each."""
    from netcare_desktop.store import review
    from netcare_desktop.ui.messages import inform

    s = services
    s.ensure_store()
    items = review.lapsed_contacts(s.reader, s.clock())
    if not items:
        inform(s.window, "Review", "Nobody has lapsed. Well kept!")
        return

    def decide(item, choice: str) -> None:
        now = s.clock()
        if choice == "lighter":
            review.move_to_circle(item.contact_id, item.lighter_id, now)
        elif choice == "archive":
            review.archive(item.contact_id, now)

    dialog = ReviewDialog(items, decide, s.clock(), s.window)
    dialog.exec()
    s.changed()
    moved = sum(1 for _c, ch in dialog.decisions if ch != "keep")
    s.say(
        f"Reviewed {plural(len(dialog.decisions), 'contact')}; {number_text(moved)} moved or"
        " archived.",
        6000,
    )
