"""A connection: a server the user named, its address, how long it may stay silent, and
where its API key is kept (the keychain, never the settings file)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from llamadesk.core.engine import REMOTE_TIMEOUT, RemoteServer, normalize_base_url
from llamadesk.core.errors import SettingsError
from llamadesk.core.keychain import SecretStore
from llamadesk.core.paths import config_dir
from llamadesk.core.texts import Text

MAX_NAME_CHARS = 64
MIN_TIMEOUT, MAX_TIMEOUT = 1.0, 3600.0
KEYS_FOLDER = "connection-keys"


def _new_id() -> str:
    return secrets.token_hex(8)


@dataclass(frozen=True)
class Connection:
    """``id`` stays when the connection is renamed: its API key is kept under it."""

    name: str
    base_url: str
    timeout: float = REMOTE_TIMEOUT  # seconds the server may stay silent while answering
    id: str = field(default_factory=_new_id)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "base_url": self.base_url,
            "timeout": self.timeout,
        }

    @classmethod
    def from_dict(cls, data: object) -> Connection:
        """A connection read back from the settings file; SettingsError if it is not one."""
        if not isinstance(data, dict):
            raise SettingsError(Text("A saved connection is not readable."))
        ident = data.get("id")
        if not isinstance(ident, str) or not ident.isalnum() or len(ident) > 64:
            raise SettingsError(Text("A saved connection is not readable."))
        timeout = data.get("timeout", REMOTE_TIMEOUT)
        return make_connection(
            data.get("name"), data.get("base_url"), (), timeout=timeout, ident=ident
        )

    def server(self, api_key: str | None) -> RemoteServer:
        return RemoteServer(self.base_url, api_key, self.name, self.timeout)

    def keys(self) -> ApiKeyStore:
        return ApiKeyStore(self.id)


def make_connection(
    name: object,
    base_url: object,
    others: tuple[Connection, ...] | list[Connection],
    *,
    timeout: object = REMOTE_TIMEOUT,
    ident: str | None = None,
) -> Connection:
    """A connection from what the user typed, checked: a name of its own among ``others``
    (the one with ``ident`` itself excepted), a server address, a timeout in range.
    SettingsError or RemoteError (the address) say what to change."""
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > MAX_NAME_CHARS or any(ord(c) < 32 for c in name):
        raise SettingsError(
            Text(
                "Give the connection a name of 1 to {max} characters, e.g. office-gpu.",
                max=MAX_NAME_CHARS,
            )
        )
    if any(o.name.casefold() == name.casefold() and o.id != ident for o in others):
        raise SettingsError(
            Text('There is already a connection named "{name}". Choose another name.', name=name)
        )
    url = normalize_base_url(base_url if isinstance(base_url, str) else "")
    connection = Connection(name, url, checked_timeout(timeout))
    return replace(connection, id=ident) if ident else connection


def checked_timeout(seconds: object) -> float:
    """``seconds`` to wait for a server, if in range; SettingsError says the range if not."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        seconds = -1
    if not MIN_TIMEOUT <= seconds <= MAX_TIMEOUT:
        raise SettingsError(
            Text(
                "The time to wait for the server must be between {low:g} and {high:g} seconds.",
                low=MIN_TIMEOUT,
                high=MAX_TIMEOUT,
            )
        )
    return float(seconds)


def keys_folder() -> Path:
    """Where API keys are kept when the user chose files for them (one per connection)."""
    return config_dir() / KEYS_FOLDER


class ApiKeyStore(SecretStore):
    """Where a connection's API key is kept: the system keychain, else (the user chooses)
    this session only or a file only the user can read."""

    def __init__(self, connection_id: str) -> None:
        super().__init__(
            f"connection-{connection_id}",
            keys_folder() / connection_id,
            what=Text("the API key"),
            invalid=Text(
                "That does not look like an API key: it has spaces or is too long. Copy it "
                "again from the server's settings."
            ),
        )
