"""The engine's own thread: loading, generation and unloading never touch the GUI thread.

A llama.cpp model must stay on one thread, so one :class:`EngineWorker` owns the
:class:`~app.core.engine.Engine` and lives on a ``QThread``. The GUI talks to it
through :class:`EngineThread`: requests go in as queued signals, results come back
as signals carrying plain values. Stop requests do not queue behind the work they
stop: they set a thread-safe flag the running generation checks between tokens
(and llama.cpp checks inside prompt processing).

Tokens arrive faster than a screen refreshes, so the worker coalesces them and
emits text at most once per frame interval.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.core.backends import LoadOptions
from app.core.engine import Engine
from app.core.errors import LlamaDeskError, LoadCancelled
from app.core.generation import CancelToken, GenerationStats
from app.core.sampling import SamplingParams

FRAME_SECONDS = 1 / 30  # text reaches the view at most this often: smooth to read, and it
# leaves the GUI thread (which shares Python's GIL with this one) idle most of the time


@dataclass(frozen=True)
class GenerationRequest:
    request_id: int
    messages: list[dict[str, str]]
    sampling: SamplingParams
    cancel: CancelToken
    continue_final: bool = False  # the last message is an unfinished answer to carry on


class EngineWorker(QObject):
    """Lives on the engine thread. Use it only through :class:`EngineThread`."""

    load_progress = Signal(float)
    model_loaded = Signal(object)  # LoadedModel
    model_load_failed = Signal(str, object)  # a sentence; the model still loaded, or None
    model_load_cancelled = Signal()
    model_unloaded = Signal()
    text_received = Signal(int, str)  # request id, new text (coalesced)
    generation_finished = Signal(int, object)  # request id, GenerationStats
    generation_failed = Signal(int, str)  # request id, a sentence for the user

    def __init__(self) -> None:
        super().__init__()
        self._engine: Engine | None = None

    @Slot(str, object, object)
    def load(self, path: str, options: LoadOptions, cancel: CancelToken) -> None:
        def progress(fraction: float) -> bool:
            self.load_progress.emit(fraction)
            return not cancel.is_set()

        try:
            loaded = self._get_engine().load(path, options, progress)
        except LoadCancelled:
            self.model_load_cancelled.emit()
        except LlamaDeskError as error:
            self.model_load_failed.emit(str(error), self._engine.loaded)
        except Exception as error:  # an engine bug must not kill the thread silently
            self.model_load_failed.emit(f"Loading failed unexpectedly: {error}", None)
        else:
            self.model_loaded.emit(loaded)

    @Slot(object)
    def generate(self, request: GenerationRequest) -> None:
        pending: list[str] = []
        last_emit = 0.0
        stats: GenerationStats | None = None
        try:
            for item in self._get_engine().stream_chat(
                request.messages,
                request.sampling,
                request.cancel,
                continue_final=request.continue_final,
            ):
                if isinstance(item, str):
                    pending.append(item)
                    now = time.perf_counter()
                    if now - last_emit >= FRAME_SECONDS:
                        self.text_received.emit(request.request_id, "".join(pending))
                        pending.clear()
                        last_emit = now
                else:
                    stats = item
        except LlamaDeskError as error:
            self.generation_failed.emit(request.request_id, str(error))
            return
        except Exception as error:
            self.generation_failed.emit(request.request_id, f"Generation failed: {error}")
            return
        if pending:
            self.text_received.emit(request.request_id, "".join(pending))
        self.generation_finished.emit(request.request_id, stats)

    @Slot()
    def unload(self) -> None:
        if self._engine is not None:
            self._engine.unload()
        self.model_unloaded.emit()

    def _get_engine(self) -> Engine:
        if self._engine is None:
            self._engine = Engine()
        return self._engine


class EngineThread(QObject):
    """The GUI's handle on the engine thread."""

    _load_requested = Signal(str, object, object)
    _generate_requested = Signal(object)
    _unload_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("engine")
        self.worker = EngineWorker()
        self.worker.moveToThread(self._thread)
        self._load_requested.connect(self.worker.load)
        self._generate_requested.connect(self.worker.generate)
        self._unload_requested.connect(self.worker.unload)
        self._next_request = 0
        self._generation_cancel = CancelToken()
        self._load_cancel = CancelToken()
        self._thread.start()

    def load(self, path: str, options: LoadOptions) -> None:
        self._load_cancel = CancelToken()
        self._load_requested.emit(path, options, self._load_cancel)

    def generate(
        self,
        messages: list[dict[str, str]],
        sampling: SamplingParams,
        *,
        continue_final: bool = False,
    ) -> int:
        """Queue a generation; returns the request id its signals will carry."""
        self._next_request += 1
        self._generation_cancel = CancelToken()
        request = GenerationRequest(
            self._next_request, list(messages), sampling, self._generation_cancel, continue_final
        )
        self._generate_requested.emit(request)
        return self._next_request

    def stop_generation(self) -> None:
        """Stop the answer being generated (or queued): takes effect within a token."""
        self._generation_cancel.set()

    def cancel_load(self) -> None:
        self._load_cancel.set()

    def unload(self) -> None:
        self._unload_requested.emit()

    def shutdown(self) -> None:
        """Stop what runs, free the model and end the thread (on quitting)."""
        self.stop_generation()
        self.cancel_load()
        self._unload_requested.emit()
        self._thread.quit()
        self._thread.wait()
