"""What a front end does with connections: test one, list every connection's models, open
a remote engine on one; and offline mode's rule for them.

Each of these may wait for the keychain and the network: call them off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from llamadesk.core.connections.connection import Connection
from llamadesk.core.engine import (
    ModelEntry,
    RemoteEngine,
    RemoteError,
    RemoteServer,
    RetryPolicy,
    ServedModel,
    ServerInfo,
    is_loopback,
    listing,
    probe,
)
from llamadesk.core.hub import HubConfig
from llamadesk.core.texts import Text

MAX_LISTED = 12  # models named in a test's sentence
LISTING_THREADS = 8


@dataclass(frozen=True)
class RemoteModelEntry(ModelEntry):
    """A model a connection's server serves: ``id`` is what :meth:`RemoteEngine.load`
    takes, ``name`` what a person sees (the same, the server's name for it)."""

    connection: str = ""  # the connection's name
    connection_id: str = ""
    n_ctx: int | None = None  # the context size the server runs it with, when it says

    @property
    def label(self) -> str:
        """e.g. "llama3.3:70b · office-gpu"."""
        return f"{self.name} · {self.connection}"


@dataclass(frozen=True)
class ConnectionModels:
    """A connection's models, or why there are none to show (``problem``, a Text)."""

    connection: Connection
    models: tuple[RemoteModelEntry, ...] = ()
    problem: str | None = None


@dataclass(frozen=True)
class ConnectionReport:
    """What testing a connection found: ``message`` says it in a sentence (a Text)."""

    connection: Connection
    reachable: bool
    message: str
    info: ServerInfo | None = None
    reason: str | None = None  # why not: a RemoteError's reason


def is_offline(offline_setting: bool) -> bool:
    """Offline mode: the setting, or HF_HUB_OFFLINE in the environment."""
    return HubConfig(offline=offline_setting).is_offline()


def offline_refusal(base_url: str, name: str, offline_setting: bool) -> str | None:
    """Why offline mode forbids the server at ``base_url`` (a Text), or None when it may be
    used: every server is allowed online, only those on this computer offline."""
    if not is_offline(offline_setting) or is_loopback(base_url):
        return None
    return Text(
        "Offline mode is on, so LlamaDesk does not connect to {name} ({address}): offline, "
        "only servers on this computer (localhost) are used. Turn offline mode off in the "
        "model manager's settings to use it.",
        name=name,
        address=base_url,
    )


def server_for(
    connection: Connection, offline_setting: bool = False, api_key: str | None = None
) -> RemoteServer:
    """How to reach ``connection``'s server, with ``api_key`` or else the key kept for it.
    RemoteError(reason="offline") when offline mode forbids it."""
    refusal = offline_refusal(connection.base_url, connection.name, offline_setting)
    if refusal is not None:
        raise RemoteError(refusal, reason="offline")
    return connection.server(api_key or connection.keys().get())


def check_connection(
    connection: Connection, offline_setting: bool = False, api_key: str | None = None
) -> ConnectionReport:
    """Reach the server, and say in a sentence what it is and which models it serves with
    their context sizes, or what went wrong. ``api_key``: one to try instead of the key
    kept for the connection (a connection being edited)."""
    try:
        server = server_for(connection, offline_setting, api_key)
        info = probe(server)
    except RemoteError as error:
        return ConnectionReport(connection, False, error.text, reason=error.reason)
    return ConnectionReport(connection, True, describe(info, server), info)


def describe(info: ServerInfo, server: RemoteServer) -> str:
    """What a server is and serves, in a sentence."""
    count = len(info.models)
    if count == 0:
        return Text(
            "Reachable: {server} at {address}, but it serves no model yet. Load or pull one "
            "on the server.",
            server=info.label,
            address=server.address,
        )
    names = [_model_text(model) for model in info.models[:MAX_LISTED]]
    if count > MAX_LISTED:
        names.append(Text("{count} more", count=count - MAX_LISTED))
    models = listing(names)
    if count == 1:
        return Text(
            "Reachable: {server} at {address} serves one model: {models}.",
            server=info.label,
            address=server.address,
            models=models,
        )
    return Text(
        "Reachable: {server} at {address} serves {count} models: {models}.",
        server=info.label,
        address=server.address,
        count=count,
        models=models,
    )


def _model_text(model: ServedModel) -> str:
    if model.n_ctx:
        return Text("{model} (context {n_ctx:,} tokens)", model=model.id, n_ctx=model.n_ctx)
    return model.id


def connection_models(connection: Connection, offline_setting: bool = False) -> ConnectionModels:
    """One connection's models, or the sentence saying why they cannot be listed."""
    try:
        info = probe(server_for(connection, offline_setting))
    except RemoteError as error:
        return ConnectionModels(connection, problem=error.text)
    entries = tuple(
        RemoteModelEntry(m.id, m.id, connection.name, connection.id, m.n_ctx) for m in info.models
    )
    return ConnectionModels(connection, entries)


def list_remote_models(
    connections: Sequence[Connection], offline_setting: bool = False
) -> list[ConnectionModels]:
    """Every connection's models (asked of all servers at once), in the connections' order:
    for the model picker, beside the local files."""
    if not connections:
        return []
    with ThreadPoolExecutor(min(LISTING_THREADS, len(connections))) as pool:
        return list(pool.map(lambda c: connection_models(c, offline_setting), connections))


def open_remote_engine(
    connection: Connection, offline_setting: bool = False, *, retry: RetryPolicy | None = None
) -> RemoteEngine:
    """A remote engine on ``connection``'s server; then ``engine.load(model_id, options)``
    chooses the model (a ModelLoaded with a RemoteModel answers). RemoteError when offline
    mode forbids the server."""
    return RemoteEngine(server_for(connection, offline_setting), retry=retry)
