"""Messages written by strangers (a model, an imported conversation): the view reads no
file and opens no connection for them, and shows any of them in bounded time and memory,
with the whole text a click away."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel

from llamadesk.ui.conversation import ConversationView, MessageItem
from llamadesk.ui.conversation.code_block import CodeBlock
from llamadesk.ui.conversation.markdown_blocks import STREAM_HARD_LIMIT, split_blocks
from llamadesk.ui.conversation.text_blocks import STATIC_PROSE_LIMIT, MarkdownBlock
from llamadesk.ui.conversation.text_bounds import (
    ELLIPSIS,
    LINE_LIMIT,
    MESSAGE_BUDGET,
    ROW_COST,
    SOURCE_LIMIT,
    bound_text,
)
from llamadesk.ui.conversation.text_viewer import DISPLAY_LINE, SLICE, display_slices
from tests.hub_server import connections

TABLE = "| n | square | note |\n|---|---:|---|\n" + "".join(
    f"| {n} | {n * n} | row {n} |\n" for n in range(20_000)
)
LINE = "x" * 1_000_000
CODE = "```python\n" + "".join(
    f"value_{n} = compute({n}, 'text')  # note\n" for n in range(120_000)
)
CODE += "```\n"


def settle(qtbot, view: ConversationView) -> None:
    """Every message built (a long one is built a slice at a time), laid out and painted."""
    bodies = [w.body for w in map(view.message_widget, range(100)) if hasattr(w, "body")]
    qtbot.waitUntil(lambda: not any(body.building for body in bodies), timeout=10_000)
    QApplication.processEvents()
    view._flush_layout()
    QApplication.processEvents()
    view.grab()  # paints: images would be loaded by now


def grown_mib(before: int) -> float:
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024


# ------------------------------------------------------------------ nothing is loaded
def hostile_markdown(fifo: Path, url: str) -> str:
    return (
        f"An image ![secret plans](file://{fifo}) and ![]({fifo}) in text.\n\n"
        f'<img src="{fifo}"> <img src="file://{fifo}">\n\n'
        f"![remote]({url}/pixel.png) [a link](file://{fifo})\n\n"
        f"| picture |\n|---|\n| ![cell]({fifo}) |\n"
    )


def test_no_message_reads_a_file_or_opens_a_connection(qtbot, view, watched, trap):
    markdown = hostile_markdown(watched.path, trap.url)
    named = f'<img src="{watched.path}">'
    items = [
        MessageItem(1, "system", markdown),
        MessageItem(2, "user", markdown),
        MessageItem(3, "assistant", markdown, model=named, meta={"finish_reason": named}),
    ]
    with connections() as seen:
        view.set_messages(items)  # as an imported conversation shows
        view.begin_stream(MessageItem(4, "assistant", "", status="streaming", model=named))
        for start in range(0, len(markdown), 7):  # as a model writes it
            view.append_stream_text(markdown[start : start + 7])
        view.end_stream(MessageItem(4, "assistant", markdown, model=named))
        settle(qtbot, view)
    assert not watched.opened.is_set(), "a message's image was read"
    assert trap.requests == [] and seen == []
    answer = view.message_widget(3)
    document = answer.body.block_widgets()[0].document()
    assert "[image: secret plans]" in document.toPlainText()
    assert "[image: cell]" in document.toPlainText()
    assert "<img" not in document.toHtml()  # Qt's image handler opens local images
    assert answer.header.textFormat() == Qt.TextFormat.PlainText
    assert "&lt;img" in answer.stats.toolTip()


def test_text_widgets_load_no_resource(qtbot, view, watched):
    """QTextBrowser's own loadResource reads local files: this one answers nothing."""
    block = MarkdownBlock(view._view_context, view)
    qtbot.addWidget(block)
    image = QTextDocument.ResourceType.ImageResource.value
    for name in (QUrl.fromLocalFile(str(watched.path)), QUrl(str(watched.path))):
        assert block.loadResource(image, name).isEmpty()
    assert not watched.opened.is_set()


def test_an_image_shows_as_a_link_that_opens_nothing_local(qtbot, view, watched):
    view.set_messages([MessageItem(1, "assistant", f"![plans](file://{watched.path})")])
    settle(qtbot, view)
    block = view.message_widget(1).body.block_widgets()[0]
    cursor = block.document().find("[image: plans]")
    assert cursor.charFormat().isAnchor()
    assert cursor.charFormat().anchorHref() == f"file://{watched.path}"
    with qtbot.waitSignal(view.link_activated) as clicked:
        block.anchorClicked.emit(QUrl(cursor.charFormat().anchorHref()))
    assert clicked.args == [f"file://{watched.path}"]  # a file: link is never opened
    assert not watched.opened.is_set()


