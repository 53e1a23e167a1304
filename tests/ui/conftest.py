"""Fixtures for widget tests: engine threads that must be shut down by the end."""

from __future__ import annotations

import pytest

from app.ui.worker import EngineThread


@pytest.fixture
def engine_thread(qtbot):
    """Make EngineThreads; each is shut down afterwards and must really end."""
    threads: list[EngineThread] = []

    def make() -> EngineThread:
        thread = EngineThread()
        threads.append(thread)
        return thread

    yield make
    for thread in threads:
        thread.shutdown()
    assert all(t._thread.isFinished() for t in threads), "an engine thread did not end"
