"""Documents attached to messages, in the store: kept with their message, across a restart,
through export and import, and from a database that predates them."""

from __future__ import annotations

import json
import sqlite3

import pytest

from llamadesk.core.documents import MAX_ATTACHMENTS, Attachment
from llamadesk.core.errors import StoreError
from llamadesk.core.store import Store
from llamadesk.core.store import schema as store_schema
from tests.core.store.conftest import count_rows

REPORT = Attachment("report.pdf", "pdf", "[Page 1]\nSales grew.\n", 48_213, pages=3, blank_pages=1)
CODE = Attachment("main.py", "code", "print('```')\n", 14)


def attached(store: Store):
    conversation = store.create_conversation("Documents")
    question = store.add_message(
        conversation.id, None, "user", "What grew?", attachments=[REPORT, CODE]
    )
    store.add_message(conversation.id, question.id, "assistant", "Sales did.")
    return conversation, question


def test_attachments_are_kept_in_order_with_their_message(store):
    conversation, question = attached(store)
    assert question.attachments == (REPORT, CODE)
    assert store.get_message(question.id).attachments == (REPORT, CODE)
    path = store.active_path(conversation.id)
    assert path[0].attachments == (REPORT, CODE) and path[1].attachments == ()
    assert store.message_tree(conversation.id)[0].attachments == (REPORT, CODE)


def test_attachments_survive_a_restart(db_path):
    with Store(db_path) as store:
        conversation, _ = attached(store)
    with Store(db_path) as store:
        assert store.active_path(conversation.id)[0].attachments == (REPORT, CODE)


def test_a_database_of_schema_2_opens_and_takes_attachments(db_path):
    with sqlite3.connect(db_path) as db:  # as LlamaDesk wrote it before attachments
        for step in store_schema.MIGRATIONS[:2]:
            for statement in step:
                db.execute(statement)
        db.execute("PRAGMA user_version = 2")
        db.execute("INSERT INTO conversations (title, created_at, updated_at) VALUES ('old', 1, 1)")
        db.execute(
            "INSERT INTO messages (conversation_id, role, content, created_at, thinking) "
            "VALUES (1, 'assistant', 'old answer', 1, 'old thought')"
        )
    with Store(db_path) as store:
        old = store.active_path(1)[0]
        assert (old.content, old.thinking, old.attachments) == ("old answer", "old thought", ())
        question = store.add_message(1, old.id, "user", "and this?", attachments=[CODE])
        assert store.get_message(question.id).attachments == (CODE,)
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == store_schema.SCHEMA_VERSION


def test_purging_a_conversation_removes_its_attachments(store, db_path):
    conversation, _ = attached(store)
    store.delete_conversation(conversation.id)
    store.purge_deleted()
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0


def test_damaged_attachment_rows_are_read_as_what_they_can_be(store, db_path):
    _, question = attached(store)
    with sqlite3.connect(db_path) as db:
        db.execute(
            "INSERT INTO attachments (message_id, position, name, kind, text, size, pages, "
            "blank_pages) VALUES (?, 5, ?, 'hologram', ?, 'big', -3, 99)",
            (question.id, b"\xff name", b"\xfe text"),
        )
    damaged = store.get_message(question.id).attachments[2]
    assert damaged == Attachment("\ufffd name", "text", "\ufffd text", 0, 0, 0)


def test_export_and_import_keep_attachments(store):
    conversation, _ = attached(store)
    exported = store.export_json(conversation.id)
    document = json.loads(exported)
    assert document["version"] == 2  # an older LlamaDesk refuses it rather than lose them
    assert document["messages"][0]["attachments"][0] == {
        "name": "report.pdf",
        "kind": "pdf",
        "text": "[Page 1]\nSales grew.\n",
        "size": 48_213,
        "pages": 3,
        "blank_pages": 1,
    }
    assert "attachments" not in document["messages"][1]
    imported = store.import_json(exported)
    assert store.active_path(imported.id)[0].attachments == (REPORT, CODE)


def test_a_file_without_attachments_stays_version_1(store):
    conversation = store.create_conversation("plain")
    store.add_message(conversation.id, None, "user", "hi")
    assert json.loads(store.export_json(conversation.id))["version"] == 1


def test_markdown_export_shows_each_document_folded_under_its_name(store):
    conversation, _ = attached(store)
    text = store.export_markdown(conversation.id)
    assert "<summary>Attached: report.pdf (PDF, 3 pages, 47.1 KiB)</summary>" in text
    assert "```text\n[Page 1]\nSales grew.\n```" in text
    assert "````text\nprint('```')\n````" in text  # a fence its text cannot close
    assert text.index("Attached: main.py") < text.index("What grew?")


def _with_attachment(**change) -> str:
    item = {"name": "a.txt", "kind": "text", "text": "hello", "size": 5}
    item.update(change)
    return _document([item])


def _document(items, role="user") -> str:
    return json.dumps(
        {
            "format": "llamadesk.conversation",
            "version": 2,
            "conversation": {"title": "t"},
            "messages": [{"id": 1, "role": role, "content": "q", "attachments": items}],
        }
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (_document("a list, it is not"), "'attachments' as a list"),
        (_document(["text"]), "attachment 1 of message 1 is not an object"),
        (_with_attachment(kind="exe"), "unknown kind 'exe'"),
        (_with_attachment(name=None), "'name' as text"),
        (_with_attachment(name="x" * 1001), "more than the 1,000 allowed"),
        (_with_attachment(text="\ud800"), "broken character"),
        (_with_attachment(text="a" * 4_000_001), "more than the 4,000,000 allowed"),
        (_with_attachment(size=-1), "'size' that is not a count"),
        (_with_attachment(pages=1.5), "'pages' that is not a count"),
        (_with_attachment(pages=1, blank_pages=2), "more pages without text than pages"),
        (
            _document([json.loads(_with_attachment())["messages"][0]["attachments"][0]] * 21),
            f"more than the {MAX_ATTACHMENTS:,}",
        ),
        (_document([{"name": "a", "kind": "text", "text": "b"}], role="assistant"), "only a user"),
    ],
)
def test_malformed_attachments_are_refused_and_add_nothing(store, db_path, text, reason):
    before = count_rows(db_path)
    with pytest.raises(StoreError, match=reason):
        store.import_json(text)
    assert count_rows(db_path) == before
