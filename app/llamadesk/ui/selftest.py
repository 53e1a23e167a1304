"""``llamadesk --self-test``: prove that this installation works, without a display.

It is what the installer pipeline runs on every built artefact (source checkout,
frozen bundle, installed package). It starts Qt on the offscreen platform, builds a
tiny real GGUF model in a temporary folder, loads it through the same engine process
the window uses, streams a short answer, prints a short report and exits 0 — or
exits non-zero with the reason:

    1  a step failed (the reason is printed)
    3  a step hung: a watchdog ends the process after ``TIMEOUT_S`` seconds

It writes nothing but its temporary folder (removed afterwards): not in the folder
the application is installed in, and not in the user's folders.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import sys
import tempfile
import threading
import time
import traceback
from importlib import metadata
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QObject, Slot

TIMEOUT_S = 120.0  # the whole test; ``LLAMADESK_SELFTEST_TIMEOUT`` overrides it
PROMPT = "Say hello in a few words."
MAX_TOKENS = 24
SEED = 7

EXIT_FAILED = 1
EXIT_TIMED_OUT = 3


class SelfTestError(Exception):
    """A step failed; the message says which and why."""


def _stream(stream: TextIO | None) -> TextIO:
    # A windowed (no-console) Windows build has no stdout/stderr at all.
    return stream if stream is not None else open(os.devnull, "w")


class _Watchdog:
    """Ends the process if the test outlives its time, whatever thread is stuck."""

    def __init__(self, seconds: float, err: TextIO) -> None:
        self.step = "starting"
        self._seconds = seconds
        self._err = err
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self._err.write(
            f"self-test FAILED: timed out after {self._seconds:g} s while {self.step}\n"
        )
        # A stream without a file descriptor cannot take the threads' stacks.
        with contextlib.suppress(AttributeError, ValueError, OSError):
            faulthandler.dump_traceback(file=self._err, all_threads=True)
        self._err.flush()
        os._exit(EXIT_TIMED_OUT)

    def cancel(self) -> None:
        self._timer.cancel()


def _timeout() -> float:
    value = os.environ.get("LLAMADESK_SELFTEST_TIMEOUT", "")
    try:
        return float(value) if value else TIMEOUT_S
    except ValueError:
        return TIMEOUT_S


def run(timeout: float | None = None) -> int:
    """Run the self-test; returns the process exit status."""
    out, err = _stream(sys.stdout), _stream(sys.stderr)
    if not os.environ.get("QT_QPA_PLATFORM"):  # read when the QApplication is created
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    watchdog = _Watchdog(timeout if timeout is not None else _timeout(), err)
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="llamadesk-selftest-") as folder:
            lines = _run(Path(folder), watchdog)
    except SelfTestError as error:
        err.write(f"self-test FAILED while {watchdog.step}: {error}\n")
        return EXIT_FAILED
    except Exception:
        err.write(f"self-test FAILED while {watchdog.step}:\n{traceback.format_exc()}")
        return EXIT_FAILED
    finally:
        watchdog.cancel()
    for line in lines:
        out.write(line + "\n")
    out.write(f"self-test passed in {time.perf_counter() - started:.1f} s\n")
    out.flush()
    return 0


def _run(folder: Path, watchdog: _Watchdog) -> list[str]:
    watchdog.step = "reading the version"
    version = metadata.version("llamadesk")
    lines = [f"LlamaDesk {version} self-test"]
    frozen = getattr(sys, "frozen", False)
    where = Path(sys.executable).resolve().parent if frozen else Path(__file__).parents[1]
    lines.append(f"  running from: {where} ({'frozen bundle' if frozen else 'source'})")

    watchdog.step = "starting Qt"
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCoreApplication, qVersion
    from PySide6.QtWidgets import QApplication

    qt_app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "llamadesk"])
    lines.append(
        f"  Python {sys.version.split()[0]}, Qt {qVersion()} (PySide6 {pyside_version}), "
        f"platform plugin: {qt_app.platformName()}"
    )

    watchdog.step = "looking for Qt's platform plugins"
    lines.append(_check_platform_plugins(frozen))

    watchdog.step = "checking the resources"
    lines.append(_check_resources())

    watchdog.step = "importing the window's modules"
    # A frozen build that misses one of the window's modules fails here, not in a user's hands.
    from llamadesk.ui import main_window

    del main_window

    watchdog.step = "building a tiny model"
    from llamadesk.core.gguf import write_model

    model = write_model(folder / "selftest-tiny-Q8_0.gguf", quant="Q8_0")

    watchdog.step = "starting the engine process"
    from llamadesk.core.engine import SamplingParams
    from llamadesk.core.machine import LoadOptions
    from llamadesk.ui.engine_client import EngineClient

    engine = EngineClient()
    results = _Results(engine)
    try:
        watchdog.step = "asking llama.cpp for its backends"
        _wait(lambda: engine.backends is not None or results.failure is not None)
        if results.failure is not None:
            raise SelfTestError(f"the engine did not start: {results.failure}")
        report = engine.backends
        devices = ", ".join(f"{d.name} ({d.backend}, {d.kind})" for d in report.devices)
        lines.append(
            f"  llama-cpp-python {report.version}; backends: "
            f"{', '.join(report.backends) or 'none'}; devices: {devices or 'none'}"
        )

        watchdog.step = "loading the model"
        engine.load(str(model), LoadOptions())
        _wait(lambda: results.loaded is not None or results.failure is not None)
        if results.failure is not None:
            raise SelfTestError(f"the model did not load: {results.failure}")
        loaded = results.loaded
        if engine.pid in (None, os.getpid()):
            raise SelfTestError("the engine did not run in a process of its own")
        if "llama_cpp" in sys.modules:
            raise SelfTestError("the window's process loaded llama.cpp")
        lines.append(f"  engine process: pid {engine.pid} (this process: {os.getpid()})")
        lines.append(
            f"  model: {loaded.info.name} ({loaded.info.quantization}) loaded in "
            f"{loaded.load_seconds:.2f} s on {loaded.backend}: {loaded.offload_summary}"
        )

        watchdog.step = "generating an answer"
        request = engine.generate(
            [{"role": "user", "content": PROMPT}],
            SamplingParams(seed=SEED, max_tokens=MAX_TOKENS),
        )
        _wait(lambda: results.finished or results.failure is not None)
        if results.failure is not None:
            raise SelfTestError(f"generation failed: {results.failure}")
        stats = results.stats
        if results.request_ids - {request}:
            raise SelfTestError(f"answers arrived for unknown requests {results.request_ids}")
        if stats is None or stats.finish_reason == "error":
            raise SelfTestError(f"generation failed: {getattr(stats, 'error', 'no statistics')}")
        text = "".join(results.text)
        if stats.generated_tokens <= 0 or not text:
            raise SelfTestError("the model generated no text")
        lines.append(
            f"  answer: {stats.generated_tokens} tokens generated, "
            f"{stats.tokens_per_second:.1f} tokens/s, first token "
            f"{stats.time_to_first_token * 1000:.0f} ms, finish: {stats.finish_reason}"
        )
        lines.append(f"  text: {text[:60]!a}")
    finally:
        watchdog.step = "stopping the engine process"
        engine.shutdown()
        QCoreApplication.processEvents()
    return lines


def _check_resources() -> str:
    from PySide6.QtCore import QLocale, QTranslator
    from PySide6.QtSvg import QSvgRenderer

    from llamadesk.core.paths import resources_dir

    folder = resources_dir()
    if not folder.is_dir():
        raise SelfTestError(f"the resources folder {folder} is missing")
    icon = folder / "icons" / "llamadesk.svg"
    if not icon.is_file():
        raise SelfTestError(f"the application icon {icon} is missing")
    if not QSvgRenderer(str(icon)).isValid():
        raise SelfTestError(f"the application icon {icon} cannot be drawn")
    languages = []
    for qm in sorted((folder / "translations").glob("llamadesk_*.qm")):
        language = qm.stem.removeprefix("llamadesk_")
        if not QTranslator().load(QLocale(language), "llamadesk", "_", str(qm.parent)):
            raise SelfTestError(f"the translation {qm} cannot be loaded")
        languages.append(language)
    return f"  resources: {folder} (icon ok; translations: {', '.join(languages) or 'none'})"


NATIVE_PLATFORMS = {"linux": ("xcb", "wayland"), "win32": ("windows",), "darwin": ("cocoa",)}


def _check_platform_plugins(frozen: bool) -> str:
    """The offscreen test cannot open a window, but it can see that the native plugin is there."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo

    folders = {QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)}
    folders.update(QCoreApplication.libraryPaths())
    found = set()
    for folder in folders:
        for plugin in Path(folder, "platforms").glob("*"):
            name = plugin.name.split(".")[0]
            found.add(name.removeprefix("lib").removeprefix("q"))
    native = NATIVE_PLATFORMS.get(sys.platform, ())
    if frozen and native and not found.intersection(native):
        raise SelfTestError(
            f"no native Qt platform plugin ({' or '.join(native)}) in {sorted(folders)}"
        )
    return f"  Qt platform plugins: {', '.join(sorted(found)) or 'none found'}"


