"""A crash inside llama.cpp is always reported and reaped, and the next model runs.

The crash is a real one: a model whose RMS-norm epsilon is NaN makes llama.cpp abort
(``GGML_ASSERT(eps >= 0.0f)``) at its first answer. LlamaDesk refuses such a file before
llama.cpp sees it, so these tests start the engine process through
:func:`serve_without_header_checks`: the real engine process, with only the header's
hyper-parameter check turned off in it, stands for whatever crash the checks do not know.
"""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gguf import GGUFValueType

from llamadesk.core.engine import (
    BackendsReported,
    EngineStopped,
    GenerationFinished,
    LocalEngine,
    ModelLoaded,
    SamplingParams,
    TextReceived,
)
from llamadesk.core.engine.host import serve
from llamadesk.core.gguf import write_model
from llamadesk.core.machine import LoadOptions
from llamadesk.core.paths import logs_dir

HELLO = [{"role": "user", "content": "Hello"}]
ROOT = Path(__file__).resolve().parents[3]
GDB_NOISE = ("ptrace", "No stack", "gdb", "backtrace")


def serve_without_header_checks(*args) -> None:
    """The engine process's main function, with the hyper-parameter check turned off."""
    from llamadesk.core.gguf import header

    header.check_hyperparameters = lambda name, metadata: None
    serve(*args)


def serve_and_abort_leaving_a_child(commands, events, *_args) -> None:
    """An engine that forks a child holding its pipes (as ggml's gdb did), then aborts."""
    child = os.fork()
    if child == 0:
        time.sleep(60)
        os._exit(0)
    events.send(("child", child))
    os.abort()


@pytest.fixture(scope="module")
def nan_model(tmp_path_factory) -> Path:
    return write_model(
        tmp_path_factory.mktemp("crash") / "nan-epsilon.gguf",
        metadata={
            "llama.attention.layer_norm_rms_epsilon": (math.nan, GGUFValueType.FLOAT32),
        },
    )


@pytest.fixture
def unchecked_engines(monkeypatch):
    """LocalEngines started through serve_without_header_checks, closed afterwards; ggml's
    backtrace left as the user's environment has it (unset)."""
    monkeypatch.delenv("GGML_NO_BACKTRACE", raising=False)
    monkeypatch.setattr("llamadesk.core.engine.local.serve", serve_without_header_checks)
    engines: list[LocalEngine] = []

    def make() -> LocalEngine:
        engines.append(LocalEngine())
        return engines[-1]

    yield make
    for engine in engines:
        engine.close()


def next_of(engine: LocalEngine, *kinds: type, within: float = 10.0):
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        event = engine.next_event(left)
        if isinstance(event, kinds):
            return event
        assert not isinstance(event, EngineStopped), event.message
    raise AssertionError(f"no {[k.__name__ for k in kinds]} within {within} s")


def chat(engine: LocalEngine, model: Path) -> None:
    """Load ``model`` and answer: a normal load and chat."""
    engine.load(str(model), LoadOptions(n_ctx=512))
    next_of(engine, ModelLoaded)
    engine.generate(HELLO, SamplingParams(seed=1, max_tokens=8))
    finished = next_of(engine, GenerationFinished, TextReceived)
    while not isinstance(finished, GenerationFinished):
        finished = next_of(engine, GenerationFinished, TextReceived)
    assert finished.stats.generated_tokens > 0


