"""How the local server listens, and the rules that keep it safe by default.

It binds 127.0.0.1 unless told otherwise, and any other address needs an API key: a
server reachable from the network must not answer strangers. Browsers are kept out
(no CORS) unless origins are listed, and on 127.0.0.1 only requests naming this
computer as their host are answered, so a web page cannot reach the server through a
DNS name that points here (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass

from llamadesk.core.engine import SamplingParams
from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.texts import Text

DEFAULT_PORT = 1234  # what LM Studio uses: clients that know it find us too
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class ServerError(LlamaDeskError):
    """The server cannot start as asked (an address, a port, a missing key)."""


def lan_address() -> str | None:
    """This computer's address on its local network, as other computers reach it (None when
    it has none). Nothing is sent: a UDP socket only picks the route."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    api_key: str | None = None  # required of every request when set
    cors_origins: tuple[str, ...] = ()  # web pages allowed to call (none: browsers kept out)
    max_body_bytes: int = 16 * 2**20  # a request's body (413 beyond)
    max_waiting: int = 8  # requests queued behind the one answered (429 beyond)
    # How a request is sampled where it says nothing (temperature, top-k…): asked at each
    # request, so the window's defaults apply as they are when it comes.
    sampling: Callable[[], SamplingParams] = SamplingParams

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def address(self) -> str:
        """The base URL clients use, e.g. http://127.0.0.1:1234/v1 (for every address:
        this computer's on its local network)."""
        host = self.host
        if host in ("0.0.0.0", "::"):
            host = lan_address() or "127.0.0.1"
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/v1"

    def check(self) -> None:
        """Refuse what would be unsafe or cannot work, with a sentence saying what to do."""
        if not 1 <= self.port <= 65535:
            raise ServerError(Text("The port must be between 1 and 65535."))
        if not self.loopback and not self.api_key:
            raise ServerError(
                Text(
                    "Serving on {host} makes the model reachable from other computers, so "
                    "it needs an API key: give one (in the terminal, --api-key-env NAME of an "
                    "environment variable holding it), or serve on 127.0.0.1.",
                    host=self.host,
                )
            )
