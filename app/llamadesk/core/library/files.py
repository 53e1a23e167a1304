"""Model files on disk, below the library: find them, read their facts (cached), copy them.

:mod:`llamadesk.core.library.library` builds on these. :class:`HeaderCache` keeps the facts of each
model keyed by the size and modification time of its parts, so a listing reads a
header only for files that are new or changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from llamadesk.core.errors import LlamaDeskError, ModelFileError
from llamadesk.core.gguf import read_info, takes_tools, thinks
from llamadesk.core.hub import UNKNOWN, quant_label, split_part
from llamadesk.core.paths import cache_dir
from llamadesk.core.texts import Text, from_data, to_data

_SHARD = re.compile(r"-(\d+)-of-\d+\.gguf$", re.IGNORECASE)
MAX_DEPTH = 4
CACHE_FORMAT = 3  # 2: errors kept as template and arguments (texts.to_data); 3: traits
_COPY_CHUNK = 4 << 20


class LibraryError(LlamaDeskError):
    """A library operation was refused or failed (import, delete, add a folder)."""


class ImportCancelled(LibraryError):
    """The user stopped an import; nothing was left behind."""


def find_model_files(folders: Iterable[Path]) -> list[Path]:
    """Every .gguf file under ``folders`` (a few levels deep), newest first.

    A model split into parts (``-00001-of-00003.gguf``) is listed once, by its first part.
    Folders that are missing or unreadable are skipped."""
    found: dict[Path, float] = {}
    for folder in folders:
        base_depth = len(Path(folder).parts)
        for root, dirs, files in os.walk(folder, onerror=lambda _error: None):
            if len(Path(root).parts) - base_depth >= MAX_DEPTH:
                dirs.clear()
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                shard = _SHARD.search(name)
                if name.lower().endswith(".gguf") and not (shard and int(shard.group(1)) > 1):
                    path = Path(root) / name
                    try:
                        found[path.resolve()] = path.stat().st_mtime
                    except OSError:
                        continue
    return sorted(found, key=lambda p: found[p], reverse=True)


@dataclass(frozen=True)
class ModelFacts:
    """What a model's header says, as plain values (what the cache keeps)."""

    name: str
    architecture: str = ""
    n_params: int = 0
    parameters: str = ""  # "1.2B"
    quantization: str = UNKNOWN
    context_length: int = 0
    has_chat_template: bool = False
    thinks: bool = False  # its chat template marks reasoning, or switches thinking
    takes_tools: bool = False  # its chat template hands it tools to call
    error: str | None = None  # why the file cannot be used (a Text)


def base_name(file_name: str) -> str:
    """A file name without its part suffix, quantization label and extension, lower case:
    ``Llama-3.2-1B-Instruct-Q4_K_M.gguf`` -> ``llama-3.2-1b-instruct``."""
    stem = file_name
    split = split_part(stem)
    stem = split[0] if split else re.sub(r"\.gguf$", "", stem, flags=re.IGNORECASE)
    label = quant_label(stem)
    if label != UNKNOWN:
        pattern = re.escape(label).replace("_", "[_-]")
        stem = re.sub(rf"(?i)[-_. ]*(?:ud-)?{pattern}(?![a-z0-9])", "", stem)
    return stem.strip("-_. ").lower() or file_name.lower()


def split_parts(path: Path) -> tuple[Path, ...]:
    """Every part of a split model, given any of its parts; else just ``path``."""
    split = split_part(path.name)
    if split is None:
        return (path,)
    base, _number, count = split
    return tuple(path.with_name(f"{base}-{n:05d}-of-{count:05d}.gguf") for n in range(1, count + 1))


