"""The real window, offscreen, through the real engine on tiny models."""

from __future__ import annotations

import json
import math
import os
import signal
from dataclasses import replace

import pytest
from gguf import GGUFValueType
from PySide6.QtCore import QObject, QRect, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel

from llamadesk.core.chat import ModelChoice
from llamadesk.core.engine import SamplingParams
from llamadesk.core.gguf import write_model
from llamadesk.core.logs import setup_logging
from llamadesk.core.machine import LoadOptions, recommended_models
from llamadesk.core.paths import data_dir
from llamadesk.core.settings import Settings
from llamadesk.core.store.store import DB_NAME
from llamadesk.ui.conversation_list import ID_ROLE
from tests.core.store.test_hostile_data import hand_edited
from tests.ui.window_helpers import (
    TIMEOUT,
    active_path,
    load,
    make_window,
    picker_offers,
    send,
)


@pytest.fixture
def window(qtbot, tiny_models):
    window = make_window(qtbot)
    load(qtbot, window, tiny_models["Q8_0"])
    yield window
    window.close()


def test_first_run_without_models_explains_what_to_do(qtbot):
    window = make_window(qtbot)
    qtbot.waitUntil(lambda: window.welcome.open_button.isVisible(), timeout=TIMEOUT)
    assert window.pages.currentWidget() is window.welcome
    assert "Welcome to LlamaDesk" in window.welcome.title.text()
    assert window.welcome.open_button.isVisible()
    assert not window.composer.button.isEnabled()
    window.close()


def recommended_listed(window) -> bool:
    manager = window.model_manager
    results = manager.discover_page.results
    return (
        manager.isVisible()
        and manager.current_page() == "discover"
        and manager.discover_page.stack.currentIndex() == 0
        and results.count() == len(recommended_models())
        and results.itemWidget(results.item(0)).title.text() == recommended_models()[0].name
    )


def test_without_models_the_welcome_page_and_the_picker_offer_a_recommended_one(qtbot):
    window = make_window(qtbot)
    qtbot.waitUntil(lambda: window.welcome.download_button.isVisible(), timeout=TIMEOUT)
    button = window.welcome.download_button
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: recommended_listed(window), timeout=TIMEOUT)
    discover = window.model_manager.discover_page
    discover.search.setText("something else")  # the user went elsewhere meanwhile
    discover.stack.setCurrentWidget(discover.repo)  # as if a repository were open
    window.model_manager.show_page("library")
    window.model_manager.close()
    qtbot.mouseClick(window.model_picker, Qt.MouseButton.LeftButton)
    popup = window.picker.popup
    assert popup.isVisible() and popup.download.isVisible()
    assert "recommended" in popup.download.text()
    qtbot.mouseClick(popup.download, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: recommended_listed(window), timeout=TIMEOUT)
    assert not popup.isVisible()
    assert "Choose a model" in window.model_picker.text()  # it is not a model: still none
    assert discover.search.text() == ""
    window.close()


def test_with_models_the_picker_offers_them_not_a_download(qtbot, tiny_models):
    settings = Settings(models_dirs=[tiny_models["Q8_0"].parent])
    window = make_window(qtbot, settings)
    choice = ModelChoice.file(tiny_models["Q8_0"].resolve())
    qtbot.waitUntil(lambda: picker_offers(window, choice), timeout=TIMEOUT)
    assert not window.picker.popup.download.isVisibleTo(window.picker.popup)
    assert not window.welcome.download_button.isVisible()
    window.close()


def test_send_streams_an_answer_and_saves_both_messages(qtbot, window):
    streamed = []
    window.engine.text_received.connect(lambda _rid, text: streamed.append(text))
    stats = send(qtbot, window, "Hello there")
    assert stats.generated_tokens > 0 and streamed
    path = active_path(window)
    assert [m.role for m in path] == ["user", "assistant"]
    assert path[0].content == "Hello there"
    assert path[1].content == "".join(streamed)
    assert path[1].status == "complete" and path[1].model.startswith("Tiny Llama")
    assert path[1].meta["generated_tokens"] == stats.generated_tokens
    assert window.view.message_count() == 2
    assert window.pages.currentWidget() is window.view
    assert window.sidebar.list.count() == 1
    assert "tokens/s" in window.status.speed.text()
    assert window.composer.text() == ""


