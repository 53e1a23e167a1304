"""The OpenAI API's shapes: requests read into what the engine takes, answers written back.

Everything a client sends is checked here, and anything wrong is an :class:`ApiError`
with OpenAI's error shape (``{"error": {"message", "type", "param", "code"}}``) naming the
field. Sampling maps one to one where the API has the field (``temperature``, ``top_p``,
``presence_penalty``, ``frequency_penalty``, ``seed``, ``max_tokens`` /
``max_completion_tokens``, ``stop``) and takes llama.cpp's usual extensions (``top_k``,
``min_p``, ``repeat_penalty``) and transformers' beam search (``num_beams``,
``length_penalty``, ``early_stopping``); ``response_format`` becomes a grammar, ``tools`` go to the
chat template, ``reasoning_effort`` and ``chat_template_kwargs.enable_thinking`` steer
thinking models.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from llamadesk.core.engine import (
    GenerationStats,
    ReasoningOptions,
    SamplingParams,
    ToolCall,
    ToolCallFormat,
)
from llamadesk.core.errors import SettingsError

ROLES = ("system", "developer", "user", "assistant", "tool")
FINISH_REASONS = {"stop": "stop", "length": "length", "cancelled": "stop"}


class ApiError(Exception):
    """A request refused, with the HTTP status and OpenAI's error fields."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        kind: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.kind = status, message, kind
        self.code, self.param, self.headers = code, param, headers or {}

    def body(self) -> dict:
        return {
            "error": {
                "message": self.message,
                "type": self.kind,
                "param": self.param,
                "code": self.code,
            }
        }


def invalid(param: str, message: str) -> ApiError:
    return ApiError(400, message, param=param, code="invalid_value")


@dataclass(frozen=True)
class ChatRequest:
    messages: list[dict]
    sampling: SamplingParams
    reasoning: ReasoningOptions
    tools: list[dict] = field(default_factory=list)
    parse_tools: bool = False  # tool calls are read back from the answer
    stream: bool = False
    include_usage: bool = False


@dataclass(frozen=True)
class CompletionRequest:
    prompt: str
    sampling: SamplingParams
    stream: bool = False
    include_usage: bool = False


# ---------------------------------------------------------------------- reading requests
def read_chat(
    body: object, n_ctx: int, tool_format: ToolCallFormat, defaults: SamplingParams
) -> ChatRequest:
    """A chat request; what it leaves out of the sampling is as in ``defaults``."""
    body = _object(body)
    raw_messages = body.get("messages")
    if not isinstance(raw_messages, list) or not raw_messages:
        raise invalid("messages", "messages must be a non-empty list of messages.")
    messages = [_message(m, f"messages[{i}]") for i, m in enumerate(raw_messages)]
    tools = _tools(body.get("tools"))
    sampling = _sampling(body, n_ctx, defaults, default_max=n_ctx)
    try:
        sampling = _response_format(body.get("response_format"), sampling)
        choice = body.get("tool_choice", "auto" if tools else "none")
        sampling, parse_tools = _tool_choice(choice, tools, tool_format, sampling)
    except SettingsError as error:  # e.g. beam search with a JSON schema
        raise ApiError(400, str(error), code="invalid_value") from None
    stream, include_usage = _stream(body)
    return ChatRequest(
        messages,
        sampling,
        _reasoning(body),
        tools if choice != "none" else [],
        parse_tools,
        stream,
        include_usage,
    )


def read_completion(body: object, n_ctx: int, defaults: SamplingParams) -> CompletionRequest:
    """A completion request; what it leaves out of the sampling is as in ``defaults``."""
    body = _object(body)
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if not isinstance(prompt, str) or not prompt:
        raise invalid("prompt", "prompt must be a non-empty string (one prompt per request).")
    unsupported = {
        "suffix": bool(body.get("suffix")),
        "echo": body.get("echo") is True,
        "logprobs": body.get("logprobs") is not None,
        "best_of": body.get("best_of") not in (None, 1),
    }
    for name, asked in unsupported.items():
        if asked:
            raise invalid(name, f"{name} is not supported by this server.")
    sampling = _sampling(body, n_ctx, defaults, default_max=16)  # the API's default
    stream, include_usage = _stream(body)
    return CompletionRequest(prompt, sampling, stream, include_usage)


def _object(body: object) -> dict:
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.", code="invalid_json")
    n = body.get("n", 1)
    if n != 1:
        raise invalid("n", "n must be 1: this server writes one choice per request.")
    return body


