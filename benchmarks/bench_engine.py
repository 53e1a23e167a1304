"""Engine benchmark: the in-process engine against llama.cpp's own llama-bench.

On a model of realistic shape (Llama 3.2 1B: 16 layers, 2048 wide, 128,256-token
vocabulary; random weights, Q4_0), built once into .bench/, ``Engine.stream_chat``
(:mod:`llamadesk.core.engine.llama`) does the work llama-bench measures, on the same
file with the same thread count, batch sizes and flash-attention setting:

1. prompt processing: a chat prompt of exactly 512 tokens (BOS and chat template
   included) into an empty KV cache (the model is reloaded, so no prefix is reused),
   as prompt tokens / ``prompt_seconds`` (rendering and tokenizing the prompt
   included), next to llama-bench ``-p 512 -n 0`` (pp512, 512 random tokens);
2. generation: exactly N tokens (``--tokens``, 1000 by default) with end-of-generation
   tokens ignored, as llama-bench does, as generated tokens / ``generation_seconds``,
   next to llama-bench ``-p 0 -n N`` (tgN). The engine samples every token with its
   sampler chain (top-k, top-p, min-p, temperature over the whole vocabulary);
   llama-bench feeds random tokens and samples nothing, so that cost is the engine's
   own;
3. tokens/s of the last 100 text pieces of that answer against the first 100
   (streaming cost must not grow with the answer), with llama-bench's tg100 at depth 0
   and at depth N-100 for the part of any slow-down that is attention over a longer
   context;
4. time to first token for turn 1 and turn 10 of a growing conversation (the KV
   cache is reused from turn to turn), then the same with a thinking model (Qwen3's chat
   template and special tokens on the same 1B shape; each answer thinks first, and the
   template leaves earlier reasoning out of the next prompt, so the cache is reused up to
   the previous answer, which is evaluated again without its reasoning).

The engine is measured first and closed before llama-bench runs, so the two never
share the CPU. Keep the machine otherwise idle while this runs.

Usage: python benchmarks/bench_engine.py [--tokens 1000] [--threads N] [--model FILE]
llama-bench is built by benchmarks/build_llama_bench.sh on first use (~10 minutes).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "app"))

from llamadesk.core.engine import SamplingParams, Thought  # noqa: E402
from llamadesk.core.engine.llama import Engine  # noqa: E402
from llamadesk.core.gguf import synthetic as synthetic_model  # noqa: E402
from llamadesk.core.machine import LoadOptions, physical_cores  # noqa: E402

BENCH_DIR = ROOT / ".bench"
STORY = "Write a long story about a lighthouse keeper who finds a map in a bottle."
PROMPT_TOKENS = 512  # llama-bench's pp512
# A thinking answer: 30 short words of reasoning, then a free answer.
THINKING_SCRIPT = 'root ::= <think> t{30} </think> [^<]*\nt ::= [a-z]{1,4} " "'
REPS = 2  # repetitions of each llama-bench test, and of the engine's prompt processing


def ensure_model(path: Path, **kinds) -> Path:
    """The benchmark model at ``path``, built once (``kinds``: its template, vocabulary)."""
    if not path.exists():
        print(f"Building {path.name} (Llama-3.2-1B shape, random weights, Q4_0)...", flush=True)
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        synthetic_model.write_model(
            partial, quant="Q4_0", shape=synthetic_model.LLAMA_1B, name="Random Llama 1B", **kinds
        )
        partial.rename(path)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def llama_bench_binary() -> str:
    build = subprocess.run(
        ["bash", str(ROOT / "benchmarks" / "build_llama_bench.sh")],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return build.stdout.strip().splitlines()[-1]


def llama_bench(
    binary: str, model: Path, options: LoadOptions, *, prompt: int, gen: int, depth: int = 0
) -> dict:
    """llama-bench's result for one test: ``avg_ts`` tokens/s, ``n_prompt``, ``n_gen``..."""
    command = [binary, "-m", str(model), "-t", str(options.threads())]
    command += ["-b", str(options.n_batch), "-ub", str(options.n_ubatch)]
    command += ["-fa", options.flash_attn, "-ctk", options.kv_type, "-ctv", options.kv_type]
    command += ["-p", str(prompt), "-n", str(gen), "-d", str(depth), "-r", str(REPS)]
    command += ["-o", "json"]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    (test,) = json.loads(result.stdout)
    return test


def stream_answer(engine: Engine, messages, sampling: SamplingParams, **options):
    """The answer's text, the times its pieces came, its stats, and its reasoning."""
    times, pieces, thoughts, stats = [], [], [], None
    for item in engine.stream_chat(messages, sampling, **options):
        if isinstance(item, str):
            times.append(time.perf_counter())
            pieces.append(item)
        elif isinstance(item, Thought):
            thoughts.append(item.text)
        else:
            stats = item
    return "".join(pieces), times, stats, "".join(thoughts)


