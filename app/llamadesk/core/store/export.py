"""Conversations to Markdown and JSON, and JSON back into the database, validated first.

The JSON format is versioned (``"format": "llamadesk.conversation"``, ``"version": 1``) and
holds every message with its parent link, model, status and meta, so a conversation with all
its branches survives an export and import unchanged. Message ids in the file are numbered
1..n in the order written (parents before children); the database assigns new ones on import.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from llamadesk.core.errors import StoreError
from llamadesk.core.store.records import Conversation, Message
from llamadesk.core.texts import Text, mark

FORMAT = "llamadesk.conversation"
FORMAT_VERSION = 1
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ROLES = ("system", "user", "assistant")
_STATUSES = ("complete", "streaming", "cancelled", "error")
_ROLE_NAMES = {"system": "System", "user": "User", "assistant": "Assistant"}


@dataclass(frozen=True)
class ImportedMessage:
    key: int  # the id in the file
    parent_key: int | None
    role: str
    content: str
    created_at: int  # milliseconds since the Unix epoch
    status: str
    model: str | None
    meta: dict
    thinking: str = ""


@dataclass(frozen=True)
class ImportedConversation:
    title: str
    created_at: int
    updated_at: int
    pinned: bool
    settings: dict
    current_leaf_key: int | None
    messages: list[ImportedMessage]  # parents before children


# ---------------------------------------------------------------------- JSON out


def to_json(conversation: Conversation, messages: list[Message]) -> str:
    numbers = {m.id: n for n, m in enumerate(messages, start=1)}
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": iso_time(datetime.now(timezone.utc).timestamp()),
        "conversation": {
            "title": conversation.title,
            "created_at": iso_time(conversation.created_at),
            "updated_at": iso_time(conversation.updated_at),
            "pinned": conversation.pinned,
            "settings": conversation.settings,
            "current_leaf": numbers.get(conversation.current_leaf_id)
            or (len(messages) if messages else None),
        },
        "messages": [
            {
                "id": numbers[m.id],
                "parent": numbers.get(m.parent_id),
                "role": m.role,
                "content": m.content,
                "created_at": iso_time(m.created_at),
                "status": m.status,
                "model": m.model,
                "meta": m.meta,
                **({"thinking": m.thinking} if m.thinking else {}),
            }
            for m in messages
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def iso_time(seconds: float) -> str:
    moment = _EPOCH + timedelta(milliseconds=round(seconds * 1000))
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ---------------------------------------------------------------------- JSON in


def parse_json(text: str | bytes) -> ImportedConversation:
    """Validate an exported conversation; any problem is a StoreError saying what is wrong."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            _fail(Text("it is not UTF-8 text"))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        _fail(
            Text(
                "it is not valid JSON ({error} at line {line}, column {column})",
                error=error.msg,
                line=error.lineno,
                column=error.colno,
            )
        )
    except RecursionError:
        _fail(Text("it is nested too deeply"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        _fail(Text("it is not a LlamaDesk conversation export"))
    version = data.get("version")
    if not _is_int(version) or version < 1:
        _fail(Text("its format version is missing"))
    if version > FORMAT_VERSION:
        raise StoreError(
            Text(
                "This conversation was exported by a newer version of LlamaDesk (format "
                "{version}; this version reads up to {known}). Update LlamaDesk to import it.",
                version=version,
                known=FORMAT_VERSION,
            )
        )
    conversation = _field(data, "conversation", dict, Text("the file"), {})
    raw_messages = _field(data, "messages", list, Text("the file"))
    now = round(datetime.now(timezone.utc).timestamp() * 1000)

    messages: dict[int, ImportedMessage] = {}
    for index, raw in enumerate(raw_messages, start=1):
        where = Text("message {index}", index=index)
        if not isinstance(raw, dict):
            _fail(Text("{where} is not an object", where=where))
        key = raw.get("id")
        if not _is_int(key):
            _fail(Text("{where} has no numeric id", where=where))
        if key in messages:
            _fail(Text("{where} repeats the id {key}", where=where, key=key))
        parent = raw.get("parent")
        if parent is not None and not _is_int(parent):
            _fail(Text("{where} has a parent that is not a message id", where=where))
        role = raw.get("role")
        if role not in _ROLES:
            _fail(Text("{where} has an unknown role {role}", where=where, role=repr(role)))
        status = _field(raw, "status", str, where, "complete")
        if status not in _STATUSES:
            _fail(Text("{where} has an unknown status {status}", where=where, status=repr(status)))
        model = raw.get("model")
        if model is not None and not isinstance(model, str):
            _fail(Text("{where} has a model that is not text", where=where))
        messages[key] = ImportedMessage(
            key=key,
            parent_key=parent,
            role=role,
            content=_field(raw, "content", str, where),
            created_at=_time(raw.get("created_at"), where, now),
            status="cancelled" if status == "streaming" else status,  # nothing streams it now
            model=model,
            meta=_field(raw, "meta", dict, where, {}),
            thinking=_field(raw, "thinking", str, where, ""),
        )
    ordered = _parents_first(messages)

    leaf = conversation.get("current_leaf")
    if leaf is not None and (not _is_int(leaf) or leaf not in messages):
        _fail(Text("its current message is not one of its messages"))
    where = Text("the conversation")
    created = _time(conversation.get("created_at"), where, now)
    return ImportedConversation(
        title=_field(conversation, "title", str, where, ""),
        created_at=created,
        updated_at=_time(conversation.get("updated_at"), where, created),
        pinned=_field(conversation, "pinned", bool, where, False),
        settings=_field(conversation, "settings", dict, where, {}),
        current_leaf_key=leaf,
        messages=ordered,
    )


def _parents_first(messages: dict[int, ImportedMessage]) -> list[ImportedMessage]:
    """Creation order as far as parents allow: a parent is always written before its children."""
    children: dict[int | None, list[ImportedMessage]] = {}
    for message in messages.values():
        if message.parent_key is not None and message.parent_key not in messages:
            _fail(
                Text(
                    "message {key} answers message {parent}, which is missing",
                    key=message.key,
                    parent=message.parent_key,
                )
            )
        children.setdefault(message.parent_key, []).append(message)
    ready = [(m.created_at, m.key) for m in children.get(None, [])]
    heapq.heapify(ready)
    ordered: list[ImportedMessage] = []
    while ready:
        _, key = heapq.heappop(ready)
        ordered.append(messages[key])
        for child in children.get(key, []):
            heapq.heappush(ready, (child.created_at, child.key))
    if len(ordered) != len(messages):
        _fail(Text("its messages' parent links form a loop"))
    return ordered


_KINDS = {
    dict: mark("an object"),
    list: mark("a list"),
    str: mark("text"),
    bool: mark("true or false"),
}


def _field(data: dict, name: str, kind: type, where: str, default: object = ...) -> object:
    value = data.get(name, default)
    if value is ... or not isinstance(value, kind):
        _fail(
            Text(
                "{where} needs {name} as {kind}",
                where=where,
                name=repr(name),
                kind=Text(_KINDS[kind]),
            )
        )
    return value


def _time(value: object, where: str, default: int) -> int:
    if value is None:
        return default
    if _is_int(value) or isinstance(value, float):
        return round(value * 1000)  # seconds since the epoch
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            return (moment - _EPOCH) // timedelta(milliseconds=1)
    _fail(Text("{where} has a date that cannot be read: {value}", where=where, value=repr(value)))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fail(reason: str) -> None:
    raise StoreError(
        Text("This file cannot be imported: {reason}. Nothing was imported.", reason=reason)
    )


def insert_conversation(db: sqlite3.Connection, data: ImportedConversation) -> int:
    """Write an imported conversation (inside the caller's transaction); its new id."""
    conversation_id = db.execute(
        "INSERT INTO conversations (title, created_at, updated_at, pinned, settings_json) "
        "VALUES (?, ?, ?, ?, ?)",
        (data.title, data.created_at, data.updated_at, data.pinned, _dumps(data.settings)),
    ).lastrowid
    new_ids: dict[int, int] = {}
    for m in data.messages:  # parents come first, so ids grow from parent to child
        parent = None if m.parent_key is None else new_ids[m.parent_key]
        new_ids[m.key] = db.execute(
            "INSERT INTO messages (conversation_id, parent_id, role, content, created_at, "
            "status, model, meta_json, thinking) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                conversation_id,
                parent,
                m.role,
                m.content,
                m.created_at,
                m.status,
                m.model,
                _dumps(m.meta),
                m.thinking,
            ),
        ).lastrowid
    leaf = new_ids.get(data.current_leaf_key) or max(new_ids.values(), default=None)
    db.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (leaf, conversation_id))
    return conversation_id


