"""The conversation store on real SQLite files: branches, durability, search, export, undo."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from llamadesk.core.errors import StoreError
from llamadesk.core.paths import data_dir
from llamadesk.core.store import schema as store_schema
from llamadesk.core.store.schema import SCHEMA_VERSION
from llamadesk.core.store.store import DB_NAME, Store
from tests.core.store.conftest import count_rows

MARK = ("[", "]")


def contents(path) -> list[str]:
    return [m.content for m in path]


def chat(store: Store, title: str = "Chat", turns: int = 2):
    """A linear conversation user/assistant x turns; returns (conversation, messages)."""
    conversation = store.create_conversation(title)
    parent, messages = None, []
    for turn in range(turns):
        user = store.add_message(conversation.id, parent, "user", f"question {turn}")
        answer = store.add_message(
            conversation.id, user.id, "assistant", f"answer {turn}", model="tiny-Q8_0.gguf"
        )
        messages += [user, answer]
        parent = answer.id
    return conversation, messages


# ---------------------------------------------------------------------- opening


def test_default_location_is_the_data_folder():
    with Store() as store:
        assert store.path == data_dir() / DB_NAME
        assert store.path.exists()


def test_database_settings(store: Store):
    db = store._db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_empty_file_is_upgraded_to_the_current_schema(db_path: Path):
    db_path.write_bytes(b"")
    with Store(db_path) as store:
        conversation, _ = chat(store)
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with Store(db_path) as store:  # and opening it again changes nothing
        assert [c.id for c in store.list_conversations()] == [conversation.id]


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(db_path: Path):
    with Store(db_path) as store:
        chat(store)
    with sqlite3.connect(db_path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version of LlamaDesk"):
        Store(db_path)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_gives_a_clear_error(db_path: Path):
    db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot be read"):
        Store(db_path)


def test_migrations_run_in_order_inside_one_transaction(db_path: Path, monkeypatch):
    broken = [*store_schema.MIGRATIONS, ("CREATE TABLE extra (x)", "THIS IS NOT SQL")]
    monkeypatch.setattr(store_schema, "MIGRATIONS", broken)
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StoreError):
        Store(db_path)
    with sqlite3.connect(db_path) as db:  # the failed migration left nothing behind
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0
        assert (
            db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] == 0
        )


# ---------------------------------------------------------------------- tree and branches


def test_edit_and_resend_creates_a_branch_and_switching_keeps_both(store: Store):
    conversation, (q0, a0, q1, a1) = chat(store)
    # Edit the second question: a sibling of q1 under a0, answered anew.
    q1b = store.add_message(conversation.id, a0.id, "user", "question 1, edited")
    a1b = store.add_message(conversation.id, q1b.id, "assistant", "answer 1b")
    path = store.active_path(conversation.id)
    assert contents(path) == ["question 0", "answer 0", "question 1, edited", "answer 1b"]
    assert [(m.sibling_index, m.sibling_count) for m in path] == [(0, 1), (0, 1), (1, 2), (0, 1)]
    assert store.siblings(q1b.id) == (1, 2, [q1.id, q1b.id])

    path = store.switch_branch(q1.id)  # "<": back to the original branch, down to its leaf
    assert [m.id for m in path] == [q0.id, a0.id, q1.id, a1.id]
    assert path[2].sibling_index == 0 and path[2].sibling_count == 2
    assert store.get_conversation(conversation.id).current_leaf_id == a1.id

    path = store.switch_branch(q1b.id)  # ">": and forth again
    assert [m.id for m in path] == [q0.id, a0.id, q1b.id, a1b.id]
    assert store.active_path(conversation.id) == path


def test_switching_descends_to_the_most_recent_leaf_of_the_branch(store: Store):
    conversation, (q0, a0, *_rest) = chat(store, turns=1)
    regenerated = store.add_message(conversation.id, q0.id, "assistant", "answer 0, take 2")
    old_follow_up = store.add_message(conversation.id, a0.id, "user", "follow-up on take 1")
    newer_follow_up = store.add_message(conversation.id, a0.id, "user", "another follow-up")
    store.switch_branch(regenerated.id)
    assert contents(store.active_path(conversation.id)) == ["question 0", "answer 0, take 2"]
    path = store.switch_branch(a0.id)
    assert path[-1].id == newer_follow_up.id
    assert store.siblings(old_follow_up.id) == (0, 2, [old_follow_up.id, newer_follow_up.id])


def test_several_roots_are_siblings_too(store: Store):
    conversation = store.create_conversation("roots")
    first = store.add_message(conversation.id, None, "user", "first")
    second = store.add_message(conversation.id, None, "user", "first, edited")
    assert store.siblings(second.id) == (1, 2, [first.id, second.id])
    assert [m.id for m in store.switch_branch(first.id)] == [first.id]


def test_messages_cannot_hang_under_another_conversation(store: Store):
    _, (q0, *_rest) = chat(store, "one")
    other = store.create_conversation("two")
    with pytest.raises(StoreError):
        store.add_message(other.id, q0.id, "user", "wrong parent")
    with pytest.raises(StoreError):
        store.add_message(other.id, None, "robot", "bad role")
    with pytest.raises(StoreError):
        store.update_message(10_000, content="nobody")
    assert store.active_path(other.id) == []


def test_message_fields_are_kept(store: Store):
    conversation = store.create_conversation("fields")
    meta = {"sampling": {"temperature": 0.2}, "generated_tokens": 12, "tokens_per_second": 33.5}
    message = store.add_message(
        conversation.id, None, "assistant", "hi", status="error", model="m.gguf", meta=meta
    )
    again = store.get_message(message.id)
    assert (again.role, again.status, again.model, again.meta) == (
        "assistant",
        "error",
        "m.gguf",
        meta,
    )
    assert abs(again.created_at - time.time()) < 60


# ---------------------------------------------------------------------- durability


def test_partial_answer_updates_survive_closing_and_reopening(db_path: Path):
    with Store(db_path) as store:
        conversation, _ = chat(store, turns=1)
        user = store.add_message(conversation.id, None, "user", "tell me a story")
        answer = store.add_message(
            conversation.id, user.id, "assistant", "", status="streaming", model="tiny.gguf"
        )
        for words in ("Once", "Once upon", "Once upon a time"):
            store.update_message(answer.id, content=words, meta={"generated_tokens": len(words)})
    with Store(db_path) as store:
        path = store.active_path(conversation.id)
        assert contents(path) == ["tell me a story", "Once upon a time"]
        assert path[-1].status == "cancelled"  # found "streaming" at open
        assert path[-1].meta["generated_tokens"] == len("Once upon a time")
        assert path[-1].meta["finish_reason"] == "interrupted"
        assert path[-1].model == "tiny.gguf"


def test_a_finished_answer_is_not_touched_on_open(db_path: Path):
    with Store(db_path) as store:
        conversation = store.create_conversation()
        message = store.add_message(conversation.id, None, "assistant", "x", status="streaming")
        store.update_message(message.id, content="done", status="complete", meta={"seed": 1})
    with Store(db_path) as store:
        again = store.get_message(message.id)
        assert (again.status, again.meta) == ("complete", {"seed": 1})


_KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from llamadesk.core.store.store import Store
    store = Store(sys.argv[1])
    conversation = store.create_conversation("killed")
    user = store.add_message(conversation.id, None, "user", "the question")
    answer = store.add_message(conversation.id, user.id, "assistant", "", status="streaming")
    text = ""
    for n in range(5):
        text += f"part {n}. "
        store.update_message(answer.id, content=text)
    print(conversation.id, flush=True)
    time.sleep(60)
    """
)


