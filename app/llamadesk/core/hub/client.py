"""The Hugging Face Hub: search GGUF repositories, list their files, read headers remotely.

The only module that imports ``huggingface_hub``, and only in the functions that need it:
with httpx2 it takes 0.3 s to import, which the window's start does not have to pay.

Every function takes a :class:`HubConfig` (endpoint or mirror, token, offline mode,
timeouts); in offline mode (``HubConfig.offline`` or ``HF_HUB_OFFLINE=1``) each raises
``HubError(reason="offline")`` before any network call. Every failure is a
:class:`HubError` whose message says what happened and what to do; its ``reason`` and
``retryable`` are for code.

Search goes to ``/api/models`` through huggingface_hub's session and parsing, without
its retry loop (a dead network answers at once instead of after ~25 s of back-off) and
with the Hub's ``Link`` cursor exposed for paging. Bytes are fetched with HTTP Range
requests by :func:`open_range`, which :mod:`llamadesk.core.hub.downloads` builds on.
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from llamadesk.core.errors import HubError
from llamadesk.core.gguf import GGUFInfo, HeaderIncomplete, parse_header
from llamadesk.core.hub.quantization import (
    ModelVariant,
    RemoteFile,
    RepoDetails,
    card_description,
    group_variants,
    license_name,
    validate_repo_id,
)
from llamadesk.core.texts import Text, mark

if TYPE_CHECKING:
    import httpx2
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import ModelInfo

DEFAULT_ENDPOINT = "https://huggingface.co"
TOKEN_PAGE = "https://huggingface.co/settings/tokens"
SORTS = {"downloads": "downloads", "likes": "likes", "recent": "lastModified"}
_EXPAND = ("author", "downloads", "likes", "lastModified", "tags", "gated", "private")
_TRUE = {"1", "ON", "YES", "TRUE"}
_CARD_LIMIT = 512 * 1024
OFFLINE_MESSAGE = Text(
    "LlamaDesk is in offline mode, so it does not contact the Hugging Face Hub. Turn off "
    "offline mode in Settings (and unset HF_HUB_OFFLINE) to search for and download models."
)


@dataclass(frozen=True)
class HubConfig:
    """How to reach the Hub. ``endpoint`` None: ``HF_ENDPOINT``, else huggingface.co (a
    mirror such as https://hf-mirror.com works too). ``token`` None: huggingface_hub's own
    (``HF_TOKEN`` or a ``hf auth login``); it is sent to the endpoint, mirrors included.
    ``read_timeout``: seconds without a byte after which a download counts as stalled."""

    endpoint: str | None = None
    token: str | None = None
    offline: bool = False
    timeout: float = 15.0
    read_timeout: float = 20.0

    def is_offline(self) -> bool:
        return self.offline or os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in _TRUE

    def resolved_endpoint(self) -> str:
        raw = (self.endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip()
        parts = urlsplit(raw)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise HubError(
                Text(
                    'The Hub address "{address}" is not a web address. Set it in Settings to '
                    "{default} or to a mirror such as https://hf-mirror.com.",
                    address=raw,
                    default=DEFAULT_ENDPOINT,
                ),
                reason="invalid",
            )
        return raw.rstrip("/")


@dataclass(frozen=True)
class ModelSummary:
    """A search result."""

    repo_id: str
    author: str
    downloads: int
    likes: int
    last_modified: datetime | None
    tags: tuple[str, ...]
    gated: bool
    private: bool = False


@dataclass(frozen=True)
class SearchPage:
    models: tuple[ModelSummary, ...]
    next_cursor: str | None  # pass to search_models(cursor=...) for the next page


@dataclass(frozen=True)
class FileMetadata:
    size: int | None
    sha256: str | None  # the LFS sha256 when the Hub says it (X-Linked-Etag)
    etag: str | None
    commit: str | None


@dataclass(frozen=True)
class ByteStream:
    """An open response: ``start`` is the file offset of its first byte (0 when the server
    ignored the Range), ``total`` the whole file's size, ``status`` 200, 206 or 416."""

    status: int
    start: int
    total: int | None
    chunks: Iterator[bytes]


# ------------------------------------------------------------------ plumbing
def require_online(config: HubConfig | None) -> HubConfig:
    """``config`` (or the default), after checking it is not offline and its endpoint is valid."""
    config = config or HubConfig()
    if config.is_offline():
        raise HubError(OFFLINE_MESSAGE, reason="offline")
    config.resolved_endpoint()  # a bad mirror address fails here, before any request
    return config


def _headers(config: HubConfig) -> dict[str, str]:
    from huggingface_hub.utils import build_hf_headers

    return build_hf_headers(token=config.token, library_name="llamadesk")


def _api(config: HubConfig) -> HfApi:
    from huggingface_hub import HfApi

    return HfApi(endpoint=config.resolved_endpoint(), token=config.token, library_name="llamadesk")


_CLIENT: httpx2.Client | None = None
_CLIENT_LOCK = threading.Lock()


def _transfer_client() -> httpx2.Client:
    """A client of its own for file bytes: huggingface_hub closes its shared session when
    a connection fails, which would cut a download running on another thread."""
    import httpx2

    global _CLIENT
    with _CLIENT_LOCK:
        if _CLIENT is None:
            _CLIENT = httpx2.Client(follow_redirects=True, timeout=None)
        return _CLIENT


# reason -> (message, retryable); {what} is the repository, {page} its page on the Hub,
# {token_hint} says where to add an access token
_MESSAGES = {
    "gated": (
        mark(
            "{what} is gated: its authors ask you to accept their licence first. Open {page}, "
            "accept it while logged in, then {token_hint}."
        ),
        False,
    ),
    "gated_403": (
        mark(
            "Your access token may not download {what} yet: its authors ask you to accept "
            "their licence. Open {page}, accept it while logged in (approval can take a "
            "while), then try again."
        ),
        False,
    ),
    "not_found": (
        mark(
            "The model repository {what} was not found on {host}. Check the name; if it is "
            "private, {token_hint}."
        ),
        False,
    ),
    "file_not_found": (
        mark(
            'The file "{file}" is no longer in {what} on {host}: the repository has changed. '
            "Open it again to see its current files."
        ),
        False,
    ),
    "unauthorized": (mark("{host} refused the access token. Check it, or {token_hint}."), False),
    "forbidden": (
        mark("{host} refused access (HTTP 403). If the model is gated or private, {token_hint}."),
        False,
    ),
    "rate_limited": (
        mark(
            "{host} asks LlamaDesk to slow down (too many requests). Wait a minute and try "
            "again; an access token raises the limit."
        ),
        True,
    ),
    "server": (mark("{host} has a problem (HTTP {status}). Try again in a few minutes."), True),
    "no_network": (
        mark(
            "Could not connect to {host}. Check your internet connection; if the Hub is "
            "blocked where you are, set a mirror as the Hub address in Settings."
        ),
        True,
    ),
    "timeout": (
        mark(
            "{host} stopped sending (nothing for {seconds:g} s): the connection is slow or "
            "unstable. Try again."
        ),
        True,
    ),
    "interrupted": (mark("The connection to {host} was interrupted. Try again."), True),
    "error": (mark("The request to {host} failed ({error}). Try again later."), False),
}


def hub_error(
    error: BaseException, config: HubConfig, repo_id: str | None = None, filename: str = ""
) -> HubError:
    """A sentence for the user about a failed Hub request (``error`` from httpx2 or hf_hub)."""
    import httpx2
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RemoteEntryNotFoundError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    if isinstance(error, HubError):
        return error
    if isinstance(error, OfflineModeIsEnabled):
        return HubError(OFFLINE_MESSAGE, reason="offline")
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", 0) if response is not None else 0
    if isinstance(error, GatedRepoError):
        reason = "gated_403" if status == 403 else "gated"
    elif isinstance(error, RepositoryNotFoundError):
        reason = "not_found"
    elif isinstance(error, RevisionNotFoundError | RemoteEntryNotFoundError) or (
        status == 404 and filename
    ):
        reason = "file_not_found"
    elif isinstance(error, HfHubHTTPError) and status:
        codes = {401: "unauthorized", 403: "forbidden", 429: "rate_limited"}
        reason = codes.get(status, "server" if status >= 500 else "error")
    elif isinstance(error, httpx2.ConnectError | httpx2.ConnectTimeout):
        reason = "no_network"
    elif isinstance(error, httpx2.TimeoutException):
        reason = "timeout"
    elif isinstance(error, httpx2.TransportError):
        reason = "interrupted"
    else:
        reason = "error"
    endpoint = config.resolved_endpoint()
    template, retryable = _MESSAGES[reason]
    message = Text(
        template,
        what=Text('"{repo_id}"', repo_id=repo_id) if repo_id else Text("the repository"),
        page=f"{endpoint}/{repo_id}" if repo_id else endpoint,
        host=urlsplit(endpoint).netloc,
        file=filename,
        status=status,
        seconds=config.read_timeout,
        error=str(error),
        token_hint=Text(
            "add an access token in Settings (Hub); create one at {page}", page=TOKEN_PAGE
        ),
    )
    reason = {"gated_403": "gated", "file_not_found": "not_found"}.get(reason, reason)
    return HubError(message, reason=reason, retryable=retryable)


@contextmanager
def _mapped(config: HubConfig, repo_id: str | None = None, filename: str = "") -> Iterator[None]:
    import httpx2
    from huggingface_hub.errors import OfflineModeIsEnabled

    try:
        yield
    except (httpx2.HTTPError, OfflineModeIsEnabled) as error:
        raise hub_error(error, config, repo_id, filename) from error


# ------------------------------------------------------------------ search
def search_models(
    query: str = "",
    *,
    sort: str = "downloads",
    limit: int = 30,
    cursor: str | None = None,
    config: HubConfig | None = None,
) -> SearchPage:
    """GGUF repositories whose name contains ``query``, most downloaded (``sort="downloads"``),
    most liked ("likes") or most recently updated ("recent") first. At least ``limit``
    results when there are that many; ``cursor`` is a page's ``next_cursor``."""
    config = require_online(config)
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    endpoint = config.resolved_endpoint()
    url: str | None = f"{endpoint}/api/models"
    params: list[tuple[str, Any]] | None = [("filter", "gguf"), ("sort", SORTS[sort])]
    params += [("limit", limit), *(("expand", key) for key in _EXPAND)]
    if query.strip():
        params.append(("search", query.strip()))
    if cursor:
        if urlsplit(cursor).netloc != urlsplit(endpoint).netloc:
            raise HubError(
                Text("That page of results belongs to another Hub address."), reason="invalid"
            )
        url, params = cursor, None
    from huggingface_hub.hf_api import ModelInfo
    from huggingface_hub.utils import get_session, hf_raise_for_status

    models: list[ModelSummary] = []
    with _mapped(config):
        while url and len(models) < limit:
            response = get_session().get(
                url, params=params, headers=_headers(config), timeout=config.timeout
            )
            hf_raise_for_status(response)
            models += [_summary(ModelInfo(**item)) for item in response.json()]
            url, params = response.links.get("next", {}).get("url"), None
    return SearchPage(tuple(models), url)


def _summary(info: ModelInfo) -> ModelSummary:
    return ModelSummary(
        repo_id=info.id,
        author=info.author or info.id.split("/")[0],
        downloads=info.downloads or 0,
        likes=info.likes or 0,
        last_modified=info.last_modified,
        tags=tuple(info.tags or ()),
        gated=bool(info.gated),
        private=bool(info.private),
    )


# ------------------------------------------------------------------ a repository
def repo_files(
    repo_id: str, *, revision: str | None = None, config: HubConfig | None = None
) -> RepoDetails:
    """Every GGUF model in a repository with sizes and sha256, its licence and description.

    A gated repository lists its files (the Hub shows them to anyone) with an
    ``access_note``; downloading its files needs a token. A private or missing one raises
    HubError(reason="not_found") saying a token may be needed."""
    config = require_online(config)
    repo_id = validate_repo_id(repo_id)
    api = _api(config)
    with _mapped(config, repo_id):
        info = api.model_info(
            repo_id, revision=revision, files_metadata=True, timeout=config.timeout
        )
        files = [
            RemoteFile(s.rfilename, s.size, s.lfs.sha256 if s.lfs else None)
            for s in info.siblings or ()
        ]
        sha = info.sha or revision or "main"
        if any(f.path.lower().endswith(".gguf") and f.size is None for f in files):
            files = [  # a mirror that ignores files_metadata: the tree has sizes
                RemoteFile(e.path, e.size, e.lfs.sha256 if e.lfs else None)
                for e in api.list_repo_tree(repo_id, revision=sha, recursive=True)
                if hasattr(e, "size")
            ]
    endpoint = config.resolved_endpoint()
    card = _read_card(repo_id, sha, config) if any(f.path == "README.md" for f in files) else ""
    card_data = info.card_data.to_dict() if info.card_data else {}
    all_variants = group_variants(repo_id, sha, files)
    gguf = {f.path for v in all_variants for f in v.files}
    page = f"{endpoint}/{repo_id}"
    gated = bool(info.gated)
    return RepoDetails(
        repo_id=repo_id,
        revision=sha,
        url=page,
        variants=tuple(v for v in all_variants if v.kind == "model"),
        projectors=tuple(v for v in all_variants if v.kind != "model"),
        other_files=tuple(f for f in files if f.path not in gguf),
        description=card_description(card),
        license=license_name(card_data),
        gated=gated,
        private=bool(info.private),
        access_note=(
            Text(
                "The authors of this model ask you to accept their licence before you download "
                "it: open {page}, accept it while logged in, and add an access token in "
                "Settings (Hub).",
                page=page,
            )
            if gated
            else None
        ),
        downloads=info.downloads or 0,
        likes=info.likes or 0,
        last_modified=info.last_modified,
        tags=tuple(info.tags or ()),
    )


def _read_card(repo_id: str, revision: str, config: HubConfig) -> str:
    """The README's text, or "" when it cannot be read: the card is not essential."""
    import httpx2
    from huggingface_hub.errors import OfflineModeIsEnabled
    from huggingface_hub.utils import get_session, hf_raise_for_status

    url = resolve_url(repo_id, "README.md", revision=revision, config=config)
    try:
        response = get_session().get(
            url, headers=_headers(config), timeout=config.timeout, follow_redirects=True
        )
        hf_raise_for_status(response)
        return response.content[:_CARD_LIMIT].decode("utf-8", errors="replace")
    except (httpx2.HTTPError, OfflineModeIsEnabled):
        return ""


# ------------------------------------------------------------------ files
def resolve_url(
    repo_id: str, filename: str, *, revision: str | None = None, config: HubConfig | None = None
) -> str:
    """The download address of a file (the Hub redirects it to its CDN)."""
    from huggingface_hub import hf_hub_url

    config = config or HubConfig()
    return hf_hub_url(repo_id, filename, revision=revision, endpoint=config.resolved_endpoint())


def file_metadata(
    repo_id: str, filename: str, *, revision: str | None = None, config: HubConfig | None = None
) -> FileMetadata:
    """Size, sha256, ETag and commit of one file, from a HEAD request."""
    config = require_online(config)
    from huggingface_hub import get_hf_file_metadata

    url = resolve_url(repo_id, filename, revision=revision, config=config)
    with _mapped(config, repo_id, filename):
        meta = get_hf_file_metadata(
            url,
            token=config.token,
            timeout=config.timeout,
            endpoint=config.resolved_endpoint(),
            library_name="llamadesk",
        )
    etag = meta.etag
    sha256 = etag if etag and re.fullmatch(r"[0-9a-f]{64}", etag) else None
    return FileMetadata(meta.size, sha256, etag, meta.commit_hash)


@contextmanager
def open_range(
    url: str,
    start: int = 0,
    end: int | None = None,
    *,
    config: HubConfig | None = None,
    chunk_size: int | None = None,
    repo_id: str | None = None,
    filename: str = "",
) -> Iterator[ByteStream]:
    """GET ``url`` from byte ``start`` (to ``end`` inclusive) and yield a :class:`ByteStream`.

    ``chunk_size`` None yields bytes as they arrive (a dropped connection then loses none).
    Errors while connecting or while iterating the chunks become HubError; a connection
    that sends nothing for ``config.read_timeout`` seconds raises HubError("timeout")."""
    import httpx2
    from huggingface_hub.utils import hf_raise_for_status

    config = require_online(config)
    headers = {**_headers(config), "Accept-Encoding": "identity"}
    if start or end is not None:
        headers["Range"] = f"bytes={start}-{'' if end is None else end}"
    timeout = httpx2.Timeout(config.timeout, read=config.read_timeout)
    with (
        _mapped(config, repo_id, filename),
        _transfer_client().stream("GET", url, headers=headers, timeout=timeout) as response,
    ):
        if response.status_code == 416:
            total = _total_from(response.headers.get("Content-Range", ""))
            yield ByteStream(416, start, total, iter(()))
            return
        if response.status_code >= 400:
            response.read()
            hf_raise_for_status(response)
        first, total = 0, None
        if response.status_code == 206:
            match = re.match(r"bytes (\d+)-\d+/(\d+|\*)", response.headers.get("Content-Range", ""))
            if match:
                first = int(match[1])
                total = int(match[2]) if match[2] != "*" else None
        elif "Content-Length" in response.headers:
            total = int(response.headers["Content-Length"])
        yield ByteStream(response.status_code, first, total, response.iter_raw(chunk_size))


def _total_from(content_range: str) -> int | None:
    match = re.search(r"/(\d+)$", content_range)
    return int(match[1]) if match else None


def remote_header(
    repo_id: str,
    filename: str,
    *,
    revision: str | None = None,
    config: HubConfig | None = None,
    first_bytes: int = 1 << 20,
) -> GGUFInfo:
    """Read a GGUF file's header over HTTP Range requests, without downloading the file.

    Starts with ``first_bytes`` and fetches more while the header goes on
    (:class:`HeaderIncomplete`). Raises HubError, or ModelFileError for a file that is
    not GGUF or is damaged."""
    config = require_online(config)
    url = resolve_url(repo_id, filename, revision=revision, config=config)
    data, want, total = bytearray(), first_bytes, None
    while True:
        before = len(data)
        with open_range(
            url, len(data), want - 1, config=config, repo_id=repo_id, filename=filename
        ) as stream:
            if stream.start != len(data):  # the server ignored the Range: it sends it all
                data.clear()
            total = stream.total if stream.total is not None else total
            for chunk in stream.chunks:
                data += chunk
                if len(data) >= want:
                    break
        try:
            return parse_header(bytes(data), total, name=filename)
        except HeaderIncomplete as incomplete:
            if (total is not None and len(data) >= total) or len(data) <= before:
                raise HubError(
                    Text(
                        '{host} sent only {size:,} bytes of "{file}", not its whole header. '
                        "Try again.",
                        host=urlsplit(url).netloc,
                        size=len(data),
                        file=filename,
                    ),
                    reason="interrupted",
                    retryable=True,
                ) from incomplete
            want = min(incomplete.needed, total or incomplete.needed)


def variant_header(
    variant: ModelVariant, *, config: HubConfig | None = None, first_bytes: int = 1 << 20
) -> GGUFInfo:
    """The header of a model variant; for a split model, the first part's header with the
    tensors of every part, so memory estimates count all the weights."""
    headers = [
        remote_header(
            variant.repo_id,
            file.path,
            revision=variant.revision,
            config=config,
            first_bytes=first_bytes,
        )
        for file in variant.files
    ]
    if len(headers) == 1:
        return headers[0]
    tensors = tuple(t for header in headers for t in header.tensors)
    return dataclasses.replace(headers[0], tensors=tensors, file_size=variant.size)
