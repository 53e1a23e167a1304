"""The conversation view: one conversation's active branch, streamed as it is written.

Design, for speed:

* Only the newest ``PAGE_SIZE`` messages get widgets when a conversation opens; older ones
  are built ``OLDER_CHUNK`` at a time as the user scrolls near the top, keeping the
  position on screen steady.
* An answer is split into blocks (``app.ui.markdown_blocks``): fenced code and prose chunks
  of bounded size. A finished block is rendered once into its own widget; while streaming
  only the block in progress is rendered again, and code grows by appending to its
  document, so the cost of ``append_stream_text`` does not grow with the answer.
* Blocks sit in groups of 16 and each frame's layout is settled outside-in
  (``ConversationView._settle``), so a frame lays out the open group and a few sealed
  groups, and no finished block is squeezed and repainted on the way.
* The message column has a fixed width set after resizing settles (debounced), so a
  window resize does not lay out every text for every intermediate width.
* Text widgets are read-only ``QTextBrowser``s as tall as their text for the column width,
  with no scroll bars of their own; the wheel always scrolls the conversation. Code is
  highlighted line by line while it streams and as a whole, in 3 ms slices, once done.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QObject,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QShortcut,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextOption,
    QTextTable,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.code_highlight import PygmentsHighlighter
from app.ui.icons import icon
from app.ui.markdown_blocks import CODE, Block, BlockSplitter, split_blocks

PAGE_SIZE = 30  # messages built when a conversation opens
OLDER_CHUNK = 15  # messages built each time the user comes near the top
MAX_COLUMN_WIDTH = 800  # the reading column, as in most chat apps
SIDE_MARGIN = 24
STATIC_PROSE_LIMIT = 6000  # prose chunk size for answers that are already complete
RESIZE_SETTLE_MS = 90
COPIED_FEEDBACK_MS = 1500
BOTTOM_SLACK = 48  # px from the bottom that still count as "at the bottom"
MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
SAFE_LINK_SCHEMES = {"http", "https", "mailto"}
_KEEP = QTextCursor.MoveMode.KeepAnchor
_PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
LINE_HEIGHT = 125  # percent, for prose


@dataclass(frozen=True)
class MessageItem:
    """One message of the active branch, as the view shows it."""

    id: int
    role: str  # "user" | "assistant" | "system"
    content: str  # Markdown for assistant; plain text for user and system
    status: str = "complete"  # "complete" | "streaming" | "cancelled" | "error"
    model: str = ""  # model label used for this answer
    # generated_tokens, tokens_per_second, time_to_first_token, generation_seconds,
    # finish_reason, warnings (list[str]), error (str)
    meta: dict = field(default_factory=dict)
    branch_index: int = 0  # position among its siblings (0-based)
    branch_count: int = 1


@dataclass
class RenderStats:
    """Counters the tests and the benchmark read: how much rendering happened."""

    blocks_rendered: int = 0  # block widgets (re)rendered, prose or code
    chars_rendered: int = 0  # characters handed to those renders
    largest_render: int = 0  # the longest text rendered in one go

    def count(self, chars: int) -> None:
        self.blocks_rendered += 1
        self.chars_rendered += chars
        self.largest_render = max(self.largest_render, chars)


# -- appearance -----------------------------------------------------------------------------


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
        1.0,
    )


def _is_dark(palette: QPalette) -> bool:
    base = palette.color(QPalette.ColorRole.Base).lightnessF()
    text = palette.color(QPalette.ColorRole.Text).lightnessF()
    if abs(base - text) > 0.3:
        return base < text
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _body_font(base: QFont) -> QFont:
    font = QFont(base)
    size = base.pointSizeF()
    if size > 0:
        if sys.platform == "darwin":
            font.setPointSizeF(max(size, 13.0))
        elif size < 11.0:
            font.setPointSizeF(max(10.5, min(size + 1.5, 11.0)))
    return font


def _scaled(font: QFont, factor: float) -> QFont:
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(round(font.pointSizeF() * factor * 2) / 2)
    else:
        scaled.setPixelSize(max(1, round(font.pixelSize() * factor)))
    return scaled


@dataclass(frozen=True)
class Theme:
    """Colours and fonts derived from the palette, for light and dark alike."""

    dark: bool
    base: QColor
    text: QColor
    muted: QColor
    faint: QColor
    border: QColor
    bubble: QColor
    code_background: QColor
    code_header: QColor
    inline_code: QColor
    table_header: QColor
    link: QColor
    warning: QColor
    error: QColor
    body: QFont
    small: QFont
    mono: QFont

    def scroll_bar_style(self) -> str:
        """Style sheet for a thin scroll bar with a rounded handle, either orientation."""
        handle = _mix(self.base, self.text, 0.28 if self.dark else 0.22).name()
        hover = _mix(self.base, self.text, 0.45).name()
        return f"""
            QScrollBar {{ background: transparent; }}
            QScrollBar:vertical {{ width: 12px; margin: 2px; }}
            QScrollBar:horizontal {{ height: 10px; margin: 1px 8px 2px 8px; }}
            QScrollBar::handle {{ background: {handle}; border-radius: 3px; }}
            QScrollBar::handle:vertical {{ min-height: 36px; }}
            QScrollBar::handle:horizontal {{ min-width: 36px; }}
            QScrollBar::handle:hover {{ background: {hover}; }}
            QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
            QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
        """

    @classmethod
    def from_widget(cls, widget: QWidget) -> Theme:
        palette = widget.palette()
        dark = _is_dark(palette)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        accent = palette.color(QPalette.ColorRole.Highlight)
        body = _body_font(widget.font())
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if body.pointSizeF() > 0:
            mono.setPointSizeF(round(body.pointSizeF() * 0.9 * 2) / 2)
        neutral = _mix(base, text, 0.10 if dark else 0.06)
        return cls(
            dark=dark,
            base=base,
            text=text,
            muted=_mix(base, text, 0.62 if dark else 0.58),
            faint=_mix(base, text, 0.40),
            border=_mix(base, text, 0.16 if dark else 0.12),
            bubble=_mix(neutral, accent, 0.06 if dark else 0.07),
            code_background=_mix(base, text, 0.05 if dark else 0.03),
            code_header=_mix(base, text, 0.10 if dark else 0.065),
            inline_code=_mix(base, text, 0.12 if dark else 0.07),
            table_header=_mix(base, text, 0.08 if dark else 0.055),
            link=palette.color(QPalette.ColorRole.Link),
            warning=QColor("#d6a642") if dark else QColor("#8a5d00"),
            error=QColor("#f28b82") if dark else QColor("#b3261e"),
            body=body,
            small=_scaled(body, 0.87),
            mono=mono,
        )


def _render_markdown(document: QTextDocument, markdown: str, theme: Theme) -> None:
    """``setMarkdown`` plus our styling, laid out once (twice when there is a table)."""
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # one layout pass at the end instead of one per change
    document.setMarkdown(markdown, MARKDOWN_FEATURES)
    _polish_markdown(document, theme)
    cursor.endEditBlock()
    if "|" in markdown:  # tables only show up in the frame tree after the edit block
        tables = [
            frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)
        ]
        if tables:
            cursor.beginEditBlock()
            for table in tables:
                _polish_table(table, theme, cursor)
            cursor.endEditBlock()


def _polish_markdown(document: QTextDocument, theme: Theme) -> None:
    """Restyle what ``setMarkdown`` produced: headings, inline code, lists, spacing."""
    cursor = QTextCursor(document)
    body_size = theme.body.pointSizeF()
    mono_size = theme.mono.pointSizeF()
    mono_families = [theme.mono.family()]
    block = document.begin()
    first = True
    while block.isValid():
        position = block.position()
        block_format = block.blockFormat()
        level = block_format.headingLevel()
        quoted = block_format.intProperty(QTextFormat.Property.BlockQuoteLevel) > 0
        if level:
            block_format.setTopMargin(0 if first else 16)
            block_format.setBottomMargin(4)
        elif block.textList() is not None:
            block_format.setTopMargin(2)
            block_format.setBottomMargin(2)
        block_format.setLineHeight(LINE_HEIGHT, _PROPORTIONAL)
        cursor.setPosition(position)
        cursor.setBlockFormat(block_format)
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            fragments += 1
            if not fragment.isValid():
                continue
            char_format = fragment.charFormat()
            changed = False
            if level:
                char_format.clearProperty(QTextFormat.Property.FontSizeAdjustment)
                if body_size > 0:
                    scale = {1: 1.45, 2: 1.25, 3: 1.1}.get(level, 1.0)
                    char_format.setFontPointSize(body_size * scale)
                char_format.setFontWeight(QFont.Weight.DemiBold)
                changed = True
            if char_format.fontFixedPitch():
                char_format.setBackground(theme.inline_code)
                char_format.setFontFamilies(mono_families)
                if mono_size > 0 and not level:
                    char_format.setFontPointSize(mono_size)
                changed = True
            if quoted:
                char_format.setForeground(theme.muted)
                changed = True
            if changed:
                cursor.setPosition(fragment.position())
                cursor.setPosition(fragment.position() + fragment.length(), _KEEP)
                cursor.setCharFormat(char_format)
        first = False
        block = block.next()


def _polish_table(table: QTextTable, theme: Theme, cursor: QTextCursor) -> None:
    table_format = table.format()
    table_format.setBorder(1)
    table_format.setBorderBrush(QBrush(theme.border))
    table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    table_format.setBorderCollapse(True)
    table_format.setCellSpacing(0)
    table_format.setCellPadding(5)
    table_format.setTopMargin(4)
    table_format.setBottomMargin(4)
    table.setFormat(table_format)
    for column in range(table.columns()):
        cell = table.cellAt(0, column)
        cell_format = cell.format().toTableCellFormat()
        cell_format.setBackground(theme.table_header)
        cell.setFormat(cell_format)
    # Cells keep single line spacing: the extra leading only sits below the text.
    cursor.setPosition(table.firstPosition())
    cursor.setPosition(table.lastPosition(), _KEEP)
    single = QTextBlockFormat()
    single.setLineHeight(100, _PROPORTIONAL)
    cursor.mergeBlockFormat(single)


# -- text widgets ---------------------------------------------------------------------------


class _TextBlock(QTextBrowser):
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
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
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


class _MarkdownBlock(_TextBlock):
    def __init__(self, view: ConversationView, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = view
        self.markdown = ""
        self.setFont(view.theme.body)
        self.document().setDefaultFont(view.theme.body)
        self.anchorClicked.connect(view._on_anchor_clicked)

    def set_markdown(self, markdown: str) -> None:
        self.markdown = markdown
        document = self.document()
        _render_markdown(document, markdown, self._view.theme)
        self._view.render_stats.count(len(markdown))
        self._content_changed()

    def apply_theme(self) -> None:
        self.setFont(self._view.theme.body)
        self.document().setDefaultFont(self._view.theme.body)
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


class _PlainBlock(_TextBlock):
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

    def sizeHint(self) -> QSize:
        return QSize(self._natural_width, self._heights.get(self._natural_width, 0))


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
        self.horizontalScrollBar().rangeChanged.connect(self._update_height)
        self._update_height()

    def _update_height(self) -> None:
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


class _IconButton(QToolButton):
    """A small flat button showing a palette-coloured line icon."""

    def __init__(self, icon_name: str, tooltip: str, view: ConversationView, parent: QWidget):
        super().__init__(parent)
        self._view = view
        self.icon_name = icon_name
        self.setAutoRaise(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tooltip)
        self.setAccessibleName(tooltip)
        self.setIconSize(QSize(16, 16))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.apply_theme()

    def set_icon_name(self, name: str) -> None:
        self.icon_name = name
        self.apply_theme()

    def apply_theme(self) -> None:
        self.setIcon(icon(self.icon_name, self._view.theme.muted))


class _CopyButton(_IconButton):
    """Copies text to the clipboard and shows a check mark for a moment."""

    def __init__(self, text_source, view: ConversationView, parent: QWidget, label: bool = False):
        super().__init__("copy", "", view, parent)
        self._text_source = text_source
        self._label = label
        self._reset = QTimer(self)
        self._reset.setSingleShot(True)
        self._reset.setInterval(COPIED_FEEDBACK_MS)
        self._reset.timeout.connect(self._show_idle)
        if label:
            self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.setFont(view.theme.small)
        self._show_idle()
        self.clicked.connect(self._copy)

    @property
    def copied(self) -> bool:
        return self._reset.isActive()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self._text_source())
        self.set_icon_name("check")
        if self._label:
            self.setText(self.tr("Copied"))
        self.setToolTip(self.tr("Copied"))
        self._reset.start()

    def _show_idle(self) -> None:
        self.set_icon_name("copy")
        if self._label:
            self.setText(self.tr("Copy"))
        self.setToolTip(self.tr("Copy"))
        self.setAccessibleName(self.tr("Copy"))


class _CodeBlock(QFrame):
    """A fenced code block: a rounded panel with a header (language, Copy) and the code."""

    RADIUS = 8

    def __init__(
        self, language: str, view: ConversationView, parent: QWidget, streaming: bool = False
    ) -> None:
        super().__init__(parent)
        self._view = view
        self.language = language
        self.code = ""
        self.complete = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        self._header = QWidget(self)
        header = QHBoxLayout(self._header)
        header.setContentsMargins(12, 2, 4, 2)
        self._language_label = QLabel(language or self.tr("code"), self._header)
        self._language_label.setFont(view.theme.small)
        header.addWidget(self._language_label)
        header.addStretch(1)
        self.copy_button = _CopyButton(lambda: self.code, view, self._header, label=True)
        header.addWidget(self.copy_button)
        layout.addWidget(self._header)
        self.editor = _CodeEditor(view.theme.mono, self)
        self.editor.horizontalScrollBar().setStyleSheet(view.theme.scroll_bar_style())
        self.highlighter = PygmentsHighlighter(
            self.editor.document(), language, view.theme.dark, incremental=streaming
        )
        layout.addWidget(self.editor)
        self._apply_label_colour()

    def set_code(self, code: str, complete: bool) -> None:
        """Show ``code``; while streaming only the part that changed is touched."""
        if code == self.code:
            if complete and not self.complete:
                self.complete = True
                self.highlighter.set_complete(code)
            return
        if not self.code:
            self.editor.setPlainText(code)
            rendered = len(code)
            if complete:
                self.highlighter.set_complete(code)
        else:
            keep = len(self.code) if code.startswith(self.code) else 0
            if not keep:  # the unfinished last line changed (rare): redo from its start
                keep = self.code.rfind("\n", 0, len(self.code)) + 1
                while keep and not code.startswith(self.code[:keep]):
                    keep = self.code.rfind("\n", 0, keep - 1) + 1
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(keep)
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(code[keep:])
            rendered = len(code) - keep
            if complete:
                self.highlighter.set_complete(code)
        self.code = code
        self.complete = complete
        self._view.render_stats.count(rendered)
        self.editor._update_height()

    def plain_text(self) -> str:
        return self.code

    def apply_theme(self) -> None:
        theme = self._view.theme
        self._language_label.setFont(theme.small)
        self.copy_button.setFont(theme.small)
        self.copy_button.apply_theme()
        self.editor.setFont(theme.mono)
        self.editor.document().setDefaultFont(theme.mono)
        self.editor.horizontalScrollBar().setStyleSheet(theme.scroll_bar_style())
        self.highlighter.set_dark(theme.dark)
        self._apply_label_colour()
        self.editor._update_height()
        self.update()

    def _apply_label_colour(self) -> None:
        palette = self._language_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, self._view.theme.muted)
        self._language_label.setPalette(palette)
        self.copy_button.setPalette(palette)

    def paintEvent(self, event) -> None:
        theme = self._view.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        outline = QPainterPath()
        outline.addRoundedRect(rect, self.RADIUS, self.RADIUS)
        painter.fillPath(outline, theme.code_background)
        painter.save()
        painter.setClipPath(outline)
        header_height = self._header.geometry().bottom() + 1
        header = QRectF(rect.left(), rect.top(), rect.width(), header_height)
        painter.fillRect(header, theme.code_header)
        painter.restore()
        painter.setPen(QPen(theme.border, 1))
        painter.drawPath(outline)


# -- message parts --------------------------------------------------------------------------


def _depth(widget: QWidget) -> int:
    depth = 0
    while widget is not None:
        depth += 1
        widget = widget.parentWidget()
    return depth


def _vertical_box(widget: QWidget, spacing: int) -> QVBoxLayout:
    """A column of widgets ending in a stretch: spare height (for a moment, while an
    answer shrinks) goes to the stretch instead of swelling the blocks."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    layout.addStretch(1)
    return layout


