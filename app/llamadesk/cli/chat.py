"""``llamadesk chat``, ``info`` and ``backends``: the commands that run the engine.

They drive the same engine as the window (llama.cpp in a process of its own, through the
engine seam), so they double as a smoke test and a tool for scripts (``llamadesk chat -m
model.gguf -p "..."`` prints only the answer on stdout; a thinking model's reasoning,
statistics and warnings go to stderr).
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from llamadesk.core.documents import Attachment, document_block, read_document, with_documents
from llamadesk.core.engine import (
    MAX_BEAMS,
    BackendsReported,
    Engine,
    EngineStopped,
    GenerationFailed,
    GenerationFinished,
    GenerationStats,
    LoadedModel,
    LocalEngine,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    PromptPreviewed,
    ReasoningOptions,
    SamplingParams,
    TextReceived,
    TokensCounted,
)
from llamadesk.core.errors import GenerationError, LlamaDeskError, ModelLoadError
from llamadesk.core.machine import BackendReport, LoadOptions
from llamadesk.core.texts import Text
from llamadesk.core.units import format_bytes


def _gpu_layers(value: str) -> str | int:
    if value in ("auto", "all", "none"):
        return value
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError('use "auto", "all", "none" or a number') from None


def add_load_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("how the model is loaded")
    defaults = LoadOptions()
    group.add_argument(
        "-c",
        "--ctx",
        type=int,
        default=defaults.n_ctx,
        help="context size in tokens; 0 = the model's own, as far as memory allows "
        "(default %(default)s)",
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


def load_options(args: argparse.Namespace) -> LoadOptions:
    return LoadOptions(
        n_ctx=args.ctx,
        gpu_layers=args.gpu_layers,
        n_threads=args.threads,
        n_batch=args.batch,
        flash_attn=args.flash_attn,
        kv_type=args.kv_type,
        use_mmap=not args.no_mmap,
    )


def add_sampler_options(group: argparse._ArgumentGroup) -> None:
    """How each next token is picked: the options ``chat`` and ``serve`` share."""
    d = SamplingParams()
    group.add_argument("--temperature", "--temp", type=float, default=d.temperature)
    group.add_argument("--top-p", type=float, default=d.top_p)
    group.add_argument("--top-k", type=int, default=d.top_k, help="0 = off")
    group.add_argument("--min-p", type=float, default=d.min_p)
    group.add_argument("--repeat-penalty", type=float, default=d.repeat_penalty)
    group.add_argument("--repeat-last-n", type=int, default=d.repeat_last_n)
    group.add_argument("--presence-penalty", type=float, default=d.presence_penalty)
    group.add_argument("--frequency-penalty", type=float, default=d.frequency_penalty)


def sampler_values(args: argparse.Namespace) -> dict[str, float | int]:
    """What :func:`add_sampler_options` read, as SamplingParams fields."""
    names = ("temperature", "top_p", "top_k", "min_p", "repeat_penalty", "repeat_last_n")
    names += ("presence_penalty", "frequency_penalty")
    return {name: getattr(args, name) for name in names}


def add_sampling_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("sampling")
    add_sampler_options(group)
    d = SamplingParams()
    group.add_argument("-s", "--seed", type=int, default=None, help="default: random per answer")
    group.add_argument("-n", "--max-tokens", type=int, default=d.max_tokens)
    group.add_argument("--stop", action="append", default=[], help="stop string (repeatable)")
    group.add_argument(
        "--beams",
        type=int,
        default=d.beams,
        metavar="N",
        help=f"beam search with N beams (1 = off, at most {MAX_BEAMS}): the most probable "
        "answer, the same every time; for translations and summaries",
    )
    group.add_argument(
        "--length-penalty",
        type=float,
        default=d.length_penalty,
        help="beam search: above 0 favours longer answers, below 0 shorter",
    )
    group.add_argument(
        "--no-early-stopping",
        dest="early_stopping",
        action="store_false",
        help="beam search: go on after N answers are finished while a longer one may win",
    )


def _sampling(args: argparse.Namespace) -> SamplingParams:
    return SamplingParams(
        **sampler_values(args),
        seed=args.seed,
        max_tokens=args.max_tokens,
        stop=tuple(args.stop),
        beams=args.beams,
        length_penalty=args.length_penalty,
        early_stopping=args.early_stopping,
    )


def add_thinking_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("thinking models")
    group.add_argument(
        "--think",
        choices=("on", "off"),
        help="turn thinking on or off where the model's template has the switch",
    )
    group.add_argument(
        "--effort", choices=("low", "medium", "high"), help="reasoning effort (gpt-oss and others)"
    )
    group.add_argument(
        "--thinking-budget",
        type=int,
        default=0,
        help="most tokens to think before the answer is asked for (default: no limit)",
    )
    group.add_argument(
        "--hide-thinking", action="store_true", help="do not print the reasoning on stderr"
    )
    group.add_argument(
        "--show-prompt",
        action="store_true",
        help="print the prompt the model reads (template applied) on stderr first",
    )


def _reasoning(args: argparse.Namespace) -> ReasoningOptions:
    thinking = None if args.think is None else args.think == "on"
    return ReasoningOptions(thinking=thinking, effort=args.effort, budget=args.thinking_budget)


@contextmanager
def running_engine(verbose: bool = False) -> Iterator[LocalEngine]:
    """The local engine (llama.cpp in a process of its own, as in the window)."""
    engine = LocalEngine(verbose=verbose)
    try:
        yield engine
    finally:
        engine.close()


def backend_report(verbose: bool = False) -> BackendReport:
    """What llama.cpp can run on here, as the engine reports it (first thing it says)."""
    with running_engine(verbose) as engine:
        match engine.wait_for(BackendsReported):
            case BackendsReported(report):
                return report
            case EngineStopped(_, message):
                raise LlamaDeskError(message)


def _load(engine: LocalEngine, model: Path, options: LoadOptions) -> LoadedModel:
    engine.load(str(model), options)
    match engine.wait_for(ModelLoaded, ModelLoadFailed, ModelLoadCancelled):
        case ModelLoaded(_, loaded):
            return loaded
        case ModelLoadFailed(_, message, _) | EngineStopped(_, message):
            raise ModelLoadError(message)
        case ModelLoadCancelled():
            raise ModelLoadError(Text("Loading the model was cancelled."))


def _show_prompt(
    engine: Engine,
    messages: list[dict[str, str]],
    sampling: SamplingParams,
    reasoning: ReasoningOptions,
) -> None:
    """Print the prompt the model will read, on stderr."""
    request = engine.preview_prompt(messages, sampling, reasoning=reasoning)
    while True:
        match engine.wait_for(PromptPreviewed):
            case PromptPreviewed(request_id, preview, message) if request_id == request:
                if preview is None:
                    raise GenerationError(message)
                dropped = (
                    f", {preview.dropped_messages} old message(s) left out to fit"
                    if preview.dropped_messages
                    else ""
                )
                print(
                    f"--- prompt: {preview.tokens:,} of {preview.n_ctx:,} tokens{dropped} ---\n"
                    f"{preview.text}\n--- end of prompt ---",
                    file=sys.stderr,
                )
                if preview.warning:
                    print(f"warning: {preview.warning}", file=sys.stderr)
                return
            case EngineStopped(_, message):
                raise GenerationError(message)


def _stream_answer(
    engine: Engine,
    messages: list[dict[str, str]],
    sampling: SamplingParams,
    args: argparse.Namespace,
) -> tuple[dict[str, str], GenerationStats]:
    """Stream one answer to stdout (its reasoning to stderr); Ctrl+C stops the answer, not
    the program. Returns the answer as the next turn sends it back, and its figures."""
    reasoning = _reasoning(args)
    if args.show_prompt:
        _show_prompt(engine, messages, sampling, reasoning)
    request = engine.generate(messages, sampling, reasoning=reasoning)
    parts: list[str] = []
    thoughts: list[str] = []
    # A handler, not KeyboardInterrupt: an exception could land in the middle of reading
    # an event from the pipe.
    previous = signal.signal(signal.SIGINT, lambda *_: engine.stop_generation())
    try:
        while True:
            match engine.wait_for(TextReceived, GenerationFinished, GenerationFailed):
                case TextReceived(request_id, text, _, thinking) if request_id == request:
                    if thinking:
                        thoughts.append(thinking)
                        if not args.hide_thinking:
                            sys.stderr.write(thinking)
                            sys.stderr.flush()
                    if text:
                        if thoughts and not parts and not args.hide_thinking:
                            sys.stderr.write("\n\n")  # the reasoning ends, the answer begins
                        parts.append(text)
                        sys.stdout.write(text)
                        sys.stdout.flush()
                case GenerationFinished(request_id, stats) if request_id == request:
                    answer = {"role": "assistant", "content": "".join(parts)}
                    if thoughts:
                        answer["reasoning_content"] = "".join(thoughts)
                    return answer, stats
                case GenerationFailed(request_id, message) if request_id == request:
                    raise GenerationError(message)
                case EngineStopped(_, message):
                    raise GenerationError(message)
    finally:
        signal.signal(signal.SIGINT, previous)


def _print_stats(stats) -> None:
    for warning in stats.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if stats.error:
        print(f"error: {stats.error}", file=sys.stderr)
    thought = (
        f"thought {stats.thinking_seconds:.1f} s ({stats.thinking_tokens} tokens), "
        if stats.thinking_tokens
        else ""
    )
    how = (
        f"{stats.beams} beams, log-probability {stats.logprob:.2f}"
        if stats.beams > 1
        else f"seed {stats.seed}"
    )
    print(
        f"[{stats.generated_tokens} tokens, {thought}{stats.tokens_per_second:.1f} tokens/s, "
        f"first token {stats.time_to_first_token * 1000:.0f} ms, prompt {stats.prompt_tokens} "
        f"tokens ({stats.cached_tokens} cached), {stats.finish_reason}, {how}]",
        file=sys.stderr,
    )


@contextmanager
def chat_engine(args: argparse.Namespace) -> Iterator[Engine]:
    """The engine ``chat`` talks to, its model loaded: on a server (--endpoint or
    --connection, in :mod:`llamadesk.cli.connections`) or llama.cpp here."""
    if args.endpoint or args.connection:
        from llamadesk.cli.connections import remote_chat_engine

        with remote_chat_engine(args) as engine:
            yield engine
        return
    with running_engine(args.verbose) as engine:
        loaded = _load(engine, Path(args.model), load_options(args))
        print(
            f"{loaded.info.name} ({loaded.info.quantization}, n_ctx {loaded.n_ctx:,}): "
            f"{loaded.offload_summary}",
            file=sys.stderr,
        )
        if loaded.template_warning:
            print(f"warning: {loaded.template_warning}", file=sys.stderr)
        yield engine


def _show_documents(engine: Engine, attachments: list[Attachment]) -> None:
    """Say on stderr what each attached document takes of the context window."""
    request = engine.count_tokens([document_block(a) for a in attachments])
    while True:
        match engine.wait_for(TokensCounted):
            case TokensCounted(request_id, counts, exact, message) if request_id == request:
                if counts is None:
                    raise GenerationError(message)
                about = "" if exact else "about "
                for attachment, count in zip(attachments, counts, strict=True):
                    print(f"attached {attachment.name}: {about}{count:,} tokens", file=sys.stderr)
                return
            case EngineStopped(_, message):
                raise GenerationError(message)


def cmd_chat(args: argparse.Namespace) -> int:
    sampling = _sampling(args)
    # Read before the model loads: a file that cannot be attached is said at once.
    attachments = [read_document(path) for path in args.attach]
    with chat_engine(args) as engine:
        if attachments:
            _show_documents(engine, attachments)
        messages = [{"role": "system", "content": args.system}] if args.system else []
        if args.prompt is not None:
            messages.append({"role": "user", "content": with_documents(args.prompt, attachments)})
            _, stats = _stream_answer(engine, messages, sampling, args)
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
            messages.append({"role": "user", "content": with_documents(line, attachments)})
            attachments = []  # the documents go with the first message
            answer, stats = _stream_answer(engine, messages, sampling, args)
            print()
            _print_stats(stats)
            messages.append(answer)


def cmd_info(args: argparse.Namespace) -> int:
    from llamadesk.core.gguf import read_info
    from llamadesk.core.machine import Machine, context_size, plan_offload

    info = read_info(args.model)
    options = load_options(args)
    report = backend_report(args.verbose)
    n_ctx = context_size(options, info, Machine.detect(report))  # as loading would choose
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
    plan = plan_offload(options, report, info, n_ctx)
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


def cmd_backends(args: argparse.Namespace) -> int:
    report = backend_report(args.verbose)
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
