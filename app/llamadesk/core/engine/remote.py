"""The remote engine: a model served by llama-server, vLLM, Ollama, LM Studio or any other
OpenAI-compatible server, on this computer or another, behind the same seam as the local one.

The server applies the model's chat template: LlamaDesk sends it the messages (an earlier
answer's reasoning is left out) and reads the answer as it streams (Server-Sent Events,
parsed by the ``openai`` client). The requests run on an asyncio loop in a thread of this
engine, so Stop cancels the request at once, closing the stream, even while the server is
still reading the prompt; commands run one after another, as in the local engine.

What reaches the request (:func:`request_fields`): the sampling settings the server takes
(top-k, min-p, the repeat penalty and a grammar go in the request body beside the standard
fields); thinking on/off as ``chat_template_kwargs.enable_thinking``; the reasoning effort
as ``reasoning_effort``; a thinking budget where llama-server takes one. What the server is
known to ignore is not sent, and the answer's statistics say so. The answer's reasoning
comes from the ``reasoning_content`` or ``reasoning`` fields, or from ``<think>`` tags at
its start; the statistics come from the server's ``usage`` (asked for with
``stream_options``), else from counting. A connection that fails before the first token is
tried again with a growing delay; once text has arrived it is never sent again: a dropped
stream keeps what arrived and says what happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from llamadesk.core.engine.context_window import CHARS_PER_TOKEN, estimate_tokens
from llamadesk.core.engine.generation import GenerationStats, PromptPreview, RemoteModel
from llamadesk.core.engine.host import FRAME_SECONDS
from llamadesk.core.engine.protocol import (
    Complete,
    EngineStopped,
    Event,
    Generate,
    GenerationFailed,
    GenerationFinished,
    LoadModel,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    ModelUnloaded,
    PromptPreviewed,
    TextReceived,
    TokensCounted,
    Unload,
)
from llamadesk.core.engine.reasoning import (
    DEFAULT_REASONING,
    THINK_TAGS,
    ReasoningOptions,
    ReasoningParser,
)
from llamadesk.core.engine.remote_server import (
    LLAMA_SERVER,
    OLLAMA,
    UNKNOWN,
    VLLM,
    RemoteError,
    RemoteServer,
    ServerInfo,
    ServerKind,
    discover,
    listing,
    ollama_contexts,
    open_client,
    remote_error,
)
from llamadesk.core.engine.sampling import SamplingParams
from llamadesk.core.engine.seam import Engine, ModelEntry
from llamadesk.core.machine import LoadOptions
from llamadesk.core.texts import Text

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)

CLOSE_SECONDS = 5.0

# The options sent in the request body beside the standard fields, their names for people,
# and the value at which an option does nothing (no need to say it was not applied).
EXTRA_OPTIONS = {
    "top_k": (Text("top-k"), 0),
    "min_p": (Text("min-p"), 0.0),
    "repeat_penalty": (Text("repeat penalty"), 1.0),
    "repeat_last_n": (Text("repeat window"), 64),
    "grammar": (Text("grammar"), ""),
}
REASONING_NAMES = {
    "thinking": Text("thinking on/off"),
    "effort": Text("reasoning effort"),
    "budget": Text("thinking budget"),
}


@dataclass(frozen=True)
class RetryPolicy:
    """How often a request that could not reach the server is tried again before its first
    token, and how long to wait before each try (doubling)."""

    attempts: int = 3
    first_delay: float = 0.5

    def delay(self, attempt: int) -> float:
        return self.first_delay * 2**attempt


@dataclass
class RequestFields:
    """What a request carries besides the messages: ``standard`` keyword arguments of the
    client, ``extra`` fields for the body, and sentences about what was left out."""

    standard: dict[str, Any]
    extra: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def request_fields(
    kind: ServerKind,
    sampling: SamplingParams,
    reasoning: ReasoningOptions,
    continue_final: bool = False,
) -> RequestFields:
    """The request's fields for a server of ``kind`` (``sampling`` with a concrete seed)."""
    standard: dict[str, Any] = {
        "temperature": sampling.temperature,
        "top_p": sampling.top_p,
        "max_tokens": sampling.max_tokens,
        "seed": sampling.seed,
        "presence_penalty": sampling.presence_penalty,
        "frequency_penalty": sampling.frequency_penalty,
    }
    if sampling.stop:
        standard["stop"] = list(sampling.stop)
    extra: dict[str, Any] = {}
    ignored: list[str] = []
    for option, (name, neutral) in EXTRA_OPTIONS.items():
        value = getattr(sampling, option)
        if option not in kind.ignores and not (option == "grammar" and not value):
            extra[kind.field_name(option)] = value
        elif value != neutral:
            ignored.append(name)
    if sampling.beams > 1:  # no such server streams beam search; the answer is sampled
        ignored.append(Text("beam search"))
    if reasoning.thinking is not None:
        if "thinking" in kind.ignores:
            ignored.append(REASONING_NAMES["thinking"])
        else:
            extra["chat_template_kwargs"] = {"enable_thinking": reasoning.thinking}
    if reasoning.effort is not None:
        if "effort" in kind.ignores:
            ignored.append(REASONING_NAMES["effort"])
        else:
            standard["reasoning_effort"] = reasoning.effort
    if reasoning.budget:
        if kind is LLAMA_SERVER:
            extra["thinking_budget_tokens"] = reasoning.budget
        else:
            ignored.append(REASONING_NAMES["budget"])
    warnings: list[str] = []
    if ignored:
        warnings.append(
            Text(
                "{server} does not apply these settings, so they were not used: {names}.",
                server=kind.name,
                names=listing(ignored),
            )
        )
    if continue_final and kind is VLLM:
        extra.update(continue_final_message=True, add_generation_prompt=False)
    elif continue_final and "continue" in kind.ignores:
        warnings.append(
            Text(
                "{server} may not carry on an unfinished answer: what it wrote may start anew.",
                server=kind.name,
            )
        )
    return RequestFields(standard, extra, warnings)


