"""The Hugging Face access token: in the OS keychain, or where the user chooses when none exists.

The token goes to the system keychain through ``keyring`` (macOS Keychain, Windows
Credential Locker, Secret Service/KWallet on Linux). A computer without a usable keychain
(a bare Linux desktop or a server, where keyring falls back to its ``fail`` or ``null``
backend) is reported by :func:`keychain_status`; the user then chooses between keeping the
token for this session only (in memory, gone when the app quits) and a file only they can
read (mode 0600 in the config folder). A token lives in one place at a time: saving it
somewhere removes it from the others.

Keychain calls can block (an unlock prompt, a slow D-Bus), so front ends call these off
their GUI thread. Nothing here logs or prints a token.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
import threading
from dataclasses import replace
from enum import Enum
from pathlib import Path

import keyring
import keyring.errors
from keyring.backends import chainer, fail, null

from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.hub.config import HubConfig
from llamadesk.core.logs import redact
from llamadesk.core.paths import config_dir
from llamadesk.core.texts import Text

log = logging.getLogger(__name__)

SERVICE = "LlamaDesk"
ACCOUNT = "huggingface-token"
TOKEN_FILE = "hub-token"

_session_token: str | None = None  # "this session only": shared by every TokenStore
_session_lock = threading.Lock()


class Storage(str, Enum):
    KEYCHAIN = "keychain"
    SESSION = "session"  # in memory until the app quits
    FILE = "file"  # a file readable only by this user

    def __str__(self) -> str:
        return self.value


class CredentialsError(LlamaDeskError):
    """The token could not be stored or read. ``reason``: "no_keychain" (choose SESSION
    or FILE), "keychain" (the keychain refused), "file" or "invalid"."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def keychain_status() -> tuple[bool, str]:
    """Whether a usable keychain exists, and its name (or why there is none) for people."""
    try:
        backend = keyring.get_keyring()
    except Exception as error:  # a broken keyring configuration
        return False, Text("The system keychain could not be opened ({error}).", error=str(error))
    if isinstance(backend, fail.Keyring | null.Keyring) or (
        isinstance(backend, chainer.ChainerBackend) and not backend.backends
    ):
        return False, Text(
            "No system keychain was found on this computer (on Linux, install and unlock "
            "GNOME Keyring or KWallet)."
        )
    name = getattr(backend, "name", "") or type(backend).__name__
    return True, str(name)


def forget_session_token() -> None:
    """Drop the in-memory token (as quitting the app does)."""
    global _session_token
    with _session_lock:
        _session_token = None


def token_hint(token: str) -> str:
    """A token for display: its start and last four characters."""
    return f"{token[:3]}…{token[-4:]}" if len(token) > 10 else "…"


