"""Markdown rendered into a ``QTextDocument`` and restyled to the view's theme.

``setMarkdown`` gives headings, inline code, quotes and tables Qt's defaults; these are
adjusted here in one edit block, so the document is laid out once (twice with a table).
A block quote is indented, and the widget showing it draws a bar beside it
(``quote_bars``): a document has no borders for paragraphs.
HTML is not read (``MarkdownNoHTML``: it shows as the text it is), and an image becomes a
link with its description: the document never loads what a message names, be it a file,
a device that never ends (``/dev/zero``) or a pipe that never answers.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import (
    QBrush,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextTable,
)

from llamadesk.ui.conversation.theme import Theme

MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
_KEEP = QTextCursor.MoveMode.KeepAnchor
_PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
LINE_HEIGHT = 125  # percent, for prose
QUOTE_INDENT = 14  # px, for each level of a block quote: its bar and the gap after it
QUOTE_BAR = 3  # px, the bar's width


def render_markdown(document: QTextDocument, markdown: str, theme: Theme) -> None:
    """``setMarkdown`` plus our styling, laid out once (twice when there is a table)."""
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # one layout pass at the end instead of one per change
    document.setMarkdown(markdown, MARKDOWN_FEATURES)
    if "![" in markdown:
        _replace_images(document, theme)
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


def image_placeholder(description: str) -> str:
    """What an image shows instead of itself: its description, marked as an image."""
    if not description.strip():
        return QCoreApplication.translate("ConversationView", "[image]")
    return QCoreApplication.translate("ConversationView", "[image: {description}]").format(
        description=" ".join(description.split())
    )


def _replace_images(document: QTextDocument, theme: Theme) -> None:
    """Each image becomes its description, a link to where it is: nothing is loaded."""
    images = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            fragments += 1
            if fragment.isValid() and fragment.charFormat().isImageFormat():
                images.append((fragment.position(), fragment.length(), fragment.charFormat()))
        block = block.next()
    cursor = QTextCursor(document)
    for position, length, image in reversed(images):  # from the end: positions stay right
        cursor.setPosition(position)
        cursor.setPosition(position + length, _KEEP)
        link = QTextCharFormat()
        link.setAnchor(True)
        link.setAnchorHref(image.toImageFormat().name())
        link.setForeground(theme.link)
        link.setFontUnderline(True)
        description = image.property(QTextFormat.Property.ImageAltText)
        cursor.insertText(image_placeholder(description or ""), link)


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
        quoted = block_format.intProperty(QTextFormat.Property.BlockQuoteLevel)
        if quoted:  # Qt indents it 40 px on both sides; a bar beside it says it is a quote
            block_format.setLeftMargin(quoted * QUOTE_INDENT)
            block_format.setRightMargin(0)
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
    bold = QTextCharFormat()
    bold.setFontWeight(QFont.Weight.Bold)
    for column in range(table.columns()):
        cell = table.cellAt(0, column)
        cell_format = cell.format().toTableCellFormat()
        cell_format.setBackground(theme.table_header)
        cell.setFormat(cell_format)
        # Qt leaves a header cell unaligned, and not bold when it starts with code, a link
        # or emphasis: aligned as its column, bold throughout.
        cursor.setPosition(cell.firstPosition())
        cursor.setPosition(cell.lastPosition(), _KEEP)
        cursor.mergeCharFormat(bold)
        if table.rows() > 1:
            aligned = QTextBlockFormat()
            aligned.setAlignment(
                table.cellAt(1, column).firstCursorPosition().blockFormat().alignment()
            )
            cursor.mergeBlockFormat(aligned)
    # Cells keep single line spacing: the extra leading only sits below the text.
    cursor.setPosition(table.firstPosition())
    cursor.setPosition(table.lastPosition(), _KEEP)
    single = QTextBlockFormat()
    single.setLineHeight(100, _PROPORTIONAL)
    cursor.mergeBlockFormat(single)


def quote_bars(document: QTextDocument) -> list[QRectF]:
    """Where the bars beside the block quotes of a laid out ``document`` go: one for each
    level of each quote, along its paragraphs and the gaps between them."""
    layout = document.documentLayout()
    bars: list[QRectF] = []
    growing: dict[int, QRectF] = {}  # level -> the bar of the quote at that level so far
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().intProperty(QTextFormat.Property.BlockQuoteLevel)
        for depth in [d for d in growing if d > level]:
            bars.append(growing.pop(depth))
        if level:
            rect = layout.blockBoundingRect(block)
            for depth in range(1, level + 1):
                bar = growing.get(depth)
                if bar is None:
                    x = (depth - 1) * QUOTE_INDENT
                    growing[depth] = QRectF(x, rect.top(), QUOTE_BAR, rect.height())
                else:
                    bar.setBottom(rect.bottom())
        block = block.next()
    bars.extend(growing.values())
    return bars
