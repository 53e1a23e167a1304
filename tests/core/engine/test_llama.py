"""The real llama.cpp engine on tiny random-weight models."""

from __future__ import annotations

import ast
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from llamadesk.core.engine import CancelToken, GenerationStats, SamplingParams
from llamadesk.core.engine.llama import Engine, backend_report
from llamadesk.core.errors import GenerationError, LoadCancelled, ModelFileError, ModelLoadError
from llamadesk.core.gguf import synthetic as synthetic_model
from llamadesk.core.machine import LoadOptions

HELLO = [{"role": "user", "content": "Hello 你好, how are you?"}]


def run(engine: Engine, messages=HELLO, **sampling) -> tuple[list[str], GenerationStats]:
    items = list(engine.stream_chat(messages, SamplingParams(**sampling)))
    *pieces, stats = items
    assert isinstance(stats, GenerationStats)
    assert all(isinstance(p, str) and p for p in pieces)
    return pieces, stats


@pytest.fixture
def engine(tiny_model: Path):
    with Engine() as engine:
        engine.load(tiny_model, LoadOptions(n_ctx=2048))
        yield engine


@pytest.mark.parametrize("quant", synthetic_model.QUANTIZATIONS)
def test_load_generate_unload_and_reload_each_quantization(tiny_models, quant):
    with Engine() as engine:
        for _ in range(2):
            loaded = engine.load(tiny_models[quant])
            assert loaded.info.quantization == quant
            assert loaded.backend == "CPU" and loaded.layers_offloaded == 0
            assert loaded.memory_reported["KV"] > 0
            pieces, stats = run(engine, seed=3, max_tokens=16)
            assert stats.generated_tokens > 0 and pieces
            engine.unload()
            assert engine.loaded is None
            with pytest.raises(GenerationError, match="No model is loaded"):
                run(engine)


def test_loading_a_second_model_replaces_the_first(tiny_models):
    with Engine() as engine:
        engine.load(tiny_models["F16"])
        second = engine.load(tiny_models["Q4_0"])
        assert engine.loaded is second and second.info.quantization == "Q4_0"
        assert run(engine, seed=1, max_tokens=4)[1].generated_tokens > 0


def test_streams_pieces_and_reports_stats(engine):
    pieces, stats = run(engine, seed=11, max_tokens=40, temperature=1.0)
    assert len(pieces) > 5  # streamed, not delivered in one lump
    assert stats.finish_reason in ("length", "stop")
    if stats.finish_reason == "length":
        assert stats.generated_tokens == 40
    assert stats.prompt_tokens == len(engine.tokenize(engine.render_prompt(HELLO)[0]))
    assert 0 < stats.time_to_first_token < 5
    assert stats.tokens_per_second > 0
    assert stats.seed == 11
    assert stats.context_used >= stats.prompt_tokens


def test_same_seed_gives_the_same_text_and_another_seed_does_not(engine):
    first = "".join(run(engine, seed=42, max_tokens=48, temperature=1.0)[0])
    again = "".join(run(engine, seed=42, max_tokens=48, temperature=1.0)[0])
    other = "".join(run(engine, seed=43, max_tokens=48, temperature=1.0)[0])
    assert first == again
    assert first != other


def test_random_seed_is_reported_so_an_answer_can_be_reproduced(engine):
    pieces, stats = run(engine, max_tokens=24, temperature=1.0)
    assert "".join(run(engine, seed=stats.seed, max_tokens=24, temperature=1.0)[0]) == "".join(
        pieces
    )


def test_stop_string_ends_the_answer_before_it(engine):
    full = "".join(run(engine, seed=5, max_tokens=80, temperature=1.0)[0])
    assert len(full) > 20
    stop = full[12:15]
    cut = full[: full.index(stop)]
    pieces, stats = run(engine, seed=5, max_tokens=80, temperature=1.0, stop=(stop,))
    assert "".join(pieces) == cut
    assert stats.finish_reason == "stop"


