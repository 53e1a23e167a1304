"""Fixtures of the store tests: a database file in the test's folder, opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from llamadesk.core.store.store import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "conversations.sqlite3"


@pytest.fixture
def store(db_path: Path):
    with Store(db_path) as opened:
        yield opened


def count_rows(path: Path) -> tuple[int, int]:
    """(conversations, messages) in the database file at ``path``."""
    with sqlite3.connect(path) as db:
        return (
            db.execute("SELECT count(*) FROM conversations").fetchone()[0],
            db.execute("SELECT count(*) FROM messages").fetchone()[0],
        )
