"""The messages of a conversation: an answer (its blocks, typing indicator, notice and
footer of actions and statistics) and the system prompt; the user's own messages are in
``llamadesk.ui.conversation.user_message``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtGui import Qt as QtText
from PySide6.QtWidgets import QGraphicsOpacityEffect, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from llamadesk.ui.conversation.layout import (
    append_widget,
    height_for_width_policy,
    no_margins,
    vertical_box,
)
from llamadesk.ui.conversation.message_parts import (
    BranchSwitcher,
    CopyButton,
    CutNotice,
    ElidedLabel,
    IconButton,
    Notice,
    TypingIndicator,
    details_tooltip,
    footer_text,
)
from llamadesk.ui.conversation.text_blocks import BlockStack, PlainBlock
from llamadesk.ui.conversation.theme import set_text_colour
from llamadesk.ui.conversation.thinking_block import ThinkingBlock

if TYPE_CHECKING:
    from llamadesk.ui.conversation.context import MessageItem, ViewContext


class MessageWidget(QWidget):
    """Common ground of the three kinds of message."""

    def __init__(self, item: MessageItem, context: ViewContext) -> None:
        super().__init__()
        self.item = item
        self.view_context = context
        self.is_last_assistant = False
        self.branches: BranchSwitcher | None = None  # made when there are versions
        self.cut_notice: CutNotice | None = None  # made when part of it is not shown
        self.busy = False
        self.setSizePolicy(height_for_width_policy())

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

    def show_cut(self, cut: bool, index: int) -> None:
        """Say, at ``index`` in the layout, that part of the message is not shown (``cut``);
        the note offers the whole text (``copy_text``) as plain text."""
        if cut == (self.cut_notice is not None and not self.cut_notice.isHidden()):
            return
        if self.cut_notice is None:
            self.cut_notice = CutNotice(self.copy_text, self.view_context, self)
            self.layout().insertWidget(index, self.cut_notice)
        self.cut_notice.setVisible(cut)

    def set_outside_context(self, outside: bool, first_inside: bool) -> None:
        """Fade a message the model no longer sees; the first one it still sees carries a
        note about the ones above."""
        self.setGraphicsEffect(QGraphicsOpacityEffect(self, opacity=0.45) if outside else None)
        self.setToolTip(
            self.tr("This message no longer fits in the model's context window.") if outside else ""
        )
        note = self.findChild(QLabel, "contextNote")
        if first_inside and note is None:
            note = QLabel(
                self.tr(
                    "Messages above no longer fit in the model's context window: the model "
                    "does not see them. Start a new chat or load the model with a larger "
                    "context to keep more.",
                ),
                self,
            )
            note.setObjectName("contextNote")
            note.setWordWrap(True)
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            set_text_colour(note, self.view_context.theme.muted)
            self.layout().insertWidget(0, note)
        if note is not None:
            note.setVisible(first_inside)

    def show_branches(self, row: QWidget, index: int) -> None:
        """Keep the branch switcher in step with the item; it is made, at ``index`` in
        ``row``, when the message first has versions."""
        item = self.item
        if item.branch_count > 1 and self.branches is None:
            self.branches = BranchSwitcher(lambda: self.item.id, self.view_context, row)
            row.layout().insertWidget(index, self.branches)
        if self.branches is not None:
            self.branches.setVisible(item.branch_count > 1)
            self.branches.set_branch(item.branch_index, max(1, item.branch_count))


def header_label(text: str, font: QFont, parent: QWidget) -> QLabel:
    """A message's heading (who wrote it): ``font``, semi-bold, plain text (a model's name
    comes from its file, or from an imported conversation)."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    bold = QFont(font)
    bold.setWeight(QFont.Weight.DemiBold)
    label.setFont(bold)
    return label


