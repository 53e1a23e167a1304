"""The conversation view: one conversation's active branch, streamed as it is written.

Design, for speed:

* Only the newest ``PAGE_SIZE`` messages get widgets when a conversation opens; older ones
  are built ``OLDER_CHUNK`` at a time as the user scrolls near the top, keeping the
  position on screen steady.
* An answer is split into blocks (``markdown_blocks``): fenced code and prose chunks
  of bounded size. A finished block is rendered once into its own widget; while streaming
  only the block in progress is rendered again, and code grows by appending to its
  document, so the cost of ``append_stream_text`` does not grow with the answer.
* Blocks sit in groups of 16 (``text_blocks``) and each frame's layout is settled
  outside-in (``layout.settle``), so a frame lays out the open group and a few
  sealed groups, and no finished block is squeezed and repainted on the way.
* The message column has a fixed width set after resizing settles (debounced), so a
  window resize does not lay out every text for every intermediate width.
* Whatever a message holds, its cost is bounded (``text_bounds``): lines, code blocks and
  the whole message are cut past a budget, with the whole text a click away in a plain-text
  viewer, and a complete answer is built a slice of blocks per turn of the event loop.
  Nothing a message names is ever loaded: an image becomes a link (``markdown_render``).
* Text widgets are read-only ``QTextBrowser``s as tall as their text for the column width,
  with no scroll bars of their own; the wheel always scrolls the conversation. Code is
  highlighted line by line while it streams and as a whole, in 3 ms slices, once done
  (``code_block``).

The messages themselves are in ``messages`` and ``user_message``,
their buttons and footer in ``message_parts``, colours and fonts in
``theme``. They never see the view: it hands them a ``ViewContext`` (``context``) with
the current theme, the render statistics and the signals they emit, and forwards those
signals as its own.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from llamadesk.ui.conversation.context import MessageItem, RenderStats, ViewContext
from llamadesk.ui.conversation.layout import (
    Column,
    append_widget,
    flush_layout,
    install_column,
    new_column,
    new_scroll_area,
    settle,
)
from llamadesk.ui.conversation.messages import AssistantMessage, MessageWidget, SystemMessage
from llamadesk.ui.conversation.text_blocks import MAX_COLUMN_WIDTH
from llamadesk.ui.conversation.theme import Theme
from llamadesk.ui.conversation.user_message import UserMessage

__all__ = ["MAX_COLUMN_WIDTH", "ConversationView", "MessageItem", "RenderStats"]

PAGE_SIZE = 30  # messages built when a conversation opens
OLDER_CHUNK = 15  # messages built each time the user comes near the top
SIDE_MARGIN = 24
MIN_COLUMN_WIDTH = 200  # the narrowest the messages get; the view is never narrower
RESIZE_SETTLE_MS = 90
BOTTOM_SLACK = 48  # px from the bottom that still count as "at the bottom"
SAFE_LINK_SCHEMES = {"http", "https", "mailto"}


class ConversationView(QWidget):
    """One conversation's active branch: messages, streaming answer, per-message actions."""

    edit_requested = Signal(int)  # the user opened a message for editing
    edit_submitted = Signal(int, str)  # ...and sent the new text
    regenerate_requested = Signal(int)
    continue_requested = Signal(int)
    branch_switch_requested = Signal(int, int)  # message id, -1 or +1
    prompt_requested = Signal(int)  # the id of an answer whose prompt the user asked to see
    thinking_toggled = Signal(bool)  # the user unfolded (True) or folded an answer's reasoning
    link_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_links_externally = True  # http(s)/mailto links also open in the browser
        # What the message widgets may use of the view; its signals are forwarded as ours.
        self._view_context = context = ViewContext(Theme.from_widget(self), self)
        context.link_clicked.connect(self._on_anchor_clicked)
        context.edit_requested.connect(self.edit_requested)
        context.edit_submitted.connect(self.edit_submitted)
        context.regenerate_requested.connect(self.regenerate_requested)
        context.continue_requested.connect(self.continue_requested)
        context.branch_switch_requested.connect(self.branch_switch_requested)
        context.prompt_requested.connect(self.prompt_requested)
        context.thinking_toggled.connect(self._on_thinking_toggled)
        self._items: list[MessageItem] = []
        self._positions: dict[int, int] = {}  # message id -> index in _items
        self._widgets: dict[int, MessageWidget] = {}
        self._first_built = 0  # _items[_first_built:] have widgets
        self._context_start: int | None = None  # set_context_start
        self._stream_id: int | None = None
        self._last_assistant_id: int | None = None
        self._stick_to_bottom = True
        self._column_width = 0
        self._loading_older = False

        self._scroll = new_scroll_area(self)
        self._scroll.viewport().installEventFilter(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll)
        self._container: QWidget | None = None
        self._column: Column | None = None
        self._column_layout: QVBoxLayout | None = None
        self._new_column()
        install_column(self._scroll, self._container)

        bar = self._scroll.verticalScrollBar()
        # As narrow as the messages may get, and no narrower: a side panel that took more
        # cut the messages off at the right instead of wrapping them
        self.setMinimumWidth(MIN_COLUMN_WIDTH + 2 * SIDE_MARGIN + bar.sizeHint().width())
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
        self._context_start = None
        self._first_built = max(0, len(self._items) - PAGE_SIZE)
        self._last_assistant_id = None
        self._new_column()
        for item in self._items[self._first_built :]:
            append_widget(self._column_layout, self._build(item))
        self._refresh_last_assistant()
        install_column(self._scroll, self._container)
        # The swap moved the scroll bar to the top while its range was still the old
        # conversation's, which looked like the user scrolling up: start at the bottom.
        self._stick_to_bottom = True
        bar = self._scroll.verticalScrollBar()
        bar.setValue(bar.maximum())

    def append_message(self, item: MessageItem) -> None:
        if item.id in self._positions:
            self.update_message(item)
            return
        if item.role == "user":
            self._stick_to_bottom = True  # the user just sent it: show it
        self._positions[item.id] = len(self._items)
        self._items.append(item)
        widget = self._build(item)
        append_widget(self._column_layout, widget)
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
        if isinstance(widget, AssistantMessage):
            widget.item = item
            if not widget.body.streaming:
                widget.begin_stream(item.content)
            widget.refresh_footer()
        self._set_busy(True)

    def append_stream_text(self, text: str) -> None:
        """Add newly generated text (coalesced by the caller, at most once per frame)."""
        if not text or self._stream_id is None:
            return
        widget = self._widgets.get(self._stream_id)
        if isinstance(widget, AssistantMessage):
            widget.feed(text)
            settle(self._container, widget.body.take_touched())

    def append_stream_thinking(self, text: str) -> None:
        """Add newly generated reasoning (shown in the answer's folded thinking block)."""
        if not text or self._stream_id is None:
            return
        widget = self._widgets.get(self._stream_id)
        if isinstance(widget, AssistantMessage):
            widget.feed_thinking(text)
            if widget.thinking.expanded:
                settle(self._container, [widget.thinking.body.text])
            else:
                settle(self._container, [widget.thinking])

    def set_thinking_expanded(self, expanded: bool) -> None:
        """How answers' reasoning blocks start: unfolded or folded (the user's choice)."""
        self._view_context.thinking_expanded = expanded

    def _on_thinking_toggled(self, expanded: bool) -> None:
        self._view_context.thinking_expanded = expanded
        self._flush_layout()
        self.thinking_toggled.emit(expanded)

    def end_stream(self, item: MessageItem) -> None:
        """The answer is complete (or stopped): final content, status and statistics."""
        widget = self._widgets.get(item.id)
        if item.id in self._positions:
            self._items[self._positions[item.id]] = item
        if isinstance(widget, AssistantMessage):
            widget.end_stream(item)
        if self._stream_id == item.id:
            self._stream_id = None
        self._set_busy(False)
        self._refresh_last_assistant(force=True)

    # -- for tests, the benchmark and the window ---------------------------------------------

    def set_context_start(self, message_id: int | None) -> None:
        """Messages before ``message_id`` no longer fit in the model's context window: they
        are shown faded, under a note, so the user sees what the model did not read."""
        self._context_start = message_id
        for widget in self._widgets.values():
            self._show_context(widget)

    def outside_context(self, message_id: int) -> bool:
        start = self._positions.get(self._context_start)
        position = self._positions.get(message_id)
        return start is not None and position is not None and position < start

    def _show_context(self, widget: MessageWidget) -> None:
        widget.set_outside_context(
            self.outside_context(widget.item.id), widget.item.id == self._context_start
        )

    @property
    def theme(self) -> Theme:
        """The colours and fonts in use, made again when the palette, font or scheme changes."""
        return self._view_context.theme

    @property
    def render_stats(self) -> RenderStats:
        return self._view_context.render_stats

    @property
    def streaming(self) -> bool:
        return self._stream_id is not None

    def message_count(self) -> int:
        return len(self._items)

    def built_message_count(self) -> int:
        return len(self._widgets)

    def message_widget(self, message_id: int) -> MessageWidget | None:
        return self._widgets.get(message_id)

    def regenerate_last_answer(self) -> bool:
        """Write the last answer again, as its Regenerate button does; False when there is
        none or it cannot now (an answer is streaming)."""
        widget = self._widgets.get(self._last_assistant_id)
        button = getattr(widget, "regenerate_button", None)
        if button is None or not button.isEnabled():
            return False
        button.click()
        return True

    def edit_last_message(self) -> bool:
        """Open the user's last message for editing, scrolled into view; False when there is
        none or it cannot be edited now."""
        last = next((item.id for item in reversed(self._items) if item.role == "user"), None)
        widget = self._widgets.get(last)
        if widget is None or not widget.edit_button.isEnabled():
            return False
        widget.start_editing()
        self._scroll.ensureWidgetVisible(widget)
        return True

    def copy_last_answer(self) -> bool:
        """Copy the last answer to the clipboard, as its Copy button does."""
        widget = self._widgets.get(self._last_assistant_id)
        if widget is None or self.streaming:
            return False
        widget.copy_button.click()
        return True

    def scroll_bar(self):
        return self._scroll.verticalScrollBar()

    def is_at_bottom(self) -> bool:
        bar = self._scroll.verticalScrollBar()
        return bar.value() >= bar.maximum() - BOTTOM_SLACK

    # -- building -------------------------------------------------------------------------

    def _new_column(self) -> None:
        self._container, self._column, self._column_layout = new_column(self._column_width)

    def _build(self, item: MessageItem) -> MessageWidget:
        context = self._view_context
        if item.role == "user":
            widget: MessageWidget = UserMessage(item, context)
        elif item.role == "system":
            widget = SystemMessage(item, context)
        else:
            widget = AssistantMessage(item, context)
        widget.setParent(self._column)
        if self._column_width:
            widget.set_column_width(self._column_width)
        self._widgets[item.id] = widget
        if self._context_start is not None:
            self._show_context(widget)
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
            if isinstance(widget, AssistantMessage):
                widget.end_stream(replace(item, content=widget.body.text(), status="cancelled"))
        self._stream_id = None

    # -- scrolling --------------------------------------------------------------------------

    def _flush_layout(self) -> None:
        flush_layout()

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
        return max(MIN_COLUMN_WIDTH, min(MAX_COLUMN_WIDTH, available))

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
        self._view_context.theme = theme
        for widget in self._widgets.values():
            widget.apply_theme()

    # -- links ----------------------------------------------------------------------------

    def _on_anchor_clicked(self, url: QUrl) -> None:
        self.link_activated.emit(url.toString())
        if self.open_links_externally and url.scheme().lower() in SAFE_LINK_SCHEMES:
            QDesktopServices.openUrl(url)
