"""How to reach the Hub: its address (or a mirror's), the token, offline mode, time limits.

The token is sent to the configured address only: to no other host, whatever a redirect
or a ``Link`` header says (:func:`same_origin` decides).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from llamadesk.core.errors import HubError
from llamadesk.core.texts import Text

DEFAULT_ENDPOINT = "https://huggingface.co"
TOKEN_PAGE = "https://huggingface.co/settings/tokens"
_TRUE = {"1", "ON", "YES", "TRUE"}
OFFLINE_MESSAGE = Text(
    "LlamaDesk is in offline mode, so it does not contact the Hugging Face Hub. Turn off "
    "offline mode in Settings (and unset HF_HUB_OFFLINE) to search for and download models."
)


@dataclass(frozen=True)
class HubConfig:
    """How to reach the Hub. ``endpoint`` None: ``HF_ENDPOINT``, else huggingface.co (a
    mirror such as https://hf-mirror.com works too). ``token`` None: huggingface_hub's own
    (``HF_TOKEN`` or a ``hf auth login``); it is sent to the endpoint, mirrors included, and
    nowhere else. ``timeout``: seconds to connect, and without a byte of an answer.
    ``deadline``: seconds one answer of the Hub's API (a search, a repository's files, a
    file's size) may take in all. ``read_timeout``: a download or a header read counts as
    stalled when less than 64 KiB arrive in this many seconds."""

    endpoint: str | None = None
    token: str | None = None
    offline: bool = False
    timeout: float = 15.0
    read_timeout: float = 20.0
    deadline: float = 30.0

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

    def host(self) -> str:
        """The endpoint's host (and port), as messages name it."""
        return urlsplit(self.resolved_endpoint()).netloc


def require_online(config: HubConfig | None) -> HubConfig:
    """``config`` (or the default), after checking it is not offline and its endpoint is valid."""
    config = config or HubConfig()
    if config.is_offline():
        raise HubError(OFFLINE_MESSAGE, reason="offline")
    config.resolved_endpoint()  # a bad mirror address fails here, before any request
    return config


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port of ``url`` (the port filled in for http and https)."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # a port that is not a number
        return parts.scheme.lower(), "", None
    port = port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def same_origin(url: str, config: HubConfig) -> bool:
    """Whether ``url`` is on the configured Hub (same scheme, host and port): only there
    does the token go, and only there do API requests and ``Link`` pages lead."""
    here = origin(url)
    return bool(here[1]) and here == origin(config.resolved_endpoint())