def growing_conversation(engine: Engine, turns: int, grammar: str = "") -> list[float]:
    """Times to first token of turns 1..``turns`` of one conversation (the KV cache kept
    from turn to turn); an answer's reasoning goes back as the app sends it."""
    messages: list[dict[str, str]] = []
    ttft = []
    for turn in range(1, turns + 1):
        question = f"Question {turn}: " + " ".join(["tell me more about the lighthouse"] * 6)
        messages.append({"role": "user", "content": question})
        sampling = SamplingParams(seed=turn, temperature=1.0, max_tokens=160, grammar=grammar)
        answer, _, stats, thinking = stream_answer(engine, messages, sampling)
        messages.append({"role": "assistant", "content": answer})
        if thinking:
            messages[-1]["reasoning_content"] = thinking
        ttft.append(stats.time_to_first_token)
        print(
            f"  turn {turn:2d}: prompt {stats.prompt_tokens:5d} tokens, {stats.cached_tokens:5d} "
            f"reused, {stats.thinking_tokens:3d} of {stats.generated_tokens} tokens thinking, "
            f"first token after {stats.time_to_first_token * 1000:6.0f} ms",
            flush=True,
        )
    print(
        f"turn {turns} / turn 1 time to first token: {ttft[-1] / ttft[0]:.2f}x (target <= 1.5x)",
        flush=True,
    )
    return ttft


def beam_search_cost(engine: Engine, tokens: int) -> None:
    print(f"\nengine, beam search against greedy decoding ({tokens}-token answers):", flush=True)
    story = [{"role": "user", "content": STORY}]
    greedy = SamplingParams(temperature=0.0, max_tokens=tokens)
    stream_answer(engine, story, greedy)  # the prompt in the cache, for every run alike
    runs = [("greedy (sampler)", greedy, {})]
    for width in (1, 2, 4):
        runs.append((f"{width} beam{'s' * (width > 1)}", replace(greedy, beams=width), {}))
    runs[1] = (runs[1][0], runs[1][1], {"beam_search": True})  # one beam: the search's code
    base_step = None
    for name, sampling, options in runs:
        _, _, stats, _ = stream_answer(engine, story, sampling, **options)
        step = stats.generation_seconds / max(1, stats.generated_tokens)
        base_step = base_step or step
        print(
            f"  {name:17s}: {stats.generated_tokens} tokens in {stats.generation_seconds:.2f} s "
            f"= {stats.generated_tokens / stats.generation_seconds:6.2f} tokens/s; one step "
            f"{step * 1000:6.1f} ms = {step / base_step:.2f}x greedy's"
            + (f"; log-probability {stats.logprob:.1f}" if stats.beams > 1 or options else ""),
            flush=True,
        )


def rate(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0])


