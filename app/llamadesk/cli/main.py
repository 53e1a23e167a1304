"""The terminal front end: ``llamadesk chat``, ``info`` and ``backends``.

It drives the same core as the window, so it doubles as a smoke test and a tool
for scripts (``llamadesk chat -m model.gguf -p "..."`` prints only the answer on
stdout; statistics and warnings go to stderr).
"""

from __future__ import annotations

import argparse
import logging
import queue
import sys
import threading
from importlib import metadata
from pathlib import Path

from llamadesk.core.engine.sampling import SamplingParams
from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.machine import LoadOptions
from llamadesk.core.units import format_bytes


def _gpu_layers(value: str) -> str | int:
    if value in ("auto", "all", "none"):
        return value
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError('use "auto", "all", "none" or a number') from None


def _add_load_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("how the model is loaded")
    defaults = LoadOptions()
    group.add_argument(
        "-c",
        "--ctx",
        type=int,
        default=defaults.n_ctx,
        help="context size in tokens; 0 = the model's own (default %(default)s)",
    )
    group.add_argument(
        "-ngl",
        "--gpu-layers",
        type=_gpu_layers,
        default=defaults.gpu_layers,
        help="layers on the GPU: auto, all, none or a number (default auto)",
    )
    group.add_argument(
        "-t", "--threads", type=int, default=None, help="CPU threads (default: physical cores)"
    )
    group.add_argument(
        "-b",
        "--batch",
        type=int,
        default=defaults.n_batch,
        help="prompt batch size (default %(default)s)",
    )
    group.add_argument("--flash-attn", choices=("auto", "on", "off"), default=defaults.flash_attn)
    group.add_argument(
        "--kv-type",
        default=defaults.kv_type,
        help="KV cache type: f16, bf16, f32, q8_0, q4_0, ... (default f16)",
    )
    group.add_argument("--no-mmap", action="store_true", help="read the whole file into memory")


def _load_options(args: argparse.Namespace) -> LoadOptions:
    return LoadOptions(
        n_ctx=args.ctx,
        gpu_layers=args.gpu_layers,
        n_threads=args.threads,
        n_batch=args.batch,
        flash_attn=args.flash_attn,
        kv_type=args.kv_type,
        use_mmap=not args.no_mmap,
    )


def _add_sampling_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("sampling")
    d = SamplingParams()
    group.add_argument("--temperature", "--temp", type=float, default=d.temperature)
    group.add_argument("--top-p", type=float, default=d.top_p)
    group.add_argument("--top-k", type=int, default=d.top_k, help="0 = off")
    group.add_argument("--min-p", type=float, default=d.min_p)
    group.add_argument("--repeat-penalty", type=float, default=d.repeat_penalty)
    group.add_argument("--repeat-last-n", type=int, default=d.repeat_last_n)
    group.add_argument("--presence-penalty", type=float, default=d.presence_penalty)
    group.add_argument("--frequency-penalty", type=float, default=d.frequency_penalty)
    group.add_argument("-s", "--seed", type=int, default=None, help="default: random per answer")
    group.add_argument("-n", "--max-tokens", type=int, default=d.max_tokens)
    group.add_argument("--stop", action="append", default=[], help="stop string (repeatable)")


def _sampling(args: argparse.Namespace) -> SamplingParams:
    return SamplingParams(
        temperature=args.temperature,
        top_p=args.top_p,
        top_k=args.top_k,
        min_p=args.min_p,
        repeat_penalty=args.repeat_penalty,
        repeat_last_n=args.repeat_last_n,
        presence_penalty=args.presence_penalty,
        frequency_penalty=args.frequency_penalty,
        seed=args.seed,
        max_tokens=args.max_tokens,
        stop=tuple(args.stop),
    )


def _stream_answer(engine, messages, sampling) -> tuple[str, object]:
    """Stream one answer to stdout; Ctrl+C stops the answer, not the program."""
    from llamadesk.core.engine.generation import CancelToken

    cancel = CancelToken()
    items: queue.Queue = queue.Queue()

    def produce() -> None:
        try:
            for item in engine.stream_chat(messages, sampling, cancel):
                items.put(item)
        except BaseException as error:  # handed to the main thread, which reports it
            items.put(error)
        items.put(None)

    worker = threading.Thread(target=produce, name="generation", daemon=True)
    worker.start()
    parts, stats = [], None
    while True:
        try:
            item = items.get(timeout=0.2)  # a timeout keeps Ctrl+C responsive
        except queue.Empty:
            continue
        except KeyboardInterrupt:
            cancel.set()
            continue
        if item is None:
            break
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, str):
            parts.append(item)
            sys.stdout.write(item)
            sys.stdout.flush()
        else:
            stats = item
    worker.join()
    return "".join(parts), stats


def _print_stats(stats) -> None:
    for warning in stats.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if stats.error:
        print(f"error: {stats.error}", file=sys.stderr)
    print(
        f"[{stats.generated_tokens} tokens, {stats.tokens_per_second:.1f} tokens/s, "
        f"first token {stats.time_to_first_token * 1000:.0f} ms, prompt {stats.prompt_tokens} "
        f"tokens ({stats.cached_tokens} cached), {stats.finish_reason}, seed {stats.seed}]",
        file=sys.stderr,
    )


