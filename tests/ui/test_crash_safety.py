"""Killing LlamaDesk in the middle of an answer loses at most the last second of it."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time

from app.core.store import Store

CHILD = r"""
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.core.backends import LoadOptions
from app.core.sampling import SamplingParams
from app.core.settings import Settings
from app.core.store import Store
from app.ui.main_window import MainWindow

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


def test_sigkill_mid_answer_keeps_the_conversation_and_the_partial_answer(small_model):
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(small_model)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        _, message_id, saved = read_line_with(process, "SAVED", timeout=120).split()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL

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
