"""Every chat template llama.cpp ships renders in LlamaDesk as in the reference.

The reference is Hugging Face transformers' renderer (``render_jinja_template``, what
``apply_chat_template`` calls), given the same messages and variables. For each of the
templates in ``tests/data/chat_templates`` and each conversation and thinking option the
template supports, the outcome is one of:

- identical: the reference renders, and LlamaDesk's prompt is the same text, byte for byte;
- reference cannot render: the reference raises (e.g. Gemma 2 refuses a system role), and
  LlamaDesk renders a sensible prompt without falling back (there: the system prompt
  folded into the first message);
- fallback: LlamaDesk used ChatML, with the reason. None is allowed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from llamadesk.core.engine.chat_template import ChatTemplate
from llamadesk.core.engine.reasoning import ReasoningOptions

os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
chat_template_utils = pytest.importorskip("transformers.utils.chat_template_utils")

TEMPLATES = sorted((Path(__file__).parents[2] / "data" / "chat_templates").glob("*.jinja"))
BOS, EOS = "<|begin_of_text|>", "<|end_of_text|>"
CONVERSATIONS = {
    "system, two turns, reasoning": [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What is 2 + 2?"},
        {
            "role": "assistant",
            "content": "2 + 2 = 4.",
            "reasoning_content": "The user asks a sum. Two and two make four.",
        },
        {"role": "user", "content": "And 3 + 3? Answer in one word, 请用中文."},
    ],
    "no system prompt": [
        {"role": "user", "content": "Hello!"},
        {"role": "assistant", "content": "Hi! How can I help?"},
        {"role": "user", "content": 'Tell me a joke about <b>HTML</b> & "quotes".'},
    ],
    "one message": [{"role": "user", "content": "Write a haiku about the sea."}],
}


def options_for(template: ChatTemplate) -> list[ReasoningOptions]:
    options = [ReasoningOptions()]
    if template.thinking.switch:
        options += [ReasoningOptions(thinking=True), ReasoningOptions(thinking=False)]
    if template.thinking.effort:
        options += [ReasoningOptions(effort=e) for e in ("low", "high")]
    return options


def reference(source: str, messages: list[dict], variables: dict) -> str:
    variables = dict(variables)
    tools, documents = variables.pop("tools"), variables.pop("documents")
    rendered, _ = chat_template_utils.render_jinja_template(
        [messages],
        tools=tools,
        documents=documents,
        chat_template=source,
        add_generation_prompt=True,
        **variables,
    )
    return rendered[0]


def outcomes(path: Path) -> list[tuple[str, str, str]]:
    """(case, outcome, detail) for every conversation and option of one template."""
    source = path.read_text(encoding="utf-8")
    template = ChatTemplate(source, bos_token=BOS, eos_token=EOS)
    found = []
    for name, messages in CONVERSATIONS.items():
        for option in options_for(template):
            case = f"{path.stem} / {name} / {option}"
            ours = template.render(messages, options=option)
            if ours.warning is not None:
                found.append((case, "fallback", ours.warning))
                continue
            try:
                expected = reference(source, messages, template.variables(option))
            except Exception as error:  # the reference cannot render it
                sensible = all(
                    m["content"].split()[0] in ours.text for m in messages if m["role"] == "user"
                )
                outcome = "reference cannot render" if sensible else "not sensible"
                found.append((case, outcome, f"{type(error).__name__}: {error}"))
                continue
            if ours.text == expected:
                found.append((case, "identical", ""))
            else:
                found.append((case, "different", _first_difference(ours.text, expected)))
    return found


def _first_difference(ours: str, expected: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(ours, expected, strict=False)) if a != b), None)
    at = min(len(ours), len(expected)) if at is None else at
    return f"at {at}: ours {ours[at - 20 : at + 40]!r}, reference {expected[at - 20 : at + 40]!r}"


def test_there_are_the_70_templates():
    assert len(TEMPLATES) == 70


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.stem for p in TEMPLATES])
def test_template_renders_as_the_reference(path):
    bad = [row for row in outcomes(path) if row[1] not in ("identical", "reference cannot render")]
    assert not bad, bad


def test_conformance_summary(capsys):
    """The counts, per template: identical wherever the reference renders it."""
    per_template = {}
    for path in TEMPLATES:
        kinds = {outcome for _, outcome, _ in outcomes(path)}
        per_template[path.stem] = (
            "identical" if kinds == {"identical"} else "reference cannot render (some cases)"
        )
        assert kinds <= {"identical", "reference cannot render"}, (path.stem, kinds)
    identical = sum(v == "identical" for v in per_template.values())
    with capsys.disabled():
        print(
            f"\nchat templates: {len(per_template)}; identical to the reference in every case: "
            f"{identical}; reference cannot render some cases (LlamaDesk renders them): "
            f"{len(per_template) - identical} "
            f"({', '.join(k for k, v in per_template.items() if v != 'identical')}); "
            "fallback to ChatML: 0"
        )
