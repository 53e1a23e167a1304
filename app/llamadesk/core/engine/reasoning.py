"""A model's reasoning, told apart from its answer as it streams.

Reasoning ("thinking") models write their thoughts before the answer, marked in one of
two ways:

- between tags, ``<think>…</think>`` (DeepSeek-R1, Qwen3, QwQ, SmolLM3, GLM, Kimi,
  Nemotron, MiniMax) or the same idea spelled otherwise (``[THINK]…[/THINK]`` in
  Magistral, ``<seed:think>`` in Seed-OSS, ``<mm:think>`` in MiniMax-M3,
  ``<|START_THINKING|>`` in Command A, ``<|channel>thought…<channel|>`` in Gemma 4). The
  prompt may already have opened the block (DeepSeek-R1's template ends with
  ``<think>\\n``), so the thoughts arrive first and only the closing tag is written;
- in harmony channels (gpt-oss): ``<|channel|>analysis<|message|>…<|end|>`` holds the
  reasoning, ``<|channel|>final<|message|>…`` the answer, all marked by control tokens
  that a plain detokenizer drops.

:func:`reasoning_format` reads which a model uses from its chat template;
:class:`ReasoningParser` takes the model's text and control tokens as they come and
returns :class:`Part` s of thinking and of answer, holding back only the few characters
that might begin a tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from llamadesk.core.errors import SettingsError
from llamadesk.core.gguf import reasoning_marks
from llamadesk.core.texts import Text

HARMONY_TOKENS = (
    "<|start|>",
    "<|channel|>",
    "<|message|>",
    "<|constrain|>",
    "<|end|>",
    "<|return|>",
    "<|call|>",
)
HARMONY_THINKING_CHANNELS = ("analysis", "commentary")
EFFORTS = ("low", "medium", "high")
MAX_BUDGET = 1_000_000


@dataclass(frozen=True)
class ReasoningOptions:
    """What the user asks of a thinking model (per conversation, like sampling).

    ``thinking`` turns thinking on or off where the template has the switch
    (``enable_thinking``); ``effort`` is gpt-oss-style ``reasoning_effort``; None leaves
    either to the model. ``budget`` is the most tokens the model may think before the
    engine closes its reasoning and asks for the answer (0: no limit)."""

    thinking: bool | None = None
    effort: str | None = None
    budget: int = 0

    def __post_init__(self) -> None:
        if self.effort is not None and self.effort not in EFFORTS:
            raise SettingsError(Text("Reasoning effort must be low, medium or high."))
        if not 0 <= self.budget <= MAX_BUDGET:
            raise SettingsError(
                Text(
                    "The thinking budget must be between 0 (no limit) and {max:,} tokens.",
                    max=MAX_BUDGET,
                )
            )

    @classmethod
    def from_dict(cls, values: dict) -> ReasoningOptions:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


DEFAULT_REASONING = ReasoningOptions()


@dataclass(frozen=True)
class ThinkingSupport:
    """What a model's chat template lets the user choose about its thinking."""

    switch: bool = False  # thinking on/off (enable_thinking: Qwen3, SmolLM3, GLM...)
    effort: bool = False  # reasoning_effort (gpt-oss, Command A, DeepSeek V4...)
    marked: bool = False  # the template marks reasoning: the model thinks, a budget applies


@dataclass(frozen=True)
class ReasoningFormat:
    """How a model marks its reasoning: ``kind`` "tags" (between ``open`` and ``close``)
    or "harmony" (gpt-oss channels)."""

    kind: str = "tags"
    open: str = "<think>"
    close: str = "</think>"

    @property
    def markers(self) -> tuple[str, ...]:
        """Texts of control tokens the parser must see (a detokenizer would drop them)."""
        return HARMONY_TOKENS if self.kind == "harmony" else (self.open, self.close)

    @property
    def closing(self) -> str:
        """What ends the reasoning and starts the answer, for a thinking budget."""
        if self.kind == "harmony":
            return "<|end|><|start|>assistant<|channel|>final<|message|>"
        return f"\n{self.close}\n\n"


THINK_TAGS = ReasoningFormat()
HARMONY = ReasoningFormat("harmony", "", "")


def reasoning_format(template_source: str | None) -> ReasoningFormat:
    """The format the model with this chat template writes its reasoning in; ``<think>``
    tags when the template does not say (a model's first ``<think>`` is then still its
    reasoning)."""
    return _marked_format(template_source or "") or THINK_TAGS


def template_marks_reasoning(template_source: str | None) -> bool:
    """Whether the template knows a reasoning format: its model thinks."""
    return _marked_format(template_source or "") is not None


def _marked_format(source: str) -> ReasoningFormat | None:
    marks = reasoning_marks(source)
    return None if marks is None else ReasoningFormat(*marks)


@dataclass(frozen=True)
class Part:
    """A piece of the model's output: reasoning (``thinking``) or answer."""

    text: str
    thinking: bool