def test_an_abort_in_llama_cpp_is_reported_reaped_and_the_next_model_chats(
    unchecked_engines, nan_model, tiny_model, capfd
):
    for _ in range(4):
        engine = unchecked_engines()
        engine.load(str(nan_model), LoadOptions(n_ctx=512))
        next_of(engine, ModelLoaded)
        started = time.monotonic()
        engine.generate(HELLO, SamplingParams(seed=1, max_tokens=8))
        stopped = next_of(engine, EngineStopped, within=10.0)
        assert time.monotonic() - started < 10.0
        assert stopped.exitcode == -signal.SIGABRT
        assert "The engine stopped unexpectedly (signal SIGABRT)" in stopped.message
        assert "llama.cpp said: ggml/src/" in stopped.message  # its last words, where in
        # its source, without the folder it was built in: for a bug report
        assert stopped.message.endswith("GGML_ASSERT(eps >= 0.0f) failed")
        assert not engine.is_alive()  # reaped
        assert engine.next_event(0.1) is None
    err = capfd.readouterr().err
    assert "GGML_ASSERT(eps >= 0.0f) failed" in err  # llama.cpp's own line, and nothing else:
    assert not any(noise in err for noise in GDB_NOISE), err  # no forked debugger
    chat(unchecked_engines(), tiny_model)


@pytest.mark.skipif(not Path("/proc/self/limits").exists(), reason="Linux's /proc")
def test_a_crashed_engine_leaves_no_core_file(monkeypatch):
    monkeypatch.delenv("LLAMADESK_CORE_DUMPS", raising=False)
    engine = LocalEngine()
    try:
        next_of(engine, BackendsReported)  # it is running
        limits = Path(f"/proc/{engine.pid}/limits").read_text().splitlines()
        core = next(line for line in limits if line.startswith("Max core file size"))
        assert core.split()[4:6] == ["0", "0"], core  # soft and hard
    finally:
        engine.close()


def test_a_crash_is_reported_even_while_something_holds_the_pipe(monkeypatch):
    monkeypatch.setattr("llamadesk.core.engine.local.serve", serve_and_abort_leaving_a_child)
    engine, child = LocalEngine(), None
    try:
        _, child = engine.next_event(10)
        stopped = engine.next_event(10)  # the child still holds the pipe's other end
        assert isinstance(stopped, EngineStopped) and stopped.exitcode == -signal.SIGABRT
    finally:
        if child is not None:
            os.kill(child, signal.SIGKILL)
        engine.close()


# Runs ``llamadesk`` with the engine process started through serve_without_header_checks;
# reports the peak memory of the terminal and its engine process in the file PEAK_FILE.
TERMINAL = """
import os, resource, sys
from llamadesk.cli.main import main
from llamadesk.core.engine import local
from tests.core.engine.test_crashes import serve_without_header_checks

if __name__ == "__main__":
    local.serve = serve_without_header_checks
    try:
        code = main(sys.argv[1:])
    finally:
        usage = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        peak = max(u.ru_maxrss for u in usage)
        with open(os.environ["PEAK_FILE"], "w") as report:
            report.write(str(peak))
    sys.exit(code)
"""


@pytest.mark.parametrize("interactive", [False, True])
def test_the_terminal_reports_an_engine_crash_in_a_sentence(
    nan_model, tmp_path, interactive, monkeypatch
):
    monkeypatch.delenv("GGML_NO_BACKTRACE", raising=False)
    args = ["chat", "-m", str(nan_model), "-n", "8"] + ([] if interactive else ["-p", "Hello"])
    peak_file = tmp_path / "peak"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", TERMINAL, *args],
        input="Hello\n" if interactive else None,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PEAK_FILE": str(peak_file), "PYTHONPATH": str(ROOT / "app")},
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: The engine stopped unexpectedly (signal SIGABRT)")
    assert last.endswith("GGML_ASSERT(eps >= 0.0f) failed")
    engine_log = (logs_dir() / "engine.log").read_text()  # the user's log keeps it too
    assert "llama.cpp aborted: " in engine_log and "GGML_ASSERT(eps >= 0.0f)" in engine_log
    assert "Traceback" not in result.stderr
    assert not any(noise in result.stderr for noise in GDB_NOISE), result.stderr
    assert elapsed < 10.0
    assert int(peak_file.read_text()) * 1024 < 1 << 30  # ru_maxrss is in KiB on Linux