def test_a_killed_process_loses_nothing_it_saved(db_path: Path):
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(db_path)],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        conversation_id = int(process.stdout.readline())
        with Store(db_path) as reader:  # the writer still holds the file open
            path = reader.active_path(conversation_id)
            assert contents(path) == ["the question", "part 0. part 1. part 2. part 3. part 4. "]
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    with Store(db_path) as store:
        path = store.active_path(conversation_id)
        assert contents(path)[-1] == "part 0. part 1. part 2. part 3. part 4. "
        assert path[-1].status == "cancelled"


def test_two_stores_on_one_file_take_turns(db_path: Path):
    with Store(db_path) as first, Store(db_path) as second:
        conversation = first.create_conversation("shared")
        parent = None
        for n in range(20):
            writer = first if n % 2 else second
            parent = writer.add_message(conversation.id, parent, "user", f"m{n}").id
        assert len(first.active_path(conversation.id)) == 20
        assert second.active_path(conversation.id) == first.active_path(conversation.id)


# ---------------------------------------------------------------------- conversations


def test_pinned_first_then_most_recently_updated(store: Store):
    old, _ = chat(store, "old")
    middle, _ = chat(store, "middle")
    chat(store, "new")
    time.sleep(0.002)
    store.add_message(old.id, None, "user", "old is active again")
    assert [c.title for c in store.list_conversations()] == ["old", "new", "middle"]
    store.set_pinned(middle.id, True)
    assert [c.title for c in store.list_conversations()] == ["middle", "old", "new"]
    assert store.list_conversations()[0].pinned
    store.set_pinned(middle.id, False)
    assert [c.title for c in store.list_conversations(limit=2)] == ["old", "new"]


