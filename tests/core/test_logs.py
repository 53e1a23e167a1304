"""The log files: where they go, what a line holds, rotation, uncaught exceptions, secrets kept
out, and logging that keeps working on stderr when no file can be written."""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import sys
import threading
from pathlib import Path

import pytest

from llamadesk.core import logs
from llamadesk.core.logs import close_logging, current_log_file, redact, redacted, setup_logging
from llamadesk.core.paths import logs_dir

log = logging.getLogger("llamadesk.test")
HF_TOKEN = "hf_" + "A1b2C3d4" * 4
SECRET = "opaque-secret-without-prefix-42"


@pytest.fixture(autouse=True)
def clean_logging():
    """Take away what setup_logging() added, so other tests (and pytest's capture) are as before."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    close_logging()
    assert root.level == level and root.handlers == handlers


def text(path: Path | None) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert path is not None
    return path.read_text(encoding="utf-8")


def test_the_log_file_is_in_the_log_folder(user_dirs, capsys):
    path = setup_logging()
    assert path == logs_dir() / "llamadesk.log" == current_log_file()
    assert user_dirs in path.parents  # the test's own folders
    log.info("only in the %s", "file")
    log.warning("in the file and on stderr")
    lines = text(path).splitlines()
    assert re.fullmatch(
        rf"\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d,\d{{3}} INFO     \[{os.getpid()} MainThread\] "
        r"llamadesk.test: only in the file",
        lines[-2],
    )
    assert re.fullmatch(
        r"[-\d]+ [:,\d]+ WARNING  \[\d+ MainThread\] llamadesk.test: in the file and on stderr",
        lines[-1],
    )
    assert "log opened: LlamaDesk" in lines[0]
    assert capsys.readouterr().err == "WARNING:llamadesk.test:in the file and on stderr\n"


def test_verbose_writes_debug_lines_to_both(capsys):
    path = setup_logging(verbose=True)
    log.debug("details")
    assert "DEBUG    " in text(path).splitlines()[-1]
    assert "DEBUG:llamadesk.test:details" in capsys.readouterr().err


def test_pytest_still_captures_the_log(caplog):
    setup_logging()
    log.warning("seen by caplog")
    assert "seen by caplog" in caplog.text


def test_a_logged_exception_has_its_whole_traceback():
    path = setup_logging()

    def inner():
        raise ZeroDivisionError("the inner failure")

    try:
        inner()
    except ZeroDivisionError:
        log.exception("loading failed")
    written = text(path)
    assert "ERROR    " in written and "llamadesk.test: loading failed\nTraceback" in written
    assert "in inner\n" in written and "ZeroDivisionError: the inner failure" in written


def test_uncaught_exceptions_are_logged_and_still_printed(capsys, monkeypatch):
    printed = []
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)  # not pytest-qt's
    monkeypatch.setattr(threading, "excepthook", printed.append)
    path = setup_logging()
    try:
        raise RuntimeError("nobody caught this")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    err = capsys.readouterr().err
    assert err.count("RuntimeError: nobody caught this") == 1  # by Python's hook, not twice
    assert "CRITICAL" not in err

    def fail():
        raise ValueError("a worker failed")

    worker = threading.Thread(target=fail, name="worker")
    worker.start()
    worker.join()
    assert [args.exc_type for args in printed] == [ValueError]  # the previous hook ran too

    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)  # Ctrl+C: printed only
    written = text(path)
    assert "CRITICAL [" in written
    assert "llamadesk.uncaught: uncaught exception\nTraceback" in written
    assert "RuntimeError: nobody caught this" in written
    assert "uncaught exception in thread worker\nTraceback" in written
    assert "in fail\n" in written and "ValueError: a worker failed" in written
    assert "KeyboardInterrupt" not in written


def test_the_hooks_are_put_back():
    before = sys.excepthook, threading.excepthook
    setup_logging()
    assert (sys.excepthook, threading.excepthook) != before
    close_logging()
    assert (sys.excepthook, threading.excepthook) == before


def test_secrets_never_reach_the_file(capsys, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)  # not pytest-qt's
    path = setup_logging()
    redact(SECRET)
    log.info("token %s", HF_TOKEN)  # formatted lazily
    log.info(f"registered {SECRET} and {HF_TOKEN}")
    log.warning("headers %s", {"Authorization": "Bearer some.opaque-value_1"})
    log.info("Authorization: Bearer another-opaque-value")
    try:
        raise PermissionError(f"refused: {HF_TOKEN} / {SECRET}")
    except PermissionError:
        log.exception("request with %s failed", SECRET)
        sys.excepthook(*sys.exc_info())
    written = text(path)
    for secret in (HF_TOKEN, HF_TOKEN[3:], SECRET, "opaque-value"):
        assert secret not in written
    assert "token hf_…(redacted)" in written
    assert "registered …(redacted) and hf_…(redacted)" in written
    assert "{'Authorization': 'Bearer …(redacted)'}" in written
    assert "Authorization: Bearer …(redacted)" in written
    assert "PermissionError: refused: hf_…(redacted) / …(redacted)" in written
    assert "request with …(redacted) failed\nTraceback" in written
    logged = capsys.readouterr().err.split("Traceback")[0]  # then Python's own hook printed
    assert "Bearer …(redacted)" in logged and "opaque-value" not in logged


def test_what_is_redacted():
    assert redacted("hf_hub_download hf_short") == "hf_hub_download hf_short"
    redact("short")  # too short to register: it would blank out words
    redact(None)
    assert redacted("a short word") == "a short word"
    redact("a-longer-secret")
    assert redacted("x=a-longer-secret;") == "x=…(redacted);"
    assert redacted("authorization: bearer abc.def") == "authorization: bearer …(redacted)"


def test_the_file_rotates_at_its_size_limit():
    path = setup_logging(max_bytes=2000, backups=2)
    for number in range(200):
        log.info("line %03d %s", number, "x" * 40)
    assert path is not None
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["llamadesk.log", "llamadesk.log.1", "llamadesk.log.2"]
    assert all((path.parent / name).stat().st_size <= 2000 for name in files)
    assert text(path).splitlines()[-1].endswith("line 199 " + "x" * 40)


def test_a_folder_that_cannot_be_written_leaves_stderr(tmp_path, capsys, monkeypatch):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")
    assert setup_logging(folder=in_the_way / "logs") is None  # its folder is a file
    assert current_log_file() is None
    log.warning("still on stderr")
    err = capsys.readouterr().err
    assert "no log file, logging on stderr only" in err and "still on stderr" in err

    def refused():
        raise PermissionError(13, "Permission denied", "/home/user/.local/state")

    monkeypatch.setattr(logs, "logs_dir", refused)  # platformdirs cannot make the folder
    assert setup_logging() is None
    assert "Permission denied" in capsys.readouterr().err
    assert logging.getLogger().level == logging.WARNING  # as before there was a file


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="POSIX, not root")
def test_a_read_only_folder_leaves_stderr(tmp_path, capsys):
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o500)
    assert setup_logging(folder=folder) is None
    assert "no log file" in capsys.readouterr().err


def test_no_stderr_at_all_is_no_error(monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)  # a windowed app on Windows
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    path = setup_logging()
    log.error("only the file sees this")
    sys.excepthook(OSError, OSError("nowhere to print"), None)
    assert "only the file sees this" in text(path) and "OSError: nowhere to print" in text(path)


def test_a_full_disk_is_reported_once(capsys):
    setup_logging()

    class FullDisk:
        def write(self, text):
            raise OSError(28, "No space left on device")

        def flush(self):
            pass

        def seek(self, offset, whence=0):
            return 0

        def tell(self):
            return 0

    logs._file_handler.stream = FullDisk()  # type: ignore[union-attr]
    for _ in range(3):
        log.info("lost")
    err = capsys.readouterr().err
    assert err.count("cannot write its log file") == 1 and "No space left" in err


def test_setting_up_twice_adds_no_second_handler(capsys):
    first = setup_logging()
    handlers = len(logging.getLogger().handlers)
    assert setup_logging() == first
    assert len(logging.getLogger().handlers) == handlers
    log.warning("once")
    assert text(first).count("once") == 1
    assert capsys.readouterr().err.count("once") == 1
    setup_logging(verbose=True)  # a second call may change the level
    log.debug("now in the file")
    assert "now in the file" in text(first)
    assert text(first).count("log opened: LlamaDesk") == 1  # the same file, kept open


def _engine_process(verbose: bool) -> None:
    path = setup_logging(verbose, name="engine")
    logging.getLogger("llamadesk.engine").debug("hello from %s", os.getpid())
    print(path, flush=True)


def test_the_engine_process_writes_its_own_file():
    engine = setup_logging(name="engine")
    assert engine == logs_dir() / "engine.log"
    close_logging()
    process = multiprocessing.get_context("spawn").Process(target=_engine_process, args=(True,))
    process.start()
    process.join(60)
    assert process.exitcode == 0
    written = (logs_dir() / "engine.log").read_text(encoding="utf-8")
    assert f"[{process.pid} MainThread] llamadesk.engine: hello from {process.pid}" in written
    assert not (logs_dir() / "llamadesk.log").exists()
