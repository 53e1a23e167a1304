"""An answer's tokens turned into what a reader sees, one token at a time.

Each token's bytes are decoded (:class:`~.textstream.Utf8Pieces`), told apart into
reasoning and answer (:class:`~.reasoning.ReasoningParser`, which also sees the control
tokens that mark reasoning), and the answer is cut at the first stop string
(:class:`~.textstream.StopStrings`). The figures that depend on it are kept in the
answer's :class:`GenerationStats` as it goes: tokens spent thinking, how long, the time to
the first text. The engine's sampling loop and its beam search both feed one.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from llamadesk.core.engine.generation import GenerationStats, Thought
from llamadesk.core.engine.reasoning import Part, ReasoningParser
from llamadesk.core.engine.textstream import StopStrings, Utf8Pieces

Item = str | Thought


class AnswerStream:
    def __init__(
        self,
        parser: ReasoningParser,
        stop: Iterable[str],
        stats: GenerationStats,
        started: float,
    ) -> None:
        self.parser, self.stats, self._started = parser, stats, started
        self._decoder, self._stops = Utf8Pieces(), StopStrings(tuple(stop))
        self._thought_from = time.perf_counter() if parser.thinking else None

    @property
    def stopped(self) -> bool:
        """A stop string ended the answer."""
        return self._stops.stopped

    @property
    def thinking(self) -> bool:
        return self.parser.thinking

    def token(self, piece: bytes, control: str | None = None) -> list[Item]:
        """One generated token: its bytes, or for a control token its text."""
        stats, parser = self.stats, self.parser
        stats.generated_tokens += 1
        was_thinking = parser.thinking
        if control is not None:
            parts = parser.push_control(control)
        else:
            parts = parser.push(self._decoder.push(piece))
        now = time.perf_counter()
        if parser.thinking and self._thought_from is None:
            self._thought_from = now
        elif was_thinking and not parser.thinking:
            stats.thinking_seconds = now - self._thought_from
        if was_thinking or parser.thinking:
            stats.thinking_tokens += 1
        return self._items(parts)

    def close_reasoning(self) -> None:
        """The engine wrote the reasoning's end itself (a thinking budget)."""
        self.parser.close_reasoning()
        self.stats.thinking_seconds = time.perf_counter() - self._thought_from

    def finish(self) -> list[Item]:
        """The end: what was held back (half a character, a possible tag or stop string)."""
        if self.parser.thinking and self._thought_from is not None:
            self.stats.thinking_seconds = time.perf_counter() - self._thought_from
        items = self._items(self.parser.push(self._decoder.finish()) + self.parser.flush())
        tail = self._stops.finish()
        return [*items, tail] if tail else items

    def _items(self, parts: list[Part]) -> list[Item]:
        items: list[Item] = []
        for part in parts:
            if self._stops.stopped:
                break
            if part.thinking:
                items.append(Thought(part.text))
                continue
            text = self._stops.push(part.text)
            if text:
                items.append(text)
        if items and not self.stats.time_to_first_token:
            self.stats.time_to_first_token = time.perf_counter() - self._started
        return items