def test_rename_and_settings(store: Store):
    conversation = store.create_conversation("draft", settings={"system_prompt": "Be brief."})
    assert store.get_conversation(conversation.id).settings == {"system_prompt": "Be brief."}
    store.rename_conversation(conversation.id, "final")
    overrides = {"sampling": {"temperature": 0.1}, "load": {"n_ctx": 8192}}
    store.update_conversation_settings(conversation.id, overrides)
    again = store.get_conversation(conversation.id)
    assert (again.title, again.settings) == ("final", overrides)
    with pytest.raises(StoreError):
        store.update_conversation_settings(conversation.id, {"x": object()})
    with pytest.raises(StoreError):
        store.rename_conversation(12345, "missing")


def test_delete_then_undo_loses_nothing(store: Store):
    conversation, messages = chat(store, "precious", turns=3)
    store.set_pinned(conversation.id, True)
    store.switch_branch(messages[1].id)
    before = (store.get_conversation(conversation.id), store.active_path(conversation.id))
    store.delete_conversation(conversation.id)
    assert store.list_conversations() == []
    assert store.search("precious") == [] and store.search("question") == []
    store.restore_conversation(conversation.id)
    assert (store.get_conversation(conversation.id), store.active_path(conversation.id)) == before
    assert [c.id for c in store.list_conversations()] == [conversation.id]
    assert len(store.message_tree(conversation.id)) == 6
    assert store.search("question 2", mark=MARK)[0].message_id == messages[4].id


def test_purging_removes_messages_and_their_index_entries(db_path: Path):
    with Store(db_path) as store:
        keep, _ = chat(store, "keep")
        gone, _ = chat(store, "gone")
        store.delete_conversation(gone.id)
        assert store.purge_deleted(older_than=3600) == 0  # still within the undo time
        assert store.purge_deleted() == 1
        assert count_rows(db_path) == (1, 4)
        assert {h.conversation_id for h in store.search("answer")} == {keep.id}
        with pytest.raises(StoreError):
            store.restore_conversation(gone.id)
        assert store._db.execute(
            "INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)"
        )


def test_old_deletions_are_purged_when_opening(db_path: Path):
    with Store(db_path) as store:
        conversation, _ = chat(store)
        store.delete_conversation(conversation.id)
    with Store(db_path, purge_deleted_after=3600) as store:  # recent: undo still possible
        store.restore_conversation(conversation.id)
        store.delete_conversation(conversation.id)
    with Store(db_path, purge_deleted_after=0) as store, pytest.raises(StoreError):
        store.get_conversation(conversation.id)
    assert count_rows(db_path) == (0, 0)


# ---------------------------------------------------------------------- search


CORPUS = {
    "en": "The quick brown fox jumps over the lazy dog near Amsterdam.",
    "zh": "我们明天去北京天安门广场看升旗仪式，然后去吃烤鸭。",
    "syntax": 'Use "double quotes" AND stars* and a - dash; NEAR(x y) is FTS syntax.',
    "code": "def f(x): return x_1 % 100  # 50%_off",
}


def fill_corpus(store: Store):
    conversation = store.create_conversation("Travel plans")
    ids = {
        key: store.add_message(conversation.id, None, "user", text).id
        for key, text in CORPUS.items()
    }
    return conversation, ids


