"""Killing LlamaDesk in the middle of an answer loses at most the last second of it."""

from __future__ import annotations

import contextlib
import os
import select
import selectors
import signal
import subprocess
import sys
import time

from llamadesk.core.store import Store

CHILD = r"""
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from llamadesk.core.machine.backends import LoadOptions
from llamadesk.core.engine.sampling import SamplingParams
from llamadesk.core.settings import Settings
from llamadesk.core.store.store import Store
from llamadesk.ui.main_window import MainWindow

app = QApplication([])
settings = Settings(
    sampling=SamplingParams(seed=1, max_tokens=100000), load=LoadOptions(n_ctx=8192)
)
window = MainWindow(settings, Store())
window.chat.partial_saved.connect(lambda mid, n: print(f"SAVED {mid} {n}", flush=True))
window.model_ready.connect(lambda _: window.chat.send("Please write a very long answer"))
# Should the model end its answer before the first save, keep it talking.
window.chat.answer_finished.connect(lambda _: window.chat.send("More, please"))
window.load_model(Path(sys.argv[1]))
app.exec()
"""


def read_line_with(process: subprocess.Popen, prefix: str, timeout: float) -> str:
    """The first stdout line starting with ``prefix`` (fails after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(deadline - time.monotonic()):
                line = process.stdout.readline()
                if not line:
                    break
                if line.startswith(prefix):
                    return line
    raise AssertionError(f"the app never printed {prefix!r}")


def child_processes(pid: int) -> list[int]:
    """Handles on the processes ``pid`` started (pidfds: they outlive a reparenting)."""
    handles = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as children:
            for child in children.read().split():
                with contextlib.suppress(ProcessLookupError):  # it ended already
                    handles.append(os.pidfd_open(int(child)))
    return handles


def test_sigkill_mid_answer_keeps_the_conversation_and_the_partial_answer(small_model):
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(small_model)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        _, message_id, saved = read_line_with(process, "SAVED", timeout=120).split()
        linux = sys.platform.startswith("linux")  # /proc and pidfds
        children = child_processes(process.pid) if linux else []
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert children or not linux, "the engine runs in a process of its own"
    # The engine process does not outlive the window (it notices its pipe close).
    for handle in children:
        assert select.select([handle], [], [], 30)[0], "a child process outlived the app"
        os.close(handle)

    with Store() as store:
        conversations = store.list_conversations()
        assert len(conversations) == 1
        path = store.active_path(conversations[0].id)
        assert [m.role for m in path[:2]] == ["user", "assistant"]
        assert path[0].content == "Please write a very long answer"
        answer = store.get_message(int(message_id))
        assert answer.role == "assistant" and answer in path
        assert len(answer.content) >= int(saved) > 0
        # The answer that was streaming when the process died is kept, marked cancelled.
        assert path[-1].status in ("cancelled", "complete")
        assert all(m.status != "streaming" for m in path)
