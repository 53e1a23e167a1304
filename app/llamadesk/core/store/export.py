"""Conversations to Markdown and JSON, and JSON back into the database, validated first.

The JSON format is versioned (``"format": "llamadesk.conversation"``, ``"version"``) and
holds every message with its parent link, model, status and meta, so a conversation with all
its branches survives an export and import unchanged. Message ids in the file are numbered
1..n in the order written (parents before children); the database assigns new ones on import.

Version 2 adds a user's message's ``"attachments"``: a list of ``{"name", "kind", "text",
"size", "pages", "blank_pages"}``, the documents that went with it. A file is written as
version 2 only when it holds attachments, so that an older LlamaDesk refuses it ("update to
import it") rather than import the messages without their documents, and still imports every
other file.
"""

from __future__ import annotations

import heapq
import html
import json
import math
import re
import reprlib
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import NoReturn

from llamadesk.core.documents import KINDS, MAX_ATTACHMENTS, MAX_CHARS, Attachment
from llamadesk.core.errors import StoreError
from llamadesk.core.store import attachments as store_attachments
from llamadesk.core.store.records import Conversation, Message
from llamadesk.core.store.values import (
    LAST_TIME_MS,
    MAX_COUNT,
    MAX_INTEGER,
    data_problem,
    has_broken_text,
    is_int,
    meta_problem,
)
from llamadesk.core.texts import Text, mark
from llamadesk.core.units import format_bytes

FORMAT = "llamadesk.conversation"
FORMAT_VERSION = 2
_VERSION_WITHOUT_ATTACHMENTS = 1  # what a file without attachments is written as
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
    attachments: tuple[Attachment, ...] = ()


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
    attached = any(m.attachments for m in messages)
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION if attached else _VERSION_WITHOUT_ATTACHMENTS,
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
                **({"attachments": [asdict(a) for a in m.attachments]} if m.attachments else {}),
            }
            for m in messages
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def iso_time(seconds: float) -> str:
    moment = _EPOCH + timedelta(milliseconds=round(seconds * 1000))
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ---------------------------------------------------------------------- JSON in

# What a conversation file may hold: far beyond what people write, and what a conversation
# file of that size costs in memory (a few times its size) and time (a few seconds).
MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_MESSAGES = 100_000
MAX_MESSAGE_CHARS = 10_000_000
MAX_TREE_DEPTH = 10_000  # messages in a row, each answering the one before
MAX_NAME_CHARS = 10_000  # a title or a model name
MAX_ATTACHMENT_NAME_CHARS = 1_000  # a file's name
MAX_DIGITS = 20  # a number in the file: ids, times and counts need at most 19
# Values (texts, numbers, lists and objects) in all: once parsed, each costs up to 24 times
# its bytes in the file (an empty object, "{}," is 3 bytes and 72 in memory), so 6 million
# take at most about 430 MB; a message takes about 30 of them.
MAX_JSON_VALUES = 6_000_000