def prompt_of(engine: Engine, n_tokens: int) -> list[dict[str, str]]:
    """A one-message conversation whose prompt, as stream_chat renders and tokenizes it
    (chat template and BOS included), is exactly ``n_tokens`` tokens."""
    words = (STORY + " Begin with the storm, the keeper's name and the bottle.").split()

    def messages(n_words: int, tail: str = "") -> list[dict[str, str]]:
        content = " ".join(words[i % len(words)] for i in range(n_words)) + tail
        return [{"role": "user", "content": content}]

    def length(conversation: list[dict[str, str]]) -> int:
        return len(engine.tokenize(engine.render_prompt(conversation)[0]))

    low, high = 0, n_tokens  # a word is at least one token: the answer is below n_tokens
    while low < high:  # the most words whose prompt is not longer than n_tokens
        middle = (low + high + 1) // 2
        if length(messages(middle)) <= n_tokens:
            low = middle
        else:
            high = middle - 1
    tail = ""
    while length(messages(low, tail)) < n_tokens:  # top up one short piece at a time
        for piece in (" a", " I", " 1", "."):
            if length(messages(low, tail + piece)) <= n_tokens:
                tail += piece
                break
        else:
            break
    conversation = messages(low, tail)
    if length(conversation) != n_tokens:
        raise RuntimeError(f"could not build a prompt of exactly {n_tokens} tokens")
    return conversation


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=BENCH_DIR / "random-llama-1b-Q4_0.gguf")
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument("--tokens", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--beam-tokens", type=int, default=64)
    parser.add_argument("--no-llama-bench", action="store_true")
    args = parser.parse_args()
    model = ensure_model(args.model)
    binary = None if args.no_llama_bench else llama_bench_binary()  # built before measuring
    options = LoadOptions(n_ctx=8192, n_threads=args.threads)
    print(
        f"model {model.name}, {options.threads()} threads, batch {options.n_batch}/"
        f"{options.n_ubatch}, flash attention {options.flash_attn}, KV {options.kv_type}; "
        f"{PROMPT_TOKENS}-token prompt, {args.tokens}-token answer",
        flush=True,
    )

    # ---- prompt processing: 512 tokens into an empty KV cache
    engine = Engine()
    engine.load(model, options)
    long_prompt = prompt_of(engine, PROMPT_TOKENS)
    one_token = SamplingParams(seed=1, max_tokens=1)
    stream_answer(engine, long_prompt, one_token)  # warm-up, as llama-bench does
    pp_rates = []
    print("\nengine, prompt processing:", flush=True)
    for _ in range(REPS):
        engine.load(model, options)  # an empty KV cache: nothing reused
        _, _, stats, _ = stream_answer(engine, long_prompt, one_token)
        assert stats.prompt_tokens == PROMPT_TOKENS and stats.cached_tokens == 0, stats
        pp_rates.append(stats.prompt_tokens / stats.prompt_seconds)
        print(
            f"  prompt {stats.prompt_tokens} tokens ({stats.cached_tokens} reused) in "
            f"{stats.prompt_seconds * 1000:.0f} ms = {pp_rates[-1]:.2f} tokens/s; first "
            f"token after {stats.time_to_first_token * 1000:.0f} ms",
            flush=True,
        )
    engine_pp = statistics.mean(pp_rates)

    # ---- generation: exactly --tokens tokens
    sampling = SamplingParams(seed=1, temperature=1.0, max_tokens=args.tokens)
    stream_answer(engine, [{"role": "user", "content": "Warm up."}], SamplingParams(max_tokens=8))
    _, times, stats, _ = stream_answer(
        engine, [{"role": "user", "content": STORY}], sampling, ignore_end_of_generation=True
    )
    assert stats.generated_tokens == args.tokens, stats
    engine_tg = stats.tokens_per_second
    print(
        f"\nengine, generation: {stats.generated_tokens} tokens after a {stats.prompt_tokens}-"
        f"token prompt in {stats.generation_seconds:.2f} s = {engine_tg:.2f} tokens/s "
        f"({stats.finish_reason}); {len(times)} text pieces",
        flush=True,
    )
    first, last = rate(times[:101]), rate(times[-101:])
    print(
        f"first 100 pieces: {first:.2f}/s, last 100: {last:.2f}/s, "
        f"last/first = {last / first:.1%} (target >= 95%)",
        flush=True,
    )

    # ---- beam search against greedy decoding, the same prompt and length
    beam_search_cost(engine, args.beam_tokens)

    # ---- time to first token as a conversation grows
    engine.load(model, options)  # empty cache
    print("\nengine, a growing conversation:", flush=True)
    growing_conversation(engine, args.turns)
    # ---- the same with a thinking model: Qwen3's template and tokens, 1B shape; each answer
    # thinks for 30 short words first (a grammar forces it: the weights are random), and the
    # template drops the reasoning of earlier answers from the next prompt
    thinker = ensure_model(
        args.model.with_name("random-qwen3-1b-Q4_0.gguf"),
        chat_template=(
            ROOT / "tests" / "data" / "chat_templates" / "Qwen-Qwen3-0.6B.jinja"
        ).read_text(encoding="utf-8"),
        vocabulary=synthetic_model.QWEN3,
    )
    engine.load(thinker, options)
    print("\nengine, a growing conversation with a thinking model:", flush=True)
    growing_conversation(engine, args.turns, THINKING_SCRIPT)
    engine.close()  # llama-bench gets the CPU to itself

    if binary is None:
        return 0
    print(f"\nllama-bench ({binary}), {REPS} repetitions each:", flush=True)
    pp = llama_bench(binary, model, options, prompt=PROMPT_TOKENS, gen=0)
    print(
        f"prompt processing, {PROMPT_TOKENS} prompt tokens: engine {engine_pp:.2f} tokens/s; "
        f"llama-bench pp{pp['n_prompt']} ({pp['n_prompt']} tokens, {pp['n_threads']} threads) "
        f"{pp['avg_ts']:.2f} tokens/s; engine/llama-bench = {engine_pp / pp['avg_ts']:.1%}",
        flush=True,
    )
    tg = llama_bench(binary, model, options, prompt=0, gen=args.tokens)
    print(
        f"generation, {args.tokens} tokens: engine {engine_tg:.2f} tokens/s; llama-bench "
        f"tg{tg['n_gen']} ({tg['n_threads']} threads) {tg['avg_ts']:.2f} tokens/s; "
        f"engine/llama-bench = {engine_tg / tg['avg_ts']:.1%} (target >= 90%)",
        flush=True,
    )
    if args.tokens > 100:
        shallow = llama_bench(binary, model, options, prompt=0, gen=100)["avg_ts"]
        deep = llama_bench(binary, model, options, prompt=0, gen=100, depth=args.tokens - 100)
        print(
            f"llama-bench itself, 100 tokens at depth 0: {shallow:.2f}/s, at depth "
            f"{args.tokens - 100}: {deep['avg_ts']:.2f}/s ({deep['avg_ts'] / shallow:.1%}): "
            "the part of the slow-down that is attention over a longer context, not streaming",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
