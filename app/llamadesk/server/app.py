"""The local OpenAI-compatible server: a Starlette application on the shared engine.

Endpoints: ``GET /v1/models``, ``POST /v1/chat/completions``, ``POST /v1/completions``
(streamed with Server-Sent Events or not), ``GET /health``. Requests go to the
:class:`~llamadesk.core.engine.SharedEngine` the window uses too, one generation at a
time in the order they came; beyond ``max_waiting`` queued requests the answer is 429
with ``Retry-After``. A client that goes away stops its generation at once. A prompt that
does not fit the context window is refused (400, ``context_length_exceeded``), never cut.
Every error is OpenAI-shaped JSON; nothing a client sends can show a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from sse_starlette import EventSourceResponse
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from llamadesk.core.engine import (
    NO_TOOL_CALLS,
    GenerationFailed,
    GenerationFinished,
    GenerationStats,
    LoadedModel,
    SharedEngine,
    TextReceived,
    ToolCallFormat,
    tool_call_format,
)
from llamadesk.server.config import LOOPBACK_HOSTS, ServerConfig
from llamadesk.server.openai_api import (
    Answer,
    ApiError,
    finish_reason,
    read_chat,
    read_completion,
    tool_calls_json,
)

log = logging.getLogger(__name__)

OWNER = "server"
RETRY_AFTER_SECONDS = 2
DISCARD_BOUND = 64 * 2**20  # bytes of a too-large body read and dropped before the 413
WATCH_SECONDS = 0.25  # how often a client that waits without streaming is checked for


@dataclass(frozen=True)
class RequestRecord:
    """One request, for the window's request log and the terminal."""

    at: float  # time.time() when it came
    client: str
    endpoint: str  # "POST /v1/chat/completions"
    status: int
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_per_second: float = 0.0
    seconds: float = 0.0


class ClientGone(Exception):
    pass


def create_app(
    engine: SharedEngine,
    config: ServerConfig,
    on_request: Callable[[RequestRecord], None] | None = None,
) -> Starlette:
    """The server's ASGI application, answering from ``engine``'s loaded model."""
    config.check()
    api = _Api(engine, config)
    middleware = [Middleware(_RequestLog, on_request=on_request), Middleware(_Guard, config=config)]
    if config.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
            )
        )
    return Starlette(
        routes=[
            Route("/health", api.health),
            Route("/v1/models", api.models),
            Route("/v1/chat/completions", api.chat, methods=["POST"]),
            Route("/v1/completions", api.completions, methods=["POST"]),
        ],
        middleware=middleware,
        exception_handlers={
            ClientGone: _client_gone,
            ApiError: _api_error,
            HTTPException: _http_error,
            Exception: _unexpected,
        },
    )


# ---------------------------------------------------------------------- errors
def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


async def _api_error(_request: Request, error: Exception) -> Response:
    return error_response(error)


async def _client_gone(_request: Request, _error: Exception) -> Response:
    return Response(status_code=499)  # nobody reads it: for the request log


async def _http_error(_request: Request, error: Exception) -> Response:
    messages = {404: "There is no such endpoint.", 405: "This method is not allowed here."}
    message = messages.get(error.status_code, str(error.detail))
    return error_response(ApiError(error.status_code, message, code="not_found"))


async def _unexpected(_request: Request, error: Exception) -> Response:
    log.error("the server failed on a request", exc_info=error)
    return error_response(
        ApiError(500, "The server failed on this request; its log says why.", kind="server_error")
    )


# ---------------------------------------------------------------------- middleware
class _Guard:
    """Host check (on 127.0.0.1: only requests to this computer's names) and the API key,
    before any handler runs; errors in OpenAI's shape."""

    def __init__(self, app, config: ServerConfig) -> None:
        self.app, self.config = app, config

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            refusal = self._refusal(Request(scope))
            if refusal is not None:
                await error_response(refusal)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _refusal(self, request: Request) -> ApiError | None:
        if self.config.loopback:
            host = (request.url.hostname or "").strip("[]").lower()
            if host not in LOOPBACK_HOSTS:
                return ApiError(
                    403,
                    "This server answers requests to this computer only (localhost).",
                    kind="permission_error",
                    code="host_not_allowed",
                )
        if self.config.api_key and request.url.path != "/health":
            given = request.headers.get("authorization", "")
            token = given[7:] if given.lower().startswith("bearer ") else ""
            if not hmac.compare_digest(token.encode(), self.config.api_key.encode()):
                return ApiError(
                    401,
                    "Incorrect or missing API key: send it as 'Authorization: Bearer KEY'.",
                    kind="invalid_request_error",
                    code="invalid_api_key",
                )
        return None