# ------------------------------------------------------------------ header cache
class HeaderCache:
    """Model facts by path, valid while the size and mtime of every part stay the same."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / "library-cache.json"
        self._entries: dict[str, dict] | None = None
        self._lock = threading.Lock()
        self.reads = 0  # headers read (for tests and diagnostics)

    def facts(self, parts: tuple[Path, ...]) -> tuple[ModelFacts, int, float]:
        """Facts, total size and mtime of a model; its headers are read only when changed."""
        stats = [_stat(p) for p in parts]
        size = sum(s[0] for s in stats if s)
        modified = max((s[1] for s in stats if s), default=0) / 1e9
        key = str(parts[0])
        with self._lock:
            entries = self._load()
            entry = entries.get(key)
            if entry and entry.get("stat") == [list(s) if s else None for s in stats]:
                with contextlib.suppress(TypeError, AttributeError):
                    facts = entry["facts"]
                    error = from_data(facts.get("error"))
                    return ModelFacts(**{**facts, "error": error}), size, modified
        facts = describe(parts, stats)
        with self._lock:
            self.reads += 1
            self._load()[key] = {
                "stat": [list(s) if s else None for s in stats],
                "facts": {**asdict(facts), "error": to_data(facts.error)},
            }
        return facts, size, modified

    def forget(self, path: Path) -> None:
        with self._lock:
            self._load().pop(str(path), None)

    def save(self, keep: Iterable[Path] | None = None) -> None:
        """Write the cache (only the entries of ``keep`` when given). Failures are ignored:
        the cache only saves time."""
        with self._lock:
            entries = self._load()
            if keep is not None:
                wanted = {str(p) for p in keep}
                for key in [k for k in entries if k not in wanted]:
                    del entries[key]
            data = {"format": CACHE_FORMAT, "entries": entries}
            with contextlib.suppress(OSError):
                self.path.parent.mkdir(parents=True, exist_ok=True)
                temporary = self.path.with_name(f".{self.path.name}.{threading.get_ident()}.tmp")
                temporary.write_text(json.dumps(data), encoding="utf-8")
                os.replace(temporary, self.path)

    def _load(self) -> dict[str, dict]:
        if self._entries is None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                ok = isinstance(data, dict) and data.get("format") == CACHE_FORMAT
                entries = data.get("entries") if ok else None
                self._entries = entries if isinstance(entries, dict) else {}
            except (OSError, ValueError):
                self._entries = {}
        return self._entries


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def describe(parts: tuple[Path, ...], stats: list | None = None) -> ModelFacts:
    """Read the headers of a model's parts: the first part's facts, every part's tensors."""
    stats = stats or [_stat(p) for p in parts]
    fallback = ModelFacts(name=base_name(parts[0].name), quantization=quant_label(parts[0].name))
    missing = [i for i, s in enumerate(stats) if s is None]
    if missing and missing != [0]:
        number = missing[0] + 1
        return replace(
            fallback,
            error=Text(
                'Part {number} of {count} ("{name}") is missing: download or copy the whole '
                "model again.",
                number=number,
                count=len(parts),
                name=parts[missing[0]].name,
            ),
        )
    try:
        headers = [read_info(p) for p in parts]
    except ModelFileError as error:
        return replace(fallback, error=error.text)
    first = headers[0]
    tensors = tuple(t for h in headers for t in h.tensors)
    info = replace(first, tensors=tensors) if len(headers) > 1 else first
    quantization = info.quantization
    if quantization == UNKNOWN:
        quantization = quant_label(parts[0].name)
    return ModelFacts(
        name=info.name,
        architecture=info.architecture,
        n_params=info.n_params,
        parameters=info.size_label,
        quantization=quantization,
        context_length=info.context_length,
        has_chat_template=info.chat_template is not None,
        thinks=thinks(info.chat_template),
        takes_tools=takes_tools(info.chat_template),
    )


def renamed(name: str, suffix: str) -> str:
    if not suffix:
        return name
    split = split_part(name)
    if split:
        base, number, count = split
        return f"{base}{suffix}-{number:05d}-of-{count:05d}.gguf"
    return f"{name[:-5]}{suffix}.gguf"


def same_file(a: Path, b: Path) -> bool:
    """The same size and the same first and last MiB: the same model file, for an import."""
    try:
        if not b.is_file() or a.stat().st_size != b.stat().st_size:
            return False
        size = a.stat().st_size
        with a.open("rb") as fa, b.open("rb") as fb:
            if fa.read(1 << 20) != fb.read(1 << 20):
                return False
            fa.seek(max(0, size - (1 << 20)))
            fb.seek(max(0, size - (1 << 20)))
            return fa.read() == fb.read()
    except OSError:
        return False


def copy_file(source, target, done, total, on_progress, should_stop) -> int:
    with source.open("rb") as reader, target.open("wb") as writer:
        while block := reader.read(_COPY_CHUNK):
            if should_stop is not None and should_stop():
                raise ImportCancelled(Text("The import of {name} was stopped.", name=source.name))
            writer.write(block)
            done += len(block)
            if on_progress is not None:
                on_progress(done, total)
    return done


def remove_files(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
