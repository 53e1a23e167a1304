"""Documents in a chat turn: sent before the question, kept by a new version or answer, and
measured against the context window before they are sent. A real SQLite store, no engine."""

from __future__ import annotations

import pytest

from llamadesk.core.chat import ChatSession, document_fit
from llamadesk.core.documents import Attachment
from llamadesk.core.engine import GenerationStats, SamplingParams
from llamadesk.core.settings import Settings
from llamadesk.core.store import Store

REPORT = Attachment("report.pdf", "pdf", "[Page 1]\nSales grew.\n", 4000, pages=1)
NOTES = Attachment("notes.md", "markdown", "# Notes\n", 8)
BLOCK = '<document name="report.pdf" pages="1">\n[Page 1]\nSales grew.\n</document>'


@pytest.fixture
def session(tmp_path):
    with Store(tmp_path / "chats.sqlite3") as store:
        yield ChatSession(store, Settings(system_prompt="Be brief.", sampling=SamplingParams()))


def test_documents_are_saved_with_the_message_and_sent_before_its_text(session):
    turn = session.send("What grew?", "m", attachments=[REPORT])
    assert turn.messages[-1] == {"role": "user", "content": BLOCK + "\n\nWhat grew?"}
    saved = session.store.active_path(session.conversation_id)[0]
    assert (saved.content, saved.attachments) == ("What grew?", (REPORT,))


def test_documents_alone_make_a_message_titled_after_the_first(session):
    turn = session.send("", "m", attachments=[REPORT, NOTES])
    assert session.store.get_conversation(session.conversation_id).title == "report.pdf"
    assert turn.messages[-1]["content"].endswith("# Notes\n</document>")


def test_a_new_answer_and_an_edited_question_keep_the_documents(session):
    turn = session.send("What grew?", "m", attachments=[REPORT])
    session.add_text("Sales.")
    session.finish(GenerationStats())
    question = session.path[0]
    again = session.regenerate(turn.answer.id, "m")
    assert again.messages[-1]["content"] == BLOCK + "\n\nWhat grew?"
    session.finish(GenerationStats())
    edited = session.edit(question.id, "What shrank?", "m")
    assert edited.messages[-1]["content"] == BLOCK + "\n\nWhat shrank?"
    assert session.path[0].attachments == (REPORT,) and session.path[0].sibling_count == 2
    session.finish(GenerationStats())
    later = session.send("And costs?", "m")
    assert later.messages[1]["content"] == BLOCK + "\n\nWhat shrank?"  # still in the history


def fit(counts, **given):
    figures = {"n_ctx": 4096, "max_tokens": 2048, "system": 0, "conversation": 0, "text": ""}
    return document_fit(counts, **{**figures, **given})


def test_documents_that_fit_beside_the_conversation():
    result = fit([1000], conversation=500, text="Summarise this.")
    # 4,096 less a quarter for the answer, the conversation, the question (4 + 8 + 2)
    assert (result.documents, result.free, result.room) == (1000, 4096 - 1024 - 500 - 14, 3058)
    assert result.fits and not result.crowds_out and result.refusal([REPORT]) is None


def test_documents_that_fit_only_without_older_messages_crowd_them_out():
    result = fit([2000], conversation=2500, system=20)
    assert result.fits and result.crowds_out and result.free == 4096 - 1024 - 2500 - 10


def test_documents_too_long_for_the_window_are_refused_saying_how_much_fits():
    result = fit([12_345], system=30, text="What grew?")
    assert not result.fits and result.room == 4096 - 1024 - 38 - 13
    refusal = result.refusal([REPORT])
    assert str(refusal) == (
        '"report.pdf" takes 12,345 tokens, but only 3,021 fit in the context window of 4,096 '
        "tokens (a part of it is kept for the answer). Load the model with a larger context "
        "size, or attach only the part of the document you need."
    )
    several = fit([3000, 3000], exact=False).refusal([REPORT, NOTES])
    assert str(several).startswith("The attached documents take about 6,000 tokens")
    assert "attach fewer documents" in str(several)
