"""What a message widget may use of the view it sits in: the message it shows
(``MessageItem``), the current theme, the render statistics, and the signals it emits.

The conversation view owns one ``ViewContext`` and hands it to every widget it builds,
so the widgets need not know the view; the view forwards the context's signals as its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QUrl, Signal

from llamadesk.core.documents import Attachment
from llamadesk.ui.conversation.theme import Theme


@dataclass(frozen=True)
class MessageItem:
    """One message of the active branch, as the view shows it."""

    id: int
    role: str  # "user" | "assistant" | "system"
    content: str  # Markdown for assistant; plain text for user and system
    status: str = "complete"  # "complete" | "streaming" | "cancelled" | "error"
    model: str = ""  # model label used for this answer
    # generated_tokens, thinking_tokens, thinking_seconds, tokens_per_second,
    # time_to_first_token, generation_seconds, finish_reason, warnings (list[str]), error (str)
    meta: dict = field(default_factory=dict)
    branch_index: int = 0  # position among its siblings (0-based)
    branch_count: int = 1
    thinking: str = ""  # an answer's reasoning (plain text)
    attachments: tuple[Attachment, ...] = ()  # documents sent with a user's message


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


class ViewContext(QObject):
    """Shared by the widgets of one conversation view.

    ``theme`` is replaced by the view when the palette, font or colour scheme changes
    (then every widget's ``apply_theme`` runs), so widgets read it when they need it
    rather than keeping a copy.
    """

    link_clicked = Signal(QUrl)
    edit_requested = Signal(int)  # message id
    edit_submitted = Signal(int, str)  # message id, the new text
    regenerate_requested = Signal(int)
    continue_requested = Signal(int)
    branch_switch_requested = Signal(int, int)  # message id, -1 or +1
    prompt_requested = Signal(int)  # message id of an answer: show the prompt it was given
    thinking_toggled = Signal(bool)  # the user unfolded (True) or folded an answer's reasoning

    def __init__(self, theme: Theme, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.render_stats = RenderStats()
        self.thinking_expanded = False  # how a reasoning block starts: the user's last choice
