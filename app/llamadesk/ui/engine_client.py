"""The engine seen by the window: requests go out, events come back as Qt signals.

An :class:`EngineClient` wraps an engine of the seam (:class:`llamadesk.core.engine.Engine`;
the local llama.cpp engine unless told otherwise) and reads its events with a task runner
of its own, so nothing blocks the GUI thread: a command is a small write to a pipe, stop
and cancel are a write to shared memory.

If the engine ends by itself (a crash inside llama.cpp), whatever it was doing fails with
a sentence saying so, :attr:`EngineClient.engine_crashed` tells the window that no model
is loaded any more, and the next request starts a fresh engine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence

from PySide6.QtCore import QObject, Signal

from llamadesk.core.engine import (
    DEFAULT_REASONING,
    BackendsReported,
    Engine,
    EngineStopped,
    Event,
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
    SamplingParams,
    TextReceived,
)
from llamadesk.core.machine import BackendReport, LoadOptions
from llamadesk.ui.common import TaskRunner


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
    context_used = Signal(int)  # tokens in the context window, with each text_received
    generation_finished = Signal(int, object)  # request id, GenerationStats
    generation_failed = Signal(int, object)  # request id, a sentence for the user
    prompt_previewed = Signal(int, object, object)  # request id, PromptPreview or None, a Text
    engine_crashed = Signal(object)  # a sentence: the engine ended, no model is loaded

    def __init__(
        self, make_engine: Callable[[], Engine] = LocalEngine, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._make_engine = make_engine
        self._engine: Engine | None = None
        self._reader: TaskRunner | None = None
        self._loads: set[int] = set()  # sent and not yet answered
        self._generations: set[int] = set()
        self.backends: BackendReport | None = None  # the latest report, once one came
        self._backends_known = threading.Event()
        self._start()  # starting an engine takes a moment: do it before it is needed

    # ------------------------------------------------------------------ requests
    def engine(self) -> Engine:
        """The engine (started if none runs): for what the client does not wrap, such as
        :meth:`Engine.list_models`, which blocks and goes on a task runner."""
        return self._started()

    def load(self, model: str, options: LoadOptions) -> None:
        self._loads.add(self._started().load(model, options))

    def generate(
        self,
        messages: Sequence[dict[str, str]],
        sampling: SamplingParams,
        *,
        continue_final: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
    ) -> int:
        """Queue a generation; returns the request id its signals will carry."""
        request_id = self._started().generate(
            messages, sampling, continue_final=continue_final, reasoning=reasoning
        )
        self._generations.add(request_id)
        return request_id

    def preview_prompt(
        self,
        messages: Sequence[dict[str, str]],
        sampling: SamplingParams,
        *,
        continue_final: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
    ) -> int:
        """Ask for the prompt a generation would send; :attr:`prompt_previewed` answers."""
        return self._started().preview_prompt(
            messages, sampling, continue_final=continue_final, reasoning=reasoning
        )

    def stop_generation(self) -> None:
        """Stop the answer being generated (or queued): takes effect within a token."""
        if self._engine is not None:
            self._engine.stop_generation()

    def cancel_load(self) -> None:
        if self._engine is not None:
            self._engine.cancel_load()

    def unload(self) -> None:
        self._started().unload()

    def wait_for_backends(self, timeout: float) -> BackendReport | None:
        """The engine's backend report, waiting up to ``timeout`` seconds for the first one
        (blocking: for worker threads; the events still arrive on the GUI thread)."""
        self._backends_known.wait(timeout)
        return self.backends

    def shutdown(self) -> None:
        """End the engine and the thread reading it (on quitting)."""
        if self._engine is not None:
            self._engine.close()
            self._reader.shutdown(wait=True)
            self._engine = None

    @property
    def pid(self) -> int | None:
        """The engine process's id (None while none runs, or for an engine without one)."""
        return getattr(self._engine, "pid", None)

    def is_running(self) -> bool:
        """Whether an engine or the thread reading it is still there."""
        alive = getattr(self._engine, "is_alive", lambda: self._engine is not None)()
        return alive or (self._reader is not None and self._reader.working())

    # ------------------------------------------------------------------ events
    def _started(self) -> Engine:
        return self._engine or self._start()

    def _start(self) -> Engine:
        engine = self._engine = self._make_engine()

        def events() -> Iterator[Event]:
            while (event := engine.next_event()) is not None:
                yield event

        if self._reader is not None:
            self._reader.deleteLater()  # the reader of an engine that ended
        self._reader = TaskRunner(self, workers=1)
        self._reader.stream(events, self._on_event)
        return engine

    def _on_event(self, event: Event) -> None:
        match event:
            case TextReceived(request_id, text, used, thinking):
                if thinking:
                    self.thinking_received.emit(request_id, thinking)
                if text:
                    self.text_received.emit(request_id, text)
                self.context_used.emit(used)
            case PromptPreviewed(request_id, preview, message):
                self.prompt_previewed.emit(request_id, preview, message)
            case LoadProgress(_, fraction):
                self.load_progress.emit(fraction)
            case GenerationFinished(request_id, stats):
                self._generations.discard(request_id)
                self.generation_finished.emit(request_id, stats)
            case GenerationFailed(request_id, message):
                self._generations.discard(request_id)
                self.generation_failed.emit(request_id, message)
            case ModelLoaded(load_id, model):
                self._loads.discard(load_id)
                self.model_loaded.emit(model)
            case ModelLoadFailed(load_id, message, still_loaded):
                self._loads.discard(load_id)
                self.model_load_failed.emit(message, still_loaded)
            case ModelLoadCancelled(load_id):
                self._loads.discard(load_id)
                self.model_load_cancelled.emit()
            case ModelUnloaded():
                self.model_unloaded.emit()
            case BackendsReported(report):
                self.backends = report
                self._backends_known.set()
                self.backends_reported.emit(report)
            case EngineStopped(_, message):
                self._on_stopped(message)

    def _on_stopped(self, message: str) -> None:
        self._reader.shutdown(wait=True)  # its stream ended with this event
        self._engine = None  # the next request starts a fresh one
        generations, self._generations = sorted(self._generations), set()
        for request_id in generations:
            self.generation_failed.emit(request_id, message)
        if self._loads:
            self._loads.clear()
            self.model_load_failed.emit(message, None)
        self.engine_crashed.emit(message)
