"""The box a message is written in, new or edited: Enter sends, Shift+Enter starts a new
line, Esc stops (the answer streaming, or the editing)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit


class MessageEdit(QPlainTextEdit):
    send_pressed = Signal()
    stop_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not shift:
            self.send_pressed.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.stop_pressed.emit()
            return
        super().keyPressEvent(event)
