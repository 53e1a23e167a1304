"""The local engine (llama.cpp in a process of its own), driven without Qt, through the
real llama.cpp, and its typed protocol."""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading

import pytest

from llamadesk.core.engine import (
    BackendsReported,
    EngineStopped,
    GenerationFinished,
    LoadedModel,
    LoadModel,
    LoadProgress,
    LocalEngine,
    ModelLoaded,
    ModelLoadFailed,
    PromptPreviewed,
    ReasoningOptions,
    SamplingParams,
    TextReceived,
    TokensCounted,
    crash_message,
    estimate_tokens,
)
from llamadesk.core.engine.host import Host
from llamadesk.core.machine import LoadOptions

HELLO = [{"role": "user", "content": "Hello"}]


@pytest.fixture
def engine():
    engine = LocalEngine()
    yield engine
    engine.close()


def events_until(engine: LocalEngine, kind: type) -> list:
    events = []
    while True:
        events.append(engine.next_event(60))
        assert events[-1] is not None, f"no {kind.__name__} within a minute"
        if isinstance(events[-1], kind):
            return events


def test_the_engine_reports_its_backends_first(engine):
    first = engine.next_event(60)
    assert isinstance(first, BackendsReported)
    assert "CPU" in first.report.backends and engine.backends == first.report
    assert "llama_cpp" not in sys.modules or "pytest" in sys.modules  # here: other tests


def test_loads_streams_and_answers_in_another_process(engine, tiny_model):
    assert engine.pid not in (None, os.getpid())
    load_id = engine.load(str(tiny_model), LoadOptions(n_ctx=1024))
    events = events_until(engine, ModelLoaded)
    assert events[-1].load_id == load_id and events[-1].model.info.n_layer == 2
    assert {type(e) for e in events[:-1]} == {BackendsReported, LoadProgress}

    request_id = engine.generate(HELLO, SamplingParams(seed=1, max_tokens=200))
    events = events_until(engine, GenerationFinished)
    text = "".join(e.text for e in events if isinstance(e, TextReceived))
    stats = events[-1].stats
    assert {e.request_id for e in events} == {request_id}
    assert text and stats.generated_tokens > 0
    if stats.generated_tokens > 50:  # coalesced: fewer messages than tokens
        assert len(events) - 1 < stats.generated_tokens


def test_thinking_and_the_prompt_come_through_the_process(engine, tmp_path):
    from pathlib import Path

    from llamadesk.core.gguf import synthetic

    source = Path(__file__).parents[2] / "data" / "chat_templates" / "Qwen-Qwen3-0.6B.jinja"
    model = synthetic.write_model(
        tmp_path / "qwen3.gguf", chat_template=source.read_text(), vocabulary=synthetic.QWEN3
    )
    engine.load(str(model), LoadOptions(n_ctx=1024))
    loaded = events_until(engine, ModelLoaded)[-1].model
    assert loaded.thinking.switch and loaded.thinking.marked
    grammar = 'root ::= <think> "I add them." </think> "It is 4."'
    sampling = SamplingParams(seed=1, temperature=0, max_tokens=50, grammar=grammar)
    engine.generate(HELLO, sampling)
    events = events_until(engine, GenerationFinished)
    pieces = [e for e in events if isinstance(e, TextReceived)]
    assert "".join(e.thinking for e in pieces) == "I add them."
    assert "".join(e.text for e in pieces) == "It is 4."
    assert events[-1].stats.thinking_tokens > 0

    request = engine.preview_prompt(HELLO, sampling, reasoning=ReasoningOptions(thinking=False))
    preview = events_until(engine, PromptPreviewed)[-1]
    assert preview.request_id == request and preview.preview.dropped_messages == 0
    assert preview.preview.text.endswith("<|im_start|>assistant\n<think>\n\n</think>\n\n")
    assert preview.preview.tokens > 10 and preview.preview.n_ctx == 1024


def test_tokens_are_counted_with_the_model_s_tokenizer(engine, tiny_model):
    request = engine.count_tokens(["Hello"])
    refused = events_until(engine, TokensCounted)[-1]
    assert refused.request_id == request and refused.counts is None and refused.message
    engine.load(str(tiny_model), LoadOptions(n_ctx=1024))
    events_until(engine, ModelLoaded)
    document = "The report says sales grew. " * 40
    request = engine.count_tokens([document, "", "Hello"])
    counted = events_until(engine, TokensCounted)[-1]
    assert counted.request_id == request and counted.exact
    tokens, empty, hello = counted.counts
    assert empty == 0 and 0 < hello < tokens
    assert tokens != estimate_tokens(document)  # the model's own count, not a rule of thumb