def test_ignoring_end_of_generation_generates_exactly_max_tokens(engine):
    # A benchmark compares with llama-bench, which generates exactly -n tokens. Random
    # weights sample an end-of-generation token now and then: find a seed whose answer
    # ends early (about half of them do within 120 tokens on the tiny model).
    for seed in range(1, 30):
        early_pieces, early = run(engine, seed=seed, max_tokens=120, temperature=1.0)
        if early.finish_reason == "stop" and early.generated_tokens < 120:
            break
    else:
        pytest.fail("no seed ended its answer early")
    items = list(
        engine.stream_chat(
            HELLO,
            SamplingParams(seed=seed, max_tokens=120, temperature=1.0),
            ignore_end_of_generation=True,
        )
    )
    *pieces, stats = items
    assert stats.generated_tokens == 120 and stats.finish_reason == "length"
    # The same tokens up to the end-of-generation token, which then counts like any other
    # token (its text is empty), and the answer goes on after it.
    assert "".join(pieces).startswith("".join(early_pieces))
    assert len("".join(pieces)) > len("".join(early_pieces))
    assert stats.context_used == stats.prompt_tokens + 120


def test_cancel_during_generation_stops_at_once_and_the_model_stays_usable(engine):
    cancel = CancelToken()
    received = []
    stats = None
    for item in engine.stream_chat(HELLO, SamplingParams(seed=1, max_tokens=500), cancel):
        if isinstance(item, str):
            received.append(item)
            cancel.set()
        else:
            stats = item
    assert stats.finish_reason == "cancelled"
    assert stats.generated_tokens <= 4  # at most the pieces held in the UTF-8 decoder
    assert run(engine, seed=1, max_tokens=8)[1].generated_tokens > 0


class CancelAfterPolls:
    """Becomes set after llama.cpp's abort callback asked ``polls`` times."""

    def __init__(self, polls: int) -> None:
        self.polls, self.asked = polls, 0

    def is_set(self) -> bool:
        self.asked += 1
        return self.asked > self.polls


def long_conversation(n: int = 60) -> list[dict[str, str]]:
    messages = []
    for i in range(n):
        messages.append({"role": "user", "content": f"Question {i}: the model answer is fast"})
        messages.append({"role": "assistant", "content": "I is a local chat model and token"})
    messages.append({"role": "user", "content": "Last question?"})
    return messages


def test_cancel_inside_prompt_processing_aborts_llama_decode(tiny_model):
    with Engine() as engine:
        engine.load(tiny_model, LoadOptions(n_ctx=4096, n_batch=64))
        messages = long_conversation()
        reference = "".join(run(engine, messages, seed=9, max_tokens=24)[0])
        engine.load(tiny_model, LoadOptions(n_ctx=4096, n_batch=64))  # empty KV cache
        cancel = CancelAfterPolls(polls=3)
        *pieces, stats = engine.stream_chat(messages, SamplingParams(seed=9), cancel)
        assert pieces == [] and stats.finish_reason == "cancelled"
        assert cancel.asked > 3  # llama.cpp itself asked, from inside llama_decode
        assert stats.prompt_tokens > 64 * 3
        assert len(engine._cached) < stats.prompt_tokens  # the prompt was not finished
        # The half-filled KV cache is consistent: the same request gives the same answer.
        assert "".join(run(engine, messages, seed=9, max_tokens=24)[0]) == reference


def test_cancel_from_another_thread_during_a_long_prompt_is_quick(small_model):
    path = small_model

    class WatchedCancel(CancelToken):
        def __init__(self) -> None:
            super().__init__()
            self.polled = threading.Event()

        def is_set(self) -> bool:
            self.polled.set()
            return super().is_set()

    with Engine() as engine:
        engine.load(path, LoadOptions(n_ctx=8192, n_batch=2048))
        cancel = WatchedCancel()
        result = {}

        def generate() -> None:
            result["items"] = list(
                engine.stream_chat(long_conversation(150), SamplingParams(seed=1), cancel)
            )
            result["done"] = time.perf_counter()

        worker = threading.Thread(target=generate)
        worker.start()
        assert cancel.polled.wait(timeout=60)  # llama.cpp is computing the prompt
        cancelled_at = time.perf_counter()
        cancel.set()
        worker.join(timeout=60)
        assert not worker.is_alive()
        stats = result["items"][-1]
        assert stats.finish_reason == "cancelled"
        assert result["done"] - cancelled_at < 0.5
        assert len(engine._cached) < stats.prompt_tokens


