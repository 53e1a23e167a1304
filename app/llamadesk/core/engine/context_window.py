"""Fit a conversation into the context window by leaving out its oldest turns.

The system prompt always stays, the newest message always stays, and the kept part
starts with a user message so the template sees turns in order. How many messages
were dropped is reported, so the user can be told instead of getting garbage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from llamadesk.core.errors import GenerationError
from llamadesk.core.texts import Text

Message = dict[str, str]

CHARS_PER_TOKEN = 4  # an estimate's rule for alphabetic text, where no tokenizer is at hand
# Han, kana, Hangul and full-width forms: about a token each, or more
_WIDE = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")


def answer_reserve(n_ctx: int, max_tokens: int) -> int:
    """Tokens of the context window kept free for the answer: its length limit, but at
    most a quarter of the window."""
    return max(1, min(max_tokens, n_ctx // 4))


def estimate_tokens(text: str) -> int:
    """About how many tokens ``text`` takes, without the model's tokenizer: a token for every
    CJK character, one for every CHARS_PER_TOKEN others."""
    wide = len(_WIDE.findall(text))
    return wide + -(-(len(text) - wide) // CHARS_PER_TOKEN)


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