def _message(raw: object, where: str) -> dict:
    if not isinstance(raw, dict):
        raise invalid(where, f"{where} must be an object with a role and content.")
    role = raw.get("role")
    if role not in ROLES:
        raise invalid(f"{where}.role", f"{where}.role must be one of {', '.join(ROLES)}.")
    message: dict = {"role": "system" if role == "developer" else role}
    content = raw.get("content")
    if isinstance(content, list):  # content parts: text only
        texts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text":
                raise invalid(
                    f"{where}.content",
                    "Only text content is supported by this model (no images or audio).",
                )
            texts.append(str(part.get("text", "")))
        content = "".join(texts)
    if content is None and role == "assistant" and raw.get("tool_calls"):
        content = ""
    if not isinstance(content, str):
        raise invalid(f"{where}.content", f"{where}.content must be text.")
    message["content"] = content
    for reasoning in ("reasoning_content", "reasoning"):
        if isinstance(raw.get(reasoning), str):
            message["reasoning_content"] = raw[reasoning]
    if role == "assistant" and raw.get("tool_calls"):
        message["tool_calls"] = _sent_tool_calls(raw["tool_calls"], f"{where}.tool_calls")
    if role == "tool":
        message["tool_call_id"] = str(raw.get("tool_call_id", ""))
        if isinstance(raw.get("name"), str):
            message["name"] = raw["name"]
    return message


def _sent_tool_calls(calls: object, where: str) -> list[dict]:
    """An earlier answer's calls, as templates read them: arguments as an object."""
    if not isinstance(calls, list):
        raise invalid(where, f"{where} must be a list.")
    result = []
    for index, call in enumerate(calls):
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            raise invalid(f"{where}[{index}]", "A tool call needs a function with a name.")
        arguments = function.get("arguments", "{}")
        if isinstance(arguments, str):
            try:
                arguments = json.loads(arguments or "{}")
            except ValueError:
                raise invalid(
                    f"{where}[{index}].function.arguments", "Tool call arguments must be JSON."
                ) from None
        result.append(
            {
                "id": str(call.get("id", "")),
                "type": "function",
                "function": {"name": function["name"], "arguments": arguments},
            }
        )
    return result


def _tools(raw: object) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise invalid("tools", "tools must be a list of functions.")
    tools = []
    for index, tool in enumerate(raw):
        function = tool.get("function") if isinstance(tool, dict) else None
        if tool.get("type", "function") != "function" or not isinstance(function, dict):
            raise invalid(f"tools[{index}]", "Only tools of type function are supported.")
        if not isinstance(function.get("name"), str) or not function["name"]:
            raise invalid(f"tools[{index}].function.name", "A function needs a name.")
        tools.append({"type": "function", "function": function})
    return tools


def _tool_choice(
    choice: object, tools: list[dict], fmt: ToolCallFormat, sampling: SamplingParams
) -> tuple[SamplingParams, bool]:
    """The sampling that makes the model call a tool when the client requires one, and
    whether calls are to be read back from the answer."""
    if choice in ("none", None) or not tools:
        return sampling, False
    if choice == "auto":
        return sampling, fmt.name != "none"
    name = None
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        if not isinstance(name, str) or not any(t["function"]["name"] == name for t in tools):
            raise invalid("tool_choice", "tool_choice names a function that is not in tools.")
    elif choice != "required":
        raise invalid(
            "tool_choice", 'tool_choice must be "none", "auto", "required" or a function.'
        )
    forcing = fmt.forcing(tools, name)
    if forcing is None:
        raise invalid(
            "tool_choice",
            "This model's chat template does not say how it calls tools, so a call cannot be "
            "required of it.",
        )
    if sampling.json_schema or sampling.grammar:
        raise invalid(
            "tool_choice", "A required tool call cannot be combined with response_format."
        )
    schema, before, after = forcing
    return replace(sampling, json_schema=schema, json_around=(before, after)), True


def _response_format(raw: object, sampling: SamplingParams) -> SamplingParams:
    if raw is None:
        return sampling
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind == "text":
        return sampling
    if kind == "json_object":
        return replace(sampling, json_schema=json.dumps({"type": "object"}))
    if kind == "json_schema":
        spec = raw.get("json_schema")
        schema = spec.get("schema") if isinstance(spec, dict) else None
        if not isinstance(schema, dict):
            raise invalid("response_format.json_schema", "json_schema needs a schema object.")
        return replace(sampling, json_schema=json.dumps(schema))
    raise invalid(
        "response_format", "response_format.type must be text, json_object or json_schema."
    )


def _number(body: dict, name: str, kind: type, default):
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise invalid(name, f"{name} must be a number.")
    if kind is int and not float(value).is_integer():
        raise invalid(name, f"{name} must be a whole number.")
    return kind(value)


def _flag(body: dict, name: str, default: bool) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise invalid(name, f"{name} must be true or false.")
    return value


