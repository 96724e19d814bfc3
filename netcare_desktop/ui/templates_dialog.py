"""The template editor: names, subjects and bodies of the message templates, and your own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.kinds import KIND_LABELS, Kind
from netcare_desktop.core.templates import DEFAULT_TEMPLATES, Template, placeholder_help
from netcare_desktop.ui.widgets import PlainLabel

HELP_TEXT = (
    "Placeholders, filled in for each contact:\n"
    + placeholder_help()
    + "\nWhen a name, company or title is not known, the words around it are left out."
)


class TemplatesDialog(QDialog):
    """Edit the templates' names, subjects and bodies; ``templates()`` gives the edited list."""

    def __init__(self, templates: Sequence[Template], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Message Templates")
        self.setAccessibleName("Message templates")
        self.setMinimumSize(720, 480)
        self._templates = list(templates) or list(DEFAULT_TEMPLATES)
        self._row = -1

        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Template name")
        self.kind_label = PlainLabel("")
        self.kind_label.setAccessibleName("Logged as")
        self.kind_combo = QComboBox()  # for templates of your own: which touch they log
        self.kind_combo.setAccessibleName("Log as")
        for kind in Kind:
            self.kind_combo.addItem(KIND_LABELS[kind], kind.value)
        self.new_button = QPushButton("&New Template")
        self.new_button.setAccessibleName("New template")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_template)
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setAccessibleName("Delete template")
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete_template)
        self.subject_edit = QLineEdit()
        self.subject_edit.setAccessibleName("Subject")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setAccessibleName("Message")
        self.body_edit.setTabChangesFocus(True)
        self.help = PlainLabel(HELP_TEXT)
        self.help.setAccessibleName("Placeholder help")

        editor = QWidget()
        form = QFormLayout(editor)
        form.addRow("&Name", self.name_edit)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_label)
        kind_row.addWidget(self.kind_combo)
        kind_row.addStretch(1)
        form.addRow("Logged as", kind_row)
        form.addRow("&Subject", self.subject_edit)
        form.addRow("&Message", self.body_edit)
        form.addRow(self.help)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.list, 1)
        side_buttons = QHBoxLayout()
        side_buttons.addWidget(self.new_button)
        side_buttons.addWidget(self.delete_button)
        side_layout.addLayout(side_buttons)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(side)
        splitter.addWidget(editor)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 520])

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_button.setAccessibleName("Restore default templates")
        self.restore_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName("Save")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self.list.currentRowChanged.connect(self._row_changed)
        self.name_edit.textEdited.connect(self._name_edited)
        self._fill_list(0)

    def _fill_list(self, row: int) -> None:
        self._row = -1
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems([t.name for t in self._templates])
        self.list.blockSignals(False)
        self.list.setCurrentRow(row)  # loads the editor through currentRowChanged

    def _row_changed(self, row: int) -> None:
        self._commit()
        self._row = row
        if not 0 <= row < len(self._templates):
            return
        t = self._templates[row]
        own = self._is_own(t)
        self.name_edit.setText(t.name)
        self.kind_label.setText(KIND_LABELS[t.kind])
        self.kind_label.setVisible(not own)
        self.kind_combo.setVisible(own)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(t.kind.value)))
        self.delete_button.setEnabled(own)
        self.subject_edit.setText(t.subject)
        self.body_edit.setPlainText(t.body)

    def _name_edited(self, text: str) -> None:
        item = self.list.item(self._row) if self._row >= 0 else None
        if item is not None:
            item.setText(text.strip() or self._templates[self._row].key)

    def _commit(self) -> None:
        """Keep the editor's text in the template being edited."""
        if not 0 <= self._row < len(self._templates):
            return
        t = self._templates[self._row]
        self._templates[self._row] = replace(
            t,
            name=self.name_edit.text().strip() or t.name,
            kind=Kind(self.kind_combo.currentData()) if self._is_own(t) else t.kind,
            subject=self.subject_edit.text(),
            body=self.body_edit.toPlainText(),
        )

    @staticmethod
    def _is_own(t: Template) -> bool:
        """A template the person added (NetCare's own can be edited, not deleted)."""
        return t.key not in {d.key for d in DEFAULT_TEMPLATES}

    def new_template(self) -> None:
        self._commit()
        keys = {t.key for t in self._templates}
        n = 1
        while f"custom_{n}" in keys:
            n += 1
        self._templates.append(
            Template(
                key=f"custom_{n}",
                name=f"My template {n}",
                kind=Kind.CHECK_IN,
                subject="Hello {first_name}",
                body="Hi {first_name},\n\n",
            )
        )
        self._fill_list(len(self._templates) - 1)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def delete_template(self) -> None:
        if not 0 <= self._row < len(self._templates):
            return
        if not self._is_own(self._templates[self._row]):
            return
        row = self._row
        self._row = -1
        del self._templates[row]
        self._fill_list(min(row, len(self._templates) - 1))

    def restore_defaults(self) -> None:
        """Every template back to NetCare's own text (saved only with Save)."""
        self._row = -1
        self._templates = list(DEFAULT_TEMPLATES)
        self._fill_list(0)

    def templates(self) -> list[Template]:
        self._commit()
        return list(self._templates)

    def accept(self) -> None:
        self._commit()
        super().accept()
