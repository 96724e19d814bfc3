"""After an import, Undo Last Import and Import History…: what an import did, taken back.

The import itself runs in ``import_flow.ImportController``; this module says what it
did, and undoes a batch after showing what goes and what stays.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer

from netcare_desktop.ui.formatting import datetime_text, number_text, plural
from netcare_desktop.ui.messages import Button, Icon, Role, box
from netcare_desktop.ui.services import Services


class ImportHistory(QObject):
    def __init__(self, services: Services, start: Callable[[list[str]], object], parent=None):
        super().__init__(parent)
        self.services = services
        self.start = start  # ImportController.start: read, plan, preview, apply

    def choose_import(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(
            self.services.window,
            "Import contacts",
            str(Path.home()),
            "Contact files (*.vcf *.vcard *.csv *.json);;vCard (*.vcf *.vcard);;CSV (*.csv);;NetCare JSON (*.json)",
        )
        if files:
            self.start(files)

    def after_import(self, result) -> None:
        self.services.changed()
        self.services.say(
            f"Imported: {result.created} new, {result.merged} merged, {result.unchanged} unchanged"
            + (
                f", {plural(result.possible_duplicates, 'possible duplicate')}"
                if result.possible_duplicates
                else ""
            )
            + (f", {plural(result.kept_aside, 'value')} kept aside" if result.kept_aside else "")
            + (
                f". Merged: {result.merges[0]}"
                + (f" (and {len(result.merges) - 1} more)" if len(result.merges) > 1 else "")
                if result.merges
                else ""
            )
            + ". Edit → Undo Last Import takes it back.",
            15000,
        )
        self._offer_circle_step(getattr(result, "batch_id", None))

    def _offer_circle_step(self, batch_id: int | None) -> None:
        """After the first import into a database without circles: choose circles (once)."""
        from netcare_desktop.store import first_run

        if first_run.should_offer_circle_step(self.services.reader, batch_id):
            assert batch_id is not None
            QTimer.singleShot(0, lambda: self.show_circle_step(batch_id))

    def show_circle_step(self, batch_id: int) -> None:
        """The imported people with a checkbox each and a circle to put them in (not modal)."""
        from netcare_desktop.store import contacts, first_run
        from netcare_desktop.ui.circle_step import CircleStepDialog

        s = self.services
        people = first_run.imported_contacts(s.reader, batch_id)
        if not people:
            return
        s.ensure_store()
        circles = [(c.id, c.name, c.cadence_days) for c in contacts.circles()]
        dialog = CircleStepDialog(s, people, circles, s.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: first_run.dismiss_circle_step())
        self.circle_step = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def undo_last_import(self) -> None:
        self.services.ensure_store()
        from netcare_desktop.interop import importer

        batch = next((b for b in importer.batches(20) if not b.undone), None)
        if batch is None:
            self.services.say("No import to undo.", 5000)
            return
        self.undo_batch(batch)

    def undo_batch(self, batch) -> None:
        """Ask, showing what goes and what stays; contacts touched since stay unless chosen."""
        from netcare_desktop.interop import importer

        s = self.services
        try:
            plan = importer.preview_undo(batch.id)
        except (LookupError, ValueError) as exc:
            s.say(f"Cannot undo: {exc.args[0]}.", 8000)
            return
        question = box(
            s.window,
            Icon.Question,
            "Undo import",
            f"Undo the import of {datetime_text(batch.created_at)} ({batch.source})?\n\n"
            + "\n".join(plan.lines(names=8)),
        )
        question.setStandardButtons(Button.Yes | Button.Cancel)
        question.setDefaultButton(Button.Yes)
        delete_too = None
        if plan.touched:
            question.button(Button.Yes).setText("Undo, &Keep Them")
            delete_too = question.addButton("Undo and &Delete Them Too", Role.DestructiveRole)
            question.setInformativeText(
                f"{plural(len(plan.touched), 'contact')} this import created"
                f" {'was' if len(plan.touched) == 1 else 'were'} touched or edited "
                "since. Keep them, or delete them with the rest?"
            )
        question.exec()
        clicked = question.clickedButton()
        if clicked is None or (
            clicked is not delete_too and clicked is not question.button(Button.Yes)
        ):
            return
        try:
            done = importer.undo(batch.id, delete_touched=clicked is delete_too)
        except (LookupError, ValueError) as exc:
            s.say(f"Cannot undo: {exc.args[0]}.", 8000)
            return
        s.current.set(None)
        s.changed()
        kept = len(done.kept_contacts)
        s.say(
            f"Import undone: {done.deleted} removed, {len(done.changed)} restored"
            + (f", {kept} kept (touched since the import)." if kept else "."),
            8000,
        )

    def show_history(self) -> None:
        self.services.ensure_store()
        from PySide6.QtWidgets import (
            QDialog,
            QDialogButtonBox,
            QListWidget,
            QListWidgetItem,
            QVBoxLayout,
        )

        from netcare_desktop.interop import importer

        dialog = QDialog(self.services.window)
        dialog.setWindowTitle("Import history")
        dialog.resize(620, 360)
        listing = QListWidget()
        listing.setAccessibleName("Past imports")
        for b in importer.batches(100):
            s = b.summary or {}
            text = (
                f"{datetime_text(b.created_at)}  {number_text(s.get('created', 0))} new,"
                f" {number_text(s.get('merged', 0))} merged"
                f"  {b.source}" + ("  (undone)" if b.undone else "")
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, b.id)
            if b.undone:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            listing.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        undo = buttons.addButton("&Undo This Import", QDialogButtonBox.ButtonRole.ActionRole)
        undo.setEnabled(False)
        listing.currentItemChanged.connect(
            lambda cur, _prev: undo.setEnabled(
                cur is not None and bool(cur.flags() & Qt.ItemFlag.ItemIsEnabled)
            )
        )

        def do_undo() -> None:
            item = listing.currentItem()
            batch = next(
                (b for b in importer.batches(100) if b.id == item.data(Qt.ItemDataRole.UserRole)),
                None,
            )
            if batch is not None:
                dialog.accept()
                self.undo_batch(batch)

        undo.clicked.connect(do_undo)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(listing)
        layout.addWidget(buttons)
        dialog.exec()
