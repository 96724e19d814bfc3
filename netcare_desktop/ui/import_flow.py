"""Importing from the window: read and plan off the GUI thread, preview, apply, undo.

``ImportController.start(paths)`` is the one way in (drop, File → Import…,
files from the command line or another launch):

1. a worker thread reads the files and plans every record (progress, Cancel);
2. CSV files whose columns are not recognised get a column-mapping step;
3. the preview lists every record with what will happen, the fields a merge
   changes, possible duplicates to decide, and every error with file and line;
4. Import applies the plan in the worker, in one transaction (Cancel rolls it
   back); the table refreshes and the status bar offers Undo.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.interop.choice import Choice
from netcare_desktop.ui.formatting import plural, utc_now
from netcare_desktop.ui.messages import inform, warn
from netcare_desktop.ui.widgets import resize_within_screen

# The general worker lives in ui/worker.py; these names stay importable from here (shim).
from netcare_desktop.ui.worker import JOB_SWITCH_INTERVAL_S, Worker, run_in_thread  # noqa: F401

_Index = QModelIndex | QPersistentModelIndex

# -- the preview ---------------------------------------------------------------------------

ACTION_TEXT = {
    "new": "New contact",
    "merge": "Merge",
    "unchanged": "Unchanged",
    "duplicate": "Possible duplicate",
}


class PlanModel(QAbstractTableModel):
    """One row per record: file:line, name, what will happen (editable), details."""

    COLUMNS = ("Source", "Name", "Action", "Details")

    def __init__(self, plan, parent=None):
        super().__init__(parent)
        self.plan = plan

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.plan.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 2 and len(self.choices(index.row())) > 1:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def choices(self, row: int) -> list[tuple[str, str]]:
        """(choice code, text) a person may pick for this record."""
        item = self.plan.items[row]
        if item.same_as is not None:
            return [
                (Choice.PLANNED.code, f"Merge with {item.target_name} (same person in this import)")
            ]
        if item.action == "unchanged":
            return [(Choice.PLANNED.code, "Unchanged: nothing new")]
        options = []
        if item.action == "merge":
            options.append((Choice.PLANNED.code, f"Merge into {item.target_name}"))
            options.append((Choice.NEW.code, "Create a new contact"))
        elif item.action == "duplicate":
            options.append((Choice.PLANNED.code, "Create a new contact"))
            options += [
                (
                    Choice.merge(cid).code,
                    f"Merge into {name} ({score:.0f} % alike)"
                    if score > 0
                    else f"Merge into {name} (same phone number)",
                )
                for cid, name, score in item.candidates
            ]
        else:
            options.append((Choice.PLANNED.code, "Create a new contact"))
        options.append((Choice.SKIP.code, "Skip"))
        return options

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.plan.items):
            return None
        item = self.plan.items[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return f"{Path(item.record.source).name}:{item.record.line}"
            if col == 1:
                return item.name
            if col == 2:
                return dict(self.choices(index.row())).get(
                    item.choice.code, ACTION_TEXT.get(item.action, item.action)
                )
            if col == 3:
                parts = list(item.changes)
                if item.conflicts:
                    parts.append("kept as is: " + "; ".join(item.conflicts))
                if item.action == "duplicate":
                    parts.insert(0, item.why or f"similar to {item.target_name}")
                return "; ".join(parts)
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            from netcare_desktop.ui.formatting import plain_tooltip

            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            return plain_tooltip(text) if text else None
        return None

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 2 or role != Qt.ItemDataRole.EditRole:
            return False
        codes = [code for code, _text in self.choices(index.row())]
        if value not in codes:
            return False
        self.plan.items[index.row()].choice = Choice.from_code(value)
        self.dataChanged.emit(index, index.siblingAtColumn(3))
        return True


class ChoiceDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):  # noqa: N802 - Qt's name
        combo = QComboBox(parent)
        combo.setAccessibleName("What to do with this record")
        for code, text in index.model().choices(index.row()):
            combo.addItem(text, code)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        item = index.model().plan.items[index.row()]
        editor.setCurrentIndex(max(0, editor.findData(item.choice.code)))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PreviewDialog(QDialog):
    def __init__(self, plan, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import contacts")
        self.setAccessibleName("Import preview")
        resize_within_screen(self, 920, 560)
        self.plan = plan
        errors = [issue for f in plan.files for issue in f.issues]
        self.problems = len(errors)
        summary = QLabel()
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        summary.setAccessibleName("What the import will do")
        self.summary = summary
        self.model = PlanModel(plan, self)
        self.model.dataChanged.connect(self._count)
        self._count()
        self.table = QTableView()
        self.table.setAccessibleName("Records to import")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(2, ChoiceDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Fixed widths: sizing to contents would ask every one of 10,000 rows.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 170)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(1, 200)
        self.table.setColumnWidth(2, 220)
        self.errors = QListWidget()
        self.errors.setAccessibleName("Problems found in the files")
        for issue in errors:
            self.errors.addItem(f"{Path(issue.path).name}:{issue.line}: {issue.message}")
        self.errors.setVisible(bool(errors))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.errors)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            any(it.effective() in ("new", "merge") for it in plan.items) or bool(plan.items)
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        self.reread: tuple[str, str] | None = None  # (file, code page) chosen in "Read as:"
        self.read_as: QComboBox | None = None
        guessed = [f for f in plan.files if f.encoding and not f.encoding_certain]
        guessed += [f for f in plan.files if f.encoding_chosen]
        if guessed:
            layout.addLayout(self._read_as(guessed[0]))
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

    def _read_as(self, f) -> QFormLayout:
        """An uncertain code page guess (or the person's choice): another one reads the
        file again (the controller does, off the GUI thread)."""
        from netcare_desktop.interop.codepages import CHOICES, label

        box = self.read_as = QComboBox()
        for codec in dict.fromkeys([f.encoding, *f.encoding_alternatives, *CHOICES]):
            box.addItem(label(codec), codec)
        box.setAccessibleName("Read the file as")
        box.currentIndexChanged.connect(lambda _i: self._reread(f.path, box.currentData()))
        row = QFormLayout()
        row.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        name = QLabel(f"{Path(f.path).name} declares no code page. Read as:")
        name.setTextFormat(Qt.TextFormat.PlainText)
        name.setBuddy(box)
        row.addRow(name, box)
        return row

    def _reread(self, path: str, codec: str) -> None:
        self.reread = (path, codec)
        self.reject()

    def _count(self, *_changed) -> None:
        """The header: what Import will do with the choices as they are now."""
        self.summary.setText(
            summary_text(self.plan, self.problems)
            + "\nChange what happens to a record in the Action column. Nothing is written until Import."
        )


def summary_text(plan, problems: int = 0) -> str:
    """ "12 records from 2 files: 8 new, 3 to merge, 1 unchanged; 2 possible duplicates …"."""
    from netcare_desktop.ui.formatting import number_text, plural

    counts = plan.chosen_counts()
    parts = [
        f"{number_text(counts['new'])} new",
        f"{number_text(counts['merge'])} to merge",
        f"{number_text(counts['unchanged'])} unchanged",
    ]
    if counts["skip"]:
        parts.append(f"{number_text(counts['skip'])} skipped")
    text = (
        f"{plural(len(plan.items), 'record')} from {plural(len(plan.files), 'file')}: "
        + ", ".join(parts)
    )
    undecided = counts["duplicate"]
    if undecided:
        text += (
            f"; {plural(undecided, 'possible duplicate')} to decide"
            " (each becomes a new contact unless you choose to merge it)"
        )
    if problems:
        text += f"; {plural(problems, 'problem')} reported below"
    return text + "."


class MappingDialog(QDialog):
    """Columns of an unknown CSV -> NetCare fields, prefilled with a guess."""

    def __init__(
        self, path: str, header: list[str], suggestion: dict[str, str], fields, parent=None
    ):
        super().__init__(parent)
        self.setWindowTitle("Match the columns")
        self.setAccessibleName("Match the columns")
        intro = QLabel()
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        intro.setText(
            f"{Path(path).name}: NetCare does not know these columns. Say what each one holds."
        )
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for column in header:
            combo = QComboBox()
            combo.setAccessibleName(f"Field for column {column}")
            for f in fields:
                combo.addItem(f.replace("_", " "), f)
            combo.setCurrentIndex(max(0, combo.findData(suggestion.get(column, "ignore"))))
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setText(column or "(unnamed)")
            form.addRow(label, combo)
            self.combos[column] = combo
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def mapping(self) -> dict[str, str]:
        return {column: combo.currentData() for column, combo in self.combos.items()}


# -- the controller -------------------------------------------------------------------------


class ImportController(QObject):
    """The import flow for one main window."""

    imported = Signal(object)  # the ImportResult, before finished: say what it did
    finished = Signal(object)  # ImportResult, or None when cancelled/failed
    previewShown = Signal(object)  # the PreviewDialog (tests answer it)

    def __init__(self, services, parent: QObject | None = None):
        super().__init__(parent or services.window)
        self.services = services
        self.window = services.window  # the parent of its dialogs
        self.ensure_store = services.ensure_store
        self.busy = False
        self.closed = False  # the window is gone: late results of a job are dropped
        self._thread = None
        self._worker = None
        self.progress: QWidget | None = None
        self.mappings: dict[str, dict[str, str]] = {}
        self.encodings: dict[str, str] = {}  # code pages chosen in the preview's "Read as:"

    # progress ----------------------------------------------------------------------
    # In the status bar, not a dialog: no new window to create while the import runs, and
    # the window stays usable (reading, planning and applying run in a worker thread).
    def _progress_widgets(self):
        if self.progress is None:
            from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton

            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            box.label = QLabel()
            box.label.setTextFormat(Qt.TextFormat.PlainText)
            box.bar = QProgressBar()
            box.bar.setAccessibleName("Import progress")
            box.cancel = QPushButton("Cancel")
            box.cancel.setAccessibleName("Cancel the import")
            box.cancel.clicked.connect(self._cancel)
            from PySide6.QtWidgets import QSizePolicy

            box.cancel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            box.bar.setFixedWidth(220)
            row.addWidget(box.label, 1)
            row.addWidget(box.bar)
            row.addWidget(box.cancel)
            self.services.status_bar.addWidget(box, 1)
            self.progress = box
        return self.progress

    def _show_progress(self, text: str) -> None:
        box = self._progress_widgets()
        box.label.setText(text)
        box.bar.setRange(0, 0)  # busy until the first figure arrives
        box.cancel.setEnabled(True)
        box.show()

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.bar.setRange(0, max(total, 1))
            self.progress.bar.setValue(min(done, max(total, 1)))

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.hide()

    def _cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            if self.progress is not None:
                self.progress.label.setText("Cancelling…")
                self.progress.cancel.setEnabled(False)

    # step 1: read and plan ------------------------------------------------------------
    def start(self, paths: list[str]) -> bool:
        if self.busy:
            self.services.say("An import is already running.", 5000)
            return False
        from netcare_desktop.interop.importer import expand_paths

        files = [str(p) for p in expand_paths(paths)]
        if not files:
            self.services.say("No contact files (.vcf, .vcard, .csv, .json) there.", 6000)
            return False
        self.ensure_store()
        from netcare_desktop.store.reminders import read_preferences

        # Numbers without a country code: the region chosen in Preferences, else the locale's.
        region = read_preferences(self.services.reader).phone_region or None
        self.busy = True
        self._show_progress(f"Reading {plural(len(files), 'file')}…")
        mappings, encodings = dict(self.mappings), dict(self.encodings)

        def job(progress, cancelled):
            from netcare_desktop.interop import importer

            sources = []
            for n, path in enumerate(files):
                if cancelled():
                    raise importer.ImportCancelled
                sources.append(importer.read_file(path, mappings.get(path), encodings.get(path)))
                progress(n + 1, len(files) * 2)
            return importer.plan_import(sources, region=region, cancelled=cancelled)

        self._thread, self._worker = run_in_thread(
            self, job, self._planned, self._failed, self._cancelled, self._on_progress
        )
        return True

    def _planned(self, plan) -> None:
        if self.closed:
            return
        self._close_progress()
        self._thread = self._worker = None
        unmapped = [f for f in plan.files if f.needs_mapping and f.path not in self.mappings]
        if unmapped:
            from netcare_desktop.interop.csvformats import FIELDS, suggest_mapping

            f = unmapped[0]
            dialog = MappingDialog(f.path, f.header, suggest_mapping(f.header), FIELDS, self.window)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.mappings[f.path] = dialog.mapping()
                self.busy = False
                self.start([p.path for p in plan.files])
                return
            plan.files = [p for p in plan.files if p is not f]
        if not plan.items:
            self.busy = False
            problems = [i for f in plan.files for i in f.issues]
            why = "\n".join(f"{Path(i.path).name}: {i.message}" for i in problems[:3])
            inform(
                self.window,
                "Nothing to import",
                (
                    "No contacts could be read from the file."
                    if len(plan.files) == 1
                    else "No contacts could be read from the files."
                )
                + (f"\n\n{why}" if why else ""),
                detail="\n".join(str(i) for i in problems),
            )
            self.finished.emit(None)
            return
        dialog = PreviewDialog(plan, self.window)
        self.previewShown.emit(dialog)
        answer = dialog.exec()
        if dialog.reread is not None:  # another code page: read the file again
            self.encodings[dialog.reread[0]] = dialog.reread[1]
            self.busy = False
            self.start([p.path for p in plan.files])
            return
        if answer != QDialog.DialogCode.Accepted:
            self.busy = False
            self.services.say("Import cancelled: nothing was changed.", 5000)
            self.finished.emit(None)
            return
        self._apply(plan)

    # step 2: apply ------------------------------------------------------------------------
    def _apply(self, plan) -> None:
        self._show_progress("Importing…")
        now = utc_now()

        paths = self.services.paths

        def job(progress, cancelled):
            from netcare_desktop.interop import importer
            from netcare_desktop.store import backup

            # More than 100 records: a verified backup first (on this worker thread).
            backup.before_import(paths.database, paths.backups_dir, now, len(plan.items))
            return importer.apply_plan(plan, now, progress=progress, cancelled=cancelled)

        self._thread, self._worker = run_in_thread(
            self, job, self._applied, self._failed, self._cancelled, self._on_progress
        )

    def _applied(self, result) -> None:
        if self.closed:
            return
        self._close_progress()
        self._thread = self._worker = None
        self.busy = False
        self.imported.emit(result)
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        if self.closed:
            return
        self._close_progress()
        self._thread = self._worker = None
        self.busy = False
        warn(
            self.window,
            "Import failed",
            f"The import could not finish and nothing was changed:\n{message}",
        )
        self.finished.emit(None)

    def _cancelled(self) -> None:
        if self.closed:
            return
        self._close_progress()
        self._thread = self._worker = None
        self.busy = False
        self.services.say("Import cancelled: nothing was changed.", 6000)
        self.finished.emit(None)

    def shutdown(self, ms: int = 10000) -> None:
        """Cancel a running job and wait for its thread (closing the window, quitting)."""
        self.closed = True
        try:
            if self._worker is not None:
                self._worker.cancel()
            if self._thread is not None:
                self._thread.quit()
                self._thread.wait(ms)
        except RuntimeError:  # already finished and deleted
            pass
