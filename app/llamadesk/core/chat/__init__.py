"""A chat, without Qt: the turn in progress of the open conversation (saved as it goes),
the rules of a turn, whether attached documents fit, and whether a model is loaded."""

from llamadesk.core.chat.documents import DocumentFit, document_fit
from llamadesk.core.chat.model_state import ModelChoice, ModelState
from llamadesk.core.chat.session import SAVE_INTERVAL_SECONDS, ChatSession, Turn
from llamadesk.core.chat.turn import context_start, history, last_context_used, title, was_sent

__all__ = [
    "SAVE_INTERVAL_SECONDS",
    "ChatSession",
    "DocumentFit",
    "ModelChoice",
    "ModelState",
    "Turn",
    "context_start",
    "document_fit",
    "history",
    "last_context_used",
    "title",
    "was_sent",
]
