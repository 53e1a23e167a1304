"""Render a model's Jinja chat template as the model's authors do, safely.

Chat templates come from GGUF files downloaded from strangers. They run in Jinja's
immutable sandbox (no attribute access to internals such as ``__class__`` or
``__globals__``, no imports, no mutation of the values passed in) and, on top of it,
within a budget (:mod:`.template_budget`): bounded work, time, value sizes and memory.
A template that is missing, does not compile, refuses the conversation, tries to escape
the sandbox or exceeds its budget is replaced by a ChatML fallback, and the caller is told
why. A template is tried once when it is loaded; one that is too slow or too large then
is not run again.

The environment is the one Hugging Face transformers renders templates with (the
reference the models' authors test against): ``trim_blocks``/``lstrip_blocks``, loop
controls, the ``{% generation %}`` tag, a ``tojson`` that does not escape HTML,
``raise_exception`` and ``strftime_now``, and the reasoning of earlier answers under both
``reasoning_content`` and ``thinking``. The variables a template expects beyond the
messages are given when the template uses them: ``tools`` and ``documents`` (none),
``enable_thinking``, ``reasoning_effort``, and Firefunction's ``functions``/``datetime``.

Messages are marked before rendering: wherever a message's text contains a control
token of the model (``<|im_start|>``, ``<|eot_id|>``...), the token's text is wrapped in
two private-use characters, so that tokenizing the prompt can tell it from the markup the
template wrote and keep it plain text (:func:`split_marked`). Only the template can write
control tokens; a message cannot forge a turn.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols

from llamadesk.core.engine.reasoning import (
    DEFAULT_REASONING,
    ReasoningOptions,
    ThinkingSupport,
    template_marks_reasoning,
)
from llamadesk.core.engine.template_budget import (
    BudgetSandbox,
    TemplateTooLarge,
    TemplateTooSlow,
)
from llamadesk.core.texts import Text

FALLBACK_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
MAX_OUTPUT_CHARS_BASE = 64_000
MARK_START, MARK_END = "\U000f0000", "\U000f0001"  # around control tokens found in messages
REASONING_FIELDS = ("reasoning_content", "thinking", "reasoning")
_CONTINUE_TAG = "\U000f0002"  # where a continued answer ends, found in the rendered text
# A conversation every template can take, rendered once when the template is loaded.
_PROBE = (
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Hello"},
    {"role": "assistant", "content": "Hello! How can I help?"},
    {"role": "user", "content": "Tell me a joke."},
)


@dataclass(frozen=True)
class RenderedPrompt:
    """A rendered prompt; ``marked`` keeps the control tokens found in messages marked."""

    marked: str
    warning: str | None = None  # set when the fallback template was used, and why (a Text)

    @cached_property
    def text(self) -> str:
        """The prompt as the model reads it."""
        return _strip_marks(self.marked)


class TemplateRefused(Exception):
    """Raised by a template through ``raise_exception`` (e.g. roles out of order)."""


def _raise_exception(message: str) -> None:
    raise TemplateRefused(message)


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


def _tojson(value, ensure_ascii=False, indent=None, separators=None, sort_keys=False) -> str:
    """JSON as the models' authors render it: no HTML escaping, keys in their order."""
    return json.dumps(
        value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys
    )


class _GenerationTag(Extension):
    """``{% generation %}…{% endgeneration %}`` marks the assistant's part for training
    masks (a transformers extension); for a prompt it is just its body."""

    tags = frozenset({"generation"})

    def parse(self, parser: jinja2.parser.Parser) -> list[nodes.Node]:
        next(parser.stream)
        return parser.parse_statements(("name:endgeneration",), drop_needle=True)


def _environment() -> BudgetSandbox:
    env = BudgetSandbox(
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[loopcontrols, _GenerationTag],
        autoescape=False,
    )
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = _strftime_now
    env.set_filter("tojson", _tojson)
    return env