class RemoteEngine(Engine):
    """A server's models, through its OpenAI-compatible API. ``retry`` says how a request
    that cannot reach the server is tried again before its first token."""

    def __init__(self, server: RemoteServer, *, retry: RetryPolicy | None = None) -> None:
        self.server = server
        self.retry = retry or RetryPolicy()
        self.model: RemoteModel | None = None  # the model chosen with load()
        self._info: ServerInfo | None = None
        self._events: queue.SimpleQueue[Event | None] = queue.SimpleQueue()
        self._next_request = 0
        self._next_load = 0
        self._stopped = 0  # requests up to this id are stopped
        self._cancelled_load = 0
        self._ended = False
        self._closed = False
        self._loop = asyncio.new_event_loop()
        self._inbox: asyncio.Queue = asyncio.Queue()
        self._client: openai.AsyncOpenAI | None = None
        self._current: tuple[type, int, asyncio.Task] | None = None  # what runs now
        self._thread = threading.Thread(target=self._run_loop, name="llamadesk-remote", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ the seam
    def list_models(self) -> list[ModelEntry]:
        """The server's models (asks it: call off the GUI thread). RemoteError if it cannot
        be reached."""
        info = asyncio.run_coroutine_threadsafe(self._discover(), self._loop).result()
        return [ModelEntry(model.id, model.id) for model in info.models]

    def load(self, model: str, options: LoadOptions) -> int:
        """Choose ``model`` on the server (``options`` are the server's own business)."""
        self._next_load += 1
        self._send(LoadModel(self._next_load, model, options))
        return self._next_load

    def cancel_load(self) -> None:
        self._cancelled_load = self._next_load
        self._call(self._cancel_current)

    def unload(self) -> None:
        self._send(Unload())

    def generate(
        self,
        messages: Sequence[dict[str, str]],
        sampling: SamplingParams,
        *,
        continue_final: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
        drop_old: bool = True,
        tools: Sequence[dict] = (),
    ) -> int:
        """``drop_old`` is the server's business: it refuses or cuts what does not fit."""
        self._next_request += 1
        request = Generate(
            self._next_request,
            tuple(messages),
            sampling,
            continue_final,
            reasoning,
            drop_old,
            tuple(tools),
        )
        self._send(request)
        return self._next_request

    def complete(self, prompt: str, sampling: SamplingParams) -> int:
        self._next_request += 1
        self._send(Complete(self._next_request, prompt, sampling))
        return self._next_request

    def preview_prompt(
        self,
        messages: Sequence[dict[str, str]],
        sampling: SamplingParams,
        *,
        continue_final: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
        raw: bool = False,
    ) -> int:
        """A raw text is the prompt as it is (its size estimated, and said to be); for a
        chat the server writes the prompt itself, and the answer says so."""
        self._next_request += 1
        server = self.server.display_name
        if raw and self.model is not None:
            text = messages[0]["content"]
            estimate = Text(
                "{server} continues this text as it is. The token count is an estimate: "
                "the server's tokenizer is not at hand.",
                server=server,
            )
            preview = PromptPreview(text, estimate_tokens(text), 0, self.model.n_ctx or 0, estimate)
            self._events.put(PromptPreviewed(self._next_request, preview))
            return self._next_request
        self._events.put(
            PromptPreviewed(
                self._next_request,
                None,
                Text(
                    "{server} writes the prompt itself with the model's chat template: "
                    "LlamaDesk sends it the messages, so it cannot show the prompt.",
                    server=server,
                ),
            )
        )
        return self._next_request

    def count_tokens(self, texts: Sequence[str]) -> int:
        """The server's tokenizer is not at hand: estimated, and said to be."""
        self._next_request += 1
        counts = tuple(estimate_tokens(text) for text in texts)
        self._events.put(TokensCounted(self._next_request, counts, exact=False))
        return self._next_request

    def stop_generation(self) -> None:
        self._stopped = self._next_request
        self._call(self._cancel_current)

    def next_event(self, timeout: float | None = None) -> Event | None:
        if self._ended:
            return None
        try:
            event = self._events.get(timeout=timeout)
        except queue.Empty:
            return None
        if event is None:
            self._ended = True
        return event

    def close(self) -> None:
        """Stop what runs and close the connections."""
        if self._closed:
            return
        self._closed = True
        self._stopped, self._cancelled_load = self._next_request, self._next_load
        self._call(self._shut_down)
        self._thread.join(CLOSE_SECONDS)
        if self._thread.is_alive():
            log.warning("the remote engine's thread did not end within %.0f s", CLOSE_SECONDS)
        self._events.put(None)

    # ------------------------------------------------------------------ the loop's side
    def _send(self, command) -> None:
        if self._closed:
            log.warning("the remote engine is closed; %s not sent", type(command).__name__)
            return
        self._call(self._inbox.put_nowait, command)

    def _call(self, function, *args) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has ended: nothing is left to do
            self._loop.call_soon_threadsafe(function, *args)

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        except Exception as error:  # a bug here must not leave the caller waiting forever
            log.exception("the remote engine stopped")
            self._events.put(
                EngineStopped(
                    None,
                    Text(
                        "The connection to {server} stopped unexpectedly ({error}). Choose the "
                        "model again.",
                        server=self.server.display_name,
                        error=str(error),
                    ),
                )
            )
            self._events.put(None)
        finally:
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()

    async def _serve(self) -> None:
        self._client = open_client(self.server)
        try:
            while True:
                command = await self._inbox.get()
                if command is None:
                    return
                task = asyncio.ensure_future(self._run(command))
                key = command.request_id if isinstance(command, Generate | Complete) else 0
                if isinstance(command, LoadModel):
                    key = command.load_id
                self._current = (type(command), key, task)
                try:
                    await task
                finally:
                    self._current = None
        finally:
            await self._client.close()

    def _shut_down(self) -> None:
        self._cancel_current()
        self._inbox.put_nowait(None)

    def _cancel_current(self) -> None:
        if self._current is None:
            return
        kind, key, task = self._current
        if (kind in (Generate, Complete) and key <= self._stopped) or (
            kind is LoadModel and key <= self._cancelled_load
        ):
            task.cancel()

    async def _run(self, command) -> None:
        match command:
            case LoadModel():
                await self._load(command)
            case Generate() | Complete():
                await self._generate(command)
            case Unload():
                self.model = None
                self._events.put(ModelUnloaded())

    async def _discover(self) -> ServerInfo:
        client = self._client or open_client(self.server)
        try:
            return await discover(client, self.server)
        finally:
            if client is not self._client:
                await client.close()

    # ------------------------------------------------------------------ load
    async def _load(self, command: LoadModel) -> None:
        load_id, model_id = command.load_id, command.model
        if load_id <= self._cancelled_load:
            self._events.put(ModelLoadCancelled(load_id))
            return
        started = time.perf_counter()
        try:
            info = await discover(self._client, self.server)
            served = info.model(model_id)
            if served is None:
                raise RemoteError(
                    Text(
                        '{server} does not serve a model "{model}". It serves: {models}.',
                        server=self.server.display_name,
                        model=model_id,
                        models=", ".join(m.id for m in info.models) or "—",
                    ),
                    reason="no_model",
                )
            n_ctx = served.n_ctx
            if n_ctx is None and info.kind is OLLAMA:
                n_ctx = (await ollama_contexts(self._client, self.server, [model_id])).get(model_id)
        except asyncio.CancelledError:
            self._events.put(ModelLoadCancelled(load_id))
            return
        except Exception as error:
            failure = remote_error(error, self.server, model_id)
            self._events.put(ModelLoadFailed(load_id, failure.text, self.model))
            return
        self._info = info
        self.model = RemoteModel(
            model_id=model_id,
            connection=self.server.display_name,
            base_url=self.server.base_url,
            server=info.label,
            n_ctx=n_ctx,
            load_seconds=time.perf_counter() - started,
            thinking=info.thinking(),
        )
        self._events.put(ModelLoaded(load_id, self.model))

    # ------------------------------------------------------------------ generate
    async def _generate(self, request: Generate | Complete) -> None:
        answer = _Answer(self, request)
        if request.request_id <= self._stopped:
            answer.stats.finish_reason = "cancelled"
            answer.finish()
            return
        if self.model is None or self._info is None:
            message = Text(
                "No model is chosen on {server}: choose one first.",
                server=self.server.display_name,
            )
            self._events.put(GenerationFailed(request.request_id, message))
            return
        try:
            await self._stream(request, answer)
        except asyncio.CancelledError:
            answer.stats.finish_reason = "cancelled"
        except RemoteError as error:
            if not answer.started:
                self._events.put(GenerationFailed(request.request_id, error.text))
                return
            answer.stats.finish_reason = "error"
            answer.stats.error = Text(
                "The answer broke off after {tokens} tokens: {reason} The part that arrived "
                "is kept.",
                tokens=answer.counted,
                reason=error.text,
            )
        answer.finish()

    async def _stream(self, request: Generate | Complete, answer: _Answer) -> None:
        kind = self._info.kind
        chat = isinstance(request, Generate)
        fields = request_fields(
            kind,
            request.sampling.with_seed(),
            request.reasoning if chat else DEFAULT_REASONING,
            chat and request.continue_final,
        )
        answer.stats.seed = fields.standard["seed"]
        answer.stats.warnings.extend(fields.warnings)
        if chat:
            messages = [{"role": m["role"], "content": m["content"]} for m in request.messages]
            if request.tools:
                fields.standard["tools"] = list(request.tools)
        else:
            messages = [{"role": "user", "content": request.prompt}]
        answer.estimate_prompt(messages)
        attempt = 0
        while True:
            try:
                if chat:
                    create = self._client.chat.completions.create
                    asked = {"messages": messages}
                else:  # a text carried on as it is: the completions endpoint
                    create = self._client.completions.create
                    asked = {"prompt": request.prompt}
                stream = await create(
                    model=self.model.model_id,
                    stream=True,
                    stream_options={"include_usage": True},
                    extra_body=fields.extra,
                    **asked,
                    **fields.standard,
                )
                try:
                    async for chunk in stream:
                        answer.take(chunk)
                finally:
                    await stream.close()
                return
            except asyncio.CancelledError:
                raise
            except Exception as error:
                failure = remote_error(error, self.server, self.model.model_id)
            if answer.started:
                raise failure
            if kind is UNKNOWN and fields.extra and failure.reason == "refused_request":
                answer.stats.warnings.append(
                    Text(
                        "{server} refused the settings LlamaDesk sends beside the standard "
                        "ones ({names}), so the answer was asked for without them.",
                        server=self.server.display_name,
                        names=", ".join(fields.extra),
                    )
                )
                fields.extra = {}
                continue
            if not failure.retryable or failure.reason == "timeout":
                raise failure
            if attempt >= self.retry.attempts:
                raise failure
            log.info("%s; trying again (%d)", failure, attempt + 1)
            await asyncio.sleep(self.retry.delay(attempt))
            attempt += 1


class _Answer:
    """One answer as it streams: its text and reasoning sent in coalesced pieces, and its
    figures."""

    def __init__(self, engine: RemoteEngine, request: Generate | Complete) -> None:
        self._engine, self._id = engine, request.request_id
        self.stats = GenerationStats()
        self._started_at = time.perf_counter()
        self._first_at: float | None = None
        self._last_at: float | None = None
        self._thought_from: float | None = None
        self._parser = ReasoningParser(THINK_TAGS)
        self._answer: list[str] = []
        self._thinking: list[str] = []
        self._sent_at = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self.counted = 0  # pieces that carried text: a token each, near enough
        self._counted_thinking = 0
        self._prompt_estimate = 0
        self._usage: Any = None
        self._timings: dict = {}
        self._finish_reason: str | None = None

    @property
    def started(self) -> bool:
        return self._first_at is not None

    def estimate_prompt(self, messages: list[dict[str, str]]) -> None:
        chars = sum(len(m["content"]) for m in messages)
        self._prompt_estimate = chars // CHARS_PER_TOKEN + 4 * len(messages)

    def take(self, chunk: Any) -> None:
        usage = getattr(chunk, "usage", None)
        if usage is not None:
            self._usage = usage
        timings = (getattr(chunk, "model_extra", None) or {}).get("timings")
        if isinstance(timings, dict):  # llama-server's own measures: truer than the network's
            self._timings = timings
        for choice in getattr(chunk, "choices", None) or []:
            if getattr(choice, "index", 0) != 0:
                continue
            if choice.finish_reason:
                self._finish_reason = choice.finish_reason
            delta = getattr(choice, "delta", None)
            if delta is None:  # the completions endpoint: text, no reasoning
                thought, content = "", _field(choice, "text")
            else:
                thought = _field(delta, "reasoning_content") or _field(delta, "reasoning")
                content = _field(delta, "content")
            if thought or content:
                self._arrived()
            if thought:
                self._counted_thinking += 1
                self._add(thought, thinking=True)
            for part in self._parser.push(content):
                if part.thinking and not thought:
                    self._counted_thinking += 1
                self._add(part.text, part.thinking)

    def _arrived(self) -> None:
        now = time.perf_counter()
        if self._first_at is None:
            self._first_at = now
            self.stats.time_to_first_token = now - self._started_at
            self.stats.prompt_seconds = self.stats.time_to_first_token
        self._last_at = now
        self.counted += 1

    def _add(self, text: str, thinking: bool) -> None:
        now = time.perf_counter()
        if thinking:
            if self._answer:  # reasoning again after answer text: keep the order
                self._send()
            if self._thought_from is None:
                self._thought_from = now
            self._thinking.append(text)
        else:
            if self._thought_from is not None and not self.stats.thinking_seconds:
                self.stats.thinking_seconds = now - self._thought_from
            self._answer.append(text)
        if now - self._sent_at >= FRAME_SECONDS:
            self._send()
        elif self._timer is None:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(FRAME_SECONDS - (now - self._sent_at), self._send)

    def _context_used(self) -> int:
        usage = self._usage
        if usage is not None and getattr(usage, "total_tokens", None):
            return int(usage.total_tokens)
        return self._prompt_estimate + self.counted

    def _send(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._answer and not self._thinking:
            return
        self._engine._events.put(
            TextReceived(
                self._id, "".join(self._answer), self._context_used(), "".join(self._thinking)
            )
        )
        self._answer.clear()
        self._thinking.clear()
        self._sent_at = time.perf_counter()

    def finish(self) -> None:
        """The end: what was held back, then the figures."""
        for part in self._parser.flush():
            self._add(part.text, part.thinking)
        self._send()
        stats = self.stats
        if self._thought_from is not None and not stats.thinking_seconds:
            stats.thinking_seconds = (self._last_at or self._thought_from) - self._thought_from
        stats.generated_tokens = self.counted
        stats.thinking_tokens = self._counted_thinking
        usage = self._usage
        if usage is not None:
            stats.prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
            stats.generated_tokens = int(getattr(usage, "completion_tokens", 0) or self.counted)
            cached = getattr(getattr(usage, "prompt_tokens_details", None), "cached_tokens", 0)
            stats.cached_tokens = int(cached or 0)
            details = getattr(usage, "completion_tokens_details", None)
            reasoning_tokens = getattr(details, "reasoning_tokens", None)
            if reasoning_tokens:
                stats.thinking_tokens = int(reasoning_tokens)
        if self._first_at is not None and self._last_at is not None:
            stats.generation_seconds = self._last_at - self._first_at
        predicted_ms, prompt_ms = self._timings.get("predicted_ms"), self._timings.get("prompt_ms")
        if _positive(predicted_ms) and _positive(prompt_ms):
            stats.generation_seconds, stats.prompt_seconds = predicted_ms / 1000, prompt_ms / 1000
        stats.context_used = self._context_used()
        if stats.finish_reason == "stop" and self._finish_reason == "length":
            stats.finish_reason = "length"
        self._engine._events.put(GenerationFinished(self._id, stats))


def _field(delta: Any, name: str) -> str:
    """A text field of a streamed delta, declared by the client or not."""
    value = getattr(delta, name, None)
    if value is None:
        value = (getattr(delta, "model_extra", None) or {}).get(name)
    return value if isinstance(value, str) else ""


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0
