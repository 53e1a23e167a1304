"""The Hugging Face Hub: search GGUF repositories, list their files, read headers remotely.

Every function takes a :class:`HubConfig` (endpoint or mirror, token, offline mode,
timeouts); in offline mode (``HubConfig.offline`` or ``HF_HUB_OFFLINE=1``) each raises
``HubError(reason="offline")`` before any network call. Every failure is a
:class:`HubError` whose message says what happened and what to do; its ``reason`` and
``retryable`` are for code.

The requests go through :mod:`llamadesk.core.hub.transport`, which treats the server as
hostile (deadlines, size limits, the token for the Hub's host only), and the answers are
read by :mod:`llamadesk.core.hub.answers`, which trusts none of their fields.
Only the transport imports huggingface_hub (for the Hub's error codes and where ``hf auth
login`` keeps the token), when a request is made: with httpx2 it takes 0.3 s to import,
which the window's start does not have to pay. Bytes are fetched with HTTP Range requests
by :func:`open_range`, which :mod:`llamadesk.core.hub.downloads` builds on.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from llamadesk.core.errors import HubError
from llamadesk.core.gguf import GGUFInfo, HeaderIncomplete, parse_header
from llamadesk.core.hub.answers import (
    ModelSummary,
    NotAHubAnswer,
    commit_id,
    model_info,
    parse_json,
    search_results,
    size_value,
    tree_files,
)
from llamadesk.core.hub.config import HubConfig, require_online, same_origin
from llamadesk.core.hub.quantization import (
    ModelVariant,
    RemoteFile,
    RepoDetails,
    card_description,
    group_variants,
    license_name,
    validate_repo_id,
)
from llamadesk.core.hub.transport import Answer, fetch, malformed, open_range
from llamadesk.core.texts import Text
from llamadesk.core.units import format_bytes

log = logging.getLogger(__name__)

SORTS = {"downloads": "downloads", "likes": "likes", "recent": "lastModified"}
_EXPAND = ("author", "downloads", "likes", "lastModified", "tags", "gated", "private")
_CARD_LIMIT = 512 * 1024
SEARCH_PAGES = 10  # pages of results followed for one search, at most
TREE_PAGES = 100  # pages of a repository's file tree followed, at most
HEADER_LIMIT = 64 * 1024**2  # the largest GGUF header read remotely (real ones: < 20 MiB)


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


def _json(answer: Answer, config: HubConfig, read):
    """``read(data)`` of the answer's JSON; an answer that is not the Hub's is HubError."""
    try:
        return read(parse_json(answer.body))
    except NotAHubAnswer as error:
        raise malformed(config, str(error)) from None


def _next_page(answer: Answer, config: HubConfig) -> str | None:
    """The answer's next page, if it is on the Hub's host (else the pages end there)."""
    url = answer.links.get("next")
    if url and not same_origin(url, config):
        log.warning("a next page on another host was not followed: %s", urlsplit(url).netloc)
        return None
    return url


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
    params: list[tuple[str, object]] | None = [("filter", "gguf"), ("sort", SORTS[sort])]
    params += [("limit", limit), *(("expand", key) for key in _EXPAND)]
    if query.strip():
        params.append(("search", query.strip()))
    if cursor:
        if not same_origin(cursor, config):
            raise HubError(
                Text("That page of results belongs to another Hub address."), reason="invalid"
            )
        url, params = cursor, None
    models: list[ModelSummary] = []
    for _page in range(SEARCH_PAGES):
        answer = fetch(url, config, params=params)
        models += _json(answer, config, search_results)
        url, params = _next_page(answer, config), None
        if not url or len(models) >= limit:
            break
    return SearchPage(tuple(models), url)


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
    endpoint = config.resolved_endpoint()
    url = f"{endpoint}/api/models/{repo_id}"
    if revision:
        url += f"/revision/{quote(revision, safe='')}"
    answer = fetch(url, config, params={"blobs": "true"}, repo_id=repo_id)
    info = _json(answer, config, lambda data: model_info(data, repo_id))
    files = list(info.files)
    sha = info.sha or revision or "main"
    if any(f.path.lower().endswith(".gguf") and f.size is None for f in files):
        files = _tree(repo_id, sha, config)  # a mirror that ignores blobs=true: the tree has sizes
    card = _read_card(repo_id, sha, config) if any(f.path == "README.md" for f in files) else ""
    all_variants = group_variants(repo_id, sha, files)
    gguf = {f.path for v in all_variants for f in v.files}
    page = f"{endpoint}/{repo_id}"
    summary = info.summary
    return RepoDetails(
        repo_id=repo_id,
        revision=sha,
        url=page,
        variants=tuple(v for v in all_variants if v.kind == "model"),
        projectors=tuple(v for v in all_variants if v.kind != "model"),
        other_files=tuple(f for f in files if f.path not in gguf),
        description=card_description(card),
        license=license_name(info.card_data),
        gated=summary.gated,
        private=summary.private,
        access_note=(
            Text(
                "The authors of this model ask you to accept their licence before you download "
                "it: open {page}, accept it while logged in, and add an access token in "
                "Settings (Hub).",
                page=page,
            )
            if summary.gated
            else None
        ),
        downloads=summary.downloads,
        likes=summary.likes,
        last_modified=summary.last_modified,
        tags=summary.tags,
    )


def _tree(repo_id: str, revision: str, config: HubConfig) -> list[RemoteFile]:
    """Every file of the repository's tree, page after page (on the Hub's host only)."""
    url: str | None = (
        f"{config.resolved_endpoint()}/api/models/{repo_id}/tree/{quote(revision, safe='')}"
    )
    params: dict | None = {"recursive": "true"}
    files: list[RemoteFile] = []
    for _page in range(TREE_PAGES):
        answer = fetch(url, config, params=params, repo_id=repo_id)
        files += _json(answer, config, tree_files)
        url, params = _next_page(answer, config), None
        if not url:
            break
    return files


def _read_card(repo_id: str, revision: str, config: HubConfig) -> str:
    """The README's text (its first 512 KiB), or "" when it cannot be read: the card is
    not essential."""
    url = resolve_url(repo_id, "README.md", revision=revision, config=config)
    try:
        answer = fetch(url, config, limit=_CARD_LIMIT, truncate=True, elsewhere="follow")
    except HubError as error:
        log.info("the model card of %s was not read: %s", repo_id, error)
        return ""
    return answer.body.decode("utf-8", errors="replace")


# ------------------------------------------------------------------ files
def resolve_url(
    repo_id: str, filename: str, *, revision: str | None = None, config: HubConfig | None = None
) -> str:
    """The download address of a file (the Hub redirects it to its CDN). Made here, as
    huggingface_hub's ``hf_hub_url`` does, without its address template fixed when it was
    imported: that one holds whatever HF_ENDPOINT said then."""
    config = config or HubConfig()
    endpoint = config.resolved_endpoint()
    return f"{endpoint}/{repo_id}/resolve/{quote(revision or 'main', safe='')}/{quote(filename)}"


def file_metadata(
    repo_id: str, filename: str, *, revision: str | None = None, config: HubConfig | None = None
) -> FileMetadata:
    """Size, sha256, ETag and commit of one file, from a HEAD request (which stops at a
    redirect to another host: the Hub's answer says it all)."""
    config = require_online(config)
    url = resolve_url(repo_id, filename, revision=revision, config=config)
    answer = fetch(
        url,
        config,
        method="HEAD",
        headers={"Accept-Encoding": "identity"},
        elsewhere="stop",
        repo_id=repo_id,
        filename=filename,
    )
    headers = answer.headers
    size = size_value(headers.get("x-linked-size") or headers.get("content-length"))
    etag = headers.get("x-linked-etag") or headers.get("etag") or ""
    etag = etag.removeprefix("W/").strip('"') or None
    sha256 = etag if etag and re.fullmatch(r"[0-9a-f]{64}", etag) else None
    return FileMetadata(size, sha256, etag, commit_id(headers.get("x-repo-commit")))


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
    (:class:`HeaderIncomplete`), up to :data:`HEADER_LIMIT`. Raises HubError, or
    ModelFileError for a file that is not GGUF or is damaged."""
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
            if incomplete.needed > HEADER_LIMIT:
                raise malformed(
                    config,
                    Text(
                        'the header of "{file}" would be larger than {size}',
                        file=filename,
                        size=format_bytes(HEADER_LIMIT),
                    ),
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
