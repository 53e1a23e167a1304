"""The log files: what went wrong, written where a user can find it and attach it to a report.

:func:`setup_logging` sends a process's log to a rotating file in the platform's log folder
(``paths.logs_dir()``): ``llamadesk.log`` for the window and the CLI, ``engine.log`` for the
engine process (``name="engine"``), so that two processes never rotate the same file. Each
line has the time, level, process id, thread, logger and message; tracebacks are written in
full. Warnings and worse still go to stderr as before (everything, with ``verbose``).
Uncaught exceptions, in the main thread or any other, are logged with their traceback and
still printed by Python's own hooks.

Logging must never keep the app from starting: a log folder that cannot be written (a
read-only home) leaves logging on stderr only, and a full disk is reported once on stderr.

Secrets never reach a log: every line our handlers write is redacted after it is formatted
(message, arguments and traceback alike): Hugging Face tokens (``hf_`` and 20 or more
letters or digits), ``Bearer`` values, and every exact string registered with
:func:`redact` (the Hub token module registers the token it reads or saves).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import re
import sys
import threading
from importlib import metadata
from pathlib import Path

from llamadesk.core.paths import logs_dir

MAX_BYTES = 1024 * 1024
BACKUPS = 4  # with the current file, five files of each log
FILE_FORMAT = "%(asctime)s %(levelname)-8s [%(process)d %(threadName)s] %(name)s: %(message)s"
CONSOLE_FORMAT = logging.BASIC_FORMAT  # "LEVEL:name:message", as basicConfig() printed

REDACTED = "…(redacted)"
_MIN_SECRET = 8  # shorter strings would blank out ordinary words
_PATTERNS = (
    (re.compile(r"(?i)(\bbearer\s+)[^\s'\",;]+"), r"\g<1>" + REDACTED),
    (re.compile(r"hf_[A-Za-z0-9]{20,}"), "hf_" + REDACTED),
)
_FILE_ONLY = "llamadesk_file_only"  # a record attribute: Python's hooks print it on stderr

_secrets: tuple[str, ...] = ()  # longest first, so a secret inside another goes with it
_lock = threading.RLock()
_handlers: list[logging.Handler] = []  # what setup_logging() added to the root logger
_file_handler: _LogFile | None = None
_saved: tuple | None = None  # root level and hooks from before setup_logging()


def redact(secret: str | None) -> None:
    """Never write ``secret`` to a log of this process (ignored if shorter than 8 characters)."""
    global _secrets
    secret = (secret or "").strip()
    if len(secret) < _MIN_SECRET or secret in _secrets:
        return
    with _lock:
        _secrets = tuple(sorted({*_secrets, secret}, key=len, reverse=True))


def redacted(text: str) -> str:
    """``text`` without registered secrets, Hugging Face tokens and ``Bearer`` values."""
    for secret in _secrets:
        text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Redacts the finished line, so lazily formatted arguments and tracebacks are covered."""

    def format(self, record: logging.LogRecord) -> str:
        return redacted(super().format(record))


class _LogFile(logging.handlers.RotatingFileHandler):
    """A rotating log file that reports a failed write (a full disk) once, not every line."""

    _failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        if self._failed:
            return
        self._failed = True
        error = sys.exc_info()[1]
        with contextlib.suppress(Exception):  # no stderr either (a windowed app)
            sys.stderr.write(f"LlamaDesk cannot write its log file {self.baseFilename}: {error}\n")


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (None in a windowed app: nothing)."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr


