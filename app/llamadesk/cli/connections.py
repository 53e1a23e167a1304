"""``llamadesk connections``: servers on this or other computers (llama-server, vLLM, Ollama,
LM Studio); and the remote engine behind ``llamadesk chat --endpoint URL`` or
``--connection NAME``.

The same core as the model manager's Connections page (:mod:`llamadesk.core.connections`):
a connection is saved in the settings, its API key in the system keychain (or, where there
is none and the user asks for it, a file only they can read). A key is never taken as a
command-line argument, which shell histories and process lists keep: it comes from an
environment variable (``--api-key-env``) or standard input. Errors print one sentence and
exit with status 2; a test that finds the server unreachable exits with status 1.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from llamadesk.cli.output import confirm, guarded, table
from llamadesk.core.engine import REMOTE_TIMEOUT  # the chat command has imported it

if TYPE_CHECKING:  # the commands import the core when they run: `llamadesk` starts fast
    from llamadesk.core.connections import Connection
    from llamadesk.core.engine import RemoteEngine
    from llamadesk.core.settings import Settings


# ------------------------------------------------------------------ parser
def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``connections`` and its actions under the main parser's sub-commands."""
    connections = commands.add_parser(
        "connections", help="servers on other computers (llama-server, vLLM, Ollama, LM Studio)"
    )
    actions = connections.add_subparsers(
        dest="connections_command", metavar="ACTION", required=True
    )

    add = actions.add_parser("add", help="save a connection (and test it)")
    add.add_argument("name", help="a name of your choice, e.g. office-gpu")
    add.add_argument("url", help="the server's address, e.g. http://192.168.1.20:8080/v1")
    keys = add.add_mutually_exclusive_group()
    keys.add_argument(
        "--api-key-env", metavar="VAR", help="take the API key from this environment variable"
    )
    keys.add_argument(
        "--api-key-stdin",
        action="store_true",
        help="read the API key from standard input (asked for, hidden, in a terminal)",
    )
    add.add_argument(
        "--key-storage",
        choices=("keychain", "file"),
        default="keychain",
        help="where the key is kept: the system keychain (default) or, where there is none, "
        "a file only you can read",
    )
    add_timeout_option(add, f"{REMOTE_TIMEOUT:g}")
    add.add_argument(
        "--replace", action="store_true", help="replace the connection of that name, if any"
    )
    add.add_argument("--no-test", action="store_true", help="do not contact the server")
    add.set_defaults(func=guarded(cmd_add))

    listing = actions.add_parser("list", help="the saved connections")
    listing.add_argument(
        "--models", action="store_true", help="also ask each server which models it serves"
    )
    listing.set_defaults(func=guarded(cmd_list))

    test = actions.add_parser("test", help="contact a server and say what it is and serves")
    test.add_argument("name")
    test.set_defaults(func=guarded(cmd_test))

    remove = actions.add_parser("rm", help="delete a connection and its API key")
    remove.add_argument("name")
    remove.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    remove.set_defaults(func=guarded(cmd_rm))


def add_timeout_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help=f"seconds the server may stay silent while answering (default: {default})",
    )


def add_remote_options(parser: argparse.ArgumentParser) -> None:
    """``chat``'s options for a model on a server: --endpoint or --connection."""
    group = parser.add_argument_group("a model on a server (--model is then its id there)")
    where = group.add_mutually_exclusive_group()
    where.add_argument("--endpoint", metavar="URL", help="an OpenAI-compatible server's address")
    where.add_argument("--connection", metavar="NAME", help="a saved connection")
    group.add_argument(
        "--api-key-env",
        metavar="VAR",
        help="the environment variable holding the API key (overrides a saved one)",
    )
    add_timeout_option(group, f"the connection's, else {REMOTE_TIMEOUT:g}")


# ------------------------------------------------------------------ commands
def cmd_add(args: argparse.Namespace) -> int:
    from llamadesk.core.connections import ApiKeyStore, make_connection
    from llamadesk.core.errors import SettingsError
    from llamadesk.core.texts import Text

    settings = _settings()
    existing = _find(settings, args.name, required=False)
    if existing is not None and not args.replace:
        raise SettingsError(
            Text(
                'There is already a connection named "{name}". Add --replace to replace it, or '
                "choose another name.",
                name=args.name,
            )
        )
    others = [c for c in settings.connections if c is not existing]
    options = {} if args.timeout is None else {"timeout": args.timeout}
    connection = make_connection(args.name, args.url, others, **options)
    key = _read_key(args)
    if key is not None:
        _save_key(ApiKeyStore(connection.id), key, args.key_storage)
    settings.connections = [*others, connection]
    _save(settings)
    if existing is not None:
        existing.keys().clear()
    print(f"Saved the connection {connection.name}: {connection.base_url}", file=sys.stderr)
    if args.no_test:
        return 0
    return _report(connection, settings)


def cmd_list(args: argparse.Namespace) -> int:
    settings = _settings()
    if not settings.connections:
        print(
            "No connections yet. Add one: llamadesk connections add NAME http://HOST:PORT/v1",
            file=sys.stderr,
        )
        return 0
    rows = [("NAME", "ADDRESS", "API KEY", "TIMEOUT")]
    for connection in settings.connections:
        where = connection.keys().where()
        rows.append(
            (
                connection.name,
                connection.base_url,
                str(where) if where is not None else "none",
                f"{connection.timeout:g} s",
            )
        )
    table(rows)
    if args.models:
        from llamadesk.core.connections import list_remote_models

        for listed in list_remote_models(settings.connections, settings.offline):
            print(f"\n{listed.connection.name}:")
            if listed.problem:
                print(f"  {listed.problem}")
            for model in listed.models:
                context = f"  (context {model.n_ctx:,} tokens)" if model.n_ctx else ""
                print(f"  {model.id}{context}")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    settings = _settings()
    return _report(_find(settings, args.name), settings)


def cmd_rm(args: argparse.Namespace) -> int:
    settings = _settings()
    connection = _find(settings, args.name)
    if not args.yes and not confirm(f"Delete the connection {connection.name} and its API key?"):
        print("Nothing was deleted.", file=sys.stderr)
        return 1
    settings.connections = [c for c in settings.connections if c is not connection]
    _save(settings)
    connection.keys().clear()
    print(f"Deleted the connection {connection.name}.", file=sys.stderr)
    return 0


def _report(connection: Connection, settings: Settings) -> int:
    from llamadesk.core.connections import check_connection

    report = check_connection(connection, settings.offline)
    print(report.message)
    return 0 if report.reachable else 1


# ------------------------------------------------------------------ chat
@contextmanager
def remote_chat_engine(args: argparse.Namespace) -> Iterator[RemoteEngine]:
    """The remote engine for ``llamadesk chat --endpoint/--connection``, with ``--model``
    chosen on it (its description goes to stderr); closed afterwards."""
    from llamadesk.core.connections import checked_timeout, offline_refusal, server_for
    from llamadesk.core.engine import (
        EngineStopped,
        ModelLoadCancelled,
        ModelLoaded,
        ModelLoadFailed,
        PromptPreviewed,
        RemoteEngine,
        RemoteError,
        RemoteServer,
        SamplingParams,
        normalize_base_url,
    )
    from llamadesk.core.errors import ModelLoadError
    from llamadesk.core.machine import LoadOptions
    from llamadesk.core.texts import Text

    settings = _settings()
    if args.connection:
        server = server_for(_find(settings, args.connection), settings.offline)
    else:
        url = normalize_base_url(args.endpoint)
        refusal = offline_refusal(url, url, settings.offline)
        if refusal is not None:
            raise RemoteError(refusal, reason="offline")
        server = RemoteServer(url)
    if args.api_key_env:
        server = replace(server, api_key=_key_from_environment(args.api_key_env))
    if args.timeout is not None:
        server = replace(server, timeout=checked_timeout(args.timeout))
    engine = RemoteEngine(server)
    try:
        engine.load(args.model, LoadOptions())
        match engine.wait_for(ModelLoaded, ModelLoadFailed, ModelLoadCancelled):
            case ModelLoaded(_, model):
                context = f"n_ctx {model.n_ctx:,}" if model.n_ctx else "n_ctx not given"
                print(f"{model.label} ({context}): {model.backend}", file=sys.stderr)
                if args.show_prompt:  # the server writes it: say so once, and chat on
                    engine.preview_prompt([], SamplingParams())
                    note = engine.wait_for(PromptPreviewed)
                    print(f"note: {note.message}", file=sys.stderr)
                    args.show_prompt = False
            case ModelLoadFailed(_, message, _) | EngineStopped(_, message):
                raise ModelLoadError(message)
            case ModelLoadCancelled():
                raise ModelLoadError(Text("Choosing the model was cancelled."))
        yield engine
    finally:
        engine.close()


# ------------------------------------------------------------------ helpers
def _settings() -> Settings:
    from llamadesk.core.settings import load_settings

    settings, warnings = load_settings()
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return settings


def _save(settings: Settings) -> None:
    from llamadesk.core.settings import save_settings

    save_settings(settings)


def _find(settings: Settings, name: str, required: bool = True) -> Connection | None:
    from llamadesk.core.errors import SettingsError
    from llamadesk.core.texts import Text

    for connection in settings.connections:
        if connection.name.casefold() == name.strip().casefold():
            return connection
    if not required:
        return None
    names = ", ".join(c.name for c in settings.connections)
    raise SettingsError(
        Text(
            'There is no connection named "{name}". Saved connections: {names}.',
            name=name,
            names=names or "none",
        )
    )


def _key_from_environment(variable: str | None) -> str | None:
    from llamadesk.core.errors import SettingsError
    from llamadesk.core.logs import redact
    from llamadesk.core.texts import Text

    if variable is None:
        return None
    key = os.environ.get(variable, "").strip()
    if not key:
        raise SettingsError(
            Text(
                "The environment variable {variable} holds no API key: set it, or leave out "
                "--api-key-env.",
                variable=variable,
            )
        )
    redact(key)
    return key


def _read_key(args: argparse.Namespace) -> str | None:
    if args.api_key_env:
        return _key_from_environment(args.api_key_env)
    if not args.api_key_stdin:
        return None
    if sys.stdin.isatty():
        return getpass.getpass("API key: ").strip()
    return sys.stdin.readline().strip()


def _save_key(store, key: str, storage: str) -> None:
    from llamadesk.core.keychain import CredentialsError, Storage
    from llamadesk.core.texts import Text

    try:
        store.save(key, Storage(storage))
    except CredentialsError as error:
        if error.reason != "no_keychain":
            raise
        raise CredentialsError(
            Text(
                "No system keychain was found on this computer. Add --key-storage file to keep "
                "the API key in a file that only you can read, or install and unlock GNOME "
                "Keyring or KWallet."
            ),
            reason="no_keychain",
        ) from error
