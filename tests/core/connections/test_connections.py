"""Connections: checked, saved in the settings without their keys, keys in the keychain (or
a file only the user can read), tested in a sentence against llama-cpp-python's real
server (or llama-server), every connection's models listed for the picker, offline mode's
rule, and a chat through the factory whose key reaches no settings file, log or export."""

from __future__ import annotations

import json
import logging
import stat
import sys

import pytest

from llamadesk.core import logs
from llamadesk.core.chat import ChatSession
from llamadesk.core.connections import (
    Connection,
    RemoteModelEntry,
    check_connection,
    list_remote_models,
    make_connection,
    offline_refusal,
    open_remote_engine,
)
from llamadesk.core.engine import (
    GenerationFailed,
    GenerationFinished,
    ModelLoaded,
    RemoteError,
    SamplingParams,
    TextReceived,
)
from llamadesk.core.errors import SettingsError
from llamadesk.core.keychain import Storage
from llamadesk.core.machine import LoadOptions
from llamadesk.core.paths import config_dir
from llamadesk.core.settings import Settings, load_settings, save_settings, settings_path
from llamadesk.core.store import Store
from tests.remote_servers import API_KEY, MODEL_ALIAS, free_port

TIMEOUT = 60


pytestmark = pytest.mark.usefixtures("plain_network")


def connection_to(url: str, name: str = "box", key: str | None = API_KEY) -> Connection:
    connection = make_connection(name, url, ())
    if key:
        connection.keys().save(key, Storage.SESSION)
    return connection


def test_a_connection_is_checked_as_it_is_made():
    box = make_connection("  office-gpu ", "http://192.168.1.20:8000", ())
    assert box.name == "office-gpu" and box.base_url == "http://192.168.1.20:8000/v1"
    assert box.timeout == 300 and len(box.id) == 16
    with pytest.raises(SettingsError, match="already a connection"):
        make_connection("OFFICE-GPU", "http://other:1/v1", (box,))
    renamed = make_connection("office-gpu", "http://gpu2:8000/v1", (box,), ident=box.id)
    assert renamed.id == box.id  # editing itself is no clash
    for name in ("", " ", "x" * 65, "a\x00b"):
        with pytest.raises(SettingsError, match="name of 1 to 64"):
            make_connection(name, "http://box/v1", ())
    with pytest.raises(RemoteError, match="not a server address"):
        make_connection("box", "box:8000", ())
    for timeout in (0, 3601, "10", True):
        with pytest.raises(SettingsError, match="between 1 and 3600"):
            make_connection("box", "http://box/v1", (), timeout=timeout)


def test_connections_are_saved_without_their_keys(tmp_path):
    box = connection_to("http://192.168.1.20:8000/v1", key=None)
    where = box.keys().save(API_KEY, Storage.FILE)
    assert where is Storage.FILE
    key_file = config_dir() / "connection-keys" / box.id
    assert key_file.read_text().strip() == API_KEY
    if sys.platform != "win32":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    settings = Settings(connections=[box])
    save_settings(settings)
    saved = settings_path().read_text()
    assert API_KEY not in saved
    assert json.loads(saved)["connections"] == [
        {"id": box.id, "name": "box", "base_url": "http://192.168.1.20:8000/v1", "timeout": 300.0}
    ]
    again, warnings = load_settings()
    assert again.connections == [box] and warnings == []
    assert again.connections[0].keys().get() == API_KEY  # the same key, found by id


def test_saved_connections_that_cannot_be_read_are_dropped_and_named(tmp_path):
    good = {"id": "ab12", "name": "box", "base_url": "http://box:1/v1", "timeout": 60}
    data = {
        "connections": [
            good,
            {**good, "id": "cd34"},  # the same name again
            {**good, "id": "../../etc", "name": "evil"},
            {**good, "id": "ef56", "base_url": "file:///etc/passwd", "name": "file"},
            "nonsense",
        ]
    }
    settings, problems = Settings.from_dict(data)
    assert [c.id for c in settings.connections] == ["ab12"]
    assert problems == ["connections.1", "connections.2", "connections.3", "connections.4"]
    assert Settings.from_dict({"connections": "x"})[1] == ["connections"]


