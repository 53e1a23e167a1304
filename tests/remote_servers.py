"""OpenAI-compatible servers on 127.0.0.1 for the remote engine's tests, and what stands
between a client and a server.

- :class:`LlamaCppServer`: llama-cpp-python's own server (``python -m llama_cpp.server``),
  which nobody on this project wrote, serving a tiny test model; ready once it says it
  listens and ``/v1/models`` answers. With ``LLAMADESK_LLAMA_SERVER`` naming a llama.cpp
  ``llama-server`` program (``packaging/check-remote-llama-server.sh`` builds one), that
  server runs instead, and the same tests run against it. The module-scoped
  ``llama_server`` fixture shares one (with an API key) across a test module.
- :class:`Forwarder`: a TCP relay to a server that can drop the first connections (a
  server restarting), speak TLS with its own certificate (a company server) and counts the
  connections it took.
- :class:`StallingServer`: a server that lists one model, then never answers (a slow or
  stuck server), for timeouts; :class:`ScriptedServer` answers with the events it is given
  and keeps the requests.
- :class:`Proxy`: an HTTP proxy (absolute-form requests and CONNECT tunnels) that maps
  made-up host names to loopback ports and remembers which hosts it was asked for.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import json
import os
import select
import socket
import ssl
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

API_KEY = "sk-test-remote-7f3a9c2e51"  # the key of the module's shared server
MODEL_ALIAS = "tiny-llama"
READY_SECONDS = 120.0
LLAMA_SERVER = os.environ.get("LLAMADESK_LLAMA_SERVER")  # llama.cpp's program, if given


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LlamaCppServer:
    """``python -m llama_cpp.server`` on 127.0.0.1 with ``model``; :meth:`start` returns once
    uvicorn says it listens and ``/v1/models`` answers. Its output goes to ``log``."""

    def __init__(self, model: Path, log: Path, *, api_key: str | None = None) -> None:
        self.model, self.log, self.api_key = model, log, api_key
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._listening = threading.Event()
        # which server LlamaDesk takes it for, how it names it, the context size it tells
        self.kind = "llama-server" if LLAMA_SERVER else "llama-cpp-python"
        self.name = "llama.cpp's llama-server" if LLAMA_SERVER else "llama-cpp-python's server"
        self.n_ctx = 4096 if LLAMA_SERVER else None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _command(self) -> tuple[list[str], bytes]:
        """The command line, and what it prints once it is ready."""
        where = ["--host", "127.0.0.1", "--port", str(self.port)]
        if LLAMA_SERVER:
            command = [LLAMA_SERVER, "-m", str(self.model), "--alias", MODEL_ALIAS, *where]
            command += ["-c", "4096", "--threads", "2"]
            if self.api_key:
                command += ["--api-key", self.api_key]
            return command, b"listening on http"
        command = [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model)]
        command += ["--model_alias", MODEL_ALIAS, *where, "--n_ctx", "4096"]
        if self.api_key:
            command += ["--api_key", self.api_key]
        return command, b"Uvicorn running on"

    def start(self) -> LlamaCppServer:
        command, self._ready_line = self._command()
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._read_output, daemon=True).start()
        if not self._listening.wait(READY_SECONDS) or self.process.poll() is not None:
            self.stop()
            raise RuntimeError(f"llama_cpp.server did not start: {self.log.read_text()[-2000:]}")
        try:  # ready means: /v1/models answers (401 when a key is asked for)
            urllib.request.urlopen(f"{self.url}/models", timeout=30).close()
        except urllib.error.HTTPError as error:
            if error.code != 401:
                raise
        return self

    def _read_output(self) -> None:
        with open(self.log, "wb") as log:
            for line in self.process.stdout:
                log.write(line)
                log.flush()
                if self._ready_line in line:
                    self._listening.set()
        self._listening.set()  # it ended: start() finds out

    def kill(self) -> None:
        """End it at once, as a crash or a power cut would (SIGKILL)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.contextmanager
def llama_cpp_server(model: Path, log: Path, api_key: str | None = None) -> Iterator:
    server = LlamaCppServer(model, log, api_key=api_key)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def plain_network(monkeypatch):
    """No proxy, no offline mode and no extra certificate authority from the environment,
    and no keychain (keys are kept for the session or in a file): as on a bare machine."""
    import keyring
    from keyring.backends import null

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def llama_server(tiny_model: Path, tmp_path_factory) -> Iterator[LlamaCppServer]:
    """One llama-cpp-python server (API key :data:`API_KEY`) for the whole test module."""
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with llama_cpp_server(tiny_model, log, API_KEY) as server:
        yield server