def test_stop_keeps_the_partial_answer(qtbot, window):
    window.settings.sampling = replace(window.settings.sampling, max_tokens=100000)
    window.engine.text_received.connect(lambda *_: window.composer.stop_requested.emit())
    stats = send(qtbot, window, "Go on forever")
    assert stats.finish_reason == "cancelled"
    answer = active_path(window)[-1]
    assert answer.status == "cancelled" and answer.content


def test_regenerate_keeps_both_answers_as_branches(qtbot, window):
    send(qtbot, window, "Hello")
    first = active_path(window)[-1]
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT):
        window.view.regenerate_requested.emit(first.id)
    second = active_path(window)[-1]
    assert second.id != first.id and second.parent_id == first.parent_id
    assert (second.sibling_index, second.sibling_count) == (1, 2)
    window.chat.switch_branch(second.id, -1)
    assert active_path(window)[-1].id == first.id


def test_edit_an_earlier_message_branches_and_keeps_the_old_one(qtbot, window):
    send(qtbot, window, "First question")
    send(qtbot, window, "Second question")
    first_user = active_path(window)[0]
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT):
        window.view.edit_submitted.emit(first_user.id, "A better first question")
    path = active_path(window)
    assert [m.content for m in path if m.role == "user"] == ["A better first question"]
    assert (path[0].sibling_index, path[0].sibling_count) == (1, 2)
    window.chat.switch_branch(path[0].id, -1)
    old = active_path(window)
    assert [m.content for m in old if m.role == "user"] == ["First question", "Second question"]


def test_continue_extends_a_truncated_answer(qtbot, window):
    window.settings.sampling = replace(window.settings.sampling, max_tokens=4)
    send(qtbot, window, "Tell me a story")
    answer = active_path(window)[-1]
    assert answer.meta["finish_reason"] == "length"
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT) as finished:
        window.view.continue_requested.emit(answer.id)
    longer = window.store.get_message(answer.id)
    assert longer.content.startswith(answer.content) and len(longer.content) > len(answer.content)
    total = answer.meta["generated_tokens"] + finished.args[0].generated_tokens
    assert longer.meta["generated_tokens"] == total  # the whole answer's, not the last part's
    assert f"{total} tokens" in window.view.message_widget(answer.id).stats.text()


def test_continue_on_an_answer_of_a_reopened_conversation(qtbot, window):
    window.settings.sampling = replace(window.settings.sampling, max_tokens=4)
    send(qtbot, window, "Tell me a story")
    conversation = window.chat.conversation_id
    window.open_conversation(None)
    window.open_conversation(conversation)  # the answer is built again, whole
    answer = active_path(window)[-1]
    button = window.view.message_widget(answer.id).continue_button
    assert button.isVisible()
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    longer = window.store.get_message(answer.id)
    assert longer.content.startswith(answer.content) and len(longer.content) > len(answer.content)
    assert window.view.message_widget(answer.id).copy_text() == longer.content


def test_switching_quantization_mid_conversation_is_recorded_per_answer(qtbot, window, tiny_models):
    send(qtbot, window, "Hello")
    load(qtbot, window, tiny_models["Q4_0"])
    send(qtbot, window, "And now?")
    models = [m.model for m in active_path(window) if m.role == "assistant"]
    assert "Q8_0" in models[0] and "Q4_0" in models[1]


def test_changed_sampling_is_used_for_the_next_answer(qtbot, window):
    window.settings_panel.sampling_changed.emit(SamplingParams(max_tokens=3, seed=5), "defaults")
    stats = send(qtbot, window, "Short please")
    assert stats.generated_tokens <= 3
    answer = active_path(window)[-1]
    assert answer.meta["sampling"]["max_tokens"] == 3 and answer.meta["seed"] == 5


