"""Downloads waiting their turn: plain Python threads, one download at a time by default.

The GUI wraps a :class:`DownloadQueue` (its ``on_change`` callback turned into a Qt
signal); the terminal runs one and waits. Everything here is thread-safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.hub.download_files import find_partial_downloads
from llamadesk.core.hub.downloads import Download, DownloadState
from llamadesk.core.hub.quantization import ModelVariant

log = logging.getLogger(__name__)
_ENDED = (DownloadState.DONE, DownloadState.CANCELLED)


class DownloadQueue:
    """Runs queued downloads on background threads, ``parallel`` at a time.

    ``on_change(download)`` is called (on a download's thread, or on the caller's for
    pause/cancel of a waiting one) whenever a download's state or progress changes; read
    ``download.progress`` and ``download.error`` there. ``download_options`` go to every
    :class:`Download` (config, models_root, retry, sleep, clock, disk_free ...).
    """

    def __init__(
        self,
        *,
        parallel: int = 1,
        on_change: Callable[[Download], None] | None = None,
        **download_options: Any,
    ) -> None:
        self.parallel = parallel
        self.on_change = on_change
        self._options = download_options
        self._downloads: list[Download] = []
        self._threads: dict[Download, threading.Thread] = {}
        self._condition = threading.Condition()
        self._closed = False

    @property
    def downloads(self) -> list[Download]:
        with self._condition:
            return list(self._downloads)

    def add(self, variant: ModelVariant, *, start: bool = True) -> Download:
        """Queue ``variant`` (or return its download already in the queue, resumed if
        ``start``). ``start=False`` adds it paused, e.g. a partial download found at startup."""
        with self._condition:
            for download in self._downloads:
                if download.variant == variant and download.state not in _ENDED:
                    if start:
                        self._resume(download)
                    return download
            download = Download(variant, **self._options)
            download.on_progress = lambda _progress, d=download: self._changed(d)
            self._downloads.append(download)
            if not start:
                download.pause()
            self._schedule()
        self._changed(download)
        return download

    def restore(self, models_root: Path | None = None) -> list[Download]:
        """Add, paused, the downloads left unfinished in the models folder."""
        root = models_root or self._options.get("models_root")
        return [self.add(p.variant, start=False) for p in find_partial_downloads(root)]

    def pause(self, download: Download) -> None:
        download.pause()

    def resume(self, download: Download) -> None:
        with self._condition:
            self._resume(download)

    def _resume(self, download: Download) -> None:
        if download.requeue():
            self._schedule()

    def cancel(self, download: Download) -> None:
        download.cancel()

    def remove(self, download: Download) -> None:
        """Forget a download (cancelling it first unless it is done)."""
        if download.state != DownloadState.DONE:
            download.cancel()
        with self._condition:
            if download in self._downloads:
                self._downloads.remove(download)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no download runs or waits its turn (for the terminal and tests)."""

        def idle() -> bool:
            return not self._threads and not any(
                d.state == DownloadState.QUEUED for d in self._downloads
            )

        with self._condition:
            return self._condition.wait_for(idle, timeout)

    def close(self, timeout: float | None = 5.0) -> None:
        """Pause what runs (partial files are kept for next time) and wait for the threads."""
        with self._condition:
            self._closed = True
            threads = list(self._threads.items())
        for download, _thread in threads:
            download.pause()
        for _download, thread in threads:
            thread.join(timeout)

    def _schedule(self) -> None:
        """Start waiting downloads while slots are free (the condition is held)."""
        if self._closed:
            return
        for download in self._downloads:
            if len(self._threads) >= self.parallel:
                break
            if download.state == DownloadState.QUEUED and download not in self._threads:
                thread = threading.Thread(
                    target=self._work, args=(download,), name="download", daemon=True
                )
                self._threads[download] = thread
                thread.start()

    def _work(self, download: Download) -> None:
        try:
            download.run()
        except LlamaDeskError:
            pass  # kept in download.error, state FAILED
        except Exception:
            log.exception("download of %s failed", download.id)
        finally:
            with self._condition:
                self._threads.pop(download, None)
                self._schedule()
                self._condition.notify_all()
            self._changed(download)

    def _changed(self, download: Download) -> None:
        if self.on_change is not None:
            try:
                self.on_change(download)
            except Exception:
                log.exception("download listener failed")
        with self._condition:
            self._condition.notify_all()
