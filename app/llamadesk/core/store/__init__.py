"""Conversations in SQLite: a tree of messages per conversation (branches are kept),
search, soft delete with undo, export to Markdown and JSON and import back."""

from llamadesk.core.store.records import Conversation, Message, SearchHit
from llamadesk.core.store.store import MARK, Store

__all__ = ["MARK", "Conversation", "Message", "SearchHit", "Store"]