def _wait(condition) -> None:
    """Run the event loop until ``condition()`` holds (the watchdog bounds the wait)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    ticker = QTimer()  # wakes the loop even when no signal arrives
    ticker.start(50)
    try:
        while not condition():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        ticker.stop()


class _Results(QObject):
    """Lives on the main thread, where the engine's signals arrive in order."""

    def __init__(self, engine) -> None:
        super().__init__()
        self.loaded = None
        self.failure: str | None = None
        self.text: list[str] = []
        self.stats = None
        self.finished = False
        self.request_ids: set[int] = set()
        engine.model_loaded.connect(self._on_model_loaded)
        engine.model_load_failed.connect(self._on_model_load_failed)
        engine.model_load_cancelled.connect(self._on_model_load_cancelled)
        engine.engine_crashed.connect(self._on_engine_crashed)
        engine.text_received.connect(self._on_text_received)
        engine.generation_finished.connect(self._on_generation_finished)
        engine.generation_failed.connect(self._on_generation_failed)

    @Slot(object)
    def _on_model_loaded(self, loaded) -> None:
        self.loaded = loaded

    @Slot(object, object)
    def _on_model_load_failed(self, reason: str, _still_loaded) -> None:
        self.failure = reason

    @Slot()
    def _on_model_load_cancelled(self) -> None:
        self.failure = "loading was cancelled"

    @Slot(object)
    def _on_engine_crashed(self, reason: str) -> None:
        self.failure = reason

    @Slot(int, str)
    def _on_text_received(self, request_id: int, text: str) -> None:
        self.request_ids.add(request_id)
        self.text.append(text)

    @Slot(int, object)
    def _on_generation_finished(self, request_id: int, stats) -> None:
        self.request_ids.add(request_id)
        self.stats = stats
        self.finished = True

    @Slot(int, object)
    def _on_generation_failed(self, request_id: int, reason: str) -> None:
        self.request_ids.add(request_id)
        self.failure = reason
