"""The engine thread, through the real llama.cpp on tiny models."""

from __future__ import annotations

from app.core.backends import LoadOptions
from app.core.sampling import SamplingParams

HELLO = [{"role": "user", "content": "Hello"}]


def loaded_thread(engine_thread, qtbot, model):
    thread = engine_thread()
    with qtbot.waitSignal(thread.worker.model_loaded, timeout=30000) as loaded:
        thread.load(str(model), LoadOptions(n_ctx=2048))
    return thread, loaded.args[0]


def test_load_streams_and_finishes_on_the_engine_thread(engine_thread, qtbot, tiny_model):
    thread = engine_thread()
    progress = []
    thread.worker.load_progress.connect(progress.append)
    with qtbot.waitSignal(thread.worker.model_loaded, timeout=30000) as loaded:
        thread.load(str(tiny_model), LoadOptions(n_ctx=2048))
    assert loaded.args[0].info.n_layer == 2
    assert progress and progress[-1] == 1.0

    received: list[tuple[int, str]] = []
    thread.worker.text_received.connect(lambda rid, text: received.append((rid, text)))
    with qtbot.waitSignal(thread.worker.generation_finished, timeout=30000) as finished:
        request = thread.generate(HELLO, SamplingParams(seed=1, max_tokens=400))
    request_id, stats = finished.args
    assert request_id == request
    assert stats.generated_tokens > 0 and stats.finish_reason in ("length", "stop")
    assert {rid for rid, _ in received} == {request}
    text = "".join(t for _, t in received)
    assert text
    # Coalesced: a fast model's tokens reach the GUI in fewer, larger pieces.
    if stats.generated_tokens > 100:
        assert len(received) < stats.generated_tokens


def test_stop_cancels_a_running_answer_and_the_thread_stays_usable(
    engine_thread, qtbot, tiny_model
):
    thread, _ = loaded_thread(engine_thread, qtbot, tiny_model)
    thread.worker.text_received.connect(lambda *_: thread.stop_generation())
    with qtbot.waitSignal(thread.worker.generation_finished, timeout=30000) as finished:
        thread.generate(HELLO, SamplingParams(seed=1, max_tokens=100000))
    assert finished.args[1].finish_reason == "cancelled"
    thread.worker.text_received.disconnect()
    with qtbot.waitSignal(thread.worker.generation_finished, timeout=30000) as finished:
        thread.generate(HELLO, SamplingParams(seed=1, max_tokens=8))
    assert finished.args[1].generated_tokens > 0


def test_stop_before_the_worker_starts_the_request_is_not_lost(engine_thread, qtbot, tiny_model):
    thread, _ = loaded_thread(engine_thread, qtbot, tiny_model)
    with qtbot.waitSignal(thread.worker.generation_finished, timeout=30000) as finished:
        thread.generate(HELLO, SamplingParams(seed=1, max_tokens=100000))
        thread.stop_generation()
    assert finished.args[1].finish_reason == "cancelled"


def test_a_bad_file_reports_a_message_instead_of_crashing(engine_thread, qtbot, tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\xff" * 20)
    thread = engine_thread()
    with qtbot.waitSignal(thread.worker.model_load_failed, timeout=30000) as failed:
        thread.load(str(bad), LoadOptions())
    assert "bad.gguf" in failed.args[0]


def test_generation_without_a_model_fails_with_a_message(engine_thread, qtbot):
    thread = engine_thread()
    with qtbot.waitSignal(thread.worker.generation_failed, timeout=30000) as failed:
        thread.generate(HELLO, SamplingParams())
    assert "No model is loaded" in failed.args[1]


def test_loading_can_be_cancelled(engine_thread, qtbot, tiny_model):
    thread = engine_thread()
    thread.worker.load_progress.connect(lambda _: thread.cancel_load())
    with qtbot.waitSignal(thread.worker.model_load_cancelled, timeout=30000):
        thread.load(str(tiny_model), LoadOptions())
