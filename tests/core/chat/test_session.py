"""A chat turn in the core: a real SQLite store, no Qt, no engine (the turn's messages are
what an engine would be sent)."""

from __future__ import annotations

import pytest

from llamadesk.core.chat import ChatSession, history, title, was_sent
from llamadesk.core.chat.session import SAVE_INTERVAL_SECONDS
from llamadesk.core.chat.turn import context_start, finished_status, last_context_used
from llamadesk.core.engine import GenerationStats, SamplingParams
from llamadesk.core.settings import Settings
from llamadesk.core.store import Message, Store
from llamadesk.core.texts import Text


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "chats.sqlite3") as store:
        yield store


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def session(store, clock) -> ChatSession:
    settings = Settings(system_prompt="Be brief.", sampling=SamplingParams(seed=3))
    return ChatSession(store, settings, clock)


def answered(session: ChatSession, text: str, reason: str = "stop", **figures) -> Message:
    session.add_text(text)
    return session.finish(GenerationStats(finish_reason=reason, **figures))


def test_a_first_message_creates_the_conversation_titled_after_it(session, store):
    turn = session.send("How do lighthouses work?\nIn detail please.", "Tiny · Q8_0")
    conversation = store.get_conversation(session.conversation_id)
    assert conversation.title == "How do lighthouses work?"
    assert turn.messages == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "How do lighthouses work?\nIn detail please."},
    ]
    assert turn.sampling.seed == 3 and not turn.continuing
    assert turn.answer.status == "streaming" and turn.answer.model == "Tiny · Q8_0"
    assert turn.answer.meta["sampling"]["seed"] == 3
    # The user's message is saved before the answer is asked for, the answer as a row too.
    assert [(m.role, m.status) for m in store.active_path(session.conversation_id)] == [
        ("user", "complete"),
        ("assistant", "streaming"),
    ]


def test_the_answer_is_saved_while_it_streams_and_when_it_ends(session, store, clock):
    turn = session.send("Hello", "m")
    assert session.add_text("Hel") is False  # less than a second: in memory only
    clock.now += SAVE_INTERVAL_SECONDS
    assert session.add_text("lo") is True
    assert store.get_message(turn.answer.id).content == "Hello"
    warning = Text("The context window ({n_ctx:,} tokens) is full.", n_ctx=512)
    final = answered(
        session,
        " there",
        reason="length",
        generated_tokens=3,
        context_used=40,
        warnings=[warning],
    )
    saved = store.get_message(turn.answer.id)
    assert saved.content == final.content == "Hello there" and saved.status == "complete"
    assert saved.meta["finish_reason"] == "length" and saved.meta["generated_tokens"] == 3
    assert saved.meta["texts"][str(warning)]["template"] == warning.template
    assert session.path[-1] == final and session.context_used == 40
    assert not session.generating


def test_a_failed_answer_keeps_its_error_as_a_sentence(session, store):
    turn = session.send("Hello", "m")
    error = Text("Generation failed: {error}", error="boom")
    final = session.fail(error)
    saved = store.get_message(turn.answer.id)
    assert final.status == saved.status == "error"
    assert saved.meta["error"] == "Generation failed: boom"
    assert saved.meta["texts"]["Generation failed: boom"]["args"] == {"error": "boom"}


def test_the_next_turn_sends_the_whole_branch_but_failed_empty_answers(session):
    session.send("One", "m")
    answered(session, "Answer one")
    session.send("Two", "m")
    session.fail(Text("No model is loaded. Choose a model first."))  # nothing written
    turn = session.send("Three", "m")
    assert [m["content"] for m in turn.messages] == [
        "Be brief.",
        "One",
        "Answer one",
        "Two",
        "Three",
    ]


def test_regenerating_keeps_the_old_answer_as_a_branch_and_reads_the_path_once(session, store):
    session.send("Question", "m")
    first = answered(session, "First answer")
    reads = []
    original = store.active_path
    store.active_path = lambda cid: reads.append(cid) or original(cid)
    turn = session.regenerate(first.id, "m")
    second = answered(session, "Second answer")
    store.active_path = original
    assert reads == []  # the branch is kept in memory by the turn
    assert [m["content"] for m in turn.messages] == ["Be brief.", "Question"]
    assert (second.sibling_index, second.sibling_count) == (1, 2)
    assert [m.content for m in session.path] == ["Question", "Second answer"]
    assert session.path == store.active_path(session.conversation_id)  # memory == store
    assert session.switch_branch(second.id, -1)
    assert [m.content for m in session.path] == ["Question", "First answer"]
    assert not session.switch_branch(first.id, -1)  # there is no version before the first


