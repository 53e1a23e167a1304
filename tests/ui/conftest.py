"""Fixtures for widget tests: engine clients that must be shut down by the end."""

from __future__ import annotations

import pytest

from llamadesk.ui.engine_client import EngineClient


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