class ChatTemplate:
    """A compiled chat template with a safe fallback.

    ``control_tokens`` are the texts of the model's control tokens: a message containing
    one gets it marked, so it is tokenized as plain text."""

    def __init__(
        self,
        source: str | None,
        *,
        bos_token: str = "",
        eos_token: str = "",
        control_tokens: Collection[str] = (),
    ) -> None:
        self._env = _environment()
        self._special = {"bos_token": bos_token, "eos_token": eos_token}
        self._fallback = self._env.from_string(FALLBACK_TEMPLATE)
        tokens = sorted({t for t in control_tokens if t}, key=len, reverse=True)
        self._control = re.compile("|".join(map(re.escape, tokens))) if tokens else None
        self.source = source
        self._template: jinja2.Template | None = None
        self._variables: frozenset[str] = frozenset()
        self._empty_tools = False
        self.problem: str | None = None
        if not source:
            self.problem = Text("The model has no chat template; using the ChatML format.")
            return
        try:
            self._template = self._env.from_string(source)
            self._variables = frozenset(
                jinja2.meta.find_undeclared_variables(self._env.parse_unguarded(source))
            )
        except jinja2.TemplateError as error:
            self.problem = Text(
                "The model's chat template does not compile ({error}); using ChatML.",
                error=str(error),
            )
            return
        except (TemplateTooLarge, RecursionError, MemoryError):
            self.problem = Text("The model's chat template is too large; using ChatML.")
            return
        # Tried once now: a template too slow or too large is found out here, and one that
        # loops over ``tools`` without checking for none (tool-use variants) gets an empty list.
        if self.render(_PROBE).warning is not None and self._template is not None:
            self._empty_tools = True
            self._empty_tools = self.render(_PROBE).warning is None

    @property
    def thinking(self) -> ThinkingSupport:
        """What the template lets the user choose about the model's thinking."""
        if self._template is None:
            return ThinkingSupport()
        return ThinkingSupport(
            switch="enable_thinking" in self._variables,
            effort="reasoning_effort" in self._variables,
            marked=template_marks_reasoning(self.source),
        )

    def variables(
        self, options: ReasoningOptions = DEFAULT_REASONING, tools: Sequence[dict] = ()
    ) -> dict:
        """What the template is given besides ``messages`` and ``add_generation_prompt``:
        ``tools`` are the functions the model may call (OpenAI's form)."""
        none = [] if self._empty_tools else None
        values: dict = {
            **self._special,
            "tools": [dict(tool) for tool in tools] if tools else none,
            "documents": none,
        }
        used = self._variables
        if "functions" in used:  # Firefunction v2: the functions' JSON spec (none)
            values["functions"] = ""
        if "datetime" in used:
            values["datetime"] = datetime.now().strftime("%b %d %Y %H:%M:%S GMT")
        if options.thinking is not None and "enable_thinking" in used:
            values["enable_thinking"] = options.thinking
        if options.effort is not None and "reasoning_effort" in used:
            values["reasoning_effort"] = options.effort
        return values

    def render(
        self,
        messages: Sequence[dict],
        *,
        add_generation_prompt: bool = True,
        continue_final: bool = False,
        options: ReasoningOptions = DEFAULT_REASONING,
        tools: Sequence[dict] = (),
    ) -> RenderedPrompt:
        """Render ``messages`` (dicts with role and content, and an answer's reasoning
        under ``reasoning_content``) to the prompt text.

        ``continue_final``: the last message is an unfinished assistant answer; the prompt
        ends inside it, so the model carries on where it stopped. ``tools``: functions the
        model may call, for templates that tell the model about them."""
        marked = [_with_reasoning(self._mark(dict(m))) for m in messages]
        if continue_final:
            return self._render_continued(marked, options, tools)
        return self._render(marked, add_generation_prompt, options, tools)

    def _render(
        self,
        messages: list[dict],
        add_generation_prompt: bool,
        options: ReasoningOptions,
        tools: Sequence[dict] = (),
    ) -> RenderedPrompt:
        size = sum(len(str(m.get("content", ""))) for m in messages)
        limit = MAX_OUTPUT_CHARS_BASE + 4 * size
        context = {
            "messages": messages,
            "add_generation_prompt": add_generation_prompt,
            **self.variables(options, tools),
        }
        warning = self.problem
        if self._template is not None:
            try:
                return RenderedPrompt(self._env.render(self._template, context, limit, size))
            except TemplateRefused as error:
                merged = _merge_system_prompt(messages)
                if merged is not None:  # many templates (Gemma, Mistral) reject a system role
                    return self._render(merged, add_generation_prompt, options, tools)
                warning = Text(
                    "The model's chat template refused this conversation ({error}); using ChatML.",
                    error=str(error),
                )
            except jinja2.exceptions.SecurityError as error:
                warning = Text(
                    "The model's chat template tried to leave its sandbox ({error}); using ChatML.",
                    error=str(error),
                )
            except TemplateTooSlow:
                warning = self._give_up(
                    Text(
                        "The model's chat template takes too long to render; using ChatML. "
                        "The model may answer less well: look for a newer version of its file."
                    )
                )
            except (TemplateTooLarge, MemoryError):
                warning = self._give_up(
                    Text(
                        "The model's chat template builds text far larger than the "
                        "conversation; using ChatML. The model may answer less well: look for "
                        "a newer version of its file."
                    )
                )
            except Exception as error:  # any failure inside untrusted template code
                warning = Text(
                    "The model's chat template failed ({kind}: {error}); using ChatML.",
                    kind=type(error).__name__,
                    error=str(error),
                )
        fallback_context = {**context, "messages": [_plain(m) for m in messages]}
        return RenderedPrompt(
            self._env.render(self._fallback, fallback_context, limit, size), warning
        )

    def _give_up(self, reason: str) -> str:
        """A template that ran out of budget is not run again: it would only cost the same
        time on every turn."""
        self._template, self.problem = None, reason
        return reason

    def _render_continued(
        self, messages: list[dict], options: ReasoningOptions, tools: Sequence[dict]
    ) -> RenderedPrompt:
        """The conversation with its last answer left open: rendered whole with a tag at the
        answer's end and cut there, so the template decides how the answer (and its
        reasoning) is written; a template that drops or moves the tag gets the answer
        after a generation prompt instead."""
        final = messages[-1]
        tagged = {**final, "content": final.get("content", "") + _CONTINUE_TAG}
        whole = self._render([*messages[:-1], tagged], False, options, tools)
        if whole.warning is None and whole.marked.count(_CONTINUE_TAG) == 1:
            return RenderedPrompt(whole.marked.split(_CONTINUE_TAG)[0])
        head = self._render(messages[:-1], True, options, tools)
        return RenderedPrompt(head.marked + final.get("content", ""), head.warning)

    def _mark(self, message: dict) -> dict:
        """The message with every control token in its texts marked (and any marker
        character a stranger put there removed)."""
        for key, value in message.items():
            if isinstance(value, str):
                value = _strip_marks(value).replace(_CONTINUE_TAG, "")
                if self._control is not None:
                    value = self._control.sub(lambda m: MARK_START + m[0] + MARK_END, value)
                message[key] = value
        return message