def test_editing_an_earlier_message_branches_from_it(session, store):
    question = session.send("Frist question", "m").messages[-1]
    answered(session, "Answer")
    session.send("Follow-up", "m")
    answered(session, "More")
    first_user = session.path[0]
    assert question["content"] == first_user.content
    turn = session.edit(first_user.id, "First question", "m")
    answered(session, "Better answer")
    assert [m["content"] for m in turn.messages] == ["Be brief.", "First question"]
    assert [m.content for m in session.path] == ["First question", "Better answer"]
    assert (session.path[0].sibling_index, session.path[0].sibling_count) == (1, 2)
    assert session.path == store.active_path(session.conversation_id)


def test_continuing_carries_on_the_same_answer(session, store):
    session.send("Tell a story", "m")
    stopped = answered(session, "Once upon", reason="length")
    turn = session.continue_answer(stopped.id)
    assert turn.continuing and turn.answer.id == stopped.id
    assert turn.messages[-1] == {"role": "assistant", "content": "Once upon"}
    assert store.get_message(stopped.id).status == "streaming"
    final = answered(session, " a time.")
    assert final.content == "Once upon a time." and final.id == stopped.id


def test_a_continued_answer_keeps_the_figures_of_the_whole_answer(session, store):
    session.send("Tell a story", "m")
    first = {"generation_seconds": 2.0, "thinking_tokens": 2, "thinking_seconds": 0.5}
    stopped = answered(
        session, "Once upon", "length", generated_tokens=8, time_to_first_token=0.4, **first
    )
    session.continue_answer(stopped.id)
    final = answered(
        session,
        " a time.",
        generated_tokens=4,
        generation_seconds=1.0,
        time_to_first_token=0.3,
        prompt_tokens=30,
        context_used=42,
    )
    meta = store.get_message(final.id).meta
    assert meta == final.meta
    assert meta["generated_tokens"] == 12 and meta["generation_seconds"] == 3.0
    assert meta["tokens_per_second"] == pytest.approx(4.0)  # of the whole answer
    assert meta["thinking_tokens"] == 2 and meta["thinking_seconds"] == 0.5
    assert meta["time_to_first_token"] == 0.4  # when the answer began
    assert (meta["prompt_tokens"], meta["context_used"]) == (30, 42)  # the last request's
    assert meta["finish_reason"] == "stop"
    session.continue_answer(final.id)
    again = answered(session, " The end.", generated_tokens=3, generation_seconds=1.0)
    assert again.meta["generated_tokens"] == 15 and again.meta["generation_seconds"] == 4.0


def test_leaving_mid_answer_keeps_what_was_written(session, store):
    turn = session.send("Hello", "m")
    session.add_text("Half an ans")
    session.keep_partial()
    saved = store.get_message(turn.answer.id)
    assert (saved.content, saved.status) == ("Half an ans", "cancelled")
    assert not session.generating


def test_per_conversation_settings_are_used_for_its_turns(session, store):
    session.send("Hello", "m")
    answered(session, "Hi")
    store.update_conversation_settings(
        session.conversation_id, {"system_prompt": "", "sampling": {"seed": 9}}
    )
    turn = session.send("Again", "m")
    assert turn.messages[0]["role"] == "user" and turn.sampling.seed == 9


def test_opening_a_conversation_reads_its_branch_and_context(session, store):
    session.send("Hello", "m")
    answered(session, "Hi", context_used=77)
    conversation = session.conversation_id
    session.open(None)
    assert session.path == [] and session.overrides() == {} and session.context_used == 0
    session.open(conversation)
    assert [m.content for m in session.path] == ["Hello", "Hi"] and session.context_used == 77


# ------------------------------------------------------------------ the rules alone
def message(id: int, role: str, content: str, status: str = "complete", **meta) -> Message:
    return Message(id, 1, id - 1 or None, role, content, 0.0, status, None, meta)


def test_one_rule_says_what_was_sent_for_the_history_and_the_context_start():
    path = [
        message(1, "user", "a"),
        message(2, "assistant", "", status="error"),  # never reached the model
        message(3, "user", "b"),
        message(4, "assistant", "c"),
        message(5, "user", "d"),
        message(6, "assistant", "e", dropped_messages=2, context_used=9),
    ]
    assert [was_sent(m) for m in path] == [True, False, True, True, True, True]
    assert [m["content"] for m in history(path, 5, "")] == ["a", "b", "c", "d"]
    # Two of the sent messages before the answer were left out: "a" and "b".
    assert context_start(path) == 4
    assert last_context_used(path) == 9


def test_nothing_left_out_means_no_context_start():
    path = [message(1, "user", "a"), message(2, "assistant", "b", dropped_messages=0)]
    assert context_start(path) is None and last_context_used(path) == 0


def test_titles_are_the_first_line_shortened():
    assert title("  \n") == ""
    assert title("short\nsecond line") == "short"
    long = title("word " * 30)
    assert len(long) == 60 and long.endswith("…")


@pytest.mark.parametrize(
    ("reason", "status"),
    [("stop", "complete"), ("length", "complete"), ("cancelled", "cancelled"), ("error", "error")],
)
def test_finish_reasons_map_to_stored_statuses(reason, status):
    assert finished_status(GenerationStats(finish_reason=reason)) == status