class _RequestLog:
    """Tells ``on_request`` of every request once its answer has been sent."""

    def __init__(self, app, on_request: Callable[[RequestRecord], None] | None) -> None:
        self.app, self.on_request = app, on_request

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or self.on_request is None:
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 0

        async def sending(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            stats: GenerationStats | None = scope.get("state", {}).get("stats")
            client = scope.get("client") or ("", 0)
            record = RequestRecord(
                at=time.time(),
                client=f"{client[0]}:{client[1]}",
                endpoint=f"{scope['method']} {scope['path']}",
                status=status or 499,  # no answer began: the client went away
                prompt_tokens=stats.prompt_tokens if stats else 0,
                completion_tokens=stats.generated_tokens if stats else 0,
                tokens_per_second=stats.tokens_per_second if stats else 0.0,
                seconds=time.perf_counter() - started,
            )
            try:
                self.on_request(record)
            except Exception:
                log.exception("the request log failed")


# ---------------------------------------------------------------------- endpoints
class _Api:
    def __init__(self, engine: SharedEngine, config: ServerConfig) -> None:
        self.engine, self.config = engine, config

    async def health(self, _request: Request) -> Response:
        if self.engine.loaded is None:
            return JSONResponse({"status": "no model loaded"}, status_code=503)
        return JSONResponse({"status": "ok"})

    async def models(self, _request: Request) -> Response:
        loaded = self.engine.loaded
        data = []
        if loaded is not None:
            data.append(
                {
                    "id": model_id(loaded),
                    "object": "model",
                    "created": int(loaded.path.stat().st_mtime) if loaded.path.exists() else 0,
                    "owned_by": "llamadesk",
                    "meta": {
                        "name": loaded.info.name,
                        "n_ctx": loaded.n_ctx,
                        "n_ctx_train": loaded.info.context_length,
                        "quantization": loaded.info.quantization,
                    },
                }
            )
        return JSONResponse({"object": "list", "data": data})

    async def chat(self, request: Request) -> Response:
        loaded = self._loaded()
        body = await read_json(request, self.config.max_body_bytes)
        tools = tool_call_format(loaded.info.chat_template)
        asked = read_chat(body, loaded.n_ctx, tools, self.config.sampling())
        events = self._generate(
            request,
            dict(
                messages=asked.messages,
                tools=asked.tools,
                reasoning=asked.reasoning,
                drop_old=False,
            ),
            asked.sampling,
        )
        answer = Answer("chat.completion", model_id(loaded))
        fmt = tools if asked.parse_tools else NO_TOOL_CALLS
        if asked.stream:
            return await self._stream(request, events, answer, fmt, asked.include_usage)
        return await self._whole(request, events, answer, fmt)

    async def completions(self, request: Request) -> Response:
        loaded = self._loaded()
        body = await read_json(request, self.config.max_body_bytes)
        asked = read_completion(body, loaded.n_ctx, self.config.sampling())
        events = self._generate(
            request, dict(messages=[{"content": asked.prompt}], raw=True), asked.sampling
        )
        answer = Answer("text_completion", model_id(loaded))
        answer.id = answer.id.replace("chatcmpl", "cmpl")
        if asked.stream:
            return await self._stream(request, events, answer, NO_TOOL_CALLS, asked.include_usage)
        return await self._whole(request, events, answer, NO_TOOL_CALLS)

    # ------------------------------------------------------------------ helpers
    def _loaded(self) -> LoadedModel:
        loaded = self.engine.loaded
        if loaded is None:
            raise ApiError(
                503,
                "No model is loaded: load one in LlamaDesk (or start llamadesk serve --model).",
                kind="server_error",
                code="model_not_loaded",
            )
        return loaded

    def _generate(self, request: Request, what: dict, sampling) -> _Events:
        return _Events(self.engine, request, what, sampling, self.config.max_waiting)

    async def _whole(
        self, request: Request, events: _Events, answer: Answer, fmt: ToolCallFormat
    ) -> Response:
        text, thinking = [], []
        async for event in events:
            if isinstance(event, TextReceived):
                text.append(event.text)
                thinking.append(event.thinking)
        stats = events.stats
        request.state.stats = stats
        content, calls = fmt.split("".join(text))
        return JSONResponse(answer.whole(content, "".join(thinking), calls, stats))

    async def _stream(
        self,
        request: Request,
        events: _Events,
        answer: Answer,
        fmt: ToolCallFormat,
        include_usage: bool,
    ) -> Response:
        first = await events.first()  # a prompt too long is refused before the stream
        chat = answer.kind == "chat.completion"

        async def chunks() -> AsyncIterator[dict]:
            held = _CallWatch(fmt)
            if chat:
                yield _data(answer.chunk({"role": "assistant", "content": ""}))
            async for event in events.rest(first):
                if not isinstance(event, TextReceived):
                    continue
                if event.thinking:
                    yield _data(answer.chunk({"reasoning_content": event.thinking}))
                shown = held.push(event.text)
                if shown:
                    yield _data(answer.chunk({"content": shown}))
            stats = events.stats
            request.state.stats = stats
            content, calls = held.finish()
            if content:
                yield _data(answer.chunk({"content": content}))
            if calls:
                yield _data(answer.chunk({"tool_calls": tool_calls_json(calls, streaming=True)}))
            yield _data(answer.chunk(finish=finish_reason(stats, calls)))
            if include_usage:
                yield _data(answer.usage_chunk(stats))
            yield {"data": "[DONE]"}

        return EventSourceResponse(chunks(), ping=15, sep="\n")


def _data(chunk: dict) -> dict:
    return {"data": json.dumps(chunk, ensure_ascii=False)}


def model_id(loaded: LoadedModel) -> str:
    """The name clients use for the loaded model: its file's name without .gguf."""
    return loaded.path.stem


async def read_json(request: Request, limit: int) -> object:
    """The request's JSON body, at most ``limit`` bytes (413 beyond, 400 if not JSON)."""
    too_large = ApiError(
        413,
        f"The request body is larger than this server takes ({limit // 2**20} MiB).",
        code="request_too_large",
    )
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        await _discard_the_rest(request)
        raise too_large
    body = bytearray()
    async for piece in request.stream():
        body += piece
        if len(body) > limit:
            await _discard_the_rest(request)
            raise too_large
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as error:
        message = f"The request body is not valid JSON: {error}."
        raise ApiError(400, message, code="invalid_json") from None


async def _discard_the_rest(request: Request) -> None:
    """Read what a refused body still sends, without keeping it, up to a bound: a server
    that answers while the client is still sending closes a connection with unread bytes,
    the client's system resets it, and the client sees "connection reset" instead of the
    413 that says why. Beyond the bound the connection closes all the same."""
    left = DISCARD_BOUND
    async for piece in request.stream():
        left -= len(piece)
        if left <= 0:
            return


class _Events:
    """One generation's events, from the shared engine's thread to this request's loop.

    Until its first event it watches whether the client went away (while the prompt is
    processed); then, streaming, the event stream's own disconnect handling takes over.
    Leaving early (the client gone, an error) stops the generation in the engine."""

    def __init__(self, engine: SharedEngine, request: Request, what: dict, sampling, waiting):
        self.engine, self.request = engine, request
        self.stats = GenerationStats()
        self._queue: asyncio.Queue = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def listener(event) -> None:
            # RuntimeError: the server has stopped and nobody listens any more
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._queue.put_nowait, event)

        self.ticket = engine.generate(
            sampling=sampling, listener=listener, owner=OWNER, max_waiting=waiting, **what
        )
        if self.ticket is None:
            raise ApiError(
                429,
                "The model is busy with other requests; try again in a moment.",
                kind="rate_limit_error",
                code="too_many_requests",
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        self._ended = False

    async def first(self) -> object:
        """The first event; a generation that fails at once is an ApiError."""
        event = await self._next(watch=True)
        self._check(event)
        return event

    async def rest(self, first: object) -> AsyncIterator[object]:
        try:
            yield first
            while not self._ended:
                event = await self._next(watch=False)
                self._check(event)
                yield event
        finally:
            self.close()

    def __aiter__(self) -> AsyncIterator[object]:
        return self._all()

    async def _all(self) -> AsyncIterator[object]:
        try:
            while not self._ended:
                event = await self._next(watch=True)
                self._check(event)
                yield event
        finally:
            self.close()

    def close(self) -> None:
        if not self._ended:
            self._ended = True
            self.engine.cancel(self.ticket)

    async def _next(self, watch: bool) -> object:
        while True:
            try:
                return await asyncio.wait_for(self._queue.get(), WATCH_SECONDS if watch else None)
            except TimeoutError:
                if await self.request.is_disconnected():
                    self.close()
                    raise ClientGone from None

    def _check(self, event: object) -> None:
        if isinstance(event, GenerationFinished):
            self._ended = True
            self.stats = event.stats
            if event.stats.finish_reason == "error":
                raise ApiError(500, event.stats.error or "Generation failed.", kind="server_error")
        elif isinstance(event, GenerationFailed):
            self._ended = True
            if event.code == "context_length_exceeded":
                raise ApiError(400, str(event.message), code=event.code, param="messages")
            raise ApiError(500, str(event.message), kind="server_error")


class _CallWatch:
    """Streams an answer's text but holds back a tool call from where it begins, to send
    it whole, as a call, at the end."""

    def __init__(self, fmt: ToolCallFormat) -> None:
        self.fmt = fmt
        self._pending = ""
        self._call = ""  # the answer from the start of a call on

    def push(self, text: str) -> str:
        if self.fmt.name == "none":
            return text
        if self._call:
            self._call += text
            return ""
        self._pending += text
        at = self.fmt.call_begins(self._pending)
        if at != -1:
            shown, self._call, self._pending = self._pending[:at], self._pending[at:], ""
            return shown
        keep = self.fmt.may_begin(self._pending)
        shown = self._pending[: len(self._pending) - keep]
        self._pending = self._pending[len(shown) :]
        return shown

    def finish(self):
        """What is left to show, and the calls."""
        if not self._call:
            return self._pending, []
        content, calls = self.fmt.split(self._call)
        return (content if calls else self._call), calls
