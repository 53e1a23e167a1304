"""``llamadesk``: the window, or a command in the terminal (chat, info, backends, models,
serve, connections), or the installation's self-test."""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

from llamadesk.cli.chat import (
    add_load_options,
    add_sampling_options,
    add_thinking_options,
    cmd_backends,
    cmd_chat,
    cmd_info,
)
from llamadesk.cli.connections import add_commands as add_connections_commands
from llamadesk.cli.connections import add_remote_options
from llamadesk.cli.output import printable
from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.logs import setup_logging


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
    chat.add_argument(
        "-m",
        "--model",
        required=True,
        help="a .gguf file; with --endpoint or --connection, the model's id on the server",
    )
    chat.add_argument("-p", "--prompt", help="answer this one message and exit")
    chat.add_argument("--system", help="system prompt")
    chat.add_argument(
        "--attach",
        action="append",
        default=[],
        metavar="FILE",
        help="send a document (text, Markdown, code, PDF, Word) with the first message; repeatable",
    )
    add_remote_options(chat)
    add_thinking_options(chat)
    add_sampling_options(chat)
    add_load_options(chat)
    chat.set_defaults(func=cmd_chat)

    info = commands.add_parser("info", help="show a model file's facts and memory needs")
    info.add_argument("model", type=Path)
    info.add_argument("--template", action="store_true", help="also print the chat template")
    add_load_options(info)
    info.set_defaults(func=cmd_info)

    backends = commands.add_parser("backends", help="show CPU/GPU backends and devices")
    backends.set_defaults(func=cmd_backends)

    from llamadesk.cli.models import add_commands as add_models_commands
    from llamadesk.cli.serve import add_command as add_serve_command

    add_models_commands(commands)  # llamadesk models search|files|pull|list|rm
    add_serve_command(commands)  # llamadesk serve --model FILE
    add_connections_commands(commands)  # llamadesk connections add|list|test|rm
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:  # it writes nothing outside its temporary folder: no log file
        from llamadesk.ui.selftest import run as run_self_test

        return run_self_test()
    setup_logging(args.verbose)
    if args.command is None:
        from llamadesk.ui.app import run

        return run(args.model, verbose=args.verbose)
    try:
        return args.func(args)
    except LlamaDeskError as error:
        print(f"error: {printable(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl+C: a stop the user asked for, not a failure to explain
        print("Stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