def parse_json(text: str | bytes) -> ImportedConversation:
    """Validate an exported conversation; any problem is a StoreError saying what is wrong.

    Every field is checked (types, ranges, sizes, nesting) before anything is written, and
    the checks cost time and memory in proportion to the file's size."""
    check_size(len(text))
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            _fail(Text("it is not UTF-8 text"))
    _check_value_count(text)
    try:
        data = json.loads(
            text,
            parse_int=_integer,
            parse_float=_decimal,
            parse_constant=_not_a_number,
        )
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
    if not is_int(version) or version < 1:
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
    if len(raw_messages) > MAX_MESSAGES:
        _fail(
            Text(
                "it holds {count:,} messages, more than the {limit:,} a conversation may have",
                count=len(raw_messages),
                limit=MAX_MESSAGES,
            )
        )
    now = round(datetime.now(timezone.utc).timestamp() * 1000)

    messages: dict[int, ImportedMessage] = {}
    for index, raw in enumerate(raw_messages, start=1):
        where = Text("message {index}", index=index)
        if not isinstance(raw, dict):
            _fail(Text("{where} is not an object", where=where))
        key = raw.get("id")
        if not is_int(key):
            _fail(Text("{where} has no numeric id", where=where))
        if key in messages:
            _fail(Text("{where} repeats the id {key}", where=where, key=key))
        parent = raw.get("parent")
        if parent is not None and not is_int(parent):
            _fail(Text("{where} has a parent that is not a message id", where=where))
        role = raw.get("role")
        if role not in _ROLES:
            _fail(Text("{where} has an unknown role {role}", where=where, role=_shown(role)))
        status = _field(raw, "status", str, where, "complete")
        if status not in _STATUSES:
            _fail(
                Text("{where} has an unknown status {status}", where=where, status=_shown(status))
            )
        model = raw.get("model")
        if model is not None and not isinstance(model, str):
            _fail(Text("{where} has a model that is not text", where=where))
        meta = _field(raw, "meta", dict, where, {})
        problem = meta_problem(meta)
        if problem is not None:
            _fail(
                Text("{where} has meta the app cannot use: {problem}", where=where, problem=problem)
            )
        messages[key] = ImportedMessage(
            key=key,
            parent_key=parent,
            role=role,
            content=_text(raw, "content", where, MAX_MESSAGE_CHARS),
            created_at=_time(raw.get("created_at"), where, now),
            status="cancelled" if status == "streaming" else status,  # nothing streams it now
            model=None if model is None else _text(raw, "model", where, MAX_NAME_CHARS),
            meta=meta,
            thinking=_text(raw, "thinking", where, MAX_MESSAGE_CHARS, ""),
            attachments=_attachments(raw, role, where),
        )
    ordered = _parents_first(messages)

    leaf = conversation.get("current_leaf")
    if leaf is not None and (not is_int(leaf) or leaf not in messages):
        _fail(Text("its current message is not one of its messages"))
    where = Text("the conversation")
    created = _time(conversation.get("created_at"), where, now)
    settings = _field(conversation, "settings", dict, where, {})
    problem = data_problem(settings)
    if problem is not None:
        _fail(Text("its settings cannot be used: {problem}", problem=problem))
    return ImportedConversation(
        title=_text(conversation, "title", where, MAX_NAME_CHARS, ""),
        created_at=created,
        updated_at=_time(conversation.get("updated_at"), where, created),
        pinned=_field(conversation, "pinned", bool, where, False),
        settings=settings,
        current_leaf_key=leaf,
        messages=ordered,
    )


def _attachments(raw: dict, role: str, where: str) -> tuple[Attachment, ...]:
    """A message's attached documents, each field checked as the reader would make it."""
    items = _field(raw, "attachments", list, where, [])
    if items and role != "user":
        _fail(Text("{where} has attachments, which only a user's message may have", where=where))
    if len(items) > MAX_ATTACHMENTS:
        _fail(
            Text(
                "{where} has {count:,} attachments, more than the {limit:,} a message may have",
                where=where,
                count=len(items),
                limit=MAX_ATTACHMENTS,
            )
        )
    attachments = []
    for index, item in enumerate(items, start=1):
        place = Text("attachment {index} of {where}", index=index, where=where)
        if not isinstance(item, dict):
            _fail(Text("{where} is not an object", where=place))
        kind = item.get("kind")
        if kind not in KINDS:
            _fail(Text("{where} has an unknown kind {kind}", where=place, kind=_shown(kind)))
        pages = _count(item, "pages", place, MAX_COUNT)
        blank = _count(item, "blank_pages", place, MAX_COUNT)
        if blank > pages:
            _fail(Text("{where} has more pages without text than pages", where=place))
        attachments.append(
            Attachment(
                name=_text(item, "name", place, MAX_ATTACHMENT_NAME_CHARS),
                kind=kind,
                text=_text(item, "text", place, MAX_CHARS),
                size=_count(item, "size", place, MAX_INTEGER),
                pages=pages,
                blank_pages=blank,
            )
        )
    return tuple(attachments)