def cmd_chat(args: argparse.Namespace) -> int:
    from llamadesk.core.engine.llama import Engine

    sampling = _sampling(args)
    with Engine() as engine:
        loaded = engine.load(args.model, _load_options(args))
        print(
            f"{loaded.info.name} ({loaded.info.quantization}, n_ctx {loaded.n_ctx:,}): "
            f"{loaded.offload_summary}",
            file=sys.stderr,
        )
        if loaded.template_warning:
            print(f"warning: {loaded.template_warning}", file=sys.stderr)
        messages = [{"role": "system", "content": args.system}] if args.system else []
        if args.prompt is not None:
            messages.append({"role": "user", "content": args.prompt})
            _, stats = _stream_answer(engine, messages, sampling)
            print()
            _print_stats(stats)
            return 1 if stats.finish_reason == "error" else 0
        print(
            "Type a message; /reset starts over, /exit or Ctrl+D quits, Ctrl+C stops an answer.",
            file=sys.stderr,
        )
        while True:
            try:
                line = input("> ")
            except (EOFError, KeyboardInterrupt):
                print(file=sys.stderr)
                return 0
            if line.strip() in ("/exit", "/quit"):
                return 0
            if line.strip() == "/reset":
                messages = messages[:1] if args.system else []
                continue
            if not line.strip():
                continue
            messages.append({"role": "user", "content": line})
            answer, stats = _stream_answer(engine, messages, sampling)
            print()
            _print_stats(stats)
            messages.append({"role": "assistant", "content": answer})


def cmd_info(args: argparse.Namespace) -> int:
    from llamadesk.core.engine.llama import backend_report
    from llamadesk.core.gguf import read_info
    from llamadesk.core.machine import plan_offload

    info = read_info(args.model)
    options = _load_options(args)
    n_ctx = options.n_ctx or info.context_length
    rows = [
        ("File", str(info.path)),
        ("Size", f"{format_bytes(info.file_size)} ({info.file_size:,} bytes)"),
        ("Name", info.name),
        ("Architecture", info.architecture),
        ("Parameters", f"{info.size_label} ({info.n_params:,})"),
        ("Quantization", info.quantization),
        ("Layers", str(info.n_layer)),
        ("Embedding size", str(info.n_embd)),
        ("Attention heads", f"{info.n_head} (KV heads: {info.n_head_kv})"),
        ("Vocabulary", f"{info.vocab_size:,} tokens"),
        ("Context length", f"{info.context_length:,} tokens (trained)"),
        ("Chat template", "yes" if info.chat_template else "none (ChatML will be used)"),
    ]
    plan = plan_offload(options, backend_report(), info, n_ctx)
    estimate = options.estimate(info, n_ctx, plan.n_gpu_layers)

    def split(ram: int, vram: int) -> str:
        return f"{format_bytes(ram)} RAM + {format_bytes(vram)} VRAM"

    rows += [
        ("GPU offload", plan.reason),
        (f"Memory at {n_ctx:,} ctx", split(estimate.ram, estimate.vram)),
        ("  weights", split(estimate.weights_ram, estimate.weights_vram)),
        (f"  KV cache ({options.kv_type})", split(estimate.kv_ram, estimate.kv_vram)),
        ("  compute", split(estimate.compute_ram, estimate.compute_vram)),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    if args.template and info.chat_template:
        print("\n" + info.chat_template)
    return 0


def cmd_backends(_args: argparse.Namespace) -> int:
    from llamadesk.core.engine.llama import backend_report

    report = backend_report()
    print(f"llama-cpp-python {report.version}")
    print(f"Backends in this build: {', '.join(report.backends) or 'none'}")
    print("Devices:")
    for device in report.devices:
        memory = f", {format_bytes(device.memory_free)} free of {format_bytes(device.memory_total)}"
        print(
            f"  {device.name}: {device.description} [{device.backend}, {device.kind}"
            f"{memory if device.memory_total else ''}]"
        )
    print(f"CPU features: {report.system_info}")
    reason = report.cpu_only_reason()
    print(reason or f"GPU offload available on {', '.join(d.name for d in report.gpus)}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="llamadesk", description="Chat with local LLaMA-family models (GGUF)."
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {metadata.version('llamadesk')}"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show llama.cpp's log")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation offscreen with a tiny model, print a report and exit",
    )
    parser.add_argument(
        "--model", type=Path, help="open the window with this model file (.gguf) loaded"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    chat = commands.add_parser("chat", help="chat with a model in the terminal")
    chat.add_argument("-m", "--model", type=Path, required=True, help="a .gguf file")
    chat.add_argument("-p", "--prompt", help="answer this one message and exit")
    chat.add_argument("--system", help="system prompt")
    _add_sampling_options(chat)
    _add_load_options(chat)
    chat.set_defaults(func=cmd_chat)

    info = commands.add_parser("info", help="show a model file's facts and memory needs")
    info.add_argument("model", type=Path)
    info.add_argument("--template", action="store_true", help="also print the chat template")
    _add_load_options(info)
    info.set_defaults(func=cmd_info)

    backends = commands.add_parser("backends", help="show CPU/GPU backends and devices")
    backends.set_defaults(func=cmd_backends)

    from llamadesk.cli.models import add_commands as add_models_commands

    add_models_commands(commands)  # llamadesk models search|files|pull|list|rm
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    if args.verbose:
        from llamadesk.core.engine.llama import set_verbose

        set_verbose(True)
    if args.self_test:
        from llamadesk.ui.selftest import run as run_self_test

        return run_self_test()
    if args.command is None:
        from llamadesk.ui.app import run

        return run(args.model)
    try:
        return args.func(args)
    except LlamaDeskError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
