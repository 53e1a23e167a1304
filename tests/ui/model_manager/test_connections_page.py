"""The model manager's Connections page, offscreen, against llama-cpp-python's real server
(or llama-server): add, test, edit, remove; keys kept off the settings file; clear errors;
offline mode."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QMessageBox

from llamadesk.core.connections import make_connection
from llamadesk.core.keychain import Storage
from llamadesk.core.machine import Machine
from llamadesk.core.settings import Settings, load_settings, settings_path
from llamadesk.ui.model_manager import ModelManager
from tests.remote_servers import API_KEY, MODEL_ALIAS, free_port

TIMEOUT = 30_000
pytestmark = pytest.mark.usefixtures("plain_network")


@pytest.fixture
def make_manager(qtbot):
    made: list[ModelManager] = []

    def make(settings: Settings | None = None) -> ModelManager:
        manager = ModelManager(settings or Settings(), machine=Machine.detect(None))
        qtbot.addWidget(manager)
        manager.show()
        manager.show_page("connections")
        made.append(manager)
        return manager

    yield make
    for manager in made:
        manager.shutdown()
        manager.close()
        manager.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def idle(qtbot, manager: ModelManager) -> None:
    qtbot.waitUntil(lambda: not manager.runner.busy, timeout=TIMEOUT)


def fill(page, name: str, address: str, key: str = "") -> None:
    page.editor.name.setText(name)
    page.editor.address.setText(address)
    page.editor.key.setText(key)


def test_add_a_connection_and_its_test_says_what_the_server_serves(
    qtbot, make_manager, llama_server
):
    manager = make_manager()
    page = manager.connections_page
    assert page.empty.isVisible() and not page.editor.isVisible()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.editor.isVisible() and page.editor.heading.text() == "New connection"
    idle(qtbot, manager)
    assert page.editor.storage.isVisible()  # no keychain here: the user chooses
    fill(page, "workstation", llama_server.url.removesuffix("/v1"), API_KEY)
    with (
        qtbot.waitSignal(manager.connections_changed, timeout=TIMEOUT),
        qtbot.waitSignal(page.tested, timeout=TIMEOUT) as tested,
    ):
        qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)
    assert tested.args[0].reachable
    (connection,) = manager.settings.connections
    assert connection.name == "workstation" and connection.base_url == llama_server.url
    assert connection.keys().lookup() == (API_KEY, Storage.SESSION)
    row = page.rows[connection.id]
    assert row.result.text().startswith(f"Reachable: {llama_server.name}")
    assert MODEL_ALIAS in row.result.text() and row.result.objectName() == "successText"
    idle(qtbot, manager)
    assert "API key kept for this session only (sk-…2e51)" in row.details.text()
    assert not page.editor.isVisible() and not page.empty.isVisible()
    saved = settings_path().read_text()
    assert "workstation" in saved and API_KEY not in saved
    assert load_settings()[0].connections == [connection]


def test_the_form_says_what_to_change_and_tests_before_saving(qtbot, make_manager, llama_server):
    manager = make_manager()
    page = manager.connections_page
    page.edit(None)
    fill(page, "", "http://box:8000/v1")
    page.save_editor()
    assert page.editor.error.isVisible() and "name of 1 to 64" in page.editor.error.text()
    fill(page, "box", "box:8000")
    page.save_editor()
    assert "is not a server address" in page.editor.error.text()
    assert manager.settings.connections == []
    fill(page, "box", llama_server.url, "sk-wrong-key-00000")
    with qtbot.waitSignal(page.tested, timeout=TIMEOUT) as tested:
        qtbot.mouseClick(page.editor.test_button, Qt.MouseButton.LeftButton)
    assert not tested.args[0].reachable
    assert "refused the API key (HTTP 401)" in page.editor.result.text()
    assert page.editor.result.objectName() == "errorText"
    page.editor.key.setText(API_KEY)
    with qtbot.waitSignal(page.tested, timeout=TIMEOUT) as tested:
        page.test_editor()
    assert tested.args[0].reachable and manager.settings.connections == []  # not saved


def test_edit_keeps_the_key_under_a_new_name_remove_takes_it_away(
    qtbot, make_manager, llama_server, monkeypatch
):
    box = make_connection("box", llama_server.url, ())
    box.keys().save(API_KEY, Storage.SESSION)
    down = make_connection("down", f"http://127.0.0.1:{free_port()}/v1", ())
    manager = make_manager(Settings(connections=[box, down]))
    page = manager.connections_page
    with qtbot.waitSignal(page.tested, timeout=TIMEOUT) as tested:
        qtbot.mouseClick(page.rows[down.id].test_button, Qt.MouseButton.LeftButton)
    assert "connection refused" in page.rows[down.id].result.text()
    assert not tested.args[0].reachable

    qtbot.mouseClick(page.rows[box.id].edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.editor.isVisible(), timeout=TIMEOUT)
    assert page.editor.name.text() == "box" and page.editor.key.text() == ""
    assert "sk-…2e51" in page.editor.key.placeholderText()
    assert page.editor.remove_key.isVisible()
    page.editor.name.setText("office-gpu")
    page.editor.timeout.setValue(900)
    with qtbot.waitSignal(page.tested, timeout=TIMEOUT) as tested:
        page.save_editor()
    assert tested.args[0].reachable  # the key stayed with the renamed connection
    renamed = manager.settings.connections[0]
    assert (renamed.id, renamed.name, renamed.timeout) == (box.id, "office-gpu", 900)
    assert renamed.keys().get() == API_KEY

    page.edit(renamed)
    qtbot.waitUntil(lambda: page.editor.isVisible(), timeout=TIMEOUT)
    page.editor.remove_key.setChecked(True)
    with qtbot.waitSignal(page.tested, timeout=TIMEOUT) as tested:
        page.save_editor()
    assert "asks for an API key" in tested.args[0].message
    assert renamed.keys().get() is None

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    down.keys().save("sk-down-key-123456", Storage.SESSION)
    with qtbot.waitSignal(manager.connections_changed, timeout=TIMEOUT):
        qtbot.mouseClick(page.rows[down.id].remove_button, Qt.MouseButton.LeftButton)
    idle(qtbot, manager)
    assert [c.name for c in manager.settings.connections] == ["office-gpu"]
    assert down.id not in page.rows and down.keys().get() is None


def test_offline_mode_is_said_and_keeps_to_this_computer(qtbot, make_manager, llama_server):
    near = make_connection("here", llama_server.url, ())
    near.keys().save(API_KEY, Storage.SESSION)
    far = make_connection("far", "http://gpu-box.invalid:8000/v1", ())
    manager = make_manager(Settings(offline=True, connections=[near, far]))
    page = manager.connections_page
    assert page.offline_banner.isVisible() and "localhost" in page.offline_banner.label.text()
    with qtbot.waitSignal(page.tested, timeout=TIMEOUT) as tested:
        page.test(far)
    assert tested.args[0].reason == "offline"
    assert page.rows[far.id].result.text().startswith("Offline mode is on")
    with qtbot.waitSignal(page.tested, timeout=TIMEOUT) as tested:
        page.test(near)
    assert tested.args[0].reachable
    manager.settings_page.set_offline(False)
    assert not page.offline_banner.isVisible()
