"""The Hub's JSON answers read defensively (no network here).

The answers come from a server LlamaDesk does not control (a mirror, a proxy, an attacker),
so nothing is taken on trust: an entry with a wrong field is left out or the field is
dropped, and an answer that is not what the Hub sends at all raises :class:`NotAHubAnswer`
with a few words on what was wrong, which the client turns into a sentence for the user.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from llamadesk.core.errors import HubError
from llamadesk.core.hub.quantization import RemoteFile, validate_repo_id
from llamadesk.core.texts import Text

_SHA256 = re.compile(r"[0-9a-f]{64}")
_COMMIT = re.compile(r"[0-9a-f]{40}")
_MAX_TAGS = 100


class NotAHubAnswer(ValueError):
    """An answer the Hub would not send; ``str(error)`` says what was wrong (a Text)."""


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
class ModelInfo:
    """What the Hub says about one repository."""

    sha: str | None
    files: tuple[RemoteFile, ...]
    card_data: dict[str, Any]
    summary: ModelSummary


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # HTML, a cut answer, or nested beyond reason
        raise NotAHubAnswer(Text("not JSON")) from None


def search_results(data: Any) -> list[ModelSummary]:
    """The repositories of a search answer (entries that name none are left out)."""
    if not isinstance(data, list):
        raise NotAHubAnswer(Text("not a list of models"))
    return [summary for item in data if (summary := _summary(item)) is not None]


def model_info(data: Any, repo_id: str) -> ModelInfo:
    """A repository's description: its files (with sizes and sha256 when given), commit,
    card metadata and counts."""
    if not isinstance(data, dict):
        raise NotAHubAnswer(Text("not a model description"))
    siblings = data.get("siblings") or []
    if not isinstance(siblings, list):
        raise NotAHubAnswer(Text("its list of files is not a list"))
    files = []
    for sibling in siblings:
        if isinstance(sibling, dict) and _name(sibling.get("rfilename")):
            lfs = sibling.get("lfs") if isinstance(sibling.get("lfs"), dict) else {}
            files.append(
                RemoteFile(
                    sibling["rfilename"], _size(sibling.get("size")), _sha256(lfs.get("sha256"))
                )
            )
    card_data = data.get("cardData") if isinstance(data.get("cardData"), dict) else {}
    summary = _summary({**data, "id": repo_id}) or _summary({"id": repo_id})
    return ModelInfo(commit_id(data.get("sha")), tuple(files), card_data, summary)


def tree_files(data: Any) -> list[RemoteFile]:
    """The files of a page of a repository's tree (folders left out)."""
    if not isinstance(data, list):
        raise NotAHubAnswer(Text("its list of files is not a list"))
    files = []
    for entry in data:
        if isinstance(entry, dict) and entry.get("type") == "file" and _name(entry.get("path")):
            lfs = entry.get("lfs") if isinstance(entry.get("lfs"), dict) else {}
            files.append(
                RemoteFile(entry["path"], _size(entry.get("size")), _sha256(lfs.get("oid")))
            )
    return files


def commit_id(value: Any) -> str | None:
    """A commit id (40 hex digits), else None."""
    return value if isinstance(value, str) and _COMMIT.fullmatch(value) else None


def size_value(value: Any) -> int | None:
    """A size in bytes from a header or a field: a whole number, else None."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return _size(value)


def _summary(item: Any) -> ModelSummary | None:
    if not isinstance(item, dict):
        return None
    repo_id = item.get("id") if isinstance(item.get("id"), str) else item.get("modelId")
    try:
        repo_id = validate_repo_id(repo_id) if isinstance(repo_id, str) else None
    except HubError:
        return None
    if repo_id is None:
        return None
    author = item.get("author")
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    return ModelSummary(
        repo_id=repo_id,
        author=author if isinstance(author, str) and author else repo_id.split("/")[0],
        downloads=_size(item.get("downloads")) or 0,
        likes=_size(item.get("likes")) or 0,
        last_modified=_date(item.get("lastModified")),
        tags=tuple(tag for tag in tags[:_MAX_TAGS] if isinstance(tag, str) and len(tag) < 200),
        gated=item.get("gated") not in (None, False, "", "false", 0),
        private=item.get("private") is True,
    )


def _name(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 1024


def _size(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _sha256(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.lower()
    return value if _SHA256.fullmatch(value) else None


def _date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:  # "2024-09-20T10:00:00.000Z" (Python 3.10 reads no "Z")
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
