"""One LlamaDesk window per user: starting it again brings the running one forward.

Two instances on one conversation database would undo each other's work: the second,
opening the store, would take the first one's streaming answer for one left behind by
a crash and mark it cancelled, and both would write the same settings. The running
instance holds a lock file (a QLockFile, which a process that died no longer holds).
A second start that finds it locked leaves its request (the model file to open, if
any) beside the lock, where the running instance watches for it, and exits.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, Signal

REQUEST = "activate"  # the file a second start writes


class InstanceGuard(QObject):
    activated = Signal(str)  # a second start asked: a model file to open, or ""

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        folder.mkdir(parents=True, exist_ok=True)
        self._folder = folder
        self._lock = QLockFile(str(folder / "llamadesk.lock"))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, not when old
        self._watcher: QFileSystemWatcher | None = None

    def acquire(self) -> bool:
        """Become the running instance; False when another one is running."""
        if not self._lock.tryLock(0):
            return False
        (self._folder / REQUEST).unlink(missing_ok=True)  # a request nobody answered
        self._watcher = QFileSystemWatcher([str(self._folder)], self)
        self._watcher.directoryChanged.connect(self._on_folder_changed)
        return True

    def ask_running(self, model: Path | None) -> None:
        """Ask the running instance to come forward (and open ``model``)."""
        partial = self._folder / f"{REQUEST}.{os.getpid()}"
        partial.write_text(str(model.resolve()) if model else "", encoding="utf-8")
        partial.replace(self._folder / REQUEST)  # whole, or not at all

    def release(self) -> None:
        self._lock.unlock()

    def _on_folder_changed(self, _folder: str) -> None:
        request = self._folder / REQUEST
        try:
            model = request.read_text(encoding="utf-8").strip()
            request.unlink()
        except FileNotFoundError:  # a change that was not a request, or one already read
            return
        self.activated.emit(model)
