"""Tool calls as models write them, read back into structured calls.

A model that supports tools is told about them by its chat template (the ``tools``
variable) and answers with calls in the form its template teaches:

- "hermes": ``<tool_call>{"name": …, "arguments": {…}}</tool_call>`` blocks (Qwen2.5,
  Qwen3, QwQ, Hermes 2/3, and others); Qwen3-Coder writes the inside as XML,
  ``<function=name><parameter=k>v</parameter></function>``, which is read too;
- "mistral": ``[TOOL_CALLS][{"name": …, "arguments": {…}}]`` (Mistral Nemo) or
  ``[TOOL_CALLS]name[ARGS]{…}`` (Mistral Small 3.2, Devstral);
- "llama3": the whole answer is ``{"name": …, "parameters": {…}}`` (Llama 3.1–3.3),
  possibly after ``<|python_tag|>``.

:func:`tool_call_format` tells which from the template; :meth:`ToolCallFormat.split`
separates the answer's text from its calls; :meth:`ToolCallFormat.forcing` says how to
make the model write a call (a JSON schema and the text around it), for ``tool_choice``
"required" or a named function.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

_HERMES = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.S)
_XML_FUNCTION = re.compile(r"<function=([^>\s]+)>(.*?)(?:</function>|$)", re.S)
_XML_PARAMETER = re.compile(r"<parameter=([^>\s]+)>\s*(.*?)\s*</parameter>", re.S)
_MISTRAL_NAMED = re.compile(r"([A-Za-z0-9_.\-]+)\[ARGS\]")


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: str  # a JSON object, as text


def new_call(name: str, arguments: object) -> ToolCall:
    if not isinstance(arguments, str):
        arguments = json.dumps(arguments, ensure_ascii=False)
    return ToolCall(f"call_{uuid.uuid4().hex[:24]}", name, arguments)


@dataclass(frozen=True)
class ToolCallFormat:
    """How one family of models writes tool calls."""

    name: str  # "hermes", "mistral", "llama3" or "none"
    start: tuple[str, ...]  # texts that begin a call in the answer

    def call_begins(self, text: str) -> int:
        """Where the first call begins in ``text`` (-1: none yet). For "llama3" a call is
        the whole answer: it begins at 0 if the answer starts like one."""
        if self.name == "llama3":
            stripped = text.lstrip()
            if stripped.startswith(("{", "<|python_tag|>")):
                return len(text) - len(stripped)
            return -1
        found = [text.find(marker) for marker in self.start]
        found = [at for at in found if at != -1]
        return min(found, default=-1)

    def may_begin(self, text: str) -> int:
        """How many characters at the end of ``text`` might be the start of a call marker
        (to hold back while streaming)."""
        if self.name == "llama3":
            stripped = text.lstrip()
            return len(text) if not stripped or "<|python_tag|>".startswith(stripped) else 0
        longest = 0
        for marker in self.start:
            for length in range(min(len(marker) - 1, len(text)), 0, -1):
                if marker.startswith(text[len(text) - length :]):
                    longest = max(longest, length)
                    break
        return longest

    def split(self, text: str) -> tuple[str, list[ToolCall]]:
        """The answer's own text and the calls it makes (none: the text unchanged)."""
        at = self.call_begins(text)
        if at == -1:
            return text, []
        calls = _PARSERS[self.name](text[at:])
        if not calls:
            return text, []
        return text[:at].rstrip(), calls

    def forcing(self, tools: Sequence[dict], name: str | None) -> tuple[str, str, str] | None:
        """(JSON schema, text before, text after) that make the model call ``name`` (None:
        any of ``tools``); None if this format cannot be forced."""
        chosen = [t for t in tools if _tool_name(t) == name] if name else list(tools)
        if not chosen or self.name == "none":
            return None
        key = "parameters" if self.name == "llama3" else "arguments"
        options = [
            {
                "type": "object",
                "properties": {
                    "name": {"const": _tool_name(tool)},
                    key: _tool_parameters(tool),
                },
                "required": ["name", key],
            }
            for tool in chosen
        ]
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        around = {
            "hermes": ("<tool_call>\n", "\n</tool_call>"),
            "mistral": ("[TOOL_CALLS][", "]"),
            "llama3": ("", ""),
        }[self.name]
        return json.dumps(schema), *around


NO_TOOL_CALLS = ToolCallFormat("none", ())


def tool_call_format(template_source: str | None) -> ToolCallFormat:
    """How the model with this chat template writes tool calls."""
    source = template_source or ""
    if "<tool_call>" in source:
        return ToolCallFormat("hermes", ("<tool_call>",))
    if "[TOOL_CALLS]" in source:
        return ToolCallFormat("mistral", ("[TOOL_CALLS]",))
    if "<|python_tag|>" in source or "Given the following functions" in source:
        return ToolCallFormat("llama3", ("{", "<|python_tag|>"))
    return NO_TOOL_CALLS


def _tool_name(tool: dict) -> str:
    function = tool.get("function", tool)
    return str(function.get("name", ""))


def _tool_parameters(tool: dict) -> dict:
    function = tool.get("function", tool)
    parameters = function.get("parameters")
    return parameters if isinstance(parameters, dict) else {"type": "object"}


def _json_values(text: str) -> list[object]:
    """Every JSON value written one after another in ``text`` (separators: whitespace,
    ``,`` or ``;``); stops at the first thing that is not JSON."""
    decoder, values, at = json.JSONDecoder(strict=False), [], 0  # raw control characters too
    while True:
        while at < len(text) and text[at] in " \t\r\n,;":
            at += 1
        if at >= len(text):
            return values
        try:
            value, at = decoder.raw_decode(text, at)
        except ValueError:
            return values
        values.append(value)


def _from_objects(values: list[object], key: str) -> list[ToolCall]:
    calls = []
    for value in values:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                arguments = item.get(key, item.get("arguments", item.get("parameters", {})))
                calls.append(new_call(item["name"], arguments))
    return calls


def _hermes(text: str) -> list[ToolCall]:
    calls = []
    for body in _HERMES.findall(text):
        found = _from_objects(_json_values(body), "arguments")
        if not found:  # Qwen3-Coder: <function=name><parameter=k>v</parameter></function>
            for name, inside in _XML_FUNCTION.findall(body):
                arguments = {k: _loose_json(v) for k, v in _XML_PARAMETER.findall(inside)}
                found.append(new_call(name, arguments))
        calls += found
    return calls


def _loose_json(value: str) -> object:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _mistral(text: str) -> list[ToolCall]:
    body = text.split("[TOOL_CALLS]", 1)[1] if "[TOOL_CALLS]" in text else text
    if _MISTRAL_NAMED.match(body.lstrip()):
        calls = []
        for part in body.split("[TOOL_CALLS]"):
            match = _MISTRAL_NAMED.match(part.lstrip())
            if match is not None:
                values = _json_values(part.lstrip()[match.end() :])
                calls.append(new_call(match[1], values[0] if values else {}))
        return calls
    return _from_objects(_json_values(body), "arguments")


def _llama3(text: str) -> list[ToolCall]:
    body = text.strip().removeprefix("<|python_tag|>")
    return _from_objects(_json_values(body), "parameters")


_PARSERS = {"hermes": _hermes, "mistral": _mistral, "llama3": _llama3}
