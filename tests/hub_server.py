"""A Hugging Face Hub look-alike on 127.0.0.1, serving the tiny GGUF models to the tests.

It answers what huggingface_hub and LlamaDesk ask the real Hub, the way the Hub does:

- ``GET /api/models?search=&filter=gguf&sort=&limit=&expand=...``: search, paged with a
  ``Link: <...&cursor=N>; rel="next"`` header (page size ``FakeHub.page_size``);
- ``GET /api/models/{repo}[/revision/{rev}][?blobs=true]``: model info with ``siblings``
  (size, blobId and ``lfs.sha256`` with blobs=true), cardData, gated, sha;
- ``GET /api/models/{repo}/tree/{rev}[/{path}]?recursive=``: the file tree, paged;
- ``HEAD``/``GET /{repo}/resolve/{rev}/{file}``: LFS files answer 302 to a "CDN" on another
  origin (``http://localhost:PORT/cdn/...``, as the Hub sends to its CDN) with the
  ``X-Repo-Commit``, ``X-Linked-Size`` and ``X-Linked-Etag`` headers; small files are
  served directly. Bytes support ``Range`` (206, ``Content-Range``, 416);
- errors with the Hub's ``X-Error-Code``/``X-Error-Message`` headers: a gated repo (401
  without a token, 403 with one that has not accepted the licence), a private repo and a
  missing one (401 RepoNotFound without a token, 404 with one), a missing file
  (EntryNotFound), a bad revision (RevisionNotFound), an invalid token (401).

``FakeHub.faults`` injects failures into file bodies: drop the connection after N bytes,
stall (send nothing more, without closing), flip a byte, answer with a status (503),
ignore Range. ``FakeHub.hostile`` makes any answer hostile (:class:`Hostile`): another
body (HTML, an endless one), edited JSON, extra headers (a ``Link`` to another host),
bytes dripped one at a time, more bytes than announced. Every request is logged
(``FakeHub.requests``) so tests can count them.

:class:`Trap` is a second loopback server that records every request it gets (a leaked
token, a link followed to another host); :func:`connections` records every address the
process looks up or connects to, so a test can prove nothing but the loopback Hub was asked.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import gguf
import pytest

GOOD_TOKEN = "hf_good_token"  # reads every repository, gated and private ones included
NOT_ACCEPTED_TOKEN = "hf_not_accepted"  # valid, but has not accepted the gated licence
MODEL_REPO = "test-org/Tiny-Llama-GGUF"
GATED_REPO = "test-org/Gated-Llama-GGUF"
PRIVATE_REPO = "test-org/Private-Llama-GGUF"
SPLIT_FILE = "F32/tiny-llama-F32-00001-of-00002.gguf"
CARD = """---
license: llama3.2
base_model: test-org/Tiny-Llama
tags:
- gguf
- llama
pipeline_tag: text-generation
---

# Tiny Llama GGUF