# ------------------------------------------------------------------ bounded rendering
def test_bounds_cut_long_lines_and_stop_at_the_budget():
    assert bound_text("short", MESSAGE_BUDGET).text == "short"
    long_line = bound_text("a" * (LINE_LIMIT * 3) + "\nnext", MESSAGE_BUDGET)
    assert long_line.cut and not long_line.full
    assert long_line.text == "a" * LINE_LIMIT + ELLIPSIS + "\nnext"
    table = bound_text(TABLE, MESSAGE_BUDGET)
    rows = table.text.count("\n") + 1
    assert table.cut and table.full and rows <= MESSAGE_BUDGET // ROW_COST
    assert TABLE.startswith(table.text)
    code = bound_text(CODE, 1000, rows_cost=False)
    assert code.cost <= 1000 and CODE.startswith(code.text) and code.full
    assert bound_text("", 0).text == ""


def test_a_table_of_20000_rows_is_shown_bounded(qtbot, view):
    memory, began = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter()
    view.set_messages(
        [MessageItem(1, "user", "a table please"), MessageItem(2, "assistant", TABLE)]
    )
    settle(qtbot, view)
    assert time.perf_counter() - began < 3 and grown_mib(memory) < 1024
    answer = view.message_widget(2)
    table = answer.body.block_widgets()[0].document().rootFrame().childFrames()[0]
    assert 100 < table.rows() <= MESSAGE_BUDGET // ROW_COST
    assert answer.cut_notice is not None and answer.cut_notice.isVisible()
    assert answer.copy_text() == TABLE  # Copy takes all of it


def test_open_as_text_shows_the_whole_message_a_slice_at_a_time(qtbot, view):
    view.set_messages([MessageItem(1, "assistant", TABLE)])
    settle(qtbot, view)
    notice = view.message_widget(1).cut_notice
    notice.open_button.click()
    viewer = notice.viewer
    qtbot.waitUntil(lambda: not viewer.loading, timeout=10_000)
    assert viewer.editor.toPlainText() == TABLE
    viewer.copy_button.click()
    assert QGuiApplication.clipboard().text() == TABLE
    viewer.close()


def test_long_lines_are_broken_only_for_display():
    slices = list(display_slices(LINE + "\nend"))
    assert "".join(slices).replace("\n", "") == LINE + "end"
    assert all(len(s) <= SLICE + DISPLAY_LINE for s in slices)
    assert max(len(line) for s in slices for line in s.split("\n")) == DISPLAY_LINE


def test_a_line_of_a_megabyte_is_cut(qtbot, view):
    began = time.perf_counter()
    view.set_messages([MessageItem(1, "user", LINE), MessageItem(2, "assistant", LINE)])
    settle(qtbot, view)
    assert time.perf_counter() - began < 3
    user, answer = view.message_widget(1), view.message_widget(2)
    assert len(answer.body.block_widgets()[0].plain_text()) == LINE_LIMIT + 1
    assert len(user.text.toPlainText()) == LINE_LIMIT + 1
    assert user.cut_notice.isVisible() and answer.cut_notice.isVisible()
    assert user.copy_text() == LINE and answer.copy_text() == LINE
    began = time.perf_counter()
    user.start_editing()  # the whole text, unwrapped
    QApplication.processEvents()
    assert time.perf_counter() - began < 3 and user.editor.toPlainText() == LINE


def test_a_code_block_of_5_mb_is_shown_bounded_and_copied_whole(qtbot, view):
    memory, began = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter()
    view.set_messages([MessageItem(1, "assistant", CODE)])
    settle(qtbot, view)
    assert time.perf_counter() - began < 3 and grown_mib(memory) < 1024
    answer = view.message_widget(1)
    (code,) = answer.body.block_widgets()
    assert isinstance(code, CodeBlock) and code.cut
    assert len(code.editor.toPlainText()) <= MESSAGE_BUDGET
    label = code.findChild(QLabel).text()
    assert label.startswith("python · the first ") and label.endswith(" lines")
    assert answer.cut_notice.isVisible()
    code.copy_button.click()
    whole = QGuiApplication.clipboard().text()
    assert whole.startswith("value_0 = ") and len(whole) > SOURCE_LIMIT // 2