def test_beam_search_from_the_panel_gives_the_same_answer_again(qtbot, window):
    beams = SamplingParams(max_tokens=16, beams=4, length_penalty=0.0)
    window.settings_panel.sampling_changed.emit(beams, "defaults")
    stats = send(qtbot, window, "Translate: good morning")
    assert stats.beams == 4
    first = active_path(window)[-1]
    assert first.meta["beams"] == 4 and first.meta["logprob"] == stats.logprob
    assert "4 beams" in window.view.message_widget(first.id).stats.text()
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT):
        window.view.regenerate_requested.emit(first.id)
    again = active_path(window)[-1]
    assert again.id != first.id and again.content == first.content


def test_search_finds_a_message_and_opens_its_conversation(qtbot, window):
    send(qtbot, window, "Lighthouse keepers")
    target = window.chat.conversation_id
    window.chat.new_conversation()
    send(qtbot, window, "Something else")
    with qtbot.waitSignal(window.sidebar.search_changed, timeout=TIMEOUT):
        window.sidebar.search.setText("lighthouse")
    items = [window.sidebar.list.item(i) for i in range(window.sidebar.list.count())]
    hit = next(item for item in items if "Lighthouse" in item.text())
    window.sidebar.list.itemClicked.emit(hit)
    assert window.chat.conversation_id == target


def test_export_and_import_a_conversation(qtbot, window, tmp_path, monkeypatch):
    send(qtbot, window, "Export me")
    target = tmp_path / "chat.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_conversation(window.chat.conversation_id, "json")
    data = json.loads(target.read_text())
    assert any(m["content"] == "Export me" for m in data["messages"])
    markdown = tmp_path / "chat.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(markdown), ""))
    window.export_conversation(window.chat.conversation_id, "markdown")
    assert "Export me" in markdown.read_text()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    before = window.chat.conversation_id
    window.import_conversation()
    assert window.chat.conversation_id != before
    assert active_path(window)[0].content == "Export me"


def test_delete_can_be_undone(qtbot, window):
    send(qtbot, window, "Keep me")
    conversation = window.chat.conversation_id
    window.delete_conversation(conversation)
    assert window.store.list_conversations() == []
    window.notice.action.click()
    assert [c.id for c in window.store.list_conversations()] == [conversation]


def test_everything_is_there_after_a_restart(qtbot, tiny_models):
    first = make_window(qtbot)
    load(qtbot, first, tiny_models["Q8_0"])
    send(qtbot, first, "Remember this")
    conversation = first.chat.conversation_id
    contents = [m.content for m in active_path(first)]
    first.close()
    second = make_window(qtbot)
    assert second.sidebar.list.count() == 1
    second.chat.open_conversation(conversation)
    assert [m.content for m in active_path(second)] == contents
    assert second.view.message_count() == 2
    second.close()


def test_a_hand_edited_database_still_opens_the_window(qtbot):
    """Absurd times, text that is not UTF-8, JSON nested beyond recursion, a parent loop:
    the window opens, lists every conversation and opens each, damaged values as unknown."""
    hand_edited(data_dir() / DB_NAME)
    window = make_window(qtbot)
    rows = [window.sidebar.list.item(row) for row in range(window.sidebar.list.count())]
    tips = {row.data(ID_ROLE): row.toolTip() for row in rows if row.data(ID_ROLE) is not None}
    assert len(tips) == 5
    assert tips[1] == "poisoned\nLast message at an unknown time"
    for conversation_id in [*tips, 2]:
        window.open_conversation(conversation_id)
    assert window.view.message_count() == 1  # conversation 2's loop: its one message, once
    window.close()


def test_a_poisoned_import_is_refused_and_the_next_start_is_normal(
    qtbot, window, tmp_path, monkeypatch
):
    poisoned = tmp_path / "poisoned.json"
    poisoned.write_text(
        json.dumps(
            {
                "format": "llamadesk.conversation",
                "version": 1,
                "conversation": {"title": "x", "updated_at": -1e15},
                "messages": [],
            }
        )
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(poisoned), ""))
    window.import_conversation()
    qtbot.waitUntil(lambda: window.notice.isVisible())
    assert "date that cannot be read" in window.notice.label.text()
    assert window.store.list_conversations() == []
    window.close()
    make_window(qtbot).close()


