"""Connections: servers on this or other computers (llama-server, vLLM, Ollama, LM Studio)
that the user named, with their API keys in the keychain; testing one, listing their models
for the model picker, opening a remote engine on one, and offline mode's rule for them."""

from llamadesk.core.connections.connection import (
    MAX_NAME_CHARS,
    MAX_TIMEOUT,
    MIN_TIMEOUT,
    ApiKeyStore,
    Connection,
    checked_timeout,
    keys_folder,
    make_connection,
)
from llamadesk.core.connections.servers import (
    ConnectionModels,
    ConnectionReport,
    RemoteModelEntry,
    check_connection,
    connection_models,
    describe,
    is_offline,
    list_remote_models,
    offline_refusal,
    open_remote_engine,
    server_for,
)

__all__ = [
    "MAX_NAME_CHARS",
    "MAX_TIMEOUT",
    "MIN_TIMEOUT",
    "ApiKeyStore",
    "Connection",
    "ConnectionModels",
    "ConnectionReport",
    "RemoteModelEntry",
    "check_connection",
    "checked_timeout",
    "connection_models",
    "describe",
    "is_offline",
    "keys_folder",
    "list_remote_models",
    "make_connection",
    "offline_refusal",
    "open_remote_engine",
    "server_for",
]
