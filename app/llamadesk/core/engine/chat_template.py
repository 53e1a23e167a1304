"""Render a model's Jinja chat template safely.

Chat templates come from GGUF files downloaded from strangers, so they run in
Jinja's immutable sandbox: no attribute access to internals (``__class__``,
``__mro__``, ``__globals__``), no imports, no mutation of the values passed in,
and a cap on the size of what they produce. A template that is missing, does not
compile, refuses the conversation or tries to escape the sandbox is replaced by a
ChatML fallback, and the caller is told why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

from llamadesk.core.texts import Text

FALLBACK_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
MAX_OUTPUT_CHARS_BASE = 64_000


@dataclass(frozen=True)
class RenderedPrompt:
    text: str
    warning: str | None = None  # set when the fallback template was used, and why (a Text)


class TemplateRefused(Exception):
    """Raised by a template through ``raise_exception`` (e.g. roles out of order)."""


def _raise_exception(message: str) -> None:
    raise TemplateRefused(message)


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols], autoescape=False
    )
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = _strftime_now
    return env


class ChatTemplate:
    """A compiled chat template with a safe fallback."""

    def __init__(self, source: str | None, *, bos_token: str = "", eos_token: str = "") -> None:
        self._env = _environment()
        self._special = {"bos_token": bos_token, "eos_token": eos_token}
        self._fallback = self._env.from_string(FALLBACK_TEMPLATE)
        self.source = source
        self._template: jinja2.Template | None = None
        self.problem: str | None = None
        if not source:
            self.problem = Text("The model has no chat template; using the ChatML format.")
            return
        try:
            self._template = self._env.from_string(source)
        except jinja2.TemplateError as error:
            self.problem = Text(
                "The model's chat template does not compile ({error}); using ChatML.",
                error=str(error),
            )

    def render(
        self,
        messages: Sequence[dict[str, str]],
        *,
        add_generation_prompt: bool = True,
        continue_final: bool = False,
    ) -> RenderedPrompt:
        """Render ``messages`` (dicts with role and content) to the prompt text.

        ``continue_final``: the last message is an unfinished assistant answer; the prompt
        ends inside it, so the model carries on where it stopped."""
        if continue_final:
            head = self.render(messages[:-1], add_generation_prompt=True)
            return RenderedPrompt(head.text + messages[-1].get("content", ""), head.warning)
        limit = MAX_OUTPUT_CHARS_BASE + 4 * sum(len(m.get("content", "")) for m in messages)
        context = {
            "messages": [dict(m) for m in messages],
            "add_generation_prompt": add_generation_prompt,
            **self._special,
        }
        warning = self.problem
        if self._template is not None:
            try:
                return RenderedPrompt(_render_limited(self._template, context, limit))
            except TemplateRefused as error:
                merged = _merge_system_prompt(context["messages"])
                if merged is not None:  # many templates (Gemma, Mistral) reject a system role
                    return self.render(merged, add_generation_prompt=add_generation_prompt)
                warning = Text(
                    "The model's chat template refused this conversation ({error}); using ChatML.",
                    error=str(error),
                )
            except jinja2.exceptions.SecurityError as error:
                warning = Text(
                    "The model's chat template tried to leave its sandbox ({error}); using ChatML.",
                    error=str(error),
                )
            except _TooLong as error:
                warning = Text(
                    "The model's chat template produced more than {limit:,} characters; "
                    "using ChatML.",
                    limit=error.limit,
                )
            except Exception as error:  # any failure inside untrusted template code
                warning = Text(
                    "The model's chat template failed ({kind}: {error}); using ChatML.",
                    kind=type(error).__name__,
                    error=str(error),
                )
        return RenderedPrompt(_render_limited(self._fallback, context, limit), warning)


def _merge_system_prompt(messages: list[dict[str, str]]) -> list[dict[str, str]] | None:
    """Fold a leading system message into the first user message, or None if there is none."""
    if len(messages) < 2 or messages[0].get("role") != "system":
        return None
    system, first, rest = messages[0], messages[1], messages[2:]
    if first.get("role") != "user":
        return None
    content = f"{system.get('content', '')}\n\n{first.get('content', '')}"
    return [{**first, "content": content}, *rest]


class _TooLong(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def _render_limited(template: jinja2.Template, context: dict, limit: int) -> str:
    parts: list[str] = []
    size = 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > limit:
            raise _TooLong(limit)
        parts.append(chunk)
    return "".join(parts)
