"""A hostile Hub (a mirror, a proxy, an attacker) against the real client: each attack ends
in seconds with a sentence (HubError), never a hang, a crash, a leaked token, a request to
another host or a full disk."""

from __future__ import annotations

import hashlib
import resource
import time
from pathlib import Path

import pytest

from llamadesk.core.errors import HubError
from llamadesk.core.hub import (
    DEFAULT_ENDPOINT,
    Download,
    DownloadState,
    HubConfig,
    ModelVariant,
    RemoteFile,
    RetryPolicy,
)
from llamadesk.core.hub import client as hub
from llamadesk.core.hub.download_files import part_path
from llamadesk.core.paths import models_dir
from tests.hub_server import GOOD_TOKEN, MODEL_REPO, Hostile, connections

SEARCH = r"^/api/models$"
INFO = rf"^/api/models/{MODEL_REPO}$"
FILES = r"^/cdn/"  # the bytes of the model files
FAST = HubConfig(deadline=1.0, read_timeout=1.0, timeout=5.0)


class Bounded:
    """Asserts that the block took under ``seconds`` and grew the process by under ``mib``."""

    def __init__(self, seconds: float = 10.0, mib: int = 1024) -> None:
        self.seconds, self.mib = seconds, mib

    def __enter__(self) -> Bounded:
        self.start = time.monotonic()
        self.memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        return self

    def __exit__(self, *_exc) -> None:
        self.elapsed = time.monotonic() - self.start
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - self.memory) / 1024
        assert self.elapsed < self.seconds, f"took {self.elapsed:.1f} s"
        assert grown < self.mib, f"grew by {grown:.0f} MiB"


@pytest.fixture
def repo(hub_server):
    return hub.repo_files(MODEL_REPO)


def refused(call, reason: str | None = None) -> HubError:
    """The HubError ``call()`` raises, with a sentence (never another exception)."""
    with pytest.raises(HubError) as caught:
        call()
    error = caught.value
    assert str(error).endswith(".") and len(str(error)) < 600
    if reason:
        assert error.reason == reason, (error.reason, str(error))
    return error


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ------------------------------------------------------------------ more than announced
def test_a_server_sending_more_than_the_announced_size_writes_no_byte_more(hub_server, repo):
    variant = repo.find("Q8_0")
    hub_server.hostile = [Hostile(FILES, extra=2 * 1024**3)]  # 2 GiB after the real file
    download = Download(variant)
    with Bounded():
        assert download.run() == DownloadState.DONE
    data = hub_server.repos[MODEL_REPO].files[variant.name].data
    assert download.path.read_bytes() == data
    assert folder_bytes(models_dir()) == len(data)  # no oversize .part left anywhere


def test_a_file_whose_size_the_server_does_not_say_is_refused(hub_server, repo):
    variant = repo.find("Q4_0")
    unsized = ModelVariant(MODEL_REPO, variant.revision, "Q4_0", (RemoteFile(variant.name),))
    hub_server.hostile = [Hostile(r"/resolve/", headers={"X-Linked-Size": "many"})]
    error = refused(Download(unsized).run, "malformed")
    assert "did not say how large" in str(error) and hub_server.file_gets(variant.name) == []


# ------------------------------------------------------------------ slow servers
def test_a_search_dripped_byte_by_byte_ends_at_the_deadline(hub_server):
    hub_server.hostile = [Hostile(SEARCH, drip=0.05)]
    with Bounded(seconds=5):
        error = refused(lambda: hub.search_models("llama", config=FAST), "timeout")
    assert "took more than 1 s to answer" in str(error) and error.retryable


@pytest.mark.parametrize("path", [INFO, r"/README\.md$", r"/tree/"])
def test_every_api_answer_has_a_deadline(hub_server, path):
    hub_server.files_metadata = False  # the sizes come from the tree, which is read too
    hub_server.hostile = [Hostile(path, drip=0.05)]
    with Bounded(seconds=5):
        if "README" in path:  # the card is not essential: it is left out
            assert hub.repo_files(MODEL_REPO, config=FAST).description == ""
        else:
            refused(lambda: hub.repo_files(MODEL_REPO, config=FAST), "timeout")


def test_a_download_dripped_byte_by_byte_counts_as_stalled(hub_server, repo):
    variant = repo.find("Q4_0")
    hub_server.hostile = [Hostile(FILES, drip=0.02)]
    download = Download(variant, config=FAST, retry=RetryPolicy(attempts=2), sleep=lambda _s: None)
    with Bounded():
        error = refused(download.run, "timeout")
    assert "sending too slowly (less than 64 KiB in 1 s)" in str(error)
    assert download.state == DownloadState.FAILED and part_path(download.path).exists()


