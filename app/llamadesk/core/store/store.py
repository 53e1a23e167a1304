"""Conversations and messages in SQLite: a tree of messages per conversation, search, undo.

Messages form a tree so that editing an earlier message or regenerating an answer keeps the
old branch; ``conversations.current_leaf_id`` says which branch is shown, and the shown
branch is the path from the root to that leaf.

The database runs in WAL mode with ``synchronous=NORMAL``: a commit costs no fsync, so
:meth:`Store.update_message` (called about once a second while an answer streams) is one
cheap ``UPDATE``; a process kill loses nothing committed, a power cut at most the last
commits. Messages still ``streaming`` while they stream are kept out of the full-text index
(indexed once they finish), so the hot path does not re-index a growing answer.

Deleting a conversation is a soft delete (``deleted_at``): :meth:`Store.restore_conversation`
undoes it completely, and :meth:`Store.purge_deleted` removes it for good (also done on open
for deletions older than ``purge_deleted_after`` seconds).

One :class:`Store` may be used from several threads (calls are serialised by a lock); several
processes may open the same file (writers wait up to ``BUSY_TIMEOUT_MS``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from llamadesk.core.documents import Attachment
from llamadesk.core.errors import StoreError
from llamadesk.core.paths import data_dir
from llamadesk.core.store import attachments as store_attachments
from llamadesk.core.store import export as store_export
from llamadesk.core.store import schema as store_schema
from llamadesk.core.store.records import Conversation, Message, SearchHit
from llamadesk.core.store.values import LAST_TIME_MS, clean_meta, is_int
from llamadesk.core.texts import Text

log = logging.getLogger(__name__)

DB_NAME = "conversations.sqlite3"
ROLES = ("system", "user", "assistant")
STATUSES = ("complete", "streaming", "cancelled", "error")
BUSY_TIMEOUT_MS = 5000
PURGE_DELETED_AFTER_S = 300.0
MARK = ("\x02", "\x03")  # default snippet markers: escape the snippet, then replace these


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class Store:
    """The conversation database. Use as a context manager, or call :meth:`close`."""

    def __init__(
        self, path: Path | str | None = None, *, purge_deleted_after: float = PURGE_DELETED_AFTER_S
    ) -> None:
        self.path = Path(path) if path is not None else data_dir() / DB_NAME
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            self._db.text_factory = _decoded  # text that is not UTF-8 does not fail a query
        except (OSError, sqlite3.Error) as error:
            raise StoreError(
                Text(
                    "The conversation database {path} cannot be opened: {error}.",
                    path=str(self.path),
                    error=str(error),
                )
            ) from error
        try:
            self._open(purge_deleted_after)
        except BaseException as error:
            self._db.close()
            if isinstance(error, sqlite3.Error):
                raise StoreError(
                    Text(
                        "The conversation database {path} cannot be read ({error}). If it is "
                        "damaged, move it somewhere else to start with an empty history.",
                        path=str(self.path),
                        error=str(error),
                    )
                ) from error
            raise

    def _open(self, purge_deleted_after: float) -> None:
        self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # "trigram", "unicode61" or None (search by LIKE only)
        self.fts = store_schema.prepare(self._db, self.path)
        self.purge_deleted(older_than=purge_deleted_after)

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("PRAGMA optimize")  # keeps the query planner's statistics fresh
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- plumbing

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._db
            except sqlite3.Error as error:
                raise StoreError(
                    Text("Reading the conversation database failed: {error}.", error=str(error))
                ) from error

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything in the block is saved, or nothing is."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                raise StoreError(
                    Text(
                        "Saving to the conversation database failed: {error}. Check that the "
                        "disk is not full and that no other program holds the file.",
                        error=str(error),
                    )
                ) from error

    # ---------------------------------------------------------------- conversations

    def create_conversation(self, title: str = "", settings: dict | None = None) -> Conversation:
        now = now_ms()
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO conversations (title, created_at, updated_at, settings_json) "
                "VALUES (?, ?, ?, ?)",
                (title, now, now, _dumps(settings or {})),
            )
        return self.get_conversation(cursor.lastrowid)

    def get_conversation(self, conversation_id: int) -> Conversation:
        with self._read() as db:
            row = db.execute(
                f"SELECT {_CONVERSATION_COLUMNS} FROM conversations WHERE id = ?",
                (conversation_id,),
            ).fetchone()
        if row is None:
            raise StoreError(Text("This conversation no longer exists."))
        return _conversation(row)

    def list_conversations(self, limit: int | None = None) -> list[Conversation]:
        """Pinned first, then the most recently updated; deleted ones left out."""
        with self._read() as db:
            rows = db.execute(
                f"SELECT {_CONVERSATION_COLUMNS} FROM conversations WHERE deleted_at IS NULL "
                "ORDER BY pinned DESC, updated_at DESC, id DESC LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        return [_conversation(row) for row in rows]

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        self._update_conversation(conversation_id, "title = ?", title)

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self._update_conversation(conversation_id, "pinned = ?", int(pinned))

    def update_conversation_settings(self, conversation_id: int, settings: dict) -> None:
        """Replace the per-conversation overrides (a JSON-able dict the caller interprets)."""
        self._update_conversation(conversation_id, "settings_json = ?", _dumps(settings))

    def delete_conversation(self, conversation_id: int) -> None:
        """Hide a conversation; :meth:`restore_conversation` brings all of it back."""
        self._update_conversation(conversation_id, "deleted_at = ?", now_ms())

    def restore_conversation(self, conversation_id: int) -> None:
        self._update_conversation(conversation_id, "deleted_at = ?", None)

    def purge_deleted(self, older_than: float = 0.0, conversation_id: int | None = None) -> int:
        """Remove deleted conversations for good; returns how many went."""
        cutoff = now_ms() - int(older_than * 1000)
        query = "DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?"
        params: tuple = (cutoff,)
        if conversation_id is not None:
            query += " AND id = ?"
            params += (conversation_id,)
        with self._read() as db:  # take the write lock only when there is something to purge
            probe = query.replace("DELETE", "SELECT 1", 1) + " LIMIT 1"
            if db.execute(probe, params).fetchone() is None:
                return 0
        with self._write() as db:
            return db.execute(query, params).rowcount

    def _update_conversation(self, conversation_id: int, assignment: str, value: object) -> None:
        with self._write() as db:
            cursor = db.execute(
                f"UPDATE conversations SET {assignment} WHERE id = ?", (value, conversation_id)
            )
        if cursor.rowcount == 0:
            raise StoreError(Text("This conversation no longer exists."))

    # ---------------------------------------------------------------- messages

    def add_message(
        self,
        conversation_id: int,
        parent_id: int | None,
        role: str,
        content: str,
        *,
        status: str = "complete",
        model: str | None = None,
        meta: dict | None = None,
        thinking: str = "",
        attachments: Sequence[Attachment] = (),
    ) -> Message:
        """Append a message under ``parent_id`` (None: a new root) and show its branch;
        ``attachments``: the documents that go with it, in order."""
        _check_choice(role, ROLES, "role")
        _check_choice(status, STATUSES, "status")
        now = now_ms()
        with self._write() as db:
            if parent_id is not None:
                row = db.execute(
                    "SELECT conversation_id FROM messages WHERE id = ?", (parent_id,)
                ).fetchone()
                if row is None or row[0] != conversation_id:
                    raise StoreError(Text("The message being answered no longer exists."))
            cursor = db.execute(
                "INSERT INTO messages (conversation_id, parent_id, role, content, created_at, "
                "status, model, meta_json, thinking) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    parent_id,
                    role,
                    content,
                    now,
                    status,
                    model,
                    _dumps(meta or {}),
                    thinking,
                ),
            )
            store_attachments.insert(db, cursor.lastrowid, attachments)
            if (
                db.execute(
                    "UPDATE conversations SET current_leaf_id = ?, updated_at = ? WHERE id = ?",
                    (cursor.lastrowid, now, conversation_id),
                ).rowcount
                == 0
            ):
                raise StoreError(Text("This conversation no longer exists."))
        return self.get_message(cursor.lastrowid)

    def update_message(
        self,
        message_id: int,
        *,
        content: str | None = None,
        status: str | None = None,
        meta: dict | None = None,
        thinking: str | None = None,
    ) -> None:
        """Change a message's text, status, meta (replaced whole) and/or reasoning. One cheap
        UPDATE."""
        assignments, values = [], []
        if content is not None:
            assignments.append("content = ?")
            values.append(content)
        if thinking is not None:
            assignments.append("thinking = ?")
            values.append(thinking)
        if status is not None:
            _check_choice(status, STATUSES, "status")
            assignments.append("status = ?")
            values.append(status)
        if meta is not None:
            assignments.append("meta_json = ?")
            values.append(_dumps(meta))
        if not assignments:
            return
        with self._write() as db:
            cursor = db.execute(
                f"UPDATE messages SET {', '.join(assignments)} WHERE id = ?", (*values, message_id)
            )
        if cursor.rowcount == 0:
            raise StoreError(Text("This message no longer exists."))

    def get_message(self, message_id: int) -> Message:
        with self._read() as db:
            row = db.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None:
                raise StoreError(Text("This message no longer exists."))
            return store_attachments.with_attachments(db, [_message(row)])[0]

    def active_path(self, conversation_id: int) -> list[Message]:
        """The shown branch, root first, with each message's position among its siblings."""
        with self._read() as db:
            row = db.execute(
                "SELECT current_leaf_id FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None:
                raise StoreError(Text("This conversation no longer exists."))
            leaf = row[0]
            if (
                leaf is None
                or not db.execute(
                    "SELECT 1 FROM messages WHERE id = ? AND conversation_id = ?",
                    (leaf, conversation_id),
                ).fetchone()
            ):
                leaf = db.execute(
                    "SELECT max(id) FROM messages WHERE conversation_id = ?", (conversation_id,)
                ).fetchone()[0]
            if leaf is None:
                return []
            children: dict[int | None, list[int]] = {}
            count = 0
            for message_id, parent_id in db.execute(
                "SELECT id, parent_id FROM messages WHERE conversation_id = ? ORDER BY id",
                (conversation_id,),
            ):
                children.setdefault(parent_id, []).append(message_id)
                count += 1
            # At most as many steps as messages: parent links edited into a loop end too.
            rows = db.execute(
                "WITH RECURSIVE path(id, depth) AS ("
                " SELECT ?, 0"
                " UNION ALL SELECT m.parent_id, path.depth + 1 FROM messages m"
                "  JOIN path ON m.id = path.id WHERE m.parent_id IS NOT NULL AND path.depth < ?)"
                f" SELECT path.depth, {_MESSAGE_COLUMNS} FROM path JOIN messages USING (id)",
                (leaf, count),
            ).fetchall()  # sorted here: an ORDER BY would copy every text into a temp b-tree
            rows.sort(key=lambda row: row[0])
            path, seen = [], set()
            for row in rows:  # from the leaf up, until a message comes round again
                message = _message(row[1:])
                if message.id in seen:
                    break
                seen.add(message.id)
                ids = children.get(message.parent_id) or [message.id]
                index = ids.index(message.id) if message.id in ids else 0
                path.append(_with_siblings(message, index, len(ids)))
            return store_attachments.with_attachments(db, reversed(path))

    def siblings(self, message_id: int) -> tuple[int, int, list[int]]:
        """``(index, count, ids)`` of this message among the messages sharing its parent."""
        message = self.get_message(message_id)
        with self._read() as db:
            ids = [
                row[0]
                for row in db.execute(
                    "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS ? "
                    "ORDER BY id",
                    (message.conversation_id, message.parent_id),
                )
            ]
        return ids.index(message_id), len(ids), ids

    def switch_branch(self, message_id: int) -> list[Message]:
        """Show the branch through ``message_id``, down to its newest leaf; the new path."""
        message = self.get_message(message_id)
        with self._write() as db:
            # Children are always newer than their parents, so the newest message of the
            # subtree is its most recently created leaf.
            (leaf,) = db.execute(
                "WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT m.id FROM messages m"
                " JOIN sub ON m.parent_id = sub.id) SELECT max(id) FROM sub",
                (message_id,),
            ).fetchone()
            db.execute(
                "UPDATE conversations SET current_leaf_id = ? WHERE id = ?",
                (leaf, message.conversation_id),
            )
        return self.active_path(message.conversation_id)

    def message_tree(self, conversation_id: int) -> list[Message]:
        """Every message of the conversation, oldest first (parents before children)."""
        with self._read() as db:
            rows = db.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY id",
                (conversation_id,),
            ).fetchall()
            return store_attachments.with_attachments(db, [_message(row) for row in rows])

    # ---------------------------------------------------------------- search

    def search(self, query: str, limit: int = 50, mark: tuple[str, str] = MARK) -> list[SearchHit]:
        """Titles and message text containing every word of ``query``, newest first.

        Any text is safe: words are quoted, so FTS syntax (``"``, ``*``, ``AND``, ``-``) is
        matched literally. Case-insensitive (for non-ASCII letters only where the full-text
        index is used). Answers still streaming are found once they finish.
        """
        terms = query.split()
        if not terms or limit <= 0:
            return []
        with self._read() as db:
            titles = store_schema.search_titles(db, terms, limit)
            rows = store_schema.search_messages(db, terms, self.fts, limit)
        hits = [
            SearchHit(cid, title, None, None, store_schema.snippet(title, terms, mark), at / 1000)
            for cid, title, at in titles
        ]
        hits += [
            SearchHit(cid, title, mid, role, store_schema.snippet(text, terms, mark), at / 1000)
            for cid, title, mid, role, text, at in rows
        ]
        return hits[:limit]

    # ---------------------------------------------------------------- export / import

    def export_markdown(self, conversation_id: int, whole_tree: bool = False) -> str:
        conversation = self.get_conversation(conversation_id)
        if whole_tree:
            return store_export.tree_to_markdown(conversation, self.message_tree(conversation_id))
        return store_export.path_to_markdown(conversation, self.active_path(conversation_id))

    def export_json(self, conversation_id: int, whole_tree: bool = True) -> str:
        """A versioned JSON document; with ``whole_tree=False`` only the shown branch."""
        conversation = self.get_conversation(conversation_id)
        messages = (
            self.message_tree(conversation_id) if whole_tree else self.active_path(conversation_id)
        )
        return store_export.to_json(conversation, messages)

    def import_json(self, text: str | bytes) -> Conversation:
        """Create a new conversation from :meth:`export_json` output; all or nothing."""
        data = store_export.parse_json(text)
        with self._write() as db:
            conversation_id = store_export.insert_conversation(db, data)
        return self.get_conversation(conversation_id)

    def import_json_file(self, path: Path | str) -> Conversation:
        """:meth:`import_json` of a file; one too big to import is refused unread."""
        try:
            with Path(path).open("rb") as file:
                store_export.check_size(os.fstat(file.fileno()).st_size)
                data = file.read(store_export.MAX_IMPORT_BYTES + 1)
        except OSError as error:
            raise StoreError(
                Text(
                    "The file {path} cannot be read: {error}.",
                    path=str(path),
                    error=str(error.strerror or error),
                )
            ) from error
        return self.import_json(data)


