"""``llamadesk serve``: the local OpenAI-compatible server, headless (no Qt).

    llamadesk serve --model model.gguf [--host 127.0.0.1] [--port 1234] [--api-key-env VAR]
                    [--temperature 0.7 --top-k 40 ...: for what a request leaves out]

It loads the model in the engine process, then answers until Ctrl+C; each request is
one line on standard error (time, client, endpoint, status, tokens, tokens/s).
"""

from __future__ import annotations

import argparse
import os
import queue
import sys
import time
from pathlib import Path

from llamadesk.cli.chat import add_load_options, add_sampler_options, load_options, sampler_values
from llamadesk.core.engine import (
    EngineStopped,
    LocalEngine,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    SamplingParams,
    SharedEngine,
)
from llamadesk.core.errors import LlamaDeskError, ModelLoadError
from llamadesk.core.texts import Text
from llamadesk.server import DEFAULT_PORT, RequestRecord, ServerConfig, model_id, serve


def add_command(commands) -> None:
    parser = commands.add_parser(
        "serve", help="serve a model to other programs (OpenAI-compatible API)"
    )
    parser.add_argument("-m", "--model", type=Path, required=True, help="a .gguf file")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only; any other "
        "address needs an API key)",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="default %(default)s")
    parser.add_argument(
        "--api-key-env",
        metavar="VAR",
        help="the environment variable holding the API key clients must send",
    )
    parser.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a web page origin allowed to call the server (repeatable; default: none)",
    )
    parser.add_argument(
        "--max-waiting",
        type=int,
        default=8,
        help="requests queued behind the one answered before others get 429 (default 8)",
    )
    parser.add_argument(
        "--max-body-mb",
        type=int,
        default=16,
        help="largest request body in MiB (default %(default)s; 413 beyond)",
    )
    add_load_options(parser)
    add_sampler_options(parser.add_argument_group("sampling, where a request says nothing"))
    parser.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    api_key = None
    if args.api_key_env:
        api_key = os.environ.get(args.api_key_env, "").strip()
        if not api_key:
            raise LlamaDeskError(
                Text("The environment variable {name} is empty or not set.", name=args.api_key_env)
            )
    defaults = SamplingParams(**sampler_values(args))  # refused here, not at each request
    config = ServerConfig(
        host=args.host,
        port=args.port,
        api_key=api_key,
        cors_origins=tuple(args.cors_origin),
        max_waiting=args.max_waiting,
        max_body_bytes=args.max_body_mb * 2**20,
        sampling=lambda: defaults,
    )
    config.check()
    shared = SharedEngine(lambda: LocalEngine(verbose=args.verbose))
    try:
        loaded = _load(shared, args.model, args)
        print(
            f"Serving {model_id(loaded)} ({loaded.info.name}, {loaded.info.quantization}, "
            f"n_ctx {loaded.n_ctx:,}) at {config.address}"
            f"{' (API key required)' if api_key else ''}; Ctrl+C stops.",
            file=sys.stderr,
            flush=True,
        )
        serve(shared, config, on_request=_print_request)
    finally:
        shared.close()
    return 0


def _load(shared: SharedEngine, model: Path, args: argparse.Namespace):
    events: queue.SimpleQueue = queue.SimpleQueue()
    shared.subscribe(events.put)
    shared.load(str(model), load_options(args))
    while True:
        match events.get():
            case ModelLoaded(_, loaded):
                return loaded
            case ModelLoadFailed(_, message, _) | EngineStopped(_, message):
                raise ModelLoadError(message)
            case ModelLoadCancelled():
                raise ModelLoadError(Text("Loading the model was cancelled."))


def _print_request(record: RequestRecord) -> None:
    speed = f", {record.tokens_per_second:.1f} tokens/s" if record.tokens_per_second else ""
    tokens = (
        f", {record.prompt_tokens} + {record.completion_tokens} tokens"
        if record.prompt_tokens or record.completion_tokens
        else ""
    )
    print(
        f"{time.strftime('%H:%M:%S', time.localtime(record.at))} {record.client} "
        f"{record.endpoint} {record.status}{tokens}{speed}, {record.seconds:.2f} s",
        file=sys.stderr,
        flush=True,
    )
