"""The core's sentences in the user's language: errors, reasons, stored warnings."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from string import Formatter

import pytest
from PySide6.QtCore import QLocale

from llamadesk.core.engine import LocalEngine, ModelLoadFailed, SamplingParams
from llamadesk.core.gguf import read_info
from llamadesk.core.machine import LoadOptions
from llamadesk.core.machine.fit import Machine, fit_verdict
from llamadesk.core.settings import Settings
from llamadesk.core.store import Store
from llamadesk.core.texts import Text, stored_texts
from llamadesk.ui.app import install_translations
from llamadesk.ui.common import shown_meta, translated
from llamadesk.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "packaging"))

import translations  # noqa: E402

GiB = 1024**3
TIMEOUT = 60000
NO_TEMPLATE = "The model has no chat template; using the ChatML format."


@pytest.fixture
def chinese(qapp):
    locale = QLocale()
    assert install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")  # as the app speaks by default
    QLocale.setDefault(locale)


def test_a_file_the_engine_refuses_is_explained_in_chinese(chinese, tmp_path):
    page = tmp_path / "page.gguf"
    page.write_text("<html><body>404 Not Found</body></html>")
    engine = LocalEngine()
    try:
        engine.load(str(page), LoadOptions())
        event = engine.wait_for(ModelLoadFailed)
    finally:
        engine.close()
    message = event.message
    assert isinstance(event, ModelLoadFailed) and isinstance(message, Text)  # through the pipe
    assert "web page" in message
    shown = translated(message)
    assert "网页" in shown and str(page) in shown and "web page" not in shown


def test_a_fit_verdict_reason_is_in_chinese(chinese, tiny_model):
    fit = fit_verdict(read_info(tiny_model), Machine(16 * GiB, 12 * GiB), n_ctx=2048)
    assert fit.reason.startswith("CPU only: it needs")
    shown = translated(fit.reason)
    assert shown.startswith("仅 CPU：它需要") and "未找到 GPU" in shown
    assert "2,048 token" in shown and "needs" not in shown and "context" not in shown


def test_a_stored_warning_and_the_finish_reason_are_in_chinese_in_a_reopened_chat(
    chinese, qtbot, tiny_model_without_template
):
    settings = Settings(sampling=SamplingParams(seed=1, max_tokens=8), load=LoadOptions(n_ctx=1024))
    window = MainWindow(settings, Store())
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT):
        window.load_model(tiny_model_without_template)
    assert "该模型没有对话模板" in window.notice.label.text()  # the load's template warning
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT):
        window.chat.send("你好")
    conversation = window.chat.conversation_id
    answer = window.store.active_path(conversation)[-1]
    assert answer.meta["warnings"] == [NO_TEMPLATE]  # stored in English, and translatable
    window.chat.new_conversation()
    window.chat.open_conversation(conversation)
    widget = window.view.message_widget(answer.id)
    assert "该模型没有对话模板" in widget.notice.text() and NO_TEMPLATE not in widget.notice.text()
    reason = {"stop": "模型已完成回答", "length": "已达到长度上限"}[answer.meta["finish_reason"]]
    assert f"结束原因：{reason}" in widget.stats.toolTip()  # not the code "stop" or "length"
    window.close()


def test_meta_without_stored_texts_is_shown_as_it_is(chinese):
    old = {"warnings": ["An old warning."], "error": "An old error."}
    assert shown_meta(old) == old
    imported = {"warnings": ["x"], "texts": {"x": {"template": "{a.b}", "args": {"a": "1"}}}}
    assert shown_meta(imported)["warnings"] == ["x"]
    full = Text("The context window ({n_ctx:,} tokens) is full.", n_ctx=512)
    meta = {"warnings": [full], "error": "plain"}
    meta["texts"] = stored_texts(meta, full, "plain")
    assert shown_meta(meta) == {**meta, "warnings": ["上下文窗口（512 token）已满。"]}


@pytest.mark.parametrize("language", translations.LANGUAGES)
def test_every_translation_has_the_placeholders_of_its_source(language):
    def fields(text: str) -> list[tuple[str, str]]:
        return sorted((name, spec) for _, name, spec, _ in Formatter().parse(text) if name)

    tree = ET.parse(translations.ts_file(language))
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        forms = [f.text or "" for f in translation.iter("numerusform")]
        for text in forms or ["".join(translation.itertext())]:
            assert fields(text) == fields(source), (source, text)
