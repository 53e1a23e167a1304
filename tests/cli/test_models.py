"""``llamadesk models`` against the loopback Hub: search, files with fit, pull with a progress
bar (and resume after Ctrl+C), list, rm, offline mode, clear errors."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import null

import llamadesk
from llamadesk.cli.main import main
from llamadesk.cli.output import render_progress
from llamadesk.core.hub import (
    Download,
    DownloadProgress,
    DownloadState,
    HubConfig,
    Storage,
    TokenStore,
    credentials,
)
from llamadesk.core.hub import client as hub
from llamadesk.core.hub.download_files import existing_size, part_path, sidecar_path
from llamadesk.core.paths import models_dir
from llamadesk.core.settings import Settings, save_settings
from tests.hub_server import (
    GATED_REPO,
    GOOD_TOKEN,
    MODEL_REPO,
    Hostile,
    HubFile,
    HubRepo,
    closed_port_url,
)

REPO_FOLDER = ("test-org", "Tiny-Llama-GGUF")


@pytest.fixture(autouse=True)
def no_keychain():
    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    credentials.forget_session_token()
    yield
    credentials.forget_session_token()
    keyring.set_keyring(previous)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["models", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def llamadesk_child(*args: str) -> subprocess.Popen:
    """``llamadesk ARGS`` in a process of its own, running this source tree."""
    source = str(Path(llamadesk.__file__).parents[1])
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-m", "llamadesk", *args],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_search_lists_gguf_repositories_by_downloads_likes_or_date(hub_server, capsys):
    code, out, _ = run(capsys, "search", "llama")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["REPOSITORY", "DOWNLOADS", "LIKES", "UPDATED"]
    assert f"{GATED_REPO}  (gated)" in lines[1] and MODEL_REPO in lines[2]
    assert "5,000" in lines[2] and "2024-09-20" in lines[2]
    assert "Safetensors" not in out  # not GGUF
    code, out, _ = run(capsys, "search", "--sort", "likes", "--limit", "2")
    assert out.splitlines()[1].startswith("other-org/Llama-Variant-1-GGUF")
    hub_server.page_size = 2
    code, out, err = run(capsys, "search", "variant", "--sort", "recent", "--limit", "2")
    assert out.splitlines()[1].startswith("other-org/Llama-Variant-5-GGUF")
    assert len(out.splitlines()) == 3 and "More results" in err
    assert run(capsys, "search", "no-such-words")[0] == 1


def test_files_lists_quantizations_with_size_fit_and_a_recommendation(hub_server, capsys):
    code, out, _ = run(capsys, "files", MODEL_REPO, "--ctx", "2048")
    assert code == 0
    assert "Llama 3.2 Community License" in out and "tiny random-weight model" in out
    assert "context of 2,048 tokens (from the header of tiny-llama-Q4_0.gguf)" in out
    rows = {
        line.split()[1] if line.startswith("*") else line.split()[0]: line
        for line in out.splitlines()
        if "tiny-llama" in line and "KiB" in line
    }
    assert set(rows) == {"Q4_0", "Q8_0", "F16", "F32"}
    assert rows["Q4_0"].startswith("*") and "90.5 KiB" in rows["Q4_0"]
    assert "(2 parts)" in rows["F32"]
    assert all(re.search(r"CPU only|fits on GPU|partly on GPU", row) for row in rows.values())
    assert "llamadesk models pull test-org/Tiny-Llama-GGUF Q4_0" in out
    assert "vision projector" in out and "mmproj" in out
    assert hub_server.count("/cdn/") >= 1  # the verdict used the real header, by Range


def test_files_of_a_hostile_model_say_which_hyperparameter_is_refused(hub_server, capsys, tmp_path):
    from gguf import GGUFValueType

    from llamadesk.core.gguf import write_model

    hostile = write_model(
        tmp_path / "m.gguf",
        quant="Q4_0",
        metadata={"llama.embedding_length": (1e300, GGUFValueType.FLOAT64)},
    )
    name = "hostile-Q4_0.gguf"
    repo = HubRepo("bad-org/Hostile-GGUF", {name: HubFile(name, hostile.read_bytes())})
    hub_server.repos[repo.repo_id] = repo
    code, out, err = run(capsys, "files", repo.repo_id)
    assert code == 0 and "rough, from the file sizes" in out
    assert "LlamaDesk cannot use this model" in err
    assert "hyper-parameter llama.embedding_length is 1e+300" in err
    assert "None is recommended" in out and "*" not in out  # its files would not load
    code, _, err = run(capsys, "pull", repo.repo_id)  # nothing is chosen for the user
    assert code != 0 and f"cannot use the files of {repo.repo_id}" in err
    assert not list(models_dir().rglob("*.gguf"))


def test_pull_downloads_the_recommended_model_with_a_progress_bar(hub_server, capsys, tiny_models):
    code, out, err = run(capsys, "pull", MODEL_REPO)
    assert code == 0
    path = models_dir().joinpath(*REPO_FOLDER, "tiny-llama-Q4_0.gguf")
    assert out.strip() == str(path) and sha256(path) == sha256(tiny_models["Q4_0"])
    assert "Chosen: Q4_0" in err
    assert "100%  90.5 KiB / 90.5 KiB" in err and "[####" in err
    assert "Verifying" in err and "llamadesk chat -m" in err
    assert not part_path(path).exists() and not sidecar_path(path).exists()
    gets = len(hub_server.file_gets("tiny-llama-Q4_0.gguf"))  # the header, then the file
    assert run(capsys, "pull", MODEL_REPO, "Q4_0")[0] == 0  # already there: nothing fetched
    assert len(hub_server.file_gets("tiny-llama-Q4_0.gguf")) == gets


def test_pull_by_quantization_file_or_address(hub_server, capsys, tiny_models):
    assert run(capsys, "pull", f"{MODEL_REPO}:Q8_0")[0] == 0
    url = f"{hub_server.url}/{MODEL_REPO}/blob/main/tiny-llama-F16.gguf"
    assert run(capsys, "pull", url)[0] == 0
    code, out, err = run(capsys, "pull", MODEL_REPO, "F32")
    assert code == 0 and "part 2/2" in err
    folder = models_dir().joinpath(*REPO_FOLDER)
    assert sha256(folder / "tiny-llama-Q8_0.gguf") == sha256(tiny_models["Q8_0"])
    assert (folder / "tiny-llama-F16.gguf").exists()
    assert out.strip().endswith("F32/tiny-llama-F32-00001-of-00002.gguf")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_pauses_and_the_next_run_resumes_from_the_partial_file(
    hub_server, capsys, tiny_models, qtbot
):
    hub_server.faults.stall_after = 60_000  # the server sends this much, then nothing
    child = llamadesk_child("models", "pull", MODEL_REPO, "Q8_0")
    path = models_dir().joinpath(*REPO_FOLDER, "tiny-llama-Q8_0.gguf")
    qtbot.waitUntil(lambda: existing_size(part_path(path)) >= 50_000, timeout=60_000)
    child.send_signal(signal.SIGINT)
    _out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "Paused" in err and "run the same command again to resume" in err
    assert "Traceback" not in err
    kept = part_path(path).stat().st_size
    assert kept >= 50_000 and sidecar_path(path).exists() and not path.exists()

    code, _, err = run(capsys, "pull", MODEL_REPO, "Q8_0")
    assert code == 0, err
    assert "Resuming the unfinished download" in err
    assert sha256(path) == sha256(tiny_models["Q8_0"])
    assert hub_server.file_gets("tiny-llama-Q8_0.gguf")[-1].range == f"bytes={kept}-"


def test_list_shows_local_models_and_problems_offline_too(hub_server, capsys):
    run(capsys, "pull", MODEL_REPO, "Q4_0")
    (models_dir() / "broken.gguf").write_text("<html>Not found</html>")
    before = len(hub_server.requests)
    code, out, _ = run(capsys, "--offline", "list")
    assert code == 0 and len(hub_server.requests) == before
    header = out.splitlines()[0].split()
    assert header == ["NAME", "QUANT", "PARAMS", "SIZE", "CONTEXT", "TEMPLATE", "FILE"]
    row = next(line for line in out.splitlines() if "tiny-llama-Q4_0" in line)
    assert "Tiny Llama" in row and "Q4_0" in row and "90.5 KiB" in row and " yes " in row
    assert "unusable: " in out and "web page" in out


def test_an_unfinished_download_is_listed_and_can_be_removed(hub_server, capsys):
    variant = hub.repo_files(MODEL_REPO).find("Q8_0")
    download = Download(variant, progress_interval=0)
    download.on_progress = lambda p: (
        p.state == "downloading" and p.done >= 20_000 and download.pause()
    )
    assert download.run() == DownloadState.PAUSED
    path = download.path
    assert part_path(path).stat().st_size >= 20_000
    out = run(capsys, "list")[1]
    assert "Unfinished downloads" in out and "KiB of 159 KiB" in out
    assert run(capsys, "rm", "tiny-llama-Q8_0.gguf", "--yes")[0] == 0
    assert not part_path(path).exists() and not models_dir().joinpath("test-org").exists()


def test_rm_asks_first_and_never_touches_files_outside_the_library(
    hub_server, capsys, monkeypatch, tiny_models
):
    run(capsys, "pull", MODEL_REPO, "Q4_0")
    path = models_dir().joinpath(*REPO_FOLDER, "tiny-llama-Q4_0.gguf")
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    code, _, err = run(capsys, "rm", "tiny-llama-Q4_0")
    assert code == 1 and "Nothing was deleted" in err and path.exists()
    monkeypatch.setattr("builtins.input", lambda _prompt: "y")
    code, _, err = run(capsys, "rm", str(path))
    assert code == 0 and f"Deleted {path}" in err and not path.exists()
    assert not models_dir().joinpath("test-org").exists()
    code, _, err = run(capsys, "rm", str(tiny_models["Q4_0"]), "--yes")
    assert code == 2 and "No model matches" in err and tiny_models["Q4_0"].exists()
    code, _, err = run(capsys, "rm", "nothing-like-it", "-y")
    assert code == 2 and err.startswith("error: No model matches")


@pytest.mark.parametrize("how", ["flag", "flag-after", "environment", "settings"])
def test_offline_makes_no_request_at_all(hub_server, capsys, monkeypatch, how):
    prefix = ["--offline"] if how == "flag" else []
    suffix = ["--offline"] if how == "flag-after" else []
    if how == "environment":
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    if how == "settings":
        save_settings(Settings(offline=True))
    for action in (["search", "llama"], ["files", MODEL_REPO], ["pull", MODEL_REPO]):
        code, out, err = run(capsys, *prefix, *action, *suffix)
        assert code == 2 and "offline mode" in err and out == ""
    assert run(capsys, *prefix, "list", *suffix)[0] == 0
    assert hub_server.requests == []


def test_errors_are_one_clear_sentence(hub_server, capsys):
    code, _, err = run(capsys, "files", "test-org/Missing-GGUF")
    assert code == 2 and err.startswith("error: The model repository") and "was not found" in err
    code, _, err = run(capsys, "pull", GATED_REPO)
    assert code == 2 and "gated" in err and "access token" in err
    assert not models_dir().joinpath("test-org").exists()  # nothing left to resume
    code, _, err = run(capsys, "pull", MODEL_REPO, "Q6_K")
    assert code == 2 and 'no file or quantization "Q6_K"' in err and "F16, F32, Q4_0, Q8_0" in err
    code, _, err = run(capsys, "files", "not a repo")
    assert code == 2 and "not a model repository" in err
    code, _, err = run(capsys, "search", "x", "--endpoint", closed_port_url())
    assert code == 2 and "Could not connect" in err


def test_the_saved_token_and_endpoint_are_used(hub_server, capsys, monkeypatch, tiny_models):
    TokenStore().save(GOOD_TOKEN, Storage.SESSION)
    code, out, _ = run(capsys, "pull", GATED_REPO)
    assert code == 0 and out.strip().endswith("tiny-gated-Q4_0.gguf")
    url = hub_server.url
    monkeypatch.delenv("HF_ENDPOINT")
    save_settings(Settings(hub_endpoint=url))
    assert run(capsys, "search", "tiny")[0] == 0
    save_settings(Settings(hub_endpoint=closed_port_url()))
    assert run(capsys, "search", "tiny", "--endpoint", url)[0] == 0  # the flag wins


def test_control_characters_from_the_hub_never_reach_the_terminal(hub_server, capsys, tiny_models):
    repo = hub_server.repos[MODEL_REPO]
    escape = "\x1b]0;owned\x07\x1b[2J\x1b[31m\u202e"
    card = f"---\nlicense: other\nlicense_name: x{escape}\n---\n\nA model that {escape} says hi.\n"
    repo.files["README.md"] = HubFile("README.md", card.encode(), lfs=False)
    name = f"tiny-{escape}-Q5_K_M.gguf"
    repo.files[name] = HubFile(name, tiny_models["Q4_0"].read_bytes())
    repo.card_data = {"license": "other", "license_name": f"x{escape}"}
    code, out, err = run(capsys, "files", MODEL_REPO)
    assert code == 0 and "Q5_K_M" in out and "A model that" in out
    body = b'{"error": "gone \\u001b[2J\\u0007 away"}'
    hub_server.hostile = [Hostile(r"^/api/models/test-org/Gone", body=body, status=400)]
    code, _, failed = run(capsys, "files", "test-org/Gone-GGUF")
    assert code == 2 and "gone" in failed
    for text in (out, err, failed):
        assert not any(c in text for c in "\x1b\x07\u202e"), repr(text)


def test_a_search_that_drips_ends_at_the_deadline(hub_server, capsys, monkeypatch):
    monkeypatch.setattr(credentials, "HubConfig", functools.partial(HubConfig, deadline=1.0))
    hub_server.hostile = [Hostile(r"^/api/models$", drip=0.05)]
    code, out, err = run(capsys, "search", "llama")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "took more than 1 s to answer" in err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_during_a_search_stops_with_one_line(hub_server, qtbot):
    hub_server.hostile = [Hostile(r"^/api/models$", drip=0.2)]  # a search that never ends
    child = llamadesk_child("models", "search", "llama")
    qtbot.waitUntil(lambda: hub_server.count("/api/models") == 1, timeout=30_000)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=10)
    assert child.returncode == 130 and out == ""
    assert err == "Stopped.\n"


def test_render_progress():
    progress = DownloadProgress(DownloadState.DOWNLOADING, 512 * 1024, 2048 * 1024, 1024**2, 1.5)
    line = render_progress("model-Q4_K_M.gguf", progress, width=100)
    assert line.startswith("model-Q4_K_M.gguf [")
    assert "25%  512 KiB / 2 MiB  1 MiB/s  ETA 0:02" in line
    long = DownloadProgress(DownloadState.DOWNLOADING, 0, None, 0, None, "x", 2, 3)
    assert render_progress("m", long).endswith("0 B  part 2/3")
