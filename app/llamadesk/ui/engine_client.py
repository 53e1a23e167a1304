"""The window's handle on the engine process: requests go out, results come back as signals.

llama.cpp runs in a process of its own (:mod:`llamadesk.core.engine.local` says why); one
``QThread`` here waits for its events and hands them to the GUI thread, which turns
them into the signals below. Nothing here blocks the GUI thread: a command is a
small write to a pipe, and stop and cancel are a write to shared memory.

If the engine process dies (a crash inside llama.cpp), whatever it was doing fails
with a sentence saying so, :attr:`EngineClient.engine_crashed` tells the window that
no model is loaded any more, and the next request starts a fresh engine process.
"""

from __future__ import annotations

import signal

from PySide6.QtCore import QObject, QThread, Signal

from llamadesk.core.engine.local import EngineCrashed, EngineProcess
from llamadesk.core.engine.sampling import SamplingParams
from llamadesk.core.machine import LoadOptions


class _EventReader(QThread):
    """Waits for the engine's events (a blocking read, so not on the GUI thread)."""

    received = Signal(object)  # an event tuple, or ("crashed", exit code)

    def __init__(self, process: EngineProcess) -> None:
        super().__init__()
        self.setObjectName("engine-events")
        self._process = process

    def run(self) -> None:
        while True:
            try:
                event = self._process.next_event()
            except EngineCrashed as crash:
                self.received.emit(("crashed", crash.exitcode))
                return
            except EOFError:  # closed on purpose
                return
            self.received.emit(event)


class EngineClient(QObject):
    load_progress = Signal(float)
    model_loaded = Signal(object)  # LoadedModel
    # Sentences from the engine are core Texts (llamadesk.core.texts): "object", not "str", so
    # that they reach the window with what it needs to translate them.
    model_load_failed = Signal(object, object)  # a sentence; the model still loaded, or None
    model_load_cancelled = Signal()
    model_unloaded = Signal()
    text_received = Signal(int, str)  # request id, new text (coalesced)
    context_used = Signal(int)  # tokens in the context window, with each text_received
    generation_finished = Signal(int, object)  # request id, GenerationStats
    generation_failed = Signal(int, object)  # request id, a sentence for the user
    engine_crashed = Signal(str)  # a sentence: the engine process died, no model is loaded

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process: EngineProcess | None = None
        self._reader: _EventReader | None = None
        self._loads: set[int] = set()  # sent and not yet answered
        self._generations: set[int] = set()
        self._start()  # importing llama.cpp takes a moment: do it before it is needed

    # ------------------------------------------------------------------ requests
    def load(self, path: str, options: LoadOptions) -> None:
        self._loads.add(self._started().load(path, options))

    def generate(
        self,
        messages: list[dict[str, str]],
        sampling: SamplingParams,
        *,
        continue_final: bool = False,
    ) -> int:
        """Queue a generation; returns the request id its signals will carry."""
        request_id = self._started().generate(messages, sampling, continue_final)
        self._generations.add(request_id)
        return request_id

    def stop_generation(self) -> None:
        """Stop the answer being generated (or queued): takes effect within a token."""
        if self._process is not None:
            self._process.stop_generation()

    def cancel_load(self) -> None:
        if self._process is not None:
            self._process.cancel_load()

    def unload(self) -> None:
        self._started().unload()

    def shutdown(self) -> None:
        """End the engine process and the thread reading it (on quitting)."""
        if self._process is not None:
            self._process.close()
            self._reader.wait()
            self._process = None

    @property
    def pid(self) -> int | None:
        """The engine process's id (None while none runs)."""
        return self._process.pid if self._process is not None else None

    def is_running(self) -> bool:
        """Whether an engine process or the thread reading it is still there."""
        alive = self._process is not None and self._process.is_alive()
        return alive or (self._reader is not None and not self._reader.isFinished())

    # ------------------------------------------------------------------ events
    def _started(self) -> EngineProcess:
        return self._process or self._start()

    def _start(self) -> EngineProcess:
        self._process = EngineProcess()
        self._reader = _EventReader(self._process)
        self._reader.received.connect(self._on_event)
        self._reader.start()
        return self._process

    def _on_event(self, event: tuple) -> None:
        kind, *args = event
        if kind == "text":
            request_id, text, used = args
            self.text_received.emit(request_id, text)
            self.context_used.emit(used)
        elif kind == "load_progress":
            self.load_progress.emit(args[1])
        elif kind == "generation_finished":
            self._generations.discard(args[0])
            self.generation_finished.emit(*args)
        elif kind == "generation_failed":
            self._generations.discard(args[0])
            self.generation_failed.emit(*args)
        elif kind == "model_loaded":
            self._loads.discard(args[0])
            self.model_loaded.emit(args[1])
        elif kind == "model_load_failed":
            self._loads.discard(args[0])
            self.model_load_failed.emit(args[1], args[2])
        elif kind == "model_load_cancelled":
            self._loads.discard(args[0])
            self.model_load_cancelled.emit()
        elif kind == "model_unloaded":
            self.model_unloaded.emit()
        elif kind == "crashed":
            self._on_crashed(args[0])

    def _on_crashed(self, exitcode: int | None) -> None:
        self._reader.wait()
        self._process = None  # the next request starts a fresh one
        message = self._crash_message(exitcode)
        generations, self._generations = sorted(self._generations), set()
        for request_id in generations:
            self.generation_failed.emit(request_id, message)
        if self._loads:
            self._loads.clear()
            self.model_load_failed.emit(message, None)
        self.engine_crashed.emit(message)

    def _crash_message(self, exitcode: int | None) -> str:
        if exitcode == -signal.SIGILL:
            return self.tr(
                "The engine stopped: this build of llama.cpp used a processor instruction "
                "that this computer, or the virtual machine it runs in, does not allow "
                "(SIGILL). Your conversations are safe. Reinstall llama-cpp-python built for "
                "this processor (see Troubleshooting in the README), or use the LlamaDesk "
                "installer, whose llama.cpp is built for a wide range of processors."
            )
        if exitcode is not None and exitcode < 0:
            try:
                how = self.tr("signal {name}").format(name=signal.Signals(-exitcode).name)
            except ValueError:
                how = self.tr("signal {number}").format(number=-exitcode)
        else:
            how = self.tr("exit code {code}").format(code=exitcode)
        return self.tr(
            "The engine stopped unexpectedly ({how}), and the model with it. Your "
            "conversations are safe. Load the model again; if this happens again with the "
            "same model, the file may be damaged or need a newer version of llama.cpp."
        ).format(how=how)
