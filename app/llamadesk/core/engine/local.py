"""The local engine: llama.cpp in a process of its own, seen from the process that uses it.

Why a process and not only a thread: threads of one process share one GIL, and
PySide6 keeps the GIL through every Qt call made from Python. Laying out a
message's Markdown takes milliseconds, and the engine's loop needs the GIL twice a
token, so every frame the window drew was time the engine stood still: with the
engine on a thread of the window's process, a 1B model reached the view at 68% of
its speed alone and a tiny fast one at 16%. In a process of its own the engine never
waits for the window. A crash inside llama.cpp (an assert on a malformed model, a GPU
driver failing) now ends that process, not the window and the conversation in it, and
the window's process never loads llama.cpp at all (device probing happens there too).

Commands (:mod:`~llamadesk.core.engine.protocol`) go down one pipe and events come
back up another; the other end is :mod:`llamadesk.core.engine.host`. Stop and cancel
do not queue behind the work they stop: the id of the last request stopped is written
into shared memory, which the engine reads between tokens (and llama.cpp inside prompt
processing). The engine process ends when this side closes its end of the command
pipe, or dies. Its end is noticed from the process itself (waited for a few times a
second while it is quiet), not only from the pipe, so a crash is reported even if a
process it forked (ggml's debugger) holds the pipe open; and a process that closed the
pipe but does not end is killed: none outlives its engine.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from llamadesk.core.engine.host import serve
from llamadesk.core.engine.protocol import (
    BackendsReported,
    Command,
    Complete,
    CountTokens,
    EngineStopped,
    Event,
    Generate,
    LoadModel,
    PreviewPrompt,
    ReportBackends,
    Unload,
)
from llamadesk.core.engine.reasoning import DEFAULT_REASONING, ReasoningOptions
from llamadesk.core.engine.sampling import SamplingParams
from llamadesk.core.engine.seam import Engine, ModelEntry
from llamadesk.core.library import find_model_files
from llamadesk.core.logs import current_log_file
from llamadesk.core.machine import BackendReport, LoadOptions
from llamadesk.core.texts import Text

log = logging.getLogger(__name__)

QUIT_SECONDS = 5.0  # how long closing waits for the engine process before killing it
LAST_WORDS_BYTES = 1024  # ggml's abort message is at most 2048 bytes; its start says what
POLL_SECONDS = 0.25  # how often a quiet engine process is checked for having ended


class LocalEngine(Engine):
    """llama.cpp on this computer, in a spawned process that starts at once (importing
    llama.cpp takes a moment: better before a model is wanted). ``model_folders()`` says
    where :meth:`list_models` looks; ``verbose`` echoes llama.cpp's own log."""

    def __init__(
        self,
        model_folders: Callable[[], Iterable[Path]] = tuple,
        *,
        verbose: bool = False,
    ) -> None:
        self._model_folders = model_folders
        log_file = current_log_file()  # the engine's log goes beside this process's
        context = multiprocessing.get_context("spawn")  # never fork a process running Qt
        self._stopped_generation = context.RawValue("q", 0)
        self._cancelled_load = context.RawValue("q", 0)
        self._last_words = context.RawArray("c", LAST_WORDS_BYTES)  # llama.cpp's, if it aborts
        commands_out, self._commands = context.Pipe(duplex=False)
        self._events, events_in = context.Pipe(duplex=False)
        self._process = context.Process(
            target=serve,
            args=(
                commands_out,
                events_in,
                self._stopped_generation,
                self._cancelled_load,
                self._last_words,
                logging.getLogger().getEffectiveLevel(),
                None if log_file is None else log_file.parent,
                verbose,
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
        self._ended = False
        self.backends: BackendReport | None = None  # the latest report, once one came
        # The reading thread and close() may both wait for the process; two waitpid()
        # calls at once would leave one of them thinking it still runs.
        self._wait_lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def is_alive(self) -> bool:
        with self._wait_lock:
            return self._process.is_alive()

    # ------------------------------------------------------------------ the seam
    def list_models(self) -> list[ModelEntry]:
        files = find_model_files(self._model_folders())
        return [ModelEntry(str(path), path.stem) for path in files]

    def load(self, model: str, options: LoadOptions) -> int:
        self._next_load += 1
        self._send(LoadModel(self._next_load, str(model), options))
        return self._next_load

    def cancel_load(self) -> None:
        self._cancelled_load.value = self._next_load

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
        self._next_request += 1
        request = PreviewPrompt(
            self._next_request, tuple(messages), sampling, continue_final, reasoning, raw
        )
        self._send(request)
        return self._next_request

    def count_tokens(self, texts: Sequence[str]) -> int:
        self._next_request += 1
        self._send(CountTokens(self._next_request, tuple(texts)))
        return self._next_request

    def stop_generation(self) -> None:
        self._stopped_generation.value = self._next_request

    def report_backends(self) -> None:
        """Ask for a fresh :class:`BackendsReported` (a GPU's free memory changes)."""
        self._send(ReportBackends())

    def next_event(self, timeout: float | None = None) -> Event | None:
        if self._ended:
            return None
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            while not self._events.poll(self._poll_seconds(deadline)):
                if not self.is_alive() and not self._events.poll(0):
                    raise EOFError  # it ended, and nothing it sent is left to read
                if deadline is not None and time.monotonic() >= deadline:
                    return None
            event = self._events.recv()
        except (EOFError, OSError):
            self._ended = True
            if self._closing:
                return None
            self._reap()
            exitcode = self._process.exitcode
            said = _source_relative(self._last_words.value.decode("utf-8", "replace"))
            if said:
                log.error("the engine process ended (%s); llama.cpp said: %s", exitcode, said)
            return EngineStopped(exitcode, crash_message(exitcode, said))
        if isinstance(event, BackendsReported):
            self.backends = event.report
        return event

    @staticmethod
    def _poll_seconds(deadline: float | None) -> float:
        if deadline is None:
            return POLL_SECONDS
        return max(0.0, min(POLL_SECONDS, deadline - time.monotonic()))

    def close(self) -> None:
        """End the engine process (a model in it is freed with it)."""
        self._closing = True
        self.stop_generation()
        self.cancel_load()
        self._commands.close()
        self._reap()

    def _reap(self) -> None:
        """Wait for the process to end; kill it if it has not within ``QUIT_SECONDS``."""
        with self._wait_lock:
            self._process.join(QUIT_SECONDS)
            if self._process.is_alive():
                log.warning("the engine process did not end in %.0f s: killing it", QUIT_SECONDS)
                self._process.kill()
                self._process.join()

    def _send(self, command: Command) -> None:
        try:
            self._commands.send(command)
        except (OSError, ValueError):
            # The process died, and next_event says so; the command is lost with it.
            log.warning("the engine process is gone; %s not sent", type(command).__name__)


def _source_relative(words: str) -> str:
    """llama.cpp's words without the folder it was built in: "/tmp/pip-…/vendor/llama.cpp/
    ggml/src/ggml-cpu/ops.cpp:4132: GGML_ASSERT(eps >= 0.0f) failed" says "ggml/src/…"."""
    where, colon, rest = words.partition(": ")
    if not colon or ":" not in where[2:]:  # no "file:line" (C:\\ aside): said as it is
        return words
    where = where.replace("\\", "/")
    _, built_in, inside = where.rpartition("llama.cpp/")
    return (inside if built_in else where.rsplit("/", 1)[-1]) + colon + rest


def crash_message(exitcode: int | None, said: str = "") -> Text:
    """What to tell the user when the engine process ended by itself with ``exitcode``,
    llama.cpp's last words (``said``) included where it left some."""
    if exitcode == -signal.SIGILL:
        return Text(
            "The engine stopped: this build of llama.cpp used a processor instruction that "
            "this computer, or the virtual machine it runs in, does not allow (SIGILL). Your "
            "conversations are safe. Reinstall llama-cpp-python built for this processor (see "
            "Troubleshooting in the README), or use the LlamaDesk installer, whose llama.cpp "
            "is built for a wide range of processors."
        )
    if exitcode is not None and exitcode < 0:
        try:
            how = Text("signal {name}", name=signal.Signals(-exitcode).name)
        except ValueError:
            how = Text("signal {number}", number=-exitcode)
    else:
        how = Text("exit code {code}", code=exitcode)
    stopped = Text(
        "The engine stopped unexpectedly ({how}), and the model with it. Your conversations "
        "are safe. Load the model again; if this happens again with the same model, the file "
        "may be damaged or need a newer version of llama.cpp.",
        how=how,
    )
    if not said:
        return stopped
    return Text("{stopped} llama.cpp said: {said}", stopped=stopped, said=said)
