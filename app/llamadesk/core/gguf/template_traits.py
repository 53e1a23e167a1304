"""What a chat template's text says about its model, read without running the template:
between which markers the model writes its reasoning, whether it thinks, and whether it
can call tools. The engine parses reasoning with these markers; the model list shows the
traits as tags."""

from __future__ import annotations

import re

# Spellings of the reasoning block, most specific first; <think> is the default.
TAG_PAIRS = (
    ("<seed:think>", "</seed:think>"),
    ("<mm:think>", "</mm:think>"),
    ("[THINK]", "[/THINK]"),
    ("<|START_THINKING|>", "<|END_THINKING|>"),
    ("<|channel>thought", "<channel|>"),
    ("<think>", "</think>"),
)
_HARMONY_MARKS = ("<|channel|>", "<|message|>")  # gpt-oss: reasoning in its own channel
_TOOLS = re.compile(r"\btools\b")


def reasoning_marks(source: str | None) -> tuple[str, str, str] | None:
    """How the template's model marks its reasoning: ("harmony", "", "") for gpt-oss's
    channels, ("tags", open, close) for a pair of tags; None when the template shows none."""
    source = source or ""
    if all(mark in source for mark in _HARMONY_MARKS):
        return ("harmony", "", "")
    for open_tag, close_tag in TAG_PAIRS:
        if open_tag in source and close_tag in source:
            return ("tags", open_tag, close_tag)
    return None


def thinks(source: str | None) -> bool:
    """Whether the model reasons before it answers: its template marks reasoning, or lets
    thinking be switched on and off."""
    return reasoning_marks(source) is not None or "enable_thinking" in (source or "")


def takes_tools(source: str | None) -> bool:
    """Whether the template hands the model a list of tools (functions it may call)."""
    return bool(_TOOLS.search(source or ""))
