"""One engine for several users: the window's chat and the local server's clients.

A loaded model answers one request at a time. :class:`SharedEngine` keeps the requests
of every user in one queue, in the order they came, and sends the next to the engine
when the one before has ended; each user hears only of its own requests (through the
listener it gave), and every user hears of what concerns all (a model loaded, the
engine stopping, a request starting or ending: :meth:`SharedEngine.subscribe`). A
request is stopped without touching anyone else's: the one running is stopped in the
engine, a waiting one is taken out of the queue.

Events reach listeners on the thread that reads the engine: a listener must hand them
to its own thread (the window queues them to the GUI thread, the server to its event
loop) and must not block. If the engine ends by itself (a crash), every request fails
with a sentence saying so, loads in flight fail, and the next request starts a fresh
engine.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from llamadesk.core.engine.generation import GenerationStats, LoadedModel
from llamadesk.core.engine.protocol import (
    BackendsReported,
    EngineStopped,
    Event,
    GenerationFailed,
    GenerationFinished,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    ModelUnloaded,
    PromptPreviewed,
    TextReceived,
    TokensCounted,
)
from llamadesk.core.engine.reasoning import DEFAULT_REASONING, ReasoningOptions
from llamadesk.core.engine.sampling import SamplingParams
from llamadesk.core.engine.seam import Engine
from llamadesk.core.machine import BackendReport, LoadOptions
from llamadesk.core.texts import Text

log = logging.getLogger(__name__)

_CHANGED = Text("Another model was chosen, so this answer was not finished.")

Listener = Callable[[object], None]


@dataclass(frozen=True)
class RequestStarted:
    """A request went to the engine (told to every subscriber)."""

    ticket: int
    owner: str  # who asked: "chat", "server", ...


@dataclass(frozen=True)
class RequestEnded:
    ticket: int
    owner: str


@dataclass
class _Request:
    ticket: int
    owner: str
    listener: Listener
    messages: tuple[dict, ...]
    sampling: SamplingParams
    continue_final: bool
    reasoning: ReasoningOptions
    raw: bool  # messages hold one prompt text, to complete without the chat template
    drop_old: bool
    tools: tuple[dict, ...]
    engine_id: int | None = None


class SharedEngine:
    """The engine of :mod:`the seam <llamadesk.core.engine.seam>`, shared by several users."""

    def __init__(self, make_engine: Callable[[], Engine], kind: str = "local") -> None:
        self._make_engine, self.kind = make_engine, kind
        self._lock = threading.RLock()
        self._engine: Engine | None = None
        self._subscribers: list[Listener] = []
        self._tickets = itertools.count(1)
        self._waiting: deque[_Request] = deque()
        self._running: _Request | None = None
        # requests answered by one event (previews, counts): engine id -> (ticket, listener,
        # the event that tells it of a failure, given the sentence as ``message``)
        self._replies: dict[int, tuple[int, Listener, Callable[[str], object]]] = {}
        self._loads: set[int] = set()
        self.loaded: LoadedModel | None = None  # the model loaded now, as the engine said
        self.backends: BackendReport | None = None
        self._backends_known = threading.Event()
        self._closed = False
        self.start()  # an engine takes a moment to start: before it is needed

    # ------------------------------------------------------------------ users
    def subscribe(self, listener: Listener) -> None:
        """Hear of everything that is not one user's request: backends, loads, the model,
        the engine stopping, requests starting and ending."""
        with self._lock:
            self._subscribers.append(listener)

    def engine(self) -> Engine:
        """The engine (started if none runs), for what is not shared, such as
        :meth:`Engine.list_models` (blocking: not on a GUI thread)."""
        return self.start()

    def start(self) -> Engine:
        with self._lock:
            if self._engine is None and not self._closed:
                engine = self._engine = self._make_engine()
                threading.Thread(
                    target=self._read, args=(engine,), name="engine-events", daemon=True
                ).start()
            return self._engine

    def use(self, kind: str, make_engine: Callable[[], Engine]) -> None:
        """Answer with another engine from now on (``kind`` names it: "local", a
        connection's id...): the one in use is closed and what it was doing fails with
        a sentence saying the model changed; nothing changes if ``kind`` is already in use."""
        with self._lock:
            if kind == self.kind:
                return
            engine, self._engine = self._engine, None
            self._make_engine, self.kind = make_engine, kind
            failed = [self._running] if self._running is not None else []
            failed += list(self._waiting)
            self._running = None
            self._waiting.clear()
            self.loaded = None
        for request in failed:
            request.listener(GenerationFailed(request.ticket, _CHANGED))
            self._broadcast(RequestEnded(request.ticket, request.owner))
        if engine is not None:
            engine.close()

    # ------------------------------------------------------------------ models
    def load(self, model: str, options: LoadOptions) -> None:
        with self._lock:
            self._loads.add(self.start().load(model, options))

    def cancel_load(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.cancel_load()

    def unload(self) -> None:
        with self._lock:
            self.start().unload()

    def wait_for_backends(self, timeout: float) -> BackendReport | None:
        """The engine's backend report, waiting up to ``timeout`` seconds for the first one
        (blocking: for worker threads)."""
        self._backends_known.wait(timeout)
        return self.backends

    # ------------------------------------------------------------------ requests
    def generate(
        self,
        messages: Sequence[dict],
        sampling: SamplingParams,
        listener: Listener,
        *,
        owner: str = "chat",
        continue_final: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
        raw: bool = False,
        drop_old: bool = True,
        tools: Sequence[dict] = (),
        max_waiting: int | None = None,
    ) -> int | None:
        """Queue an answer; ``listener`` gets its :class:`TextReceived`,
        :class:`GenerationFinished` and :class:`GenerationFailed` with the ticket returned
        as their ``request_id``. ``raw``: ``messages`` is one ``{"content": prompt}`` to
        complete as it is. With ``max_waiting``, None (and nothing queued) when that many
        requests are waiting already. ``drop_old`` and ``tools``: as :meth:`Engine.generate`."""
        with self._lock:
            if max_waiting is not None and len(self._waiting) >= max_waiting:
                return None
            request = _Request(
                next(self._tickets),
                owner,
                listener,
                tuple(messages),
                sampling,
                continue_final,
                reasoning,
                raw,
                drop_old,
                tuple(tools),
            )
            self._waiting.append(request)
            started = self._start_next()
        self._tell(started)
        return request.ticket

    def cancel(self, ticket: int) -> None:
        """Stop a request: the one running stops within a token; a waiting one is dropped
        (its listener hears it finished, cancelled, with nothing generated)."""
        with self._lock:
            if self._running is not None and self._running.ticket == ticket:
                self._engine.stop_generation()
                return
            dropped = next((r for r in self._waiting if r.ticket == ticket), None)
            if dropped is None:
                return
            self._waiting.remove(dropped)
        stats = GenerationStats(finish_reason="cancelled")
        dropped.listener(GenerationFinished(ticket, stats))

    def preview_prompt(
        self,
        messages: Sequence[dict],
        sampling: SamplingParams,
        listener: Listener,
        *,
        continue_final: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
        raw: bool = False,
    ) -> int:
        """Ask for the prompt :meth:`generate` would send; ``listener`` gets a
        :class:`PromptPreviewed` with the ticket returned."""
        with self._lock:
            ticket = next(self._tickets)
            engine_id = self.start().preview_prompt(
                messages, sampling, continue_final=continue_final, reasoning=reasoning, raw=raw
            )
            self._replies[engine_id] = (ticket, listener, partial(PromptPreviewed, ticket, None))
        return ticket

    def count_tokens(self, texts: Sequence[str], listener: Listener) -> int:
        """Ask how many tokens each of ``texts`` takes for the model loaded; ``listener``
        gets a :class:`TokensCounted` with the ticket returned. It is answered between
        requests: after the answer being written, before those waiting."""
        with self._lock:
            ticket = next(self._tickets)
            engine_id = self.start().count_tokens(texts)
            self._replies[engine_id] = (ticket, listener, partial(TokensCounted, ticket, None))
        return ticket

    @property
    def waiting(self) -> int:
        """Requests queued behind the one running."""
        with self._lock:
            return len(self._waiting)

    @property
    def running_owner(self) -> str | None:
        """Who the request being answered belongs to (None: the engine is idle)."""
        with self._lock:
            return self._running.owner if self._running is not None else None

    def close(self) -> None:
        """End the engine (a model in it is freed with it) and what reads it."""
        with self._lock:
            self._closed = True
            engine, self._engine = self._engine, None
            self._waiting.clear()
        if engine is not None:
            engine.close()

    def is_running(self) -> bool:
        with self._lock:
            engine = self._engine
        alive = getattr(engine, "is_alive", lambda: engine is not None)
        return alive()

    @property
    def pid(self) -> int | None:
        """The engine process's id (None while none runs, or for an engine without one)."""
        return getattr(self._engine, "pid", None)

    # ------------------------------------------------------------------ the queue
    def _start_next(self) -> _Request | None:
        """Send the next waiting request, if the engine is free (call with the lock)."""
        if self._running is not None or not self._waiting or self._closed:
            return None
        request = self._running = self._waiting.popleft()
        engine = self.start()
        if request.raw:
            request.engine_id = engine.complete(request.messages[0]["content"], request.sampling)
        else:
            request.engine_id = engine.generate(
                request.messages,
                request.sampling,
                continue_final=request.continue_final,
                reasoning=request.reasoning,
                drop_old=request.drop_old,
                tools=request.tools,
            )
        return request

    def _tell(self, started: _Request | None) -> None:
        if started is not None:
            self._broadcast(RequestStarted(started.ticket, started.owner))

    def _broadcast(self, event: object) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for listener in subscribers:
            listener(event)

    # ------------------------------------------------------------------ events
    def _read(self, engine: Engine) -> None:
        while (event := engine.next_event()) is not None:
            with self._lock:
                current = engine is self._engine
            if not current:  # an engine given up for another: nobody waits for it
                return
            try:
                self._dispatch(engine, event)
            except Exception:  # a listener's bug must not stop the events of everyone
                log.exception("delivering %s failed", type(event).__name__)
            if isinstance(event, EngineStopped):
                return

    def _dispatch(self, engine: Engine, event: Event) -> None:
        match event:
            case (
                TextReceived(engine_id)
                | GenerationFinished(engine_id)
                | GenerationFailed(engine_id)
            ):
                self._on_request_event(engine_id, event)
            case PromptPreviewed(engine_id) | TokensCounted(engine_id):
                with self._lock:
                    ticket, listener, _ = self._replies.pop(engine_id, (None, None, None))
                if listener is not None:
                    listener(replace(event, request_id=ticket))
            case EngineStopped(_, message):
                self._on_stopped(engine, event, message)
            case _:
                self._on_model_event(event)
                self._broadcast(event)

    def _on_request_event(self, engine_id: int, event: Event) -> None:
        with self._lock:
            request = self._running
            if request is None or request.engine_id != engine_id:
                return  # an answer nobody waits for any more
            ended = isinstance(event, (GenerationFinished, GenerationFailed))
            started = None
            if ended:
                self._running = None
                started = self._start_next()
        request.listener(replace(event, request_id=request.ticket))
        if ended:
            self._broadcast(RequestEnded(request.ticket, request.owner))
            self._tell(started)

    def _on_model_event(self, event: Event) -> None:
        with self._lock:
            match event:
                case BackendsReported(report):
                    self.backends = report
                    self._backends_known.set()
                case ModelLoaded(load_id, model):
                    self._loads.discard(load_id)
                    self.loaded = model
                case ModelLoadFailed(load_id, _, still_loaded):
                    self._loads.discard(load_id)
                    self.loaded = still_loaded
                case ModelLoadCancelled(load_id):
                    self._loads.discard(load_id)
                case ModelUnloaded():
                    self.loaded = None

    def _on_stopped(self, engine: Engine, event: EngineStopped, message: str) -> None:
        """The engine ended by itself: whatever it was doing fails, the next request
        starts a fresh one."""
        with self._lock:
            if self._engine is engine:
                self._engine = None
            failed = [self._running] if self._running is not None else []
            failed += list(self._waiting)
            self._running = None
            self._waiting.clear()
            replies, self._replies = list(self._replies.values()), {}
            loads, self._loads = sorted(self._loads), set()
            self.loaded = None
        for request in failed:
            request.listener(GenerationFailed(request.ticket, message))
            self._broadcast(RequestEnded(request.ticket, request.owner))
        for _, listener, failed in replies:
            listener(failed(message=message))
        for load_id in loads:
            self._broadcast(ModelLoadFailed(load_id, message, None))
        self._broadcast(event)