# ---------------------------------------------------------------------- plumbing
def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Copy bytes both ways until one side closes."""
    sockets = [a, b]
    try:
        while True:
            readable, _, _ = select.select(sockets, [], [], 60)
            if not readable:
                return
            for source in readable:
                data = source.recv(65536)
                if not data:
                    return
                (b if source is a else a).sendall(data)
    except (OSError, ValueError):
        return
    finally:
        for s in sockets:
            with contextlib.suppress(OSError):
                s.close()


class _Listener:
    """A loopback listening socket whose connections are handled on threads."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self._closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            threading.Thread(target=self.handle, args=(connection,), daemon=True).start()

    def handle(self, connection: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._closed.set()
        with contextlib.suppress(OSError):
            self.socket.close()


class Forwarder(_Listener):
    """Relays connections to ``127.0.0.1:target``. The first ``drop_first`` connections are
    closed at once (before any answer); with ``tls`` it speaks TLS to its clients."""

    def __init__(
        self, target: int, *, drop_first: int = 0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.target, self.drop_first, self.tls = target, drop_first, tls
        self.connections = 0
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        super().__init__()

    def restart(self, failing: int) -> None:
        """The server restarts: the connections open now are cut, and the next ``failing``
        ones are closed as soon as they are made."""
        with self._lock:
            self.drop_first = self.connections + failing
            for open_socket in self._open:
                with contextlib.suppress(OSError):
                    open_socket.shutdown(socket.SHUT_RDWR)
            self._open.clear()

    def handle(self, connection: socket.socket) -> None:
        with self._lock:
            self.connections += 1
            drop = self.connections <= self.drop_first
            if not drop:
                self._open.append(connection)
        if drop:
            connection.close()
            return
        if self.tls is not None:
            try:
                connection = self.tls.wrap_socket(connection, server_side=True)
            except (ssl.SSLError, OSError):
                connection.close()  # the client did not trust the certificate
                return
        upstream = socket.create_connection(("127.0.0.1", self.target))
        if isinstance(connection, ssl.SSLSocket):
            _pipe_tls(connection, upstream)
        else:
            _pipe(connection, upstream)


def _pipe_tls(client: ssl.SSLSocket, upstream: socket.socket) -> None:
    """Copy bytes both ways; TLS may hold decrypted bytes select() does not see."""
    client.settimeout(0.05)
    try:
        while True:
            try:
                data = client.recv(65536)
                if not data:
                    return
                upstream.sendall(data)
            except (TimeoutError, ssl.SSLWantReadError):
                pass
            readable, _, _ = select.select([upstream], [], [], 0)
            if readable:
                data = upstream.recv(65536)
                if not data:
                    return
                client.sendall(data)
    except OSError:
        return
    finally:
        for s in (client, upstream):
            with contextlib.suppress(OSError):
                s.close()


class StallingServer:
    """Lists one model ("slow"), then never answers a chat request (nor, with
    ``stall_models``, the model list); everything is let go on :meth:`close`."""

    def __init__(self, stall_models: bool = False) -> None:
        release = self.release = threading.Event()
        self.chat_requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                if stall_models:
                    release.wait()
                    return
                body = b"{}"
                if self.path == "/v1/models":
                    data = [{"id": "slow", "object": "model", "owned_by": "test"}]
                    body = json.dumps({"object": "list", "data": data}).encode()
                    self.send_response(200)
                else:
                    self.send_response(404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                outer.chat_requests += 1
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                release.wait()  # the answer never comes

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


class ScriptedServer:
    """Lists one model ("scripted") and answers every chat request with the Server-Sent
    Events of ``chunks`` (JSON objects), then ``[DONE]``; ``bodies`` keeps each request's
    JSON body. For what no real test server sends: reasoning fields, reasoning tokens."""

    def __init__(self, chunks: list[dict]) -> None:
        self.bodies: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path != "/v1/models":
                    self._send(404, b"{}")
                    return
                data = [{"id": "scripted", "object": "model", "owned_by": "test"}]
                self._send(200, json.dumps({"object": "list", "data": data}).encode())

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                outer.bodies.append(json.loads(self.rfile.read(length)))
                events = [f"data: {json.dumps(chunk)}\n\n" for chunk in chunks]
                body = "".join([*events, "data: [DONE]\n\n"]).encode()
                self._send(200, body, "text/event-stream")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Proxy(_Listener):
    """An HTTP proxy for made-up host names: ``hosts`` maps "name:port" to a loopback port.
    Plain requests (absolute-form, one per connection) and CONNECT tunnels; ``asked``
    lists the "host:port" of every request."""

    def __init__(self, hosts: dict[str, int]) -> None:
        self.hosts = hosts
        self.asked: list[str] = []
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def handle(self, connection: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            data = connection.recv(65536)
            if not data:
                connection.close()
                return
            head += data
        head, _, rest = head.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ")
        if method == "CONNECT":
            where = target
        else:
            where = target.split("://", 1)[1].split("/", 1)[0]
            if ":" not in where:
                where += ":80"
        self.asked.append(where)
        port = self.hosts.get(where)
        if port is None:
            connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            connection.close()
            return
        upstream = socket.create_connection(("127.0.0.1", port))
        if method == "CONNECT":
            connection.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            upstream.sendall(rest)
        else:
            path = "/" + target.split("://", 1)[1].partition("/")[2]
            headers = [h for h in lines[1:] if not h.lower().startswith(("connection:", "proxy-"))]
            request = [f"{method} {path} {version}", *headers, "Connection: close", "", ""]
            upstream.sendall("\r\n".join(request).encode("latin-1") + rest)
        _pipe(connection, upstream)


# ---------------------------------------------------------------------- certificates
@dataclass(frozen=True)
class Certificates:
    authority: Path  # the CA certificate (PEM): what SSL_CERT_FILE names
    server: ssl.SSLContext  # the server side, with a certificate the CA signed


def make_certificates(folder: Path, names: tuple[str, ...]) -> Certificates:
    """A certificate authority of our own and a server certificate it signed for ``names``
    and 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "LlamaDesk Test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    alternatives = [x509.DNSName(name) for name in names]
    alternatives.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    authority = folder / "ca.pem"
    authority.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain = folder / "server.pem"
    chain.write_bytes(
        leaf.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain)
    return Certificates(authority, context)
