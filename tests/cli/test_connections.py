"""The terminal with models on a server: ``llamadesk chat --endpoint/--connection`` and
``llamadesk connections add|list|test|rm``, against llama-cpp-python's real server
(or llama-server)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from llamadesk.cli.main import main
from llamadesk.core.logs import current_log_file
from llamadesk.core.paths import config_dir
from llamadesk.core.settings import Settings, load_settings, save_settings, settings_path
from tests.remote_servers import API_KEY, MODEL_ALIAS, free_port

pytestmark = pytest.mark.usefixtures("plain_network")


@pytest.fixture(autouse=True)
def server_key(monkeypatch):
    monkeypatch.setenv("TEST_SERVER_KEY", API_KEY)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_chat_with_an_endpoint_answers_on_stdout_and_reports_on_stderr(capsys, llama_server):
    args = ["chat", "--endpoint", llama_server.url, "--api-key-env", "TEST_SERVER_KEY"]
    args += ["-m", MODEL_ALIAS, "-p", "Hello", "-n", "12", "-s", "3"]
    code, out, err = run(capsys, *args)
    assert code == 0 and out.strip()
    assert f"{MODEL_ALIAS} · 127.0.0.1:{llama_server.port}" in err
    assert f"{llama_server.name}" in err and "on 127.0.0.1" in err
    assert "tokens/s" in err and "seed 3" in err and "length" in err
    assert run(capsys, *args)[1] == out  # same seed, same answer
    code, again, err = run(capsys, *args, "--show-prompt")
    assert code == 0 and again == out and "note: " in err and "writes the prompt itself" in err


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("wrong key", "refused the API key (HTTP 401)"),
        ("no key", "asks for an API key (HTTP 401)"),
        ("down", "connection refused"),
        ("no model", 'does not serve a model "llama3.3:70b"'),
        ("no variable", "The environment variable NOT_SET holds no API key"),
        ("bad address", "is not a server address"),
    ],
)
def test_what_goes_wrong_is_one_sentence_and_a_non_zero_exit(
    capsys, monkeypatch, llama_server, how, expected
):
    monkeypatch.setenv("WRONG_KEY", "sk-wrong-0000-0000")
    url, key, model = llama_server.url, ["--api-key-env", "TEST_SERVER_KEY"], MODEL_ALIAS
    if how == "wrong key":
        key = ["--api-key-env", "WRONG_KEY"]
    elif how == "no key":
        key = []
    elif how == "down":
        url = f"http://127.0.0.1:{free_port()}/v1"
    elif how == "no model":
        model = "llama3.3:70b"
    elif how == "no variable":
        key = ["--api-key-env", "NOT_SET"]
    elif how == "bad address":
        url = "localhost:8080"
    code, out, err = run(capsys, "chat", "--endpoint", url, *key, "-m", model, "-p", "Hi")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and expected in err


def test_offline_mode_refuses_a_server_on_another_computer(capsys, llama_server):
    save_settings(Settings(offline=True))
    code, _, err = run(
        capsys, "chat", "--endpoint", "http://192.168.1.20:8080/v1", "-m", "x", "-p", "Hi"
    )
    assert code == 2 and "Offline mode is on" in err and "localhost" in err
    code, out, _ = run(
        capsys, "chat", "--endpoint", llama_server.url, "--api-key-env", "TEST_SERVER_KEY",
        "-m", MODEL_ALIAS, "-p", "Hi", "-n", "4",
    )  # fmt: skip
    assert code == 0 and out.strip()  # this computer's servers still work offline


def test_connections_are_added_listed_tested_used_and_removed(capsys, llama_server):
    code, out, err = run(
        capsys, "connections", "add", "office-gpu", llama_server.url.removesuffix("/v1"),
        "--api-key-env", "TEST_SERVER_KEY", "--key-storage", "file",
    )  # fmt: skip
    assert code == 0
    assert f"Saved the connection office-gpu: {llama_server.url}" in err
    assert out.startswith(f"Reachable: {llama_server.name}") and MODEL_ALIAS in out
    code, out, _ = run(capsys, "connections", "list")
    assert code == 0 and "office-gpu" in out and llama_server.url in out and "file" in out
    code, out, _ = run(capsys, "connections", "list", "--models")
    assert f"office-gpu:\n  {MODEL_ALIAS}" in out
    assert run(capsys, "connections", "test", "office-gpu")[0] == 0
    code, out, err = run(
        capsys, "chat", "--connection", "office-gpu", "-m", MODEL_ALIAS, "-p", "Hi", "-n", "4"
    )
    assert code == 0 and out.strip() and f"{MODEL_ALIAS} · office-gpu" in err

    code, _, err = run(capsys, "connections", "add", "Office-GPU", "http://elsewhere:1/v1")
    assert code == 2 and "already a connection" in err and "--replace" in err
    code, out, _ = run(
        capsys, "connections", "add", "office-gpu", "http://127.0.0.1:1/v1", "--replace"
    )
    assert code == 1 and "connection refused" in out  # saved, and the test says it fails
    (connection,) = load_settings()[0].connections
    assert connection.base_url == "http://127.0.0.1:1/v1" and connection.keys().get() is None
    assert not (config_dir() / "connection-keys").exists() or not any(
        (config_dir() / "connection-keys").iterdir()
    )

    code, _, err = run(capsys, "connections", "rm", "office-gpu", "-y")
    assert code == 0 and load_settings()[0].connections == []
    code, _, err = run(capsys, "connections", "test", "office-gpu")
    assert code == 2 and 'no connection named "office-gpu"' in err


def test_without_a_keychain_the_terminal_says_how_to_keep_the_key(capsys, llama_server):
    code, _, err = run(
        capsys, "connections", "add", "box", llama_server.url, "--api-key-env", "TEST_SERVER_KEY"
    )
    assert code == 2 and "--key-storage file" in err
    assert load_settings()[0].connections == []  # nothing half-saved


def test_the_key_is_in_no_log_and_no_settings_file(capsys, llama_server, user_dirs):
    assert (
        run(
            capsys, "-v", "connections", "add", "box", llama_server.url,
            "--api-key-env", "TEST_SERVER_KEY", "--key-storage", "file",
        )[0]
        == 0
    )  # fmt: skip
    code, _, _ = run(
        capsys, "-v", "chat", "--connection", "box", "-m", MODEL_ALIAS, "-p", "Hi", "-n", "4"
    )
    assert code == 0
    log = current_log_file()
    assert log is not None and log.stat().st_size > 0
    key_file = config_dir() / "connection-keys" / load_settings()[0].connections[0].id
    assert key_file.read_text().strip() == API_KEY  # where the user asked for it
    assert API_KEY not in settings_path().read_text()
    for path in user_dirs.rglob("*"):
        if path.is_file() and path != key_file:
            assert API_KEY.encode() not in path.read_bytes(), path


def test_an_interactive_remote_chat_in_a_process_of_its_own(llama_server):
    """The installed command: two answers in one conversation, then /exit."""
    result = subprocess.run(
        [
            sys.executable, "-m", "llamadesk.cli.main", "chat", "--endpoint", llama_server.url,
            "--api-key-env", "TEST_SERVER_KEY", "-m", MODEL_ALIAS, "-n", "6",
        ],
        input="Hello\nAgain\n/exit\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TEST_SERVER_KEY": API_KEY},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("tokens/s") == 2 and "Traceback" not in result.stderr
