"""Where the user writes: Enter sends, Shift+Enter starts a new line, Esc stops.

Documents go with a message as chips above the box: the paperclip chooses files, and files
dropped on the box come too. Under the chips a line says what the documents take of the
context window; whoever reads and counts them (the window's attachment controller) fills in
the chips and that line, and may hold the message back (:meth:`Composer.set_blocked`) while
a document is read or when it does not fit: Send then says why, and keeps the text.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from llamadesk.ui.common import icon, local_files
from llamadesk.ui.conversation.attachment_chips import AttachmentChip, ChipFlow
from llamadesk.ui.conversation.message_edit import MessageEdit
from llamadesk.ui.conversation.theme import Theme, set_text_colour
from llamadesk.ui.conversation.view import MAX_COLUMN_WIDTH

MAX_VISIBLE_LINES = 8
COLUMN_WIDTH = MAX_COLUMN_WIDTH + 80
EDIT_PADDING = 12  # the style sheet's vertical padding inside the box
GAUGE_STATES = ("normal", "warning", "error")


class _MessageEdit(MessageEdit):
    files_dropped = Signal(list)  # paths: files dropped on the box are attached, not pasted
    resized = Signal()  # its text (or placeholder) wraps anew

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.resized.emit()

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return bool(local_files(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = local_files(source)
        if files:
            self.files_dropped.emit(files)
        else:
            super().insertFromMimeData(source)


class Composer(QWidget):
    """The message box with its Send / Stop button, its attach button and its documents."""

    send_requested = Signal(str)
    stop_requested = Signal()
    attach_requested = Signal()  # the paperclip: choose files to attach
    files_dropped = Signal(list)  # paths dropped on the box
    attachment_removed = Signal(int)  # a chip's key: the user took that document off

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self._generating = False
        self._ready, self._reason, self._hint = True, "", ""
        self._blocked = ""  # why the message may not be sent now ("": it may)
        self._chips: dict[int, AttachmentChip] = {}
        self.edit = _MessageEdit()
        self.edit.setObjectName("composerEdit")
        self.edit.setTabChangesFocus(True)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.document().contentsChanged.connect(self._fit_height)
        # Queued: resizing the box from inside its own resize left its inside at the old size
        self.edit.resized.connect(self._fit_height, Qt.ConnectionType.QueuedConnection)
        self.edit.send_pressed.connect(self._on_send)
        self.edit.stop_pressed.connect(self.stop_requested)
        self.edit.files_dropped.connect(self.files_dropped)
        self.attach_button = QToolButton()
        self.attach_button.setObjectName("attachButton")
        self.attach_button.setAutoRaise(True)
        self.attach_button.setIconSize(QSize(20, 20))
        self.attach_button.setCursor(Qt.CursorShape.PointingHandCursor)
        attach = self.tr("Attach documents: text, Markdown, code, PDF or Word (or drop them here)")
        self.attach_button.setToolTip(attach)
        self.attach_button.setAccessibleName(self.tr("Attach documents"))
        self.attach_button.clicked.connect(self.attach_requested)
        self.button = QPushButton()
        self.button.setObjectName("sendButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self._on_button)
        self.chips = QWidget()
        self.chips.setObjectName("attachmentChips")
        self._flow = ChipFlow(self.chips)
        self.chips.hide()
        self.gauge = QLabel()
        self.gauge.setObjectName("attachmentGauge")
        self.gauge.setWordWrap(True)
        self.gauge.setTextFormat(Qt.TextFormat.PlainText)
        self.gauge.setProperty("state", "normal")
        self.gauge.hide()
        column = QWidget()  # as wide as the conversation's reading column, centred under it
        column.setMaximumWidth(COLUMN_WIDTH)
        stack = QVBoxLayout(column)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(6)
        stack.addWidget(self.chips)
        stack.addWidget(self.gauge)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignBottom)
        stack.addLayout(row)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 16)
        layout.addWidget(column)
        self.set_generating(False)
        self._apply_palette()
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
            self._fit_height()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)

    def focus(self) -> None:
        self.edit.setFocus()

    # ------------------------------------------------------------ documents
    def add_chip(self, key: int, name: str) -> AttachmentChip:
        """Show a document being attached (``key`` names it in later calls)."""
        chip = AttachmentChip(name, self.chips, removable=True)
        chip.remove_requested.connect(lambda: self.attachment_removed.emit(key))
        self._chips[key] = chip
        self._flow.addWidget(chip)
        self.chips.show()
        return chip

    def chip(self, key: int) -> AttachmentChip | None:
        return self._chips.get(key)

    def remove_chip(self, key: int) -> None:
        chip = self._chips.pop(key, None)
        if chip is not None:
            self._flow.removeWidget(chip)
            chip.deleteLater()
        self.chips.setVisible(bool(self._chips))

    @property
    def has_attachments(self) -> bool:
        return bool(self._chips)

    def set_gauge(self, text: str, state: str = "normal", tooltip: str = "") -> None:
        """The line under the chips: what the documents take of the context window
        (``state``: "normal", "warning" or "error"); empty text hides it."""
        self.gauge.setText(text)
        self.gauge.setToolTip(tooltip)
        self.gauge.setProperty("state", state if state in GAUGE_STATES else "normal")
        self.gauge.setVisible(bool(text))
        self._apply_palette()

    def set_blocked(self, reason: str) -> None:
        """Hold the message back for ``reason`` (a sentence), or let it go (""). Sending
        while held shows the reason and keeps the text."""
        self._blocked = reason

    # ------------------------------------------------------------ sending
    def _on_button(self) -> None:
        if self._generating:
            self.stop_requested.emit()
        else:
            self._on_send()

    def _on_send(self) -> None:
        text = self.text().strip()
        if not (text or self._chips) or self._generating or not self.button.isEnabled():
            return
        if self._blocked:
            self.set_gauge(self._blocked, "error")
            return
        self.edit.clear()
        self.send_requested.emit(text)

    def _apply_palette(self) -> None:
        theme = Theme.from_widget(self)
        colours = {"normal": theme.muted, "warning": theme.warning, "error": theme.error}
        set_text_colour(self.gauge, colours[self.gauge.property("state") or "normal"])
        self.attach_button.setIcon(icon("paperclip", theme.muted))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.StyleChange):
            self._apply_palette()

    def _fit_height(self) -> None:
        """Grow with the text up to MAX_VISIBLE_LINES, then scroll; an empty box shows the
        whole of its placeholder (in a narrow window it wraps to three lines)."""
        metrics = self.edit.fontMetrics()
        line = metrics.lineSpacing()
        wanted = int(self.edit.document().size().height())  # lines, in a plain text edit
        if self.edit.document().isEmpty() and self.edit.placeholderText():
            margin = 2 * int(self.edit.document().documentMargin())
            width = max(1, self.edit.viewport().width() - margin)
            bounds = QRect(0, 0, width, MAX_VISIBLE_LINES * line)
            flags = Qt.TextFlag.TextWordWrap
            shown = metrics.boundingRect(bounds, flags, self.edit.placeholderText())
            wanted = max(wanted, round(shown.height() / line))
        lines = max(2, min(MAX_VISIBLE_LINES, wanted))
        self.edit.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if wanted > MAX_VISIBLE_LINES
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        chrome = 2 * self.edit.frameWidth() + 2 * int(self.edit.document().documentMargin())
        self.edit.setFixedHeight(lines * line + chrome + EDIT_PADDING)

    def sizeHint(self) -> QSize:
        return QSize(400, self.layout().sizeHint().height())