def _append(layout: QVBoxLayout, widget: QWidget) -> None:
    layout.insertWidget(layout.count() - 1, widget)


class _BlockStack(QWidget):
    """The body of an answer: one widget per block; streams by touching only the open block.

    Blocks sit in groups of ``GROUP_SIZE``; a full group never changes again, so each frame
    of a long streaming answer lays out a handful of groups and the open group, not every
    block of the answer.
    """

    GROUP_SIZE = 16
    SPACING = 10

    def __init__(self, view: ConversationView, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = view
        self._layout = _vertical_box(self, self.SPACING)
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
                _vertical_box(group, self.SPACING)
                self._groups.append(group)
                _append(self._layout, group)
                if self.isVisible():
                    group.show()
            group = self._groups[-1]
            widget = (
                _CodeBlock(block.language, self._view, group, streaming=self.streaming)
                if block.kind == CODE
                else _MarkdownBlock(self._view, group)
            )
            self._widgets.append(widget)
            self._keys.append(key)
            _append(group.layout(), widget)
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


class _TypingIndicator(QWidget):
    """Three softly pulsing dots: the answer is on its way."""

    def __init__(self, view: ConversationView, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = view
        self._phase = 0
        self._timer = QTimer(self)
        self._timer.setInterval(180)
        self._timer.timeout.connect(self._tick)
        self.setFixedSize(36, 14)
        self.setAccessibleName(self.tr("Writing…"))

    def _tick(self) -> None:
        self._phase = (self._phase + 1) % 6
        self.update()

    def showEvent(self, event) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        theme = self._view.theme
        for dot in range(3):
            lit = (self._phase - dot) % 6 < 2
            painter.setBrush(theme.text if lit else theme.faint)
            painter.drawEllipse(QRectF(2 + dot * 11, 3, 7, 7))


class _BranchSwitcher(QWidget):
    """The "‹ 2/3 ›" switcher: step between the versions of a message."""

    def __init__(self, message: _MessageWidget, view: ConversationView, parent: QWidget) -> None:
        super().__init__(parent)
        self._message = message
        self._view = view
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.previous_button = _IconButton("chevron-left", self.tr("Previous version"), view, self)
        self.next_button = _IconButton("chevron-right", self.tr("Next version"), view, self)
        self.label = QLabel(self)
        self.label.setFont(view.theme.small)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.label)
        layout.addWidget(self.next_button)
        self.previous_button.clicked.connect(lambda: self._switch(-1))
        self.next_button.clicked.connect(lambda: self._switch(+1))
        self.apply_theme()

    def set_branch(self, index: int, count: int) -> None:
        self.label.setText(self.tr("{current}/{count}").format(current=index + 1, count=count))
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)

    def _switch(self, delta: int) -> None:
        self._view.branch_switch_requested.emit(self._message.item.id, delta)

    def apply_theme(self) -> None:
        self.previous_button.apply_theme()
        self.next_button.apply_theme()
        self.label.setFont(self._view.theme.small)
        _set_text_colour(self.label, self._view.theme.muted)


