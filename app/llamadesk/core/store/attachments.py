"""The documents attached to messages, in their own table (schema 3): written with their
message, read back with it.

A row edited by hand (or by a bug) is read as what it can be: an unknown kind as text, a
count that is no count as 0, text that is not text as empty; never an error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace

from llamadesk.core.documents import KINDS, Attachment
from llamadesk.core.store.records import Message
from llamadesk.core.store.values import MAX_COUNT, MAX_INTEGER, is_int

_IDS_PER_QUERY = 500  # well under SQLite's limit on a statement's parameters


def insert(db: sqlite3.Connection, message_id: int, attachments: Sequence[Attachment]) -> None:
    """Write ``attachments`` of a message just written (inside the caller's transaction)."""
    db.executemany(
        "INSERT INTO attachments (message_id, position, name, kind, text, size, pages, "
        "blank_pages) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (message_id, position, a.name, a.kind, a.text, a.size, a.pages, a.blank_pages)
            for position, a in enumerate(attachments)
        ],
    )


def with_attachments(db: sqlite3.Connection, messages: Iterable[Message]) -> list[Message]:
    """``messages`` with their attachments read from the database."""
    messages = list(messages)
    ids = [m.id for m in messages]
    found: dict[int, list[Attachment]] = {}
    for start in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[start : start + _IDS_PER_QUERY]
        for message_id, *row in db.execute(
            "SELECT message_id, name, kind, text, size, pages, blank_pages FROM attachments "
            f"WHERE message_id IN ({', '.join('?' * len(chunk))}) ORDER BY message_id, position",
            chunk,
        ):
            found.setdefault(message_id, []).append(_attachment(*row))
    return [replace(m, attachments=tuple(found[m.id])) if m.id in found else m for m in messages]


def _attachment(name, kind, text, size, pages, blank_pages) -> Attachment:
    pages = _number(pages, MAX_COUNT)
    return Attachment(
        _text(name),
        kind if kind in KINDS else "text",
        _text(text),
        _number(size, MAX_INTEGER),
        pages,
        min(pages, _number(blank_pages, MAX_COUNT)),
    )


def _number(value: object, limit: int) -> int:
    return value if is_int(value) and 0 <= value <= limit else 0


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return ""
