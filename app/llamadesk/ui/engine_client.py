"""The engine seen by the window: requests go out, events come back as Qt signals.

An :class:`EngineClient` is the window's user of the :class:`SharedEngine` (the local
llama.cpp engine unless told otherwise), which it shares with the local server: the chat's
answers queue with the server's, and Stop stops the chat's own answer only. Events arrive
on the thread that reads the engine and are handed to the GUI thread before any signal is
emitted, so nothing blocks the GUI thread and every slot runs there.

If the engine ends by itself (a crash inside llama.cpp), whatever it was doing fails with
a sentence saying so, :attr:`EngineClient.engine_crashed` tells the window that no model
is loaded any more, and the next request starts a fresh engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal

from llamadesk.core.engine import (
    DEFAULT_REASONING,
    BackendsReported,
    Engine,
    EngineStopped,
    GenerationFailed,
    GenerationFinished,
    LoadProgress,
    LocalEngine,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    ModelUnloaded,
    PromptPreviewed,
    ReasoningOptions,
    RequestEnded,
    RequestStarted,
    SamplingParams,
    SharedEngine,
    TextReceived,
    TokensCounted,
)
from llamadesk.core.machine import BackendReport, LoadOptions

OWNER = "chat"  # the window's requests, among the server's


class EngineClient(QObject):
    # Sentences from the engine are core Texts (llamadesk.core.texts): "object", not "str",
    # so that they reach the window with what it needs to translate them.
    backends_reported = Signal(object)  # BackendReport: what the engine can run on
    load_progress = Signal(float)
    model_loaded = Signal(object)  # LoadedModel
    model_load_failed = Signal(object, object)  # a sentence; the model still loaded, or None
    model_load_cancelled = Signal()
    model_unloaded = Signal()
    thinking_received = Signal(int, str)  # request id, new reasoning (before that text's)
    text_received = Signal(int, str)  # request id, new text (coalesced)
    context_used = Signal(int)  # tokens in the context window: with each piece, and at the end
    generation_finished = Signal(int, object)  # request id, GenerationStats
    generation_failed = Signal(int, object)  # request id, a sentence for the user
    prompt_previewed = Signal(int, object, object)  # request id, PromptPreview or None, a Text
    tokens_counted = Signal(int, object, bool, object)  # request id, counts or None, exact, a Text
    engine_crashed = Signal(object)  # a sentence: the engine ended, no model is loaded
    serving_changed = Signal(bool)  # the engine started or stopped answering another user
    _arrived = Signal(object)  # an event, from the engine's thread to the GUI thread

    def __init__(
        self, make_engine: Callable[[], Engine] = LocalEngine, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._arrived.connect(self._on_event, Qt.ConnectionType.QueuedConnection)
        self.shared = SharedEngine(make_engine)
        self.shared.subscribe(self._arrived.emit)
        self._requests: set[int] = set()  # the chat's, not yet ended

    # ------------------------------------------------------------------ requests
    def engine(self) -> Engine:
        """The engine (started if none runs): for what the client does not wrap, such as
        :meth:`Engine.list_models`, which blocks and goes on a task runner."""
        return self.shared.engine()

    @property
    def backends(self) -> BackendReport | None:
        return self.shared.backends

    def load(self, model: str, options: LoadOptions) -> None:
        self.shared.load(model, options)

    def use(self, kind: str, make_engine: Callable[[], Engine]) -> None:
        """Answer with another engine from now on: "local", or a connection's server."""
        self.shared.use(kind, make_engine)

    def generate(
        self,
        messages: Sequence[dict[str, str]],
        sampling: SamplingParams,
        *,
        continue_final: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
        raw: bool = False,
    ) -> int:
        """Queue a generation; returns the request id its signals will carry. ``raw``:
        ``messages`` is one text to continue as it is, without the chat template."""
        request_id = self.shared.generate(
            messages,
            sampling,
            self._arrived.emit,
            owner=OWNER,
            continue_final=continue_final,
            reasoning=reasoning,
            raw=raw,
        )
        self._requests.add(request_id)
        return request_id

    def preview_prompt(
        self,
        messages: Sequence[dict[str, str]],
        sampling: SamplingParams,
        *,
        continue_final: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
        raw: bool = False,
    ) -> int:
        """Ask for the prompt a generation would send; :attr:`prompt_previewed` answers."""
        return self.shared.preview_prompt(
            messages,
            sampling,
            self._arrived.emit,
            continue_final=continue_final,
            reasoning=reasoning,
            raw=raw,
        )

    def count_tokens(self, texts: Sequence[str]) -> int:
        """Ask how many tokens each text takes for the model loaded; :attr:`tokens_counted`
        answers (estimated, and saying so, where the model's tokenizer is not at hand)."""
        return self.shared.count_tokens(texts, self._arrived.emit)

    def stop_generation(self) -> None:
        """Stop the chat's answer being generated (or queued): takes effect within a token.
        Requests of other users (the server's) go on."""
        for request_id in sorted(self._requests):
            self.shared.cancel(request_id)

    def cancel_load(self) -> None:
        self.shared.cancel_load()

    def unload(self) -> None:
        self.shared.unload()

    def wait_for_backends(self, timeout: float) -> BackendReport | None:
        """The engine's backend report, waiting up to ``timeout`` seconds for the first one
        (blocking: for worker threads; the events still arrive on the GUI thread)."""
        return self.shared.wait_for_backends(timeout)

    def shutdown(self) -> None:
        """End the engine and the thread reading it (on quitting)."""
        self.shared.close()

    @property
    def pid(self) -> int | None:
        """The engine process's id (None while none runs, or for an engine without one)."""
        return self.shared.pid

    def is_running(self) -> bool:
        """Whether an engine is still there."""
        return self.shared.is_running()

    # ------------------------------------------------------------------ events
    def _on_event(self, event: object) -> None:
        match event:
            case TextReceived(request_id, text, used, thinking):
                if thinking:
                    self.thinking_received.emit(request_id, thinking)
                if text:
                    self.text_received.emit(request_id, text)
                self.context_used.emit(used)
            case GenerationFinished(request_id, stats):
                self._requests.discard(request_id)
                # The last piece may have been sent before its token went into the context
                # (or before a server's usage arrived): the answer's own figure ends the count.
                self.context_used.emit(stats.context_used)
                self.generation_finished.emit(request_id, stats)
            case GenerationFailed(request_id, message):
                self._requests.discard(request_id)
                self.generation_failed.emit(request_id, message)
            case PromptPreviewed(request_id, preview, message):
                self.prompt_previewed.emit(request_id, preview, message)
            case TokensCounted(request_id, counts, exact, message):
                self.tokens_counted.emit(request_id, counts, exact, message)
            case LoadProgress(_, fraction):
                self.load_progress.emit(fraction)
            case ModelLoaded(_, model):
                self.model_loaded.emit(model)
            case ModelLoadFailed(_, message, still_loaded):
                self.model_load_failed.emit(message, still_loaded)
            case ModelLoadCancelled():
                self.model_load_cancelled.emit()
            case ModelUnloaded():
                self.model_unloaded.emit()
            case BackendsReported(report):
                self.backends_reported.emit(report)
            case RequestStarted(_, owner) if owner != OWNER:
                self.serving_changed.emit(True)
            case RequestEnded(_, owner) if owner != OWNER:
                self.serving_changed.emit(False)
            case EngineStopped(_, message):
                self.engine_crashed.emit(message)
