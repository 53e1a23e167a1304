"""An answer's reasoning: a quiet, foldable block above the answer.

While the model thinks, its header reads "Thinking… 4 s" with a live timer; afterwards
"Thought for 12 s". It is folded by default (the user's choice is remembered by the
window); unfolded, the reasoning reads in muted text beside a thin bar, and streams there
as it arrives. Folded, nothing is laid out: the text is only kept.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from llamadesk.ui.common import icon
from llamadesk.ui.conversation.layout import height_for_width_policy, no_margins
from llamadesk.ui.conversation.text_blocks import TextBlock
from llamadesk.ui.conversation.text_bounds import (
    ELLIPSIS,
    LINE_LIMIT,
    MESSAGE_BUDGET,
    SOURCE_LIMIT,
    bound_text,
)
from llamadesk.ui.conversation.theme import set_text_colour

if TYPE_CHECKING:
    from llamadesk.ui.conversation.context import ViewContext

BAR_WIDTH = 2
BAR_GAP = 12


class ThoughtText(TextBlock):
    """The reasoning's text: plain, muted, appended to as it streams. Bounded as an
    answer is (``text_bounds``): lines cut at LINE_LIMIT, MESSAGE_BUDGET characters in all;
    past that it ends in "…" (the whole reasoning is still kept, copied and exported)."""

    def __init__(self, context: ViewContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self.cut = False
        self._shown = 0  # characters rendered
        self._column = 0  # characters in the last line
        self.apply_theme()

    def set_text(self, text: str) -> None:
        shown = bound_text(text[:SOURCE_LIMIT].strip("\n"), MESSAGE_BUDGET, rows_cost=False)
        self.cut = shown.cut or len(text) > SOURCE_LIMIT
        self._shown = len(shown.text)
        self._column = len(shown.text) - shown.text.rfind("\n") - 1
        self.setPlainText(shown.text + (ELLIPSIS if self.cut else ""))
        self._content_changed()

    def append(self, text: str) -> None:
        """More reasoning: laid out incrementally, at the end only, until the bound."""
        if self.cut:
            return
        if self.document().isEmpty():
            text = text.lstrip("\n")
        newline = text.rfind("\n")
        longest = max(len(line) for line in text.split("\n")) if newline >= 0 else 0
        column = len(text) - newline - 1 if newline >= 0 else self._column + len(text)
        if max(longest, column) > LINE_LIMIT or self._shown + len(text) > MESSAGE_BUDGET:
            self.cut, text = True, ELLIPSIS
        self._shown += len(text)
        self._column = column
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        self._content_changed()

    def apply_theme(self) -> None:
        theme = self._context.theme
        self.setFont(theme.small)
        self.document().setDefaultFont(theme.small)
        set_text_colour(self, theme.muted)
        self._content_changed()


class _Body(QWidget):
    """The unfolded reasoning, with a thin bar on its left."""

    def __init__(self, context: ViewContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self.setSizePolicy(height_for_width_policy())
        layout = no_margins(QHBoxLayout(self), 0)
        layout.setContentsMargins(BAR_WIDTH + BAR_GAP, 2, 0, 2)
        self.text = ThoughtText(context, self)
        layout.addWidget(self.text)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._context.theme.border)
        painter.drawRoundedRect(QRectF(5, 0, BAR_WIDTH, self.height()), 1, 1)


class ThinkingBlock(QWidget):
    """The reasoning of one answer: a header that folds and unfolds it, and the text."""

    toggled = Signal(bool)  # the user unfolded (True) or folded it

    def __init__(self, context: ViewContext, parent: QWidget, *, expanded: bool) -> None:
        super().__init__(parent)
        self._context = context
        self.text = ""
        self.expanded = expanded
        self.thinking_now = False  # reasoning is streaming in
        self.seconds: float | None = None  # how long the model thought, once known
        self._started = 0.0
        self.setSizePolicy(height_for_width_policy())
        layout = no_margins(QVBoxLayout(self), 4)
        self.header = QToolButton(self)
        self.header.setObjectName("thinkingHeader")
        self.header.setAutoRaise(True)
        self.header.setCursor(Qt.CursorShape.PointingHandCursor)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.clicked.connect(self._on_clicked)
        layout.addWidget(self.header, 0, Qt.AlignmentFlag.AlignLeft)
        self.body: _Body | None = None  # made when first unfolded
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._show_header)
        self.apply_theme()
        self._show_body()

    # ------------------------------------------------------------ content
    def set_thinking(self, text: str, seconds: float | None) -> None:
        """A finished reasoning (a stored answer's)."""
        self.text, self.seconds = text, seconds
        self.thinking_now = False
        self._timer.stop()
        if self.body is not None:
            self.body.text.set_text(text)
        self._show_header()

    def begin(self) -> None:
        """The model started thinking: the timer runs."""
        self.thinking_now = True
        self._started = time.monotonic()
        self._timer.start()
        self._show_header()

    def feed(self, text: str) -> None:
        if not self.thinking_now:
            self.begin()
        self.text += text
        if self.body is not None and self.expanded:
            self.body.text.append(text)

    def end(self, seconds: float | None = None) -> None:
        """The model stopped thinking (it answers now, or was stopped)."""
        if self.thinking_now:
            self.seconds = time.monotonic() - self._started if seconds is None else seconds
        elif seconds is not None:
            self.seconds = seconds
        self.thinking_now = False
        self._timer.stop()
        self._show_header()

    def set_expanded(self, expanded: bool) -> None:
        self.expanded = expanded
        self._show_body()

    # ------------------------------------------------------------ look
    def apply_theme(self) -> None:
        theme = self._context.theme
        self.header.setFont(theme.small)
        set_text_colour(self.header, theme.muted)
        if self.body is not None:
            self.body.text.apply_theme()
            self.body.update()
        self._show_header()

    def header_text(self) -> str:
        if self.thinking_now:
            elapsed = int(time.monotonic() - self._started)
            return self.tr("Thinking… {seconds} s").format(seconds=elapsed)
        if self.seconds is None:
            return self.tr("Thoughts")
        if self.seconds < 1:
            return self.tr("Thought for less than a second")
        return self.tr("Thought for {seconds} s").format(seconds=round(self.seconds))

    def _show_header(self) -> None:
        self.header.setText(self.header_text())
        name = "chevron-down" if self.expanded else "chevron-right"
        self.header.setIcon(icon(name, self._context.theme.muted))
        self.header.setToolTip(
            self.tr("Hide the model's reasoning")
            if self.expanded
            else self.tr("Show the model's reasoning")
        )

    def _show_body(self) -> None:
        if self.expanded and self.body is None:
            self.body = _Body(self._context, self)
            self.body.text.set_text(self.text)
            self.layout().addWidget(self.body)
        elif self.expanded:
            self.body.text.set_text(self.text)
        if self.body is not None:
            self.body.setVisible(self.expanded)
        self._show_header()
        self.updateGeometry()

    def _on_clicked(self) -> None:
        self.set_expanded(not self.expanded)
        self.toggled.emit(self.expanded)