def test_a_hostile_model_is_refused_by_name_and_the_next_one_chats(qtbot, window, tmp_path):
    nan = write_model(
        tmp_path / "nan.gguf",
        metadata={"llama.attention.layer_norm_rms_epsilon": (math.nan, GGUFValueType.FLOAT32)},
    )
    with qtbot.waitSignal(window.engine.model_load_failed, timeout=TIMEOUT):
        window.load_model(nan)
    qtbot.waitUntil(lambda: window.notice.isVisible())
    assert "llama.attention.layer_norm_rms_epsilon is nan" in window.notice.label.text()
    assert send(qtbot, window, "Still fine?").generated_tokens > 0


def test_llamadesk_model_flag_opens_the_window_with_the_model_loaded(qtbot, tiny_model):
    from llamadesk.ui.app import open_main_window

    window = open_main_window(Settings(), [], tiny_model)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT) as ready:
        window.show()
    assert ready.args[0].path == tiny_model
    assert window.model_picker.text().startswith(ModelChoice.file(tiny_model).name)
    assert window.composer.button.isEnabled()
    assert "is ready" in window.welcome.body.text()
    window.close()


def test_a_broken_model_file_says_what_happened_and_keeps_the_chats(qtbot, window, tmp_path):
    send(qtbot, window, "Still here?")
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"<html>404 Not Found</html>")
    with qtbot.waitSignal(window.engine.model_load_failed, timeout=TIMEOUT):
        window.load_model(broken)
    qtbot.waitUntil(lambda: window.notice.isVisible())
    assert "web page" in window.notice.label.text()
    assert window.store.list_conversations()[0].title == "Still here?"
    # The file was refused before anything was unloaded: the chat goes on.
    assert window.model.loaded is not None and window.composer.button.isEnabled()
    assert send(qtbot, window, "Yes").generated_tokens > 0


def test_opening_another_chat_mid_answer_stops_and_keeps_it(qtbot, window):
    send(qtbot, window, "First chat")
    first = window.chat.conversation_id
    window.settings.sampling = replace(window.settings.sampling, max_tokens=100000)
    window.open_conversation(None)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT) as finished:
        window.chat.send("A long one")
        streaming = window.chat.conversation_id
        window.open_conversation(first)
    assert finished.args[0].finish_reason == "cancelled"
    assert window.view.message_count() == 2  # the first chat, untouched by the other answer
    answer = window.store.active_path(streaming)[-1]
    assert answer.status == "cancelled"


def test_messages_that_no_longer_fit_the_context_are_marked(qtbot, tiny_models):
    settings = Settings(
        sampling=SamplingParams(seed=1, max_tokens=16),
        load=LoadOptions(n_ctx=512),
        system_prompt="Be brief.",
    )
    window = make_window(qtbot, settings)
    load(qtbot, window, tiny_models["Q8_0"])
    long_text = "the model answer is fast " * 4
    for turn in range(8):
        stats = send(qtbot, window, f"{turn} {long_text}")
    assert stats.dropped_messages > 0
    path = active_path(window)
    assert window.view.outside_context(path[0].id)
    assert not window.view.outside_context(path[-1].id)
    note_holders = [
        w
        for w in (window.view.message_widget(m.id) for m in path)
        if w is not None
        and w.findChild(QLabel, "contextNote") is not None
        and w.findChild(QLabel, "contextNote").isVisibleTo(w)
    ]
    assert len(note_holders) == 1
    assert any("left out" in warning for warning in path[-1].meta["warnings"])
    window.close()


def test_an_engine_crash_mid_answer_keeps_the_chat_and_a_new_engine_takes_over(
    qtbot, window, tiny_models
):
    window.settings.sampling = replace(window.settings.sampling, max_tokens=100000)
    crashed_pid = window.engine.pid

    def kill_the_engine_once(*_):
        window.engine.text_received.disconnect(kill_the_engine_once)
        os.kill(crashed_pid, signal.SIGKILL)

    window.engine.text_received.connect(kill_the_engine_once)
    with qtbot.waitSignal(window.engine.engine_crashed, timeout=TIMEOUT) as crashed:
        window.chat.send("Keep this question")
    assert "SIGKILL" in crashed.args[0] and "conversations are safe" in crashed.args[0]
    assert window.notice.isVisible() and "stopped unexpectedly" in window.notice.label.text()
    question, answer = active_path(window)
    assert question.content == "Keep this question"
    assert answer.status == "error" and answer.content  # what had streamed is kept
    assert window.model.loaded is None and not window.composer.button.isEnabled()
    assert not window.chat.generating

    assert window.notice.action.text() == "Load again"
    with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT):
        window.notice.action.click()  # the same model, in a fresh engine process
    assert window.model.loaded.path == tiny_models["Q8_0"]
    assert window.engine.pid != crashed_pid
    window.settings.sampling = replace(window.settings.sampling, max_tokens=8)
    assert send(qtbot, window, "Still there?").generated_tokens > 0


