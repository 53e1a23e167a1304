"""Sampling parameters: what they mean, their valid ranges and the ready presets."""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace

from llamadesk.core.errors import SettingsError
from llamadesk.core.texts import Text

MAX_SEED = 2**32 - 2  # 2**32 - 1 is llama.cpp's "pick a random seed"
MAX_STOP_STRINGS = 16
MAX_GRAMMAR_CHARS = 200_000
MAX_BEAMS = 8  # the sequences a context is made with


@dataclass(frozen=True)
class SamplingParams:
    """How the next token is chosen. ``seed=None`` means a new random seed per answer."""

    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    repeat_last_n: int = 64
    presence_penalty: float = 0.0
    frequency_penalty: float = 0.0
    seed: int | None = None
    max_tokens: int = 2048
    stop: tuple[str, ...] = ()
    grammar: str = ""  # a GBNF grammar (llama.cpp's) the answer must follow; "" for none
    json_schema: str = ""  # a JSON Schema (as text) the answer must be an instance of
    json_around: tuple[str, ...] = ()  # (before, after): fixed text around that JSON
    beams: int = 1  # beam search's width: 1 samples token by token (temperature, top-p...)
    length_penalty: float = 1.0  # beam search: > 0 favours longer answers, < 0 shorter
    early_stopping: bool = True  # beam search: end once `beams` answers are finished

    def __post_init__(self) -> None:
        _check(0.0 <= self.temperature <= 5.0, Text("Temperature must be between 0 and 5."))
        _check(0.0 < self.top_p <= 1.0, Text("Top-p must be greater than 0 and at most 1."))
        _check(0 <= self.top_k <= 1000, Text("Top-k must be between 0 (off) and 1000."))
        _check(0.0 <= self.min_p < 1.0, Text("Min-p must be at least 0 and less than 1."))
        _check(0.5 <= self.repeat_penalty <= 2.0, Text("Repeat penalty must be between 0.5 and 2."))
        _check(
            0 <= self.repeat_last_n <= 4096,
            Text("Repeat window must be between 0 and 4096 tokens."),
        )
        _check(
            -2.0 <= self.presence_penalty <= 2.0,
            Text("Presence penalty must be between -2 and 2."),
        )
        _check(
            -2.0 <= self.frequency_penalty <= 2.0,
            Text("Frequency penalty must be between -2 and 2."),
        )
        _check(
            self.seed is None or 0 <= self.seed <= MAX_SEED,
            Text("Seed must be between 0 and {max}, or empty for a random seed.", max=MAX_SEED),
        )
        _check(
            1 <= self.max_tokens <= 1_000_000, Text("Max tokens must be between 1 and 1,000,000.")
        )
        _check(
            len(self.stop) <= MAX_STOP_STRINGS,
            Text("At most {max} stop strings are allowed.", max=MAX_STOP_STRINGS),
        )
        _check(all(self.stop), Text("Stop strings cannot be empty."))
        _check(
            len(self.grammar) + len(self.json_schema) <= MAX_GRAMMAR_CHARS,
            Text("A grammar may have at most {max:,} characters.", max=MAX_GRAMMAR_CHARS),
        )
        _check(
            not (self.grammar and self.json_schema),
            Text("Give either a grammar or a JSON schema, not both."),
        )
        _check(len(self.json_around) in (0, 2), Text("JSON can be wrapped in two texts only."))
        _check(
            1 <= self.beams <= MAX_BEAMS,
            Text("Beams must be between 1 (off) and {max}.", max=MAX_BEAMS),
        )
        _check(
            -2.0 <= self.length_penalty <= 2.0,
            Text("The length penalty must be between -2 and 2."),
        )
        _check(
            self.beams == 1 or not (self.grammar or self.json_schema),
            Text("Beam search cannot follow a grammar or a JSON schema; use one beam."),
        )

    @property
    def greedy(self) -> bool:
        return self.temperature == 0.0

    def with_seed(self) -> SamplingParams:
        """A copy with a concrete seed: the given one, or a fresh random one."""
        if self.seed is not None:
            return self
        return replace(self, seed=random.randint(0, MAX_SEED))

    @classmethod
    def from_dict(cls, values: dict) -> SamplingParams:
        """Build from a mapping, ignoring unknown keys (settings files from newer versions)."""
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in values.items() if k in known}
        if "stop" in kwargs:
            kwargs["stop"] = tuple(kwargs["stop"])
        return cls(**kwargs)


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise SettingsError(message)


# The built-in presets; a name is a Text, which the window shows translated.
PRESETS: dict[str, SamplingParams] = {
    Text("Precise"): SamplingParams(temperature=0.2, top_p=0.9, top_k=20, min_p=0.1),
    Text("Balanced"): SamplingParams(),
    Text("Creative"): SamplingParams(temperature=1.0, top_p=0.98, top_k=100, min_p=0.02),
}
