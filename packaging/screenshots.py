"""Screenshots of the main window in its typical states, to look at before a release.

    python packaging/screenshots.py OUTDIR [--dark] [--language zh_CN] [--width 760]
        [--no-sidebar]

Runs offscreen with a throw-away home folder and a tiny random-weight model, and
writes empty.png (first run), ready.png (model loaded, the task starters), picker.png (the
model picker open: two models in two quantizations, one loaded), task-dialog.png
and task.png (a translation task being started, then opened), attachments.png (documents
attached to the message being written, with their size in tokens against the context, and a
sent message with its document), streaming.png (an answer with a code block and a table
arriving), thinking.png (a thinking model: one answer's
reasoning folded, one unfolded, one still thinking, and the settings panel's thinking
section) and connections.png (the model manager's Connections page, a new one being
added) into OUTDIR.
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

THOUGHTS = {  # (question, reasoning, answer, seconds), in English and in Chinese
    False: [
        (
            "Is 1,001 a prime number?",
            "The user asks whether 1001 is prime. Check small divisors: 1001 / 7 = 143, and "
            "143 = 11 × 13. So 1001 = 7 × 11 × 13, not prime.",
            "No. **1,001 = 7 × 11 × 13**, so it is not prime.",
            7.6,
        ),
        (
            "Then what is the next prime after it?",
            "Next numbers: 1002 is even; 1003 = 17 × 59; 1004 even; 1005 ends in 5; 1006 even; "
            "1007 = 19 × 53; 1008 even; 1009: not divisible by 2, 3, 5, 7, 11, 13, 17, 19, 23, "
            "29, 31 (31² = 961, 37² = 1369 > 1009). So 1009 is prime.",
            "The next prime is **1,009**: every number from 1,002 to 1,008 has a small factor.",
            12.3,
        ),
    ],
    True: [
        (
            "1001 是质数吗？",
            "用户问 1001 是否为质数。试除小因数：1001 ÷ 7 = 143，而 143 = 11 × 13。"
            "所以 1001 = 7 × 11 × 13，不是质数。",
            "不是。**1001 = 7 × 11 × 13**，所以它不是质数。",
            7.6,
        ),
        (
            "那它后面的下一个质数是多少？",
            "依次检查：1002 是偶数；1003 = 17 × 59；1004 是偶数；1005 以 5 结尾；1006 是偶数；"
            "1007 = 19 × 53；1008 是偶数；1009 不能被 2、3、5、7、11、13、17、19、23、29、31 "
            "整除（37² = 1369 > 1009），所以 1009 是质数。",
            "下一个质数是 **1009**：1002 到 1008 之间的每个数都有小因数。",
            12.3,
        ),
    ],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--language", default="en")
    parser.add_argument("--width", type=int, default=1280, help="the main window's width")
    parser.add_argument("--no-sidebar", action="store_true", help="the conversations hidden")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="llamadesk-shots-"))
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = str(home / var.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from llamadesk.core.gguf import synthetic as synthetic_model
    from llamadesk.core.settings import Settings
    from llamadesk.ui.app import create_application, install_translations, open_main_window
    from llamadesk.ui.common import apply_style
    from llamadesk.ui.conversation import MessageItem
    from llamadesk.ui.shortcuts import ShortcutsDialog

    app = create_application([])
    install_translations(app, args.language)
    apply_style(app, "dark" if args.dark else "light")
    args.outdir.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        QTest.qWait(300)  # layouts that settle on a timer (the chat column's width) settle
        window.grab().save(str(args.outdir / name))

    window = open_main_window(Settings(), [])
    window.resize(args.width, 800)
    window.show_sidebar(not args.no_sidebar)
    window.show()
    shoot("empty.png")

    model = synthetic_model.write_model(home / "models" / "Llama-3.2-1B-Instruct-Q4_K_M.gguf")
    window.model_ready.connect(lambda _: app.exit(0))
    window.load_model(model)
    app.exec()
    shoot("ready.png")

    from PySide6.QtGui import QPainter

    from llamadesk.core.paths import models_dir

    templates = ROOT / "tests" / "data" / "chat_templates"
    llama = (templates / "meta-llama-Llama-3.2-3B-Instruct.jinja").read_text(encoding="utf-8")
    qwen3 = (templates / "Qwen-Qwen3-0.6B.jinja").read_text(encoding="utf-8")
    for name, quant, template in (
        ("Llama-3.2-1B-Instruct", "Q8_0", llama),  # its heading: Tools
        ("Qwen3-4B", "Q4_0", qwen3),  # Thinking, Tools
        ("Qwen3-4B", "F16", qwen3),
    ):
        synthetic_model.write_model(
            models_dir() / f"{name}-{quant}.gguf", quant=quant, name=name, chat_template=template
        )
    window.scan_models()
    while len([r for r in window.picker.rows() if r.fit is not None]) < 3:
        app.processEvents()
    window.picker.open()
    for _ in range(5):
        app.processEvents()
    picture = window.grab()  # the popup is a window of its own: drawn over the main one
    painter = QPainter(picture)
    popup = window.picker.popup
    painter.drawPixmap(window.mapFromGlobal(popup.pos()), popup.grab())
    painter.end()
    picture.save(str(args.outdir / "picker.png"))
    popup.hide()

    window.task_starter.start("translate")  # the task starters: Translate's choice, then
    dialog = window.task_starter.dialog  # its conversation, empty, saying what to do
    dialog.target.setCurrentIndex(dialog.target.findData("fr"))
    for _ in range(5):
        app.processEvents()
    dialog.grab().save(str(args.outdir / "task-dialog.png"))
    dialog.accept()
    window.settings_dock.show()
    shoot("task.png")
    window.settings_dock.hide()
    window.open_conversation(None)

    shoot_attachments(window, home, args.language.startswith("zh"), shoot)
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

    chinese = args.language.startswith("zh")
    thinker = synthetic_model.write_model(
        home / "models" / "Qwen3-8B-Q4_K_M.gguf",
        chat_template=qwen3,
        vocabulary=synthetic_model.QWEN3,
        name="Qwen3 8B",
    )
    window.view.end_stream(MessageItem(id=2, role="assistant", content=ANSWER))
    window.composer.set_generating(False)
    window.load_model(thinker)
    app.exec()
    window.settings_dock.show()
    label = "Qwen3 8B · Q8_0"
    items = []
    for number, (question, thought, answer, seconds) in enumerate(THOUGHTS[chinese]):
        items.append(MessageItem(id=10 + 2 * number, role="user", content=question))
        items.append(
            MessageItem(
                id=11 + 2 * number,
                role="assistant",
                content=answer,
                model=label,
                thinking=thought,
                meta={
                    "thinking_seconds": seconds,
                    "generated_tokens": 212,
                    "tokens_per_second": 31.4,
                },
            )
        )
    window.view.set_messages(items)
    window.view.message_widget(13).thinking.set_expanded(True)
    window.view.append_message(MessageItem(id=20, role="user", content=THOUGHTS[chinese][0][0]))
    window.view.begin_stream(
        MessageItem(id=21, role="assistant", content="", status="streaming", model=label)
    )
    window.view.append_stream_thinking(THOUGHTS[chinese][0][1][:60])
    window.composer.set_generating(True)
    shoot("thinking.png")
    window.composer.set_generating(False)  # the keyboard: search hits, then the shortcuts
    for question, _thought, answer, _seconds in THOUGHTS[chinese]:
        found = window.store.create_conversation(question)
        asked = window.store.add_message(found.id, None, "user", question)
        window.store.add_message(found.id, asked.id, "assistant", answer)
    window.focus_search()
    window.sidebar.search.setText("质数" if chinese else "prime")
    window.sidebar.set_search_results(window.store.search(window.sidebar.search.text()))
    shoot("search.png")
    dialog = ShortcutsDialog(window)
    dialog.show()
    for _ in range(5):
        app.processEvents()
    dialog.grab().save(str(args.outdir / "shortcuts.png"))
    dialog.close()
    window.sidebar.search.clear()
    window.composer.set_generating(True)

    from llamadesk.core.connections import make_connection

    workstation = make_connection("workstation", "http://192.168.1.20:8080/v1", ())
    cluster = make_connection("gpu-cluster", "https://vllm.example.com/v1", (), timeout=900)
    window.settings.connections = [workstation, cluster]
    window.show_model_manager("connections")
    manager = window.model_manager
    manager.resize(1040, 760)
    manager.connections_page.refresh()
    manager.connections_page.edit(None)
    manager.connections_page.editor.name.setText("office-ollama")
    manager.connections_page.editor.address.setText("http://10.0.0.7:11434/v1")
    while manager.runner.busy:
        app.processEvents()
    for _ in range(5):
        app.processEvents()
    manager.grab().save(str(args.outdir / "connections.png"))
    manager.shutdown()

    import json
    import socket
    import urllib.request

    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    window.composer.set_generating(False)
    window.view.end_stream(MessageItem(id=21, role="assistant", content="", model=label))
    window.server_dock.show()
    window.server_dock.raise_()
    window.server_panel.port.setValue(port)
    window.server.started.connect(lambda _: app.exit(0))
    window.server_panel.switch.click()
    app.exec()
    body = {"model": "m", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 12}
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/v1/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=60).read()
    while window.server_panel.log.rowCount() == 0:
        app.processEvents()
    shoot("server.png")
    window.close()
    QApplication.processEvents()
    return 0


DOCUMENTS = {  # (file, text) attached in the composer; the question sent with a report
    False: (
        ("meeting-notes.md", "# Launch meeting\n\n- Ship on 3 June\n- Ana writes the notes\n"),
        ("budget.py", "costs = {'ads': 1200, 'hosting': 300}\nprint(sum(costs.values()))\n"),
        "What did the report conclude about sales in the third quarter?",
    ),
    True: (
        ("会议纪要.md", "# 发布会议\n\n- 6 月 3 日发布\n- 安娜负责纪要\n"),
        ("budget.py", "costs = {'ads': 1200, 'hosting': 300}\nprint(sum(costs.values()))\n"),
        "报告对第三季度的销售得出了什么结论？",
    ),
}


def shoot_attachments(window, home: Path, chinese: bool, shoot) -> None:
    """A sent message with its report, and two documents attached to the next one."""
    from PySide6.QtWidgets import QApplication

    from llamadesk.core.documents import Attachment
    from llamadesk.ui.conversation import MessageItem

    notes, code, question = DOCUMENTS[chinese]
    report = Attachment(
        "Quarterly report Q3.pdf", "pdf", "[Page 1]\nSales grew by 12 percent.\n", 482_113, 12
    )
    answer = (
        "第三季度销售增长了 **12%**，主要来自北部地区。"
        if chinese
        else "Sales grew by **12%** in the third quarter, mostly in the northern region."
    )
    window.view.set_messages(
        [
            MessageItem(id=1, role="user", content=question, attachments=(report,)),
            MessageItem(
                id=2,
                role="assistant",
                content=answer,
                model="Llama 3.2 1B Instruct · Q4_K_M",
                meta={"generated_tokens": 24, "tokens_per_second": 41.2},
            ),
        ]
    )
    window.pages.setCurrentWidget(window.view)
    folder = home / "documents"
    folder.mkdir(exist_ok=True)
    for name, text in (notes, code):
        (folder / name).write_text(text * 5, encoding="utf-8")
    window.attachments.add_files([str(folder / notes[0]), str(folder / code[0])])
    while window.attachments.busy:
        QApplication.processEvents()
    window.composer.set_text("请比较这两份文件。" if chinese else "Compare these two files.")
    shoot("attachments.png")
    window.attachments.clear()
    window.view.set_messages([])


if __name__ == "__main__":
    sys.exit(main())
