"""The text of a message: read-only text widgets as tall as their text, and the block
stack that shows an answer one widget per block, streaming by touching only the open block.

Text widgets are read-only ``QTextBrowser``s with no scroll bars of their own (the wheel
always scrolls the conversation); each wraps to the width it is given and remembers its
height for the last few widths asked about.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from llamadesk.ui.conversation.code_block import CodeBlock
from llamadesk.ui.conversation.layout import append_widget, height_for_width_policy, vertical_box
from llamadesk.ui.conversation.markdown_blocks import CODE, Block, BlockSplitter, split_blocks
from llamadesk.ui.conversation.markdown_render import render_markdown

if TYPE_CHECKING:
    from llamadesk.ui.conversation.context import ViewContext

MAX_COLUMN_WIDTH = 800  # the reading column, as in most chat apps
STATIC_PROSE_LIMIT = 6000  # prose chunk size for answers that are already complete


class TextBlock(QTextBrowser):
    """Read-only, selectable text exactly as tall as its text; it never scrolls itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)
        self.setOpenLinks(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.document().setDocumentMargin(0)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        self.setLineWrapColumnOrWidth(MAX_COLUMN_WIDTH)
        self.setSizePolicy(height_for_width_policy())
        self._heights: dict[int, int] = {}  # width -> height, for the current content

    def _content_changed(self) -> None:
        self._heights.clear()
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) > 8:
                self._heights.clear()
            self._wrap_to(width)
            height = self._heights[width] = math.ceil(self.document().size().height())
        return height

    def _wrap_to(self, width: int) -> None:
        # The wrap width is ours alone (FixedPixelWidth): QTextEdit would otherwise re-wrap
        # the shared document to its viewport whenever it likes, under our measurements.
        width = max(1, width)
        if self.lineWrapColumnOrWidth() != width:
            self.setLineWrapColumnOrWidth(width)

    def resizeEvent(self, event) -> None:
        self._wrap_to(event.size().width())
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        # Never lays out: the layouts ask heightForWidth for the real height.
        width = self.lineWrapColumnOrWidth()
        return QSize(width, self._heights.get(width, 0))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)

    def wheelEvent(self, event) -> None:
        event.ignore()  # let the conversation scroll


