"""Running the server: in the foreground for ``llamadesk serve``, or on a thread of its own
beside the window.

The listening socket is made here, so a port already in use (or an address this
computer does not have) is a sentence before anything starts, not an exit inside uvicorn.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable

import uvicorn

from llamadesk.core.engine import SharedEngine
from llamadesk.core.texts import Text
from llamadesk.server.app import RequestRecord, create_app
from llamadesk.server.config import ServerConfig, ServerError

log = logging.getLogger(__name__)


def listening_socket(config: ServerConfig) -> socket.socket:
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((config.host, config.port))
    except OSError as error:
        sock.close()
        raise ServerError(
            Text(
                "The server cannot listen on {host}:{port} ({error}). Choose another port, "
                "or stop the program that uses this one.",
                host=config.host,
                port=config.port,
                error=error.strerror or str(error),
            )
        ) from error
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


class _Server(uvicorn.Server):
    """uvicorn's server, saying when it listens."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.listening = threading.Event()

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=sockets)
        self.listening.set()


def _server(
    engine: SharedEngine,
    config: ServerConfig,
    on_request: Callable[[RequestRecord], None] | None,
) -> _Server:
    app = create_app(engine, config, on_request)
    return _Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
    )


def serve(
    engine: SharedEngine,
    config: ServerConfig,
    on_request: Callable[[RequestRecord], None] | None = None,
) -> None:
    """Serve until interrupted (Ctrl+C), in this thread."""
    config.check()
    sock = listening_socket(config)
    _server(engine, config, on_request).run(sockets=[sock])


class ServerThread:
    """The server on a thread of its own: :meth:`start` returns once it listens."""

    def __init__(
        self,
        engine: SharedEngine,
        config: ServerConfig,
        on_request: Callable[[RequestRecord], None] | None = None,
    ) -> None:
        config.check()
        self.config = config
        self._socket = listening_socket(config)
        self._server = _server(engine, config, on_request)
        self._thread = threading.Thread(target=self._run, name="llamadesk-server", daemon=True)

    def start(self, timeout: float = 10.0) -> None:
        self._thread.start()
        self._server.listening.wait(timeout)

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        except BaseException:  # uvicorn exits with SystemExit when it cannot start
            log.exception("the server stopped with an error")
        finally:
            self._server.listening.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and self._server.started

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening; requests in flight are cut off after a moment."""
        self._server.should_exit = True
        self._thread.join(timeout)
        self._socket.close()
