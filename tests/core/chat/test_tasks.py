"""Task starters in the core: what each sets a conversation up with, and the raw
completions of Continue a text (a real SQLite store, no engine)."""

from __future__ import annotations

import pytest

from llamadesk.core.chat import (
    AUTO,
    CONTINUE,
    DOCUMENT,
    LANGUAGES,
    SUMMARISE,
    TRANSLATE,
    ChatSession,
    Task,
    task_of,
)
from llamadesk.core.documents import Attachment
from llamadesk.core.engine import GenerationStats, SamplingParams
from llamadesk.core.errors import SettingsError
from llamadesk.core.settings import Settings
from llamadesk.core.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "chats.sqlite3") as store:
        yield store


@pytest.fixture
def session(store) -> ChatSession:
    settings = Settings(system_prompt="Be brief.", sampling=SamplingParams(temperature=0.7))
    return ChatSession(store, settings)


def test_each_task_sets_up_its_conversation(session, store):
    expected = {
        Task(TRANSLATE, target="fr"): ({"beams": 4}, "into French"),
        Task(TRANSLATE, source="de", target="ja"): ({"beams": 4}, "is in German"),
        Task(SUMMARISE, length="bullets"): ({"temperature": 0.3}, "bullet points"),
        Task(DOCUMENT): ({"temperature": 0.3}, "from the document only"),
    }
    for task, (sampling, words) in expected.items():
        session.start_task(task, "A task")
        conversation = store.get_conversation(session.conversation_id)
        assert conversation.title == "A task" and session.task == task
        effective = session.settings.effective(conversation.settings)
        assert words in effective.system_prompt
        assert {k: getattr(effective.sampling, k) for k in sampling} == sampling
        turn = session.send("Guten Morgen", "Tiny")
        assert turn.messages[0] == {"role": "system", "content": effective.system_prompt}
        assert not turn.raw and turn.sampling == effective.sampling
        session.finish(GenerationStats())
    translate = session.settings.effective(Task(TRANSLATE, target="fr").settings())
    assert translate.reasoning.thinking is False  # a translation needs no thinking


def test_auto_detection_says_so_and_every_language_has_a_name():
    assert "Work out which language" in Task(TRANSLATE, source=AUTO).system_prompt()
    assert all(name and name[0].isupper() for name in LANGUAGES.values())


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "poem"},
        {"kind": TRANSLATE, "target": "xx"},
        {"kind": TRANSLATE, "source": "fr", "target": "fr"},
        {"kind": SUMMARISE, "length": "epic"},
    ],
)
def test_a_task_that_cannot_be_is_refused(bad):
    with pytest.raises(SettingsError):
        Task(**bad)


def test_a_damaged_or_unknown_task_reads_as_an_open_chat():
    assert task_of({}) is None
    assert task_of({"task": "translate"}) is None
    assert task_of({"task": {"kind": "poem"}}) is None
    assert task_of({"task": {"kind": "continue", "future": 1}}) == Task(CONTINUE)


def test_continue_a_text_sends_the_texts_as_they_are_without_a_template(session, store):
    session.start_task(Task(CONTINUE), "Story")
    first = session.send("Once upon a time", "Tiny")
    assert first.raw and first.messages == [{"role": "user", "content": "Once upon a time"}]
    assert first.answer.meta["system_prompt"] == ""  # no instructions: the text alone
    session.add_text(", a keeper")
    session.finish(GenerationStats(finish_reason="length"))
    carried_on = session.continue_answer(session.path[-1].id)
    assert carried_on.raw and carried_on.continuing
    assert carried_on.messages[0]["content"] == "Once upon a time, a keeper"
    session.add_text(" lived alone.")
    session.finish(GenerationStats())
    more = session.send(" One night", "Tiny")
    assert more.messages[0]["content"] == "Once upon a time, a keeper lived alone. One night"
    again = session.prompt_of(more.answer.id)
    assert again.raw and again.messages == more.messages


def test_continue_a_text_continues_an_attached_text_as_it_is(session):
    session.start_task(Task(CONTINUE), "Story")
    story = Attachment("chapter.txt", "text", "The lighthouse stood empty.\n", 28)
    turn = session.send("One night,", "Tiny", attachments=(story,))
    expected = "The lighthouse stood empty.\nOne night,"  # the file's text, then the words typed
    assert turn.raw and turn.messages == [{"role": "user", "content": expected}]
    session.add_text(" a ship")
    session.finish(GenerationStats())
    more = session.send(" came.", "Tiny")
    assert more.messages[0]["content"] == expected + " a ship came."