@pytest.fixture
def corpus(store: Store):
    return fill_corpus(store)


@pytest.mark.parametrize("fts", ["trigram", "unicode61", None])
def test_search_finds_english_chinese_and_literal_syntax(db_path, monkeypatch, fts):
    monkeypatch.setattr(store_schema, "fts_tokenizer", lambda db: fts)
    with Store(db_path) as store:
        assert store.fts == fts
        _, ids = fill_corpus(store)

        def found(query: str) -> list[int | None]:
            return [hit.message_id for hit in store.search(query, mark=MARK)]

        assert found("quick fox") == [ids["en"]]
        assert found("AMSTERDAM") == [ids["en"]]
        assert found("fox cat") == []
        assert found("天安门广场") == [ids["zh"]]  # substring of a run with no spaces
        assert found("北京") == [ids["zh"]]  # two characters
        assert found("鸭") == [ids["zh"]]  # one character
        for query in ('"double', 'quotes"', "stars*", "*", "AND", "-", '"', "NEAR(x", "y)", ";"):
            assert found(query) == [ids["syntax"]], query
        assert found("%") == [ids["code"]]  # LIKE wildcards are literal too
        assert found("x_1") == [ids["code"]]
        assert found("50%_off") == [ids["code"]]
        assert found("Travel") == [None]  # the title
        assert found("   ") == []
        assert found("^ OR :") == []  # FTS operators alone: no error, no match


def test_search_hits_carry_a_marked_snippet(store: Store, corpus):
    conversation, _ = corpus
    (hit,) = store.search("lazy", mark=MARK)
    assert (hit.conversation_id, hit.conversation_title, hit.role) == (
        conversation.id,
        "Travel plans",
        "user",
    )
    assert "[lazy]" in hit.snippet
    (hit,) = store.search("北京天安门", mark=MARK)
    assert "[北京天安门]" in hit.snippet
    long_text = "filler " * 200 + "needle in the haystack" + " filler" * 200
    store.add_message(conversation.id, None, "assistant", long_text)
    (hit,) = store.search("needle")
    assert "\x02needle\x03" in hit.snippet
    assert len(hit.snippet) < 150 and hit.snippet.startswith("…") and hit.snippet.endswith("…")


def test_snippets_start_and_end_between_words():
    text = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike " * 3
    text += "the needle sits here " + "november oscar papa quebec romeo sierra tango " * 4
    piece = store_schema.snippet(text, ["needle"], MARK, width=60)
    assert "[needle]" in piece and piece.startswith("…") and piece.endswith("…")
    words = set(text.split())
    assert all(word.strip("[]") in words for word in piece.strip("…").split()), piece
    assert len(piece) <= 60 + 4  # two ellipses, two marks
    chinese = "这是一段很长的中文文本" * 10 + "关键词" + "后面还有很多文字" * 10
    piece = store_schema.snippet(chinese, ["关键词"], MARK, width=30)
    assert "[关键词]" in piece and len(piece) <= 30 + 4  # no spaces: cut anywhere
    long_word = "x" * 300 + "needle"
    assert "[needle]" in store_schema.snippet(long_word, ["needle"], MARK, width=40)
    markdown = "## Answer\nThe next prime is **1,009**: use `is_prime(n)`; C# has it too; __init__."
    piece = store_schema.snippet(markdown, ["prime"], MARK)
    assert piece == "Answer The next [prime] is 1,009: use is_[prime](n); C# has it too; __init__."


def test_search_follows_edits_and_skips_answers_still_streaming(store: Store, corpus):
    conversation, _ = corpus
    answer = store.add_message(conversation.id, None, "assistant", "", status="streaming")
    store.update_message(answer.id, content="a partial answer about zebras")
    assert store.search("zebras") == []  # not indexed while it streams
    store.update_message(answer.id, content="a full answer about zebras", status="complete")
    assert [h.message_id for h in store.search("zebras")] == [answer.id]
    store.update_message(answer.id, content="now about giraffes")
    assert store.search("zebras") == []
    assert [h.message_id for h in store.search("giraffes")] == [answer.id]
    store._db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")