def _dumps(value: dict) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError as error:  # NaN or Infinity in the file's meta or settings
        _fail(f"it holds a number JSON cannot store ({error})")


# ---------------------------------------------------------------------- Markdown


def path_to_markdown(conversation: Conversation, messages: list[Message]) -> str:
    lines = _header(conversation, len(messages))
    for message in messages:
        lines += _message_markdown(message, _ROLE_NAMES[message.role])
    return "\n".join(lines).rstrip() + "\n"


def tree_to_markdown(conversation: Conversation, messages: list[Message]) -> str:
    """Every branch, depth first; a message that is not the reply to the one above says so."""
    children: dict[int | None, list[Message]] = {}
    for message in messages:
        children.setdefault(message.parent_id, []).append(message)
    numbers: dict[int, int] = {}
    lines = _header(conversation, len(messages))
    previous = None
    stack = list(reversed(children.get(None, [])))
    while stack:
        message = stack.pop()
        numbers[message.id] = len(numbers) + 1
        siblings = children[message.parent_id]
        title = f"{numbers[message.id]}. {_ROLE_NAMES[message.role]}"
        notes = []
        if message.parent_id is not None and message.parent_id != previous:
            notes.append(f"reply to {numbers[message.parent_id]}")
        if len(siblings) > 1:
            notes.append(f"version {siblings.index(message) + 1} of {len(siblings)}")
        lines += _message_markdown(message, title, f" ({', '.join(notes)})" if notes else "")
        previous = message.id
        stack.extend(reversed(children.get(message.id, [])))
    return "\n".join(lines).rstrip() + "\n"