![logo](https://example.invalid/logo.png)

GGUF quantizations of [Tiny Llama](https://example.invalid/tiny), a **tiny** random-weight
model for the LlamaDesk tests. It answers gibberish, quickly.

| Quant | Use |
|-------|-----|
| Q4_0  | small |
"""


@dataclass
class HubFile:
    path: str
    data: bytes
    lfs: bool = True

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def pointer(self) -> bytes:
        spec = "version https://git-lfs.github.com/spec/v1"
        return f"{spec}\noid sha256:{self.sha256}\nsize {len(self.data)}\n".encode()

    @property
    def blob_id(self) -> str:
        content = self.pointer if self.lfs else self.data
        return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


@dataclass
class HubRepo:
    repo_id: str
    files: dict[str, HubFile]
    gated: str | bool = False
    private: bool = False
    downloads: int = 0
    likes: int = 0
    last_modified: str = "2024-09-25T12:00:00.000Z"
    tags: list[str] = field(default_factory=lambda: ["gguf", "llama", "text-generation"])
    card_data: dict = field(default_factory=dict)

    @property
    def sha(self) -> str:
        return hashlib.sha1(self.repo_id.encode()).hexdigest()


@dataclass
class Faults:
    """Failures injected into file bodies (GET of a model file). ``*_times``: how many
    responses it hits (-1: every one); a fault hits only a body longer than its offset."""

    drop_after: int | None = None  # cut the connection after this many body bytes
    drop_times: int = 1
    stall_after: int | None = None  # send this many bytes, then nothing, without closing
    stall_times: int = 1
    corrupt_at: int | None = None  # flip the byte at this file offset
    corrupt_times: int = 1
    status: int | None = None  # answer with this status instead (e.g. 503)
    status_times: int = 1
    ignore_range: bool = False  # answer 200 with the whole file, as a server without Range


@dataclass
class Hostile:
    """A hostile answer to the requests whose path matches ``path`` (a regular expression,
    searched in the path without its query)."""

    path: str
    body: bytes | None = None  # answer this (status ``status``) instead of the real answer
    status: int = 200
    content_type: str = "application/json"
    endless: bytes | None = None  # after ``body``, send this again and again, never ending
    edit: Callable | None = None  # edit(payload) -> payload: changes a JSON answer
    headers: dict[str, str] = field(default_factory=dict)  # added to the answer
    drip: float | None = None  # send the body one byte at a time, this many seconds apart
    extra: int = 0  # send this many bytes more than the announced file (Content-Length too)


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    target: str  # path and query, unquoted
    headers: dict[str, str]  # lower-case names

    @property
    def range(self) -> str | None:
        return self.headers.get("range")


class FakeHub:
    """The server. ``url`` is the Hub endpoint; the "CDN" is ``http://localhost:PORT``."""

    def __init__(self, repos: list[HubRepo]) -> None:
        self.repos = {repo.repo_id: repo for repo in repos}
        self.faults = Faults()
        self.hostile: list[Hostile] = []
        self.page_size = 1000  # results per page of search and tree
        self.cdn_redirect = True  # LFS files redirect to the CDN (False: served directly)
        self.files_metadata = True  # False: model info ignores blobs=true (sizes only in tree)
        self.requests: list[LoggedRequest] = []
        self._bytes_sent: dict[str, int] = {}  # file path -> body bytes sent
        self._lock = threading.Lock()
        self._answering = 0  # requests being answered now
        self._answered = threading.Condition(self._lock)
        self._release = threading.Event()  # ends stalled responses
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.hub = self  # type: ignore[attr-defined]
        port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{port}"
        self.cdn_url = f"http://localhost:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # ------------------------------------------------------------ for the tests
    def count(self, contains: str = "", method: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for r in self.requests
                if contains in r.target and (method is None or r.method == method)
            )

    def file_gets(self, path: str) -> list[LoggedRequest]:
        """GET requests that reached the bytes of ``path`` (on the CDN or directly)."""
        with self._lock:
            return [
                r
                for r in self.requests
                if r.method == "GET"
                and (
                    ("/cdn/" in r.target and f"file={path}&" in r.target)
                    or (not self.cdn_redirect and r.target.endswith(f"/{path}"))
                )
            ]

    # ------------------------------------------------------------ serving
    def _take(self, name: str, applies: bool) -> bool:
        times = getattr(self.faults, f"{name}_times")
        if not applies or times == 0:
            return False
        if times > 0:
            setattr(self.faults, f"{name}_times", times - 1)
        return True

    def bytes_sent(self, path: str) -> int:
        """Body bytes of ``path`` sent, once the requests under way are answered: a client
        can read the last byte before the server's thread has counted it."""
        with self._answered:
            self._answered.wait_for(lambda: self._answering == 0, timeout=30)
            return self._bytes_sent.get(path, 0)

    def handle(self, h: _Handler, method: str) -> None:
        with self._lock:
            self._answering += 1
        try:
            self._answer(h, method)
        finally:
            with self._answered:
                self._answering -= 1
                self._answered.notify_all()

    def _answer(self, h: _Handler, method: str) -> None:
        target = unquote(h.path)
        with self._lock:
            self.requests.append(
                LoggedRequest(method, target, {k.lower(): v for k, v in h.headers.items()})
            )
        parts = urlsplit(h.path)
        path, query = unquote(parts.path), parse_qs(parts.query)
        h.hostile = next((x for x in self.hostile if re.search(x.path, path)), None)
        if h.hostile and (h.hostile.body is not None or h.hostile.endless is not None):
            return _send(h, h.hostile.status, {"Content-Type": h.hostile.content_type}, b"")
        auth = h.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip() or None
        if token and token not in (GOOD_TOKEN, NOT_ACCEPTED_TOKEN):
            return _error(h, 401, None, "Invalid credentials in Authorization header")
        if path == "/api/models":
            return self._search(h, query)
        if m := re.fullmatch(r"/api/models/([^/]+/[^/]+)/tree/([^/]+)(?:/(.*))?", path):
            return self._tree(h, token, m[1], m[2], m[3] or "", query)
        if m := re.fullmatch(r"/api/models/([^/]+/[^/]+)(?:/revision/(.+))?", path):
            return self._info(h, token, m[1], m[2], query)
        if m := re.fullmatch(r"/([^/]+/[^/]+)/resolve/([^/]+)/(.+)", path):
            return self._resolve(h, method, token, m[1], m[2], m[3])
        if m := re.fullmatch(r"/cdn/([0-9a-f]{64})", path):
            repo = self.repos.get(query.get("repo", [""])[0])
            file = repo and repo.files.get(query.get("file", [""])[0])
            if not file or file.sha256 != m[1] or query.get("sig") != ["ok"]:
                return _error(h, 403, None, "Request has expired or the signature is invalid")
            return self._serve(h, method, file, {"ETag": f'"{file.sha256}"'})
        return _error(h, 404, None, "Not found")

    def _denied(self, h, token: str | None, repo: HubRepo | None, files: bool) -> bool:
        if repo is None or (repo.private and token != GOOD_TOKEN):
            _error(h, 404 if token else 401, "RepoNotFound", "Repository not found")
            return True
        if files and repo.gated and token != GOOD_TOKEN:
            if token is None:
                message = (
                    f"Access to model {repo.repo_id} is restricted. You must have access to it "
                    "and be authenticated to access it. Please log in."
                )
                _error(h, 401, "GatedRepo", message)
            else:
                message = (
                    f"Access to model {repo.repo_id} is restricted and you are not in the "
                    f"authorized list. Visit {self.url}/{repo.repo_id} to ask for access."
                )
                _error(h, 403, "GatedRepo", message)
            return True
        return False

    def _bad_revision(self, h, repo: HubRepo, revision: str) -> bool:
        if revision in ("main", repo.sha):
            return False
        _error(h, 404, "RevisionNotFound", f"Invalid rev id: {revision}")
        return True

    def _search(self, h, query: dict[str, list[str]]) -> None:
        words = query.get("search", [""])[0].lower()
        wanted_tags = query.get("filter", [])
        found = [
            r
            for r in self.repos.values()
            if not r.private and words in r.repo_id.lower() and set(wanted_tags) <= set(r.tags)
        ]
        key = {"likes": "likes", "lastModified": "last_modified"}.get(
            query.get("sort", ["downloads"])[0], "downloads"
        )
        found.sort(key=lambda r: getattr(r, key), reverse=True)
        items = [
            {
                "_id": r.sha[:24],
                "id": r.repo_id,
                "author": r.repo_id.split("/")[0],
                "downloads": r.downloads,
                "likes": r.likes,
                "lastModified": r.last_modified,
                "tags": r.tags,
                "gated": r.gated,
                "private": r.private,
            }
            for r in found
        ]
        self._paged(h, "/api/models", query, items)

    def _paged(self, h, path: str, query: dict[str, list[str]], items: list) -> None:
        limit = int(query.get("limit", ["0"])[0]) or 1000
        size = min(limit, self.page_size)
        start = int(query.get("cursor", ["0"])[0])
        headers = {}
        if start + size < len(items):
            next_query = {k: v for k, v in query.items() if k != "cursor"}
            next_query["cursor"] = [str(start + size)]
            link = f"{self.url}{quote(path)}?{urlencode(next_query, doseq=True)}"
            headers["Link"] = f'<{link}>; rel="next"'
        _json(h, items[start : start + size], headers)

    def _info(self, h, token, repo_id: str, revision: str | None, query) -> None:
        repo = self.repos.get(repo_id)
        if self._denied(h, token, repo, files=False):
            return
        if revision and self._bad_revision(h, repo, revision):
            return
        blobs = query.get("blobs", [""])[0].lower() == "true" and self.files_metadata
        siblings = []
        for file in repo.files.values():
            sibling: dict = {"rfilename": file.path}
            if blobs:
                sibling |= {"blobId": file.blob_id, "size": len(file.data)}
                if file.lfs:
                    lfs = {"sha256": file.sha256, "size": len(file.data), "pointerSize": 134}
                    sibling["lfs"] = lfs
            siblings.append(sibling)
        _json(
            h,
            {
                "_id": repo.sha[:24],
                "id": repo.repo_id,
                "modelId": repo.repo_id,
                "author": repo.repo_id.split("/")[0],
                "sha": repo.sha,
                "lastModified": repo.last_modified,
                "private": repo.private,
                "disabled": False,
                "gated": repo.gated,
                "downloads": repo.downloads,
                "likes": repo.likes,
                "library_name": "gguf",
                "tags": repo.tags,
                "pipeline_tag": "text-generation",
                "cardData": repo.card_data,
                "siblings": siblings,
                "spaces": [],
            },
        )

    def _tree(self, h, token, repo_id: str, revision: str, folder: str, query) -> None:
        repo = self.repos.get(repo_id)
        if self._denied(h, token, repo, files=False) or self._bad_revision(h, repo, revision):
            return
        recursive = query.get("recursive", [""])[0].lower() == "true"
        prefix = f"{folder.strip('/')}/" if folder.strip("/") else ""
        entries: dict[str, dict] = {}
        for file in repo.files.values():
            if not file.path.startswith(prefix):
                continue
            rest = file.path[len(prefix) :]
            if "/" in rest and not recursive:
                directory = prefix + rest.split("/")[0]
                entries[directory] = {"type": "directory", "oid": "0" * 40, "path": directory}
                continue
            entry = {"type": "file", "oid": file.blob_id, "size": len(file.data)}
            entry["path"] = file.path
            if file.lfs:
                entry["lfs"] = {"oid": file.sha256, "size": len(file.data), "pointerSize": 134}
            entries[file.path] = entry
            for depth in range(1, rest.count("/") + 1):  # the folders on the way
                directory = prefix + "/".join(rest.split("/")[:depth])
                entries[directory] = {"type": "directory", "oid": "0" * 40, "path": directory}
        self._paged(h, f"/api/models/{repo_id}/tree/{revision}", query, list(entries.values()))

    def _resolve(self, h, method: str, token, repo_id: str, revision: str, path: str) -> None:
        repo = self.repos.get(repo_id)
        if self._denied(h, token, repo, files=True) or self._bad_revision(h, repo, revision):
            return
        file = repo.files.get(path)
        if file is None:
            return _error(h, 404, "EntryNotFound", f"{path} does not exist on {revision}")
        headers = {"X-Repo-Commit": repo.sha, "ETag": f'"{file.blob_id}"'}
        if file.lfs and self.cdn_redirect:
            location = f"{self.cdn_url}/cdn/{file.sha256}?" + urlencode(
                {"repo": repo.repo_id, "file": file.path, "sig": "ok"}
            )
            headers |= {
                "Location": location,
                "X-Linked-Size": str(len(file.data)),
                "X-Linked-Etag": f'"{file.sha256}"',
            }
            return _send(h, 302, headers, b"")
        if file.lfs:
            headers["ETag"] = f'"{file.sha256}"'
        self._serve(h, method, file, headers)

    def _serve(self, h, method: str, file: HubFile, headers: dict[str, str]) -> None:
        size, status = len(file.data), 200
        start, end = 0, size - 1
        requested = h.headers.get("Range")
        body_request = method == "GET" and file.lfs
        if body_request and self._take("status", self.faults.status is not None):
            return _error(h, self.faults.status, None, "Service Unavailable")
        if requested and not self.faults.ignore_range:
            m = re.fullmatch(r"bytes=(\d+)-(\d*)", requested.strip())
            if not m or int(m[1]) >= size:
                h.send_response(416)
                h.send_header("Content-Range", f"bytes */{size}")
                h.send_header("Content-Length", "0")
                h.end_headers()
                return
            start, end, status = int(m[1]), min(int(m[2] or size - 1), size - 1), 206
        extra = h.hostile.extra if h.hostile and body_request else 0
        h.send_response(status)
        headers |= {"Content-Length": str(end - start + 1 + extra), "Accept-Ranges": "bytes"}
        headers["Content-Type"] = "application/octet-stream"
        if status == 206:
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        for name, value in {**headers, **_hostile_headers(h)}.items():
            h.send_header(name, value)
        h.end_headers()
        if method == "HEAD":
            return
        body = bytearray(file.data[start : end + 1])
        corrupt = self.faults.corrupt_at
        hit = body_request and corrupt is not None and start <= corrupt <= end
        if self._take("corrupt", hit):
            body[corrupt - start] ^= 0xFF
        cut = len(body)
        drop = self.faults.drop_after
        stall = self.faults.stall_after
        dropping = body_request and self._take("drop", drop is not None and drop < len(body))
        stalling = body_request and self._take("stall", stall is not None and stall < len(body))
        if dropping:
            cut = drop
        elif stalling:
            cut = stall
        if extra:
            _write_extra(h, body, extra)
            return
        if not _write(h, bytes(body[:cut])):
            return
        with self._lock:
            self._bytes_sent[file.path] = self._bytes_sent.get(file.path, 0) + cut
        if dropping:
            h.close_connection = True
            with contextlib.suppress(OSError):
                h.connection.shutdown(socket.SHUT_RDWR)
        elif stalling:
            self._release.wait(30)
            h.close_connection = True


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that went away
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart
    timeout = 10  # idle keep-alive connections end

    def do_GET(self) -> None:
        self.server.hub.handle(self, "GET")  # type: ignore[attr-defined]

    def do_HEAD(self) -> None:
        self.server.hub.handle(self, "HEAD")  # type: ignore[attr-defined]

    hostile: Hostile | None = None  # the hostile answer for this request, if any

    def log_message(self, format: str, *args) -> None:
        pass


def _json(h: _Handler, payload, headers: dict[str, str] | None = None) -> None:
    if h.hostile and h.hostile.edit:
        payload = h.hostile.edit(payload)
    body = json.dumps(payload).encode()
    _send(h, 200, {"Content-Type": "application/json", **(headers or {})}, body)


def _error(h: _Handler, status: int, code: str | None, message: str) -> None:
    headers = {"X-Error-Message": message, "Content-Type": "application/json"}
    if code:
        headers["X-Error-Code"] = code
    _send(h, status, headers, json.dumps({"error": message}).encode())


def _hostile_headers(h: _Handler) -> dict[str, str]:
    return h.hostile.headers if h.hostile else {}


def _send(h: _Handler, status: int, headers: dict[str, str], body: bytes) -> None:
    """An answer, made hostile as ``h.hostile`` says."""
    hostile = h.hostile
    if hostile and (hostile.body is not None or hostile.endless is not None):
        body = hostile.body or b""
    h.send_response(status)
    for name, value in {**headers, **_hostile_headers(h)}.items():
        h.send_header(name, value)
    if hostile and hostile.endless is not None:
        h.send_header("Connection", "close")  # the body ends when the connection does
        h.close_connection = True
    else:
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    if h.command == "HEAD" or not _write(h, body):
        return
    if hostile and hostile.endless is not None:
        while _write(h, hostile.endless):
            pass


def _write(h: _Handler, data: bytes) -> bool:
    """Send ``data`` (dripped, if the answer is hostile so); False once the client has gone."""
    drip = h.hostile.drip if h.hostile else None
    try:
        if drip is None:
            h.wfile.write(data)
            h.wfile.flush()
            return True
        for index in range(len(data)):
            h.wfile.write(data[index : index + 1])
            h.wfile.flush()
            if h.server.hub._release.wait(drip):  # type: ignore[attr-defined]
                return False
        return True
    except OSError:
        return False


def _write_extra(h: _Handler, body: bytearray, extra: int) -> None:
    """The file, then ``extra`` more bytes than it has (a megabyte at a time)."""
    if not _write(h, bytes(body)):
        return
    block = b"\xff" * (1 << 20)
    while extra > 0 and _write(h, block[:extra]):
        extra -= len(block)


# ------------------------------------------------------------------ what reaches other hosts
class Trap:
    """Another host on loopback: answers 403 to everything and records what it was asked."""

    def __init__(self) -> None:
        self.requests: list[LoggedRequest] = []
        self._server = _Server(("127.0.0.1", 0), _TrapHandler)
        self._server.daemon_threads = True
        self._server.trap = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class _TrapHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _record(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.trap.requests.append(LoggedRequest(self.command, self.path, headers))  # type: ignore[attr-defined]
        self.send_response(403)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = do_POST = do_CONNECT = _record

    def log_message(self, format: str, *args) -> None:
        pass


_watchers: list[list[str]] = []  # the lists connections() fills; an audit hook stays: once


_hooked: list = []


def _audit(event: str, args: tuple) -> None:
    if not _watchers:
        return
    if event == "socket.getaddrinfo":
        seen = f"lookup {args[0]}"
    elif event == "socket.connect" and isinstance(args[1], tuple):
        seen = f"connect {args[1][0]}:{args[1][1]}"
    else:
        return
    for watcher in _watchers:
        watcher.append(seen)


@contextlib.contextmanager
def connections() -> Iterator[list[str]]:
    """Every host looked up ("lookup HOST") and address connected to ("connect HOST:PORT"),
    on any thread of this process, while the block runs."""
    if _audit not in _hooked:
        sys.addaudithook(_audit)
        _hooked.append(_audit)
    seen: list[str] = []
    _watchers.append(seen)
    try:
        yield seen
    finally:
        _watchers.remove(seen)


@pytest.fixture
def trap() -> Iterator[Trap]:
    server = Trap()
    try:
        yield server
    finally:
        server.close()


# ------------------------------------------------------------------ repositories
def split_model(source: Path, folder: Path, parts: int = 2) -> list[Path]:
    """Copy a GGUF model into ``parts`` files the way ``llama-gguf-split`` does."""
    reader = gguf.GGUFReader(source)
    stem = source.stem
    per_part = math.ceil(len(reader.tensors) / parts)
    folder.mkdir(parents=True, exist_ok=True)
    arch = reader.fields["general.architecture"].contents()
    writer = gguf.GGUFWriter(folder / f"{stem}.gguf", arch, split_max_tensors=per_part)
    for item in reader.fields.values():
        if item.name == "general.architecture" or item.name.startswith("GGUF."):
            continue
        value_type = item.types[0]
        sub_type = item.types[-1] if value_type == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(item.name, item.contents(), value_type, sub_type=sub_type)
    for tensor in reader.tensors:
        data = tensor.data
        writer.add_tensor_info(tensor.name, data.shape, data.dtype, data.nbytes, tensor.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for tensor in reader.tensors:
        writer.write_tensor_data(tensor.data)
    writer.close()
    return sorted(folder.glob(f"{stem}-*-of-*.gguf"))


def default_repos(models: dict[str, Path], split_parts: list[Path]) -> list[HubRepo]:
    """The repositories the tests use (tiny models; names mimic real GGUF repositories)."""
    data = {quant: path.read_bytes() for quant, path in models.items()}
    main = HubRepo(
        MODEL_REPO,
        {
            f.path: f
            for f in [
                HubFile("tiny-llama-F16.gguf", data["F16"]),
                HubFile("tiny-llama-Q8_0.gguf", data["Q8_0"]),
                HubFile("tiny-llama-Q4_0.gguf", data["Q4_0"]),
                *(
                    HubFile(f"F32/{p.name}".replace("tiny-", "tiny-llama-"), p.read_bytes())
                    for p in split_parts
                ),
                HubFile("mmproj-tiny-llama-f16.gguf", data["F16"]),
                HubFile("README.md", CARD.encode(), lfs=False),
                HubFile("config.json", b'{"model_type": "llama"}', lfs=False),
                HubFile(".gitattributes", b"*.gguf filter=lfs diff=lfs merge=lfs -text\n", False),
            ]
        },
        downloads=5000,
        likes=40,
        last_modified="2024-09-20T10:00:00.000Z",
        card_data={"license": "llama3.2", "base_model": "test-org/Tiny-Llama"},
    )
    gated = HubRepo(
        GATED_REPO,
        {"tiny-gated-Q4_0.gguf": HubFile("tiny-gated-Q4_0.gguf", data["Q4_0"])},
        gated="manual",
        downloads=9000,
        likes=10,
        last_modified="2024-01-01T00:00:00.000Z",
        card_data={"license": "other", "license_name": "tiny-community-license"},
    )
    private = HubRepo(
        PRIVATE_REPO,
        {"tiny-private-Q4_0.gguf": HubFile("tiny-private-Q4_0.gguf", data["Q4_0"])},
        private=True,
    )
    others = [
        HubRepo(
            f"other-org/Llama-Variant-{n}-GGUF",
            {"model-Q4_K_M.gguf": HubFile("model-Q4_K_M.gguf", data["Q4_0"])},
            downloads=100 * n,
            likes=50 - n,
            last_modified=f"2024-0{n}-15T00:00:00.000Z",
        )
        for n in range(1, 6)
    ]
    not_gguf = HubRepo(
        "other-org/Llama-Safetensors",
        {"model.safetensors": HubFile("model.safetensors", b"{}")},
        tags=["transformers", "safetensors"],
        downloads=10**6,
    )
    return [main, gated, private, *others, not_gguf]


@pytest.fixture(scope="session")
def hub_split_parts(tiny_models: dict[str, Path], model_dir: Path) -> list[Path]:
    return split_model(tiny_models["F32"], model_dir / "split", parts=2)


@pytest.fixture
def hub_server(
    tiny_models: dict[str, Path],
    hub_split_parts: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Iterator[FakeHub]:
    """A fresh fake Hub; ``HF_ENDPOINT`` points at it, and no token or offline mode leaks in."""
    hub = FakeHub(default_repos(tiny_models, hub_split_parts))
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    for name in ("HF_HUB_OFFLINE", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_OIDC_RESOURCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("huggingface_hub.constants.HF_TOKEN_PATH", str(tmp_path / "no-token"))
    try:
        yield hub
    finally:
        hub.close()


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