def test_a_header_read_dripped_byte_by_byte_counts_as_stalled(hub_server):
    hub_server.hostile = [Hostile(FILES, drip=0.02)]
    with Bounded():
        refused(lambda: hub.remote_header(MODEL_REPO, "tiny-llama-Q8_0.gguf", config=FAST))


# ------------------------------------------------------------------ the token, other hosts
def test_a_next_page_on_another_host_is_not_followed(hub_server, trap):
    link = f'<{trap.url}/api/models?cursor=1>; rel="next"'
    hub_server.hostile = [Hostile(SEARCH, headers={"Link": link})]
    page = hub.search_models("llama", limit=50, config=HubConfig(token=GOOD_TOKEN))
    assert page.models and page.next_cursor is None
    assert trap.requests == []


def test_a_tree_page_on_another_host_is_not_followed(hub_server, trap):
    hub_server.files_metadata = False
    link = f'<{trap.url}/api/models/x/tree/main?cursor=1>; rel="next"'
    hub_server.hostile = [Hostile(r"/tree/", headers={"Link": link})]
    hub.repo_files(MODEL_REPO, config=HubConfig(token=GOOD_TOKEN))
    assert trap.requests == []


def test_api_redirects_to_another_host_are_refused(hub_server, trap):
    hub_server.hostile = [Hostile(INFO, body=b"", status=302, headers={"Location": trap.url})]
    error = refused(lambda: hub.repo_files(MODEL_REPO, config=HubConfig(token=GOOD_TOKEN)))
    assert "sent LlamaDesk on to another address" in str(error) and trap.requests == []


def test_the_token_never_reaches_another_host_through_a_redirect(hub_server, trap):
    hub_server.hostile = [Hostile(r"/resolve/", headers={"Location": f"{trap.url}/cdn"})]
    config = HubConfig(token=GOOD_TOKEN)
    refused(lambda: hub.remote_header(MODEL_REPO, "tiny-llama-Q8_0.gguf", config=config))
    assert len(trap.requests) == 1  # the file's bytes are on the CDN: followed, no token
    assert "authorization" not in trap.requests[0].headers
    same_host = [r for r in hub_server.requests if "/resolve/" in r.target]
    assert same_host[0].headers["authorization"] == f"Bearer {GOOD_TOKEN}"


def test_nothing_but_the_configured_mirror_is_asked(hub_server, monkeypatch, tmp_path, repo):
    """A mirror set in Settings, no HF_ENDPOINT, a token from ``hf auth login`` about to
    expire: huggingface_hub's get_token() would refresh it at huggingface.co, and its
    build_hf_headers() would fetch a list of AI agents from there (once a day, cached in
    ~/.cache/huggingface). Its caches of both are emptied, as in a fresh process."""
    from huggingface_hub import constants
    from huggingface_hub.utils import _auth, _detect_agent

    monkeypatch.setattr(constants, "ENDPOINT", DEFAULT_ENDPOINT)  # what HF_ENDPOINT unset gives
    monkeypatch.setattr(constants, "AGENT_HARNESSES_PATH", str(tmp_path / "agents.json"))
    monkeypatch.setattr(_detect_agent, "_registry", None)
    monkeypatch.setattr(_auth, "_OAUTH_REFRESH_CACHE", None)

    token, stored = tmp_path / "token", tmp_path / "stored_tokens"
    token.write_text(GOOD_TOKEN)
    stored.write_text(
        f"[login]\nhf_token = {GOOD_TOKEN}\nrefresh_token = r\nexpires_at = {int(time.time())}\n"
    )
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(token))
    monkeypatch.setattr(constants, "HF_STORED_TOKENS_PATH", str(stored))
    monkeypatch.delenv("HF_ENDPOINT")
    mirror = HubConfig(endpoint=hub_server.url)
    variant, before = repo.find("Q4_0"), len(hub_server.requests)
    with connections() as seen:
        hub.search_models("llama", config=mirror)
        details = hub.repo_files(MODEL_REPO, config=mirror)
        hub.variant_header(details.find("Q4_0"), config=mirror)
        hub.file_metadata(MODEL_REPO, variant.name, config=mirror)
        assert Download(variant, config=mirror).run() == DownloadState.DONE
    port = hub_server.url.rsplit(":", 1)[1]
    assert seen and set(seen) <= {
        "lookup 127.0.0.1",
        "lookup localhost",
        f"connect 127.0.0.1:{port}",
        f"connect ::1:{port}",  # localhost, tried first on some systems
    }, sorted(set(seen))
    api = [r for r in hub_server.requests[before:] if "/api/" in r.target]
    assert {r.headers.get("authorization") for r in api} == {f"Bearer {GOOD_TOKEN}"}


