"""A thinking model in the real window: the reasoning streams into a folded block, shows how
long the model thought, survives a restart and an export, and the prompt can be seen.

The model is a tiny one with Qwen3's real chat template and special tokens; its answers
are scripted with a grammar (its weights are random)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QFileDialog

from llamadesk.core.engine import ReasoningOptions, SamplingParams
from llamadesk.core.gguf import synthetic
from llamadesk.core.machine import LoadOptions
from llamadesk.core.settings import Settings
from llamadesk.ui.main_window import MainWindow
from llamadesk.ui.window_layout import thinking_expanded
from tests.ui.window_helpers import TIMEOUT, active_path, load, send
from tests.ui.window_helpers import make_window as open_window

TEMPLATE = Path(__file__).parents[1] / "data" / "chat_templates" / "Qwen-Qwen3-0.6B.jinja"
THOUGHT = "The user wants a sum. Two and two make four."
SCRIPT = f'root ::= <think> "{THOUGHT}" </think> "It is **4**."'


@pytest.fixture(scope="module")
def qwen3(tmp_path_factory) -> Path:
    return synthetic.write_model(
        tmp_path_factory.mktemp("qwen3") / "qwen3-tiny.gguf",
        chat_template=TEMPLATE.read_text(encoding="utf-8"),
        vocabulary=synthetic.QWEN3,
    )


def make_window(qtbot, grammar: str = SCRIPT) -> MainWindow:
    sampling = SamplingParams(seed=1, temperature=0.0, max_tokens=120, grammar=grammar)
    return open_window(qtbot, Settings(sampling=sampling, load=LoadOptions(n_ctx=2048)))


def last_answer(window: MainWindow):
    return window.view.message_widget(active_path(window)[-1].id)


@pytest.fixture
def window(qtbot, qwen3):
    window = make_window(qtbot)
    load(qtbot, window, qwen3)
    yield window
    window.close()


def test_the_reasoning_streams_into_a_folded_block_then_says_how_long(qtbot, window):
    seen = []

    def on_thinking(_request, _text):  # connected after the view: it has shown the text
        block = last_answer(window).thinking
        seen.append((block.thinking_now, block.header.text(), block.expanded))

    window.engine.thinking_received.connect(on_thinking)
    stats = send(qtbot, window, "What is 2 + 2?")
    assert seen and seen[0][0] and seen[0][1].startswith("Thinking… ") and not seen[0][2]
    answer = last_answer(window)
    assert answer.copy_text() == "It is **4**."  # Copy takes the answer only
    assert answer.thinking.text == THOUGHT and not answer.thinking.thinking_now
    assert answer.thinking.header.text().startswith("Thought for")
    assert answer.thinking.body is None  # folded: its text was never laid out
    assert stats.thinking_tokens > 0 and stats.thinking_seconds > 0
    stored = active_path(window)[-1]
    assert stored.content == "It is **4**." and stored.thinking == THOUGHT
    assert stored.meta["thinking_tokens"] == stats.thinking_tokens
    assert "<think>" not in answer.body.text() and "</think>" not in answer.thinking.text


def test_unfolding_shows_the_text_and_is_remembered(qtbot, window, qwen3):
    send(qtbot, window, "What is 2 + 2?")
    block = last_answer(window).thinking
    qtbot.mouseClick(block.header, Qt.MouseButton.LeftButton)
    assert block.expanded and block.body.isVisible()
    assert block.body.text.toPlainText() == THOUGHT
    assert thinking_expanded()  # the user's choice, kept for next time
    send(qtbot, window, "And 3 + 3?")
    assert last_answer(window).thinking.expanded  # new answers follow it
    window.close()
    again = make_window(qtbot)
    load(qtbot, again, qwen3)
    send(qtbot, again, "Once more?")
    assert last_answer(again).thinking.expanded
    qtbot.mouseClick(last_answer(again).thinking.header, Qt.MouseButton.LeftButton)
    assert not thinking_expanded()
    again.close()


def test_the_reasoning_is_there_after_a_restart(qtbot, window):
    send(qtbot, window, "What is 2 + 2?")
    conversation = window.chat.conversation_id
    window.close()
    second = make_window(qtbot)  # no model loaded: the stored conversation alone
    second.chat.open_conversation(conversation)
    answer = last_answer(second)
    assert answer.thinking.text == THOUGHT
    assert answer.thinking.header.text().startswith("Thought for")
    second.close()


def test_export_keeps_the_reasoning_folded_and_import_brings_it_back(
    qtbot, window, tmp_path, monkeypatch
):
    send(qtbot, window, "What is 2 + 2?")
    target, markdown = tmp_path / "chat.json", tmp_path / "chat.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_conversation(window.chat.conversation_id, "json")
    assert json.loads(target.read_text())["messages"][-1]["thinking"] == THOUGHT
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(markdown), ""))
    window.export_conversation(window.chat.conversation_id, "markdown")
    text = markdown.read_text()
    assert "<details>\n<summary>Thought for" in text
    assert text.index(THOUGHT) < text.index("</details>") < text.index("It is **4**.")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    window.import_conversation()
    imported = active_path(window)[-1]
    assert (imported.content, imported.thinking) == ("It is **4**.", THOUGHT)
    assert last_answer(window).thinking.text == THOUGHT


def test_show_prompt_opens_the_exact_prompt(qtbot, window):
    send(qtbot, window, "What is 2 + 2?")
    send(qtbot, window, "And 3 + 3?")
    path = active_path(window)
    first_answer = next(m for m in path if m.role == "assistant")
    button = window.view.message_widget(first_answer.id).prompt_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.prompts.dialog is not None, timeout=TIMEOUT)
    dialog = window.prompts.dialog
    text = dialog.text.toPlainText()
    assert text.endswith("<|im_start|>user\nWhat is 2 + 2?<|im_end|>\n<|im_start|>assistant\n")
    assert "And 3 + 3?" not in text  # the prompt of that answer, not of the last one
    n_ctx = QLocale().toString(2048)
    assert f"of {n_ctx} tokens of the context window" in dialog.summary.text()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text


def test_the_thinking_settings_follow_the_model_and_turn_thinking_off(qtbot, window):
    panel = window.settings_panel
    thinking = panel.findChild(QComboBox, "thinking")
    assert thinking.isVisibleTo(panel)  # Qwen3's template has the switch
    assert not panel.findChild(QComboBox, "effort").isVisibleTo(panel)  # and no effort
    thinking.setCurrentIndex(thinking.findData(False))
    assert window.settings.reasoning == ReasoningOptions(thinking=False)
    window.settings.sampling = SamplingParams(seed=1, temperature=0, grammar='root ::= "Four."')
    stats = send(qtbot, window, "What is 2 + 2?")
    assert stats.thinking_tokens == 0 and last_answer(window).thinking is None
    stored = active_path(window)[-1]
    assert stored.meta["reasoning"]["thinking"] is False


def test_a_model_that_does_not_think_shows_no_thinking_settings(qtbot, tiny_model):
    window = make_window(qtbot, grammar="")
    load(qtbot, window, tiny_model)
    assert not window.settings_panel.findChild(QComboBox, "thinking").isVisibleTo(window)
    window.close()