def _count(data: dict, name: str, where: str, limit: int) -> int:
    """A whole number field from 0 to ``limit`` (0 when it is missing)."""
    value = data.get(name, 0)
    if not is_int(value) or not 0 <= value <= limit:
        _fail(
            Text(
                "{where} has {name} that is not a count: {value}",
                where=where,
                name=repr(name),
                value=_shown(value),
            )
        )
    return value


def _parents_first(messages: dict[int, ImportedMessage]) -> list[ImportedMessage]:
    """Creation order as far as parents allow: a parent is always written before its
    children. Refuses a tree deeper than :data:`MAX_TREE_DEPTH`."""
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
    ready = [(m.created_at, m.key, 1) for m in children.get(None, [])]
    heapq.heapify(ready)
    ordered: list[ImportedMessage] = []
    while ready:
        _, key, depth = heapq.heappop(ready)
        if depth > MAX_TREE_DEPTH:
            _fail(
                Text(
                    "its messages go {limit:,} replies deep and more, beyond what a "
                    "conversation may have",
                    limit=MAX_TREE_DEPTH,
                )
            )
        ordered.append(messages[key])
        for child in children.get(key, []):
            heapq.heappush(ready, (child.created_at, child.key, depth + 1))
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


def _text(data: dict, name: str, where: str, limit: int, default: object = ...) -> str:
    """A text field of at most ``limit`` characters that can be saved."""
    text = _field(data, name, str, where, default)
    if len(text) > limit:
        _fail(
            Text(
                "{where} has {name} of {count:,} characters, more than the {limit:,} allowed",
                where=where,
                name=repr(name),
                count=len(text),
                limit=limit,
            )
        )
    if has_broken_text(text):
        _fail(
            Text(
                "{where} has {name} with a broken character (half of a UTF-16 pair)",
                where=where,
                name=repr(name),
            )
        )
    return text


def _time(value: object, where: str, default: int) -> int:
    """A time from the file (seconds since the epoch, or an ISO 8601 date) in milliseconds,
    from 1970 to the year 9999."""
    milliseconds = None
    if value is None:
        return default
    if (is_int(value) or isinstance(value, float)) and 0 <= value <= LAST_TIME_MS / 1000:
        milliseconds = round(value * 1000)  # seconds since the epoch
    elif isinstance(value, str) and len(value) <= 64:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            milliseconds = (moment - _EPOCH) // timedelta(milliseconds=1)
    if milliseconds is None or not 0 <= milliseconds <= LAST_TIME_MS:
        _fail(
            Text(
                "{where} has a date that cannot be read: {value}", where=where, value=_shown(value)
            )
        )
    return milliseconds


def _check_value_count(text: str) -> None:
    """Refuse JSON text that may hold more than :data:`MAX_JSON_VALUES` values, before
    parsing it: every value but the first follows a comma or opens a list or an object, and
    every text has two quotes (commas and quotes inside texts make this a bound)."""
    if sum(map(text.count, ",[{")) + text.count('"') // 2 >= MAX_JSON_VALUES:
        _fail(
            Text(
                "it has more than {limit:,} commas, brackets and quoted texts, more than a "
                "conversation file may have",
                limit=MAX_JSON_VALUES,
            )
        )


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        _fail(Text("it holds a number of {count:,} digits", count=len(digits.lstrip("-"))))
    return int(digits)


def _decimal(digits: str) -> float:
    value = float(digits)
    if not math.isfinite(value):  # 1e999
        _fail(Text("it holds the number {number}, too large for any use", number=_shown(digits)))
    return value


def _not_a_number(name: str) -> None:
    _fail(Text("it holds {name}, which is not a number JSON allows", name=name))