def _with_reasoning(message: dict) -> dict:
    """An answer's reasoning under every name templates read it by: ``reasoning_content``
    (most), ``thinking`` (gpt-oss)."""
    reasoning = next((message[k] for k in REASONING_FIELDS if message.get(k) is not None), None)
    if reasoning is None:
        return message
    return {"thinking": reasoning, **message, "reasoning_content": reasoning}


def _plain(message: dict) -> dict:
    return {"role": message.get("role", ""), "content": message.get("content", "")}


def _merge_system_prompt(messages: list[dict]) -> list[dict] | None:
    """Fold a leading system message into the first user message, or None if there is none."""
    if len(messages) < 2 or messages[0].get("role") != "system":
        return None
    system, first, rest = messages[0], messages[1], messages[2:]
    if first.get("role") != "user":
        return None
    content = f"{system.get('content', '')}\n\n{first.get('content', '')}"
    return [{**first, "content": content}, *rest]


_MARKS = re.compile(f"[{MARK_START}{MARK_END}]")
_MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_END}]+){MARK_END}|[{MARK_START}{MARK_END}]")


def _strip_marks(text: str) -> str:
    return _MARKS.sub("", text)


def split_marked(marked: str) -> list[tuple[str, bool]]:
    """The rendered prompt in pieces ``(text, literal)``: ``literal`` pieces are control
    tokens that a message contained, to be tokenized as plain text; the rest is the
    template's text. A lone marker (a template cut a marked token apart) is dropped, but
    still separates the text on either side, so it cannot join into a control token."""
    pieces = _MARKED.split(marked)
    result = [(pieces[0], False)] if pieces[0] else []
    for index in range(1, len(pieces), 2):
        token, text = pieces[index], pieces[index + 1]
        if token:
            result.append((token, True))
        if text:
            result.append((text, False))
    return result
