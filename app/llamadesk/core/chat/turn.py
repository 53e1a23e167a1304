"""The rules of a chat turn, on plain data: what the model is sent, what an answer keeps,
a conversation's title, and where the model's view of a conversation starts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict

from llamadesk.core.documents import Attachment, with_documents
from llamadesk.core.engine import GenerationStats, ReasoningOptions, SamplingParams
from llamadesk.core.store import Message
from llamadesk.core.texts import stored_texts

TITLE_LENGTH = 60


def was_sent(message: Message) -> bool:
    """Whether a message is part of what the model reads: everything but an answer that
    failed before it wrote a word."""
    return bool(message.content) or message.status != "error"


def history(
    path: Sequence[Message], up_to: int, system_prompt: str, continuing: Message | None = None
) -> list[dict[str, str]]:
    """The messages to send for an answer to message ``up_to`` of ``path`` (root first):
    the system prompt, then every message that was sent, down to ``up_to``; with
    ``continuing``, that unfinished answer last, for the model to carry on."""
    messages = [{"role": "system", "content": system_prompt}] if system_prompt.strip() else []
    for message in path:
        if was_sent(message):
            messages.append(sent(message))
        if message.id == up_to:
            break
    if continuing is not None:
        messages.append(sent(continuing))
    return messages


def raw_prompt(
    path: Sequence[Message], up_to: int, continuing: Message | None = None
) -> list[dict[str, str]]:
    """A raw completion's prompt (Continue a text): the texts of ``path`` down to
    ``up_to`` (and ``continuing``'s so far), joined as they are, as the one message the
    engine continues without a chat template. A message's documents are texts to carry
    on: each goes in as it is, before the words typed with it."""
    texts = []
    for message in path:
        if was_sent(message):
            texts.extend(attachment.text for attachment in message.attachments)
            texts.append(message.content)
        if message.id == up_to:
            break
    if continuing is not None:
        texts.append(continuing.content)
    return [{"role": "user", "content": "".join(texts)}]


def sent(message: Message) -> dict[str, str]:
    """A message as the model is sent it: its documents before its text, each delimited
    (:func:`~llamadesk.core.documents.with_documents`); an answer's reasoning goes with it,
    and the template decides whether the model sees it again (most drop earlier reasoning)."""
    content = with_documents(message.content, message.attachments)
    if message.thinking:
        return {"role": message.role, "content": content, "reasoning_content": message.thinking}
    return {"role": message.role, "content": content}


def title(text: str, attachments: Sequence[Attachment] = ()) -> str:
    """A new conversation's title: the first line of its first message, shortened (the
    first document's name when only documents were sent)."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    if not line and attachments:
        line = attachments[0].name
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"


def answer_meta(
    sampling: SamplingParams,
    system_prompt: str,
    reasoning: ReasoningOptions,
    source: dict | None = None,
) -> dict:
    """What an answer keeps from the start: the settings it was written with, so its prompt
    can be shown as it was, and where its model is (``source``: a file, or a connection and
    the server's name for the model)."""
    meta = {
        "sampling": asdict(sampling),
        "system_prompt": system_prompt,
        "reasoning": asdict(reasoning),
    }
    if source:
        meta["source"] = dict(source)
    return meta


def finished_meta(meta: dict, stats: GenerationStats, continued: bool = False) -> dict:
    """An answer's meta once it ended: its figures, warnings and error (with their
    templates, so a reopened conversation shows them in the user's language).
    ``continued``: ``stats`` are those of carrying on an answer whose ``meta`` holds the
    figures of what it had, and the figures become those of the whole answer."""
    finished = {
        **meta,
        "prompt_tokens": stats.prompt_tokens,
        "cached_tokens": stats.cached_tokens,
        "generated_tokens": stats.generated_tokens,
        "thinking_tokens": stats.thinking_tokens,
        "thinking_seconds": stats.thinking_seconds,
        "tokens_per_second": stats.tokens_per_second,
        "time_to_first_token": stats.time_to_first_token,
        "generation_seconds": stats.generation_seconds,
        "finish_reason": stats.finish_reason,
        "seed": stats.seed,
        "context_used": stats.context_used,
        "dropped_messages": stats.dropped_messages,
        "warnings": list(stats.warnings),
    }
    if continued:
        _add_earlier_figures(finished, meta)
    if stats.beams > 1:
        finished.update(beams=stats.beams, logprob=stats.logprob)
    if stats.error:
        finished["error"] = stats.error
    finished["texts"] = stored_texts(finished, *stats.warnings, stats.error)
    return finished


_SUMMED = ("generated_tokens", "thinking_tokens", "thinking_seconds", "generation_seconds")


def _add_earlier_figures(finished: dict, earlier: dict) -> None:
    """The figures of a whole answer, from those of its last part (``finished``) and of what
    it had before (``earlier``): tokens and times added up, its speed over all of them, and
    its first token when it began. The prompt and context are the last request's."""
    for key in _SUMMED:
        finished[key] += _figure(earlier.get(key))
    if _figure(earlier.get("time_to_first_token")):
        finished["time_to_first_token"] = earlier["time_to_first_token"]
    seconds = finished["generation_seconds"]
    finished["tokens_per_second"] = finished["generated_tokens"] / seconds if seconds > 0 else 0.0


def _figure(value: object) -> int | float:
    """A count or a time kept in a message's meta; 0 for anything else (an old or imported
    conversation may hold anything)."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return value if number and math.isfinite(value) and value > 0 else 0


def failed_meta(meta: dict, error: str) -> dict:
    """An answer's meta when it could not be generated: ``error`` is a sentence."""
    failed = {**meta, "error": error}
    return {**failed, "texts": stored_texts(failed, error)}


def finished_status(stats: GenerationStats) -> str:
    """The stored status of an answer that ended with ``stats``."""
    return {"cancelled": "cancelled", "error": "error"}.get(stats.finish_reason, "complete")


def context_start(path: Sequence[Message]) -> int | None:
    """The first message the latest answer's prompt still held, when older ones were left
    out to fit the context window (None when nothing was left out)."""
    for index in range(len(path) - 1, -1, -1):
        message = path[index]
        if message.role == "assistant" and "dropped_messages" in message.meta:
            dropped = message.meta["dropped_messages"]
            sent = [m for m in path[:index] if was_sent(m)]
            return sent[dropped].id if 0 < dropped < len(sent) else None
    return None


def last_context_used(path: Sequence[Message]) -> int:
    """Tokens the conversation took in the context window at its last answer."""
    for message in reversed(path):
        if message.role == "assistant" and "context_used" in message.meta:
            return message.meta["context_used"]
    return 0
