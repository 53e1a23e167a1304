"""Starting LlamaDesk again brings the running window forward instead of a second one."""

from __future__ import annotations

import os
import subprocess
import sys

from llamadesk.core import paths
from llamadesk.ui.single_instance import InstanceGuard
from tests.ui.test_main_window import TIMEOUT, make_window


def test_a_second_start_asks_the_running_one_and_passes_the_model(qtbot, tmp_path):
    running = InstanceGuard(tmp_path)
    assert running.acquire()
    second = InstanceGuard(tmp_path)
    assert not second.acquire()  # the lock is held (by a live process: this one)
    model = tmp_path / "model.gguf"
    with qtbot.waitSignal(running.activated, timeout=10000) as activated:
        second.ask_running(model)
    assert activated.args == [str(model.resolve())]
    with qtbot.waitSignal(running.activated, timeout=10000) as activated:
        second.ask_running(None)
    assert activated.args == [""]
    running.release()
    assert second.acquire()  # the first one is gone: the next start runs
    second.release()


def test_a_lock_left_by_a_dead_process_does_not_block_the_next_start(tmp_path):
    child = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from llamadesk.ui.single_instance import InstanceGuard\n"
        "app = QCoreApplication([])\n"
        "guard = InstanceGuard(Path(sys.argv[1]))\n"
        "assert guard.acquire()\n"
        "os._exit(0)  # dies holding the lock\n"
    )
    subprocess.run([sys.executable, "-c", child, str(tmp_path)], check=True, env=os.environ)
    assert (tmp_path / "llamadesk.lock").exists()
    guard = InstanceGuard(tmp_path)
    assert guard.acquire()
    guard.release()


def test_the_window_comes_forward_and_opens_the_model_asked_for(qtbot, tiny_model):
    window = make_window(qtbot)
    guard = InstanceGuard(paths.data_dir() / "instance")
    assert guard.acquire()
    guard.activated.connect(window.bring_forward)
    window.showMinimized()
    with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT) as ready:
        InstanceGuard(paths.data_dir() / "instance").ask_running(tiny_model)
    assert ready.args[0].path == tiny_model
    assert not window.isMinimized()
    guard.release()
    window.close()


def test_llamadesk_started_twice_exits_the_second_time(tmp_path):
    guard = InstanceGuard(paths.data_dir() / "instance")
    assert guard.acquire()
    second = subprocess.run(
        [sys.executable, "-m", "llamadesk.cli.main"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert second.returncode == 0
    assert "running already" in second.stderr
    assert (paths.data_dir() / "instance" / "activate").exists()
    guard.release()
