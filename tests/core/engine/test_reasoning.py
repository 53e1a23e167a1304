"""Reasoning told apart from the answer, in any pieces the text arrives in."""

from __future__ import annotations

from pathlib import Path

import pytest

from llamadesk.core.engine.reasoning import (
    HARMONY,
    THINK_TAGS,
    ReasoningFormat,
    ReasoningParser,
    reasoning_format,
)
from llamadesk.core.gguf import takes_tools, thinks

TEMPLATES = Path(__file__).parents[2] / "data" / "chat_templates"


def run(parser: ReasoningParser, pieces) -> tuple[str, str]:
    """Feed ``pieces`` (str, or ("control", text)); return (thinking, answer)."""
    parts = []
    for piece in pieces:
        if isinstance(piece, tuple):
            parts += parser.push_control(piece[1])
        else:
            parts += parser.push(piece)
    parts += parser.flush()
    thinking = "".join(p.text for p in parts if p.thinking)
    answer = "".join(p.text for p in parts if not p.thinking)
    return thinking, answer


def every_split(text: str):
    """The text cut at every position into two pieces, and into single characters."""
    yield list(text)
    for at in range(len(text) + 1):
        yield [text[:at], text[at:]]


@pytest.mark.parametrize("pieces", list(every_split("<think>\nLet me see.\n</think>\n\nIt is 4.")))
def test_think_tags_in_any_pieces(pieces):
    assert run(ReasoningParser(THINK_TAGS, "<|im_start|>assistant\n"), pieces) == (
        "Let me see.\n",
        "It is 4.",
    )


def test_a_block_the_prompt_opened_deepseek_r1():
    prompt = "<｜User｜>2+2?<｜Assistant｜><think>\n"
    parser = ReasoningParser(THINK_TAGS, prompt)
    assert parser.thinking
    assert run(parser, ["Two and", " two.\n</th", "ink>\n\nFour."]) == ("Two and two.\n", "Four.")


def test_thinking_turned_off_in_the_prompt_qwen3():
    prompt = "<|im_start|>assistant\n<think>\n\n</think>\n\n"
    assert run(ReasoningParser(THINK_TAGS, prompt), ["<think> is a tag.", " Yes."]) == (
        "",
        "<think> is a tag. Yes.",
    )


def test_an_answer_without_reasoning_passes_unchanged():
    parser = ReasoningParser(THINK_TAGS, "<|im_start|>assistant\n")
    assert run(parser, ["  ", "<", "b>bold</b> and <think>"]) == ("", "  <b>bold</b> and <think>")


def test_stopped_while_thinking_keeps_the_thoughts():
    assert run(ReasoningParser(THINK_TAGS), ["<think>", "Hmm, </th"]) == ("Hmm, </th", "")


def test_other_spellings_magistral_and_gemma4():
    magistral = ReasoningFormat("tags", "[THINK]", "[/THINK]")
    assert run(
        ReasoningParser(magistral),
        [("control", "[THINK]"), "idea", ("control", "[/THINK]"), "Answer"],
    ) == ("idea", "Answer")
    gemma = ReasoningFormat("tags", "<|channel>thought", "<channel|>")
    assert run(
        ReasoningParser(gemma),
        [("control", "<|channel>"), "thought\nidea", ("control", "<channel|>"), "Answer"],
    ) == ("idea", "Answer")


def test_unknown_control_tokens_show_nothing():
    assert run(ReasoningParser(THINK_TAGS), ["Hi", ("control", "<|im_end|>"), " there"]) == (
        "",
        "Hi there",
    )


def test_harmony_channels_gpt_oss():
    prompt = "<|start|>user<|message|>2+2?<|end|><|start|>assistant"
    stream = [
        ("control", "<|channel|>"),
        "analysis",
        ("control", "<|message|>"),
        "User asks ",
        "a sum.",
        ("control", "<|end|>"),
        ("control", "<|start|>"),
        "assistant",
        ("control", "<|channel|>"),
        "final",
        ("control", "<|message|>"),
        "It is ",
        "4.",
        ("control", "<|return|>"),
    ]
    assert run(ReasoningParser(HARMONY, prompt), stream) == ("User asks a sum.", "It is 4.")


@pytest.mark.parametrize(
    "pieces",
    list(
        every_split(
            "<|channel|>analysis<|message|>User asks a sum.<|end|>"
            "<|start|>assistant<|channel|>final<|message|>It is 4."
        )
    ),
)
def test_harmony_markers_as_text_in_any_pieces(pieces):
    """llama.cpp renders gpt-oss's <|channel|>, <|message|>, <|start|> and <|end|> as text."""
    prompt = "<|start|>user<|message|>2+2?<|end|><|start|>assistant"
    assert run(ReasoningParser(HARMONY, prompt), pieces) == ("User asks a sum.", "It is 4.")


def test_harmony_continues_an_answer_in_the_final_channel():
    prompt = "<|start|>assistant<|channel|>final<|message|>It is"
    parser = ReasoningParser(HARMONY, prompt)
    assert not parser.thinking
    assert run(parser, [" 4."]) == ("", " 4.")


def test_a_budget_closes_the_reasoning():
    parser = ReasoningParser(THINK_TAGS)
    parts = parser.push("<think>long thoughts")
    parser.close_reasoning()
    parts += parser.push("\n\nThe answer.")
    assert [(p.text, p.thinking) for p in parts] == [
        ("long thoughts", True),
        ("The answer.", False),
    ]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("deepseek-ai-DeepSeek-R1-Distill-Llama-8B", THINK_TAGS),
        ("Qwen-Qwen3-0.6B", THINK_TAGS),
        ("openai-gpt-oss-120b", HARMONY),
        ("ByteDance-Seed-OSS", ReasoningFormat("tags", "<seed:think>", "</seed:think>")),
        (
            "mistralai-Ministral-3-14B-Reasoning-2512",
            ReasoningFormat("tags", "[THINK]", "[/THINK]"),
        ),
        (
            "CohereForAI-c4ai-command-r7b-12-2024-tool_use",
            ReasoningFormat("tags", "<|START_THINKING|>", "<|END_THINKING|>"),
        ),
        ("google-gemma-4-31B-it", ReasoningFormat("tags", "<|channel>thought", "<channel|>")),
        ("meta-llama-Llama-3.1-8B-Instruct", THINK_TAGS),
    ],
)
def test_the_format_is_read_from_the_template(template, expected):
    assert reasoning_format((TEMPLATES / f"{template}.jinja").read_text()) == expected


@pytest.mark.parametrize(
    ("template", "thinking", "tools"),
    [
        ("deepseek-ai-DeepSeek-R1-Distill-Llama-8B", True, False),
        ("Qwen-Qwen3-0.6B", True, True),
        ("Qwen-QwQ-32B", True, True),
        ("openai-gpt-oss-120b", True, True),
        ("HuggingFaceTB-SmolLM3-3B", True, False),  # tool answers, but no list of tools
        ("mistralai-Ministral-3-14B-Reasoning-2512", True, True),
        ("meta-llama-Llama-3.2-3B-Instruct", False, True),
        ("Qwen-Qwen2.5-7B-Instruct", False, True),
        ("google-gemma-2-2b-it", False, False),
        ("microsoft-Phi-3.5-mini-instruct", False, False),
    ],
)
def test_a_templates_traits_thinking_and_tools(template, thinking, tools):
    """What the model list shows as tags, read from the template's text alone."""
    source = (TEMPLATES / f"{template}.jinja").read_text()
    assert (thinks(source), takes_tools(source)) == (thinking, tools)
    assert not thinks(None) and not takes_tools(None)
