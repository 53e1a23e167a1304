import pytest

from llamadesk.core.engine.context_window import fit_messages
from llamadesk.core.errors import GenerationError


def count(messages):
    return sum(len(m["content"]) for m in messages)


def conversation(n_turns: int):
    messages = [{"role": "system", "content": "s" * 10}]
    for i in range(n_turns):
        messages.append({"role": "user", "content": f"u{i:02d}" + "x" * 6})
        messages.append({"role": "assistant", "content": f"a{i:02d}" + "y" * 6})
    return messages


def test_short_conversation_is_kept_whole():
    fitted = fit_messages(conversation(2), count, 1000)
    assert fitted.dropped == 0 and len(fitted.messages) == 5


def test_oldest_turns_after_the_system_prompt_are_dropped_first():
    messages = [*conversation(10), {"role": "user", "content": "last" + "z" * 6}]
    fitted = fit_messages(messages, count, 10 + 5 * 10)
    assert fitted.messages[0]["role"] == "system"
    assert fitted.messages[1]["role"] == "user"  # kept part starts with a user turn
    assert fitted.messages[-1]["content"].startswith("last")
    assert fitted.tokens <= 60
    assert fitted.dropped == len(messages) - len(fitted.messages)
    # As many messages as possible are kept.
    assert count(fitted.messages) + 20 > 60


def test_a_last_message_that_cannot_fit_is_a_clear_error():
    messages = [{"role": "system", "content": "s"}, {"role": "user", "content": "x" * 100}]
    with pytest.raises(GenerationError, match="does not fit in the context window"):
        fit_messages(messages, count, 50)
