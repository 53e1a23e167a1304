"""What the store keeps: a conversation, a message of its tree, and a search hit."""

from __future__ import annotations

from dataclasses import dataclass

from llamadesk.core.documents import Attachment


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created_at: float  # seconds since the Unix epoch
    updated_at: float
    pinned: bool
    settings: dict  # per-conversation overrides: system_prompt, sampling, load
    current_leaf_id: int | None
    deleted_at: float | None = None


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    parent_id: int | None
    role: str
    content: str
    created_at: float
    status: str
    model: str | None
    meta: dict  # sampling used, token counts, tokens/s, time to first token, finish reason, ...
    thinking: str = ""  # an answer's reasoning, when the model thought before answering
    attachments: tuple[Attachment, ...] = ()  # documents a user attached to the message
    sibling_index: int = 0  # filled in by active_path: position among its siblings
    sibling_count: int = 1


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    conversation_title: str
    message_id: int | None  # None when the title matched
    role: str | None
    snippet: str  # one line of context, each match wrapped in the markers given to search()
    created_at: float