# ------------------------------------------------------------------ answers that are not the Hub's
def _not_a_list(payload):
    return {"models": payload}


def _wrong_types(payload):
    for item in payload:
        item |= {"downloads": "many", "likes": None, "lastModified": 5, "tags": "gguf"}
    return [*payload, "x", {"id": 7}, {"id": "../../etc"}, None]


@pytest.mark.parametrize(
    "hostile",
    [
        Hostile(
            SEARCH, body=b"<html><body>Welcome to nginx</body></html>", content_type="text/html"
        ),
        Hostile(SEARCH, body=b'[{"id": "a/b"'),
        Hostile(SEARCH, body=b"[" * 200_000),
        Hostile(SEARCH, body=b"\xff\xfe not text"),
        Hostile(SEARCH, edit=_not_a_list),
        Hostile(SEARCH, body=b"[", endless=b'{"id": "org/model-GGUF", "tags": ["gguf"]},' * 64),
        Hostile(SEARCH, body=b"", status=302, headers={"Location": "file:///etc/passwd"}),
        Hostile(SEARCH, body=b"", status=302, headers={"Location": "/api/models"}),
        Hostile(SEARCH, body=b"{}", status=500, headers={"X-Error-Message": "\x1b[2J" * 200}),
    ],
    ids=["html", "cut", "nested", "binary", "object", "endless", "file", "loop", "error"],
)
def test_a_malformed_search_answer_is_a_sentence(hub_server, hostile):
    hub_server.hostile = [hostile]
    with Bounded():
        error = refused(lambda: hub.search_models("llama"))
    assert hub_server.url.removeprefix("http://") in str(error)


def test_wrong_types_in_search_results_are_left_out(hub_server):
    hub_server.hostile = [Hostile(SEARCH, edit=_wrong_types)]
    models = hub.search_models("llama").models
    assert models and all(m.repo_id.count("/") == 1 for m in models)
    assert all(m.downloads == 0 and m.last_modified is None and m.tags == () for m in models)


def _siblings_not_a_list(info):
    return info | {"siblings": "all of them"}


def _bad_siblings(info):
    for sibling in info["siblings"]:
        sibling.get("lfs", {}).pop("pointerSize", None)
        sibling.get("lfs", {}).pop("size", None)
    bad = [None, 5, {"rfilename": 7}, {"rfilename": "x.gguf", "size": "big", "lfs": []}]
    return info | {
        "siblings": info["siblings"] + bad,
        "sha": "../../x",
        "cardData": ["license", "mit"],
        "downloads": -5,
        "gated": {"x": 1},
    }


@pytest.mark.parametrize(
    "hostile",
    [
        Hostile(INFO, body=b"<!doctype html><title>Mirror</title>", content_type="text/html"),
        Hostile(INFO, edit=lambda _info: ["not", "a", "model"]),
        Hostile(INFO, edit=_siblings_not_a_list),
        Hostile(INFO, body=b'{"siblings": [', endless=b'{"rfilename": "a.gguf"},' * 64),
    ],
    ids=["html", "list", "siblings", "endless"],
)
def test_a_malformed_model_description_is_a_sentence(hub_server, hostile):
    hub_server.hostile = [hostile]
    with Bounded():
        error = refused(lambda: hub.repo_files(MODEL_REPO), "malformed")
    assert "is not a Hub answer" in str(error)


def test_wrong_fields_in_a_model_description_are_dropped(hub_server):
    hub_server.hostile = [Hostile(INFO, edit=_bad_siblings)]
    details = hub.repo_files(MODEL_REPO)
    assert details.revision == "main" and details.license is None and details.downloads == 0
    q8 = details.find("Q8_0").files[0]  # "x.gguf" has no size: the sizes come from the tree
    data = hub_server.repos[MODEL_REPO].files[q8.path].data
    assert q8.size == len(data) and q8.sha256 == hashlib.sha256(data).hexdigest()
    assert [v.quantization for v in details.variants] == ["Q4_0", "Q8_0", "F16", "F32"]


def test_a_header_that_claims_to_be_enormous_is_not_read(hub_server, monkeypatch):
    monkeypatch.setattr(hub, "HEADER_LIMIT", 2048)
    error = refused(lambda: hub.remote_header(MODEL_REPO, "tiny-llama-Q8_0.gguf", first_bytes=512))
    assert "would be larger than 2 KiB" in str(error)
