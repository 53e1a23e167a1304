"""The Hugging Face Hub: search GGUF repositories, a repository's quantizations (read
remotely, before downloading), downloads that resume and verify, and the access token.

Used as a namespace (``from llamadesk.core import hub``; ``hub.search_models(...)``) or
by name."""

from llamadesk.core.hub.answers import ModelSummary
from llamadesk.core.hub.client import (
    SearchPage,
    remote_header,
    repo_files,
    search_models,
    variant_header,
)
from llamadesk.core.hub.config import DEFAULT_ENDPOINT, TOKEN_PAGE, HubConfig
from llamadesk.core.hub.credentials import (
    CredentialsError,
    Storage,
    TokenStore,
    hub_config,
    keychain_status,
    token_hint,
)
from llamadesk.core.hub.download_files import (
    DISK_RESERVE_BYTES,
    PartialDownload,
    discard_partial,
    existing_size,
    find_partial_downloads,
    part_path,
    safe_destination,
)
from llamadesk.core.hub.download_queue import DownloadQueue
from llamadesk.core.hub.downloads import Download, DownloadProgress, DownloadState, RetryPolicy
from llamadesk.core.hub.quantization import (
    BITS_PER_WEIGHT,
    FOUR_BIT_CLASS,
    PREFERRED,
    UNKNOWN,
    ModelVariant,
    RemoteFile,
    RepoDetails,
    by_quantization,
    is_projector,
    parse_repo_reference,
    quant_label,
    split_part,
    validate_repo_id,
)

__all__ = [
    "BITS_PER_WEIGHT",
    "DEFAULT_ENDPOINT",
    "DISK_RESERVE_BYTES",
    "FOUR_BIT_CLASS",
    "PREFERRED",
    "TOKEN_PAGE",
    "UNKNOWN",
    "CredentialsError",
    "Download",
    "DownloadProgress",
    "DownloadQueue",
    "DownloadState",
    "HubConfig",
    "ModelSummary",
    "ModelVariant",
    "PartialDownload",
    "RemoteFile",
    "RepoDetails",
    "RetryPolicy",
    "SearchPage",
    "Storage",
    "TokenStore",
    "by_quantization",
    "discard_partial",
    "existing_size",
    "find_partial_downloads",
    "hub_config",
    "is_projector",
    "keychain_status",
    "parse_repo_reference",
    "part_path",
    "quant_label",
    "remote_header",
    "repo_files",
    "safe_destination",
    "search_models",
    "split_part",
    "token_hint",
    "validate_repo_id",
    "variant_header",
]
