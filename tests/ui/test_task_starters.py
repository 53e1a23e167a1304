"""Task starters in the real window, offscreen, through the real engine on a tiny model."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QMenu,
    QRadioButton,
)

from llamadesk.core.chat import CONTINUE, DOCUMENT, LANGUAGES, SUMMARISE, TRANSLATE, Task
from llamadesk.core.engine import SamplingParams
from llamadesk.core.engine.llama import Engine
from llamadesk.core.machine import LoadOptions
from llamadesk.ui.task_starters import TaskDialog, language_names, user_language
from tests.ui.window_helpers import TIMEOUT, active_path, load, make_window, send


@pytest.fixture
def window(qtbot, tiny_model):
    window = make_window(qtbot)
    load(qtbot, window, tiny_model)
    yield window
    window.close()


def start(qtbot, window, kind: str, choose=None) -> Task:
    """Click the task's card on the empty page; make the dialog's choice, if it asks one."""
    card = window.welcome.tasks.cards[kind]
    assert card.isVisible()
    with qtbot.waitSignal(window.task_starter.started) as started:
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
        if kind in (TRANSLATE, SUMMARISE):
            dialog = window.task_starter.dialog
            assert isinstance(dialog, TaskDialog)
            if choose is not None:
                choose(dialog)
            dialog.accept()
    return started.args[0]


def settings_of(window):
    return window.settings.effective(window.chat.conversation_overrides())


def test_translate_opens_a_translation_by_beam_search(qtbot, window):
    def into_french(dialog):
        dialog.target.setCurrentIndex(dialog.target.findData("fr"))

    task = start(qtbot, window, TRANSLATE, into_french)
    assert task == Task(TRANSLATE, target="fr")
    conversation = window.store.get_conversation(window.chat.conversation_id)
    assert conversation.title == "Translation into French"
    assert window.sidebar.list.currentItem().text() == "Translation into French"
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.title.text() == "Translation into French"
    assert window.composer.edit.placeholderText() == "The text to translate…"
    effective = settings_of(window)
    assert "into French" in effective.system_prompt and effective.sampling.beams == 4
    assert window.settings_panel.current_sampling().beams == 4  # shown, and editable
    stats = send(qtbot, window, "Good morning")
    assert stats.beams == 4
    answer = active_path(window)[-1]
    assert answer.meta["system_prompt"] == effective.system_prompt and answer.meta["beams"] == 4


def test_summarise_asks_the_summary_form(qtbot, window):
    def bullets(dialog):
        dialog.findChild(QRadioButton, "summary_bullets").setChecked(True)

    assert start(qtbot, window, SUMMARISE, bullets) == Task(SUMMARISE, length="bullets")
    effective = settings_of(window)
    assert "bullet points" in effective.system_prompt and effective.sampling.temperature == 0.3
    assert window.windowTitle() == "Summary in bullet points — LlamaDesk"


@pytest.fixture
def chooser(monkeypatch):
    """The attach chooser the paperclip opens: each call noted, answering ``chooser.paths``."""
    chosen = SimpleNamespace(paths=[], calls=0)

    def choose(*args, **kwargs):
        chosen.calls += 1
        return list(chosen.paths), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    return chosen


def test_ask_about_a_document_offers_to_attach_it_and_answers_from_it(
    qtbot, window, chooser, tmp_path
):
    (tmp_path / "sky.txt").write_text("The sky over Mars is butterscotch by day.\n")
    chooser.paths = [str(tmp_path / "sky.txt")]
    assert start(qtbot, window, DOCUMENT) == Task(DOCUMENT)
    assert "from the document only" in settings_of(window).system_prompt
    assert window.welcome.title.text() == "Questions about a document"
    assert "Attach the document with the paperclip" in window.welcome.body.text()
    placeholder = "Attach the document or paste its text, then ask your question…"
    assert window.composer.edit.placeholderText() == placeholder
    qtbot.waitUntil(lambda: chooser.calls == 1, timeout=TIMEOUT)  # once the page shows
    gauge = window.composer.gauge
    qtbot.waitUntil(lambda: gauge.text().startswith("Document: "), timeout=TIMEOUT)
    assert [a.name for a in window.attachments.attachments] == ["sky.txt"]
    stats = send(qtbot, window, "What colour is the sky?")
    assert stats.finish_reason in ("stop", "length")
    question, answer = active_path(window)
    assert question.attachments[0].name == "sky.txt"
    assert question.id == answer.parent_id and chooser.calls == 1


def test_a_document_can_be_pasted_instead_of_attached(qtbot, window, chooser):
    start(qtbot, window, DOCUMENT)
    qtbot.waitUntil(lambda: chooser.calls == 1, timeout=TIMEOUT)  # chosen nothing: cancelled
    assert not window.composer.has_attachments and window.pages.currentWidget() is window.welcome
    stats = send(qtbot, window, "Document: the sky is green. Question: what colour?")
    assert stats.finish_reason in ("stop", "length")
    assert active_path(window)[0].attachments == ()


def test_only_ask_about_a_document_opens_the_chooser(qtbot, window, chooser):
    for kind in (TRANSLATE, SUMMARISE, CONTINUE):
        start(qtbot, window, kind)
        window.open_conversation(None)  # the empty page, with the cards, again
    QApplication.processEvents()
    assert chooser.calls == 0


def test_continue_a_text_completes_it_raw_and_carries_on(qtbot, window, tiny_model):
    window.settings.sampling = SamplingParams(seed=1, max_tokens=6)
    assert start(qtbot, window, CONTINUE) == Task(CONTINUE)
    text = "Once upon a time"
    stats = send(qtbot, window, text)
    with Engine() as engine:  # the text alone, as the model's tokenizer reads it (with BOS):
        engine.load(tiny_model, LoadOptions(n_ctx=256))  # no chat template, no instructions
        assert stats.prompt_tokens == len(engine.tokenize(text))
    first = active_path(window)[-1]
    assert first.meta["finish_reason"] == "length"
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT):
        window.view.continue_requested.emit(first.id)
    longer = window.store.get_message(first.id)
    assert longer.content.startswith(first.content) and len(longer.content) > len(first.content)
    window.view.prompt_requested.emit(first.id)  # Show prompt: the text alone, no template
    qtbot.waitUntil(lambda: window.prompts.dialog is not None, timeout=TIMEOUT)
    assert window.prompts.dialog.text.toPlainText() == text
    assert window.prompts.dialog.summary.text().startswith(f"{stats.prompt_tokens} of ")


def test_the_new_task_menu_offers_every_task_and_reset_keeps_the_task(qtbot, window):
    menu = window.findChild(QMenu, "newTaskMenu")
    names = [action.text() for action in menu.actions()]
    assert names == ["Translate", "Summarise", "Ask about a document", "Continue a text"]
    with qtbot.waitSignal(window.task_starter.started):
        menu.actions()[3].trigger()
    window.settings_panel.reset_conversation_requested.emit()
    assert window.chat.session.task == Task(CONTINUE)


def test_translate_refuses_the_same_language_twice(qtbot, window):
    window.task_starter.start(TRANSLATE)
    dialog = window.task_starter.dialog
    dialog.source.setCurrentIndex(dialog.source.findData("fr"))
    dialog.target.setCurrentIndex(dialog.target.findData("fr"))
    start_button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(start_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.problem.text() == "Choose two different languages."
    dialog.reject()


def test_every_language_has_a_shown_name_and_the_users_is_the_default():
    assert set(language_names()) == set(LANGUAGES)
    assert user_language("zh_CN") == "zh-Hans" and user_language("zh_TW") == "zh-Hant"
    assert user_language("de_DE") == "de" and user_language("tlh") == "en"
