"""The sidebar: conversations (pinned first), a search across all messages, and New chat."""

from __future__ import annotations

import html
import time

from PySide6.QtCore import QEvent, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core.store import MARK, Conversation, SearchHit
from llamadesk.ui.common import Colours, icon, mix, spacing

ID_ROLE = Qt.ItemDataRole.UserRole
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2  # a search hit's (title, snippet), words found marked
SEARCH_DELAY_MS = 200
SNIPPET_LINES = 2


def marked_html(text: str, colour: str) -> str:
    """``text`` (marked by the store's search) as HTML, each hit on a ``colour`` background."""
    return (
        html.escape(text)
        .replace(MARK[0], f'<span style="background:{colour}; font-weight:600;">')
        .replace(MARK[1], "</span>")
    )


class _HitDelegate(QStyledItemDelegate):
    """Draws a search hit: its title, then up to two lines around the words found, each
    word found highlighted. Other rows are drawn as usual."""

    def paint(self, painter, option, index) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            super().paint(painter, option, index)
            return
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        document = self._document(hit, option)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(0, 0, rect.width(), rect.height())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.text().color())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        hit = index.data(HIT_ROLE)
        if hit is None or not hit[1]:
            return hint
        line = option.fontMetrics.lineSpacing()
        return QSize(hint.width(), hint.height() + (SNIPPET_LINES - 1) * line)  # has two

    def _document(self, hit: tuple[str, str], option) -> QTextDocument:
        title, snippet = hit
        palette = QApplication.palette()  # the list's own has a transparent base
        colour = mix(palette.color(QPalette.ColorRole.Base), "#f5b700", 0.45).name()
        muted = Colours.from_palette(palette).muted.name()
        body = f"<div>{marked_html(title, colour)}</div>"
        if snippet:
            body += f'<div style="color:{muted};">{marked_html(snippet, colour)}</div>'
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(option.font)
        document.setHtml(body)
        document.setTextWidth(option.rect.width() - 16)
        return document


class _KeyList(QListWidget):
    """A list that knows whether its current row is being moved by a key."""

    moved_by_key = False

    def keyPressEvent(self, event) -> None:
        self.moved_by_key = True
        try:
            super().keyPressEvent(event)
        finally:
            self.moved_by_key = False