def test_follow_up_turn_reuses_the_cache_for_the_previous_prompt_and_answer(engine):
    first_pieces, first = run(engine, seed=2, max_tokens=20, temperature=1.0)
    assert first.finish_reason == "length" and first.cached_tokens == 0
    follow_up = [
        *HELLO,
        {"role": "assistant", "content": "".join(first_pieces)},
        {"role": "user", "content": "Tell me more."},
    ]
    second_pieces, second = run(engine, follow_up, seed=4, max_tokens=20)
    # Everything the model saw or wrote is reused, even where the answer's text would
    # re-tokenize differently; only the new turn is computed.
    assert second.cached_tokens == first.prompt_tokens + first.generated_tokens
    before = engine.render_prompt(HELLO)[0] + "".join(first_pieces)
    new_turn = engine.render_prompt(follow_up)[0][len(before) :]
    assert second.prompt_tokens - second.cached_tokens == len(
        engine.tokenize(new_turn, add_bos=False)
    )
    # Asking the same again decodes the new turn again, in the same batches as before: the
    # same seed then gives the same answer, where a close call would otherwise differ.
    again_pieces, again = run(engine, follow_up, seed=4, max_tokens=20)
    assert again.cached_tokens == second.cached_tokens and again_pieces == second_pieces


def test_edited_history_reuses_the_common_prefix_and_answers_as_a_fresh_model(tiny_models):
    # F16 weights and an F32 KV cache: arithmetic that does not depend on how the prompt
    # was split into batches, so reusing the cache must give exactly the fresh answer.
    options = LoadOptions(n_ctx=2048, kv_type="f32")
    with Engine() as engine, Engine() as fresh:
        engine.load(tiny_models["F16"], options)
        fresh.load(tiny_models["F16"], options)
        _, first = run(engine, seed=2, max_tokens=20, temperature=0.0)
        edited = [
            *HELLO,
            {"role": "assistant", "content": "An answer the user rewrote."},
            {"role": "user", "content": "Tell me more."},
        ]
        pieces, stats = run(engine, edited, seed=4, max_tokens=20, temperature=0.0)
        assert first.prompt_tokens - 4 <= stats.cached_tokens < first.prompt_tokens + 2
        assert "".join(run(fresh, edited, seed=4, max_tokens=20, temperature=0.0)[0]) == (
            "".join(pieces)
        )


def test_conversation_longer_than_the_context_drops_the_oldest_turns(tiny_model):
    with Engine() as engine:
        engine.load(tiny_model, LoadOptions(n_ctx=512))
        messages = [{"role": "system", "content": "You are terse."}, *long_conversation(40)]
        _pieces, stats = run(engine, messages, seed=1, max_tokens=32)
        assert stats.dropped_messages > 0
        assert any("oldest" in w for w in stats.warnings)
        assert stats.prompt_tokens <= 512 - 32
        assert stats.generated_tokens > 0
        prompt, _ = engine.render_prompt(messages)
        assert "You are terse." in prompt  # the system prompt is never dropped
        huge = [{"role": "user", "content": "word " * 2000}]
        with pytest.raises(GenerationError, match="does not fit in the context window"):
            run(engine, huge)


def test_context_full_ends_the_answer_with_length(tiny_model):
    with Engine() as engine:
        engine.load(tiny_model, LoadOptions(n_ctx=256))
        _, stats = run(engine, seed=1, max_tokens=1000, temperature=1.0, repeat_penalty=1.0)
        assert stats.finish_reason in ("length", "stop")
        if stats.finish_reason == "length":
            assert stats.context_used == 256
            assert any("full" in w for w in stats.warnings)


def test_model_without_template_falls_back_and_says_so(tiny_model_without_template):
    with Engine() as engine:
        loaded = engine.load(tiny_model_without_template)
        assert "no chat template" in loaded.template_warning
        _pieces, stats = run(engine, seed=1, max_tokens=8)
        assert any("no chat template" in w for w in stats.warnings)
        assert stats.generated_tokens > 0


