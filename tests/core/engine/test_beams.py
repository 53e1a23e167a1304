"""Beam search through the real llama.cpp engine, on tiny random-weight models."""

from __future__ import annotations

from pathlib import Path

import llama_cpp
import pytest

from llamadesk.core.engine import CancelToken, GenerationStats, SamplingParams
from llamadesk.core.engine.llama import Engine
from llamadesk.core.engine.sampling import MAX_BEAMS
from llamadesk.core.machine import LoadOptions

PROMPTS = [
    [{"role": "user", "content": "Translate into French: the cat sleeps."}],
    [{"role": "user", "content": "Summarise: beams keep the best answers."}],
    [{"role": "user", "content": "Hello 你好, how are you?"}],
]
GREEDY = {"temperature": 0.0, "repeat_penalty": 1.0}  # what beam search scores: raw logits


def answer(engine: Engine, messages, cancel=None, *, beam_search=False, **sampling):
    items = list(
        engine.stream_chat(
            messages, SamplingParams(max_tokens=32, **sampling), cancel, beam_search=beam_search
        )
    )
    *pieces, stats = items
    assert isinstance(stats, GenerationStats)
    return "".join(pieces), stats


def sequences_in_use(engine: Engine) -> dict[int, int]:
    """The KV cache's sequences that hold tokens: {sequence: its last position}."""
    memory = llama_cpp.llama_get_memory(engine._ctx)
    ends = {seq: llama_cpp.llama_memory_seq_pos_max(memory, seq) for seq in range(MAX_BEAMS)}
    return {seq: end for seq, end in ends.items() if end >= 0}


@pytest.fixture(scope="module")
def engine(small_model: Path):
    with Engine() as engine:
        engine.load(small_model, LoadOptions(n_ctx=2048))
        yield engine


@pytest.mark.parametrize("messages", PROMPTS)
def test_one_beam_is_greedy_decoding(engine, messages):
    greedy, greedy_stats = answer(engine, messages, **GREEDY)
    searched, stats = answer(engine, messages, beams=1, beam_search=True)
    assert searched == greedy and stats.generated_tokens == greedy_stats.generated_tokens
    assert stats.beams == 1 and stats.logprob < 0


@pytest.mark.parametrize("width", [2, 4, MAX_BEAMS])
@pytest.mark.parametrize("messages", PROMPTS)
def test_beams_find_an_answer_at_least_as_probable_as_greedy(engine, messages, width):
    _, greedy = answer(engine, messages, beams=1, beam_search=True)
    _, searched = answer(engine, messages, beams=width, length_penalty=0.0)
    assert searched.beams == width
    assert searched.logprob >= greedy.logprob - 1e-6, (searched.logprob, greedy.logprob)


def test_the_same_prompt_gives_the_same_answer_first_and_again(small_model):
    """The first answer (the whole prompt decoded) and the next (the prompt in the cache)."""
    with Engine() as engine:
        engine.load(small_model, LoadOptions(n_ctx=2048))
        first = answer(engine, PROMPTS[0], beams=4)
        again = answer(engine, PROMPTS[0], beams=4)
        answer(engine, PROMPTS[1], beams=4)
        after_another = answer(engine, PROMPTS[0], beams=4)
    assert first[0] == again[0] == after_another[0] and first[0]
    assert first[1].logprob == again[1].logprob == after_another[1].logprob


def test_the_answer_streams_as_the_beams_agree(engine):
    class Steps(CancelToken):
        """Counts the search's steps (it asks once a step whether to stop)."""

        def __init__(self) -> None:
            super().__init__()
            self.steps = 0

        def is_set(self) -> bool:
            self.steps += 1
            return super().is_set()

    steps = Steps()
    arrived = []
    sampling = SamplingParams(max_tokens=48, beams=2)
    for item in engine.stream_chat(PROMPTS[2], sampling, steps):
        if isinstance(item, str):
            arrived.append(steps.steps)
    assert arrived and arrived[0] < steps.steps  # the first text came before the search ended


def test_stop_mid_search_ends_it_and_frees_the_beams(engine):
    _, whole = answer(engine, PROMPTS[1], beams=4, early_stopping=False)

    class StopAfter(CancelToken):
        """Stops the search after ``steps`` steps (it asks once a step); the prompt's
        decoding, which asks too, is let through."""

        def __init__(self, steps: int) -> None:
            super().__init__()
            self.left = steps

        def is_set(self) -> bool:
            if engine.context_used >= whole.prompt_tokens:  # the prompt is in: searching
                self.left -= 1
            return self.left < 0 or super().is_set()

    _, stopped = answer(engine, PROMPTS[1], StopAfter(5), beams=4)
    assert stopped.finish_reason == "cancelled" and stopped.beams == 4
    assert 0 < stopped.generated_tokens <= 5 < whole.generated_tokens
    assert sequences_in_use(engine) == {0: stopped.prompt_tokens - 1}
    text, after = answer(engine, PROMPTS[0], **GREEDY)  # the model answers on as before
    assert text and after.finish_reason in ("stop", "length")


def test_after_a_search_the_cache_holds_the_prompt_only(engine):
    _, stats = answer(engine, PROMPTS[0], beams=MAX_BEAMS, early_stopping=False)
    assert stats.generated_tokens > 0
    assert sequences_in_use(engine) == {0: stats.prompt_tokens - 1}
    assert engine.context_used == stats.prompt_tokens


def test_the_next_turn_reuses_the_prompt_after_a_search(engine):
    text, first = answer(engine, PROMPTS[0], beams=4)
    follow_up = [*PROMPTS[0], {"role": "assistant", "content": text}]
    follow_up.append({"role": "user", "content": "And into German?"})
    _, second = answer(engine, follow_up, beams=4)
    assert second.cached_tokens >= first.prompt_tokens - 1