def test_search_limit_and_newest_first(store: Store):
    conversation = store.create_conversation("many")
    ids = [
        store.add_message(conversation.id, None, "user", f"common word {n}").id for n in range(30)
    ]
    hits = store.search("common", limit=5)
    assert [h.message_id for h in hits] == ids[::-1][:5]


def test_index_is_rebuilt_when_the_tokenizer_changes(db_path, monkeypatch):
    with Store(db_path) as store:
        conversation = store.create_conversation("x")
        store.add_message(conversation.id, None, "user", "searchable words here")
    monkeypatch.setattr(store_schema, "fts_tokenizer", lambda db: "unicode61")
    with Store(db_path) as store:
        assert store.fts == "unicode61"
        assert len(store.search("searchable")) == 1
    monkeypatch.setattr(store_schema, "fts_tokenizer", lambda db: None)
    with Store(db_path) as store:  # no FTS5: triggers gone, LIKE search, writes still work
        store.add_message(conversation.id, None, "user", "written without an index")
        assert len(store.search("without")) == 1
    monkeypatch.undo()
    with Store(db_path) as store:  # FTS5 back: the index catches up
        assert store.fts == "trigram"
        assert len(store.search("without an index")) == 1
        assert len(store.search("searchable")) == 1


# ---------------------------------------------------------------------- export and import


def branched(store: Store):
    conversation, (q0, _, _, a1) = chat(store, "Branches & things")
    store.update_conversation_settings(conversation.id, {"system_prompt": "Be kind."})
    store.add_message(
        conversation.id,
        q0.id,
        "assistant",
        "answer 0 regenerated\n\n```python\nprint('hi')\n```",
        model="other-Q4_K_M.gguf",
        meta={"generated_tokens": 9, "tokens_per_second": 42.123, "seed": 7},
    )
    store.switch_branch(a1.id)
    return conversation


def test_markdown_export_of_the_shown_branch_and_of_the_whole_tree(store: Store):
    conversation = branched(store)
    text = store.export_markdown(conversation.id)
    assert text.startswith("# Branches & things\n")
    assert "## User" in text and "## Assistant · tiny-Q8_0.gguf" in text
    assert "answer 1" in text and "regenerated" not in text
    tree = store.export_markdown(conversation.id, whole_tree=True)
    assert "answer 1" in tree and "```python\nprint('hi')\n```" in tree
    assert "other-Q4_K_M.gguf (reply to 1, version 2 of 2)" in tree
    assert "9 tokens · 42.1 tokens/s" in tree


def test_json_export_holds_everything_and_round_trips(store: Store):
    conversation = branched(store)
    document = json.loads(store.export_json(conversation.id))
    assert (document["format"], document["version"]) == ("llamadesk.conversation", 1)
    assert document["conversation"]["settings"] == {"system_prompt": "Be kind."}
    assert len(document["messages"]) == 5
    assert [m["parent"] for m in document["messages"]] == [None, 1, 2, 3, 1]
    assert document["messages"][4]["meta"]["seed"] == 7
    assert document["conversation"]["current_leaf"] == 4

    imported = store.import_json(store.export_json(conversation.id))
    assert imported.id != conversation.id
    again = json.loads(store.export_json(imported.id))
    document.pop("exported_at")
    again.pop("exported_at")
    assert again == document
    assert contents(store.active_path(imported.id)) == contents(store.active_path(conversation.id))

    shown = json.loads(store.export_json(conversation.id, whole_tree=False))
    assert [m["content"] for m in shown["messages"]] == contents(store.active_path(conversation.id))


def test_import_from_a_file_and_streaming_status_becomes_cancelled(store: Store, tmp_path: Path):
    conversation = store.create_conversation("half")
    message = store.add_message(conversation.id, None, "assistant", "partial", status="streaming")
    assert message.status == "streaming"
    exported = tmp_path / "half.json"
    exported.write_text(store.export_json(conversation.id), encoding="utf-8")
    imported = store.import_json_file(exported)
    assert store.active_path(imported.id)[0].status == "cancelled"
    with pytest.raises(StoreError, match="cannot be read"):
        store.import_json_file(tmp_path / "missing.json")