class AssistantMessage(MessageWidget):
    def __init__(self, item: MessageItem, context: ViewContext) -> None:
        super().__init__(item, context)
        theme = context.theme
        layout = vertical_box(self, 6)
        self.header = header_label(self.tr("Assistant"), theme.small, self)
        append_widget(layout, self.header)
        self.thinking: ThinkingBlock | None = None  # the reasoning, made when there is some
        self.body = BlockStack(context, self)
        self.body.built.connect(self._show_cut)
        append_widget(layout, self.body)
        self.typing: TypingIndicator | None = None
        self.notice: Notice | None = None  # warnings and errors, made when needed
        self.footer = QWidget(self)
        footer = no_margins(QHBoxLayout(self.footer), 2)
        self.copy_button = CopyButton(self.copy_text, context, self.footer)
        # Regenerate/Continue (last answer only) and the branch switcher are made on demand:
        # most answers of a long conversation never need them.
        self.regenerate_button: IconButton | None = None
        self.continue_button: IconButton | None = None
        self.stats = ElidedLabel(self.footer)
        self.stats.setFont(theme.small)
        self.prompt_button = IconButton("prompt", self.tr("Show prompt"), context, self.footer)
        self.prompt_button.clicked.connect(lambda: context.prompt_requested.emit(self.item.id))
        footer.addWidget(self.copy_button)
        footer.addWidget(self.prompt_button)
        footer.addSpacing(8)
        footer.addWidget(self.stats, 1)
        append_widget(layout, self.footer)
        self.apply_theme(rerender=False)
        if item.status == "streaming":
            self.begin_stream(item.content)
        else:
            self.body.set_markdown(item.content)
        self.set_item(item)
        self._show_cut()

    def _show_cut(self) -> None:
        if self.body.cut or self.cut_notice is not None:
            self.show_cut(self.body.cut, self.layout().indexOf(self.body) + 1)

    def copy_text(self) -> str:
        return self.body.text()

    def begin_stream(self, initial: str) -> None:
        self.body.begin_stream(initial)
        self._show_cut()
        if self.typing is None:
            self.typing = TypingIndicator(self.view_context, self)
            # Aligned, so its fixed width does not cap the message's width: a capped layout
            # asked the open block for its height at that narrow width, re-wrapping it.
            index = self.layout().indexOf(self.body) + 1
            self.layout().insertWidget(index, self.typing, 0, Qt.AlignmentFlag.AlignLeft)
        self.typing.show()

    def feed(self, text: str) -> None:
        if self.thinking is not None and self.thinking.thinking_now:
            self.thinking.end()  # the answer begins: the model is done thinking
        self.body.feed(text)
        if self.body.cut and self.cut_notice is None:  # once cut, a streamed text stays so
            self._show_cut()

    def feed_thinking(self, text: str) -> None:
        self._thinking_block().feed(text)

    def end_stream(self, item: MessageItem) -> None:
        if item.content == self.body.text():
            self.body.end_stream()
        else:
            self.body.set_markdown(item.content)
        self._show_cut()
        if self.typing is not None:
            self.typing.hide()
        if self.thinking is not None:
            self.thinking.end((item.meta or {}).get("thinking_seconds"))
        self.set_item(item)

    def set_item(self, item: MessageItem) -> None:
        if not self.body.streaming and item.content != self.body.text():
            self.body.set_markdown(item.content)
            self._show_cut()
        stale = self.thinking is None or self.thinking.text != item.thinking
        if item.thinking and stale and not self.body.streaming:
            seconds = (item.meta or {}).get("thinking_seconds")
            self._thinking_block().set_thinking(item.thinking, seconds)
        self.item = item
        self.refresh_footer()

    def _thinking_block(self) -> ThinkingBlock:
        if self.thinking is None:
            context = self.view_context
            self.thinking = ThinkingBlock(context, self, expanded=context.thinking_expanded)
            self.thinking.toggled.connect(context.thinking_toggled)
            self.layout().insertWidget(self.layout().indexOf(self.body), self.thinking)
        return self.thinking

    def set_last_assistant(self, last: bool) -> None:
        self.is_last_assistant = last
        self.refresh_footer()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.refresh_footer()

    def refresh_footer(self) -> None:
        item = self.item
        streaming = self.body.streaming or item.status == "streaming"
        meta = item.meta or {}
        self.header.setText(item.model or self.tr("Assistant"))
        self.footer.setVisible(not streaming)
        self.prompt_button.setEnabled(not self.busy)
        truncated = meta.get("finish_reason") == "length" or item.status == "cancelled"
        actionable = self.is_last_assistant and not self.busy
        if self.is_last_assistant and self.regenerate_button is None:
            self._make_last_answer_buttons()
        if self.regenerate_button is not None:
            self.regenerate_button.setVisible(self.is_last_assistant)
            self.regenerate_button.setEnabled(actionable)
            self.continue_button.setVisible(self.is_last_assistant and truncated)
            self.continue_button.setEnabled(actionable)
        self.show_branches(self.footer, self._footer_index())
        if self.branches is not None:
            self.branches.setEnabled(not self.busy)
        if item.status == "cancelled":
            stopped = self.tr("stopped")
        elif meta.get("finish_reason") == "length":
            stopped = self.tr("stopped at the length limit")
        else:
            stopped = ""
        stats = " · ".join(filter(None, [footer_text(item), stopped]))
        self.stats.setText(stats)
        tooltip = "\n".join(filter(None, [stats, details_tooltip(item)]))
        self.stats.setToolTip(QtText.convertFromPlainText(tooltip) if tooltip else "")
        lines = [str(warning) for warning in meta.get("warnings") or []]
        error = item.status == "error"
        if error:
            failed = self.tr("The answer could not be generated.")
            lines.insert(0, meta.get("error") or failed)
        if lines and self.notice is None:
            self.notice = Notice(self.view_context, self)
            self.layout().insertWidget(self.layout().indexOf(self.footer), self.notice)
        if self.notice is not None:
            self.notice.set_notice("\n".join(lines), error)
            self.notice.setVisible(bool(lines) and not streaming)

    def _make_last_answer_buttons(self) -> None:
        context = self.view_context
        footer = self.footer.layout()
        regenerate = self.tr("Regenerate")
        resume = self.tr("Continue")
        self.regenerate_button = IconButton("regenerate", regenerate, context, self.footer)
        self.continue_button = IconButton("continue", resume, context, self.footer)
        self.continue_button.setText(resume)
        self.continue_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.continue_button.setFont(context.theme.small)
        set_text_colour(self.continue_button, context.theme.muted)
        footer.insertWidget(1, self.regenerate_button)
        footer.insertWidget(2, self.continue_button)
        self.regenerate_button.clicked.connect(
            lambda: context.regenerate_requested.emit(self.item.id)
        )
        self.continue_button.clicked.connect(lambda: context.continue_requested.emit(self.item.id))

    def _footer_index(self) -> int:
        """Where the branch switcher goes: after the action buttons."""
        return 1 + 2 * (self.regenerate_button is not None)

    def apply_theme(self, rerender: bool = True) -> None:
        theme = self.view_context.theme
        set_text_colour(self.header, theme.muted)
        set_text_colour(self.stats, theme.muted)
        if self.notice is not None:
            self.notice.apply_theme()
        self.copy_button.apply_theme()
        self.prompt_button.apply_theme()
        if self.regenerate_button is not None:
            self.regenerate_button.apply_theme()
            self.continue_button.apply_theme()
            set_text_colour(self.continue_button, theme.muted)
        if self.branches is not None:
            self.branches.apply_theme()
        if self.thinking is not None:
            self.thinking.apply_theme()
        if self.cut_notice is not None:
            self.cut_notice.apply_theme()
        if rerender:
            self.body.apply_theme()
            self.refresh_footer()


class SystemMessage(MessageWidget):
    """The system prompt, shown quietly above the conversation."""

    def __init__(self, item: MessageItem, context: ViewContext) -> None:
        super().__init__(item, context)
        layout = no_margins(QVBoxLayout(self), 4)
        self.header = header_label(self.tr("System prompt"), context.theme.small, self)
        self.text = PlainBlock(item.content, context.theme.small, self)
        layout.addWidget(self.header)
        layout.addWidget(self.text)
        self.apply_theme()
        self.show_cut(self.text.cut, 2)

    def set_item(self, item: MessageItem) -> None:
        self.text.update_text(item.content)
        self.item = item
        self.show_cut(self.text.cut, 2)

    def apply_theme(self) -> None:
        theme = self.view_context.theme
        set_text_colour(self.header, theme.muted)
        if self.cut_notice is not None:
            self.cut_notice.apply_theme()
        self.text.set_font(theme.small)
        palette = self.text.palette()
        palette.setColor(QPalette.ColorRole.Text, theme.muted)
        self.text.setPalette(palette)
