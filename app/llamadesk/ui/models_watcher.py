"""Notices model files arriving in (or leaving) the models folders while the app runs.

A file-system watcher on each models folder and the folders inside it (as deep as the
library looks); a burst of changes (a copy, a download finishing, an unzip) becomes one
``changed`` signal after a short quiet spell. Partial downloads never show: the library
lists only whole ``.gguf`` files (a download is a ``.part`` file until it is verified),
and the picker refills only when the list of whole files changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from llamadesk.ui.common import TaskRunner

QUIET_MS = 400  # a change counts once nothing changed for this long
MAX_DEPTH = 4  # as deep as the library looks for models


def folders_to_watch(roots: list[Path]) -> list[str]:
    """``roots`` and the folders inside them, ``MAX_DEPTH`` deep, hidden ones left out."""
    found: list[str] = []
    for root in roots:
        if not root.is_dir():
            continue
        base = len(root.parts)
        for folder, subfolders, _files in os.walk(root, onerror=lambda _error: None):
            found.append(folder)
            if len(Path(folder).parts) - base >= MAX_DEPTH - 1:
                subfolders.clear()
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
    return found


class ModelsWatcher(QObject):
    changed = Signal()  # something changed in a models folder (debounced)

    def __init__(
        self, folders: Callable[[], list[Path]], tasks: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._folders, self._tasks = folders, tasks
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_changed)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(QUIET_MS)
        self._quiet.timeout.connect(self._on_quiet)

    def watch(self) -> None:
        """Watch the models folders as they are now (again after the folders changed)."""
        self._tasks.run(folders_to_watch, self._folders(), on_done=self._set_folders)

    def folders(self) -> list[str]:
        """The folders watched now."""
        return self._watcher.directories()

    def _set_folders(self, folders: list[str]) -> None:
        watched = set(self._watcher.directories())
        wanted = set(folders)
        if watched - wanted:
            self._watcher.removePaths(sorted(watched - wanted))
        if wanted - watched:
            self._watcher.addPaths(sorted(wanted - watched))

    def _on_changed(self, _folder: str) -> None:
        self._quiet.start()

    def _on_quiet(self) -> None:
        self.watch()  # a new folder inside (a download's org/name folders) is watched too
        self.changed.emit()
