"""Engine benchmark: streaming speed against llama.cpp's own llama-bench.

On a model of realistic shape (Llama 3.2 1B: 16 layers, 2048 wide, 128,256-token
vocabulary; random weights, Q4_0), built once into .bench/, it prints:

1. generation tokens/s of ``Engine.stream_chat`` for a long answer next to
   llama-bench's tg figure for as many tokens on the same file and thread count;
2. tokens/s of the last 100 tokens against the first 100 (streaming cost must not
   grow with the answer);
3. time to first token for turn 1 and turn 10 of a growing conversation.

Usage: python benchmarks/bench_engine.py [--tokens 1000] [--threads N] [--model FILE]
llama-bench is built by benchmarks/build_llama_bench.sh on first use (~10 minutes).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "app"))

from llamadesk.core.engine.llama import Engine  # noqa: E402
from llamadesk.core.engine.sampling import SamplingParams  # noqa: E402
from llamadesk.core.gguf import synthetic as synthetic_model  # noqa: E402
from llamadesk.core.machine import LoadOptions, physical_cores  # noqa: E402

BENCH_DIR = ROOT / ".bench"
STORY = "Write a long story about a lighthouse keeper who finds a map in a bottle."


def ensure_model(path: Path) -> Path:
    if not path.exists():
        print(f"Building {path.name} (Llama-3.2-1B shape, random weights, Q4_0)...", flush=True)
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        synthetic_model.write_model(
            partial, quant="Q4_0", shape=synthetic_model.LLAMA_1B, name="Random Llama 1B"
        )
        partial.rename(path)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def llama_bench_tg(model: Path, threads: int, tokens: int, depth: int = 0) -> float:
    """llama-bench's generation tokens/s for ``tokens`` tokens after ``depth`` in context."""
    build = subprocess.run(
        ["bash", str(ROOT / "benchmarks" / "build_llama_bench.sh")],
        check=True,
        capture_output=True,
        text=True,
    )
    binary = build.stdout.strip().splitlines()[-1]
    command = [binary, "-m", str(model), "-t", str(threads), "-p", "0", "-n", str(tokens)]
    command += ["-d", str(depth), "-r", "2", "-o", "json"]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout)[0]["avg_ts"]


def stream_answer(engine: Engine, messages, sampling: SamplingParams):
    times, pieces, stats = [], [], None
    for item in engine.stream_chat(messages, sampling):
        if isinstance(item, str):
            times.append(time.perf_counter())
            pieces.append(item)
        else:
            stats = item
    return "".join(pieces), times, stats


def rate(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=BENCH_DIR / "random-llama-1b-Q4_0.gguf")
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument("--tokens", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--no-llama-bench", action="store_true")
    args = parser.parse_args()
    model = ensure_model(args.model)
    print(f"model {model.name}, {args.threads} threads, {args.tokens}-token answer", flush=True)

    engine = Engine()
    engine.load(model, LoadOptions(n_ctx=8192, n_threads=args.threads))
    sampling = SamplingParams(seed=1, temperature=1.0, max_tokens=args.tokens)
    stream_answer(engine, [{"role": "user", "content": "Warm up."}], SamplingParams(max_tokens=8))

    _, times, stats = stream_answer(engine, [{"role": "user", "content": STORY}], sampling)
    print(
        f"\nstream_chat: {stats.generated_tokens} tokens at {stats.tokens_per_second:.2f} "
        f"tokens/s ({stats.finish_reason}); {len(times)} text pieces",
        flush=True,
    )
    first, last = rate(times[:101]), rate(times[-101:])
    print(
        f"first 100 pieces: {first:.2f}/s, last 100: {last:.2f}/s, "
        f"last/first = {last / first:.1%} (target >= 95%)",
        flush=True,
    )

    if not args.no_llama_bench:
        reference = llama_bench_tg(model, args.threads, args.tokens)
        print(
            f"llama-bench tg{args.tokens}: {reference:.2f} tokens/s; stream_chat reaches "
            f"{stats.tokens_per_second / reference:.1%} of it (target >= 90%)",
            flush=True,
        )
        shallow = llama_bench_tg(model, args.threads, 100)
        deep = llama_bench_tg(model, args.threads, 100, depth=args.tokens - 100)
        print(
            f"llama-bench itself, 100 tokens at depth 0: {shallow:.2f}/s, at depth "
            f"{args.tokens - 100}: {deep:.2f}/s ({deep / shallow:.1%}): the part of the "
            "slow-down that is attention over a longer context, not streaming",
            flush=True,
        )

    engine.load(model, LoadOptions(n_ctx=8192, n_threads=args.threads))  # empty cache
    messages: list[dict[str, str]] = []
    ttft = []
    for turn in range(1, args.turns + 1):
        question = f"Question {turn}: " + " ".join(["tell me more about the lighthouse"] * 6)
        messages.append({"role": "user", "content": question})
        answer, _, stats = stream_answer(
            engine, messages, SamplingParams(seed=turn, temperature=1.0, max_tokens=100)
        )
        messages.append({"role": "assistant", "content": answer})
        ttft.append(stats.time_to_first_token)
        print(
            f"turn {turn:2d}: prompt {stats.prompt_tokens:5d} tokens, {stats.cached_tokens:5d} "
            f"reused, first token after {stats.time_to_first_token * 1000:6.0f} ms",
            flush=True,
        )
    print(
        f"turn {args.turns} / turn 1 time to first token: {ttft[-1] / ttft[0]:.2f}x "
        "(target <= 1.5x)"
    )
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
