"""The engine process seen from the window, through the real llama.cpp on tiny models."""

from __future__ import annotations

import math
import os
import signal

from gguf import GGUFValueType

from llamadesk.core.engine import SamplingParams
from llamadesk.core.gguf import write_model
from llamadesk.core.machine import LoadOptions
from tests.core.engine.test_crashes import serve_without_header_checks

HELLO = [{"role": "user", "content": "Hello"}]


def loaded_client(engine_client, qtbot, model):
    client = engine_client()
    with qtbot.waitSignal(client.model_loaded, timeout=30000) as loaded:
        client.load(str(model), LoadOptions(n_ctx=2048))
    return client, loaded.args[0]


def test_load_streams_and_finishes_through_the_engine_process(engine_client, qtbot, tiny_model):
    client = engine_client()
    progress = []
    client.load_progress.connect(progress.append)
    with qtbot.waitSignal(client.model_loaded, timeout=30000) as loaded:
        client.load(str(tiny_model), LoadOptions(n_ctx=2048))
    assert loaded.args[0].info.n_layer == 2
    assert progress and progress[-1] == 1.0

    received: list[tuple[int, str]] = []
    client.text_received.connect(lambda rid, text: received.append((rid, text)))
    with qtbot.waitSignal(client.generation_finished, timeout=30000) as finished:
        request = client.generate(HELLO, SamplingParams(seed=1, max_tokens=400))
    request_id, stats = finished.args
    assert request_id == request
    assert stats.generated_tokens > 0 and stats.finish_reason in ("length", "stop")
    assert {rid for rid, _ in received} == {request}
    text = "".join(t for _, t in received)
    assert text
    # Coalesced: a fast model's tokens reach the GUI in fewer, larger pieces.
    if stats.generated_tokens > 100:
        assert len(received) < stats.generated_tokens


def test_stop_cancels_a_running_answer_and_the_engine_stays_usable(
    engine_client, qtbot, tiny_model
):
    client, _ = loaded_client(engine_client, qtbot, tiny_model)
    client.text_received.connect(lambda *_: client.stop_generation())
    with qtbot.waitSignal(client.generation_finished, timeout=30000) as finished:
        client.generate(HELLO, SamplingParams(seed=1, max_tokens=100000))
    assert finished.args[1].finish_reason == "cancelled"
    client.text_received.disconnect()
    with qtbot.waitSignal(client.generation_finished, timeout=30000) as finished:
        client.generate(HELLO, SamplingParams(seed=1, max_tokens=8))
    assert finished.args[1].generated_tokens > 0


def test_stop_before_the_engine_starts_the_request_is_not_lost(engine_client, qtbot, tiny_model):
    client, _ = loaded_client(engine_client, qtbot, tiny_model)
    with qtbot.waitSignal(client.generation_finished, timeout=30000) as finished:
        client.generate(HELLO, SamplingParams(seed=1, max_tokens=100000))
        client.stop_generation()
    assert finished.args[1].finish_reason == "cancelled"


def test_a_bad_file_reports_a_message_instead_of_crashing(engine_client, qtbot, tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\xff" * 20)
    client = engine_client()
    with qtbot.waitSignal(client.model_load_failed, timeout=30000) as failed:
        client.load(str(bad), LoadOptions())
    assert "bad.gguf" in failed.args[0]


def test_generation_without_a_model_fails_with_a_message(engine_client, qtbot):
    client = engine_client()
    with qtbot.waitSignal(client.generation_failed, timeout=30000) as failed:
        client.generate(HELLO, SamplingParams())
    assert "No model is loaded" in failed.args[1]


def test_loading_can_be_cancelled(engine_client, qtbot, tiny_model):
    client = engine_client()
    with qtbot.waitSignal(client.model_load_cancelled, timeout=30000):
        client.load(str(tiny_model), LoadOptions())
        client.cancel_load()  # before llama.cpp's first progress report: it never loads
    with qtbot.waitSignal(client.model_loaded, timeout=30000):
        client.load(str(tiny_model), LoadOptions(n_ctx=512))  # a later load is not cancelled


def test_an_engine_that_dies_is_reported_and_replaced(engine_client, qtbot, tiny_model):
    client, _ = loaded_client(engine_client, qtbot, tiny_model)
    first = client.pid
    with qtbot.waitSignal(client.engine_crashed, timeout=30000) as crashed:
        os.kill(first, signal.SIGILL)  # what a build for another processor dies of
    assert "SIGILL" in crashed.args[0] and "Troubleshooting" in crashed.args[0]
    with qtbot.waitSignal(client.generation_failed, timeout=30000) as failed:
        client.generate(HELLO, SamplingParams())  # a fresh engine, with no model yet
    assert "No model is loaded" in failed.args[1]
    assert client.pid not in (None, first)
    client.load(str(tiny_model), LoadOptions(n_ctx=512))
    with qtbot.waitSignal(client.generation_finished, timeout=30000) as finished:
        client.generate(HELLO, SamplingParams(seed=1, max_tokens=4))
    assert finished.args[1].generated_tokens > 0


def test_a_crash_fails_the_answer_and_the_load_in_flight(engine_client, qtbot, tiny_model):
    client, _ = loaded_client(engine_client, qtbot, tiny_model)
    failures = []
    client.generation_failed.connect(lambda rid, text: failures.append(("answer", rid)))
    client.model_load_failed.connect(lambda text, loaded: failures.append(("load", loaded)))
    request = client.generate(HELLO, SamplingParams(seed=1, max_tokens=100000))
    client.load(str(tiny_model), LoadOptions(n_ctx=512))  # queued behind the answer
    with qtbot.waitSignal(client.engine_crashed, timeout=30000) as crashed:
        os.kill(client.pid, signal.SIGKILL)
    assert "signal SIGKILL" in crashed.args[0]
    assert failures == [("answer", request), ("load", None)]


def test_an_abort_inside_llama_cpp_is_reported_and_the_next_model_chats(
    engine_client, qtbot, tiny_model, tmp_path, monkeypatch
):
    """A model that makes llama.cpp abort (a NaN epsilon, let through the header checks:
    see tests/core/engine/test_crashes.py): the answer fails with a sentence, the window
    hears the engine crashed, and the next model loads and answers."""
    monkeypatch.delenv("GGML_NO_BACKTRACE", raising=False)
    monkeypatch.setattr("llamadesk.core.engine.local.serve", serve_without_header_checks)
    nan = write_model(
        tmp_path / "nan.gguf",
        metadata={"llama.attention.layer_norm_rms_epsilon": (math.nan, GGUFValueType.FLOAT32)},
    )
    client = engine_client()
    with qtbot.waitSignal(client.model_loaded, timeout=30000):
        client.load(str(nan), LoadOptions(n_ctx=512))
    first = client.pid
    failed: list[tuple[int, str]] = []
    client.generation_failed.connect(lambda rid, text: failed.append((rid, text)))
    with qtbot.waitSignal(client.engine_crashed, timeout=10000) as crashed:
        request = client.generate(HELLO, SamplingParams(seed=1, max_tokens=8))
    assert "The engine stopped unexpectedly (signal SIGABRT)" in crashed.args[0]
    assert failed == [(request, crashed.args[0])] and not client.is_running()
    with qtbot.waitSignal(client.model_loaded, timeout=30000):
        client.load(str(tiny_model), LoadOptions(n_ctx=512))
    assert client.pid not in (None, first)
    with qtbot.waitSignal(client.generation_finished, timeout=30000) as finished:
        client.generate(HELLO, SamplingParams(seed=1, max_tokens=4))
    assert finished.args[1].generated_tokens > 0
