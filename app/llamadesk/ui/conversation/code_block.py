"""A fenced code block of an answer: a rounded panel with a header (language, Copy) and
the code, highlighted line by line while it streams and as a whole once it is done."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette, QPen, QTextCursor, QTextOption
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from llamadesk.ui.conversation.code_highlight import PygmentsHighlighter
from llamadesk.ui.conversation.message_parts import CopyButton
from llamadesk.ui.conversation.theme import rounded_panel

if TYPE_CHECKING:
    from llamadesk.ui.conversation.context import ViewContext


class _CodeEditor(QPlainTextEdit):
    """The body of a code block: no wrapping, scrolls sideways, exactly as tall as its lines."""

    def __init__(self, font: QFont, parent: QWidget) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.viewport().setAutoFillBackground(False)
        self.setWordWrapMode(QTextOption.WrapMode.NoWrap)
        self.document().setUndoRedoEnabled(False)
        self.document().setDocumentMargin(12)
        self.setFont(font)
        self.document().setDefaultFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.horizontalScrollBar().rangeChanged.connect(self.update_height)
        self.update_height()

    def update_height(self) -> None:
        document = self.document()
        line = self.blockBoundingRect(document.firstBlock()).height()
        if line <= 0:
            line = QFontMetrics(self.font()).lineSpacing()
        margins = 2 * math.ceil(document.documentMargin()) + 2
        height = math.ceil(document.blockCount() * line) + margins
        if self.horizontalScrollBar().maximum() > 0:
            height += self.horizontalScrollBar().sizeHint().height()
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def wheelEvent(self, event) -> None:
        delta = event.angleDelta()
        if abs(delta.x()) > abs(delta.y()):
            super().wheelEvent(event)
        else:
            event.ignore()


class CodeBlock(QFrame):
    """A fenced code block: a rounded panel with a header (language, Copy) and the code."""

    RADIUS = 8

    def __init__(
        self, language: str, context: ViewContext, parent: QWidget, streaming: bool = False
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.language = language
        self.code = ""
        self._shown = ""  # what the editor holds: the code, or its start when it is too long
        self.complete = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        self._header = QWidget(self)
        header = QHBoxLayout(self._header)
        header.setContentsMargins(12, 2, 4, 2)
        self._language_label = QLabel(language or self.tr("code"), self._header)
        self._language_label.setFont(context.theme.small)
        header.addWidget(self._language_label)
        header.addStretch(1)
        self.copy_button = CopyButton(lambda: self.code, context, self._header, label=True)
        header.addWidget(self.copy_button)
        layout.addWidget(self._header)
        self.editor = _CodeEditor(context.theme.mono, self)
        self.highlighter = PygmentsHighlighter(
            self.editor.document(), language, context.theme.dark, incremental=streaming
        )
        layout.addWidget(self.editor)
        self._apply_label_colour()

    def set_code(self, code: str, complete: bool, shown: str | None = None) -> None:
        """Show ``code``, or ``shown`` (its start) when it is too long to render whole; Copy
        takes all of ``code``. While streaming only the part that changed is touched."""
        shown = code if shown is None else shown
        before = self._shown
        self.code = code
        if shown == before:
            if complete and not self.complete:
                self.highlighter.set_complete(shown)
            self.complete = complete
            self._show_label()
            return
        if not before:
            self.editor.setPlainText(shown)
            rendered = len(shown)
        else:
            keep = len(before) if shown.startswith(before) else 0
            if not keep:  # the unfinished last line changed (rare): redo from its start
                keep = before.rfind("\n", 0, len(before)) + 1
                while keep and not shown.startswith(before[:keep]):
                    keep = before.rfind("\n", 0, keep - 1) + 1
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(keep)
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(shown[keep:])
            rendered = len(shown) - keep
        if complete:
            self.highlighter.set_complete(shown)
        self._shown = shown
        self.complete = complete
        self._show_label()
        self._context.render_stats.count(rendered)
        self.editor.update_height()

    @property
    def cut(self) -> bool:
        return len(self._shown) < len(self.code)

    def _show_label(self) -> None:
        language = self.language or self.tr("code")
        if self.cut:  # e.g. "python · the first 2,222 lines" (of a text perhaps read in part)
            lines = QLocale().toString(self._shown.count("\n") + 1)
            language = self.tr("{language} · the first {lines} lines").format(
                language=language, lines=lines
            )
        if self._language_label.text() != language:
            self._language_label.setText(language)

    def plain_text(self) -> str:
        return self.code

    def apply_theme(self) -> None:
        theme = self._context.theme
        self._language_label.setFont(theme.small)
        self.copy_button.setFont(theme.small)
        self.copy_button.apply_theme()
        self.editor.setFont(theme.mono)
        self.editor.document().setDefaultFont(theme.mono)
        self.highlighter.set_dark(theme.dark)
        self._apply_label_colour()
        self.editor.update_height()
        self.update()

    def _apply_label_colour(self) -> None:
        palette = self._language_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, self._context.theme.muted)
        self._language_label.setPalette(palette)
        self.copy_button.setPalette(palette)

    def paintEvent(self, event) -> None:
        theme = self._context.theme
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter, outline = rounded_panel(self, rect, self.RADIUS)
        painter.fillPath(outline, theme.code_background)
        painter.save()
        painter.setClipPath(outline)
        header_height = self._header.geometry().bottom() + 1
        header = QRectF(rect.left(), rect.top(), rect.width(), header_height)
        painter.fillRect(header, theme.code_header)
        painter.restore()
        painter.setPen(QPen(theme.border, 1))
        painter.drawPath(outline)