def _valid_document() -> dict:
    return {
        "format": "llamadesk.conversation",
        "version": 1,
        "conversation": {"title": "t", "current_leaf": 2},
        "messages": [
            {"id": 1, "parent": None, "role": "user", "content": "q"},
            {"id": 2, "parent": 1, "role": "assistant", "content": "a"},
        ],
    }


def _broken(change) -> str:
    document = _valid_document()
    change(document)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        ("[]", "not a LlamaDesk conversation"),
        ('{"format": "something else"}', "not a LlamaDesk conversation"),
        (_broken(lambda d: d.update(version=99)), "newer version"),
        (_broken(lambda d: d.pop("messages")), "'messages'"),
        (_broken(lambda d: d["messages"][1].update(role="robot")), "unknown role"),
        (_broken(lambda d: d["messages"][1].update(parent=7)), "missing"),
        (_broken(lambda d: d["messages"][1].update(id=1)), "repeats the id"),
        (_broken(lambda d: d["messages"][0].update(parent=2)), "loop"),
        (_broken(lambda d: d["messages"][1].update(content=5)), "'content'"),
        (_broken(lambda d: d["messages"][1].update(status="weird")), "unknown status"),
        (_broken(lambda d: d["messages"][1].update(meta=[1])), "'meta'"),
        (_broken(lambda d: d["messages"][1].update(created_at="yesterday")), "date"),
        (_broken(lambda d: d["conversation"].update(current_leaf=9)), "current message"),
        (_broken(lambda d: d["messages"].append("text")), "not an object"),
    ],
)
def test_malformed_imports_are_refused_and_add_nothing(store, db_path, text, reason):
    chat(store)
    before = count_rows(db_path)
    with pytest.raises(StoreError, match=reason) as error:
        store.import_json(text)
    assert str(error.value).startswith("This")
    assert count_rows(db_path) == before


def test_a_failure_half_way_through_an_import_rolls_all_of_it_back(store, db_path):
    with sqlite3.connect(db_path) as db:  # the disk fails at the second message
        db.execute(
            "CREATE TRIGGER fail BEFORE INSERT ON messages WHEN new.content = 'a' "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    before = count_rows(db_path)
    with pytest.raises(StoreError, match="disk I/O error"):
        store.import_json(json.dumps(_valid_document()))
    assert count_rows(db_path) == before
    with sqlite3.connect(db_path) as db:
        db.execute("DROP TRIGGER fail")
    assert store.import_json(json.dumps(_valid_document())).title == "t"


def test_import_accepts_messages_in_any_order(store: Store):
    document = _valid_document()
    document["messages"].reverse()
    imported = store.import_json(json.dumps(document))
    assert contents(store.active_path(imported.id)) == ["q", "a"]


# ---------------------------------------------------------------------- performance


def test_a_2000_message_conversation_opens_fast(store: Store):
    conversation = store.create_conversation("long")
    parent = None
    with store._write() as db:  # bulk insert: the test is about reading
        for n in range(2000):
            parent = db.execute(
                "INSERT INTO messages (conversation_id, parent_id, role, content, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (conversation.id, parent, "user" if n % 2 == 0 else "assistant", "x" * 400, n),
            ).lastrowid
        db.execute(
            "UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (parent, conversation.id)
        )
    started = time.perf_counter()
    path = store.active_path(conversation.id)
    elapsed = time.perf_counter() - started
    print(f"active_path of 2,000 messages: {elapsed * 1000:.1f} ms")
    assert len(path) == 2000 and path[-1].id == parent
    assert elapsed < 1.0


def test_listing_1000_conversations_is_fast(store: Store):
    with store._write() as db:
        db.executemany(
            "INSERT INTO conversations (title, created_at, updated_at, pinned) VALUES (?, ?, ?, ?)",
            [(f"c{n}", n, n, int(n % 100 == 0)) for n in range(1000)],
        )
    started = time.perf_counter()
    conversations = store.list_conversations()
    elapsed = time.perf_counter() - started
    print(f"list_conversations of 1,000: {elapsed * 1000:.1f} ms")
    assert len(conversations) == 1000
    assert [c.title for c in conversations[:3]] == ["c900", "c800", "c700"]
    assert elapsed < 1.0