def setup_logging(
    verbose: bool = False,
    *,
    name: str = "llamadesk",
    folder: Path | None = None,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
) -> Path | None:
    """Log to ``<folder>/<name>.log`` (``folder`` None: the platform's log folder) and to
    stderr; return the file's path, or None when it could not be opened (logging then goes
    on stderr only). The file takes INFO and up, stderr WARNING and up; ``verbose``: DEBUG
    on both. Calling it again replaces what the first call set up. Never raises."""
    global _file_handler, _saved
    level = logging.DEBUG if verbose else logging.INFO
    root = logging.getLogger()
    with _lock:
        if _saved is None:
            _saved = (root.level, sys.excepthook, threading.excepthook)
            sys.excepthook, threading.excepthook = _sys_hook, _thread_hook
            logging.captureWarnings(True)
        for handler in _handlers:
            root.removeHandler(handler)
            if handler is not _file_handler:  # that one stays open if the file is the same
                handler.close()
        _handlers.clear()

        console = _Stderr()
        console.setLevel(logging.DEBUG if verbose else logging.WARNING)
        console.setFormatter(RedactingFormatter(CONSOLE_FORMAT))
        console.addFilter(lambda record: not getattr(record, _FILE_ONLY, False))
        _handlers.append(console)

        try:
            path = Path(folder if folder is not None else logs_dir()) / f"{name}.log"
            opened = _open_file(path, max_bytes, backups)
            error = None
        except Exception as exception:  # OSError mostly: a read-only home, a file in the way
            opened, error = False, exception
            if _file_handler is not None:
                _file_handler.close()
                _file_handler = None
        if _file_handler is not None:
            _file_handler.setLevel(level)
            _handlers.append(_file_handler)
        for handler in _handlers:
            root.addHandler(handler)
        root.setLevel(min(handler.level for handler in _handlers))
        file = current_log_file()

    log = logging.getLogger("llamadesk")
    if error is not None:
        log.warning("no log file, logging on stderr only: %s", error)
    elif opened:
        log.info(
            "log opened: LlamaDesk %s, Python %s on %s",
            _version(),
            sys.version.split()[0],
            sys.platform,
        )
    return file


def _open_file(path: Path, max_bytes: int, backups: int) -> bool:
    """Make ``_file_handler`` write to ``path``: keep the one open there, else open it; whether
    a file was opened."""
    global _file_handler
    previous = _file_handler
    if previous is not None:
        if (previous.baseFilename, previous.maxBytes, previous.backupCount) == (
            str(path.absolute()),
            max_bytes,
            backups,
        ):
            return False
        previous.close()
        _file_handler = None
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = _LogFile(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(RedactingFormatter(FILE_FORMAT))
    _file_handler = handler
    return True


def current_log_file() -> Path | None:
    """The file :func:`setup_logging` writes to, None before it (or when none could be opened)."""
    handler = _file_handler
    return Path(handler.baseFilename) if handler is not None else None


def close_logging() -> None:
    """Undo :func:`setup_logging`: remove and close its handlers, restore the root logger's
    level and the exception hooks it replaced (for tests, or an app embedding LlamaDesk)."""
    global _file_handler, _saved
    root = logging.getLogger()
    with _lock:
        for handler in _handlers:
            root.removeHandler(handler)
            handler.close()
        _handlers.clear()
        _file_handler = None
        if _saved is not None:
            level, previous_sys_hook, previous_thread_hook = _saved
            root.setLevel(level)
            if sys.excepthook is _sys_hook:
                sys.excepthook = previous_sys_hook
            if threading.excepthook is _thread_hook:
                threading.excepthook = previous_thread_hook
            logging.captureWarnings(False)
            _saved = None


def _version() -> str:
    try:
        return metadata.version("llamadesk")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def _log_uncaught(message: str, exc_info: tuple) -> None:
    with contextlib.suppress(Exception):  # the hook Python calls next still prints it
        logging.getLogger("llamadesk.uncaught").critical(
            message, exc_info=exc_info, extra={_FILE_ONLY: True}
        )


def _sys_hook(exc_type, exc_value, exc_traceback) -> None:
    if not issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C is no error to report
        _log_uncaught("uncaught exception", (exc_type, exc_value, exc_traceback))
    saved = _saved
    (saved[1] if saved else sys.__excepthook__)(exc_type, exc_value, exc_traceback)


def _thread_hook(args) -> None:
    if not issubclass(args.exc_type, SystemExit):  # Python's own hook ignores it too
        thread = args.thread.name if args.thread is not None else "?"
        _log_uncaught(
            f"uncaught exception in thread {thread}",
            (args.exc_type, args.exc_value, args.exc_traceback),
        )
    saved = _saved
    (saved[2] if saved else threading.__excepthook__)(args)