_CONVERSATION_COLUMNS = (
    "id, title, created_at, updated_at, pinned, settings_json, current_leaf_id, deleted_at"
)
_MESSAGE_COLUMNS = (
    "id, conversation_id, parent_id, role, content, created_at, status, model, meta_json, thinking"
)


# Rows are read as whatever the file holds: a database edited by hand (or by a bug) may
# hold text where a time belongs, a time no calendar has, or JSON nested beyond recursion.
# Such a value is read as unknown (a time of 0, empty text, no settings), never an error:
# one damaged conversation must not keep the window from opening.


def _conversation(row: tuple) -> Conversation:
    cid, title, created, updated, pinned, settings, leaf, deleted = row
    return Conversation(
        cid,
        _text(title),
        _seconds(created),
        _seconds(updated),
        pinned is True or (is_int(pinned) and pinned != 0),
        _loads(settings),
        leaf if is_int(leaf) else None,
        None if deleted is None else _seconds(deleted),
    )


def _message(row: tuple) -> Message:
    mid, cid, parent, role, content, created, status, model, meta, thinking = row
    return Message(
        mid,
        cid,
        parent if is_int(parent) else None,
        role,
        _text(content),
        _seconds(created),
        status,
        None if model is None else _text(model),
        clean_meta(_loads(meta)),
        _text(thinking),
    )


def _decoded(raw: bytes) -> str:
    return str(raw, "utf-8", "replace")


def _seconds(milliseconds: object) -> float:
    """A stored time in seconds since the epoch; 0.0 (unknown) for anything but a date."""
    if isinstance(milliseconds, (int, float)) and 0 <= milliseconds <= LAST_TIME_MS:
        return milliseconds / 1000
    return 0.0


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return "" if value is None else str(value)


def _with_siblings(message: Message, index: int, count: int) -> Message:
    if (index, count) == (0, 1):
        return message
    return replace(message, sibling_index=index, sibling_count=count)


def _dumps(value: dict) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise StoreError(Text("A value cannot be saved: {error}.", error=str(error))) from error


def _loads(text: object) -> dict:
    """A stored JSON object (meta, settings); {} for anything else, however damaged."""
    if not isinstance(text, (str, bytes)):
        return {}
    try:
        value = json.loads(text) if text else {}
    except (ValueError, RecursionError):  # bad JSON, a 5,000-digit number, deep nesting
        return {}
    return value if isinstance(value, dict) else {}


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise StoreError(f"Unknown message {what} {value!r}; expected one of {', '.join(choices)}.")
