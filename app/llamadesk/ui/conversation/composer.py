"""Where the user writes: Enter sends, Shift+Enter starts a new line, Esc stops."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QWidget

from llamadesk.ui.conversation.message_edit import MessageEdit
from llamadesk.ui.conversation.view import MAX_COLUMN_WIDTH

MAX_VISIBLE_LINES = 8
COLUMN_WIDTH = MAX_COLUMN_WIDTH + 80
EDIT_PADDING = 12  # the style sheet's vertical padding inside the box


class Composer(QWidget):
    """The message box with its Send / Stop button."""

    send_requested = Signal(str)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self._generating = False
        self._ready, self._reason, self._hint = True, "", ""
        self.edit = MessageEdit()
        self.edit.setObjectName("composerEdit")
        self.edit.setTabChangesFocus(True)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.document().contentsChanged.connect(self._fit_height)
        self.edit.send_pressed.connect(self._on_send)
        self.edit.stop_pressed.connect(self.stop_requested)
        self.button = QPushButton()
        self.button.setObjectName("sendButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self._on_button)
        column = QWidget()  # as wide as the conversation's reading column, centred under it
        column.setMaximumWidth(COLUMN_WIDTH)
        row = QHBoxLayout(column)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 16)
        layout.addWidget(column)
        self.set_generating(False)
        self._show_placeholder()
        self._fit_height()

    def set_generating(self, generating: bool) -> None:
        """While an answer streams the button stops it; the text box stays editable."""
        self._generating = generating
        self.button.setText(self.tr("Stop") if generating else self.tr("Send"))
        self.button.setToolTip(
            self.tr("Stop the answer (Esc)") if generating else self.tr("Send the message (Enter)")
        )
        self.button.setProperty("stop", generating)
        self.button.style().unpolish(self.button)
        self.button.style().polish(self.button)

    def set_ready(self, ready: bool, reason: str = "") -> None:
        """Without a loaded model nothing can be sent; ``reason`` says why."""
        self.button.setEnabled(ready or self._generating)
        self._ready, self._reason = ready, reason
        self._show_placeholder()

    def set_hint(self, hint: str) -> None:
        """What to write, once a model is ready ("" for a message to the model)."""
        self._hint = hint
        self._show_placeholder()

    def _show_placeholder(self) -> None:
        placeholder = (
            (
                self._hint
                or self.tr("Message the model… (Enter to send, Shift+Enter for a new line)")
            )
            if self._ready
            else self._reason
        )
        if placeholder != self.edit.placeholderText():
            self.edit.setPlaceholderText(placeholder)
            # Qt repaints the box only when the placeholder appears or goes, not when a
            # shown one changes its words: the old ones stayed until a key was pressed.
            self.edit.viewport().update()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)

    def focus(self) -> None:
        self.edit.setFocus()

    def _on_button(self) -> None:
        if self._generating:
            self.stop_requested.emit()
        else:
            self._on_send()

    def _on_send(self) -> None:
        text = self.text().strip()
        if text and not self._generating and self.button.isEnabled():
            self.edit.clear()
            self.send_requested.emit(text)

    def _fit_height(self) -> None:
        """Grow with the text up to MAX_VISIBLE_LINES, then scroll."""
        line = self.edit.fontMetrics().lineSpacing()
        wanted = int(self.edit.document().size().height())  # lines, in a plain text edit
        lines = max(2, min(MAX_VISIBLE_LINES, wanted))
        self.edit.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if wanted > MAX_VISIBLE_LINES
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        chrome = 2 * self.edit.frameWidth() + 2 * int(self.edit.document().documentMargin())
        self.edit.setFixedHeight(lines * line + chrome + EDIT_PADDING)

    def sizeHint(self) -> QSize:
        return QSize(400, self.edit.height() + 24)