def _header(conversation: Conversation, count: int) -> list[str]:
    title = " ".join(conversation.title.split()) or "Conversation"
    date = iso_time(conversation.created_at)[:10]
    return [f"# {title}", "", f"*Exported from LlamaDesk · started {date} · {count} messages*", ""]


def _message_markdown(message: Message, title: str, suffix: str = "") -> list[str]:
    if message.role == "assistant" and message.model:
        title += f" · {message.model}"
    title += suffix
    lines = [f"## {title}", ""]
    if message.thinking:  # folded, as the window shows it: readers open it when they want
        seconds = message.meta.get("thinking_seconds")
        summary = (
            f"Thought for {seconds:.0f} s" if isinstance(seconds, (int, float)) else "Thinking"
        )
        lines += ["<details>", f"<summary>{summary}</summary>", ""]
        lines += [message.thinking.strip(), "", "</details>", ""]
    lines += [message.content.rstrip() or "*(empty)*", ""]
    notes = []
    if message.status in ("cancelled", "error"):
        notes.append("stopped early" if message.status == "cancelled" else "failed")
    meta = message.meta
    if _is_int(meta.get("generated_tokens")):
        notes.append(f"{meta['generated_tokens']} tokens")
    if isinstance(meta.get("tokens_per_second"), (int, float)):
        notes.append(f"{meta['tokens_per_second']:.1f} tokens/s")
    if notes:
        lines += [f"*{' · '.join(notes)}*", ""]
    return lines
