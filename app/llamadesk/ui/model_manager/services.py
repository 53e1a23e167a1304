"""The model manager's work off the GUI thread: Hub requests, the download queue, the library.

The core's calls block (network, disk) and its callbacks run on worker threads, so every
piece here turns them into Qt signals that arrive on the GUI thread. Worker threads emit
only a private signal received by a slot of the QObject here (which lives on the GUI
thread); that slot emits the public signals, so whatever connects to them (lambdas, other
widgets, tests) is called on the GUI thread directly, never through a queued call to a
plain Python callable:

- :class:`MachineProbe` says what this computer can run, from the engine's device report;
- :class:`DownloadService` wraps :class:`~llamadesk.core.hub.download_queue.DownloadQueue`;
- :class:`LibraryService` lists, imports and deletes local models.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from llamadesk.core.hub import (
    Download,
    DownloadQueue,
    DownloadState,
    HubConfig,
    ModelVariant,
    discard_partial,
    existing_size,
    part_path,
)
from llamadesk.core.library import ImportCancelled, Library
from llamadesk.core.machine import BackendReport, Machine
from llamadesk.ui.common import TaskRunner

log = logging.getLogger(__name__)


class MachineProbe:
    """This computer's RAM and GPUs, known once the engine reported its devices (or given,
    in tests). ``backends(timeout)`` waits that long for the engine's report; without one
    the verdicts are for the CPU alone."""

    REPORT_TIMEOUT_S = 30.0

    def __init__(
        self,
        machine: Machine | None = None,
        backends: Callable[[float], BackendReport | None] | None = None,
    ) -> None:
        self._machine = machine
        self._backends = backends
        self._lock = threading.Lock()

    def get(self) -> Machine:
        """Blocking: call on a worker thread."""
        with self._lock:
            if self._machine is None:
                report = self._backends(self.REPORT_TIMEOUT_S) if self._backends else None
                if report is None:
                    log.warning("no device report from the engine: fit verdicts for the CPU")
                self._machine = Machine.detect(report)
            return self._machine


class DownloadService(QObject):
    """The download queue, speaking in signals. ``config()`` gives the current HubConfig
    (it changes with the settings); each download takes it when it starts or resumes.
    ``models_root()`` is the models folder: after it changes, new downloads go to the new
    one and those already listed finish in the old one."""

    changed = Signal(object)  # Download: read its ``progress`` and ``error``
    added = Signal(object)  # Download
    finished = Signal(object)  # Download, verified and in place
    _changed_elsewhere = Signal(object)  # from a download's thread, to _deliver

    def __init__(
        self,
        config: Callable[[], HubConfig],
        models_root: Callable[[], Path],
        parent: QObject | None = None,
        **download_options: Any,
    ) -> None:
        super().__init__(parent)
        self._config = config
        self._models_root = models_root
        self._options = download_options
        self._queues: list[DownloadQueue] = []
        self._queue_of: dict[Download, DownloadQueue] = {}
        self._done: set[Download] = set()
        self._changed_elsewhere.connect(self._deliver)
        self.restored: dict[Download, int] = {}  # paused at startup -> bytes already here

    def _queue(self) -> DownloadQueue:
        root = self._models_root()
        if not self._queues or self._queues[-1].root != root:
            queue = DownloadQueue(on_change=self._on_change, models_root=root, **self._options)
            queue.root = root  # type: ignore[attr-defined]
            self._queues.append(queue)
        return self._queues[-1]

    @property
    def downloads(self) -> list[Download]:
        return [d for queue in self._queues for d in queue.downloads]

    def _add(self, variant: ModelVariant, done: int | None = None) -> tuple[Download, bool]:
        queue = self._queue()
        known = set(queue.downloads)
        download = queue.add(variant, start=False)
        self._queue_of[download] = queue
        new = download not in known
        if new:
            if done is not None:
                self.restored[download] = done
            self.added.emit(download)
        return download, new

    def add(self, variant: ModelVariant) -> Download:
        """Queue ``variant`` (or resume it when it is already in the list)."""
        download, _new = self._add(variant)
        self.resume(download)
        return download

    def restore(self, partial: list) -> list[Download]:
        """Add, paused, the unfinished downloads found on disk (PartialDownload objects)."""
        restored = []
        for item in partial:
            download, new = self._add(item.variant, item.done)
            if new:
                restored.append(download)
        return restored

    def pause(self, download: Download) -> None:
        download.pause()

    def resume(self, download: Download) -> None:
        if download.running:
            return
        download.config = self._config()  # the token or mirror may have changed
        self.restored.pop(download, None)
        self._queue_of[download].resume(download)

    def cancel(self, download: Download) -> None:
        self.restored.pop(download, None)
        download.cancel()

    def remove(self, download: Download) -> None:
        self.restored.pop(download, None)
        queue = self._queue_of.pop(download, None)
        if queue is not None:
            queue.remove(download)

    def wait(self, timeout: float | None = None) -> bool:
        return all(queue.wait(timeout) for queue in self._queues)

    def close(self) -> None:
        """Pause what runs (partial files stay for next time)."""
        for queue in self._queues:
            queue.close(timeout=2.0)

    def _on_change(self, download: Download) -> None:  # on any thread
        if download.state == DownloadState.FAILED and not download.running:
            self._forget_empty(download)
        # Only the Download crosses threads (the queue keeps it alive); the GUI reads its
        # progress when the signal arrives, so a burst of changes shows the latest.
        with contextlib.suppress(RuntimeError):  # the service was deleted while it ran
            self._changed_elsewhere.emit(download)

    def _forget_empty(self, download: Download) -> None:
        """A download refused before its first byte (gated, missing) leaves no sidecar
        behind, so the next start does not offer to resume it; "Try again" still works."""
        queue = self._queue_of.get(download)
        destinations = download.destinations
        if queue is not None and not any(existing_size(part_path(d)) for d in destinations):
            with contextlib.suppress(OSError):
                discard_partial(destinations, queue.root)

    @Slot(object)
    def _deliver(self, download: Download) -> None:
        self.changed.emit(download)
        if download.progress.state == DownloadState.DONE and download not in self._done:
            self._done.add(download)
            self.finished.emit(download)


class LibraryService(QObject):
    """Lists, imports and deletes local models off the GUI thread."""

    listed = Signal(object, object)  # list[LocalModel], list[PartialDownload]
    import_progress = Signal(int, int)  # bytes copied, total
    changed = Signal()  # a model was added or deleted: listings elsewhere are out of date
    _progress_elsewhere = Signal(int, int)  # from the import's thread, to _deliver_progress

    def __init__(self, runner: TaskRunner, library: Callable[[], Library]) -> None:
        super().__init__(runner)
        self._runner = runner
        self.library = library
        self._stop_import = threading.Event()
        self._progress_elsewhere.connect(self._deliver_progress)
        self.models: list = []
        self.partial: list = []

    def refresh(self, on_error: Callable[[str, BaseException], None] | None = None) -> None:
        library = self.library()

        def scan():
            return library.list_models(), library.partial_downloads()

        self._runner.run(scan, on_done=self._on_listed, on_error=on_error)

    def _on_listed(self, result) -> None:
        self.models, self.partial = result
        self.listed.emit(self.models, self.partial)

    def import_file(
        self,
        source: Path,
        copy: bool,
        on_done: Callable[[Path], None],
        on_error: Callable[[str, BaseException], None],
    ) -> None:
        library = self.library()
        self._stop_import.clear()

        def work() -> tuple[Path, list[Path]]:
            path = library.import_file(
                source,
                copy=copy,
                on_progress=lambda done, total: self._emit_progress(done, total),
                should_stop=self._stop_import.is_set,
            )
            return path, library.extra_folders

        def done(result) -> None:
            self.changed.emit()
            on_done(result)

        def failed(message: str, error: BaseException) -> None:
            if not isinstance(error, ImportCancelled):
                on_error(message, error)

        self._runner.run(work, on_done=done, on_error=failed)

    def _emit_progress(self, done: int, total: int) -> None:  # on the import's thread
        with contextlib.suppress(RuntimeError):
            self._progress_elsewhere.emit(done, total)

    @Slot(int, int)
    def _deliver_progress(self, done: int, total: int) -> None:
        self.import_progress.emit(done, total)

    def stop_import(self) -> None:
        self._stop_import.set()

    def delete(self, model, on_error: Callable[[str, BaseException], None]) -> None:
        library = self.library()
        self._runner.run(
            library.delete, model, on_done=lambda _paths: self.changed.emit(), on_error=on_error
        )
