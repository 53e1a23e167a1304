"""The engine in a process of its own, and the parent's handle on it.

Why a process and not only a thread: threads of one process share one GIL, and
PySide6 keeps the GIL through every Qt call made from Python. Laying out a
message's Markdown takes milliseconds, and the engine's loop needs the GIL twice a
token, so every frame the window drew was time the engine stood still: with the
engine on a thread of the window's process, a 1B model reached the view at 68% of
its speed alone and a tiny fast one at 16%. In a process of its own the engine never
waits for the window. A crash inside llama.cpp (an assert on a malformed model, a GPU
driver failing) now ends that process, not the window and the conversation in it.

The parent sends commands down one pipe and reads events from another::

    ("load", load_id, path, LoadOptions)        -> ("load_progress", load_id, fraction)
                                                   ("model_loaded", load_id, LoadedModel)
                                                   ("model_load_failed", load_id, text,
                                                    LoadedModel still loaded or None)
                                                   ("model_load_cancelled", load_id)
    ("generate", GenerationRequest)             -> ("text", request_id, text, tokens in the
                                                    context window so far)  coalesced
                                                   ("generation_finished", request_id, stats)
                                                   ("generation_failed", request_id, text)
    ("unload",)                                 -> ("model_unloaded",)

Stop and cancel do not queue behind the work they stop: the parent writes the id of
the last request it stops into shared memory, which the engine reads between tokens
(and llama.cpp inside prompt processing). The engine process ends when the parent
closes its end of the command pipe, or dies.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from llamadesk.core.engine.sampling import SamplingParams
from llamadesk.core.errors import LlamaDeskError, LoadCancelled
from llamadesk.core.machine import LoadOptions
from llamadesk.core.texts import Text

log = logging.getLogger(__name__)

FRAME_SECONDS = 1 / 30  # text leaves the engine at most this often: smooth to read, and
# a window drawing at this rate leaves the CPU to the engine most of the time
QUIT_SECONDS = 5.0  # how long closing waits for the engine process before killing it


class EngineCrashed(Exception):
    """The engine process ended without being asked to."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(exitcode)
        self.exitcode = exitcode


@dataclass(frozen=True)
class GenerationRequest:
    request_id: int
    messages: list[dict[str, str]]
    sampling: SamplingParams
    continue_final: bool = False  # the last message is an unfinished answer to carry on


class _StopMark:
    """Cancels every request whose id is at most the shared value (a CancelToken)."""

    def __init__(self, shared, request_id: int) -> None:
        self._shared, self._id = shared, request_id

    def is_set(self) -> bool:
        return self._shared.value >= self._id