class TokenStore:
    """Where LlamaDesk keeps the Hub access token (``file_path`` None: config_dir()/hub-token)."""

    def __init__(self, file_path: Path | None = None) -> None:
        self.file_path = file_path or config_dir() / TOKEN_FILE

    def keychain_available(self) -> bool:
        return keychain_status()[0]

    # ---------------------------------------------------------------- reading
    def get(self) -> str | None:
        """The saved token (this session's, the keychain's, or the file's), else None."""
        return self.lookup()[0]

    def where(self) -> Storage | None:
        return self.lookup()[1]

    def lookup(self) -> tuple[str | None, Storage | None]:
        with _session_lock:
            if _session_token:
                redact(_session_token)  # whatever is logged later, never this
                return _session_token, Storage.SESSION
        if self.keychain_available():
            try:
                token = keyring.get_password(SERVICE, ACCOUNT)
            except keyring.errors.KeyringError as error:
                log.warning("the keychain could not be read: %s", type(error).__name__)
                token = None
            if token:
                redact(token)
                return token, Storage.KEYCHAIN
        token = self._read_file()
        redact(token)
        return (token, Storage.FILE) if token else (None, None)

    # ---------------------------------------------------------------- writing
    def save(self, token: str, storage: Storage | None = None) -> Storage:
        """Keep ``token`` in ``storage`` (None: the keychain) and nowhere else; where it went.

        Raises CredentialsError("no_keychain") when the keychain is wanted but missing: ask
        the user to choose Storage.SESSION or Storage.FILE. An empty token clears it."""
        token = token.strip()
        if not token:
            self.clear()
            return storage or Storage.KEYCHAIN
        if any(c.isspace() or ord(c) < 32 for c in token) or len(token) > 1024:
            raise CredentialsError(
                Text(
                    "That does not look like an access token: it has spaces or is too long. "
                    "Copy it again from your Hugging Face settings (it starts with hf_)."
                ),
                reason="invalid",
            )
        redact(token)
        storage = Storage(storage or Storage.KEYCHAIN)
        if storage is Storage.KEYCHAIN:
            available, why = keychain_status()
            if not available:
                raise CredentialsError(
                    Text(
                        "{why} Choose whether LlamaDesk keeps the token for this session only "
                        "or in a file that only you can read.",
                        why=why,
                    ),
                    reason="no_keychain",
                )
            try:
                keyring.set_password(SERVICE, ACCOUNT, token)
            except keyring.errors.KeyringError as error:
                raise CredentialsError(
                    Text(
                        "The system keychain refused to store the token ({kind}: {error}). "
                        "Unlock it and try again, or keep the token for this session only.",
                        kind=type(error).__name__,
                        error=str(error),
                    ),
                    reason="keychain",
                ) from error
        elif storage is Storage.FILE:
            self._write_file(token)
        else:
            global _session_token
            with _session_lock:
                _session_token = token
        self._clear_except(storage)
        return storage

    def clear(self) -> None:
        """Forget the token everywhere LlamaDesk keeps it."""
        self._clear_except(None)

    def _clear_except(self, keep: Storage | None) -> None:
        if keep is not Storage.SESSION:
            forget_session_token()
        if keep is not Storage.KEYCHAIN and self.keychain_available():
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(SERVICE, ACCOUNT)  # PasswordDeleteError: none saved
        if keep is not Storage.FILE:
            try:
                self.file_path.unlink(missing_ok=True)
            except OSError as error:
                raise CredentialsError(
                    Text(
                        "Could not delete the token file {path} ({error}). Delete it yourself.",
                        path=str(self.file_path),
                        error=str(error.strerror or error),
                    ),
                    reason="file",
                ) from error

    # ---------------------------------------------------------------- the file
    def _write_file(self, token: str) -> None:
        path = self.file_path
        temporary = path.with_name(f".{path.name}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.unlink(missing_ok=True)
            descriptor = os.open(temporary, flags, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                if sys.platform != "win32":
                    os.fchmod(file.fileno(), 0o600)  # whatever the umask says
                file.write(token + "\n")
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            raise CredentialsError(
                Text(
                    "Could not save the token in {path} ({error}). Keep it for this session "
                    "only, or check that the folder is writable.",
                    path=str(path),
                    error=str(error.strerror or error),
                ),
                reason="file",
            ) from error

    def _read_file(self) -> str | None:
        path = self.file_path
        try:
            if path.is_symlink():
                return None  # never follow a link planted in place of the file
            mode = path.stat().st_mode
            if sys.platform != "win32" and mode & (stat.S_IRWXG | stat.S_IRWXO):
                log.warning("the token file was readable by others; now only by its owner")
                path.chmod(0o600)
            return path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            log.warning("the token file could not be read: %s", error)
            return None


def hub_config(
    settings, *, endpoint: str | None = None, offline: bool = False, store: TokenStore | None = None
) -> HubConfig:
    """How to reach the Hub with these settings: their mirror (else ``HF_ENDPOINT``), offline
    mode, and the saved token (None: huggingface_hub's own, e.g. ``HF_TOKEN``). Offline, the
    keychain is not even asked."""
    offline = offline or settings.offline
    config = HubConfig(endpoint=endpoint or settings.hub_endpoint or None, offline=offline)
    if config.is_offline():
        return config
    return replace(config, token=(store or TokenStore()).get())
