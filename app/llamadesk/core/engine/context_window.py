"""Fit a conversation into the context window by leaving out its oldest turns.

The system prompt always stays, the newest message always stays, and the kept part
starts with a user message so the template sees turns in order. How many messages
were dropped is reported, so the user can be told instead of getting garbage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from llamadesk.core.errors import GenerationError
from llamadesk.core.texts import Text

Message = dict[str, str]


@dataclass(frozen=True)
class FittedConversation:
    messages: list[Message]
    dropped: int
    tokens: int


def fit_messages(
    messages: Sequence[Message], count_tokens: Callable[[Sequence[Message]], int], budget: int
) -> FittedConversation:
    """Keep the system prompt and as many of the newest messages as fit in ``budget``."""
    messages = list(messages)
    if not messages:
        raise GenerationError(Text("There is nothing to answer: the conversation is empty."))
    tokens = count_tokens(messages)
    if tokens <= budget:
        return FittedConversation(messages, 0, tokens)

    n_system = 0
    while n_system < len(messages) - 1 and messages[n_system].get("role") == "system":
        n_system += 1
    system, turns = messages[:n_system], messages[n_system:]

    def kept(drop: int) -> list[Message]:
        return system + turns[drop:]

    # Token counts only shrink as more is dropped: binary search the fewest drops that fit.
    low, high = 1, len(turns) - 1
    if count_tokens(kept(high)) > budget:
        raise GenerationError(
            Text(
                "The last message does not fit in the context window: the prompt needs "
                "{needed:,} tokens but only {budget:,} are available (part of the window is "
                "kept free for the answer). Shorten the message or the system prompt, or load "
                "the model with a larger context size.",
                needed=count_tokens(kept(high)),
                budget=budget,
            )
        )
    while low < high:
        middle = (low + high) // 2
        if count_tokens(kept(middle)) <= budget:
            high = middle
        else:
            low = middle + 1
    drop = low
    while drop < len(turns) - 1 and turns[drop].get("role") != "user":
        drop += 1
    result = kept(drop)
    return FittedConversation(result, drop, count_tokens(result))
