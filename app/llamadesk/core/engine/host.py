"""The engine process's side of the local engine: run the commands on llama.cpp.

:func:`serve` is the process's main function (:mod:`llamadesk.core.engine.local`
starts it). It is the only code that imports the llama.cpp engine
(:mod:`llamadesk.core.engine.llama`), and it does so only once it runs in the engine
process, so the process that starts it never loads llama.cpp.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from llamadesk.core.engine.generation import Thought
from llamadesk.core.engine.protocol import (
    BackendsReported,
    Command,
    Complete,
    CountTokens,
    Generate,
    GenerationFailed,
    GenerationFinished,
    LoadModel,
    LoadProgress,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    ModelUnloaded,
    PreviewPrompt,
    PromptPreviewed,
    ReportBackends,
    TextReceived,
    TokensCounted,
    Unload,
)
from llamadesk.core.errors import LlamaDeskError, LoadCancelled, PromptTooLong
from llamadesk.core.logs import setup_logging
from llamadesk.core.texts import Text

log = logging.getLogger(__name__)

FRAME_SECONDS = 1 / 30  # text leaves the engine at most this often: smooth to read, and
# a window drawing at this rate leaves the CPU to the engine most of the time


class StopMark:
    """Cancels every request whose id is at most the shared value (a CancelToken)."""

    def __init__(self, shared, request_id: int) -> None:
        self._shared, self._id = shared, request_id

    def is_set(self) -> bool:
        return self._shared.value >= self._id


def serve(
    commands: Connection,
    events: Connection,
    stopped_generation,
    cancelled_load,
    last_words,
    level: int,
    log_folder: Path | None,
    verbose: bool,
) -> None:
    """Run commands until the parent goes away. The log goes to ``engine.log`` in
    ``log_folder``, where the parent logs; without one (tests, the self-test) to stderr.
    Should llama.cpp abort, what it said is left in ``last_words`` (shared memory) for the
    parent's report, and in the log."""
    # When llama.cpp aborts (an assert on a hostile model), ggml first forks gdb to print a
    # backtrace. From a process with threads that fork can deadlock: the crash was then
    # never reported and the engine and gdb stayed for good. A plain abort is reported.
    os.environ["GGML_NO_BACKTRACE"] = "1"
    _no_core_dumps()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is for the parent
    if log_folder is not None:
        setup_logging(level <= logging.DEBUG, name="engine", folder=log_folder)
    else:
        logging.basicConfig(level=level)
    from llamadesk.core.engine.llama import Engine, backend_report, on_abort, set_verbose

    def leave(words: str) -> None:  # the memory first: the log's lock may be held
        last_words.value = words.encode("utf-8")[: len(last_words) - 1]
        log.critical("llama.cpp aborted: %s", words)

    on_abort(leave)
    set_verbose(verbose)
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    # Commands are read as they come, so the parent never blocks on a full pipe while a
    # long answer is being generated; the parent closing the pipe (or dying) ends us.
    threading.Thread(target=_read_commands, args=(commands, inbox), daemon=True).start()
    host = Host(Engine(), backend_report, events, stopped_generation, cancelled_load)
    host.report_backends()
    while True:
        host.run(inbox.get())


def _no_core_dumps() -> None:
    """A crash is reported in a sentence (and llama.cpp's words): the memory image of a
    process holding a model, gigabytes, is of no use to the user and fills their disk.
    LLAMADESK_CORE_DUMPS=1 keeps them, for whoever debugs llama.cpp."""
    if os.environ.get("LLAMADESK_CORE_DUMPS") == "1":
        return
    try:
        import resource
    except ImportError:  # Windows: no core files
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _read_commands(commands: Connection, inbox: queue.SimpleQueue) -> None:
    try:
        while True:
            inbox.put(commands.recv())
    except (EOFError, OSError):
        os._exit(0)  # the parent closed the pipe or died: nothing is left to do