def test_a_test_says_in_a_sentence_what_it_found(llama_server):
    report = check_connection(connection_to(llama_server.url))
    assert report.reachable and report.reason is None
    context = f" (context {llama_server.n_ctx:,} tokens)" if llama_server.n_ctx else ""
    assert report.message.startswith(f"Reachable: {llama_server.name}")
    assert report.message.endswith(
        f" at 127.0.0.1:{llama_server.port} serves one model: {MODEL_ALIAS}{context}."
    )
    wrong = check_connection(connection_to(llama_server.url, "wrong", "sk-not-the-key-1234"))
    assert not wrong.reachable and wrong.reason == "unauthorized"
    assert "refused the API key (HTTP 401)" in wrong.message
    down = check_connection(connection_to(f"http://127.0.0.1:{free_port()}/v1", "down"))
    assert not down.reachable and "connection refused" in down.message


def test_every_connections_models_are_listed_for_the_picker(llama_server):
    good = connection_to(llama_server.url, "good")
    wrong = connection_to(llama_server.url, "wrong", "sk-not-the-key-1234")
    down = connection_to(f"http://127.0.0.1:{free_port()}/v1", "down")
    listed = list_remote_models([good, wrong, down])
    assert [item.connection.name for item in listed] == ["good", "wrong", "down"]
    n_ctx = llama_server.n_ctx
    assert listed[0].models == (RemoteModelEntry(MODEL_ALIAS, MODEL_ALIAS, "good", good.id, n_ctx),)
    assert listed[0].models[0].label == f"{MODEL_ALIAS} · good" and listed[0].problem is None
    assert listed[1].models == () and "HTTP 401" in listed[1].problem
    assert listed[2].models == () and "connection refused" in listed[2].problem
    assert list_remote_models([]) == []


def test_offline_mode_allows_only_servers_on_this_computer(llama_server, monkeypatch):
    far = connection_to("http://gpu-box.invalid:8000/v1", "gpu-box")
    refusal = offline_refusal(far.base_url, far.name, True)
    assert refusal.startswith("Offline mode is on, so LlamaDesk does not connect to gpu-box")
    assert offline_refusal(far.base_url, far.name, False) is None
    near = connection_to(llama_server.url, "here")
    assert offline_refusal(near.base_url, near.name, True) is None
    assert offline_refusal("http://localhost:8080/v1", "here", True) is None
    listed = list_remote_models([near, far], offline_setting=True)
    assert [m.id for m in listed[0].models] == [MODEL_ALIAS]
    assert listed[1].problem == refusal  # said, not asked of DNS
    report = check_connection(far, offline_setting=True)
    assert not report.reachable and report.reason == "offline"
    with pytest.raises(RemoteError) as raised:
        open_remote_engine(far, offline_setting=True)
    assert raised.value.reason == "offline"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the environment's offline mode counts too
    assert offline_refusal(far.base_url, far.name, False) == refusal


def test_the_api_key_reaches_no_settings_file_log_or_export(llama_server, tmp_path):
    log_file = logs.setup_logging(verbose=True)
    logging.getLogger("llamadesk.test").info("the log is on")
    good = connection_to(llama_server.url, "good")
    wrong_key = "sk-a-wrong-but-secret-key-42"
    wrong = connection_to(llama_server.url, "wrong", wrong_key)
    save_settings(Settings(connections=[good, wrong]))
    store = Store(tmp_path / "chats.db")
    session = ChatSession(store, Settings())
    for connection in (good, wrong):
        engine = open_remote_engine(connection)
        try:
            turn = session.send("Hello", f"{MODEL_ALIAS} · {connection.name}")
            engine.load(MODEL_ALIAS, LoadOptions())
            loaded = engine.next_event(TIMEOUT)
            if isinstance(loaded, ModelLoaded):
                engine.generate(turn.messages, SamplingParams(max_tokens=8))
                while True:
                    event = engine.next_event(TIMEOUT)
                    if isinstance(event, TextReceived):
                        session.add_text(event.text, event.thinking)
                    elif isinstance(event, GenerationFinished):
                        session.finish(event.stats)
                        break
                    elif isinstance(event, GenerationFailed):
                        session.fail(event.message)
                        break
            else:
                session.fail(loaded.message)  # the wrong key: the load failed, said why
        finally:
            engine.close()
    conversation = session.conversation_id
    exports = store.export_json(conversation) + store.export_markdown(conversation, True)
    store.close()
    assert "refused the API key" in exports
    logs.close_logging()
    written = [log_file, settings_path(), tmp_path / "chats.db"]
    assert log_file.read_text().count("\n") > 3
    for secret in (API_KEY, wrong_key):
        assert secret not in exports
        for path in written:
            assert secret.encode() not in path.read_bytes(), path
