"""Driving the real main window in tests: open it, load a model, send a message."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from llamadesk.core.chat import ModelChoice
from llamadesk.core.connections import make_connection
from llamadesk.core.engine import SamplingParams
from llamadesk.core.keychain import Storage
from llamadesk.core.machine import LoadOptions
from llamadesk.core.settings import Settings
from llamadesk.core.store import Store
from llamadesk.ui.main_window import MainWindow
from tests.remote_servers import API_KEY, MODEL_ALIAS

TIMEOUT = 60000


def make_window(qtbot, settings: Settings | None = None) -> MainWindow:
    settings = settings or Settings(
        sampling=SamplingParams(seed=1, max_tokens=24), load=LoadOptions(n_ctx=2048)
    )
    window = MainWindow(settings, Store())
    qtbot.addWidget(window)
    window.show()
    return window


def load(qtbot, window: MainWindow, model: Path) -> None:
    with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT):
        window.load_model(model)


def offer_server_model(qtbot, window: MainWindow, server) -> ModelChoice:
    """Connect the window to the loopback llama.cpp ``server`` as "office-gpu" and wait until
    its model is offered in the picker; the choice of that model."""
    connection = make_connection("office-gpu", server.url, [])
    connection.keys().save(API_KEY, Storage.SESSION)
    window.settings.connections = [connection]
    window.picker.scan_servers()
    choice = ModelChoice(MODEL_ALIAS, connection.id, f"{MODEL_ALIAS} · office-gpu")
    qtbot.waitUntil(lambda: picker_offers(window, choice), timeout=TIMEOUT)
    return choice


def send(qtbot, window: MainWindow, text: str):
    """Type ``text`` and press Enter; the answer's GenerationStats once it finished."""
    window.composer.edit.setFocus()
    qtbot.keyClicks(window.composer.edit, text)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT) as finished:
        qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    return finished.args[0]


def picker_offers(window: MainWindow, choice) -> bool:
    """Whether the model picker lists ``choice`` (a ModelChoice) as one to load."""
    return any(row.choice == choice for row in window.picker.rows())


def active_path(window: MainWindow):
    return window.store.active_path(window.chat.conversation_id)
