"""After the first import: choose circles for the people who matter, many at once.

No keep-in-touch reminder comes without a circle, and an import brings people in
without one.  This step lists the imported contacts with a checkbox each and a
search, and puts the checked ones in the chosen circle with one click
(``store.bulk.set_circle``; Edit → Undo takes it back).  It stays open for the
next circle; closing it, applied or not, means it is not offered again.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.keys import fold
from netcare_desktop.store.first_run import Imported
from netcare_desktop.ui.formatting import number_text, plural
from netcare_desktop.ui.widgets import PlainLabel, resize_within_screen

INTRO_TEXT = (
    "NetCare reminds you to keep in touch by circle, and nobody has one yet. "
    "Tick the people who matter, choose their circle and press Apply; then the next "
    "circle, if you like. The others can wait: you can set a circle any time."
)
ID_ROLE = Qt.ItemDataRole.UserRole


def _item_text(person: Imported) -> str:
    text = person.display_name
    if person.organization:
        text += f" — {person.organization}"
    if person.circle:
        text += f"   ({person.circle})"
    return text


class CircleStepDialog(QDialog):
    """``people``: the imported contacts; ``circles``: (id, name, cadence days) in order.

    ``services``: the window's Services (clock, undo, status, changed); the dialog
    writes through ``store.bulk``.
    """

    def __init__(
        self,
        services,
        people: Sequence[Imported],
        circles: Sequence[tuple[int, str, int | None]],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.services = services
        self._people = {p.contact_id: p for p in people}
        self.setWindowTitle("Choose Circles")
        self.setAccessibleName("Choose circles for the people you imported")
        self.setMinimumSize(520, 420)
        resize_within_screen(self, 640, 560)

        count = plural(len(people), "person", "people")
        self.intro = PlainLabel(f"You imported {count}. {INTRO_TEXT}")
        self.intro.setAccessibleName("What this step does")
        self.search = QLineEdit()
        self.search.setAccessibleName("Search the imported people")
        self.search.setPlaceholderText("Search names and organizations")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Imported people")
        self.list.setUniformItemSizes(True)
        for person in people:
            item = QListWidgetItem(_item_text(person))
            item.setData(ID_ROLE, person.contact_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.all_button = QPushButton("Tick &All Shown")
        self.all_button.setAccessibleName("Tick all shown")
        self.all_button.setAutoDefault(False)
        self.none_button = QPushButton("C&lear Ticks")
        self.none_button.setAccessibleName("Clear ticks")
        self.none_button.setAutoDefault(False)
        self.chosen = PlainLabel("")
        self.chosen.setAccessibleName("Ticked")
        self.circle_combo = QComboBox()
        self.circle_combo.setAccessibleName("Circle")
        self._circle_names = {cid: name for cid, name, _days in circles}
        for cid, name, days in circles:
            label = f"{name} (every {number_text(days)} days)" if days else name
            self.circle_combo.addItem(label, cid)
        self.apply_button = QPushButton("A&pply")
        self.apply_button.setAccessibleName("Apply the circle to the ticked people")
        self.apply_button.setDefault(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("&Not Now")
        close.setAccessibleName("Close")
        close.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        self.status = PlainLabel("")
        self.status.setAccessibleName("Status")

        ticks = QHBoxLayout()
        ticks.addWidget(self.all_button)
        ticks.addWidget(self.none_button)
        ticks.addStretch(1)
        ticks.addWidget(self.chosen)
        apply_row = QHBoxLayout()
        circle_label = PlainLabel("Put the ticked people in", selectable=False)
        circle_label.setWordWrap(False)
        circle_label.setBuddy(self.circle_combo)
        apply_row.addWidget(circle_label)
        apply_row.addWidget(self.circle_combo, 1)
        apply_row.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(ticks)
        layout.addLayout(apply_row)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.search.textChanged.connect(self._filter)
        self.list.itemChanged.connect(self._update)
        self.all_button.clicked.connect(lambda: self._tick_shown(Qt.CheckState.Checked))
        self.none_button.clicked.connect(lambda: self._tick_shown(Qt.CheckState.Unchecked))
        self.apply_button.clicked.connect(self.apply)
        services.events.contactsChanged.connect(self._reload)  # an undo, an edit elsewhere
        self.search.setFocus()
        self._update()

    # -- state -----------------------------------------------------------------------

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def checked_ids(self) -> list[int]:
        return [
            int(item.data(ID_ROLE))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def shown_names(self) -> list[str]:
        return [
            self._people[int(item.data(ID_ROLE))].display_name
            for item in self._items()
            if not item.isHidden()
        ]

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        for item in self._items():
            person = self._people[int(item.data(ID_ROLE))]
            haystack = fold(f"{person.display_name} {person.organization}")
            item.setHidden(not all(w in haystack for w in words))

    def _tick_shown(self, state: Qt.CheckState) -> None:
        self.list.blockSignals(True)
        try:
            for item in self._items():
                if not item.isHidden():
                    item.setCheckState(state)
        finally:
            self.list.blockSignals(False)
        self._update()

    def _update(self, *_args) -> None:
        n = len(self.checked_ids())
        self.chosen.setText(f"{plural(n, 'person', 'people')} ticked")
        self.apply_button.setEnabled(n > 0 and self.circle_combo.count() > 0)

    def _reload(self, *_args) -> None:
        """Show each person's circle as the store has it now (after Edit → Undo, say)."""
        ids = list(self._people)
        marks = ",".join("?" * len(ids))
        try:
            rows = self.services.reader.execute(
                "SELECT c.id, COALESCE(ci.name, '') FROM contact c"
                f" LEFT JOIN circle ci ON ci.id = c.circle_id WHERE c.id IN ({marks})",
                ids,
            ).fetchall()
        except Exception:  # noqa: BLE001 - a repaint, never worth an error box
            return
        now = {int(cid): name for cid, name in rows}
        for item in self._items():
            cid = int(item.data(ID_ROLE))
            person = self._people[cid]
            circle = now.get(cid, person.circle)
            if circle != person.circle:
                self._people[cid] = Imported(cid, person.display_name, person.organization, circle)
                item.setText(_item_text(self._people[cid]))

    # -- the write ---------------------------------------------------------------------

    def apply(self) -> None:
        """Put the ticked people in the chosen circle; Edit → Undo takes it back."""
        from netcare_desktop.store import bulk

        ids = self.checked_ids()
        circle_id = self.circle_combo.currentData()
        if not ids or circle_id is None:
            return
        s = self.services
        s.ensure_store()
        name = self._circle_names[int(circle_id)]
        change = bulk.set_circle(ids, int(circle_id), s.clock())
        label = f"Moving {plural(len(ids), 'person', 'people')} to {name}"

        def undo() -> int | None:
            bulk.undo(change)
            return None

        s.undo.push(label, undo)
        s.changed()
        self.list.blockSignals(True)
        try:
            for item in self._items():
                cid = int(item.data(ID_ROLE))
                if item.checkState() == Qt.CheckState.Checked:
                    person = self._people[cid]
                    self._people[cid] = Imported(
                        cid, person.display_name, person.organization, name
                    )
                    item.setText(_item_text(self._people[cid]))
                    item.setCheckState(Qt.CheckState.Unchecked)
        finally:
            self.list.blockSignals(False)
        done = f"{plural(len(ids), 'person', 'people')} now in {name}. Edit → Undo takes it back."
        self.status.setText(done)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("&Done")
        s.say(done, 8000)
        self._update()
