"""A chat, without Qt: the turn in progress of the open conversation (saved as it goes),
the rules of a turn, task starters, whether attached documents fit, and whether a model is
loaded."""

from llamadesk.core.chat.documents import DocumentFit, document_fit
from llamadesk.core.chat.model_state import ModelChoice, ModelState
from llamadesk.core.chat.session import SAVE_INTERVAL_SECONDS, ChatSession, Turn
from llamadesk.core.chat.tasks import (
    AUTO,
    CONTINUE,
    DOCUMENT,
    LANGUAGES,
    SUMMARISE,
    TRANSLATE,
    Task,
    task_of,
)
from llamadesk.core.chat.turn import context_start, history, last_context_used, title, was_sent

__all__ = [
    "AUTO",
    "CONTINUE",
    "DOCUMENT",
    "LANGUAGES",
    "SAVE_INTERVAL_SECONDS",
    "SUMMARISE",
    "TRANSLATE",
    "ChatSession",
    "DocumentFit",
    "ModelChoice",
    "ModelState",
    "Task",
    "Turn",
    "context_start",
    "document_fit",
    "history",
    "last_context_used",
    "task_of",
    "title",
    "was_sent",
]