class EngineProcess:
    """The parent's side. Commands, sent from one thread, return at once; events come
    from :meth:`next_event`, which blocks, so another thread of the parent reads them."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a process running Qt
        self._stopped_generation = context.RawValue("q", 0)
        self._cancelled_load = context.RawValue("q", 0)
        commands_out, self._commands = context.Pipe(duplex=False)
        self._events, events_in = context.Pipe(duplex=False)
        self._process = context.Process(
            target=serve,
            args=(
                commands_out,
                events_in,
                self._stopped_generation,
                self._cancelled_load,
                logging.getLogger().getEffectiveLevel(),
            ),
            name="llamadesk-engine",
            daemon=True,
        )
        self._process.start()
        commands_out.close()  # the child holds these ends now: EOF reaches it if we die
        events_in.close()
        self._next_request = 0
        self._next_load = 0
        self._closing = False
        # The reading thread and close() may both wait for the process; two waitpid()
        # calls at once would leave one of them thinking it still runs.
        self._wait_lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def is_alive(self) -> bool:
        with self._wait_lock:
            return self._process.is_alive()

    def load(self, path: str, options: LoadOptions) -> int:
        self._next_load += 1
        self._send(("load", self._next_load, path, options))
        return self._next_load

    def generate(
        self, messages: list[dict[str, str]], sampling: SamplingParams, continue_final: bool
    ) -> int:
        self._next_request += 1
        request = GenerationRequest(self._next_request, list(messages), sampling, continue_final)
        self._send(("generate", request))
        return self._next_request

    def unload(self) -> None:
        self._send(("unload",))

    def stop_generation(self) -> None:
        """Stop the answer being generated and any queued: takes effect within a token."""
        self._stopped_generation.value = self._next_request

    def cancel_load(self) -> None:
        self._cancelled_load.value = self._next_load

    def next_event(self) -> tuple:
        """The next event; raises EOFError once closed, EngineCrashed if the process died."""
        try:
            return self._events.recv()
        except (EOFError, OSError):
            if self._closing:
                raise EOFError from None
            self._join(QUIT_SECONDS)
            raise EngineCrashed(self._process.exitcode) from None

    def close(self) -> None:
        """End the engine process (a model in it is freed with it)."""
        self._closing = True
        self.stop_generation()
        self.cancel_load()
        self._commands.close()
        self._join(QUIT_SECONDS)
        if self.is_alive():
            log.warning("the engine process did not end within %.0f s: killing it", QUIT_SECONDS)
            self._process.kill()
            self._join(None)

    def _join(self, timeout: float | None) -> None:
        with self._wait_lock:
            self._process.join(timeout)

    def _send(self, command: tuple) -> None:
        try:
            self._commands.send(command)
        except (OSError, ValueError):
            # The process died, and next_event says so; the command is lost with it.
            log.warning("the engine process is gone; %s not sent", command[0])


# ------------------------------------------------------------------ the engine process
def serve(commands: Connection, events: Connection, stopped_generation, cancelled_load, level):
    """The engine process's main function: run commands until the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is for the parent
    logging.basicConfig(level=level)
    from llamadesk.core.engine.llama import Engine, set_verbose

    set_verbose(level <= logging.DEBUG)
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    # Commands are read as they come, so the parent never blocks on a full pipe while a
    # long answer is being generated; the parent closing the pipe (or dying) ends us.
    threading.Thread(target=_read_commands, args=(commands, inbox), daemon=True).start()
    host = _Host(Engine(), events, stopped_generation, cancelled_load)
    while True:
        command = inbox.get()
        getattr(host, command[0])(*command[1:])


def _read_commands(commands: Connection, inbox: queue.SimpleQueue) -> None:
    try:
        while True:
            inbox.put(commands.recv())
    except (EOFError, OSError):
        os._exit(0)  # the parent closed the pipe or died: nothing is left to do


class _Host:
    """Carries out the parent's commands on the one Engine of this process."""

    def __init__(self, engine, events: Connection, stopped_generation, cancelled_load) -> None:
        self.engine, self.events = engine, events
        self.stopped_generation, self.cancelled_load = stopped_generation, cancelled_load

    def load(self, load_id: int, path: str, options: LoadOptions) -> None:
        cancel = _StopMark(self.cancelled_load, load_id)

        def progress(fraction: float) -> bool:
            self.events.send(("load_progress", load_id, fraction))
            return not cancel.is_set()

        try:
            loaded = self.engine.load(path, options, progress)
        except LoadCancelled:
            self.events.send(("model_load_cancelled", load_id))
        except LlamaDeskError as error:
            self.events.send(("model_load_failed", load_id, error.text, self.engine.loaded))
        except Exception as error:  # an engine bug must not end the process silently
            log.exception("loading %s failed", path)
            self.events.send(
                (
                    "model_load_failed",
                    load_id,
                    Text("Loading failed unexpectedly: {error}", error=str(error)),
                    None,
                )
            )
        else:
            self.events.send(("model_loaded", load_id, loaded))

    def generate(self, request: GenerationRequest) -> None:
        request_id = request.request_id
        pending: list[str] = []
        last_sent = 0.0
        stats = None
        try:
            for item in self.engine.stream_chat(
                request.messages,
                request.sampling,
                _StopMark(self.stopped_generation, request_id),
                continue_final=request.continue_final,
            ):
                if isinstance(item, str):
                    pending.append(item)
                    now = time.perf_counter()
                    if now - last_sent >= FRAME_SECONDS:
                        used = self.engine.context_used
                        self.events.send(("text", request_id, "".join(pending), used))
                        pending.clear()
                        last_sent = now
                else:
                    stats = item
        except LlamaDeskError as error:
            self.events.send(("generation_failed", request_id, error.text))
            return
        except Exception as error:
            log.exception("generation failed")
            failed = Text("Generation failed: {error}", error=str(error))
            self.events.send(("generation_failed", request_id, failed))
            return
        if pending:
            self.events.send(("text", request_id, "".join(pending), self.engine.context_used))
        self.events.send(("generation_finished", request_id, stats))

    def unload(self) -> None:
        self.engine.unload()
        self.events.send(("model_unloaded",))
