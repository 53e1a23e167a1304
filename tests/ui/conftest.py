"""Fixtures for widget tests: the window's language as the app sets it (English, with its
plural forms), engine clients that must be shut down by the end, and a file that no widget
may read."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from llamadesk.ui.engine_client import EngineClient


@pytest.fixture(autouse=True, scope="session")
def app_language(qapp):
    """English, as the app installs it at start: "1 token", not "1 token(s)"."""
    from llamadesk.ui.app import install_translations

    install_translations(qapp, "en")


@pytest.fixture
def engine_client(qtbot):
    """Make EngineClients; each is shut down afterwards, and its process must really end."""
    clients: list[EngineClient] = []

    def make() -> EngineClient:
        client = EngineClient()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.shutdown()
    assert not any(c.is_running() for c in clients), "an engine process did not end"


class Watched:
    """A FIFO that nobody may open: a thread waits to write it, and notes if anyone read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.opened = threading.Event()
        self.done = False
        self._thread = threading.Thread(target=self._wait, daemon=True)
        self._thread.start()

    def _wait(self) -> None:
        with open(self.path, "wb") as pipe:  # returns once a reader opens it
            if not self.done:
                self.opened.set()
                pipe.write(b"\x89PNG")  # whoever read gets an answer and an end: no hang

    def close(self) -> None:
        self.done = True
        os.close(os.open(self.path, os.O_RDONLY | os.O_NONBLOCK))  # lets the thread end
        self._thread.join(5)


@pytest.fixture
def watched(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = Watched(tmp_path / "secret.png")
    yield fifo
    fifo.close()
