"""Screenshots of the main window in its typical states, to look at before a release.

    python packaging/screenshots.py OUTDIR [--dark] [--language zh_CN]

Runs offscreen with a throw-away home folder and a tiny random-weight model, and
writes empty.png (first run), ready.png (model loaded) and streaming.png (an answer
with a code block and a table arriving) into OUTDIR.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "app"))

ANSWER = """Here is a quick comparison of the **quantizations**:

| Quantization | Size | Quality |
|---|---|---|
| Q4_K_M | 0.8 GB | good |
| Q8_0 | 1.3 GB | excellent |

To load one from Python:

```python
from llamadesk.core.engine.llama import Engine

with Engine() as engine:
    engine.load("model.gguf")
```

1. Pick the file that fits your memory.
2. Load it and start chatting.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--language", default="en")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="llamadesk-shots-"))
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = str(home / var.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from llamadesk.core.gguf import synthetic as synthetic_model
    from llamadesk.core.settings import Settings
    from llamadesk.ui.app import create_application, install_translations, open_main_window
    from llamadesk.ui.common import apply_style, force_color_scheme
    from llamadesk.ui.conversation import MessageItem

    app = create_application([])
    install_translations(app, args.language)
    apply_style(app)
    if args.dark:
        force_color_scheme(app, "dark")
    args.outdir.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(args.outdir / name))

    window = open_main_window(Settings(), [])
    window.resize(1280, 800)
    window.show()
    shoot("empty.png")

    model = synthetic_model.write_model(home / "models" / "Llama-3.2-1B-Instruct-Q4_K_M.gguf")
    window.model_ready.connect(lambda _: app.exit(0))
    window.load_model(model)
    app.exec()
    shoot("ready.png")

    window.composer.set_text("")
    question = "Which quantization should I use, and how do I load it?"
    if args.language.startswith("zh"):
        question = "我应该用哪种量化？怎么加载？"
    window.view.append_message(MessageItem(id=1, role="user", content=question))
    window.view.begin_stream(
        MessageItem(
            id=2,
            role="assistant",
            content="",
            status="streaming",
            model="Llama 3.2 1B Instruct · Q4_K_M",
        )
    )
    window.view.append_stream_text(ANSWER[: int(len(ANSWER) * 0.8)])
    window.pages.setCurrentWidget(window.view)
    window.composer.set_generating(True)
    shoot("streaming.png")
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