class ReasoningParser:
    """Splits a stream into reasoning and answer.

    ``prompt`` is the rendered prompt: where it leaves off (inside an opened reasoning
    block, at a harmony header) is where the model's output begins. Feed ordinary text
    with :meth:`push` and control tokens (their text) with :meth:`push_control`."""

    def __init__(self, reasoning: ReasoningFormat, prompt: str = "") -> None:
        self.format = reasoning
        self._held = ""  # text that may begin a tag: not yet said what it is
        self.thinking = False
        self._strip_start = False  # blank lines where reasoning or answer begin are dropped
        if reasoning.kind == "harmony":
            self._state, self._header = "between", ""
            start = prompt.rfind("<|start|>")
            if start != -1:
                self._harmony(prompt[start:])  # where the prompt leaves the model
            self._held, self._strip_start = "", False
        else:
            tail = prompt.rstrip()
            opened = reasoning.open and tail.endswith(reasoning.open)
            self._state = "thinking" if opened else "start"
            if tail.endswith(reasoning.close) or not reasoning.open:
                self._state = "answer"
            self.thinking = self._strip_start = self._state == "thinking"

    # ------------------------------------------------------------------ feeding
    def push(self, text: str) -> list[Part]:
        if not text:
            return []
        if self.format.kind == "harmony":
            return self._harmony(self._held + text)
        return self._tags(self._held + text)

    def push_control(self, text: str) -> list[Part]:
        """A control token: a marker of the format, or nothing to show."""
        fmt = self.format
        if any(marker.startswith(text) for marker in fmt.markers):
            return self.push(text)  # a marker, or its first token (Gemma 4's <|channel>)
        return self.flush()  # another control token: it breaks any marker being spelled

    def flush(self) -> list[Part]:
        """The end of the output: what was held back is what it looked like."""
        held, self._held = self._held, ""
        return self._emit(held)

    def close_reasoning(self) -> None:
        """The engine wrote :attr:`ReasoningFormat.closing` itself (a thinking budget):
        what follows is the answer."""
        self._held = ""
        self.thinking = False
        if self.format.kind == "harmony":
            self._state, self._header = "message", "final"
        else:
            self._state = "answer"
        self._strip_start = True

    # ------------------------------------------------------------------ tags
    def _tags(self, text: str) -> list[Part]:
        self._held = ""
        parts: list[Part] = []
        fmt = self.format
        while text:
            if self._state == "start":
                stripped = text.lstrip()
                if stripped.startswith(fmt.open):
                    self._state = "thinking"
                    self.thinking = self._strip_start = True
                    text = stripped[len(fmt.open) :]
                elif fmt.open.startswith(stripped):  # perhaps the tag, not complete yet
                    self._held = text
                    return parts
                else:
                    self._state = "answer"
            elif self._state == "thinking":
                at = text.find(fmt.close)
                if at == -1:
                    keep = _partial_suffix(text, fmt.close)
                    self._held = text[len(text) - keep :] if keep else ""
                    parts += self._emit(text[: len(text) - keep])
                    return parts
                parts += self._emit(text[:at])
                self._state, self.thinking = "answer", False
                self._strip_start = True
                text = text[at + len(fmt.close) :]
            else:
                parts += self._emit(text)
                return parts
        return parts

    # ------------------------------------------------------------------ harmony
    def _harmony(self, text: str) -> list[Part]:
        """Harmony's markers (llama.cpp renders most of them as text) and what is between."""
        self._held = ""
        parts: list[Part] = []
        while text:
            match = _HARMONY_SPLIT.search(text)
            if match is None:
                keep = max(_partial_suffix(text, token) for token in HARMONY_TOKENS)
                self._held = text[len(text) - keep :] if keep else ""
                parts += self._harmony_text(text[: len(text) - keep])
                return parts
            parts += self._harmony_text(text[: match.start()])
            self._harmony_marker(match[0])
            text = text[match.end() :]
        return parts

    def _harmony_marker(self, token: str) -> None:
        if token == "<|start|>":
            self._state, self._header = "header", ""
        elif token == "<|channel|>" and self._state == "header":
            self._header += " <|channel|>"
        elif token == "<|message|>" and self._state == "header":
            self._state = "message"
            self.thinking = self._channel_thinks()
            self._strip_start = True
        elif token in ("<|end|>", "<|return|>", "<|call|>"):
            self._state, self.thinking = "between", False
        elif token == "<|constrain|>" and self._state == "header":
            self._header += " <|constrain|>"

    def _harmony_text(self, text: str) -> list[Part]:
        if self._state == "header":
            self._header += text
            return []
        return self._emit(text)

    def _header_channel(self) -> str:
        _, _, after = self._header.rpartition("<|channel|>")
        words = after.split()
        return words[0] if words else ""

    def _channel_thinks(self) -> bool:
        return self._header_channel() in HARMONY_THINKING_CHANNELS

    # ------------------------------------------------------------------ output
    def _emit(self, text: str) -> list[Part]:
        if not text:
            return []
        if self._strip_start:
            text = text.lstrip()
            if not text:
                return []
            self._strip_start = False
        return [Part(text, self.thinking)]


def _partial_suffix(text: str, tag: str) -> int:
    """Length of the longest end of ``text`` that is a beginning of ``tag``."""
    for length in range(min(len(tag) - 1, len(text)), 0, -1):
        if tag.startswith(text[len(text) - length :]):
            return length
    return 0


_HARMONY_SPLIT = re.compile("(" + "|".join(map(re.escape, HARMONY_TOKENS)) + ")")
