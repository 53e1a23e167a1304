"""Download GGUF models from the Hub: resumable, retried, verified, never half-visible.

A :class:`Download` fetches one :class:`ModelVariant` (a file, or every part of a split
model) into ``models_dir()/<org>/<name>/<file>``:

- file names from the Hub are checked (:func:`safe_destination`): none leaves the models
  folder, whatever ``..``, absolute paths, backslashes, drive letters or symlinks say;
- bytes go to ``<file>.part`` beside a ``<file>.part.json`` sidecar (url, size, sha256,
  commit). A later Download of the same file, after a dropped connection or after the app
  restarted, re-hashes the partial file and continues with an HTTP Range request;
- a dropped connection, a stall (less than 64 KiB in ``HubConfig.read_timeout`` seconds:
  nothing, or a trickle), a 5xx or 429 is retried with exponential back-off
  (:class:`RetryPolicy`); the count starts again once a try brings 16 KiB;
- the size comes from the Hub before a byte is fetched; free disk space is checked first,
  no more than that size is ever written whatever the server sends, and a disk that fills
  up keeps the partial file;
- after the last byte the size and LFS sha256 (hashed on the way) are checked, and only
  then is the file renamed into place (a split model's parts together, the first last,
  since the library lists a split model by its first part). A file that fails is
  deleted, fetched once more from zero, and if it fails again reported, never shown.

``run()`` blocks; ``pause()`` and ``cancel()`` may be called from any thread and take
effect at the next chunk (or, on a stalled connection, within the read timeout).
:class:`DownloadQueue` (in :mod:`llamadesk.core.hub.download_queue`) runs Downloads on threads.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import BinaryIO

from llamadesk.core.errors import DownloadError, HubError, LlamaDeskError, ModelFileError
from llamadesk.core.gguf import read_info
from llamadesk.core.hub.client import file_metadata, resolve_url
from llamadesk.core.hub.config import HubConfig, require_online
from llamadesk.core.hub.download_files import (
    check_free_space,
    discard_partial,
    existing_size,
    is_complete,
    part_path,
    read_sidecar,
    safe_destination,
    same_file,
    sidecar_path,
    sidecar_record,
    write_error,
    write_sidecar,
)
from llamadesk.core.hub.quantization import ModelVariant, RemoteFile
from llamadesk.core.hub.transport import open_range
from llamadesk.core.paths import models_dir
from llamadesk.core.texts import Text

log = logging.getLogger(__name__)
PROGRESS_BYTES = 16 * 1024  # a try that brings this much got somewhere: failures count anew


class DownloadState(str, Enum):
    QUEUED = "queued"
    CHECKING = "checking"  # re-hashing a partial file before resuming
    DOWNLOADING = "downloading"
    RETRYING = "retrying"  # waiting before the next try; ``message`` says why
    VERIFYING = "verifying"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    DONE = "done"
    FAILED = "failed"  # ``Download.error`` says why; resuming continues from the partial file

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class DownloadProgress:
    state: DownloadState
    done: int  # bytes of all parts
    total: int | None
    speed: float = 0.0  # bytes per second, over the last few seconds
    eta: float | None = None  # seconds left, when the speed is known
    file: str = ""  # the file being fetched
    part: int = 1  # which part of a split model (1-based)
    parts: int = 1
    message: str = ""  # a sentence when retrying or failed (a Text)

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` tries in a row without a byte, waiting base_delay, 2x, 4x ... max_delay."""

    attempts: int = 8
    base_delay: float = 1.0
    max_delay: float = 60.0

    def delay(self, failure: int) -> float:
        return min(self.max_delay, self.base_delay * 2 ** (failure - 1))


class _RateMeter:
    """Bytes per second over the last ``window`` seconds."""

    def __init__(self, window: float = 5.0) -> None:
        self.window = window
        self.samples: deque[tuple[float, int]] = deque()

    def reset(self) -> None:
        self.samples.clear()

    def add(self, now: float, done: int) -> float:
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[1][0] >= self.window:
            self.samples.popleft()
        first_time, first_done = self.samples[0]
        return (done - first_done) / (now - first_time) if now > first_time else 0.0


class _Stopped(Exception):
    """Pause or cancel was asked for."""


