"""Conversation files from strangers and databases edited by hand: every import is checked
as data and refused whole with its first problem named; whatever a database holds is read,
a damaged value as unknown; exports of big trees stay linear. Times are this process's CPU
time, which a busy machine does not inflate."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from llamadesk.core.errors import StoreError
from llamadesk.core.store.export import (
    MAX_IMPORT_BYTES,
    MAX_MESSAGE_CHARS,
    MAX_MESSAGES,
    MAX_TREE_DEPTH,
)
from llamadesk.core.store.store import Store
from tests.core.store.conftest import count_rows


def document(messages: list[dict] | None = None, **conversation) -> dict:
    return {
        "format": "llamadesk.conversation",
        "version": 1,
        "conversation": {"title": "t", **conversation},
        "messages": messages
        if messages is not None
        else [
            {"id": 1, "parent": None, "role": "user", "content": "q"},
            {"id": 2, "parent": 1, "role": "assistant", "content": "a"},
        ],
    }


def with_message(**fields) -> str:
    data = document()
    data["messages"][1].update(fields)
    return json.dumps(data)


def raw(text: str, **replacements: str) -> str:
    """A valid document's JSON text with ``"@name@"`` placeholders replaced verbatim: for what
    json.dumps does not write (5,000-digit numbers, NaN, lone surrogates)."""
    for name, value in replacements.items():
        text = text.replace(f'"@{name}@"', value)
    return text


HOSTILE = {
    "poisoned updated_at": (json.dumps(document(updated_at=-1e15)), "-1000000000000000.0"),
    "5,000-digit time": (
        raw(json.dumps(document(created_at="@n@")), n="9" * 5000),
        "a number of 5,000 digits",
    ),
    "5,000-digit id": (raw(with_message(id="@n@"), n="7" * 5000), "a number of 5,000 digits"),
    "1e300 time": (with_message(created_at=1e300), "date that cannot be read: 1e+300"),
    "1e400 time": (raw(with_message(created_at="@n@"), n="1e400"), "'1e400', too large"),
    "infinite time": (raw(with_message(created_at="@n@"), n="Infinity"), "Infinity, which"),
    "NaN in meta": (raw(with_message(meta={"speed": "@n@"}), n="NaN"), "NaN, which"),
    "before 1970": (with_message(created_at="1969-12-31T23:59:59Z"), "date that cannot be"),
    "year 1": (with_message(created_at="0001-01-01T00:00:00Z"), "date that cannot be read"),
    "huge token count": (
        with_message(meta={"generated_tokens": 2**40}),
        "message 2 has meta the app cannot use: its generated_tokens is 1099511627776",
    ),
    "text speed": (with_message(meta={"tokens_per_second": "fast"}), "tokens_per_second"),
    "lone surrogate in content": (
        raw(with_message(content="@s@"), s='"a \\ud800 b"'),
        "message 2 has 'content' with a broken character",
    ),
    "lone surrogate in title": (
        raw(json.dumps(document(title="@s@")), s='"\\udfff"'),
        "the conversation has 'title' with a broken character",
    ),
    "lone surrogate in meta": (
        raw(with_message(meta={"note": "@s@"}), s='"\\ud83d"'),
        "meta the app cannot use: it holds broken text",
    ),
    "deep settings": (
        raw(json.dumps(document(settings="@d@")), d='{"a":' * 40 + "1" + "}" * 40),
        "nested more than 16 deep",
    ),
    "long role": (
        with_message(role=["x"] * 100_000),
        "unknown role ['x', 'x', 'x', 'x', 'x', 'x', ...]",
    ),
    "long date": (with_message(created_at="2024" * 100_000), "date that cannot be read"),
    "long title": (json.dumps(document(title="x" * 10_001)), "10,001 characters"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_import_is_refused_whole_with_its_first_problem(store, db_path, case):
    text, reason = HOSTILE[case]
    before = count_rows(db_path)
    started = time.process_time()
    with pytest.raises(StoreError) as error:
        store.import_json(text)
    assert time.process_time() - started < 1.0
    message = str(error.value)
    assert message.startswith("This file cannot be imported: ") and reason in message, message
    assert message.endswith("Nothing was imported.")
    assert count_rows(db_path) == before


def test_too_many_messages_says_the_limit(store, db_path):
    messages = [
        {"id": n, "parent": None, "role": "user", "content": ""} for n in range(MAX_MESSAGES + 1)
    ]
    with pytest.raises(StoreError, match="100,001 messages, more than the 100,000"):
        store.import_json(json.dumps(document(messages)))
    assert count_rows(db_path) == (0, 0)


def test_too_long_a_message_says_the_limit(store):
    with pytest.raises(StoreError, match="10,000,001 characters, more than the 10,000,000"):
        store.import_json(with_message(content="x" * (MAX_MESSAGE_CHARS + 1)))


def test_too_many_values_are_refused_before_parsing(store, db_path):
    """Empty objects cost 24 times their bytes once parsed: 21 million of them fit in 64 MB."""
    text = json.dumps(document()).replace('"messages": [', '"messages": [' + "{}," * 3_000_000)
    started = time.process_time()
    with pytest.raises(StoreError, match="more than 6,000,000 commas, brackets and quoted texts"):
        store.import_json(text)
    assert time.process_time() - started < 1.0 and count_rows(db_path) == (0, 0)


def test_too_deep_a_tree_says_the_limit(store, db_path):
    chain = [
        {"id": n, "parent": n - 1 if n else None, "role": "user", "content": ""}
        for n in range(MAX_TREE_DEPTH + 1)
    ]
    started = time.process_time()
    with pytest.raises(StoreError, match="10,000 replies deep"):
        store.import_json(json.dumps(document(chain)))
    assert time.process_time() - started < 5.0 and count_rows(db_path) == (0, 0)


def test_too_big_a_file_is_refused_unread(store, db_path, tmp_path):
    """The attack: a 200 MB message took 1.9 GB. A file beyond 64 MiB is not read at all."""
    big = tmp_path / "big.json"
    with big.open("wb") as file:
        file.truncate(200 * 1024 * 1024)  # sparse: no disk, and nothing to read
    with pytest.raises(StoreError, match="it is 200 MiB, more than the 64 MiB"):
        store.import_json_file(big)
    with pytest.raises(StoreError, match="more than the 64 MiB"):
        store.import_json(" " * (MAX_IMPORT_BYTES + 1))
    assert count_rows(db_path) == (0, 0)


def test_a_large_legitimate_tree_imports_and_exports_in_linear_time(store, capsys):
    """20,000 answers to one question (the attack on Markdown export: 40,000 took 333 s),
    then a long branch under one of them: import, Markdown of the whole tree, JSON."""
    messages = [{"id": 1, "parent": None, "role": "user", "content": "q", "created_at": 1}]
    messages += [
        {"id": n, "parent": 1, "role": "assistant", "content": f"answer {n}", "created_at": n}
        for n in range(2, 20_002)
    ]
    messages += [
        {"id": n, "parent": n - 1 if n > 30_000 else 5, "role": "user", "content": "more"}
        for n in range(30_000, 32_000)
    ]
    text = json.dumps(document(messages, current_leaf=31_999))
    started = time.process_time()
    imported = store.import_json(text)
    imported_in = time.process_time() - started
    started = time.process_time()
    markdown = store.export_markdown(imported.id, whole_tree=True)
    exported_in = time.process_time() - started
    path = store.active_path(imported.id)
    with capsys.disabled():
        print(f"\n22,001 messages: import {imported_in:.2f} s, Markdown {exported_in:.2f} s")
    assert "(reply to 1, version 20000 of 20000)" in markdown
    assert len(path) == 2 + 2000 and path[1].sibling_count == 20_000
    assert imported_in < 10.0 and exported_in < 2.0


# ---------------------------------------------------------------------- damaged databases


def hand_edited(db_path: Path) -> None:
    """Absurd values written straight into the tables, as a hand edit (or a bug) may."""
    Store(db_path).close()
    with sqlite3.connect(db_path) as db:
        rows = [
            ("poisoned", -1e18, -1e18, 0, "{}"),
            ("text times", "yesterday", "soon", 0, "{}"),
            ("huge times", 1e300, float("inf"), "yes", "[" * 50_000 + "]" * 50_000),
            (b"\xff\xfe not UTF-8", 2**62, -(2**62), 0.5, '{"load": ' + "9" * 5000 + "}"),
            (12345, 0, 0, 1, b"\x00\x01"),
        ]
        db.executemany(
            "INSERT INTO conversations (title, created_at, updated_at, pinned, settings_json) "
            "VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        insert = (
            "INSERT INTO messages (id, conversation_id, parent_id, role, content, created_at, "
            "model, meta_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        db.execute(insert, (1, 1, None, "user", b"\xff", "x", 5, "[" * 50_000))
        meta = json.dumps({"generated_tokens": 1e300, "tokens_per_second": "fast", "seed": 7})
        db.execute(insert, (2, 1, 1, "assistant", "answer", 1e300, None, meta))
        db.execute(insert, (3, 2, 3, "user", "a loop", 0, None, "{}"))  # its own parent
        db.execute("UPDATE conversations SET current_leaf_id = 3 WHERE id = 2")


def test_a_hand_edited_database_is_read_with_damaged_values_as_unknown(db_path):
    hand_edited(db_path)
    with Store(db_path) as store:
        conversations = {c.id: c for c in store.list_conversations()}
        assert len(conversations) == 5
        for conversation in conversations.values():
            assert 0 <= conversation.updated_at < 253_402_300_800
            assert isinstance(conversation.title, str) and isinstance(conversation.settings, dict)
        assert conversations[1].updated_at == 0.0 and conversations[4].title.endswith("UTF-8")
        assert conversations[5].title == "12345" and conversations[3].settings == {}
        first, answer = store.active_path(1)
        assert (first.content, first.created_at, first.model, first.meta) == ("\ufffd", 0, "5", {})
        assert answer.meta == {"seed": 7}  # what the window cannot show is left out
        assert [m.content for m in store.active_path(2)] == ["a loop"]
        assert store.switch_branch(3)[-1].id == 3
        assert "a loop" in store.export_markdown(2, whole_tree=False)
        json.loads(store.export_json(1))