def _sampling(body: dict, n_ctx: int, base: SamplingParams, default_max: int) -> SamplingParams:
    """The request's sampling; what it leaves out is sampled as in ``base``, the app's
    defaults (as llama-server uses its own): top-k, top-p and min-p keep the answer off the
    long tail, and spare the engine a softmax over the whole vocabulary for every token.
    Length, seed and stop strings are the API's: ``base`` has no say in them."""
    stop = body.get("stop")
    if isinstance(stop, str):
        stop = [stop]
    if stop is not None and (
        not isinstance(stop, list) or not all(isinstance(s, str) and s for s in stop)
    ):
        raise invalid("stop", "stop must be a string or a list of non-empty strings.")
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    values = {
        "temperature": _number(body, "temperature", float, base.temperature),
        "top_p": _number(body, "top_p", float, base.top_p),
        "top_k": _number(body, "top_k", int, base.top_k),
        "min_p": _number(body, "min_p", float, base.min_p),
        "repeat_penalty": _number(body, "repeat_penalty", float, base.repeat_penalty),
        "repeat_last_n": base.repeat_last_n,
        "presence_penalty": _number(body, "presence_penalty", float, base.presence_penalty),
        "frequency_penalty": _number(body, "frequency_penalty", float, base.frequency_penalty),
        "seed": _number(body, "seed", int, None),
        "max_tokens": default_max if max_tokens is None else _number(body, "max_tokens", int, 0),
        "stop": tuple(stop or ()),
        "beams": _number(body, "num_beams", int, 1),
        "length_penalty": _number(body, "length_penalty", float, 1.0),
        "early_stopping": _flag(body, "early_stopping", True),
    }
    if values["max_tokens"] < 1:
        raise invalid("max_tokens", "max_tokens must be at least 1.")
    values["max_tokens"] = min(values["max_tokens"], max(1, n_ctx))
    if values["seed"] is not None:
        values["seed"] = values["seed"] % (2**32 - 1)  # any integer, as OpenAI takes it
    try:
        return SamplingParams(**values)
    except SettingsError as error:
        raise ApiError(400, str(error), code="invalid_value") from None


def _reasoning(body: dict) -> ReasoningOptions:
    effort = body.get("reasoning_effort")
    kwargs = body.get("chat_template_kwargs")
    thinking = kwargs.get("enable_thinking") if isinstance(kwargs, dict) else None
    if thinking is not None and not isinstance(thinking, bool):
        raise invalid(
            "chat_template_kwargs.enable_thinking", "enable_thinking must be true or false."
        )
    try:
        return ReasoningOptions(thinking=thinking, effort=effort)
    except SettingsError as error:
        raise invalid("reasoning_effort", str(error)) from None


def _stream(body: dict) -> tuple[bool, bool]:
    stream = body.get("stream", False)
    options = body.get("stream_options") or {}
    if not isinstance(stream, bool) or not isinstance(options, dict):
        raise invalid("stream", "stream must be true or false.")
    return stream, bool(options.get("include_usage"))


# ---------------------------------------------------------------------- writing answers
def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:24]}"


def usage(stats: GenerationStats) -> dict:
    return {
        "prompt_tokens": stats.prompt_tokens,
        "completion_tokens": stats.generated_tokens,
        "total_tokens": stats.prompt_tokens + stats.generated_tokens,
        "prompt_tokens_details": {"cached_tokens": stats.cached_tokens},
        "completion_tokens_details": {"reasoning_tokens": stats.thinking_tokens},
    }


def finish_reason(stats: GenerationStats, calls: Sequence[ToolCall]) -> str:
    if calls:
        return "tool_calls"
    return FINISH_REASONS.get(stats.finish_reason, "stop")


def tool_calls_json(calls: Sequence[ToolCall], streaming: bool = False) -> list[dict]:
    return [
        {
            **({"index": index} if streaming else {}),
            "id": call.id,
            "type": "function",
            "function": {"name": call.name, "arguments": call.arguments},
        }
        for index, call in enumerate(calls)
    ]


@dataclass
class Answer:
    """What one request is answered with, shared by the streamed and the whole forms."""

    kind: str  # "chat.completion" or "text_completion"
    model: str
    id: str = field(default_factory=lambda: new_id("chatcmpl"))
    created: int = field(default_factory=lambda: int(time.time()))

    def chunk(self, delta: dict | None = None, finish: str | None = None, **extra) -> dict:
        if self.kind == "text_completion":
            choice = {"index": 0, "text": (delta or {}).get("content", ""), "logprobs": None}
        else:
            choice = {"index": 0, "delta": delta or {}, "logprobs": None}
        choice["finish_reason"] = finish
        return {
            "id": self.id,
            "object": self.kind + (".chunk" if self.kind == "chat.completion" else ""),
            "created": self.created,
            "model": self.model,
            "system_fingerprint": "llamadesk",
            "choices": [choice],
            **extra,
        }

    def usage_chunk(self, stats: GenerationStats) -> dict:
        chunk = self.chunk()
        chunk["choices"] = []
        chunk["usage"] = usage(stats)
        return chunk

    def whole(self, text: str, thinking: str, calls: list[ToolCall], stats) -> dict:
        finish = finish_reason(stats, calls)
        if self.kind == "text_completion":
            choice = {"index": 0, "text": text, "logprobs": None, "finish_reason": finish}
        else:
            message: dict = {"role": "assistant", "content": text or None}
            if thinking:
                message["reasoning_content"] = thinking
            if calls:
                message["tool_calls"] = tool_calls_json(calls)
            choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
        return {
            "id": self.id,
            "object": self.kind,
            "created": self.created,
            "model": self.model,
            "system_fingerprint": "llamadesk",
            "choices": [choice],
            "usage": usage(stats),
        }
