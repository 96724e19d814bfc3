"""Every confirmation, warning and error shows its text literally, never as rich text."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from netcare_desktop.ui import messages

UI = Path(messages.__file__).parent


def _labels(box: QMessageBox) -> dict[str, QLabel]:
    return {lab.objectName(): lab for lab in box.findChildren(QLabel) if lab.text()}


def test_a_failed_export_to_a_path_with_markup_shows_the_path_literally(
    qtbot, window, answer_modal, tmp_path
):
    target = tmp_path / "<b>x</b>" / "a<b.vcf"  # the folder does not exist: the export fails
    seen = {}

    def read(box: QMessageBox) -> None:
        label = _labels(box)["qt_msgbox_label"]
        seen["text"], seen["format"] = label.text(), label.textFormat()
        box.close()

    answer_modal(
        lambda: window.export_to(str(target), "vcf", None), read, want=QMessageBox, wait=True
    )
    assert seen["text"].startswith(f"Could not write {target}:")
    assert "<b>x</b>" in seen["text"] and seen["format"] == Qt.TextFormat.PlainText


def test_warnings_confirmations_and_their_details_are_plain_text(qtbot, answer_modal):
    seen = {}

    def read(box: QMessageBox) -> None:
        seen["labels"] = {
            name: (lab.text(), lab.textFormat()) for name, lab in _labels(box).items()
        }
        box.close()

    answer_modal(lambda: messages.warn(None, "Oops", "Error: <b>x</b> in /tmp/a<b"), read)
    assert seen["labels"]["qt_msgbox_label"] == (
        "Error: <b>x</b> in /tmp/a<b",
        Qt.TextFormat.PlainText,
    )
    answer_modal(lambda: messages.confirm(None, "Sure?", "Delete <i>Ada</i>?"), read)
    assert seen["labels"]["qt_msgbox_label"] == ("Delete <i>Ada</i>?", Qt.TextFormat.PlainText)


def test_no_message_box_in_the_ui_bypasses_the_messages_module():
    """QMessageBox is built in ui/messages.py only (the static helpers guess rich text)."""
    offenders = []
    for path in sorted(UI.glob("*.py")) + [UI.parent / "app.py"]:
        if path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Name) and node.id == "QMessageBox":
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr == "QMessageBox":
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