class ConversationList(QWidget):
    """Shows conversations or search hits; says what the user wants through signals."""

    conversation_selected = Signal(int)
    search_hit_selected = Signal(int, int)  # conversation id, message id (0: the title)
    new_requested = Signal()
    rename_requested = Signal(int, str)
    pin_requested = Signal(int, bool)
    delete_requested = Signal(int)
    export_requested = Signal(int, str)  # conversation id, "markdown" or "json"
    import_requested = Signal()
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self._current: int | None = None
        self._pinned: dict[int, bool] = {}
        self.new_button = QPushButton(self.tr("New chat"))
        self.new_button.setObjectName("newChatButton")
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.search = QLineEdit()
        self.search.setObjectName("searchField")
        self.search.setPlaceholderText(self.tr("Search all messages"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(self.tr("Find conversations by title or by any message in them"))
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.search_changed.emit(self.search.text()))
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.list = _KeyList()
        self.list.setObjectName("conversationList")
        self.list.setFrameShape(QListWidget.Shape.NoFrame)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_menu)
        self.list.itemClicked.connect(self._on_item_activated)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setItemDelegate(_HitDelegate(self.list))
        self.list.setIconSize(QSize(16, 16))
        self.new_button.setIconSize(QSize(18, 18))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(spacing.MARGIN, spacing.MARGIN, spacing.GAP, spacing.GAP)
        layout.setSpacing(spacing.GAP)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self._apply_icons()

    # ------------------------------------------------------------------ content
    def set_conversations(self, conversations: list[Conversation]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.list.setUniformItemSizes(True)
        self._pinned = {c.id: c.pinned for c in conversations}
        pinned = [c for c in conversations if c.pinned]
        recent = [c for c in conversations if not c.pinned]
        if pinned:
            self._add_header(self.tr("Pinned"))
            for conversation in pinned:
                self._add_conversation(conversation)
        if pinned and recent:
            self._add_header(self.tr("Recent"))
        for conversation in recent:
            self._add_conversation(conversation)
        self.list.blockSignals(False)
        self.select(self._current)

    def set_search_results(self, hits: list[SearchHit]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.list.setUniformItemSizes(False)  # a title found is one line, a message three
        if not hits:
            self._add_header(self.tr("Nothing found"))
        for hit in hits:
            snippet = hit.snippet.replace(MARK[0], "").replace(MARK[1], "")
            title = hit.conversation_title or self.tr("Untitled")
            item = QListWidgetItem(f"{title}\n{snippet}" if hit.message_id else title)
            marked = hit.snippet if not hit.message_id else title
            item.setData(HIT_ROLE, (marked, hit.snippet if hit.message_id else ""))
            item.setData(ID_ROLE, hit.conversation_id)
            item.setData(MESSAGE_ROLE, hit.message_id or 0)
            item.setToolTip(snippet)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def select(self, conversation_id: int | None) -> None:
        self._current = conversation_id
        self.list.blockSignals(True)
        self.list.clearSelection()
        for row in range(self.list.count()):
            item = self.list.item(row)
            if conversation_id is not None and item.data(ID_ROLE) == conversation_id:
                item.setSelected(True)
                self.list.setCurrentItem(item)
                break
        self.list.blockSignals(False)

    def searching(self) -> bool:
        return bool(self.search.text().strip())

    # ------------------------------------------------------------------ helpers
    def _add_header(self, text: str) -> None:
        item = QListWidgetItem(text.upper())
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, "header")
        font = item.font()
        font.setPointSizeF(font.pointSizeF() * 0.8)
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def _add_conversation(self, conversation: Conversation) -> None:
        item = QListWidgetItem(conversation.title or self.tr("New conversation"))
        item.setData(ID_ROLE, conversation.id)
        item.setToolTip(
            self.tr("{title}\nLast message {when}").format(
                title=conversation.title, when=self._ago(conversation.updated_at)
            )
        )
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        )
        item.setIcon(self._item_icon(conversation.id))
        self.list.addItem(item)

    def _item_icon(self, conversation_id: int):
        name = "pin" if self._pinned.get(conversation_id) else "message"
        return icon(name, self.palette().color(QPalette.ColorRole.Text))

    def _apply_icons(self) -> None:
        """Icons in the palette's text colour (again when it changes: light, dark)."""
        self.new_button.setIcon(icon("new-chat", self.palette().color(QPalette.ColorRole.Text)))
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) is not None and not self.searching():
                item.setIcon(self._item_icon(item.data(ID_ROLE)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_icons()
        super().changeEvent(event)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        conversation_id = item.data(ID_ROLE)
        if conversation_id is None:
            return
        message_id = item.data(MESSAGE_ROLE)
        if message_id is not None:
            self.search_hit_selected.emit(conversation_id, message_id)
        elif conversation_id != self._current:
            self._current = conversation_id
            self.conversation_selected.emit(conversation_id)

    def _on_current_changed(self, item: QListWidgetItem | None, _previous) -> None:
        """The arrow keys open the conversation they move to (a click opens it itself; the
        list taking the focus only marks one)."""
        if item is not None and self.list.moved_by_key:
            self._on_item_activated(item)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        conversation_id = item.data(ID_ROLE)
        title = item.text().strip()
        if conversation_id is not None and title:
            self.rename_requested.emit(conversation_id, title)

    def _show_menu(self, position: QPoint) -> None:
        item = self.list.itemAt(position)
        conversation_id = item.data(ID_ROLE) if item else None
        menu = QMenu(self)
        if conversation_id is not None and item.data(MESSAGE_ROLE) is None:
            menu.addAction(self.tr("Rename"), lambda: self.list.editItem(item))
            pinned = self._pinned.get(conversation_id, False)
            menu.addAction(
                self.tr("Unpin") if pinned else self.tr("Pin"),
                lambda: self.pin_requested.emit(conversation_id, not pinned),
            )
            export = menu.addMenu(self.tr("Export"))
            for label, kind in ((self.tr("Markdown…"), "markdown"), (self.tr("JSON…"), "json")):
                export.addAction(
                    label, lambda kind=kind: self.export_requested.emit(conversation_id, kind)
                )
            menu.addSeparator()
            menu.addAction(self.tr("Delete"), lambda: self.delete_requested.emit(conversation_id))
            menu.addSeparator()
        menu.addAction(self.tr("Import conversation…"), self.import_requested)
        menu.exec(self.list.viewport().mapToGlobal(position))

    def _ago(self, timestamp: float) -> str:
        if timestamp <= 0:  # the store reads a damaged or impossible time as 0
            return self.tr("at an unknown time")
        seconds = max(0, time.time() - timestamp)
        if seconds < 60:
            return self.tr("just now")
        if seconds < 3600:
            return self.tr("%n minute(s) ago", "", int(seconds // 60))
        if seconds < 86400:
            return self.tr("%n hour(s) ago", "", int(seconds // 3600))
        return self.tr("%n day(s) ago", "", int(seconds // 86400))

    def keyPressEvent(self, event) -> None:
        item = self.list.currentItem()
        if event.key() == Qt.Key.Key_Delete and item and item.data(ID_ROLE) is not None:
            self.delete_requested.emit(item.data(ID_ROLE))
            return
        super().keyPressEvent(event)
