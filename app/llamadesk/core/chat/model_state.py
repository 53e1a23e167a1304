"""Which model answers: chosen, being loaded, loaded, or none. The one place that knows.

A model is a file on this computer or a model on a connection's server
(:class:`ModelChoice`). The window's model picker, status bar, welcome page and message
box, and the chat that labels each answer with the model that wrote it, all read this;
listeners hear of every change (the window wraps them in a Qt signal).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from llamadesk.core.engine import LoadedModel, RemoteModel


@dataclass(frozen=True)
class ModelChoice:
    """A model the user chose: ``model`` is what the engine's ``load`` takes (a file's path,
    or the server's name for the model), ``connection_id`` says which server ("" for a file
    on this computer), ``name`` is what a person sees."""

    model: str
    connection_id: str = ""
    name: str = ""

    @classmethod
    def file(cls, path: Path | str) -> ModelChoice:
        path = Path(path)
        return cls(str(path), "", path.stem)

    @property
    def remote(self) -> bool:
        return bool(self.connection_id)

    @property
    def path(self) -> Path | None:
        return None if self.remote else Path(self.model)

    @property
    def key(self) -> str:
        """One string that tells choices apart (the picker's item data)."""
        return f"remote:{self.connection_id}:{self.model}" if self.remote else f"file:{self.model}"

    def source(self) -> dict:
        """What an answer records of the model that wrote it."""
        if self.remote:
            return {"connection": self.connection_id, "model": self.model}
        return {"file": self.model}


class ModelState:
    def __init__(self) -> None:
        self.loaded: LoadedModel | RemoteModel | None = None
        self.loaded_choice: ModelChoice | None = None  # what was chosen to get ``loaded``
        self.loading: ModelChoice | None = None  # the model being loaded, if one is
        self._listeners: list[Callable[[], None]] = []

    @property
    def ready(self) -> bool:
        """A model is loaded and no other is on its way: answers can be asked for."""
        return self.loaded is not None and self.loading is None

    @property
    def label(self) -> str | None:
        """How answers name the model that wrote them, e.g. "Llama 3.2 1B · Q4_K_M"."""
        if self.loaded is None:
            return None
        return self.loaded.label

    @property
    def chosen(self) -> ModelChoice | None:
        """The model chosen: the one loading, else the one loaded."""
        return self.loading or (self.loaded_choice if self.loaded is not None else None)

    @property
    def path(self) -> Path | None:
        """The file of the model chosen (None: none, or a model on a server)."""
        return self.chosen.path if self.chosen is not None else None

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def begin_loading(self, choice: ModelChoice) -> None:
        self._set(self.loaded, self.loaded_choice, choice)

    def finish_loading(self, loaded: LoadedModel | RemoteModel | None) -> None:
        """Loading ended: with ``loaded`` in place, or with none (the engine unloads the
        previous model before loading; a file refused before that keeps it)."""
        if loaded is None:
            self._set(None, None, None)
        elif loaded == self.loaded:  # refused: the previous model stays
            self._set(loaded, self.loaded_choice, None)
        else:
            self._set(loaded, self.loading or self.loaded_choice, None)

    def lose(self) -> None:
        """The engine ended: no model is loaded or loading any more."""
        self._set(None, None, None)

    def _set(self, loaded, choice: ModelChoice | None, loading: ModelChoice | None) -> None:
        if choice is None and isinstance(loaded, LoadedModel):  # a file loaded from elsewhere
            choice = ModelChoice.file(loaded.path)
        self.loaded, self.loaded_choice, self.loading = loaded, choice, loading
        for listener in list(self._listeners):
            listener()