class Download:
    """One model to download. Make a new one for the same variant to resume after a restart.

    ``on_progress(progress)`` is called on the downloading thread on every state change
    and at most every ``progress_interval`` seconds while bytes arrive. ``sleep(seconds)``
    waits before a retry (default: a wait that pause and cancel interrupt); ``clock``
    measures speed; ``disk_free(folder)`` gives free bytes (default: shutil.disk_usage).
    """

    def __init__(
        self,
        variant: ModelVariant,
        *,
        config: HubConfig | None = None,
        models_root: Path | None = None,
        on_progress: Callable[[DownloadProgress], None] | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        disk_free: Callable[[Path], int] | None = None,
        progress_interval: float = 0.1,
    ) -> None:
        self.variant = variant
        self.config = config or HubConfig()
        self.models_root = Path(models_root) if models_root else None
        self.on_progress = on_progress
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._disk_free = disk_free or (lambda folder: shutil.disk_usage(folder).free)
        self._interval = progress_interval
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop: DownloadState | None = None
        self._running = False
        self._meter = _RateMeter()
        self._last_emit = float("-inf")
        self._grand_total = variant.size
        self.error: LlamaDeskError | None = None
        self.progress = DownloadProgress(DownloadState.QUEUED, 0, variant.size)

    @property
    def id(self) -> str:
        return f"{self.variant.repo_id}:{self.variant.name}"

    @property
    def state(self) -> DownloadState:
        return self.progress.state

    @property
    def destinations(self) -> list[Path]:
        root = self.models_root or models_dir()
        return [safe_destination(root, self.variant.repo_id, f.path) for f in self.variant.files]

    @property
    def path(self) -> Path:
        """The file to load once done (a split model's first part)."""
        return self.destinations[0]

    @property
    def running(self) -> bool:
        return self._running

    # ---------------------------------------------------------------- control
    def pause(self) -> None:
        """Stop, keeping the partial file so that ``run()`` (or a new Download) resumes."""
        self._request(DownloadState.PAUSED)

    def cancel(self) -> None:
        """Stop and delete the partial file."""
        if self._request(DownloadState.CANCELLED):
            self._discard()

    def requeue(self) -> bool:
        """A paused or failed download waits to be run again. False if it cannot."""
        with self._lock:
            if self._running or self.state not in (DownloadState.PAUSED, DownloadState.FAILED):
                return False
            self._stop = None
        self._set_state(DownloadState.QUEUED)
        return True

    def _request(self, state: DownloadState) -> bool:
        """Ask to stop; True when nothing runs, so the caller finishes the job itself."""
        with self._lock:
            if self.state in (DownloadState.DONE, DownloadState.CANCELLED):
                return False
            self._stop = state
            running = self._running
        self._wake.set()
        if not running:
            self._set_state(state)
        return not running

    # ---------------------------------------------------------------- running
    def run(self) -> DownloadState:
        """Download until done, paused or cancelled (returns that state); raise HubError or
        DownloadError on failure (also kept in ``error``, the state then FAILED)."""
        with self._lock:
            if self._running:
                raise RuntimeError("This download is already running.")
            if self.state in (DownloadState.DONE, DownloadState.CANCELLED):
                return self.state
            self._running, self._stop, self.error = True, None, None
            self._wake.clear()
        try:
            self._download()
        except _Stopped:
            pass
        except Exception as error:
            self.error = (
                error
                if isinstance(error, LlamaDeskError)
                else DownloadError(
                    Text(
                        "The download stopped because of an unexpected error ({error}).",
                        error=str(error),
                    )
                )
            )
            self._set_state(DownloadState.FAILED, message=self.error.text)
            raise
        finally:
            with self._lock:
                self._running = False
        if self.state == DownloadState.DONE:  # a late pause or cancel changes nothing
            return self.state
        if self._stop == DownloadState.CANCELLED:
            self._discard()
        if self._stop is not None:
            self._set_state(self._stop)
        return self.state

    def _download(self) -> None:
        config = require_online(self.config)
        destinations = self.destinations
        files = [self._with_metadata(file, config) for file in self.variant.files]
        unknown = next((file for file in files if file.size is None), None)
        if unknown is not None:  # nothing would say where the file ends, nor if it fits
            raise HubError(
                Text(
                    '{host} did not say how large "{file}" is, so LlamaDesk cannot check that '
                    "it fits on the disk. Try again later.",
                    host=config.host(),
                    file=unknown.path,
                ),
                reason="malformed",
            )
        if all(is_complete(d, f) for d, f in zip(destinations, files, strict=True)):
            self._set_state(DownloadState.DONE, done=self._total(files))
            return
        check_free_space(files, destinations, self._disk_free, self.variant.display_name)
        self._grand_total, done = self._total(files), 0
        for index, (file, destination) in enumerate(zip(files, destinations, strict=True)):
            self._fetch(file, destination, index, done, files)
            done += file.size
        self._set_state(DownloadState.VERIFYING, done=done)
        for destination in reversed(destinations):  # the first part last: see the docstring
            try:
                os.replace(part_path(destination), destination)
            except OSError as error:  # on Windows: the old file is open (a model loaded)
                raise DownloadError(
                    Text(
                        "The download is complete but could not replace {path} ({error}). "
                        "Unload the model using it and resume.",
                        path=str(destination),
                        error=str(error.strerror or error),
                    ),
                    reason="write",
                ) from error
            sidecar_path(destination).unlink(missing_ok=True)
        self._set_state(DownloadState.DONE, done=done)

    def _with_metadata(self, file: RemoteFile, config: HubConfig) -> RemoteFile:
        if file.size is not None and file.sha256:
            return file
        meta = file_metadata(
            self.variant.repo_id, file.path, revision=self.variant.revision, config=config
        )
        return replace(file, size=file.size or meta.size, sha256=file.sha256 or meta.sha256)

    @staticmethod
    def _total(files: list[RemoteFile]) -> int:
        return sum(f.size for f in files)  # type: ignore[misc]  (all known by then)

    def _fetch(
        self, file: RemoteFile, destination: Path, index: int, before: int, files: list
    ) -> None:
        """Bring one file's ``.part`` to its full, verified size."""
        part, sidecar = part_path(destination), sidecar_path(destination)
        if part.is_symlink():  # never read or write through a link
            part.unlink()
        url = resolve_url(
            self.variant.repo_id, file.path, revision=self.variant.revision, config=self.config
        )
        record = sidecar_record(replace(self.variant, files=tuple(files)), file, url)
        old = read_sidecar(sidecar)
        same = same_file(old, record)
        if same and old.get("verified") and existing_size(part) == file.size:
            return
        if not same:
            part.unlink(missing_ok=True)
        write_sidecar(sidecar, record)
        position = (index + 1, len(files), file.path)
        for round_ in (1, 2):
            digest = self._transfer(url, file, part, before, position)
            problem = self._verification_problem(file, part, digest)
            if problem is None:
                write_sidecar(sidecar, record | {"verified": True})
                return
            part.unlink(missing_ok=True)
            log.warning("%s failed verification (%s), round %d", file.path, problem, round_)
        sidecar.unlink(missing_ok=True)
        raise DownloadError(
            Text(
                '"{file}" arrived damaged twice ({problem}) and was deleted. The connection or '
                "a proxy may be corrupting data: try again later or on another network.",
                file=file.path,
                problem=problem,
            ),
            reason="checksum" if "sha256" in problem else "size",
        )

    def _transfer(
        self, url: str, file: RemoteFile, part: Path, before: int, position: tuple
    ) -> str:
        """Append to ``part`` until it has the file's size (never more, whatever the server
        sends); its sha256."""
        hasher, offset, size = hashlib.sha256(), existing_size(part), file.size
        if offset > size:
            part.unlink()
            offset = 0
        if offset:
            self._set_state(DownloadState.CHECKING, done=before, position=position)
            self._hash_file(part, hasher)
        total, failures = self._grand_total, 0
        self._meter.reset()
        while offset < size:
            self._set_state(DownloadState.DOWNLOADING, done=before + offset, position=position)
            tried_from = offset
            try:
                with open_range(
                    url,
                    offset,
                    config=self.config,
                    repo_id=self.variant.repo_id,
                    filename=file.path,
                ) as stream:
                    if stream.status == 416:
                        break  # nothing after offset: verification decides
                    if stream.start != offset:
                        if stream.start:  # a range we did not ask for: try again
                            raise HubError(Text("The server sent the wrong part."), retryable=True)
                        part.unlink(missing_ok=True)  # it ignored Range: start again
                        hasher, offset = hashlib.sha256(), 0
                    with self._open_part(part) as out:
                        for chunk in stream.chunks:
                            chunk = chunk[: size - offset]  # never more than announced
                            out.write(chunk)
                            hasher.update(chunk)
                            offset += len(chunk)
                            if offset - tried_from >= PROGRESS_BYTES:
                                failures = 0
                            self._tick(before + offset, total, position)
                            if offset == size:
                                break
                if offset >= size:
                    break
                raise HubError(
                    Text("The server closed the connection early."),
                    reason="interrupted",
                    retryable=True,
                )
            except HubError as error:
                if not error.retryable:
                    raise
                failures += 1
                if failures >= self.retry.attempts:
                    raise HubError(
                        Text(
                            "{error} LlamaDesk tried {failures} times; the partial download is "
                            "kept, so resuming later continues where it stopped.",
                            error=error.text,
                            failures=failures,
                        ),
                        reason=error.reason,
                        retryable=True,
                    ) from error
                delay = self.retry.delay(failures)
                message = Text(
                    "{error} Trying again in {delay:g} s ({attempt} of {attempts}).",
                    error=error.text,
                    delay=delay,
                    attempt=failures + 1,
                    attempts=self.retry.attempts,
                )
                self._set_state(DownloadState.RETRYING, before + offset, position, message)
                self._wait(delay)
            except OSError as error:
                raise write_error(error, part) from error
        return hasher.hexdigest()

    def _verification_problem(self, file: RemoteFile, part: Path, digest: str) -> str | None:
        size = existing_size(part)
        if size != file.size:
            return Text("{size:,} bytes instead of {expected:,}", size=size, expected=file.size)
        if file.sha256:
            return None if digest == file.sha256.lower() else Text("sha256 mismatch")
        try:  # no checksum to compare: at least make sure it is a whole GGUF file
            read_info(part)
        except ModelFileError as error:
            part.unlink(missing_ok=True)
            raise DownloadError(error.text, reason="invalid") from error
        return None

    def _hash_file(self, part: Path, hasher) -> None:
        with part.open("rb") as stream:
            while block := stream.read(4 << 20):
                hasher.update(block)
                if self._stop:
                    raise _Stopped

    def _open_part(self, part: Path) -> BinaryIO:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(part, flags | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise DownloadError(
                    Text(
                        '"{path}" is a link: LlamaDesk does not write through it.', path=str(part)
                    ),
                    reason="unsafe_name",
                ) from error
            raise
        return os.fdopen(fd, "ab")

    def _wait(self, seconds: float) -> None:
        if self._sleep is not None:
            self._sleep(seconds)
        else:
            self._wake.wait(seconds)
        if self._stop:
            raise _Stopped

    # ---------------------------------------------------------------- reporting
    def _tick(self, done: int, total: int | None, position: tuple) -> None:
        now = self._clock()
        speed = self._meter.add(now, done)
        if self._stop:
            raise _Stopped
        if now - self._last_emit < self._interval and done != total:
            return
        eta = (total - done) / speed if total is not None and speed > 0 else None
        part, parts, name = position
        self._emit(
            DownloadProgress(DownloadState.DOWNLOADING, done, total, speed, eta, name, part, parts)
        )

    def _set_state(
        self,
        state: DownloadState,
        done: int | None = None,
        position: tuple | None = None,
        message: str = "",
    ) -> None:
        old = self.progress
        part, parts, name = position or (old.part, old.parts, old.file)
        done = old.done if done is None else done
        total = self._grand_total
        self._emit(DownloadProgress(state, done, total, 0.0, None, name, part, parts, message))

    def _emit(self, progress: DownloadProgress) -> None:
        self.progress = progress
        self._last_emit = self._clock()
        if self.on_progress is not None:
            try:
                self.on_progress(progress)
            except Exception:  # a broken listener must not break the download
                log.exception("download progress listener failed")

    def _discard(self) -> None:
        discard_partial(self.destinations, self.models_root or models_dir())
