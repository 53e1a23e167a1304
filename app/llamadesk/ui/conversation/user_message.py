"""A message the user wrote: a tinted bubble of literal text, with Edit and Copy below it;
Edit turns the bubble into an editor whose Save && Send branches the conversation. The
documents sent with it are chips above the bubble, each opening the text the model read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetrics, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from llamadesk.ui.conversation.attachment_chips import (
    AttachmentChip,
    ChipFlow,
    description,
    sent_detail,
)
from llamadesk.ui.conversation.layout import height_for_width_policy, no_margins
from llamadesk.ui.conversation.message_edit import MessageEdit
from llamadesk.ui.conversation.message_parts import CopyButton, IconButton
from llamadesk.ui.conversation.messages import MessageWidget
from llamadesk.ui.conversation.text_blocks import MAX_COLUMN_WIDTH, PlainBlock
from llamadesk.ui.conversation.text_viewer import TextViewer
from llamadesk.ui.conversation.theme import rounded_panel

if TYPE_CHECKING:
    from llamadesk.core.documents import Attachment
    from llamadesk.ui.conversation.context import MessageItem, ViewContext


class _Bubble(QFrame):
    """The tinted rounded background of a user message."""

    RADIUS = 16

    def __init__(self, context: ViewContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self.setSizePolicy(height_for_width_policy(QSizePolicy.Policy.Maximum))

    def paintEvent(self, event) -> None:
        painter, path = rounded_panel(self, QRectF(self.rect()), self.RADIUS)
        painter.fillPath(path, self._context.theme.bubble)


class UserMessage(MessageWidget):
    def __init__(self, item: MessageItem, context: ViewContext) -> None:
        super().__init__(item, context)
        layout = no_margins(QVBoxLayout(self), 2)
        self.documents = QWidget(self)  # the attachments' chips, made when there are some
        self.documents.setSizePolicy(height_for_width_policy())
        self._documents_flow = ChipFlow(self.documents, right=True)
        self.documents.hide()
        self.viewer: TextViewer | None = None
        layout.addWidget(self.documents)
        layout.addSpacing(4)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        self.bubble = _Bubble(context, self)
        self._bubble_layout = QVBoxLayout(self.bubble)
        self._bubble_layout.setContentsMargins(16, 10, 16, 10)
        self.text = PlainBlock(item.content, context.theme.body, self.bubble)
        self._bubble_layout.addWidget(self.text)
        row.addWidget(self.bubble)
        layout.addLayout(row)
        self.actions = QWidget(self)
        actions = no_margins(QHBoxLayout(self.actions), 2)
        actions.addStretch(1)
        edit = self.tr("Edit")
        self.edit_button = IconButton("edit", edit, context, self.actions)
        self.copy_button = CopyButton(self.copy_text, context, self.actions)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.copy_button)
        layout.addWidget(self.actions)
        self.edit_button.clicked.connect(self.start_editing)
        self.editor: QPlainTextEdit | None = None
        self._edit_panel: QWidget | None = None
        self._column_width = MAX_COLUMN_WIDTH
        self.set_item(item)

    def set_item(self, item: MessageItem) -> None:
        self.text.update_text(item.content)
        if item.attachments != self.item.attachments or not self.document_chips():
            self._show_documents(item.attachments)
        self.item = item
        self.bubble.setVisible(bool(item.content) or self.editing)
        self.show_branches(self.actions, 1)
        self.show_cut(self.text.cut, 3)

    def document_chips(self) -> list[AttachmentChip]:
        return self.documents.findChildren(AttachmentChip)

    def _show_documents(self, attachments: tuple[Attachment, ...]) -> None:
        for chip in self.document_chips():
            self._documents_flow.removeWidget(chip)
            chip.deleteLater()
        for attachment in attachments:
            chip = AttachmentChip(attachment.name, self.documents, removable=False)
            chip.set_detail(sent_detail(attachment))
            chip.set_clickable(
                description(attachment) + "\n" + self.tr("Click to read the text the model got.")
            )
            chip.clicked.connect(lambda attachment=attachment: self.open_document(attachment))
            self._documents_flow.addWidget(chip)
        self.documents.setVisible(bool(attachments))

    def open_document(self, attachment: Attachment) -> None:
        """The text read from a document, in a window of its own (plain text)."""
        note = self.tr(
            "The text LlamaDesk read from this file, as the model was given it. Very long lines "
            "are shown broken; Copy takes them as they are."
        )
        font = self.view_context.theme.mono
        self.viewer = TextViewer(attachment.name, attachment.text, font, self, note=note)
        self.viewer.show()

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
        self.busy = busy
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
        self.view_context.edit_requested.emit(self.item.id)
        panel = QWidget(self.bubble)
        layout = no_margins(QVBoxLayout(panel), 8)
        self.editor = MessageEdit(panel)
        self.editor.setTabChangesFocus(True)  # Tab goes on to Cancel and Save && Send
        if self.text.cut:  # wrapping a line of a megabyte takes Qt a minute; scrolling, not
            self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setPlainText(self.item.content)
        self.editor.setFont(self.view_context.theme.body)
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
        self.save_button.setToolTip(
            self.tr("Send the edited message (Enter; Shift+Enter for a new line)")
        )
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.stop_editing)
        self.save_button.clicked.connect(self._save)
        self.editor.send_pressed.connect(self._save)
        self.editor.stop_pressed.connect(self.stop_editing)
        self.text.hide()
        self.actions.hide()
        self.bubble.show()
        self._bubble_layout.addWidget(panel)
        self._edit_panel = panel
        self.set_column_width(self._column_width)
        self.editor.setFocus()
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)

    def _editor_height(self) -> int:
        lines = max(2, min(14, self.editor.document().blockCount() + 1)) if self.editor else 2
        return lines * QFontMetrics(self.view_context.theme.body).lineSpacing() + 12

    def _save(self) -> None:
        if self.editor is None:
            return
        text = self.editor.toPlainText()
        if not text.strip() and not self.item.attachments:
            return
        self.stop_editing()
        self.view_context.edit_submitted.emit(self.item.id, text)

    def stop_editing(self) -> None:
        if self._edit_panel is None:
            return
        self._edit_panel.hide()
        self._edit_panel.deleteLater()
        self._edit_panel = None
        self.editor = None
        self.text.show()
        self.actions.show()
        self.bubble.setVisible(bool(self.item.content))
        self.set_column_width(self._column_width)

    def apply_theme(self) -> None:
        theme = self.view_context.theme
        self.text.set_font(theme.body)
        self.edit_button.apply_theme()
        self.copy_button.apply_theme()
        if self.branches is not None:
            self.branches.apply_theme()
        if self.cut_notice is not None:
            self.cut_notice.apply_theme()
        self.bubble.update()
