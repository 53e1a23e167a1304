"""The text of a message: read-only text widgets as tall as their text, and the block
stack that shows an answer one widget per block, streaming by touching only the open block.

Text widgets are read-only ``QTextBrowser``s with no scroll bars of their own (the wheel
always scrolls the conversation); each wraps to the width it is given and remembers its
height for the last few widths asked about. They never load a resource a message names.
What they render is bounded (``text_bounds``): ``cut`` says when some of it is not shown.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFont, QPainter, QTextDocument
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from llamadesk.ui.conversation.code_block import CodeBlock
from llamadesk.ui.conversation.layout import append_widget, height_for_width_policy, vertical_box
from llamadesk.ui.conversation.markdown_blocks import (
    CODE,
    STREAM_HARD_LIMIT,
    Block,
    BlockSplitter,
    split_blocks,
)
from llamadesk.ui.conversation.markdown_render import quote_bars, render_markdown
from llamadesk.ui.conversation.text_bounds import (
    BLOCK_LIMIT,
    MESSAGE_BUDGET,
    SOURCE_LIMIT,
    Bounded,
    bound_text,
)

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

    def loadResource(self, type: int, name: QUrl) -> QByteArray:
        """Nothing a message names is read here: QTextBrowser would read local files (an
        empty answer, not None: None makes the document read the file itself). Qt's image
        handler still opens a local image to size it, so images never reach a document:
        ``render_markdown`` turns them into links."""
        return QByteArray()


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

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if ">" not in self.markdown:  # no block quote, no bar to draw
            return
        bars = quote_bars(self.document())
        if bars:
            painter = QPainter(self.viewport())
            painter.translate(0, -self.verticalScrollBar().value())
            for bar in bars:
                painter.fillRect(bar, self._context.theme.faint)
            painter.end()


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
        shown = bound_text(text, MESSAGE_BUDGET, rows_cost=False)
        self.cut = shown.cut
        document = self.document()
        document.setDefaultFont(self.font())
        self.setPlainText(shown.text)
        self._natural_width = _natural_width(shown.text, self.font())
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


class _Shown(NamedTuple):
    """What a block widget shows: of ``text`` (its block), with ``budget`` left, ``bounded``;
    ``spent``: the cost of this block and those before it; ``cut_so_far``: whether any of
    them was cut; ``spent_all``: whether the message's budget ran out (nothing after is
    shown, so that no text appears after a gap)."""

    text: str
    budget: int
    bounded: Bounded
    spent: int
    cut_so_far: bool
    spent_all: bool


class BlockStack(QWidget):
    """The body of an answer: one widget per block; streams by touching only the open block.

    Blocks sit in groups of ``GROUP_SIZE``; a full group never changes again, so each frame
    of a long streaming answer lays out a handful of groups and the open group, not every
    block of the answer. A complete answer (``set_markdown``) is built a slice of blocks per
    turn of the event loop (``SLICE_COST`` of rendering each), so that opening a long one
    never holds the window; ``built`` is emitted after each later slice.
    """

    GROUP_SIZE = 16
    SPACING = 10
    SLICE_COST = 40_000  # of text_bounds' cost (plus BLOCK_COST a block), ~30 ms of rendering
    BLOCK_COST = 1_000  # a widget of its own costs about as much as this many characters

    built = Signal()

    def __init__(self, context: ViewContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._layout = vertical_box(self, self.SPACING)
        self._groups: list[QWidget] = []
        self._widgets: list[QWidget] = []
        self._keys: list[tuple[str, str]] = []  # (kind, language) of each widget
        self._bounds: list[_Shown] = []  # what each widget shows of its block
        self._hidden = False  # blocks were left out: the budget ran out before them
        self._splitter: BlockSplitter | None = None
        self._shown_finished = 0
        self._read = 0  # characters fed to the splitter
        self._parts: list[str] = []
        self._touched: list[QWidget] = []  # block widgets changed since take_touched()
        self._queue: list[Block] = []  # the blocks of set_markdown, built a slice at a time
        self._queued = 0  # how many of them are built
        self._builder: QTimer | None = None  # made for the first answer too long for one slice

    def take_touched(self) -> list[QWidget]:
        touched, self._touched = self._touched, []
        return touched

    @property
    def streaming(self) -> bool:
        return self._splitter is not None

    @property
    def cut(self) -> bool:
        """Some of the text is not shown: it would cost too much to render."""
        return self._hidden or bool(self._bounds and self._bounds[-1].cut_so_far)

    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts[:] = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def set_markdown(self, markdown: str) -> None:
        """Show a complete text: its first slice of blocks now, the rest in later turns."""
        self._splitter = None
        self._hidden = len(markdown) > SOURCE_LIMIT
        self._parts = [markdown]
        source = markdown[:SOURCE_LIMIT]
        # a table, list or run of lines with no blank line is cut every STREAM_HARD_LIMIT
        # characters, as while streaming: a table of a few thousand rows lays out slowly
        self._queue = split_blocks(source, STATIC_PROSE_LIMIT, STREAM_HARD_LIMIT)
        self._queued = 0
        self._build_slice()

    @property
    def building(self) -> bool:
        """Blocks of ``set_markdown`` wait to be built."""
        return bool(self._queue)

    def _build_slice(self) -> None:
        spent = 0
        while self._queued < len(self._queue):
            if spent >= self.SLICE_COST:  # the rest in the next turn of the event loop
                if self._builder is None:
                    self._builder = QTimer(self)
                    self._builder.setSingleShot(True)
                    self._builder.setInterval(0)
                    self._builder.timeout.connect(self._build_later)
                self._builder.start()
                return
            index = self._queued
            self._show(index, self._queue[index], complete=True)
            self._queued += 1
            if index >= len(self._widgets):
                break  # the budget ran out: neither this block nor any after it is shown
            spent += self._bounds[index].bounded.cost + self.BLOCK_COST
        self._truncate(min(len(self._queue), len(self._widgets)))
        self._queue, self._queued = [], 0

    def _build_later(self) -> None:
        self._build_slice()
        self.built.emit()

    def begin_stream(self, initial: str = "") -> None:
        self._queue, self._queued = [], 0
        if self._builder is not None:
            self._builder.stop()
        self._splitter = BlockSplitter()
        self._shown_finished = 0
        self._hidden = False
        self._read = 0
        self._parts = []
        self._truncate(0)
        if initial:
            self.feed(initial)

    def feed(self, text: str) -> None:
        if self._splitter is None:
            return
        self._parts.append(text)
        if self._read >= SOURCE_LIMIT:  # the rest is never read: nothing more is shown
            self._hidden = True
            return
        text = text[: SOURCE_LIMIT - self._read]
        self._read += len(text)
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
        before = self._bounds[index - 1] if 0 < index <= len(self._bounds) else None
        left = MESSAGE_BUDGET - (before.spent if before else 0)
        budget = min(left, BLOCK_LIMIT) if block.kind == CODE else left  # code: its start
        if index > len(self._widgets) or (before and before.spent_all) or budget <= 0:
            shown = Bounded("", 0, True, True)  # the budget ran out before this block
        else:
            shown = self._bound(index, block, budget)
        if not shown.text and shown.cut:  # the budget ran out before this block
            self._truncate(index)
            self._hidden = True
            return
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
        entry = _Shown(
            block.text,
            budget,
            shown,
            (before.spent if before else 0) + shown.cost,
            shown.cut or bool(before and before.cut_so_far),
            shown.full and budget == left,
        )
        if index == len(self._bounds):
            self._bounds.append(entry)
        elif self._bounds[index] != entry:
            self._bounds[index] = entry
        widget = self._widgets[index]
        if block.kind == CODE:
            if widget.code != block.text or complete != widget.complete:
                widget.set_code(block.text, complete, shown.text)
                self._touched.append(widget)
        elif widget.markdown != shown.text:
            widget.set_markdown(shown.text)
            self._touched.append(widget)

    def _bound(self, index: int, block: Block, budget: int) -> Bounded:
        """What of ``block`` is rendered with ``budget`` left. The open block is bounded again
        only when that can change: not once its budget ran out and it only grew since."""
        if index < len(self._bounds):
            text, had, shown, *_totals = self._bounds[index]
            if had == budget and (
                block.text == text or (shown.full and block.text.startswith(text))
            ):
                return shown
        return bound_text(block.text, budget, rows_cost=block.kind != CODE)

    def _truncate(self, count: int) -> None:
        del self._bounds[count:]
        if len(self._widgets) > count:  # a deleted widget is no longer to be laid out
            removed = {id(widget) for widget in self._widgets[count:]}
            self._touched = [widget for widget in self._touched if id(widget) not in removed]
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