class MarkdownBlock(TextBlock):
    def __init__(self, context: ViewContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self.markdown = ""
        self.setFont(context.theme.body)
        self.document().setDefaultFont(context.theme.body)
        self.anchorClicked.connect(context.link_clicked)

    def set_markdown(self, markdown: str) -> None:
        self.markdown = markdown
        document = self.document()
        render_markdown(document, markdown, self._context.theme)
        self._context.render_stats.count(len(markdown))
        self._content_changed()

    def apply_theme(self) -> None:
        self.setFont(self._context.theme.body)
        self.document().setDefaultFont(self._context.theme.body)
        self.set_markdown(self.markdown)

    def plain_text(self) -> str:
        return self.document().toPlainText()


_measure: QTextDocument | None = None


def _natural_width(text: str, font: QFont) -> int:
    """The width ``text`` would take unwrapped (capped: long texts just take the room)."""
    global _measure
    if len(text) > 20_000:
        return 100_000
    if _measure is None:
        _measure = QTextDocument()
        _measure.setDocumentMargin(0)
    _measure.setDefaultFont(font)
    _measure.setPlainText(text)
    _measure.setTextWidth(-1)
    width = math.ceil(_measure.idealWidth()) + 2
    _measure.clear()
    return width


class PlainBlock(TextBlock):
    """Literal text (user messages): what the user typed, Markdown characters included."""

    def __init__(self, text: str, font: QFont, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFont(font)
        self.set_text(text)

    def set_text(self, text: str) -> None:
        self.plain = text
        document = self.document()
        document.setDefaultFont(self.font())
        self.setPlainText(text)
        self._natural_width = _natural_width(text, self.font())
        self._content_changed()

    def update_text(self, text: str) -> None:
        """Show ``text`` unless it is shown already."""
        if text != self.plain:
            self.set_text(text)

    def set_font(self, font: QFont) -> None:
        """Show the same text in ``font``."""
        self.setFont(font)
        self.set_text(self.plain)

    def sizeHint(self) -> QSize:
        return QSize(self._natural_width, self._heights.get(self._natural_width, 0))


class BlockStack(QWidget):
    """The body of an answer: one widget per block; streams by touching only the open block.

    Blocks sit in groups of ``GROUP_SIZE``; a full group never changes again, so each frame
    of a long streaming answer lays out a handful of groups and the open group, not every
    block of the answer.
    """

    GROUP_SIZE = 16
    SPACING = 10

    def __init__(self, context: ViewContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._layout = vertical_box(self, self.SPACING)
        self._groups: list[QWidget] = []
        self._widgets: list[QWidget] = []
        self._keys: list[tuple[str, str]] = []  # (kind, language) of each widget
        self._splitter: BlockSplitter | None = None
        self._shown_finished = 0
        self._parts: list[str] = []
        self._touched: list[QWidget] = []  # block widgets changed since take_touched()

    def take_touched(self) -> list[QWidget]:
        touched, self._touched = self._touched, []
        return touched

    @property
    def streaming(self) -> bool:
        return self._splitter is not None

    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts[:] = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def set_markdown(self, markdown: str) -> None:
        self._splitter = None
        self._parts = [markdown]
        blocks = split_blocks(markdown, STATIC_PROSE_LIMIT, None)
        for index, block in enumerate(blocks):
            self._show(index, block, complete=True)
        self._truncate(len(blocks))

    def begin_stream(self, initial: str = "") -> None:
        self._splitter = BlockSplitter()
        self._shown_finished = 0
        self._parts = []
        self._truncate(0)
        if initial:
            self.feed(initial)

    def feed(self, text: str) -> None:
        if self._splitter is None:
            return
        self._parts.append(text)
        self._splitter.feed(text)
        self._sync()

    def end_stream(self) -> None:
        if self._splitter is None:
            return
        self._splitter.finish()
        self._sync()
        self._splitter = None

    def _sync(self) -> None:
        splitter = self._splitter
        finished = splitter.finished
        for index in range(self._shown_finished, len(finished)):
            self._show(index, finished[index], complete=True)
        self._shown_finished = len(finished)
        pending = splitter.pending()
        if pending is not None:
            self._show(len(finished), pending, complete=False)
        self._truncate(len(finished) + (pending is not None))

    def _show(self, index: int, block: Block, complete: bool) -> None:
        key = (block.kind, block.language if block.kind == CODE else "")
        if index < len(self._widgets) and self._keys[index] != key:
            self._truncate(index)
        if index == len(self._widgets):
            if index % self.GROUP_SIZE == 0:
                group = QWidget(self)
                vertical_box(group, self.SPACING)
                self._groups.append(group)
                append_widget(self._layout, group)
                if self.isVisible():
                    group.show()
            group = self._groups[-1]
            widget = (
                CodeBlock(block.language, self._context, group, streaming=self.streaming)
                if block.kind == CODE
                else MarkdownBlock(self._context, group)
            )
            self._widgets.append(widget)
            self._keys.append(key)
            append_widget(group.layout(), widget)
            if group.isVisible():
                widget.show()
        widget = self._widgets[index]
        if block.kind == CODE:
            if widget.code != block.text or complete != widget.complete:
                widget.set_code(block.text, complete)
                self._touched.append(widget)
        elif widget.markdown != block.text:
            widget.set_markdown(block.text)
            self._touched.append(widget)

    def _truncate(self, count: int) -> None:
        while len(self._widgets) > count:
            widget = self._widgets.pop()
            self._keys.pop()
            group = self._groups[len(self._widgets) // self.GROUP_SIZE]
            group.layout().removeWidget(widget)
            widget.hide()
            widget.deleteLater()
            if len(self._widgets) % self.GROUP_SIZE == 0:
                self._groups.pop()
                self._layout.removeWidget(group)
                group.hide()
                group.deleteLater()

    def block_widgets(self) -> list[QWidget]:
        return list(self._widgets)

    def apply_theme(self) -> None:
        for widget in self._widgets:
            widget.apply_theme()
