"""The one way the window runs work off the GUI thread.

A :class:`TaskRunner` calls a blocking function (a Hub request, a disk scan) on a worker
thread and hands its result, or its error as a sentence for the user, to a callback on
the GUI thread; :meth:`TaskRunner.stream` does the same for every item a blocking
generator yields (the engine's events), in order.

Only an int crosses threads: a worker puts its result in a dictionary and emits the
task's id; the slot, on the GUI thread, takes the result out. No Python object then
depends on how the Qt binding counts references across threads, and whatever the
callbacks connect to runs on the GUI thread directly.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from llamadesk.core.errors import LlamaDeskError
from llamadesk.ui.common.core_texts import translated

log = logging.getLogger(__name__)

_ITEM, _DONE, _FAILED = range(3)  # what a worker hands over: an item, the end, an error


class TaskRunner(QObject):
    """Run blocking calls on worker threads; results come back on the GUI thread."""

    _ready = Signal(int)  # task id; what it produced waits in _outputs
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, workers: int = 4) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="llamadesk")
        # task id -> (on_item, on_done, on_error); on_item is None for a single call
        self._callbacks: dict[int, tuple[Callable | None, Callable | None, Callable | None]] = {}
        self._outputs: dict[int, deque] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._closed = False
        self._working = 0  # workers running a task now
        self._ready.connect(self._on_ready)

    @property
    def busy(self) -> bool:
        """Whether a task has not yet handed all it produced to the GUI thread."""
        return bool(self._callbacks)

    def working(self) -> bool:
        """Whether a worker thread still runs a task."""
        with self._lock:
            return self._working > 0

    def run(
        self,
        function: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str, BaseException], None] | None = None,
    ) -> int | None:
        """Call ``function(*args)`` on a worker; then ``on_done(result)``, or
        ``on_error(message, error)``, on the GUI thread. Returns the task's id."""

        def work(task: int) -> None:
            self._put(task, _DONE, function(*args))

        return self._start(work, None, on_done, on_error)

    def stream(
        self,
        items: Callable[[], Iterator[Any]],
        on_item: Callable[[Any], None],
        *,
        on_done: Callable[[None], None] | None = None,
        on_error: Callable[[str, BaseException], None] | None = None,
    ) -> int | None:
        """Iterate ``items()`` on a worker; each item reaches ``on_item`` on the GUI thread,
        in order, then ``on_done(None)`` (or ``on_error``). For a stream that lasts, give
        it a runner of its own: it holds a worker as long as it runs."""

        def work(task: int) -> None:
            for item in items():
                self._put(task, _ITEM, item)
            self._put(task, _DONE, None)

        return self._start(work, on_item, on_done, on_error)

    def _start(self, work, on_item, on_done, on_error) -> int | None:
        if self._closed:
            return None
        task = next(self._ids)
        self._callbacks[task] = (on_item, on_done, on_error)
        self._outputs[task] = deque()
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)

        def guarded() -> None:
            with self._lock:
                self._working += 1
            try:
                work(task)
            except Exception as failure:  # handed to the GUI thread
                self._put(task, _FAILED, failure)
            finally:
                with self._lock:
                    self._working -= 1

        self._pool.submit(guarded)
        return task

    def _put(self, task: int, kind: int, value: Any) -> None:
        with self._lock:
            self._outputs[task].append((kind, value))
        with contextlib.suppress(RuntimeError):  # the runner is gone: the window closed
            self._ready.emit(task)

    @Slot(int)
    def _on_ready(self, task: int) -> None:
        while True:
            with self._lock:
                outputs = self._outputs.get(task)
                if not outputs:
                    return
                kind, value = outputs.popleft()
            on_item, on_done, on_error = self._callbacks[task]
            if kind == _ITEM:
                on_item(value)
                continue
            with self._lock:
                del self._outputs[task]
            del self._callbacks[task]
            if not self._callbacks:
                self.busy_changed.emit(False)
            if kind == _DONE:
                if on_done is not None:
                    on_done(value)
            elif on_error is not None:
                on_error(error_message(value), value)
            else:
                error_message(value)  # logged with its traceback
            return

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=True)


def error_message(error: BaseException) -> str:
    """A sentence for the user about ``error``: a core error's own message, translated;
    anything else is a bug, logged with its traceback for a report."""
    if isinstance(error, LlamaDeskError):
        return translated(error)
    log.error("background task failed", exc_info=error)
    return QCoreApplication.translate(
        "TaskRunner", "Something went wrong: {error}. The details are in the log file."
    ).format(error=error)
