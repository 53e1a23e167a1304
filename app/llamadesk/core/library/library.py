"""The model files on this computer: list and describe them, group quantizations, import, delete.

The library is the app's models folder (downloads and imported copies go there) plus the
folders the user added. :meth:`Library.list_models` describes every ``.gguf`` file from its
header (:func:`~llamadesk.core.gguf.header.read_info`): a file that cannot be read is listed with
its error instead of vanishing. Headers are cached by file size and modification time
(:class:`HeaderCache`), so listing a hundred models again reads no header at all.
Quantizations of the same model (the same repository folder, or the same base name in one
folder) form a :class:`ModelGroup`, so a front end can offer to switch between them.
Nothing here deletes a file outside the library's folders, or a file that is not a model.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from llamadesk.core.gguf import read_info
from llamadesk.core.hub import (
    BITS_PER_WEIGHT,
    DISK_RESERVE_BYTES,
    UNKNOWN,
    PartialDownload,
    discard_partial,
    find_partial_downloads,
    is_projector,
    quant_label,
)
from llamadesk.core.library.files import (
    HeaderCache,
    ImportCancelled,
    LibraryError,
    ModelFacts,
    base_name,
    copy_file,
    find_model_files,
    remove_files,
    renamed,
    same_file,
    split_parts,
)
from llamadesk.core.paths import models_dir
from llamadesk.core.texts import Text
from llamadesk.core.units import format_bytes

__all__ = [
    "HeaderCache",
    "ImportCancelled",
    "Library",
    "LibraryError",
    "LocalModel",
    "ModelFacts",
    "ModelGroup",
    "base_name",
    "find_model_files",
    "group_models",
    "split_parts",
]


@dataclass(frozen=True)
class LocalModel:
    """A model file on disk (a split model: all its parts) and what its header says."""

    path: Path  # the file llama.cpp loads (a split model's first part)
    parts: tuple[Path, ...]
    folder: Path  # the library folder it was found in
    size: int  # bytes of all parts
    modified: float
    facts: ModelFacts
    repo_id: str | None = None  # "org/name" for a model downloaded into the models folder

    @property
    def name(self) -> str:
        return self.facts.name

    @property
    def architecture(self) -> str:
        return self.facts.architecture

    @property
    def n_params(self) -> int:
        return self.facts.n_params

    @property
    def parameters(self) -> str:
        return self.facts.parameters

    @property
    def quantization(self) -> str:
        return self.facts.quantization

    @property
    def context_length(self) -> int:
        return self.facts.context_length

    @property
    def has_chat_template(self) -> bool:
        return self.facts.has_chat_template

    @property
    def error(self) -> str | None:
        return self.facts.error

    @property
    def ok(self) -> bool:
        return self.facts.error is None

    @property
    def kind(self) -> str:
        return "projector" if is_projector(self.path.name) else "model"

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def group_key(self) -> str:
        """Models with the same key are quantizations of one model."""
        return f"{self._origin()}::{base_name(self.path.name)}"

    def _origin(self) -> str:
        if self.repo_id:
            return f"repo:{self.repo_id}"
        parent = self.path.parent
        if quant_label(parent.name) != UNKNOWN and parent != self.folder:
            parent = parent.parent  # "Q8_0/model-Q8_0.gguf": the quantization's own folder
        return str(parent)


@dataclass(frozen=True)
class ModelGroup:
    """The quantizations of one model, from the most to the fewest bits per weight."""

    key: str
    name: str
    models: tuple[LocalModel, ...]

    def other_quantizations(self, model: LocalModel) -> list[LocalModel]:
        return [m for m in self.models if m.path != model.path and m.ok]


def group_models(models: Iterable[LocalModel]) -> list[ModelGroup]:
    """Models grouped by :attr:`LocalModel.group_key` (projectors stay on their own)."""
    groups: dict[str, list[LocalModel]] = {}
    for model in models:
        key = model.group_key if model.kind == "model" else f"projector::{model.path}"
        groups.setdefault(key, []).append(model)
    result = []
    for key, members in groups.items():
        members.sort(key=lambda m: (-BITS_PER_WEIGHT.get(m.quantization, 0.0), m.size))
        named = next((m.name for m in members if m.ok), members[0].name)
        result.append(ModelGroup(key, named, tuple(members)))
    return sorted(result, key=lambda g: g.name.lower())


# ------------------------------------------------------------------ the library
class Library:
    """The models in ``models_folder`` (None: the default one) and ``extra_folders``.

    Safe to use from a worker thread; one instance per thread is simplest."""

    def __init__(
        self,
        models_folder: Path | None = None,
        extra_folders: Iterable[Path] = (),
        *,
        cache: HeaderCache | None = None,
    ) -> None:
        self.models_folder = models_dir(models_folder)
        self.extra_folders = _unique(Path(f).expanduser() for f in extra_folders)
        self.cache = cache or HeaderCache()

    @classmethod
    def from_settings(cls, settings, *, cache: HeaderCache | None = None) -> Library:
        return cls(settings.models_folder, settings.models_dirs, cache=cache)

    @property
    def folders(self) -> list[Path]:
        return _unique([self.models_folder, *self.extra_folders])

    # ---------------------------------------------------------------- listing
    def list_models(self) -> list[LocalModel]:
        """Every model in the library's folders, newest first, each with its facts."""
        models = []
        for path in find_model_files(self.folders):
            folder = self.folder_of(path) or path.parent
            parts = split_parts(path)
            facts, size, modified = self.cache.facts(parts)
            models.append(LocalModel(path, parts, folder, size, modified, facts, self._repo(path)))
        self.cache.save(keep=[m.path for m in models])
        return models

    def partial_downloads(self) -> list[PartialDownload]:
        """Downloads that stopped before the end (paused, failed, or the app was closed)."""
        return find_partial_downloads(self.models_folder)

    def groups(self, models: Iterable[LocalModel] | None = None) -> list[ModelGroup]:
        return group_models(self.list_models() if models is None else models)

    def find(self, text: str, models: Iterable[LocalModel] | None = None) -> list[LocalModel]:
        """Models matching a path, a file name, a file name without .gguf, or a model name."""
        models = self.list_models() if models is None else list(models)
        candidate = Path(text).expanduser()
        with contextlib.suppress(OSError):
            if candidate.exists():
                resolved = candidate.resolve()
                return [m for m in models if resolved in {p.resolve() for p in m.parts}]
        wanted = text.strip().lower()
        for test in (
            lambda m: m.file_name.lower() == wanted,
            lambda m: m.path.stem.lower() == wanted,
            lambda m: m.name.lower() == wanted,
            lambda m: f"{m.repo_id or ''}/{m.file_name}".lower() == wanted,
        ):
            found = [m for m in models if test(m)]
            if found:
                return found
        return []

    def folder_of(self, path: Path) -> Path | None:
        """The library folder holding ``path`` (also after resolving links), or None."""
        path = Path(os.path.abspath(path))
        try:
            real_parent = path.parent.resolve()
        except OSError:
            return None
        for folder in self.folders:
            root = Path(os.path.abspath(folder))
            with contextlib.suppress(OSError):
                inside = path.is_relative_to(root) or path.is_relative_to(root.resolve())
                if inside and path != root and real_parent.is_relative_to(root.resolve()):
                    return folder
        return None

    def _repo(self, path: Path) -> str | None:
        """ "org/name" when the file sits in ``models folder/org/name/`` (a download)."""
        path = Path(os.path.abspath(path))
        for root in (Path(os.path.abspath(self.models_folder)), self.models_folder.resolve()):
            if path.is_relative_to(root):
                relative = path.relative_to(root).parts
                return "/".join(relative[:2]) if len(relative) >= 3 else None
        return None

    # ---------------------------------------------------------------- changes
    def add_folder(self, folder: Path) -> Path:
        """Look for models in ``folder`` too (the caller saves ``extra_folders``)."""
        folder = Path(folder).expanduser().absolute()
        if not folder.is_dir():
            raise LibraryError(
                Text(
                    '"{folder}" is not a folder. Choose a folder that holds .gguf files.',
                    folder=str(folder),
                )
            )
        if self.folder_of(folder / "x.gguf") is None:
            self.extra_folders.append(folder)
        return folder

    def import_file(
        self,
        source: Path,
        *,
        copy: bool = True,
        on_progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Path:
        """Bring a .gguf file (every part of a split one) into the library; its new path.

        ``copy``: copy it into the models folder (through a temporary name, so the library
        never lists half a copy); else reference it where it is by adding its folder.
        Raises ModelFileError for a file that is not a whole GGUF model, LibraryError when
        the copy fails, ImportCancelled when ``should_stop()`` says so."""
        source = Path(source).expanduser().absolute()
        parts = split_parts(source)
        for part in parts:
            read_info(part)  # each part is a whole GGUF file, or a clear error
        if not copy:
            self.add_folder(source.parent)
            return parts[0]
        if self.folder_of(parts[0]) is not None:
            return parts[0]  # already in the library
        targets = self._import_targets(parts)
        if all(same_file(p, t) for p, t in zip(parts, targets, strict=True)):
            return targets[0]
        total = sum(p.stat().st_size for p in parts)
        free = shutil.disk_usage(self.models_folder).free
        if free < total + DISK_RESERVE_BYTES:
            raise LibraryError(
                Text(
                    "Not enough disk space to copy {name}: it needs {needed}, but only {free} is "
                    "free in {folder}. Free some space, or reference the file where it is "
                    "instead of copying it.",
                    name=source.name,
                    needed=format_bytes(total),
                    free=format_bytes(free),
                    folder=str(self.models_folder),
                )
            )
        temporaries = [t.with_name(t.name + ".importing") for t in targets]
        done = 0
        try:
            for part, temporary in zip(parts, temporaries, strict=True):
                done = copy_file(part, temporary, done, total, on_progress, should_stop)
            for temporary, target in reversed(list(zip(temporaries, targets, strict=True))):
                os.replace(temporary, target)
        except ImportCancelled:
            remove_files(temporaries)
            raise
        except OSError as error:
            remove_files(temporaries)
            raise LibraryError(
                Text(
                    "Could not copy {name} into {folder} ({error}). Check that the folder is "
                    "writable and the disk is not full.",
                    name=source.name,
                    folder=str(self.models_folder),
                    error=str(error.strerror or error),
                )
            ) from error
        return targets[0]

    def _import_targets(self, parts: tuple[Path, ...]) -> list[Path]:
        """Where the copies go: the models folder, under a free name."""
        for n in range(1, 1000):
            suffix = "" if n == 1 else f" ({n})"
            targets = [self.models_folder / renamed(p.name, suffix) for p in parts]
            if all(not t.exists() or same_file(p, t) for p, t in zip(parts, targets, strict=True)):
                return targets
        raise LibraryError(
            Text(
                "Too many copies of {name} in {folder}.",
                name=parts[0].name,
                folder=str(self.models_folder),
            )
        )

    def delete(self, model: LocalModel | Path) -> list[Path]:
        """Delete a model's file (every part) and the folders it leaves empty; the paths
        deleted. Refuses anything outside the library's folders or not ending in .gguf."""
        path = model.path if isinstance(model, LocalModel) else Path(model)
        parts = model.parts if isinstance(model, LocalModel) else split_parts(Path(path))
        for part in parts:
            if not part.name.lower().endswith(".gguf"):
                raise LibraryError(
                    Text(
                        '"{path}" is not a model file; LlamaDesk did not delete it.', path=str(part)
                    )
                )
            if self.folder_of(part) is None:
                raise LibraryError(
                    Text(
                        '"{path}" is not in a folder of the library, so LlamaDesk did not delete '
                        "it. Delete it in your file manager if you want it gone.",
                        path=str(part),
                    )
                )
        root = self.folder_of(parts[0])
        deleted = []
        for part in parts:
            try:
                if part.is_symlink() or part.is_file():
                    part.unlink()  # a link: only the link goes, never what it points to
                    deleted.append(part)
            except OSError as error:
                raise LibraryError(
                    Text(
                        'Could not delete "{path}" ({error}). If the model is loaded, load '
                        "another one first; check that the file is not read-only.",
                        path=str(part),
                        error=str(error.strerror or error),
                    )
                ) from error
            self.cache.forget(part)
        discard_partial(list(parts), Path(os.path.abspath(root)))  # leftovers, empty folders
        self.cache.save()
        return deleted


def _unique(folders: Iterable[Path]) -> list[Path]:
    seen, result = set(), []
    for folder in folders:
        key = os.path.normcase(os.path.abspath(folder))
        if key not in seen:
            seen.add(key)
            result.append(Path(folder))
    return result
