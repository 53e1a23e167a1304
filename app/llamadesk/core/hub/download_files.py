"""Where downloads live on disk: safe paths, ``.part`` files and their JSON sidecars.

A model of repository ``org/name`` goes to ``<models folder>/org/name/<file in the repo>``.
While it downloads, its bytes are in ``<file>.part`` and a ``<file>.part.json`` sidecar
says what they are (repository, commit, url, size, sha256, and every part of the model),
so that a new :class:`~llamadesk.core.hub.downloads.Download` (after the app restarted) resumes it
and :func:`find_partial_downloads` can list it. Neither name ends in ``.gguf``: the
library never sees a partial file. Also the disk-side checks of a download: free space,
a file already complete, what a write error means.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from llamadesk.core.errors import DownloadError, HubError
from llamadesk.core.hub.quantization import ModelVariant, RemoteFile, validate_repo_id
from llamadesk.core.paths import models_dir
from llamadesk.core.texts import Text
from llamadesk.core.units import format_bytes

SIDECAR_FORMAT = 1
DISK_RESERVE_BYTES = 64 * 1024**2  # left free after a download, for everything else
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{prefix}{n}" for prefix in ("COM", "LPT") for n in range(10)
}


@dataclass(frozen=True)
class PartialDownload:
    """A download that stopped before the end: ``done`` bytes of ``variant`` are on disk."""

    variant: ModelVariant
    done: int
    path: Path  # where the model will be (a split model's first part)


def safe_destination(root: Path, repo_id: str, filename: str) -> Path:
    """Where a repository's file goes: ``root/<org>/<name>/<filename>``, or DownloadError
    ("unsafe_name") if the name would lead anywhere else."""

    def unsafe(why: str) -> DownloadError:
        return DownloadError(
            Text(
                'LlamaDesk did not download "{file}" from {repo_id}: the name {why}, so the file '
                "could land outside the models folder.",
                file=filename,
                repo_id=repo_id,
                why=why,
            ),
            reason="unsafe_name",
        )

    try:
        validate_repo_id(repo_id)
    except HubError:
        raise unsafe(Text("belongs to an invalid repository")) from None
    if not filename or len(filename) > 1024 or any(ord(c) < 32 for c in filename):
        raise unsafe(Text("is empty, too long or has control characters"))
    if "\\" in filename or ":" in filename or filename.startswith("/"):
        raise unsafe(Text("is absolute or has a backslash or drive letter"))
    parts = filename.split("/")
    for part in parts:
        if part in ("", ".", "..") or part != part.rstrip(". "):
            raise unsafe(Text("has an empty, '.' or '..' component"))
        if part.split(".")[0].upper() in _WINDOWS_RESERVED:
            raise unsafe(Text("uses a name Windows reserves"))
    org, name = repo_id.split("/")
    destination = root.joinpath(org, name, *parts)
    if not destination.parent.resolve().is_relative_to(root.resolve()):
        raise unsafe(Text("goes through a link that leads elsewhere"))
    return destination


def part_path(destination: Path) -> Path:
    return destination.with_name(destination.name + ".part")


def sidecar_path(destination: Path) -> Path:
    return destination.with_name(destination.name + ".part.json")


def read_sidecar(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == SIDECAR_FORMAT else None


def write_sidecar(path: Path, data: dict) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def existing_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def sidecar_record(variant: ModelVariant, file: RemoteFile, url: str) -> dict:
    """What a sidecar says about ``file`` of ``variant``, fetched from ``url``."""
    return {
        "format": SIDECAR_FORMAT,
        "repo_id": variant.repo_id,
        "file": file.path,
        "url": url,
        "size": file.size,
        "sha256": file.sha256,
        "commit": variant.revision,
        "quantization": variant.quantization,
        "kind": variant.kind,
        "files": [[f.path, f.size, f.sha256] for f in variant.files],
        "verified": False,
    }


def same_file(old: dict | None, new: dict) -> bool:
    """Whether a sidecar describes the same bytes: then its partial file can be resumed."""
    keys = ("repo_id", "file", "size", "sha256")
    return old is not None and all(old.get(key) == new[key] for key in keys)


def find_partial_downloads(models_root: Path | None = None) -> list[PartialDownload]:
    """Downloads left unfinished in the models folder (by a pause, a crash or a restart)."""
    root = models_root or models_dir()
    found: dict[tuple[str, str], PartialDownload] = {}
    for sidecar in sorted(root.glob("*/*/**/*.part.json")):
        data = read_sidecar(sidecar)
        try:
            files = tuple(RemoteFile(path, size, sha) for path, size, sha in data["files"])
            variant = ModelVariant(
                data["repo_id"], data["commit"], data["quantization"], files, data["kind"]
            )
            destinations = [safe_destination(root, variant.repo_id, f.path) for f in files]
        except (TypeError, KeyError, ValueError, DownloadError):
            continue
        if (variant.repo_id, variant.name) not in found:
            done = sum(existing_size(part_path(d)) or existing_size(d) for d in destinations)
            found[variant.repo_id, variant.name] = PartialDownload(variant, done, destinations[0])
    return list(found.values())


def is_complete(destination: Path, file: RemoteFile) -> bool:
    """Already downloaded: the file is in place at its size, with no partial file beside."""
    return (
        file.size is not None
        and existing_size(destination) == file.size
        and destination.is_file()
        and not part_path(destination).exists()
    )


def write_error(error: OSError, part: Path) -> DownloadError:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DownloadError(
            Text(
                "The disk is full: {folder} has no space left. The partial download is kept; "
                "free some space and resume it.",
                folder=str(part.parent),
            ),
            reason="disk_full",
        )
    return DownloadError(
        Text(
            "LlamaDesk could not write {path} ({error}). Check that the models folder is "
            "writable, or choose another in Settings.",
            path=str(part),
            error=str(error.strerror or error),
        ),
        reason="write",
    )


def check_free_space(
    files: list[RemoteFile], destinations: list[Path], disk_free: Callable[[Path], int], name: str
) -> None:
    """DownloadError("disk_space") unless the rest of the download fits, with some to spare."""
    needed = sum(
        max(0, (f.size or 0) - existing_size(part_path(d)))
        for f, d in zip(files, destinations, strict=True)
    )
    folder = destinations[0].parent
    folder.mkdir(parents=True, exist_ok=True)
    free = disk_free(folder)
    if free < needed + DISK_RESERVE_BYTES:
        raise DownloadError(
            Text(
                "Not enough disk space for {name}: it needs {needed} more, but only {free} is "
                "free in {folder}. Free some space, or choose another models folder in Settings.",
                name=name,
                needed=format_bytes(needed),
                free=format_bytes(free),
                folder=str(folder),
            ),
            reason="disk_space",
        )


def discard_partial(destinations: list[Path], root: Path) -> None:
    """Delete partial files and sidecars (never finished files), then empty folders."""
    root = root.resolve()
    for destination in destinations:
        part_path(destination).unlink(missing_ok=True)
        sidecar_path(destination).unlink(missing_ok=True)
        folder = destination.parent
        while folder.resolve() != root and folder.resolve().is_relative_to(root):
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent
