"""The engine in its own process, driven without Qt, through the real llama.cpp."""

from __future__ import annotations

import os
import signal

import pytest

from llamadesk.core.engine.local import EngineCrashed, EngineProcess
from llamadesk.core.engine.sampling import SamplingParams
from llamadesk.core.machine import LoadOptions

HELLO = [{"role": "user", "content": "Hello"}]


@pytest.fixture
def process():
    engine = EngineProcess()
    yield engine
    engine.close()


def events_until(process: EngineProcess, kind: str) -> list[tuple]:
    events = []
    while True:
        events.append(process.next_event())
        if events[-1][0] == kind:
            return events


def test_loads_streams_and_answers_in_another_process(process, tiny_model):
    assert process.pid not in (None, os.getpid())
    load_id = process.load(str(tiny_model), LoadOptions(n_ctx=1024))
    events = events_until(process, "model_loaded")
    assert events[-1][1] == load_id and events[-1][2].info.n_layer == 2
    assert {e[0] for e in events[:-1]} == {"load_progress"}

    request_id = process.generate(HELLO, SamplingParams(seed=1, max_tokens=200), False)
    events = events_until(process, "generation_finished")
    text = "".join(e[2] for e in events if e[0] == "text")
    stats = events[-1][2]
    assert {e[1] for e in events} == {request_id}
    assert text and stats.generated_tokens > 0
    if stats.generated_tokens > 50:  # coalesced: fewer messages than tokens
        assert len(events) - 1 < stats.generated_tokens


def test_stop_reaches_a_queued_request_too(process, tiny_model):
    process.load(str(tiny_model), LoadOptions(n_ctx=1024))
    events_until(process, "model_loaded")
    first = process.generate(HELLO, SamplingParams(seed=1, max_tokens=100000), False)
    second = process.generate(HELLO, SamplingParams(seed=1, max_tokens=100000), False)
    process.stop_generation()
    finished = [e for e in events_until(process, "generation_finished") if e[0] != "text"]
    finished += [e for e in events_until(process, "generation_finished") if e[0] != "text"]
    assert [(e[1], e[2].finish_reason) for e in finished] == [
        (first, "cancelled"),
        (second, "cancelled"),
    ]
    # A request sent after the stop is not stopped by it.
    process.generate(HELLO, SamplingParams(seed=1, max_tokens=4), False)
    assert events_until(process, "generation_finished")[-1][2].generated_tokens > 0


def test_a_refused_file_is_a_message_and_the_process_lives_on(process, tmp_path, tiny_model):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model")
    process.load(str(bad), LoadOptions())
    failed = events_until(process, "model_load_failed")[-1]
    assert "bad.gguf" in failed[2] and failed[3] is None
    process.load(str(tiny_model), LoadOptions(n_ctx=512))
    assert events_until(process, "model_loaded")[-1][2].path.name == tiny_model.name


def test_a_dead_engine_process_is_reported_as_a_crash(process, tiny_model):
    process.load(str(tiny_model), LoadOptions(n_ctx=512))
    events_until(process, "model_loaded")
    os.kill(process.pid, signal.SIGKILL)
    with pytest.raises(EngineCrashed) as crash:
        events_until(process, "never")
    assert crash.value.exitcode == -signal.SIGKILL


def test_closing_ends_the_process(tiny_model):
    process = EngineProcess()
    process.load(str(tiny_model), LoadOptions(n_ctx=512))
    process.generate(HELLO, SamplingParams(seed=1, max_tokens=100000), False)
    process.close()
    with pytest.raises(EOFError):
        while True:
            process.next_event()
    assert not process.is_alive()
