"""Server benchmark: answers through ``llamadesk serve`` and the ``openai`` client against the
engine alone, on the same model, prompt, seed and threads.

1. the engine alone: the local engine process (what the window and the server use), a
   chat answer of N tokens: tokens/s over its generation, and time to first token;
2. through the server: the same request streamed with the official ``openai`` client:
   tokens/s as the client receives them (the server's own count over the time from the
   first piece to the last) and the time to the first byte of the streamed answer (the
   server answers once the first token exists, so a refused prompt is a plain error).

Usage: python benchmarks/bench_server.py [--tokens 300] [--model FILE] [--runs 3]
The model defaults to the Llama-3.2-1B-shaped one bench_engine.py builds in .bench/.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "app"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_engine import BENCH_DIR, ensure_model  # noqa: E402

from llamadesk.core.engine import (  # noqa: E402
    GenerationFinished,
    LocalEngine,
    ModelLoaded,
    SamplingParams,
)
from llamadesk.core.machine import LoadOptions, physical_cores  # noqa: E402

QUESTION = [{"role": "user", "content": "Write a long story about a lighthouse keeper."}]


def engine_alone(model: Path, options: LoadOptions, tokens: int, seed: int):
    engine = LocalEngine()
    try:
        engine.load(str(model), options)
        engine.wait_for(ModelLoaded, timeout=600)
        engine.generate(QUESTION, SamplingParams(seed=seed, max_tokens=8))  # warm-up
        engine.wait_for(GenerationFinished, timeout=600)
        engine.generate(QUESTION, SamplingParams(seed=seed, max_tokens=tokens))
        stats = engine.wait_for(GenerationFinished, timeout=600).stats
    finally:
        engine.close()
    return stats.generated_tokens, stats.tokens_per_second, stats.time_to_first_token


def through_server(model: Path, threads: int, ctx: int, tokens: int, seed: int, runs: int):
    import openai

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "llamadesk", "serve", "-m", str(model)]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--ctx", str(ctx), "--threads", str(threads)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "app")},
    )
    try:
        for line in server.stderr:
            if line.startswith("Serving "):
                break
        else:
            raise SystemExit("the server did not start")
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="-", timeout=600)
        client.chat.completions.create(model="m", messages=QUESTION, max_tokens=8, seed=seed)
        results = []
        for _ in range(runs):
            sent = time.perf_counter()
            stream = client.chat.completions.create(
                model="m",
                messages=QUESTION,
                max_tokens=tokens,
                seed=seed,
                stream=True,
                stream_options={"include_usage": True},
            )
            first_byte = None
            first_text = last_text = None
            count = 0
            for chunk in stream:
                now = time.perf_counter()
                first_byte = first_byte or now
                if chunk.choices and chunk.choices[0].delta.content:
                    first_text = first_text or now
                    last_text = now
                if chunk.usage:
                    count = chunk.usage.completion_tokens
            results.append((count, count / (last_text - first_text), first_byte - sent))
        return results
    finally:
        server.terminate()
        server.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=BENCH_DIR / "random-llama-1b-Q4_0.gguf")
    parser.add_argument("--tokens", type=int, default=300)
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    model = ensure_model(args.model)
    ctx = 4096
    options = LoadOptions(n_ctx=ctx, n_threads=args.threads)
    print(f"model {model.name}, {options.threads()} threads, {args.tokens}-token answers")
    alone = [engine_alone(model, options, args.tokens, seed) for seed in range(1, args.runs + 1)]
    for count, speed, ttft in alone:
        print(f"  engine alone: {count} tokens at {speed:.2f} tokens/s, first token {ttft:.3f} s")
    served = []
    for seed in range(1, args.runs + 1):
        served += through_server(model, args.threads, ctx, args.tokens, seed, 1)
    for count, speed, ttfb in served:
        print(
            f"  through the server: {count} tokens at {speed:.2f} tokens/s, first byte {ttfb:.3f} s"
        )
    engine_speed = statistics.median(s for _, s, _ in alone)
    server_speed = statistics.median(s for _, s, _ in served)
    print(
        f"median tokens/s: engine alone {engine_speed:.2f}, through the server "
        f"{server_speed:.2f}: {server_speed / engine_speed:.1%} (target >= 95%)"
    )
    print(
        f"median time to first token (engine) {statistics.median(t for *_, t in alone):.3f} s; "
        f"to first byte of the stream (server) {statistics.median(t for *_, t in served):.3f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