def test_context_use_is_live_while_streaming_and_follows_the_conversation(qtbot, window):
    seen = []
    window.engine.context_used.connect(seen.append)
    stats = send(qtbot, window, "Count the tokens")
    assert seen and seen == sorted(seen)  # it grows as the answer streams
    assert seen[-1] == stats.context_used
    size = f"{window.model.loaded.n_ctx:,}"
    assert window.status.context.text().startswith(f"Context: {stats.context_used:,} / {size}")
    first = window.chat.conversation_id
    window.open_conversation(None)
    assert window.status.context.text().startswith(f"Context: 0 / {size}")
    window.open_conversation(first)
    assert window.status.context.text().startswith(f"Context: {stats.context_used:,} / {size}")


def test_the_speed_in_the_status_bar_is_live_while_an_answer_streams(qtbot, small_model):
    window = make_window(qtbot)
    load(qtbot, window, small_model)  # slow enough to stream in many pieces
    window.settings.sampling = replace(window.settings.sampling, max_tokens=100000)
    shown = []

    def note_the_speed(*_):
        shown.append(window.status.speed.text())
        if len(shown) == 6:
            window.chat.stop()

    window.engine.text_received.connect(note_the_speed)
    send(qtbot, window, "Go on and on")
    live = [text for text in shown[:5] if text]
    assert live and all(text.endswith("tokens/s") for text in live)
    assert len(set(live)) > 1  # it follows the answer
    window.close()


def test_a_narrow_window_with_the_settings_panel_cuts_no_text(qtbot):
    window = make_window(qtbot)
    window.resize(760, 560)
    window.settings_dock.show()
    box = window.composer.edit
    qtbot.waitUntil(lambda: box.placeholderText().startswith("Choose a model"))
    assert window.width() <= 760
    body = window.welcome.body  # all of it is there, to scroll to where the page is short
    qtbot.waitUntil(lambda: body.height() >= body.heightForWidth(body.width()))
    assert (
        window.welcome.download_button.width() >= window.welcome.download_button.sizeHint().width()
    )

    def placeholder_fits() -> bool:
        margin = int(box.document().documentMargin())
        room = QRect(0, 0, box.viewport().width() - margin, 10_000)
        wrapped = box.fontMetrics().boundingRect(
            room, Qt.TextFlag.TextWordWrap, box.placeholderText()
        )
        return wrapped.height() + margin <= box.viewport().height()

    qtbot.waitUntil(placeholder_fits)  # three lines here: the box grows to show them
    window.close()


def test_the_window_remembers_its_size_splitter_and_settings_panel(qtbot):
    window = make_window(qtbot)
    assert not window.settings_dock.isVisible()  # a calm first start
    window.resize(760, 560)  # inside the offscreen platform's 800x600 screen
    window.splitter.setSizes([300, 460])
    window.settings_dock.show()
    sizes = window.splitter.sizes()
    window.close()
    again = make_window(qtbot)
    assert (again.width(), again.height()) == (760, 560)
    assert again.splitter.sizes() == sizes
    assert again.settings_dock.isVisible()
    again.close()


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toLocalFile())


def test_help_opens_the_log_folder_where_the_log_file_is(qtbot, tmp_path):
    log_file = setup_logging(folder=tmp_path / "logs")
    window = make_window(qtbot)
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        help_menu = next(
            a.menu() for a in window.menuBar().actions() if a.text() == window.tr("&Help")
        )
        entry = next(a for a in help_menu.actions() if "log" in a.text())
        entry.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
        window.close()
    assert catcher.urls == [str(log_file.parent)]
    assert log_file.read_text(encoding="utf-8").count("log opened") == 1