def test_stop_reaches_a_queued_request_too(engine, tiny_model):
    engine.load(str(tiny_model), LoadOptions(n_ctx=1024))
    events_until(engine, ModelLoaded)
    first = engine.generate(HELLO, SamplingParams(seed=1, max_tokens=100000))
    second = engine.generate(HELLO, SamplingParams(seed=1, max_tokens=100000))
    engine.stop_generation()
    finished = [events_until(engine, GenerationFinished)[-1] for _ in range(2)]
    assert [(e.request_id, e.stats.finish_reason) for e in finished] == [
        (first, "cancelled"),
        (second, "cancelled"),
    ]
    # A request sent after the stop is not stopped by it.
    engine.generate(HELLO, SamplingParams(seed=1, max_tokens=4))
    assert events_until(engine, GenerationFinished)[-1].stats.generated_tokens > 0


def test_a_refused_file_is_a_message_and_the_process_lives_on(engine, tmp_path, tiny_model):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model")
    engine.load(str(bad), LoadOptions())
    failed = events_until(engine, ModelLoadFailed)[-1]
    assert "bad.gguf" in failed.message and failed.still_loaded is None
    engine.load(str(tiny_model), LoadOptions(n_ctx=512))
    assert events_until(engine, ModelLoaded)[-1].model.path.name == tiny_model.name


def test_a_dead_engine_process_is_its_last_event(engine, tiny_model):
    engine.load(str(tiny_model), LoadOptions(n_ctx=512))
    events_until(engine, ModelLoaded)
    os.kill(engine.pid, signal.SIGKILL)
    stopped = events_until(engine, EngineStopped)[-1]
    assert stopped.exitcode == -signal.SIGKILL and "signal SIGKILL" in stopped.message
    assert engine.next_event(0.1) is None  # nothing more comes


def test_closing_ends_the_process(tiny_model):
    engine = LocalEngine()
    engine.load(str(tiny_model), LoadOptions(n_ctx=512))
    engine.generate(HELLO, SamplingParams(seed=1, max_tokens=100000))
    engine.close()
    while engine.next_event() is not None:
        pass
    assert not engine.is_alive()


def test_a_reader_thread_gets_every_event_while_another_thread_commands(engine, tiny_model):
    received: list = []
    finished = threading.Event()

    def read() -> None:
        while (event := engine.next_event()) is not None:
            received.append(event)
            if isinstance(event, GenerationFinished):
                finished.set()

    reader = threading.Thread(target=read)
    reader.start()
    engine.load(str(tiny_model), LoadOptions(n_ctx=512))
    request = engine.generate(HELLO, SamplingParams(seed=1, max_tokens=8))
    assert finished.wait(60)
    engine.close()  # the reader's next_event gives None: it ends
    reader.join(60)
    assert not reader.is_alive()
    assert [e.request_id for e in received if isinstance(e, GenerationFinished)] == [request]


def test_the_models_an_engine_lists_are_its_folders_gguf_files(tmp_path, tiny_model):
    (tmp_path / "a.gguf").write_bytes(tiny_model.read_bytes())
    (tmp_path / "notes.txt").write_text("not a model")
    engine = LocalEngine(lambda: [tmp_path])
    try:
        assert [(m.id, m.name) for m in engine.list_models()] == [(str(tmp_path / "a.gguf"), "a")]
    finally:
        engine.close()


def test_commands_and_events_pickle_with_their_types(tiny_model):
    command = LoadModel(3, str(tiny_model), LoadOptions(n_ctx=512))
    assert pickle.loads(pickle.dumps(command)) == command
    message = crash_message(-signal.SIGILL)
    event = pickle.loads(pickle.dumps(EngineStopped(-signal.SIGILL, message)))
    assert event.message.template == message.template  # a Text still, to be translated


class _Events:
    def __init__(self) -> None:
        self.sent: list = []

    def send(self, event) -> None:
        self.sent.append(event)


def test_an_unknown_command_is_logged_and_the_host_goes_on(caplog):
    events = _Events()
    host = Host(
        engine=None,
        backend_report=None,
        events=events,
        stopped_generation=None,
        cancelled_load=None,
    )
    host.run(("load", 1, "file.gguf"))  # what an older parent sent: not a command now
    assert events.sent == [] and "unknown engine command" in caplog.text


def test_a_loaded_model_says_which_backend_runs_it(engine, tiny_model):
    engine.load(str(tiny_model), LoadOptions(n_ctx=512, gpu_layers="none"))
    loaded: LoadedModel = events_until(engine, ModelLoaded)[-1].model
    assert loaded.backend == "CPU" and "none" in loaded.offload_summary