def _set_text_colour(label: QWidget, colour: QColor) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    palette.setColor(QPalette.ColorRole.Text, colour)  # selectable labels draw with Text
    palette.setColor(QPalette.ColorRole.ButtonText, colour)
    label.setPalette(palette)


class _ElidedLabel(QLabel):
    """One line of text that ends in "…" when the room runs out (full text: ``text()``)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(0, self.width())
        )
        super().setText(shown)


class _Notice(QLabel):
    """Warnings or an error under an answer, on a softly tinted rounded panel."""

    def __init__(self, view: ConversationView, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = view
        self._error = False
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setContentsMargins(12, 7, 12, 7)
        self.apply_theme()

    def set_notice(self, text: str, error: bool) -> None:
        self._error = error
        self.setText(text)
        self.update()

    def apply_theme(self) -> None:
        self.setFont(self._view.theme.small)
        _set_text_colour(self, self._view.theme.text)

    def paintEvent(self, event) -> None:
        theme = self._view.theme
        accent = theme.error if self._error else theme.warning
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        painter.fillPath(path, _mix(theme.base, accent, 0.16 if theme.dark else 0.11))
        painter.setPen(QPen(_mix(theme.base, accent, 0.45), 1))
        painter.drawPath(path)
        painter.end()
        super().paintEvent(event)


def _seconds(value: float) -> str:
    locale = QLocale()
    if value < 60:
        return QCoreApplication.translate("ConversationView", "{seconds} s").format(
            seconds=locale.toString(float(value), "f", 1)
        )
    minutes, seconds = divmod(round(value), 60)
    return QCoreApplication.translate("ConversationView", "{minutes} min {seconds} s").format(
        minutes=minutes, seconds=seconds
    )


def footer_text(item: MessageItem) -> str:
    """The statistics line, e.g. "Llama 3.2 1B · 312 tokens · 24.1 tok/s · 12.9 s"."""
    meta = item.meta or {}
    locale = QLocale()
    parts = [item.model] if item.model else []
    count = int(meta.get("generated_tokens") or 0)
    if count:
        parts.append(
            QCoreApplication.translate("ConversationView", "%n tokens", "generated tokens", count)
        )
    speed = meta.get("tokens_per_second")
    if speed:
        speed_text = locale.toString(float(speed), "f", 1)
        parts.append(
            QCoreApplication.translate("ConversationView", "{speed} tok/s").format(speed=speed_text)
        )
    duration = meta.get("generation_seconds")
    if duration:
        parts.append(_seconds(float(duration)))
    return " · ".join(parts)


def _details_tooltip(item: MessageItem) -> str:
    meta = item.meta or {}
    lines = []
    if meta.get("time_to_first_token") is not None:
        lines.append(
            QCoreApplication.translate("ConversationView", "First token after {time}").format(
                time=_seconds(float(meta["time_to_first_token"]))
            )
        )
    reason = meta.get("finish_reason")
    if reason:
        lines.append(
            QCoreApplication.translate("ConversationView", "Finished because: {reason}").format(
                reason=reason
            )
        )
    return "\n".join(lines)


class _MessageWidget(QWidget):
    """Common ground of the three kinds of message."""

    def __init__(self, item: MessageItem, view: ConversationView) -> None:
        super().__init__()
        self.item = item
        self._view = view
        self.is_last_assistant = False
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_item(self, item: MessageItem) -> None:
        self.item = item

    def set_column_width(self, width: int) -> None:
        pass

    def set_last_assistant(self, last: bool) -> None:
        self.is_last_assistant = last

    def set_busy(self, busy: bool) -> None:
        pass

    def apply_theme(self) -> None:
        pass

    def copy_text(self) -> str:
        return self.item.content


class _AssistantMessage(_MessageWidget):
    def __init__(self, item: MessageItem, view: ConversationView) -> None:
        super().__init__(item, view)
        theme = view.theme
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addStretch(1)  # stays last: see _vertical_box
        self.header = QLabel(self.tr("Assistant"), self)
        header_font = QFont(theme.small)
        header_font.setWeight(QFont.Weight.DemiBold)
        self.header.setFont(header_font)
        _append(layout, self.header)
        self.body = _BlockStack(view, self)
        _append(layout, self.body)
        self.typing: _TypingIndicator | None = None
        self.notice: _Notice | None = None  # warnings and errors, made when needed
        self.footer = QWidget(self)
        footer = QHBoxLayout(self.footer)
        footer.setContentsMargins(0, 0, 0, 0)
        footer.setSpacing(2)
        self.copy_button = _CopyButton(self.copy_text, view, self.footer)
        # Regenerate/Continue (last answer only) and the branch switcher are made on demand:
        # most answers of a long conversation never need them.
        self.regenerate_button: _IconButton | None = None
        self.continue_button: _IconButton | None = None
        self.branches: _BranchSwitcher | None = None
        self.stats = _ElidedLabel(self.footer)
        self.stats.setFont(theme.small)
        footer.addWidget(self.copy_button)
        footer.addSpacing(8)
        footer.addWidget(self.stats, 1)
        _append(layout, self.footer)
        self._busy = False
        self.apply_theme(rerender=False)
        if item.status == "streaming":
            self.begin_stream(item.content)
        else:
            self.body.set_markdown(item.content)
        self.set_item(item)

    def copy_text(self) -> str:
        return self.body.text()

    def begin_stream(self, initial: str) -> None:
        self.body.begin_stream(initial)
        if self.typing is None:
            self.typing = _TypingIndicator(self._view, self)
            self.layout().insertWidget(2, self.typing)
        self.typing.show()

    def feed(self, text: str) -> None:
        self.body.feed(text)

    def end_stream(self, item: MessageItem) -> None:
        if item.content == self.body.text():
            self.body.end_stream()
        else:
            self.body.set_markdown(item.content)
        if self.typing is not None:
            self.typing.hide()
        self.set_item(item)

    def set_item(self, item: MessageItem) -> None:
        if not self.body.streaming and item.content != self.body.text():
            self.body.set_markdown(item.content)
        self.item = item
        self._refresh_footer()

    def set_last_assistant(self, last: bool) -> None:
        self.is_last_assistant = last
        self._refresh_footer()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._refresh_footer()

    def _refresh_footer(self) -> None:
        item = self.item
        streaming = self.body.streaming or item.status == "streaming"
        meta = item.meta or {}
        self.header.setText(item.model or self.tr("Assistant"))
        self.footer.setVisible(not streaming)
        truncated = meta.get("finish_reason") == "length" or item.status == "cancelled"
        actionable = self.is_last_assistant and not self._busy
        if self.is_last_assistant and self.regenerate_button is None:
            self._make_last_answer_buttons()
        if self.regenerate_button is not None:
            self.regenerate_button.setVisible(self.is_last_assistant)
            self.regenerate_button.setEnabled(actionable)
            self.continue_button.setVisible(self.is_last_assistant and truncated)
            self.continue_button.setEnabled(actionable)
        if item.branch_count > 1 and self.branches is None:
            self.branches = _BranchSwitcher(self, self._view, self.footer)
            self.footer.layout().insertWidget(self._footer_index(), self.branches)
        if self.branches is not None:
            self.branches.setVisible(item.branch_count > 1)
            self.branches.set_branch(item.branch_index, max(1, item.branch_count))
            self.branches.setEnabled(not self._busy)
        stats = footer_text(item)
        if item.status == "cancelled":
            stats = " · ".join(filter(None, [stats, self.tr("stopped")]))
        elif meta.get("finish_reason") == "length":
            stats = " · ".join(filter(None, [stats, self.tr("stopped at the length limit")]))
        self.stats.setText(stats)
        self.stats.setToolTip("\n".join(filter(None, [stats, _details_tooltip(item)])))
        lines = [str(warning) for warning in meta.get("warnings") or []]
        error = item.status == "error"
        if error:
            lines.insert(0, meta.get("error") or self.tr("The answer could not be generated."))
        if lines and self.notice is None:
            self.notice = _Notice(self._view, self)
            self.layout().insertWidget(self.layout().indexOf(self.footer), self.notice)
        if self.notice is not None:
            self.notice.set_notice("\n".join(lines), error)
            self.notice.setVisible(bool(lines) and not streaming)

    def _make_last_answer_buttons(self) -> None:
        view = self._view
        footer = self.footer.layout()
        self.regenerate_button = _IconButton("regenerate", self.tr("Regenerate"), view, self.footer)
        self.continue_button = _IconButton("continue", self.tr("Continue"), view, self.footer)
        self.continue_button.setText(self.tr("Continue"))
        self.continue_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.continue_button.setFont(view.theme.small)
        _set_text_colour(self.continue_button, view.theme.muted)
        footer.insertWidget(1, self.regenerate_button)
        footer.insertWidget(2, self.continue_button)
        self.regenerate_button.clicked.connect(lambda: view.regenerate_requested.emit(self.item.id))
        self.continue_button.clicked.connect(lambda: view.continue_requested.emit(self.item.id))

    def _footer_index(self) -> int:
        """Where the branch switcher goes: after the action buttons."""
        return 1 + 2 * (self.regenerate_button is not None)

    def apply_theme(self, rerender: bool = True) -> None:
        theme = self._view.theme
        _set_text_colour(self.header, theme.muted)
        _set_text_colour(self.stats, theme.muted)
        if self.notice is not None:
            self.notice.apply_theme()
        self.copy_button.apply_theme()
        if self.regenerate_button is not None:
            self.regenerate_button.apply_theme()
            self.continue_button.apply_theme()
            _set_text_colour(self.continue_button, theme.muted)
        if self.branches is not None:
            self.branches.apply_theme()
        if rerender:
            self.body.apply_theme()
            self._refresh_footer()


class _Bubble(QFrame):
    """The tinted rounded background of a user message."""

    RADIUS = 16

    def __init__(self, view: ConversationView, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = view
        policy = QSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(QRectF(self.rect()), self.RADIUS, self.RADIUS)
        painter.fillPath(path, self._view.theme.bubble)


class _UserMessage(_MessageWidget):
    def __init__(self, item: MessageItem, view: ConversationView) -> None:
        super().__init__(item, view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        self.bubble = _Bubble(view, self)
        self._bubble_layout = QVBoxLayout(self.bubble)
        self._bubble_layout.setContentsMargins(16, 10, 16, 10)
        self.text = _PlainBlock(item.content, view.theme.body, self.bubble)
        self._bubble_layout.addWidget(self.text)
        row.addWidget(self.bubble)
        layout.addLayout(row)
        self.actions = QWidget(self)
        actions = QHBoxLayout(self.actions)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(2)
        actions.addStretch(1)
        self.branches: _BranchSwitcher | None = None  # made when there are versions
        self.edit_button = _IconButton("edit", self.tr("Edit"), view, self.actions)
        self.copy_button = _CopyButton(self.copy_text, view, self.actions)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.copy_button)
        layout.addWidget(self.actions)
        self.edit_button.clicked.connect(self.start_editing)
        self.editor: QPlainTextEdit | None = None
        self._edit_panel: QWidget | None = None
        self._column_width = MAX_COLUMN_WIDTH
        self._busy = False
        self.set_item(item)

    def set_item(self, item: MessageItem) -> None:
        if item.content != self.text.plain:
            self.text.set_text(item.content)
        self.item = item
        if item.branch_count > 1 and self.branches is None:
            self.branches = _BranchSwitcher(self, self._view, self.actions)
            self.actions.layout().insertWidget(1, self.branches)
        if self.branches is not None:
            self.branches.setVisible(item.branch_count > 1)
            self.branches.set_branch(item.branch_index, max(1, item.branch_count))

    def set_column_width(self, width: int) -> None:
        self._column_width = width
        bubble = max(120, int(width * 0.75))
        if self._edit_panel is not None:  # editing: room to work
            self.bubble.setMinimumWidth(width)
            self.bubble.setMaximumWidth(width)
        else:
            self.bubble.setMinimumWidth(0)
            self.bubble.setMaximumWidth(bubble)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.edit_button.setEnabled(not busy)
        if self.branches is not None:
            self.branches.setEnabled(not busy)

    # -- inline editing -----------------------------------------------------------------

    @property
    def editing(self) -> bool:
        return self._edit_panel is not None

    def start_editing(self) -> None:
        if self._edit_panel is not None:
            return
        self._view.edit_requested.emit(self.item.id)
        panel = QWidget(self.bubble)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.editor = QPlainTextEdit(panel)
        self.editor.setPlainText(self.item.content)
        self.editor.setFont(self._view.theme.body)
        self.editor.setFrameShape(QFrame.Shape.NoFrame)
        self.editor.viewport().setAutoFillBackground(False)
        self.editor.setFixedHeight(self._editor_height())
        self.editor.textChanged.connect(lambda: self.editor.setFixedHeight(self._editor_height()))
        layout.addWidget(self.editor)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"), panel)
        self.save_button = QPushButton(self.tr("Save && Send"), panel)
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("Send the edited message (Ctrl+Enter)"))
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.stop_editing)
        self.save_button.clicked.connect(self._save)
        for keys, slot in (("Ctrl+Return", self._save), ("Escape", self.stop_editing)):
            shortcut = QShortcut(QKeySequence(keys), self.editor)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self.text.hide()
        self.actions.hide()
        self._bubble_layout.addWidget(panel)
        self._edit_panel = panel
        self.set_column_width(self._column_width)
        self.editor.setFocus()
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)

    def _editor_height(self) -> int:
        lines = max(2, min(14, self.editor.document().blockCount() + 1)) if self.editor else 2
        return lines * QFontMetrics(self._view.theme.body).lineSpacing() + 12

    def _save(self) -> None:
        if self.editor is None:
            return
        text = self.editor.toPlainText()
        if not text.strip():
            return
        self.stop_editing()
        self._view.edit_submitted.emit(self.item.id, text)

    def stop_editing(self) -> None:
        if self._edit_panel is None:
            return
        self._edit_panel.hide()
        self._edit_panel.deleteLater()
        self._edit_panel = None
        self.editor = None
        self.text.show()
        self.actions.show()
        self.set_column_width(self._column_width)

    def apply_theme(self) -> None:
        theme = self._view.theme
        self.text.setFont(theme.body)
        self.text.set_text(self.text.plain)
        self.edit_button.apply_theme()
        self.copy_button.apply_theme()
        if self.branches is not None:
            self.branches.apply_theme()
        self.bubble.update()


class _SystemMessage(_MessageWidget):
    """The system prompt, shown quietly above the conversation."""

    def __init__(self, item: MessageItem, view: ConversationView) -> None:
        super().__init__(item, view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.header = QLabel(self.tr("System prompt"), self)
        header_font = QFont(view.theme.small)
        header_font.setWeight(QFont.Weight.DemiBold)
        self.header.setFont(header_font)
        self.text = _PlainBlock(item.content, view.theme.small, self)
        layout.addWidget(self.header)
        layout.addWidget(self.text)
        self.apply_theme()

    def set_item(self, item: MessageItem) -> None:
        if item.content != self.text.plain:
            self.text.set_text(item.content)
        self.item = item

    def apply_theme(self) -> None:
        theme = self._view.theme
        _set_text_colour(self.header, theme.muted)
        self.text.setFont(theme.small)
        self.text.set_text(self.text.plain)
        palette = self.text.palette()
        palette.setColor(QPalette.ColorRole.Text, theme.muted)
        self.text.setPalette(palette)


# -- the view -------------------------------------------------------------------------------


class _Column(QWidget):
    """The reading column; its width is set by the view once resizing settles."""


class ConversationView(QWidget):
    """One conversation's active branch: messages, streaming answer, per-message actions."""

    edit_requested = Signal(int)  # the user opened a message for editing
    edit_submitted = Signal(int, str)  # ...and sent the new text
    regenerate_requested = Signal(int)
    continue_requested = Signal(int)
    branch_switch_requested = Signal(int, int)  # message id, -1 or +1
    link_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_links_externally = True  # http(s)/mailto links also open in the browser
        self.render_stats = RenderStats()
        self.theme = Theme.from_widget(self)
        self._items: list[MessageItem] = []
        self._positions: dict[int, int] = {}  # message id -> index in _items
        self._widgets: dict[int, _MessageWidget] = {}
        self._first_built = 0  # _items[_first_built:] have widgets
        self._stream_id: int | None = None
        self._last_assistant_id: int | None = None
        self._stick_to_bottom = True
        self._column_width = 0
        self._loading_older = False

        self._scroll = QScrollArea(self)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._scroll.viewport().setBackgroundRole(QPalette.ColorRole.Base)
        self._scroll.viewport().setAutoFillBackground(True)
        self._scroll.viewport().installEventFilter(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll)
        self._container: QWidget | None = None
        self._column: _Column | None = None
        self._column_layout: QVBoxLayout | None = None
        self._new_column()
        self._install_column()

        self._style_scroll_bar()
        bar = self._scroll.verticalScrollBar()
        bar.rangeChanged.connect(self._on_range_changed)
        bar.valueChanged.connect(self._on_value_changed)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(RESIZE_SETTLE_MS)
        self._resize_timer.timeout.connect(self._apply_column_width)
        self._theme_timer = QTimer(self)
        self._theme_timer.setSingleShot(True)
        self._theme_timer.setInterval(0)
        self._theme_timer.timeout.connect(self._refresh_theme)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._theme_timer.start)
        self.setAccessibleName(self.tr("Conversation"))

    # -- public API -----------------------------------------------------------------------

    def set_messages(self, items: list[MessageItem]) -> None:
        """Show a conversation (replacing what was shown); builds only the newest page."""
        self._stream_id = None
        self._items = list(items)
        self._positions = {item.id: index for index, item in enumerate(self._items)}
        self._widgets = {}
        self._first_built = max(0, len(self._items) - PAGE_SIZE)
        self._last_assistant_id = None
        self._new_column()
        for item in self._items[self._first_built :]:
            self._column_layout.insertWidget(self._column_layout.count() - 1, self._build(item))
        self._stick_to_bottom = True
        self._refresh_last_assistant()
        self._install_column()

    def append_message(self, item: MessageItem) -> None:
        if item.id in self._positions:
            self.update_message(item)
            return
        if item.role == "user":
            self._stick_to_bottom = True  # the user just sent it: show it
        self._positions[item.id] = len(self._items)
        self._items.append(item)
        widget = self._build(item)
        self._column_layout.insertWidget(self._column_layout.count() - 1, widget)
        widget.show()
        self._refresh_last_assistant()

    def update_message(self, item: MessageItem) -> None:
        position = self._positions.get(item.id)
        if position is None:
            return
        if item.role == "assistant" and item.status == "streaming" and item.id != self._stream_id:
            self.begin_stream(item)  # e.g. continuing an answer: what follows is streamed
            return
        self._items[position] = item
        widget = self._widgets.get(item.id)
        if widget is not None and item.id != self._stream_id:
            widget.set_item(item)
        elif widget is not None:
            widget.item = item
        self._refresh_last_assistant(force=True)

    def remove_messages_after(self, message_id: int) -> None:
        """Remove every message after ``message_id`` (which stays)."""
        position = self._positions.get(message_id)
        if position is None:
            return
        for item in self._items[position + 1 :]:
            del self._positions[item.id]
            widget = self._widgets.pop(item.id, None)
            if widget is not None:
                self._column_layout.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
            if item.id == self._stream_id:
                self._stream_id = None
        del self._items[position + 1 :]
        self._first_built = min(self._first_built, len(self._items))
        self._refresh_last_assistant()
        self._set_busy(self._stream_id is not None)

    def begin_stream(self, item: MessageItem) -> None:
        """Start showing an answer as it is written (a new message, or one to continue)."""
        if self._stream_id is not None and self._stream_id != item.id:
            self._finish_stream_quietly()
        if item.id not in self._positions:
            self.append_message(item)
        else:
            self._items[self._positions[item.id]] = item
        widget = self._widgets.get(item.id)
        if widget is None:  # continuing an old, unbuilt message: build down to it
            self._build_older(self._positions[item.id])
            widget = self._widgets[item.id]
        self._stream_id = item.id
        if isinstance(widget, _AssistantMessage):
            widget.item = item
            if not widget.body.streaming:
                widget.begin_stream(item.content)
            widget._refresh_footer()
        self._set_busy(True)

    def append_stream_text(self, text: str) -> None:
        """Add newly generated text (coalesced by the caller, at most once per frame)."""
        if not text or self._stream_id is None:
            return
        widget = self._widgets.get(self._stream_id)
        if isinstance(widget, _AssistantMessage):
            widget.feed(text)
            self._settle(widget.body.take_touched())

    def end_stream(self, item: MessageItem) -> None:
        """The answer is complete (or stopped): final content, status and statistics."""
        widget = self._widgets.get(item.id)
        if item.id in self._positions:
            self._items[self._positions[item.id]] = item
        if isinstance(widget, _AssistantMessage):
            widget.end_stream(item)
        if self._stream_id == item.id:
            self._stream_id = None
        self._set_busy(False)
        self._refresh_last_assistant(force=True)

    # -- for tests, the benchmark and the window ---------------------------------------------

    @property
    def streaming(self) -> bool:
        return self._stream_id is not None

    def message_count(self) -> int:
        return len(self._items)

    def built_message_count(self) -> int:
        return len(self._widgets)

    def message_widget(self, message_id: int) -> _MessageWidget | None:
        return self._widgets.get(message_id)

    def scroll_bar(self):
        return self._scroll.verticalScrollBar()

    def is_at_bottom(self) -> bool:
        bar = self._scroll.verticalScrollBar()
        return bar.value() >= bar.maximum() - BOTTOM_SLACK

    def scroll_to_bottom(self) -> None:
        self._stick_to_bottom = True
        self._flush_layout()
        bar = self._scroll.verticalScrollBar()
        bar.setValue(bar.maximum())

    # -- building -------------------------------------------------------------------------

    def _new_column(self) -> None:
        container = QWidget()
        container.setAutoFillBackground(False)
        row = QHBoxLayout(container)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        column = _Column(container)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 20, 0, 28)
        layout.setSpacing(24)
        layout.addStretch(1)
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        if self._column_width:
            column.setFixedWidth(self._column_width)
        self._container, self._column, self._column_layout = container, column, layout

    def _install_column(self) -> None:
        old = self._scroll.takeWidget()
        self._scroll.setWidget(self._container)
        # Opaque, so that scrolling can move pixels instead of repainting everything.
        self._container.setBackgroundRole(QPalette.ColorRole.Base)
        self._container.setAutoFillBackground(True)
        if old is not None:
            old.hide()
            old.deleteLater()

    def _build(self, item: MessageItem) -> _MessageWidget:
        if item.role == "user":
            widget: _MessageWidget = _UserMessage(item, self)
        elif item.role == "system":
            widget = _SystemMessage(item, self)
        else:
            widget = _AssistantMessage(item, self)
        widget.setParent(self._column)
        if self._column_width:
            widget.set_column_width(self._column_width)
        self._widgets[item.id] = widget
        return widget

    def _build_older(self, down_to: int) -> None:
        """Build widgets for ``_items[down_to:_first_built]`` at the top, keeping the view still."""
        down_to = max(0, down_to)
        if down_to >= self._first_built:
            return
        bar = self._scroll.verticalScrollBar()
        self._flush_layout()
        before_max, before_value = bar.maximum(), bar.value()
        for index in range(self._first_built - 1, down_to - 1, -1):
            widget = self._build(self._items[index])
            self._column_layout.insertWidget(0, widget)
            widget.show()
        self._first_built = down_to
        self._flush_layout()
        if not self._stick_to_bottom:
            bar.setValue(before_value + bar.maximum() - before_max)

    def _load_older(self) -> None:
        self._loading_older = False
        if self._first_built > 0 and self._near_top():
            self._build_older(self._first_built - OLDER_CHUNK)
            self._maybe_load_older()

    def _near_top(self) -> bool:
        bar = self._scroll.verticalScrollBar()
        return bar.value() < max(200, self._scroll.viewport().height())

    def _maybe_load_older(self) -> None:
        if self._first_built > 0 and not self._loading_older and self._near_top():
            self._loading_older = True
            QTimer.singleShot(0, self._load_older)

    def _refresh_last_assistant(self, force: bool = False) -> None:
        last = next((item.id for item in reversed(self._items) if item.role == "assistant"), None)
        if last == self._last_assistant_id and not force:
            return
        previous = self._widgets.get(self._last_assistant_id)
        if previous is not None and self._last_assistant_id != last:
            previous.set_last_assistant(False)
        self._last_assistant_id = last
        current = self._widgets.get(last)
        if current is not None:
            current.set_last_assistant(True)

    def _set_busy(self, busy: bool) -> None:
        # Editing, regenerating or switching branches while an answer streams would pull
        # the rug from under it; the newest messages are the ones that offer those actions.
        for item in self._items[-PAGE_SIZE:]:
            widget = self._widgets.get(item.id)
            if widget is not None:
                widget.set_busy(busy)

    def _finish_stream_quietly(self) -> None:
        position = self._positions.get(self._stream_id)
        if position is not None:
            item = self._items[position]
            widget = self._widgets.get(item.id)
            if isinstance(widget, _AssistantMessage):
                content = widget.body.text()
                widget.end_stream(
                    MessageItem(
                        item.id,
                        item.role,
                        content,
                        "cancelled",
                        item.model,
                        item.meta,
                        item.branch_index,
                        item.branch_count,
                    )
                )
        self._stream_id = None

    # -- scrolling --------------------------------------------------------------------------

    def _settle(self, changed: list[QWidget]) -> None:
        """Lay out what ``changed`` affects now, from the top down.

        Left to the event loop, layouts activate from the inside out, each level one pass
        after the one below: meanwhile a parent that is still too small squeezes its biggest
        children, which then relayout and repaint -- work that grows with the answer.
        Invalidating upwards, growing the container first and then activating the layouts
        outside-in lays every widget out once, at its final size.
        """
        container = self._container
        chain: list[QWidget] = []
        for widget in changed:
            path = []
            while widget is not None and widget is not container:
                path.append(widget)
                widget = widget.parentWidget()
            if widget is container:
                chain.extend(w for w in path if w not in chain)
        if not chain:
            return
        for widget in chain:  # inner before outer
            widget.updateGeometry()
        width = container.width()
        needed = container.heightForWidth(width)
        if needed > container.height():
            container.resize(width, needed)
        ordered = sorted(chain, key=_depth)
        for widget in (container, *ordered):
            layout = widget.layout()
            if layout is not None:
                layout.activate()
        self._flush_layout()

    def _flush_layout(self) -> None:
        """Run pending layout now, so the scroll range is up to date."""
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._stick_to_bottom:
            self._scroll.verticalScrollBar().setValue(maximum)
        self._maybe_load_older()

    def _on_value_changed(self, value: int) -> None:
        bar = self._scroll.verticalScrollBar()
        self._stick_to_bottom = value >= bar.maximum() - BOTTOM_SLACK
        self._maybe_load_older()

    # -- width ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._scroll.viewport() and event.type() == QEvent.Type.Resize:
            if not self._column_width:
                self._apply_column_width()
            elif self._target_column_width() != self._column_width:
                self._resize_timer.start()
        return super().eventFilter(watched, event)

    def _target_column_width(self) -> int:
        available = self._scroll.viewport().width() - 2 * SIDE_MARGIN
        return max(240, min(MAX_COLUMN_WIDTH, available))

    def _apply_column_width(self) -> None:
        width = self._target_column_width()
        if width == self._column_width:
            return
        self._column_width = width
        self._column.setFixedWidth(width)
        for widget in self._widgets.values():
            widget.set_column_width(width)

    # -- appearance ---------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
        ):
            self._theme_timer.start()
        super().changeEvent(event)

    def _refresh_theme(self) -> None:
        theme = Theme.from_widget(self)
        if theme == self.theme:
            return
        self.theme = theme
        self._style_scroll_bar()
        for widget in self._widgets.values():
            widget.apply_theme()

    def _style_scroll_bar(self) -> None:
        # A thin, quiet scroll bar. Also much cheaper to paint than Fusion's (2.5 ms per
        # repaint at 800 px), and it repaints on every frame that grows the answer.
        self._scroll.verticalScrollBar().setStyleSheet(self.theme.scroll_bar_style())

    # -- links ----------------------------------------------------------------------------

    def _on_anchor_clicked(self, url: QUrl) -> None:
        self.link_activated.emit(url.toString())
        if self.open_links_externally and url.scheme().lower() in SAFE_LINK_SCHEMES:
            QDesktopServices.openUrl(url)
