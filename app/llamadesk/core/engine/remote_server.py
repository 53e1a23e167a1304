"""An OpenAI-compatible server on this or another computer: how to reach it, what it is,
which models it serves, and what went wrong, in a sentence.

The protocol is spoken by the official ``openai`` client (its HTTP, its Server-Sent Events
parser; imported only when a server is used: it takes half a second). Timeouts are the
server's own (:class:`RemoteServer`); proxies (``HTTPS_PROXY``, ``HTTP_PROXY``,
``NO_PROXY``) and custom certificate authorities (``SSL_CERT_FILE``, ``SSL_CERT_DIR``) are
taken from the environment by the client's transport, as curl does; on Windows and macOS
the system's certificate store is used otherwise.

:func:`discover` tells which server it is from ``/v1/models`` and what the well-known
servers answer besides: llama.cpp's ``llama-server`` (``/props``: build, context size,
chat template), vLLM (``/version``, ``max_model_len``), Ollama (``/api/version``,
``/api/ps``, ``/api/show``), LM Studio (``/api/v0/models``) and llama-cpp-python's
server; :class:`ServerKind` says which request fields each is known to take.
Everything a server answers comes from a stranger: it is checked before it is used.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from llamadesk.core.engine.chat_template import ChatTemplate
from llamadesk.core.engine.reasoning import ThinkingSupport
from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.logs import redact
from llamadesk.core.texts import Text

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)

REMOTE_TIMEOUT = 300.0  # seconds a server may stay silent: a big prompt takes a while
CONNECT_TIMEOUT = 10.0
PROBE_TIMEOUT = 10.0  # for the questions a test or a load asks
NO_KEY = "no-key"  # the client needs some key; a server without one ignores it
MAX_MESSAGE_CHARS = 300  # of a server's own error message, shown to the user
MAX_CONTEXT = 1 << 30
OLLAMA_SHOW_AT_ONCE = 8


class RemoteError(LlamaDeskError):
    """A server could not be reached or refused a request.

    ``reason``: "invalid" (not a server address), "offline", "dns", "refused", "tls",
    "timeout", "unauthorized", "forbidden", "not_found" (no OpenAI-compatible API there),
    "no_model", "server" (HTTP 5xx), "refused_request" (another HTTP 4xx), "not_openai"
    (an answer that is not the API's), "dropped" (the connection broke) or "error".
    ``retryable``: the same request may work in a moment."""

    def __init__(self, message: str, *, reason: str = "error", retryable: bool = False) -> None:
        super().__init__(message)
        self.reason = reason
        self.retryable = retryable


# ---------------------------------------------------------------------- addresses
def normalize_base_url(text: str) -> str:
    """A server's address as the user wrote it, checked: ``http(s)://host[:port]/path``
    without a trailing slash; an address without a path gets ``/v1``, where every
    OpenAI-compatible server answers."""
    raw = text.strip()
    try:
        parts = urlsplit(raw)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = None, False
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        port_ok = False
    if not port_ok:
        raise RemoteError(
            Text(
                '"{address}" is not a server address. Write it like http://192.168.1.20:8080/v1 '
                "(http:// or https://, the computer's name or address, the port, /v1).",
                address=raw,
            ),
            reason="invalid",
        )
    if parts.username is not None or parts.password is not None:
        raise RemoteError(
            Text(
                "Leave the user name and password out of the address: put the API key in its "
                "own field, where it is kept in the system keychain."
            ),
            reason="invalid",
        )
    path = parts.path.rstrip("/") or "/v1"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def is_loopback(url: str) -> bool:
    """Whether ``url`` names this computer (localhost, 127.0.0.0/8, ::1) without asking DNS."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


@dataclass(frozen=True)
class RemoteServer:
    """How to reach one server: its base URL, its API key (None: it needs none), a name
    for people (a connection's; "" for the host), and how long it may stay silent while
    answering (``timeout``) or while connecting."""

    base_url: str
    api_key: str | None = field(default=None, repr=False)
    name: str = ""
    timeout: float = REMOTE_TIMEOUT
    connect_timeout: float = CONNECT_TIMEOUT

    @property
    def address(self) -> str:
        """host:port, as people write it."""
        parts = urlsplit(self.base_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        host = parts.hostname or ""
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def root(self) -> str:
        """The server's own address, where servers answer their non-OpenAI questions."""
        parts = urlsplit(self.base_url)
        path = parts.path.rstrip("/")
        if path.endswith("/v1"):
            path = path[: -len("/v1")]
        return urlunsplit((parts.scheme, parts.netloc, path, "", ""))

    @property
    def display_name(self) -> str:
        return self.name or self.address


def open_client(server: RemoteServer) -> openai.AsyncOpenAI:
    """An ``openai`` client for ``server`` (close it with ``await client.close()``): no
    retries of its own, the key given (never OPENAI_API_KEY or an OpenAI organisation from
    the environment), the server's timeouts."""
    import openai

    redact(server.api_key)  # no log line can carry it
    return openai.AsyncOpenAI(
        base_url=server.base_url,
        api_key=server.api_key or NO_KEY,
        timeout=openai.Timeout(server.timeout, connect=server.connect_timeout),
        max_retries=0,
        default_headers={"OpenAI-Organization": openai.Omit(), "OpenAI-Project": openai.Omit()},
    )


def listing(items: list[str] | tuple[str, ...]) -> str:
    """Items as one list for a sentence, "a, b, c", each translated on its own where it is a
    Text; "" for none."""
    if len(items) <= 1:
        return items[0] if items else ""
    return Text("{first}, {rest}", first=items[0], rest=listing(items[1:]))


# ---------------------------------------------------------------------- what it is
@dataclass(frozen=True)
class ServerKind:
    """A kind of server and what it is known to do with a request's fields. ``ignores``
    names the options it is known not to apply (SamplingParams field names, "thinking"
    for ``chat_template_kwargs.enable_thinking``, "effort" for ``reasoning_effort``,
    "budget" for a thinking budget, "continue" for carrying on a final answer);
    ``renamed`` maps a SamplingParams name to the server's."""

    key: str
    name: str  # for people (a Text)
    ignores: frozenset[str] = frozenset()
    renamed: tuple[tuple[str, str], ...] = ()
    effort: bool = False  # known to take reasoning_effort

    def field_name(self, option: str) -> str:
        return dict(self.renamed).get(option, option)


LLAMA_SERVER = ServerKind("llama-server", Text("llama.cpp's llama-server"), effort=True)
VLLM = ServerKind(
    "vllm",
    Text("vLLM"),
    ignores=frozenset({"budget"}),
    renamed=(("repeat_penalty", "repetition_penalty"),),
    effort=True,
)
OLLAMA = ServerKind(
    "ollama",
    Text("Ollama"),
    ignores=frozenset({"top_k", "min_p", "repeat_penalty", "thinking", "budget"}),
    effort=True,
)
LM_STUDIO = ServerKind(
    "lmstudio", Text("LM Studio"), ignores=frozenset({"min_p", "thinking", "budget", "continue"})
)
LLAMA_CPP_PYTHON = ServerKind(
    "llama-cpp-python",
    Text("llama-cpp-python's server"),
    ignores=frozenset({"thinking", "effort", "budget", "continue"}),
)
UNKNOWN = ServerKind("openai-compatible", Text("an OpenAI-compatible server"))
KINDS = (LLAMA_SERVER, VLLM, OLLAMA, LM_STUDIO, LLAMA_CPP_PYTHON, UNKNOWN)


@dataclass(frozen=True)
class ServedModel:
    id: str
    n_ctx: int | None = None  # the context size the server runs it with, when it says


@dataclass(frozen=True)
class ServerInfo:
    kind: ServerKind
    version: str = ""
    models: tuple[ServedModel, ...] = ()
    template: str | None = field(default=None, repr=False)  # llama-server's chat template

    @property
    def label(self) -> str:
        """Which server, for people: "vLLM 0.9.1"."""
        if not self.version:
            return self.kind.name
        return Text("{server} {version}", server=self.kind.name, version=self.version)

    def model(self, model_id: str) -> ServedModel | None:
        return next((m for m in self.models if m.id == model_id), None)

    def thinking(self) -> ThinkingSupport:
        """What may be chosen about a model's thinking on this server: what its chat
        template offers where the server shows it (llama-server), else only the effort
        where the server is known to take it."""
        if self.template:
            offered = ChatTemplate(self.template).thinking
            return ThinkingSupport(offered.switch, offered.effort, offered.marked)
        return ThinkingSupport(effort=self.kind.effort)


async def discover(client: openai.AsyncOpenAI, server: RemoteServer) -> ServerInfo:
    """Ask ``server`` which models it serves and what it is. RemoteError when its model list
    cannot be had; the other questions only add what they find."""
    client, server = _quick(client, server)
    root = server.root
    answers = await asyncio.gather(
        client.models.list(),
        _get_json(client, f"{root}/props"),
        _get_json(client, f"{root}/version"),
        _get_json(client, f"{root}/api/version"),
        _get_json(client, f"{root}/api/v0/models"),
        return_exceptions=True,
    )
    listed, props, vllm, ollama, lmstudio = answers
    if isinstance(listed, BaseException):
        raise remote_error(listed, server)
    data = [entry for entry in getattr(listed, "data", None) or [] if _text(entry.id)]
    entries = {entry.id: entry.model_extra or {} for entry in data}
    owners = {getattr(entry, "owned_by", None) for entry in data}
    version, template, contexts = "", None, {}
    props = props if isinstance(props, dict) else {}
    if "default_generation_settings" in props or "build_info" in props:
        kind, version = LLAMA_SERVER, _text(props.get("build_info"))
        template = props.get("chat_template")
        settings = props.get("default_generation_settings")
        n_ctx = _context(settings.get("n_ctx")) if isinstance(settings, dict) else None
        for model_id, extra in entries.items():
            meta = extra.get("meta")
            contexts[model_id] = (
                _context(meta.get("n_ctx")) if isinstance(meta, dict) else None
            ) or n_ctx
    elif "vllm" in owners or (isinstance(vllm, dict) and _text(vllm.get("version"))):
        kind, version = VLLM, _text(vllm.get("version")) if isinstance(vllm, dict) else ""
        contexts = {m: _context(extra.get("max_model_len")) for m, extra in entries.items()}
    elif isinstance(ollama, dict) and _text(ollama.get("version")):
        kind, version = OLLAMA, _text(ollama.get("version"))
    elif isinstance(lmstudio, dict) and isinstance(lmstudio.get("data"), list):
        kind, contexts = LM_STUDIO, _lm_studio_contexts(lmstudio["data"])
    elif owners == {"me"}:
        kind = LLAMA_CPP_PYTHON
    else:
        kind = UNKNOWN
    models = tuple(ServedModel(m, contexts.get(m)) for m in entries)
    return ServerInfo(kind, version[:80], models, template if isinstance(template, str) else None)


def _lm_studio_contexts(items: list) -> dict[str, int | None]:
    """LM Studio's context size for each model: the loaded one's, else the model's own."""
    contexts: dict[str, int | None] = {}
    for item in items:
        if isinstance(item, dict) and _text(item.get("id")):
            loaded = _context(item.get("loaded_context_length"))
            contexts[item["id"]] = loaded or _context(item.get("max_context_length"))
    return contexts


async def ollama_contexts(
    client: openai.AsyncOpenAI, server: RemoteServer, model_ids: list[str]
) -> dict[str, int]:
    """The context size Ollama runs each model with: what ``/api/ps`` says of a loaded one,
    else the ``num_ctx`` its Modelfile sets; models it says nothing of are left out."""
    client, server = _quick(client, server)
    running = await _get_json(client, f"{server.root}/api/ps")
    found: dict[str, int] = {}
    for item in running.get("models", []) if isinstance(running, dict) else []:
        if isinstance(item, dict) and _context(item.get("context_length")):
            found[str(item.get("name") or item.get("model"))] = _context(item["context_length"])
    limit = asyncio.Semaphore(OLLAMA_SHOW_AT_ONCE)

    async def show(model_id: str) -> None:
        async with limit:
            shown = await _post_json(client, f"{server.root}/api/show", {"model": model_id})
        parameters = shown.get("parameters") if isinstance(shown, dict) else None
        for line in parameters.splitlines() if isinstance(parameters, str) else ():
            words = line.split()
            if len(words) == 2 and words[0] == "num_ctx" and words[1].isdigit():
                found.setdefault(model_id, _context(int(words[1])))

    await asyncio.gather(*(show(m) for m in model_ids if m not in found))
    return {m: n for m, n in found.items() if m in model_ids and n}


async def server_info(client: openai.AsyncOpenAI, server: RemoteServer) -> ServerInfo:
    """:func:`discover`, with Ollama's context sizes asked for too."""
    info = await discover(client, server)
    if info.kind is not OLLAMA or not info.models:
        return info
    contexts = await ollama_contexts(client, server, [m.id for m in info.models])
    models = tuple(ServedModel(m.id, contexts.get(m.id)) for m in info.models)
    return ServerInfo(info.kind, info.version, models, info.template)


def probe(server: RemoteServer) -> ServerInfo:
    """What :func:`server_info` finds, waited for (call off the GUI thread, outside an event
    loop); RemoteError when the server cannot be used."""

    async def ask() -> ServerInfo:
        client = open_client(server)
        try:
            return await server_info(client, server)
        finally:
            await client.close()

    return asyncio.run(ask())


def _quick(
    client: openai.AsyncOpenAI, server: RemoteServer
) -> tuple[openai.AsyncOpenAI, RemoteServer]:
    """The client and server for questions that must be answered quickly (PROBE_TIMEOUT)."""
    import openai

    server = replace(server, timeout=min(server.timeout, PROBE_TIMEOUT))
    timeout = openai.Timeout(server.timeout, connect=server.connect_timeout)
    return client.with_options(timeout=timeout), server


async def _get_json(client: openai.AsyncOpenAI, url: str) -> Any:
    """A server's JSON answer at ``url``, or None for anything else (an error, 404, text)."""
    try:
        return await client.get(url, cast_to=object)
    except Exception as error:  # a question a server need not answer
        log.debug("%s: %s", url, type(error).__name__)
        return None


async def _post_json(client: openai.AsyncOpenAI, url: str, body: dict) -> Any:
    try:
        return await client.post(url, cast_to=object, body=body, options={"timeout": PROBE_TIMEOUT})
    except Exception as error:
        log.debug("%s: %s", url, type(error).__name__)
        return None


def _text(value: object) -> str:
    return value.strip()[:200] if isinstance(value, str) else ""


def _context(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value <= MAX_CONTEXT else None


# ---------------------------------------------------------------------- what went wrong
def remote_error(error: BaseException, server: RemoteServer, model: str = "") -> RemoteError:
    """A sentence for the user about a failed request to ``server`` (an ``openai`` error,
    or a RemoteError as it is); ``model`` is the model the request was for, if any."""
    import openai

    if isinstance(error, RemoteError):
        return error
    where = server.address
    if isinstance(error, openai.APITimeoutError) and _connecting(error):
        if server.base_url.startswith("https:"):
            text = Text(
                "The connection to {address} was not made within {seconds:g} s. If the server "
                "does not use TLS, write its address with http:// instead of https://; else the "
                "computer may be off, or a firewall may drop the connection.",
                address=where,
                seconds=server.connect_timeout,
            )
        else:
            text = Text(
                "The connection to {address} was not made within {seconds:g} s: the computer "
                "may be off, or a firewall may drop the connection.",
                address=where,
                seconds=server.connect_timeout,
            )
        return RemoteError(text, reason="timeout", retryable=True)
    if isinstance(error, openai.APITimeoutError):
        return RemoteError(
            Text(
                "{server} did not answer within {seconds:g} s. It may be busy or still "
                "loading the model: try again, or give it more time in the connection's "
                "settings.",
                server=server.display_name,
                seconds=server.timeout,
            ),
            reason="timeout",
            retryable=True,
        )
    if isinstance(error, openai.APIConnectionError):
        return _connection_error(error, server)
    if isinstance(error, openai.APIStatusError):
        return _status_error(error, server, model)
    if isinstance(error, openai.APIResponseValidationError | ValueError | TypeError):
        return RemoteError(
            Text(
                "{address} answered, but not as an OpenAI-compatible server does. Check the "
                "address: it usually ends in /v1.",
                address=server.base_url,
            ),
            reason="not_openai",
        )
    if isinstance(error, openai.APIError):  # an error sent in the middle of a stream
        return RemoteError(
            Text(
                "{server} reported an error: {message}",
                server=server.display_name,
                message=_short(str(error.message)),
            ),
            reason="server",
        )
    log.error("request to %s failed", where, exc_info=error)
    return RemoteError(
        Text("The request to {server} failed: {error}", server=where, error=_short(str(error)))
    )


def _connecting(error: BaseException) -> bool:
    """Whether a timeout came while connecting (TLS handshake included), not while waiting
    for an answer."""
    import httpx2  # the openai client's transport

    return any(isinstance(cause, httpx2.ConnectTimeout) for cause in _causes(error))


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _connection_error(error: BaseException, server: RemoteServer) -> RemoteError:
    causes = list(_causes(error))
    said = " ".join(str(cause) for cause in causes)
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in said:
            detail = getattr(cause, "verify_message", "") or _short(str(cause))
            return RemoteError(
                Text(
                    "The secure connection to {address} failed: its certificate is not trusted "
                    "({detail}). If your organisation signs its own certificates, set "
                    "SSL_CERT_FILE to its certificate authority's file and start LlamaDesk "
                    "again.",
                    address=server.address,
                    detail=detail,
                ),
                reason="tls",
            )
        if isinstance(cause, ssl.SSLError):
            return RemoteError(
                Text(
                    "The secure connection to {address} failed ({detail}). If the server does "
                    "not use TLS, write its address with http:// instead of https://.",
                    address=server.address,
                    detail=_short(getattr(cause, "reason", None) or str(cause)),
                ),
                reason="tls",
            )
        if isinstance(cause, socket.gaierror) or any(
            text in said
            for text in ("Name or service not known", "nodename nor servname", "getaddrinfo")
        ):
            return RemoteError(
                Text(
                    'The name "{host}" could not be found (DNS). Check the address, and your '
                    "network or VPN.",
                    host=server.host,
                ),
                reason="dns",
                retryable=True,
            )
        if isinstance(cause, ConnectionRefusedError) or "Connection refused" in said:
            return RemoteError(
                Text(
                    "Nothing answers at {address} (connection refused). Check that the server "
                    "is running and listens on that address and port: a server started with "
                    "--host 127.0.0.1 answers only on its own computer.",
                    address=server.address,
                ),
                reason="refused",
                retryable=True,
            )
    return RemoteError(
        Text(
            "The connection to {address} failed ({error}).",
            address=server.address,
            error=_short(str(causes[-1]) or type(causes[-1]).__name__),
        ),
        reason="dropped",
        retryable=True,
    )


def _status_error(error: openai.APIStatusError, server: RemoteServer, model: str) -> RemoteError:
    status = error.status_code
    message = _server_message(error)
    name = server.display_name
    if status == 401:
        if server.api_key:
            text = Text(
                "{server} refused the API key (HTTP 401). Check the key saved for this connection.",
                server=name,
            )
        else:
            text = Text(
                "{server} asks for an API key (HTTP 401). Add the key to this connection.",
                server=name,
            )
        return RemoteError(text, reason="unauthorized")
    if status == 403:
        return RemoteError(
            Text(
                "{server} refused access (HTTP 403): the API key may lack the permission. "
                "Check the key saved for this connection.",
                server=name,
            ),
            reason="forbidden",
        )
    if status == 404 and model and "model" in message.lower():
        return RemoteError(
            Text(
                '{server} has no model "{model}" (HTTP 404: {message}). Choose one of the '
                "models it serves.",
                server=name,
                model=model,
                message=message,
            ),
            reason="no_model",
        )
    if status == 404:
        return RemoteError(
            Text(
                "{address} is not an OpenAI-compatible API (HTTP 404 for {path}). The address "
                "usually ends in /v1, e.g. http://host:8000/v1.",
                address=server.base_url,
                path=urlsplit(str(error.request.url)).path if error.request else "",
            ),
            reason="not_found",
        )
    if status >= 500:
        return RemoteError(
            Text(
                "{server} has a problem (HTTP {status}): {message}",
                server=name,
                status=status,
                message=message,
            ),
            reason="server",
            retryable=status in (502, 503, 504),
        )
    return RemoteError(
        Text(
            "{server} refused the request (HTTP {status}): {message}",
            server=name,
            status=status,
            message=message,
        ),
        reason="refused_request",
    )


def _server_message(error: openai.APIStatusError) -> str:
    """What the server said, from its JSON error body or its text, short."""
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error")
        for value in (
            inner.get("message") if isinstance(inner, dict) else inner,
            body.get("message"),
            body.get("detail"),
        ):
            if isinstance(value, str) and value.strip():
                return _short(value)
    try:
        text = error.response.text
    except Exception:  # a streamed response that was never read
        text = ""
    return _short(text) or str(error.status_code)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"