def test_a_long_answer_of_a_normal_kind_is_shown_whole_a_slice_at_a_time(qtbot, view):
    section = "## Part\n\n" + "Words of an answer. " * 40 + "\n\n```python\nprint(1)\n```\n\n"
    section += "| k | v |\n|---|---|\n" + "".join(f"| {n} | {n * n} |\n" for n in range(8)) + "\n"
    text = section * 100  # 110 KB: sections of prose, code and a table of 8 rows
    view.set_messages([MessageItem(1, "assistant", text)])
    body = view.message_widget(1).body
    assert body.building and 0 < len(body.block_widgets()) < 100  # the first slice only
    settle(qtbot, view)
    assert not body.cut and view.message_widget(1).cut_notice is None
    blocks = split_blocks(text, STATIC_PROSE_LIMIT, STREAM_HARD_LIMIT)
    shown = body.block_widgets()
    assert [isinstance(w, CodeBlock) for w in shown] == [b.kind == "code" for b in blocks]
    assert shown[-1].plain_text().rstrip().endswith("7\n49")  # the last table's last row


@pytest.mark.parametrize("text", [TABLE, LINE, CODE], ids=["table", "line", "code"])
def test_streaming_a_huge_message_renders_a_bounded_amount_per_frame(qtbot, view, text):
    view.set_messages([MessageItem(1, "user", "go")])
    view.begin_stream(MessageItem(2, "assistant", "", status="streaming"))
    stats, began = view.render_stats, time.perf_counter()
    for start in range(0, len(text), 4000):  # a fast model: 4,000 characters a frame
        view.append_stream_text(text[start : start + 4000])
        QApplication.processEvents()
    view.end_stream(MessageItem(2, "assistant", text))
    settle(qtbot, view)
    assert time.perf_counter() - began < 10
    assert stats.largest_render <= max(LINE_LIMIT, STREAM_HARD_LIMIT) + 4000
    assert stats.chars_rendered < 10 * MESSAGE_BUDGET  # not the whole text, frame after frame
    answer = view.message_widget(2)
    assert answer.cut_notice.isVisible() and answer.copy_text() == text


def test_a_huge_reasoning_is_shown_bounded_stored_or_streamed(qtbot, view):
    """A line of a megabyte, or 2 MB of short lines, as a model's thinking: cut, quickly."""
    lines = "a thought\n" * 200_000
    view.set_thinking_expanded(True)
    began = time.perf_counter()
    view.set_messages(
        [
            MessageItem(1, "user", "go"),
            MessageItem(2, "assistant", "ok", thinking=LINE),
            MessageItem(3, "assistant", "ok", thinking=lines),
        ]
    )
    settle(qtbot, view)
    for message_id, whole in ((2, LINE), (3, lines)):
        shown = view.message_widget(message_id).thinking.body.text
        assert shown.cut and shown.toPlainText().endswith(ELLIPSIS)
        assert len(shown.toPlainText()) <= MESSAGE_BUDGET + 1
        assert view.message_widget(message_id).thinking.text == whole  # kept whole
    view.begin_stream(MessageItem(4, "assistant", "", status="streaming"))
    for start in range(0, len(LINE), 4000):
        view.append_stream_thinking(LINE[start : start + 4000])
        QApplication.processEvents()
    streamed = view.message_widget(4).thinking.body.text
    assert streamed.cut and len(streamed.toPlainText()) <= LINE_LIMIT + 1
    assert time.perf_counter() - began < 10


DEVICE_IMAGES = """
import os, sys
from PySide6.QtWidgets import QApplication
from llamadesk.ui.conversation import ConversationView, MessageItem
app = QApplication([])
view = ConversationView()
view.resize(900, 700)
view.show()
view.set_messages([MessageItem(1, "assistant", "![z](file:///dev/zero) ![u](/dev/urandom)")])
app.processEvents()
view.grab()
print("shown")
"""


@pytest.mark.skipif(sys.platform != "linux", reason="device files, and a memory limit")
def test_an_image_of_dev_zero_neither_grows_nor_kills_the_window():
    """In a process of its own, limited to 2 GiB: reading /dev/zero would end it."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    source = str(Path(__file__).resolve().parents[3] / "app")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": source}
    done = subprocess.run(
        [sys.executable, "-c", DEVICE_IMAGES],
        env=env,
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout == "shown\n", done.stderr[-2000:]
    assert "Traceback" not in done.stderr