class Host:
    """Carries out the parent's commands on the one llama.cpp engine of this process."""

    def __init__(
        self, engine, backend_report, events: Connection, stopped_generation, cancelled_load
    ) -> None:
        self.engine, self.backend_report, self.events = engine, backend_report, events
        self.stopped_generation, self.cancelled_load = stopped_generation, cancelled_load

    def run(self, command: Command) -> None:
        match command:
            case LoadModel(load_id, model, options):
                self.load(load_id, model, options)
            case Generate() | Complete():
                self.generate(command)
            case PreviewPrompt():
                self.preview(command)
            case CountTokens(request_id, texts):
                self.count(request_id, texts)
            case Unload():
                self.engine.unload()
                self.events.send(ModelUnloaded())
            case ReportBackends():
                self.report_backends()
            case _:
                log.error("unknown engine command %r", command)

    def report_backends(self) -> None:
        self.events.send(BackendsReported(self.backend_report()))

    def load(self, load_id: int, path: str, options) -> None:
        cancel = StopMark(self.cancelled_load, load_id)

        def progress(fraction: float) -> bool:
            self.events.send(LoadProgress(load_id, fraction))
            return not cancel.is_set()

        try:
            loaded = self.engine.load(path, options, progress)
        except LoadCancelled:
            self.events.send(ModelLoadCancelled(load_id))
        except LlamaDeskError as error:
            self.events.send(ModelLoadFailed(load_id, error.text, self.engine.loaded))
        except Exception as error:  # an engine bug must not end the process silently
            log.exception("loading %s failed", path)
            message = Text("Loading failed unexpectedly: {error}", error=str(error))
            self.events.send(ModelLoadFailed(load_id, message, None))
        else:
            self.events.send(ModelLoaded(load_id, loaded))

    def preview(self, request: PreviewPrompt) -> None:
        try:
            preview = self.engine.preview_prompt(
                request.messages,
                request.sampling,
                continue_final=request.continue_final,
                reasoning=request.reasoning,
                raw=request.raw,
            )
        except LlamaDeskError as error:
            self.events.send(PromptPreviewed(request.request_id, None, error.text))
        except Exception as error:
            log.exception("rendering the prompt failed")
            failed = Text("The prompt could not be rendered: {error}", error=str(error))
            self.events.send(PromptPreviewed(request.request_id, None, failed))
        else:
            self.events.send(PromptPreviewed(request.request_id, preview))

    def count(self, request_id: int, texts: tuple[str, ...]) -> None:
        try:
            counts = tuple(self.engine.count_tokens(texts))
        except LlamaDeskError as error:
            self.events.send(TokensCounted(request_id, None, message=error.text))
        except Exception as error:
            log.exception("counting tokens failed")
            failed = Text("The text could not be tokenized: {error}", error=str(error))
            self.events.send(TokensCounted(request_id, None, message=failed))
        else:
            self.events.send(TokensCounted(request_id, counts))

    def generate(self, request: Generate | Complete) -> None:
        request_id = request.request_id
        cancel = StopMark(self.stopped_generation, request_id)
        if isinstance(request, Complete):
            stream = self.engine.stream_completion(request.prompt, request.sampling, cancel)
        else:
            stream = self.engine.stream_chat(
                request.messages,
                request.sampling,
                cancel,
                continue_final=request.continue_final,
                reasoning=request.reasoning,
                drop_old=request.drop_old,
                tools=request.tools,
            )
        answer: list[str] = []
        thinking: list[str] = []
        last_sent = 0.0
        stats = None

        def send() -> None:
            used = self.engine.context_used
            event = TextReceived(request_id, "".join(answer), used, "".join(thinking))
            self.events.send(event)
            answer.clear()
            thinking.clear()

        try:
            for item in stream:
                if isinstance(item, str):
                    answer.append(item)
                elif isinstance(item, Thought):
                    if answer:  # reasoning again after answer text: keep the order
                        send()
                    thinking.append(item.text)
                else:
                    stats = item
                    continue
                now = time.perf_counter()
                if now - last_sent >= FRAME_SECONDS:
                    send()
                    last_sent = now
        except LlamaDeskError as error:
            code = "context_length_exceeded" if isinstance(error, PromptTooLong) else ""
            self.events.send(GenerationFailed(request_id, error.text, code))
            return
        except Exception as error:
            log.exception("generation failed")
            failed = Text("Generation failed: {error}", error=str(error))
            self.events.send(GenerationFailed(request_id, failed))
            return
        if answer or thinking:
            send()
        self.events.send(GenerationFinished(request_id, stats))
