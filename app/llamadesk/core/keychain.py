"""Secrets (the Hub access token, the API keys of connections): in the OS keychain, or where
the user chooses when none exists.

A secret goes to the system keychain through ``keyring`` (macOS Keychain, Windows
Credential Locker, Secret Service/KWallet on Linux), under the service "LlamaDesk" and an
account name of its own. A computer without a usable keychain (a bare Linux desktop or a
server, where keyring falls back to its ``fail`` or ``null`` backend) is reported by
:func:`keychain_status`; the user then chooses between keeping the secret for this session
only (in memory, gone when the app quits) and a file only they can read (mode 0600 in the
config folder). A secret lives in one place at a time: saving it somewhere removes it from
the others.

Keychain calls can block (an unlock prompt, a slow D-Bus), so front ends call these off
their GUI thread. Nothing here logs or prints a secret, and every secret read or saved is
registered with :func:`llamadesk.core.logs.redact`, so no log line can carry it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
import threading
from enum import Enum
from pathlib import Path

import keyring
import keyring.errors
from keyring.backends import chainer, fail, null

from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.logs import redact
from llamadesk.core.texts import Text

log = logging.getLogger(__name__)

SERVICE = "LlamaDesk"
MAX_SECRET_CHARS = 1024

_session: dict[str, str] = {}  # "this session only", by account: shared by every store
_session_lock = threading.Lock()


class Storage(str, Enum):
    KEYCHAIN = "keychain"
    SESSION = "session"  # in memory until the app quits
    FILE = "file"  # a file readable only by this user

    def __str__(self) -> str:
        return self.value


class CredentialsError(LlamaDeskError):
    """A secret could not be stored or read. ``reason``: "no_keychain" (choose SESSION
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


def forget_session_secret(account: str) -> None:
    """Drop the in-memory secret of ``account`` (as quitting the app does)."""
    with _session_lock:
        _session.pop(account, None)


def secret_hint(secret: str) -> str:
    """A secret for display: its start and last four characters."""
    return f"{secret[:3]}…{secret[-4:]}" if len(secret) > 10 else "…"


class SecretStore:
    """Where LlamaDesk keeps one secret: ``account`` names it in the keychain (and in this
    session's memory), ``file_path`` is the file used when the user chooses one. ``what``
    names the secret in sentences ("the token"); ``invalid`` says what to do when the text
    given cannot be one."""

    def __init__(self, account: str, file_path: Path, *, what: str, invalid: str) -> None:
        self.account = account
        self.file_path = file_path
        self._what, self._invalid = what, invalid

    def keychain_available(self) -> bool:
        return keychain_status()[0]

    # ---------------------------------------------------------------- reading
    def get(self) -> str | None:
        """The saved secret (this session's, the keychain's, or the file's), else None."""
        return self.lookup()[0]

    def where(self) -> Storage | None:
        return self.lookup()[1]

    def lookup(self) -> tuple[str | None, Storage | None]:
        with _session_lock:
            secret = _session.get(self.account)
        if secret:
            redact(secret)  # whatever is logged later, never this
            return secret, Storage.SESSION
        if self.keychain_available():
            try:
                secret = keyring.get_password(SERVICE, self.account)
            except keyring.errors.KeyringError as error:
                log.warning("the keychain could not be read: %s", type(error).__name__)
                secret = None
            if secret:
                redact(secret)
                return secret, Storage.KEYCHAIN
        secret = self._read_file()
        redact(secret)
        return (secret, Storage.FILE) if secret else (None, None)

    # ---------------------------------------------------------------- writing
    def save(self, secret: str, storage: Storage | None = None) -> Storage:
        """Keep ``secret`` in ``storage`` (None: the keychain) and nowhere else; where it went.

        Raises CredentialsError("no_keychain") when the keychain is wanted but missing: ask
        the user to choose Storage.SESSION or Storage.FILE. An empty secret clears it."""
        secret = secret.strip()
        if not secret:
            self.clear()
            return storage or Storage.KEYCHAIN
        if any(c.isspace() or ord(c) < 32 for c in secret) or len(secret) > MAX_SECRET_CHARS:
            raise CredentialsError(self._invalid, reason="invalid")
        redact(secret)
        storage = Storage(storage or Storage.KEYCHAIN)
        if storage is Storage.KEYCHAIN:
            available, why = keychain_status()
            if not available:
                raise CredentialsError(
                    Text(
                        "{why} Choose whether LlamaDesk keeps {what} for this session only "
                        "or in a file that only you can read.",
                        why=why,
                        what=self._what,
                    ),
                    reason="no_keychain",
                )
            try:
                keyring.set_password(SERVICE, self.account, secret)
            except keyring.errors.KeyringError as error:
                raise CredentialsError(
                    Text(
                        "The system keychain refused to store {what} ({kind}: {error}). "
                        "Unlock it and try again, or keep it for this session only.",
                        what=self._what,
                        kind=type(error).__name__,
                        error=str(error),
                    ),
                    reason="keychain",
                ) from error
        elif storage is Storage.FILE:
            self._write_file(secret)
        else:
            with _session_lock:
                _session[self.account] = secret
        self._clear_except(storage)
        return storage

    def clear(self) -> None:
        """Forget the secret everywhere LlamaDesk keeps it."""
        self._clear_except(None)

    def _clear_except(self, keep: Storage | None) -> None:
        if keep is not Storage.SESSION:
            forget_session_secret(self.account)
        if keep is not Storage.KEYCHAIN and self.keychain_available():
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(SERVICE, self.account)  # PasswordDeleteError: none
        if keep is not Storage.FILE:
            try:
                self.file_path.unlink(missing_ok=True)
            except OSError as error:
                raise CredentialsError(
                    Text(
                        "Could not delete the file {path} ({error}). Delete it yourself.",
                        path=str(self.file_path),
                        error=str(error.strerror or error),
                    ),
                    reason="file",
                ) from error

    # ---------------------------------------------------------------- the file
    def _write_file(self, secret: str) -> None:
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
                file.write(secret + "\n")
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            raise CredentialsError(
                Text(
                    "Could not save {what} in {path} ({error}). Keep it for this session "
                    "only, or check that the folder is writable.",
                    what=self._what,
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
                log.warning("%s was readable by others; now only by its owner", path.name)
                path.chmod(0o600)
            return path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            log.warning("%s could not be read: %s", path.name, error)
            return None
