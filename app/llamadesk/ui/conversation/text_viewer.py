"""The whole text of a message that is too long to render, in a plain-text window.

``QPlainTextEdit`` lays out only what is on screen, so megabytes scroll smoothly; it is
filled a slice at a time (one slice per turn of the event loop) so that the window never
stops answering, and lines longer than :data:`DISPLAY_LINE` characters are shown broken
(one line of a megabyte takes seconds to lay out). Copy takes the text exactly as it is.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

DISPLAY_LINE = 2_000  # characters per shown line; longer ones continue on the next
SLICE = 256 * 1024  # characters added to the window per turn of the event loop


def display_slices(text: str) -> Iterator[str]:
    """``text`` in slices of about SLICE characters, long lines broken every DISPLAY_LINE."""
    pending: list[str] = []
    size = 0
    for line in text.split("\n"):
        pieces = [line[i : i + DISPLAY_LINE] for i in range(0, len(line), DISPLAY_LINE)]
        for piece in pieces or [""]:
            pending.append(piece)
            size += len(piece) + 1
            if size >= SLICE:
                yield "\n".join(pending) + "\n"
                pending, size = [], 0
    if pending:
        yield "\n".join(pending)


class TextViewer(QDialog):
    """A window with ``text`` as plain text, read-only, and a Copy button; ``note`` says
    what the text is (by default: a message's whole text)."""

    def __init__(
        self, title: str, text: str, font: QFont, parent: QWidget | None = None, note: str = ""
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 700)
        self.text = text
        layout = QVBoxLayout(self)
        note = QLabel(
            note
            or self.tr(
                "The whole text, as it was written. Very long lines are shown broken; Copy "
                "takes them as they are."
            ),
            self,
        )
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.editor = QPlainTextEdit(self)
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setUndoRedoEnabled(False)
        self.editor.setFont(font)
        layout.addWidget(self.editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(
            self.tr("Copy all"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self._copy)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self._slices = display_slices(text)
        self._filler = QTimer(self)
        self._filler.setInterval(0)
        self._filler.timeout.connect(self._add_slice)
        self._filler.start()

    @property
    def loading(self) -> bool:
        return self._filler.isActive()

    def _add_slice(self) -> None:
        piece = next(self._slices, None)
        if piece is None:
            self._filler.stop()
            return
        cursor = QTextCursor(self.editor.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(piece)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
