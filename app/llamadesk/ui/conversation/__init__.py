"""The conversation: its messages (Markdown, code, branches, statistics, attached
documents), streamed as the answer is written, and the composer the user writes in."""

from llamadesk.ui.conversation.attachment_chips import description
from llamadesk.ui.conversation.composer import Composer
from llamadesk.ui.conversation.view import ConversationView, MessageItem

__all__ = ["Composer", "ConversationView", "MessageItem", "description"]
