"""Attached documents in the real window, offscreen, through the real engine on a tiny
model: each kind of file read and counted, its delimited text in the prompt the model reads,
refusals in sentences, the chip that opens the text, export and import, and a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from llamadesk.core.chat import ModelChoice
from llamadesk.core.engine import PromptPreview
from llamadesk.ui.conversation.text_viewer import TextViewer
from tests.core.documents import files
from tests.ui.window_helpers import (
    TIMEOUT,
    active_path,
    load,
    make_window,
    offer_server_model,
    send,
)


@pytest.fixture
def window(qtbot, tiny_model):
    window = make_window(qtbot)
    load(qtbot, window, tiny_model)
    yield window
    window.close()


def documents(folder):
    """One file of each kind, and the text the model should get from it."""
    (folder / "notes.txt").write_text("Buy milk.\nCall Ann.\n")
    (folder / "plan.md").write_text("# Plan\n- ship it\n")
    (folder / "tool.py").write_text("print('hello')\n")
    (folder / "report.pdf").write_bytes(files.pdf_with_text(["Sales grew.", "Costs fell."]))
    files.word_document(folder / "letter.docx")
    return {
        "notes.txt": "Buy milk.\nCall Ann.",
        "plan.md": "# Plan\n- ship it",
        "tool.py": "print('hello')",
        "report.pdf": "[Page 1]\nSales grew.\n\n[Page 2]\nCosts fell.",
        "letter.docx": "# Quarterly report\nSales grew by 12 percent in the third quarter.",
    }


def attach(qtbot, window, *paths) -> None:
    """Attach files as the paperclip does, and wait until they are read and counted."""
    window.attachments.add_files([str(p) for p in paths])
    qtbot.waitUntil(lambda: window.composer.gauge.text().startswith("Document"), timeout=TIMEOUT)


def prompt_of(qtbot, window, answer_id: int) -> PromptPreview:
    with qtbot.waitSignal(window.engine.prompt_previewed, timeout=TIMEOUT) as shown:
        window.chat.preview_prompt(answer_id)
    return shown.args[1]


def test_each_kind_of_file_is_attached_and_reaches_the_prompt_delimited(qtbot, window, tmp_path):
    for name, text in documents(tmp_path).items():
        attach(qtbot, window, tmp_path / name)
        chip = window.composer.chip(max(window.composer._chips))
        assert chip.label.text() == name and chip.detail.text().endswith(" tokens")
        gauge = window.composer.gauge.text()
        assert gauge.startswith("Document: ") and f" free of {QLocale().toString(2048)}" in gauge
        send(qtbot, window, "Summarise it.")
        assert not window.composer.has_attachments and not window.composer.gauge.isVisible()
        question, answer = active_path(window)[-2:]
        assert question.content == "Summarise it." and question.attachments[0].name == name
        prompt = prompt_of(qtbot, window, answer.id).text
        block = f'<document name="{name}"'
        assert block in prompt and text in prompt
        assert prompt.index(block) < prompt.index(text) < prompt.rindex("Summarise it.")


def test_a_new_answer_and_an_edited_question_keep_the_document(qtbot, window, tmp_path):
    documents(tmp_path)
    attach(qtbot, window, tmp_path / "notes.txt")
    send(qtbot, window, "What to buy?")
    question, answer = active_path(window)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT):
        window.view.regenerate_requested.emit(answer.id)
    assert "Buy milk." in prompt_of(qtbot, window, active_path(window)[-1].id).text
    widget = window.view.message_widget(question.id)
    widget.start_editing()
    widget.editor.setPlainText("Whom to call?")
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT):
        widget.save_button.click()
    edited, answer = active_path(window)
    assert edited.id != question.id and edited.attachments == question.attachments
    assert "Buy milk." in prompt_of(qtbot, window, answer.id).text


def test_a_document_alone_is_a_message(qtbot, window, tmp_path):
    documents(tmp_path)
    attach(qtbot, window, tmp_path / "plan.md")
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT):
        window.composer.button.click()
    question = active_path(window)[0]
    assert question.content == "" and question.attachments[0].name == "plan.md"
    assert window.store.get_conversation(window.chat.conversation_id).title == "plan.md"
    widget = window.view.message_widget(question.id)
    assert widget.bubble.isHidden() and len(widget.document_chips()) == 1


def test_a_document_too_long_for_the_context_is_refused_with_the_sentence(qtbot, window, tmp_path):
    long = tmp_path / "book.txt"
    long.write_text("The quick brown fox jumps over the lazy dog. " * 2000)
    window.attachments.add_files([str(long)])
    gauge = window.composer.gauge
    qtbot.waitUntil(lambda: gauge.property("state") == "error", timeout=TIMEOUT)
    assert gauge.text().startswith('"book.txt" takes ')
    assert (
        "but only " in gauge.text() and "fit in the context window of 2,048 tokens" in gauge.text()
    )
    assert "larger context size" in gauge.text() and "part of the document" in gauge.text()
    qtbot.keyClicks(window.composer.edit, "Summarise it.")
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    assert window.view.message_count() == 0 and window.chat.conversation_id is None
    assert window.composer.text() == "Summarise it."  # nothing is lost
    assert window.composer.has_attachments  # and nothing was cut
    key = next(iter(window.composer._chips))
    window.composer.chip(key).remove_button.click()
    assert not gauge.isVisible()
    send(qtbot, window, "")  # the text typed goes now
    assert active_path(window)[0].content == "Summarise it."


def test_a_pdf_without_a_text_layer_says_so(qtbot, window, tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(files.scanned_pdf())
    window.attachments.add_files([str(scan)])
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=TIMEOUT)
    shown = window.notice.label.text()
    assert '"scan.pdf" has no text layer' in shown and "cannot read text from images" in shown
    assert not window.composer.has_attachments


def test_files_dropped_on_the_conversation_or_the_box_are_attached(qtbot, window, tmp_path):
    documents(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    target = window.view._scroll.viewport()  # where the pointer is: the messages
    position = QPointF(target.rect().center())
    actions = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(position.toPoint(), actions, mime, buttons, keys)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(target, QDropEvent(position, actions, mime, buttons, keys))
    qtbot.waitUntil(lambda: len(window.attachments.attachments) == 1, timeout=TIMEOUT)
    box = QMimeData()
    box.setUrls([QUrl.fromLocalFile(str(tmp_path / "plan.md"))])
    window.composer.edit.insertFromMimeData(box)
    qtbot.waitUntil(lambda: len(window.attachments.attachments) == 2, timeout=TIMEOUT)
    assert window.composer.text() == ""  # a file dropped on the box is not pasted as a path
    assert [a.name for a in window.attachments.attachments] == ["notes.txt", "plan.md"]


def test_a_model_file_dropped_with_a_document_is_loaded_and_the_document_attached(
    qtbot, window, tmp_path, small_model
):
    documents(tmp_path)
    mime = QMimeData()
    mime.setUrls(
        [QUrl.fromLocalFile(str(small_model)), QUrl.fromLocalFile(str(tmp_path / "notes.txt"))]
    )
    with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT):
        window.composer.edit.insertFromMimeData(mime)
    assert window.model.chosen == ModelChoice.file(small_model)
    qtbot.waitUntil(lambda: len(window.attachments.attachments) == 1, timeout=TIMEOUT)
    assert [a.name for a in window.attachments.attachments] == ["notes.txt"]


def test_the_paperclip_chooses_files_to_attach(qtbot, window, tmp_path, monkeypatch):
    documents(tmp_path)
    asked = []

    def choose(parent, caption, folder, filters):
        asked.append(filters)
        return [str(tmp_path / "notes.txt"), str(tmp_path / "report.pdf")], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    qtbot.mouseClick(window.composer.attach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.attachments.attachments) == 2, timeout=TIMEOUT)
    assert "*.pdf" in asked[0] and "*.docx" in asked[0] and "*.py" in asked[0]
    assert [a.name for a in window.attachments.attachments] == ["notes.txt", "report.pdf"]


def test_closing_the_window_stops_the_reads_under_way(qtbot, tmp_path):
    documents(tmp_path)
    window = make_window(qtbot)
    window.attachments.add_files([str(tmp_path / "report.pdf")])  # read in a process of its own
    reads = list(window.attachments._pending.values())
    assert reads and reads[0].attachment is None
    window.close()
    assert reads[0].cancel.is_set()


def test_the_chip_of_a_sent_document_opens_its_text(qtbot, window, tmp_path):
    documents(tmp_path)
    attach(qtbot, window, tmp_path / "report.pdf")
    send(qtbot, window, "What grew?")
    question = active_path(window)[0]
    chip = window.view.message_widget(question.id).document_chips()[0]
    assert chip.label.text() == "report.pdf" and chip.detail.text() == "PDF · 2 pages"
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    viewer = window.view.message_widget(question.id).viewer
    assert isinstance(viewer, TextViewer) and viewer.windowTitle() == "report.pdf"
    qtbot.waitUntil(lambda: not viewer.loading, timeout=TIMEOUT)
    assert viewer.editor.toPlainText() == question.attachments[0].text


def test_export_and_import_keep_the_documents(qtbot, window, tmp_path, monkeypatch):
    documents(tmp_path)
    attach(qtbot, window, tmp_path / "letter.docx")
    send(qtbot, window, "Read this.")
    original = active_path(window)[0].attachments
    target = tmp_path / "export.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_conversation(window.chat.conversation_id, "json")
    markdown = tmp_path / "export.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(markdown), ""))
    window.export_conversation(window.chat.conversation_id, "markdown")
    assert "Attached: letter.docx (Word document" in markdown.read_text(encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    before = window.chat.conversation_id
    window.import_conversation()
    assert window.chat.conversation_id != before
    assert active_path(window)[0].attachments == original
    assert len(window.view.message_widget(active_path(window)[0].id).document_chips()) == 1


def test_documents_are_kept_across_a_restart(qtbot, tiny_model, tmp_path):
    documents(tmp_path)
    window = make_window(qtbot)
    load(qtbot, window, tiny_model)
    attach(qtbot, window, tmp_path / "notes.txt", tmp_path / "tool.py")
    send(qtbot, window, "Both, please.")
    conversation = window.chat.conversation_id
    window.close()
    window.store.close()
    again = make_window(qtbot)
    again.open_conversation(conversation)
    question = active_path(again)[0]
    assert [a.name for a in question.attachments] == ["notes.txt", "tool.py"]
    chips = again.view.message_widget(question.id).document_chips()
    assert [chip.label.text() for chip in chips] == ["notes.txt", "tool.py"]
    again.close()


@pytest.mark.usefixtures("plain_network")
def test_a_model_on_a_server_estimates_and_says_so(qtbot, llama_server, tmp_path):
    documents(tmp_path)
    window = make_window(qtbot)
    choice = offer_server_model(qtbot, window, llama_server)
    with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT):
        window.picker.chosen.emit(choice)
    window.attachments.add_files([str(tmp_path / "notes.txt")])
    gauge = window.composer.gauge
    qtbot.waitUntil(lambda: "(estimated" in gauge.text(), timeout=TIMEOUT)
    assert gauge.text().startswith("Document: about ")
    if llama_server.n_ctx:  # llama-server says its context size: the free tokens are shown
        assert f" free of {QLocale().toString(llama_server.n_ctx)}" in gauge.text()
    else:  # llama-cpp-python's server does not: the line says so
        assert gauge.text().endswith("(estimated; the server does not say its context size)")
    chip = window.composer.chip(next(iter(window.composer._chips)))
    assert chip.detail.text().startswith("about ") and chip.detail.text().endswith(" tokens")
    send(qtbot, window, "What to buy?")
    assert active_path(window)[0].attachments[0].name == "notes.txt"
    window.close()
