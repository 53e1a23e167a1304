"""Beyond one window: a model on another server chosen in the picker and chatted with, and
the loaded model served to other programs from the Server panel.

The other server is llama-cpp-python's own (``python -m llama_cpp.server``); the client of
LlamaDesk's server is the official ``openai`` package."""

from __future__ import annotations

from dataclasses import replace

import openai
import pytest
from PySide6.QtCore import Qt

from llamadesk.core.chat import CONTINUE, ModelChoice
from llamadesk.core.connections import make_connection
from llamadesk.core.engine import RemoteModel
from tests.remote_servers import MODEL_ALIAS
from tests.ui.window_helpers import (
    TIMEOUT,
    active_path,
    load,
    make_window,
    offer_server_model,
    send,
)

pytestmark = pytest.mark.usefixtures("plain_network")


def test_a_model_on_another_server_is_chosen_in_the_picker_and_answers(qtbot, llama_server):
    window = make_window(qtbot)
    choice = offer_server_model(qtbot, window, llama_server)
    window.picker.open()
    popup = window.picker.popup
    qtbot.keyClicks(popup.search, MODEL_ALIAS)
    assert popup.current_row().choice == choice
    assert [r.title for r in popup.visible_rows()] == ["office-gpu", f"{MODEL_ALIAS} · office-gpu"]
    with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT) as ready:
        qtbot.keyClick(popup.search, Qt.Key.Key_Return)
    remote = ready.args[0]
    assert isinstance(remote, RemoteModel) and remote.n_ctx == llama_server.n_ctx
    assert window.status.model.text() == f"{MODEL_ALIAS} · office-gpu"
    assert window.model_picker.text().startswith(f"{MODEL_ALIAS} · office-gpu")
    stats = send(qtbot, window, "Hello over there")
    assert stats.generated_tokens > 0
    answer = active_path(window)[-1]
    assert answer.model == f"{MODEL_ALIAS} · office-gpu" and answer.content
    assert answer.meta["source"] == {"connection": choice.connection_id, "model": MODEL_ALIAS}
    window.close()


def test_show_prompt_of_a_text_continued_by_another_server_is_the_text(qtbot, llama_server):
    window = make_window(qtbot)
    choice = offer_server_model(qtbot, window, llama_server)
    with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT):
        window.choose_model(choice)
    with qtbot.waitSignal(window.task_starter.started):
        qtbot.mouseClick(window.welcome.tasks.cards[CONTINUE], Qt.MouseButton.LeftButton)
    text = "Once upon a time"
    send(qtbot, window, text)
    window.view.prompt_requested.emit(active_path(window)[-1].id)
    qtbot.waitUntil(lambda: window.prompts.dialog is not None, timeout=TIMEOUT)
    dialog = window.prompts.dialog
    assert dialog.text.toPlainText() == text
    assert dialog.summary.text().startswith("4 token")  # estimated: 16 letters at 4 a token
    assert "The token count is an estimate" in dialog.note.text()
    window.close()


def test_offline_mode_keeps_the_window_off_another_computer(qtbot, llama_server):
    window = make_window(qtbot)
    window.settings.offline = True
    away = make_connection("lab", "http://gpu.example:8000/v1", [])
    window.settings.connections = [away]
    window.choose_model(ModelChoice("m", away.id, "m · lab"))
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=TIMEOUT)
    assert "Offline mode is on" in window.notice.label.text()
    assert window.model.loaded is None and window.model.loading is None
    window.close()


def test_the_server_panel_serves_the_loaded_model_and_logs_requests(qtbot, tiny_model):
    window = make_window(qtbot)
    load(qtbot, window, tiny_model)
    panel = window.server_panel
    assert panel.model.text() == window.model.label
    window.server_dock.show()
    port = _free_port()
    panel.port.setValue(port)
    with qtbot.waitSignal(window.server.started, timeout=TIMEOUT):
        qtbot.mouseClick(panel.switch, Qt.MouseButton.LeftButton)
    assert panel.address.text() == f"http://127.0.0.1:{port}/v1"
    assert window.settings.server_port == port and not window.settings.server_lan
    serving = []
    window.engine.serving_changed.connect(serving.append)
    client = openai.OpenAI(base_url=panel.address.text(), api_key="-", max_retries=0)
    answer = client.chat.completions.create(
        model="any", messages=[{"role": "user", "content": "Hi"}], max_tokens=8
    )
    assert answer.choices[0].message.content
    qtbot.waitUntil(lambda: panel.log.rowCount() == 1, timeout=TIMEOUT)
    assert panel.log.item(0, 2).text() == "chat/completions"
    assert panel.log.item(0, 2).toolTip() == "POST /v1/chat/completions"
    assert panel.log.isColumnHidden(1)  # the client: always this computer here
    assert panel.log.item(0, 5).text() == "200"
    qtbot.waitUntil(lambda: serving == [True, False], timeout=TIMEOUT)
    assert window.status.serving.text() == ""
    stats = send(qtbot, window, "And the window still chats")  # the same model, in turn
    assert stats.generated_tokens > 0

    def ask(seed: int, **sampling) -> str:
        hi = [{"role": "user", "content": "Hi"}]
        answer = client.chat.completions.create(
            model="any", messages=hi, max_tokens=12, seed=seed, **sampling
        )
        return answer.choices[0].message.content

    # What a request leaves out is sampled with the window's defaults, as they are now:
    window.settings.sampling = replace(window.settings.sampling, temperature=0.0)
    assert ask(1) == ask(2)  # greedy, whatever the seed
    whole = {"temperature": 1.0, "top_p": 1.0, "extra_body": {"top_k": 0, "min_p": 0.0}}
    assert ask(1, **whole) != ask(2, **whole)  # what it says wins: a sample of everything
    with qtbot.waitSignal(window.server.stopped, timeout=TIMEOUT):
        qtbot.mouseClick(panel.switch, Qt.MouseButton.LeftButton)
    with pytest.raises(openai.APIConnectionError):
        client.models.list()
    window.close()


def test_the_local_network_needs_the_key_the_window_made(qtbot, tiny_model):
    window = make_window(qtbot)
    load(qtbot, window, tiny_model)
    panel = window.server_panel
    panel.reach.setCurrentIndex(panel.reach.findData(True))
    panel.port.setValue(_free_port())
    with qtbot.waitSignal(window.server.started, timeout=TIMEOUT) as started:
        qtbot.mouseClick(panel.switch, Qt.MouseButton.LeftButton)
    running = started.args[0]
    assert running.lan and running.new_key and running.key.startswith("ld-")
    assert panel.key.text() == running.key and panel.key_hint.isVisibleTo(panel)
    local = panel.address.text().replace(
        panel.address.text().split("//")[1].split(":")[0], "127.0.0.1"
    )
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=local, api_key="wrong", max_retries=0).models.list()
    models = openai.OpenAI(base_url=local, api_key=running.key, max_retries=0).models.list()
    assert [m.id for m in models.data] == [tiny_model.stem]
    with qtbot.waitSignal(window.server.stopped, timeout=TIMEOUT):
        qtbot.mouseClick(panel.switch, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.server.started, timeout=TIMEOUT) as again:
        qtbot.mouseClick(panel.switch, Qt.MouseButton.LeftButton)
    assert again.args[0].key == running.key and not again.args[0].new_key  # kept
    assert panel.key.text() != running.key  # shown in full only once
    window.close()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