def _shown(value: object) -> str:
    """A value from the file as a message shows it: short, however long the value."""
    return reprlib.repr(value)


def check_size(size: int) -> None:
    """Refuse a file of ``size`` bytes, too big to import, before reading it."""
    if size <= MAX_IMPORT_BYTES:
        return
    _fail(
        Text(
            "it is {size}, more than the {limit} a conversation file may have",
            size=format_bytes(size),
            limit=format_bytes(MAX_IMPORT_BYTES),
        )
    )


def _fail(reason: str) -> NoReturn:
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
        store_attachments.insert(db, new_ids[m.key], m.attachments)
    leaf = new_ids.get(data.current_leaf_key) or max(new_ids.values(), default=None)
    db.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (leaf, conversation_id))
    return conversation_id


def _dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)  # checked: data_problem


# ---------------------------------------------------------------------- Markdown


def path_to_markdown(conversation: Conversation, messages: list[Message]) -> str:
    lines = _header(conversation, len(messages))
    for message in messages:
        lines += _message_markdown(message, _ROLE_NAMES[message.role])
    return "\n".join(lines).rstrip() + "\n"


def tree_to_markdown(conversation: Conversation, messages: list[Message]) -> str:
    """Every branch, depth first; a message that is not the reply to the one above says so."""
    children: dict[int | None, list[Message]] = {}
    version: dict[int, int] = {}  # a message's place among its siblings, from 1
    for message in messages:
        siblings = children.setdefault(message.parent_id, [])
        siblings.append(message)
        version[message.id] = len(siblings)
    numbers: dict[int, int] = {}
    lines = _header(conversation, len(messages))
    previous = None
    stack = list(reversed(children.get(None, [])))
    while stack:
        message = stack.pop()
        numbers[message.id] = len(numbers) + 1
        count = len(children[message.parent_id])
        title = f"{numbers[message.id]}. {_ROLE_NAMES[message.role]}"
        notes = []
        if message.parent_id is not None and message.parent_id != previous:
            notes.append(f"reply to {numbers[message.parent_id]}")
        if count > 1:
            notes.append(f"version {version[message.id]} of {count}")
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
    for attachment in message.attachments:
        lines += _attachment_markdown(attachment)
    if message.content.strip() or not message.attachments:
        lines += [message.content.rstrip() or "*(empty)*", ""]
    notes = []
    if message.status in ("cancelled", "error"):
        notes.append("stopped early" if message.status == "cancelled" else "failed")
    meta = message.meta
    if is_int(meta.get("generated_tokens")):
        notes.append(f"{meta['generated_tokens']} tokens")
    if isinstance(meta.get("tokens_per_second"), (int, float)):
        notes.append(f"{meta['tokens_per_second']:.1f} tokens/s")
    if notes:
        lines += [f"*{' · '.join(notes)}*", ""]
    return lines


_KIND_NAMES = {
    "text": "text",
    "markdown": "Markdown",
    "code": "code",
    "pdf": "PDF",
    "docx": "Word document",
}


def _attachment_markdown(attachment: Attachment) -> list[str]:
    """A document that went with a message: folded under its name, its text in a fence
    longer than any run of backticks in it."""
    facts = [_KIND_NAMES.get(attachment.kind, attachment.kind)]
    if attachment.pages:
        facts.append(f"{attachment.pages} page{'s' if attachment.pages != 1 else ''}")
    if attachment.size:
        facts.append(format_bytes(attachment.size))
    name = html.escape(" ".join(attachment.name.split()), quote=False)
    longest = max((len(run) for run in re.findall("`+", attachment.text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [
        "<details>",
        f"<summary>Attached: {name} ({', '.join(facts)})</summary>",
        "",
        fence + "text",
        attachment.text.rstrip("\n"),
        fence,
        "",
        "</details>",
        "",
    ]
