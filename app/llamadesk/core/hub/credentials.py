"""The Hugging Face access token: in the OS keychain, or where the user chooses when none
exists (:mod:`llamadesk.core.keychain` keeps it: the keychain, this session only, or a file
only the user can read)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from llamadesk.core.hub.config import HubConfig
from llamadesk.core.keychain import (
    SERVICE,
    CredentialsError,
    SecretStore,
    Storage,
    forget_session_secret,
    keychain_status,
    secret_hint,
)
from llamadesk.core.paths import config_dir
from llamadesk.core.texts import Text

__all__ = [
    "ACCOUNT",
    "SERVICE",
    "CredentialsError",
    "Storage",
    "TokenStore",
    "forget_session_token",
    "hub_config",
    "keychain_status",
    "token_hint",
]

ACCOUNT = "huggingface-token"
TOKEN_FILE = "hub-token"
token_hint = secret_hint


def forget_session_token() -> None:
    """Drop the in-memory token (as quitting the app does)."""
    forget_session_secret(ACCOUNT)


class TokenStore(SecretStore):
    """Where LlamaDesk keeps the Hub access token (``file_path`` None: config_dir()/hub-token)."""

    def __init__(self, file_path: Path | None = None) -> None:
        super().__init__(
            ACCOUNT,
            file_path or config_dir() / TOKEN_FILE,
            what=Text("the token"),
            invalid=Text(
                "That does not look like an access token: it has spaces or is too long. "
                "Copy it again from your Hugging Face settings (it starts with hf_)."
            ),
        )


def hub_config(
    settings, *, endpoint: str | None = None, offline: bool = False, store: TokenStore | None = None
) -> HubConfig:
    """How to reach the Hub with these settings: their mirror (else ``HF_ENDPOINT``), offline
    mode, and the saved token (None: huggingface_hub's own, e.g. ``HF_TOKEN``). Offline, the
    keychain is not even asked."""
    offline = offline or settings.offline
    config = HubConfig(endpoint=endpoint or settings.hub_endpoint or None, offline=offline)
    if config.is_offline():
        return config
    return replace(config, token=(store or TokenStore()).get())
