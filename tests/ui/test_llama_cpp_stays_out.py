"""The window's process never loads llama.cpp: only its engine process does.

A crash inside llama.cpp must not take the window down, so nothing in the window's
process may map the library, not even to ask which GPUs there are. Checked in a fresh
process (this test process has loaded llama.cpp for the engine's own tests)."""

from __future__ import annotations

import json
import subprocess
import sys

WINDOW = r"""
import json, os, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from llamadesk.core.settings import Settings
from llamadesk.core.store import Store
from llamadesk.ui.main_window import MainWindow

app = QApplication([])
window = MainWindow(Settings(), Store(Path(sys.argv[2])))
result = {}

def loaded(model):
    result["engine_pid"] = window.engine.pid
    result["backends"] = window.engine.backends is not None
    result["model"] = model.path.name
    window.show_model_manager("discover")  # the fit verdicts need the devices too
    QTimer.singleShot(0, finish)

def finish():
    window.model_manager.machine.get()
    maps = Path("/proc/self/maps")
    mapped = maps.read_text() if maps.exists() else ""
    result["mapped"] = sorted({line.split()[-1] for line in mapped.splitlines()
                               if "llama" in line.rsplit("/", 1)[-1] or "ggml" in line})
    result["modules"] = sorted(m for m in sys.modules if m.startswith("llama_cpp")
                               or m == "llamadesk.core.engine.llama")
    window.close()
    app.quit()

window.model_ready.connect(loaded)
window.engine.model_load_failed.connect(lambda message, _: (print(message), app.exit(1)))
window.load_model(Path(sys.argv[1]))
QTimer.singleShot(60000, lambda: app.exit(3))
code = app.exec()
print(json.dumps(result))
sys.exit(code)
"""


def test_the_window_process_never_maps_llama_cpp(tiny_model, tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", WINDOW, str(tiny_model), str(tmp_path / "chats.sqlite3")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["model"] == tiny_model.name and result["backends"]
    assert result["engine_pid"] is not None
    assert result["modules"] == []
    assert result["mapped"] == []