def test_template_escaping_the_sandbox_is_refused_and_chat_goes_on(model_dir):
    evil = "{{ ''.__class__.__mro__[1].__subclasses__() }}{{ messages[0].content }}"
    path = synthetic_model.write_model(model_dir / "evil.gguf", chat_template=evil)
    with Engine() as engine:
        engine.load(path)
        prompt, warning = engine.render_prompt(HELLO)
        assert "sandbox" in warning and "subclasses" not in prompt
        assert run(engine, seed=1, max_tokens=4)[1].generated_tokens > 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"<!DOCTYPE html><html>Not found</html>", "web page"),
        (b"\x00" * 100, "not a GGUF"),
    ],
)
def test_files_that_are_not_gguf_are_refused_before_llama_cpp(tmp_path, content, message):
    path = tmp_path / "model.gguf"
    path.write_bytes(content)
    with Engine() as engine, pytest.raises(ModelFileError, match=message):
        engine.load(path)


def test_truncated_download_is_refused_and_engine_stays_usable(tmp_path, tiny_model):
    data = tiny_model.read_bytes()
    path = tmp_path / "partial.gguf"
    path.write_bytes(data[: len(data) * 2 // 3])
    with Engine() as engine:
        with pytest.raises(ModelFileError, match=r"truncated|incomplete"):
            engine.load(path)
        engine.load(tiny_model)
        assert run(engine, seed=1, max_tokens=4)[1].generated_tokens > 0


def test_loading_can_be_cancelled_from_the_progress_callback(tiny_model):
    seen = []

    def progress(fraction: float) -> bool:
        seen.append(fraction)
        return False

    with Engine() as engine:
        with pytest.raises(LoadCancelled):
            engine.load(tiny_model, progress=progress)
        assert seen and engine.loaded is None
        assert engine.load(tiny_model, progress=seen.append).info.n_layer == 2


def test_backend_report_describes_this_cpu_only_build():
    report = backend_report()
    assert "CPU" in report.backends
    assert any(d.kind == "cpu" for d in report.devices)
    assert "CPU only" in report.cpu_only_reason()
    assert report.version.startswith("0.3.")


MAPPED_GGML = """
from llamadesk.core.engine.llama import backend_report, on_abort
backend_report()
on_abort(print)
print(sorted({line.split()[-1] for line in open("/proc/self/maps") if "libggml" in line}))
"""


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="Linux's /proc")
def test_the_report_and_the_abort_hook_use_the_ggml_llama_cpp_runs_on():
    """A wheel holds libggml.so and libggml.so.0 as copies: opening one by file name would
    map a second ggml, whose backends and abort hook llama.cpp never sees."""
    found = subprocess.run(
        [sys.executable, "-c", MAPPED_GGML], capture_output=True, text=True, check=True
    )
    mapped = [Path(name).name for name in ast.literal_eval(found.stdout.strip())]
    stems = [name.split(".so")[0] for name in mapped]
    assert "libggml-base" in stems and len(stems) == len(set(stems)), mapped


def test_continue_carries_on_a_truncated_answer_from_the_kv_cache(tiny_models):
    options = LoadOptions(n_ctx=2048, kv_type="f32")
    greedy = {"temperature": 0.0, "repeat_penalty": 1.0}
    with Engine() as engine:
        engine.load(tiny_models["F16"], options)
        whole = "".join(run(engine, seed=1, max_tokens=24, **greedy)[0])
        engine.load(tiny_models["F16"], options)
        first, stats = run(engine, seed=1, max_tokens=12, **greedy)
        assert stats.finish_reason == "length"
        partial = [*HELLO, {"role": "assistant", "content": "".join(first)}]
        items = list(
            engine.stream_chat(
                partial, SamplingParams(seed=1, max_tokens=12, **greedy), continue_final=True
            )
        )
        *rest, more = items
        assert more.cached_tokens == more.prompt_tokens - 1  # nothing computed again
        assert "".join(first) + "".join(rest) == whole


def test_a_model_too_big_for_this_computer_is_refused_and_the_old_one_stays(
    tiny_models, monkeypatch
):
    from llamadesk.core.machine import fit

    with Engine() as engine:
        engine.load(tiny_models["Q4_0"])
        monkeypatch.setattr(fit, "system_memory", lambda: fit.SystemMemory(1 << 20, 1 << 20))
        with pytest.raises(ModelLoadError, match=r"needs about .* but this computer has 1 MiB"):
            engine.load(tiny_models["F16"])
        assert engine.loaded.info.quantization == "Q4_0"
        assert run(engine, seed=1, max_tokens=4)[1].generated_tokens > 0
