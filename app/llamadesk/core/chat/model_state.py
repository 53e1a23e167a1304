"""Whether a model is loaded, being loaded, or neither: the one place that knows.

The window's model picker, status bar, welcome page and message box, and the chat that
labels each answer with the model that wrote it, all read this; listeners hear of every
change (the window wraps them in a Qt signal).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from llamadesk.core.engine import LoadedModel


class ModelState:
    def __init__(self) -> None:
        self.loaded: LoadedModel | None = None
        self.loading: Path | None = None  # the model being loaded, if one is
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
    def path(self) -> Path | None:
        """The model chosen: the one loading, else the one loaded."""
        return self.loading or (self.loaded.path if self.loaded is not None else None)

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def begin_loading(self, path: Path) -> None:
        self._set(self.loaded, Path(path))

    def finish_loading(self, loaded: LoadedModel | None) -> None:
        """Loading ended: with ``loaded`` in place, or with none (the engine unloads the
        previous model before loading; a file refused before that keeps it)."""
        self._set(loaded, None)

    def lose(self) -> None:
        """The engine ended: no model is loaded or loading any more."""
        self._set(None, None)

    def _set(self, loaded: LoadedModel | None, loading: Path | None) -> None:
        self.loaded, self.loading = loaded, loading
        for listener in list(self._listeners):
            listener()
