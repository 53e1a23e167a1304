"""The local server seen by the window: started and stopped on a worker thread, its
requests handed to the GUI thread as they are answered.

It serves the model the window has loaded (the same engine: a chat answer and an API
request take turns). "This computer only" binds 127.0.0.1 and needs no key; "Local
network" binds every address and needs an API key: one is made the first time (a long
random token), kept in the keychain like the Hub token, and shown to the user so they
can give it to the programs that call.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal

from llamadesk.core.engine import SamplingParams, SharedEngine
from llamadesk.core.keychain import SecretStore, Storage
from llamadesk.core.paths import config_dir
from llamadesk.core.texts import Text
from llamadesk.server import ServerConfig, ServerThread
from llamadesk.ui.common import TaskRunner

KEY_ACCOUNT = "server-api-key"
MAX_LOG_ROWS = 500


def key_store() -> SecretStore:
    return SecretStore(
        KEY_ACCOUNT,
        config_dir() / "server-key",
        what=Text("the server's API key"),
        invalid=Text("An API key is one line of text without spaces."),
    )


@dataclass(frozen=True)
class Running:
    """The server as it runs."""

    address: str
    lan: bool
    key: str | None  # what clients must send (None: no key on this computer only)
    new_key: bool  # the key was made just now: show it in full


class ServerController(QObject):
    started = Signal(object)  # Running
    stopped = Signal()
    failed = Signal(str)  # a sentence: it could not start
    request_logged = Signal(object)  # RequestRecord
    _logged = Signal(object)  # a record, from the server's thread to the GUI thread

    def __init__(
        self,
        engine: SharedEngine,
        sampling: Callable[[], SamplingParams],
        keys: Callable[[], SecretStore] = key_store,
        parent: QObject | None = None,
    ) -> None:
        """``sampling``: the window's default sampling as it is now, for what a request
        leaves out (asked of at each request, from the server's thread)."""
        super().__init__(parent)
        self._engine, self._sampling, self._keys = engine, sampling, keys
        self._thread: ServerThread | None = None
        self._tasks = TaskRunner(self, workers=1)
        self._logged.connect(self.request_logged, Qt.ConnectionType.QueuedConnection)
        self.running: Running | None = None

    def start(self, lan: bool, port: int) -> None:
        """Start serving (on a worker thread: the keychain may ask to be unlocked)."""
        if self._thread is not None:
            return
        self._tasks.run(
            self._start,
            lan,
            port,
            on_done=self._on_started,
            on_error=lambda message, _error: self.failed.emit(message),
        )

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self.running = None
            self._tasks.run(thread.stop, on_done=lambda _: self.stopped.emit())

    def new_key(self) -> None:
        """Forget the key: the next start on the local network makes a new one."""
        self._tasks.run(lambda: self._keys().clear())

    def shutdown(self) -> None:
        """Quitting: stop now, waiting for the server's thread."""
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.stop()
        self._tasks.shutdown(wait=True)

    def _start(self, lan: bool, port: int) -> tuple[ServerThread, Running]:
        key, made = self._key() if lan else (None, False)
        host = "0.0.0.0" if lan else "127.0.0.1"
        config = ServerConfig(host=host, port=port, api_key=key, sampling=self._sampling)
        thread = ServerThread(self._engine, config, on_request=self._logged.emit)
        thread.start()
        return thread, Running(config.address, lan, key, made)

    def _key(self) -> tuple[str, bool]:
        store = self._keys()
        key = store.get()
        if key:
            return key, False
        key = "ld-" + secrets.token_urlsafe(32)
        store.save(key, None if store.keychain_available() else Storage.FILE)
        return key, True

    def _on_started(self, result: tuple[ServerThread, Running]) -> None:
        self._thread, self.running = result
        self.started.emit(self.running)
