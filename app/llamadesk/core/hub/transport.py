"""Requests to the Hub, made as if its server were hostile (a mirror, a proxy, an attacker).

- The token goes to the configured endpoint only (:func:`same_origin`): each hop of a
  redirect gets headers of its own, and API requests never follow a redirect to another
  host at all. No other request leaves: the token and the user agent are made here, not
  by huggingface_hub, whose ``get_token()`` may refresh the token at huggingface.co and
  whose ``build_hf_headers()`` may fetch a list of agents from there, mirror or not.
- An API answer (:func:`fetch`) is read whole within ``HubConfig.deadline`` seconds and at
  most ``limit`` bytes; the request runs on a thread of its own so that a server dripping
  a byte at a time cannot hold the caller, and Ctrl+C stops the wait at once.
- File bytes (:func:`open_range`) stream; less than :data:`STALL_BYTES` in
  ``HubConfig.read_timeout`` seconds counts as stalled.
- Every failure is a :class:`HubError` whose message says what happened and what to do.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit

from llamadesk.core.errors import HubError
from llamadesk.core.hub.config import (
    OFFLINE_MESSAGE,
    TOKEN_PAGE,
    HubConfig,
    require_online,
    same_origin,
)
from llamadesk.core.texts import Text, mark
from llamadesk.core.units import format_bytes

if TYPE_CHECKING:
    import httpx2

log = logging.getLogger(__name__)
T = TypeVar("T")

ANSWER_LIMIT = 16 * 1024**2  # the largest API answer read (a repository of ~50,000 files)
ERROR_LIMIT = 64 * 1024  # of an error's body, what is read
STALL_BYTES = 64 * 1024  # at least this much per HubConfig.read_timeout, or it has stalled
MAX_REDIRECTS = 5
_ERROR_DETAIL = 200  # characters of a server's own error text kept in a message


@dataclass(frozen=True)
class Answer:
    """An API answer read whole: ``url`` answered (after redirects on the Hub's host)."""

    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    url: str
    links: dict[str, str]  # rel -> absolute address, from the Link header


@dataclass(frozen=True)
class ByteStream:
    """An open response: ``start`` is the file offset of its first byte (0 when the server
    ignored the Range), ``total`` the whole file's size, ``status`` 200, 206 or 416."""

    status: int
    start: int
    total: int | None
    chunks: Iterator[bytes]


class _Abandoned(Exception):
    """The caller stopped waiting (deadline or Ctrl+C): the request stops reading."""


class _TooLarge(Exception):
    """An answer longer than its limit."""


# ------------------------------------------------------------------ messages
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
    try:  # the read timeout that ran out: an API answer's, or a download's
        seconds = error.request.extensions["timeout"]["read"]
    except (AttributeError, KeyError, RuntimeError, TypeError):
        seconds = None
    detail = " ".join(str(error).split())  # a server's words: one line, and not too many
    message = Text(
        template,
        what=Text('"{repo_id}"', repo_id=repo_id) if repo_id else Text("the repository"),
        page=f"{endpoint}/{repo_id}" if repo_id else endpoint,
        host=config.host(),
        file=filename,
        status=status,
        seconds=seconds or config.read_timeout,
        error=detail if len(detail) <= _ERROR_DETAIL else detail[:_ERROR_DETAIL] + "…",
        token_hint=Text(
            "add an access token in Settings (Hub); create one at {page}", page=TOKEN_PAGE
        ),
    )
    reason = {"gated_403": "gated", "file_not_found": "not_found"}.get(reason, reason)
    return HubError(message, reason=reason, retryable=retryable)


def malformed(config: HubConfig, what: str) -> HubError:
    """The answer is not one the Hub sends; ``what`` says how (a Text)."""
    return HubError(
        Text(
            "{host} answered with something that is not a Hub answer ({what}). Check the Hub "
            "address in Settings; if it is right, try again later.",
            host=config.host(),
            what=what,
        ),
        reason="malformed",
    )


def _too_large(config: HubConfig, limit: int) -> HubError:
    return malformed(
        config, Text("more than {size}, far more than the Hub sends", size=format_bytes(limit))
    )


def _elsewhere(config: HubConfig, url: str) -> HubError:
    return HubError(
        Text(
            "{host} sent LlamaDesk on to another address ({other}). LlamaDesk asks only the Hub "
            "address set in Settings: check it, or try again later.",
            host=config.host(),
            other=urlsplit(url).netloc or url[:100],
        ),
        reason="malformed",
    )


@contextmanager
def mapped(config: HubConfig, repo_id: str | None = None, filename: str = "") -> Iterator[None]:
    """Errors of httpx2 and huggingface_hub inside the block become HubError."""
    import httpx2
    from huggingface_hub.errors import OfflineModeIsEnabled

    try:
        yield
    except (httpx2.HTTPError, httpx2.InvalidURL, OfflineModeIsEnabled) as error:
        raise hub_error(error, config, repo_id, filename) from error


# ------------------------------------------------------------------ headers and the client
@functools.cache
def _user_agent() -> str:
    """LlamaDesk's user agent, made here: huggingface_hub's ``build_hf_headers`` may fetch
    a list of coding agents from huggingface.co (and cache it in ~/.cache) to fill it in."""
    import platform
    from importlib import metadata

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "unknown"

    python = platform.python_version()
    return f"llamadesk/{version('llamadesk')}; hf_hub/{version('huggingface_hub')}; python/{python}"


def _token(config: HubConfig) -> str | None:
    """The configured token, else huggingface_hub's (``HF_TOKEN``, or the file a ``hf auth
    login`` wrote), read without ``get_token()``: that may refresh the token at
    huggingface.co, a host the user may have set a mirror to avoid."""
    if config.token:
        return config.token
    from huggingface_hub import constants

    if constants.HF_HUB_DISABLE_IMPLICIT_TOKEN:
        return None
    token = os.environ.get("HF_TOKEN") or os.environ.get("HUGGING_FACE_HUB_TOKEN")
    if not token:
        try:
            token = Path(constants.HF_TOKEN_PATH).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    token = token.strip()
    return token if token and token.isprintable() and " " not in token else None


def hub_headers(url: str, config: HubConfig) -> dict[str, str]:
    """The headers for a request to ``url``: the token only if it is on the Hub's host."""
    headers = {"user-agent": _user_agent()}
    token = _token(config) if same_origin(url, config) else None
    if token:
        headers["authorization"] = f"Bearer {token}"
    return headers


_CLIENT: httpx2.Client | None = None
_CLIENT_LOCK = threading.Lock()


def _client() -> httpx2.Client:
    """One client for every request; redirects are followed here, hop by hop."""
    import httpx2

    global _CLIENT
    with _CLIENT_LOCK:
        if _CLIENT is None:
            _CLIENT = httpx2.Client(follow_redirects=False, timeout=None)
        return _CLIENT


# ------------------------------------------------------------------ deadlines
def within_deadline(
    config: HubConfig,
    work: Callable[[threading.Event], T],
    discard: Callable[[T], None] | None = None,
) -> T:
    """``work(stop)`` on a thread of its own; its result within ``config.deadline`` seconds,
    else HubError("timeout"). When the caller stops waiting (the deadline, Ctrl+C), ``stop``
    is set and ``discard`` gets whatever ``work`` returns late."""
    stop, finished, lock = threading.Event(), threading.Event(), threading.Lock()
    outcome: list[tuple[Any, BaseException | None]] = []

    def run() -> None:
        try:
            result: tuple[Any, BaseException | None] = (work(stop), None)
        except BaseException as error:  # handed to the caller
            result = (None, error)
        with lock:
            if not stop.is_set():
                outcome.append(result)
                finished.set()
                return
        if result[0] is not None and discard is not None:
            discard(result[0])

    threading.Thread(target=run, name="hub-request", daemon=True).start()
    try:
        finished.wait(config.deadline)
    finally:
        with lock:
            if not outcome:
                stop.set()
    if not outcome:
        raise HubError(
            Text(
                "{host} took more than {seconds:g} s to answer, so LlamaDesk stopped waiting. "
                "The connection may be slow, or the server is not answering properly; try "
                "again later.",
                host=config.host(),
                seconds=config.deadline,
            ),
            reason="timeout",
            retryable=True,
        )
    result, error = outcome[0]
    if error is not None:
        raise error
    return result


# ------------------------------------------------------------------ requests
def _open(
    method: str,
    url: str,
    config: HubConfig,
    *,
    params: Any = None,
    headers: dict[str, str] | None = None,
    elsewhere: str = "refuse",
    timeout: httpx2.Timeout | float | None = None,
) -> httpx2.Response:
    """Send a request and follow redirects; the open response (close it). A redirect to
    another host: ``elsewhere`` "refuse" raises HubError, "stop" returns the redirect
    itself, "follow" follows it (with no token there)."""
    client = _client()
    timeout = config.timeout if timeout is None else timeout
    for _hop in range(MAX_REDIRECTS + 1):
        if urlsplit(url).scheme not in ("http", "https"):
            raise _elsewhere(config, url)
        request = client.build_request(
            method,
            url,
            params=params,
            headers={**hub_headers(url, config), **(headers or {})},
            timeout=timeout,
        )
        response = client.send(request, stream=True)
        location = response.headers.get("location") if response.is_redirect else None
        if location is None:
            return response
        target = urljoin(str(response.url), location.strip())
        if not same_origin(target, config) and elsewhere != "follow":
            if elsewhere == "stop":
                return response
            response.close()
            raise _elsewhere(config, target)
        response.close()
        url, params = target, None
    raise malformed(config, Text("more than {count} redirects", count=MAX_REDIRECTS))


def _read(response: httpx2.Response, limit: int, truncate: bool, stop: threading.Event) -> bytes:
    """The body, at most ``limit`` bytes (more: cut there if ``truncate``, else _TooLarge)."""
    body = bytearray()
    for chunk in response.iter_bytes():
        if stop.is_set():
            raise _Abandoned
        body += chunk
        if len(body) > limit:
            if truncate:
                return bytes(body[:limit])
            raise _TooLarge
    return bytes(body)


def raise_for_status(
    status: int,
    headers: Any,
    body: bytes,
    url: str,
    method: str,
    config: HubConfig,
    repo_id: str | None = None,
    filename: str = "",
) -> None:
    """HubError for an error status, with the Hub's own error code (X-Error-Code) read."""
    if status < 400:
        return
    import httpx2
    from huggingface_hub.utils import hf_raise_for_status

    response = httpx2.Response(
        status, headers=headers, content=body, request=httpx2.Request(method, url)
    )
    try:
        hf_raise_for_status(response)
    except Exception as error:
        raise hub_error(error, config, repo_id, filename) from error
    raise malformed(config, Text("HTTP {status}", status=status))


def fetch(
    url: str,
    config: HubConfig,
    *,
    method: str = "GET",
    params: Any = None,
    headers: dict[str, str] | None = None,
    limit: int = ANSWER_LIMIT,
    truncate: bool = False,
    elsewhere: str = "refuse",
    repo_id: str | None = None,
    filename: str = "",
) -> Answer:
    """One answer of the Hub, read whole (``limit`` bytes at most: more is cut there if
    ``truncate``, else HubError) within ``config.deadline``. An error status raises
    HubError; so does a redirect to another host unless ``elsewhere`` says otherwise."""
    config = require_online(config)

    def work(stop: threading.Event) -> Answer:
        with mapped(config, repo_id, filename):
            response = _open(
                method, url, config, params=params, headers=headers, elsewhere=elsewhere
            )
            try:
                ok = response.status_code < 400
                body = _read(response, limit if ok else ERROR_LIMIT, not ok or truncate, stop)
            finally:
                response.close()
        got = {name.lower(): value for name, value in response.headers.items()}
        address = str(response.url)
        raise_for_status(
            response.status_code, got, body, address, method, config, repo_id, filename
        )
        links = {
            rel: urljoin(address, link["url"])
            for rel, link in response.links.items()
            if link.get("url")
        }
        return Answer(response.status_code, got, body, address, links)

    try:
        return within_deadline(config, work)
    except _TooLarge:
        raise _too_large(config, limit) from None


# ------------------------------------------------------------------ file bytes
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
    Errors while connecting or while iterating the chunks become HubError; the answer must
    begin within ``config.deadline`` seconds, and less than :data:`STALL_BYTES` in
    ``config.read_timeout`` seconds raises HubError("timeout")."""
    import httpx2

    config = require_online(config)
    headers = {"Accept-Encoding": "identity"}
    if start or end is not None:
        headers["Range"] = f"bytes={start}-{'' if end is None else end}"
    timeout = httpx2.Timeout(config.timeout, read=config.read_timeout)

    def work(_stop: threading.Event) -> httpx2.Response:
        with mapped(config, repo_id, filename):
            return _open("GET", url, config, headers=headers, elsewhere="follow", timeout=timeout)

    response = within_deadline(config, work, discard=lambda late: late.close())
    try:
        with mapped(config, repo_id, filename):
            status = response.status_code
            if status == 416:
                total = _total_from(response.headers.get("Content-Range", ""))
                yield ByteStream(416, start, total, iter(()))
                return
            if status >= 400:
                body = _read(response, ERROR_LIMIT, True, threading.Event())
                raise_for_status(
                    status, response.headers, body, url, "GET", config, repo_id, filename
                )
            first, total = 0, None
            if status == 206:
                content_range = response.headers.get("Content-Range", "")
                match = re.match(r"bytes (\d+)-\d+/(\d+|\*)", content_range)
                if match:
                    first = int(match[1])
                    total = int(match[2]) if match[2] != "*" else None
            elif response.headers.get("Content-Length", "").isdigit():
                total = int(response.headers["Content-Length"])
            chunks = _steady(response.iter_raw(chunk_size), config)
            yield ByteStream(status, first, total, chunks)
    finally:
        response.close()


def _steady(chunks: Iterator[bytes], config: HubConfig) -> Iterator[bytes]:
    """``chunks``, or HubError("timeout") once less than STALL_BYTES arrived in
    ``config.read_timeout`` seconds: a server dripping bytes is as good as stalled."""
    since, arrived = time.monotonic(), 0
    for chunk in chunks:
        yield chunk
        arrived += len(chunk)
        now = time.monotonic()
        if arrived >= STALL_BYTES:
            since, arrived = now, 0
        elif now - since > config.read_timeout:
            raise HubError(
                Text(
                    "{host} is sending too slowly (less than {size} in {seconds:g} s): the "
                    "connection is slow or unstable. Try again.",
                    host=config.host(),
                    size=format_bytes(STALL_BYTES),
                    seconds=config.read_timeout,
                ),
                reason="timeout",
                retryable=True,
            )


def _total_from(content_range: str) -> int | None:
    match = re.search(r"/(\d+)$", content_range)
    return int(match[1]) if match else None
