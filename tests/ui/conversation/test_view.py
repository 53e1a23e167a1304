"""The conversation view: the block splitter (pure), and the widget driven offscreen."""

from __future__ import annotations

import itertools
import random
import time

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPalette,
    QTextCursor,
    QTextTable,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication

from llamadesk.ui.common import icon
from llamadesk.ui.conversation import ConversationView, MessageItem
from llamadesk.ui.conversation import view as cv
from llamadesk.ui.conversation.code_block import CodeBlock
from llamadesk.ui.conversation.code_highlight import lexer_for, tokenize_line
from llamadesk.ui.conversation.markdown_blocks import (
    CODE,
    PROSE,
    STREAM_HARD_LIMIT,
    Block,
    BlockSplitter,
    split_blocks,
)
from llamadesk.ui.conversation.message_parts import footer_text
from llamadesk.ui.conversation.text_blocks import MarkdownBlock, TextBlock

# -- the block splitter (no Qt) ----------------------------------------------------------

SAMPLE = """Intro paragraph with `inline ``` code`.

```python
def f():
    return "```"
```
Text with ```inline``` fence-like runs.

~~~
tilde code
```
still code
~~~

1. one
2. two

   continued

3. three
   ```bash
   pip install x
   ```
   after code

| a | b |
|---|---|
| 1 | 2 |
| 3 | 4 |

Last words.
"""


def _stream(text: str, sizes: list[int], **limits) -> BlockSplitter:
    splitter = BlockSplitter(**limits)
    position = 0
    for size in sizes:
        splitter.feed(text[position : position + size])
        position += size
    splitter.feed(text[position:])
    return splitter


def test_splitter_separates_code_and_prose():
    blocks = split_blocks(SAMPLE, soft_limit=1)
    kinds = [(block.kind, block.language) for block in blocks]
    assert kinds[:4] == [(PROSE, ""), (CODE, "python"), (PROSE, ""), (CODE, "")]
    assert blocks[1].text == 'def f():\n    return "```"'
    assert blocks[3].text == "tilde code\n```\nstill code"  # ``` does not close a ~~~ fence
    assert all(block.closed for block in blocks if block.kind == CODE)


def test_splitter_backticks_inside_a_line_are_not_fences():
    blocks = split_blocks("Use ```python to open a block.\n```not a fence```\nend\n", 1)
    assert [block.kind for block in blocks] == [PROSE]


def test_splitter_indented_fence_in_a_list_item():
    blocks = split_blocks(SAMPLE, soft_limit=1)
    bash = next(block for block in blocks if block.language == "bash")
    assert bash.text == "pip install x"  # the fence's indentation is removed
    after = blocks[blocks.index(bash) + 1]
    assert after.text == "after code"  # not an indented code block


def test_splitter_does_not_cut_lists_or_tables():
    blocks = split_blocks(SAMPLE, soft_limit=1)
    texts = [block.text for block in blocks]
    assert "1. one\n2. two\n\n   continued" in texts  # a blank + indented line continues it
    assert "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |" in texts


def test_splitter_long_table_repeats_its_header():
    rows = "".join(f"| {index} | {'x' * 20} |\n" for index in range(400))
    text = "| n | text |\n|---|---|\n" + rows
    blocks = split_blocks(text, soft_limit=100, hard_limit=500)
    assert len(blocks) > 5
    for block in blocks:
        assert block.text.startswith("| n | text |\n|---|---|\n")
        assert len(block.text) < 700
    body = [line for block in blocks for line in block.text.split("\n")[2:]]
    assert body == rows.rstrip("\n").split("\n")  # every row once, in order


def test_splitter_bounds_prose_blocks():
    paragraph = "A sentence that goes on for a while. " * 10
    text = "\n\n".join(paragraph for _ in range(100))
    blocks = split_blocks(text)
    assert len(blocks) > 10
    assert max(len(block.text) for block in blocks) < 1200 + len(paragraph) + 2


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_splitter_streaming_gives_the_same_blocks_in_any_pieces(newline):
    text = SAMPLE.replace("\n", newline)
    expected = split_blocks(SAMPLE, soft_limit=1)
    rng = random.Random(7)
    for _ in range(40):
        splitter = BlockSplitter(soft_limit=1)
        position = 0
        while position < len(text):
            size = rng.randint(1, 9)
            splitter.feed(text[position : position + size])
            position += size
            # finished blocks are final: always a prefix of the final result
            assert splitter.finished == expected[: len(splitter.finished)]
        splitter.finish()
        assert splitter.finished == expected


def test_splitter_open_fence_while_streaming():
    splitter = _stream("Intro\n\n```js\nconst a = 1;\ncon", [3, 5, 4])
    pending = splitter.pending()
    assert pending == Block(CODE, "const a = 1;\ncon", "js", closed=False)
    splitter.feed("st b = 2;\n``")  # may be the start of the closing fence: not shown
    assert splitter.pending().text == "const a = 1;\nconst b = 2;"
    splitter.feed("`\nafter")
    assert splitter.finished[-1] == Block(CODE, "const a = 1;\nconst b = 2;", "js", True)
    assert splitter.pending() == Block(PROSE, "after")
    splitter.finish()
    unclosed = split_blocks("```py\nx = 1\n")
    assert unclosed == [Block(CODE, "x = 1", "py", closed=False)]


def test_splitter_hides_a_fence_being_typed_in_prose():
    splitter = _stream("Some text\n``", [])
    assert splitter.pending().text == "Some text"
    splitter.feed("`pyth")
    assert splitter.pending().text == "Some text"
    splitter.feed("on\n")
    assert splitter.pending() == Block(CODE, "", "python", closed=False)


def test_splitter_crlf_split_between_pieces():
    splitter = _stream("a\r", [])
    splitter.feed("\nb\r\n\r\n```\r\ncode\r\n```\r\n")
    splitter.finish()
    assert splitter.finished == [Block(PROSE, "a\nb"), Block(CODE, "code", "", True)]


def test_line_lexer_carries_state_across_lines():
    lexer = lexer_for("python")
    _tokens, stack = tokenize_line(lexer, 'x = """start', ("root",))
    assert stack != ("root",)  # inside the triple-quoted string
    _tokens, stack = tokenize_line(lexer, 'end"""', stack)
    assert stack == ("root",)
    assert lexer_for("no-such-language") is None
    assert lexer_for("") is None


# -- the widget --------------------------------------------------------------------------

ANSWER = """## Counting lines

Use a `with` block. See [the docs](https://docs.python.org/3/) for more.

```python
def count(path):
    with open(path) as handle:
        return sum(1 for _ in handle)
```

1. Open the file.
2. Count.

| Method | Memory |
|---|---|
| read() | whole file |
| iteration | one line |
"""


def _conversation(count: int) -> list[MessageItem]:
    items = []
    for index in range(count):
        if index % 2 == 0:
            items.append(MessageItem(index + 1, "user", f"Question number {index}?"))
        else:
            items.append(
                MessageItem(
                    index + 1,
                    "assistant",
                    f"Answer {index}.\n\nSome **bold** text and `code`.\n\n- a\n- b\n",
                    model="Tiny",
                    meta={"generated_tokens": 12, "tokens_per_second": 30.0},
                )
            )
    return items


def _settle(qtbot, view: ConversationView) -> None:
    QApplication.processEvents()
    view._flush_layout()
    QApplication.processEvents()


def test_opening_2000_messages_is_fast_and_builds_one_page(qtbot, view):
    items = _conversation(2000)
    began = time.perf_counter()
    view.set_messages(items)
    QApplication.processEvents()
    view.repaint()
    elapsed = time.perf_counter() - began
    assert elapsed < 1.0
    assert view.message_count() == 2000
    assert view.built_message_count() == cv.PAGE_SIZE
    assert view.message_widget(2000) is not None and view.message_widget(1) is None
    _settle(qtbot, view)
    assert view.is_at_bottom()


def test_scrolling_to_the_top_loads_older_messages_in_place(qtbot, view):
    view.set_messages(_conversation(2000))
    _settle(qtbot, view)
    first_id = 2000 - cv.PAGE_SIZE + 1
    anchor = view.message_widget(first_id)
    viewport = view._scroll.viewport()
    view.scroll_bar().setValue(0)
    top_before = anchor.mapTo(viewport, QPoint(0, 0)).y()
    qtbot.waitUntil(lambda: view.built_message_count() > cv.PAGE_SIZE, timeout=3000)
    _settle(qtbot, view)
    assert view.message_widget(first_id - 1) is not None
    # The message the user was looking at has not jumped.
    assert abs(anchor.mapTo(viewport, QPoint(0, 0)).y() - top_before) <= 2
    assert view.built_message_count() < 2000  # only what is needed, a chunk at a time


def _long_answer() -> str:
    parts = []
    for section in range(12):
        parts.append(f"## Part {section}\n\n" + "Words that stream in, one by one. " * 12 + "\n\n")
        parts.append(f"```python\nfor i in range({section}):\n    print(i)  # ``` here\n```\n\n")
        parts.append("| k | v |\n|---|---|\n" + "".join(f"| {i} | {i * i} |\n" for i in range(8)))
        parts.append("\n1. first\n2. second\n\n")
    return "".join(parts)


def test_streaming_a_long_answer_renders_only_the_open_block(qtbot, view):
    view.set_messages(_conversation(6))
    text = _long_answer()
    view.begin_stream(MessageItem(100, "assistant", "", status="streaming", model="Tiny"))
    assert view.streaming
    widget = view.message_widget(100)
    assert widget.typing is not None and widget.typing.isVisible()
    cuts = [len(text) * index // 2000 for index in range(2001)]
    pieces = [text[start:end] for start, end in itertools.pairwise(cuts)]
    assert len(pieces) == 2000 and "".join(pieces) == text
    stats = view.render_stats
    worst_blocks = 0
    for number, piece in enumerate(pieces):
        before = stats.blocks_rendered
        view.append_stream_text(piece)
        worst_blocks = max(worst_blocks, stats.blocks_rendered - before)
        if number % 25 == 0:
            QApplication.processEvents()
    # Each append re-renders the open block and perhaps finishes the one before it.
    assert worst_blocks <= 3
    # No render ever took the whole answer: the largest one is bounded by the block size.
    assert stats.largest_render <= STREAM_HARD_LIMIT + 200 < len(text)
    view.end_stream(
        MessageItem(100, "assistant", text, model="Tiny", meta={"generated_tokens": 900})
    )
    _settle(qtbot, view)
    assert not view.streaming and not widget.typing.isVisible()
    expected = split_blocks(text)
    shown = widget.body.block_widgets()
    assert len(shown) == len(expected)
    for block, shown_widget in zip(expected, shown, strict=True):
        if block.kind == CODE:
            assert isinstance(shown_widget, CodeBlock)
            assert shown_widget.code == block.text
            assert shown_widget.editor.toPlainText() == block.text
        else:
            assert isinstance(shown_widget, MarkdownBlock)
            assert shown_widget.markdown == block.text
    plain = "\n".join(w.plain_text() for w in shown)
    assert "Part 11" in plain and "print(i)  # ``` here" in plain and "first" in plain
    assert widget.copy_text() == text
    assert "900 tokens" in widget.stats.text()


def test_the_view_is_never_narrower_than_its_messages(qtbot, view):
    """A side panel that takes the room may squeeze the view only to its minimum, and
    there the messages still wrap inside it (they were cut off at the right)."""
    view.set_messages(_conversation(2))
    view.resize(view.minimumWidth(), 600)
    qtbot.waitUntil(lambda: view.message_widget(1).width() < 240)
    viewport = view._scroll.viewport().width()
    for message in (view.message_widget(1), view.message_widget(2)):
        assert message.width() + 2 * cv.SIDE_MARGIN <= viewport


def test_streaming_wraps_the_open_block_only_at_the_column_width(qtbot, view, monkeypatch):
    """Re-wrapping is the dearest part of a frame: a layout that asked the open block for
    its height at another width (a narrow child capped it) did it three times a frame."""
    view.set_messages(_conversation(2))
    _settle(qtbot, view)
    view.begin_stream(MessageItem(100, "assistant", "", status="streaming", model="Tiny"))
    view.append_stream_text("The first words of a long paragraph. ")
    _settle(qtbot, view)
    block = view.message_widget(100).body.block_widgets()[-1]
    column = block.width()
    wraps = []
    wrap_to = TextBlock._wrap_to

    def recording(widget, width):
        if widget is block and width != widget.lineWrapColumnOrWidth():
            wraps.append(width)
        wrap_to(widget, width)

    monkeypatch.setattr(TextBlock, "_wrap_to", recording)
    for _ in range(20):
        view.append_stream_text("More words stream into the same paragraph. ")
        QApplication.processEvents()
    assert view.message_widget(100).body.block_widgets()[-1] is block
    assert wraps == [] and block.lineWrapColumnOrWidth() == column


def test_stream_keeps_the_bottom_only_when_the_user_was_there(qtbot, view):
    view.set_messages(_conversation(40))
    _settle(qtbot, view)
    view.begin_stream(MessageItem(100, "assistant", "", status="streaming"))
    for _ in range(40):
        view.append_stream_text("A line of streamed text.\n\n")
    _settle(qtbot, view)
    assert view.is_at_bottom()
    bar = view.scroll_bar()
    bar.setValue(bar.maximum() // 2)  # the user scrolls up to read
    _settle(qtbot, view)
    value = bar.value()
    for _ in range(40):
        view.append_stream_text("More text arriving below.\n\n")
    _settle(qtbot, view)
    assert bar.value() == value
    assert not view.is_at_bottom()


def test_copy_buttons_copy_the_raw_text(qtbot, view):
    view.set_messages([MessageItem(1, "user", "Hi *there*"), MessageItem(2, "assistant", ANSWER)])
    _settle(qtbot, view)
    clipboard = QGuiApplication.clipboard()
    answer = view.message_widget(2)
    qtbot.mouseClick(answer.copy_button, Qt.MouseButton.LeftButton)
    assert clipboard.text() == ANSWER
    assert answer.copy_button.copied and answer.copy_button.icon_name == "check"
    code = next(w for w in answer.body.block_widgets() if isinstance(w, CodeBlock))
    assert code.language == "python"
    qtbot.mouseClick(code.copy_button, Qt.MouseButton.LeftButton)
    assert clipboard.text() == (
        "def count(path):\n    with open(path) as handle:\n        return sum(1 for _ in handle)"
    )
    assert code.copy_button.text() == code.copy_button.tr("Copied")
    qtbot.mouseClick(view.message_widget(1).copy_button, Qt.MouseButton.LeftButton)
    assert clipboard.text() == "Hi *there*"
    qtbot.waitUntil(lambda: not code.copy_button.copied, timeout=3000)
    assert code.copy_button.icon_name == "copy"


def test_user_text_is_shown_literally(qtbot, view):
    literal = "# not a heading\n**not bold** `not code` <b>not html</b> [not](a link)"
    view.set_messages([MessageItem(1, "user", literal)])
    _settle(qtbot, view)
    text = view.message_widget(1).text
    assert text.document().toPlainText() == literal
    cursor = QTextCursor(text.document())
    cursor.setPosition(len("# not a heading\n") + 3)
    assert not cursor.charFormat().isAnchor()
    assert cursor.charFormat().fontWeight() < 600


def test_markdown_is_rendered_for_answers(qtbot, view):
    view.set_messages([MessageItem(1, "assistant", ANSWER)])
    _settle(qtbot, view)
    blocks = view.message_widget(1).body.block_widgets()
    prose = blocks[0].document()
    assert prose.begin().blockFormat().headingLevel() == 2
    assert prose.begin().text() == "Counting lines"
    assert "**" not in prose.toPlainText()
    code = blocks[1]
    code.highlighter.finish_now()
    line = code.editor.document().firstBlock()
    assert any(f.format.foreground().color().isValid() for f in line.layout().formats())
    tables = [
        frame
        for frame in blocks[2].document().rootFrame().childFrames()
        if frame.__class__.__name__ == "QTextTable"
    ]
    assert tables and tables[0].rows() == 3 and tables[0].columns() == 2
    header = tables[0].cellAt(0, 0).format().background().color()
    assert header == view.theme.table_header  # styled, not Qt's default grey grid
    assert tables[0].format().borderBrush().color() == view.theme.border


def test_table_headers_are_bold_and_aligned_like_their_columns(qtbot, view):
    table = "| `name` | *size* | [fit](https://x.org) |\n|:---:|---:|:---|\n| a | 1 | yes |\n"
    view.set_messages([MessageItem(1, "assistant", table)])
    _settle(qtbot, view)
    document = view.message_widget(1).body.block_widgets()[0].document()
    tables = [f for f in document.rootFrame().childFrames() if isinstance(f, QTextTable)]
    horizontal = Qt.AlignmentFlag.AlignHorizontal_Mask
    for column, alignment in enumerate(
        [Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft]
    ):
        for row in (0, 1):
            block = tables[0].cellAt(row, column).firstCursorPosition().block()
            assert block.blockFormat().alignment() & horizontal == alignment, (row, column)
        head = tables[0].cellAt(0, column).firstCursorPosition().block()
        fragment = head.begin().fragment()
        assert fragment.text() and fragment.charFormat().fontWeight() >= QFont.Weight.Bold


def test_a_block_quote_has_a_bar_beside_it(qtbot, view):
    view.set_messages([MessageItem(1, "assistant", "Before.\n\n> Quoted\n> words.\n\nAfter.")])
    _settle(qtbot, view)
    prose = view.message_widget(1).body.block_widgets()[0]
    document = prose.document()
    quote = document.findBlock(document.toPlainText().index("Quoted"))
    assert quote.blockFormat().leftMargin() > 0
    middle = document.documentLayout().blockBoundingRect(quote).center().y()
    image = prose.grab().toImage()
    bar = {image.pixelColor(x, int(middle)).name() for x in range(4)}
    assert view.theme.faint.name() in bar
    before = document.documentLayout().blockBoundingRect(document.begin()).center().y()
    assert view.theme.faint.name() not in {
        image.pixelColor(x, int(before)).name() for x in range(4)
    }


def _anchor_point(browser, href: str) -> QPoint:
    document = browser.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + 1)
                return browser.cursorRect(cursor).center()
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link to {href}")


def test_clicking_a_link_emits_link_activated(qtbot, view):
    view.set_messages([MessageItem(1, "assistant", ANSWER)])
    _settle(qtbot, view)
    prose = view.message_widget(1).body.block_widgets()[0]
    point = _anchor_point(prose, "https://docs.python.org/3/")
    with qtbot.waitSignal(view.link_activated, timeout=2000) as signal:
        qtbot.mouseClick(prose.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == ["https://docs.python.org/3/"]


def test_edit_opens_inline_and_submits(qtbot, view):
    view.set_messages([MessageItem(1, "user", "Old question"), MessageItem(2, "assistant", "A")])
    _settle(qtbot, view)
    user = view.message_widget(1)
    with qtbot.waitSignal(view.edit_requested) as requested:
        qtbot.mouseClick(user.edit_button, Qt.MouseButton.LeftButton)
    assert requested.args == [1]
    assert user.editing and user.editor.toPlainText() == "Old question"
    user.cancel_button.click()
    assert not user.editing
    user.edit_button.click()
    user.editor.setPlainText("New question")
    with qtbot.waitSignal(view.edit_submitted) as submitted:
        qtbot.mouseClick(user.save_button, Qt.MouseButton.LeftButton)
    assert submitted.args == [1, "New question"]
    assert not user.editing


def test_regenerate_and_continue_on_the_last_answer(qtbot, view):
    view.set_messages(
        [
            MessageItem(1, "user", "Q1"),
            MessageItem(2, "assistant", "A1", meta={"finish_reason": "length"}),
            MessageItem(3, "user", "Q2"),
            MessageItem(4, "assistant", "A2", meta={"finish_reason": "length"}),
        ]
    )
    _settle(qtbot, view)
    older, last = view.message_widget(2), view.message_widget(4)
    assert older.regenerate_button is None or not older.regenerate_button.isVisible()
    assert last.regenerate_button.isVisible() and last.continue_button.isVisible()
    with qtbot.waitSignal(view.regenerate_requested) as regenerate:
        qtbot.mouseClick(last.regenerate_button, Qt.MouseButton.LeftButton)
    assert regenerate.args == [4]
    with qtbot.waitSignal(view.continue_requested) as continued:
        qtbot.mouseClick(last.continue_button, Qt.MouseButton.LeftButton)
    assert continued.args == [4]
    view.update_message(MessageItem(4, "assistant", "A2", meta={"finish_reason": "stop"}))
    assert not last.continue_button.isVisible()
    view.update_message(MessageItem(4, "assistant", "A2", status="cancelled"))
    assert last.continue_button.isVisible()
    # a new answer takes the buttons over
    view.append_message(MessageItem(5, "user", "Q3"))
    view.append_message(MessageItem(6, "assistant", "A3"))
    assert not last.regenerate_button.isVisible()
    assert view.message_widget(6).regenerate_button.isVisible()


def test_branch_switcher_emits_the_direction(qtbot, view):
    view.set_messages(
        [
            MessageItem(1, "user", "Q", branch_index=1, branch_count=3),
            MessageItem(2, "assistant", "A", branch_index=0, branch_count=2),
        ]
    )
    _settle(qtbot, view)
    user, answer = view.message_widget(1), view.message_widget(2)
    assert user.branches.label.text() == "2/3"
    with qtbot.waitSignal(view.branch_switch_requested) as switched:
        qtbot.mouseClick(user.branches.previous_button, Qt.MouseButton.LeftButton)
    assert switched.args == [1, -1]
    with qtbot.waitSignal(view.branch_switch_requested) as switched:
        qtbot.mouseClick(user.branches.next_button, Qt.MouseButton.LeftButton)
    assert switched.args == [1, 1]
    assert answer.branches.label.text() == "1/2"
    assert not answer.branches.previous_button.isEnabled()
    with qtbot.waitSignal(view.branch_switch_requested) as switched:
        qtbot.mouseClick(answer.branches.next_button, Qt.MouseButton.LeftButton)
    assert switched.args == [2, 1]


def test_footer_shows_statistics_and_warnings(qtbot, view):
    meta = {
        "generated_tokens": 312,
        "tokens_per_second": 24.13,
        "generation_seconds": 12.93,
        "warnings": ["The oldest 4 messages were left out to fit the context window"],
    }
    item = MessageItem(1, "assistant", "Hello", model="Llama 3.2 1B", meta=meta)
    assert footer_text(item) == "Llama 3.2 1B · 312 tokens · 24.1 tok/s · 12.9 s"
    view.set_messages([item, MessageItem(2, "assistant", "", status="error", meta={"error": "x"})])
    _settle(qtbot, view)
    answer = view.message_widget(1)
    assert answer.stats.text() == footer_text(item)
    assert answer.notice.isVisible() and "oldest 4 messages" in answer.notice.text()
    failed = view.message_widget(2)
    assert failed.notice.isVisible() and failed.notice.text() == "x"


def test_messages_can_be_appended_updated_and_removed(qtbot, view):
    view.set_messages(_conversation(6))
    view.append_message(MessageItem(7, "user", "More?"))
    assert view.message_count() == 7 and view.message_widget(7) is not None
    view.update_message(MessageItem(6, "assistant", "Changed answer"))
    assert view.message_widget(6).copy_text() == "Changed answer"
    view.remove_messages_after(3)
    assert view.message_count() == 3
    assert view.message_widget(4) is None and view.message_widget(7) is None
    view.remove_messages_after(999)  # unknown: nothing happens
    assert view.message_count() == 3


def test_continuing_an_answer_streams_into_it(qtbot, view):
    view.set_messages([MessageItem(1, "user", "Q"), MessageItem(2, "assistant", "Part one")])
    view.update_message(MessageItem(2, "assistant", "Part one", status="streaming"))
    assert view.streaming
    view.append_stream_text(", part two.")
    view.end_stream(MessageItem(2, "assistant", "Part one, part two."))
    assert view.message_widget(2).copy_text() == "Part one, part two."
    assert not view.streaming


def test_continuing_a_reopened_answer_streams_after_its_old_blocks_are_gone(qtbot, view):
    # A reopened answer is built whole; continuing it streams it again from the start, and
    # the widgets of its first build are deleted by the next turn of the event loop.
    text = "First part.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSecond paragraph"
    view.set_messages([MessageItem(1, "user", "Q"), MessageItem(2, "assistant", text)])
    _settle(qtbot, view)
    view.update_message(MessageItem(2, "assistant", text, status="streaming"))
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    view.append_stream_text(" and more.")
    view.end_stream(MessageItem(2, "assistant", text + " and more."))
    assert view.message_widget(2).copy_text() == text + " and more."


_TABLE = "| k | v |\n|---|---|\n" + "".join(f"| {i} | {i * i} |\n" for i in range(400))
_WORDS = "Words that stream in, one by one. " * 40 + "\n\n"


@pytest.mark.parametrize(
    "answers",
    [
        [MessageItem(2, "assistant", _TABLE * 3)],  # built a slice at a time, after opening
        [MessageItem(2 * i, "assistant", _WORDS, thinking=_WORDS * 9) for i in range(1, 7)],
    ],
    ids=["long-table", "reasoning"],
)
def test_another_conversation_opens_at_its_latest_message(qtbot, view, answers):
    # The conversation shown before was scrolled down: the new one must not take the scroll
    # bar going back to the top for the user scrolling up.
    view.set_messages(_conversation(40))
    _settle(qtbot, view)
    assert view.scroll_bar().value() > 0
    items = []
    for answer in answers:
        items += [MessageItem(answer.id - 1, "user", "Q"), answer]
    view.set_messages(items)
    qtbot.waitUntil(
        lambda: not any(view.message_widget(a.id).body.building for a in answers), timeout=5000
    )
    _settle(qtbot, view)
    assert view.scroll_bar().maximum() > view.height()
    assert view.is_at_bottom()


def _wheel(target, dx: int, dy: int) -> QWheelEvent:
    position = QPointF(5, 5)
    event = QWheelEvent(
        position,
        QPointF(target.mapToGlobal(position.toPoint())),
        QPoint(0, 0),
        QPoint(dx, dy),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(target, event)
    return event


def test_text_and_code_pass_the_wheel_on_to_the_conversation(qtbot, view):
    # Qt propagates a real (spontaneous) wheel event to the parents while it is ignored;
    # a synthetic one stops at its target, so check both halves separately.
    view.set_messages([*_conversation(38), MessageItem(100, "assistant", ANSWER)])
    _settle(qtbot, view)
    blocks = view.message_widget(100).body.block_widgets()
    prose, code = blocks[0], blocks[1]
    assert not _wheel(prose.viewport(), 0, -120).isAccepted()
    assert not _wheel(code.editor.viewport(), 0, -120).isAccepted()
    bar = view.scroll_bar()
    bar.setValue(bar.maximum() // 2)
    value = bar.value()
    _wheel(view._scroll.viewport(), 0, 120)
    assert bar.value() < value


def test_resizing_relays_out_once_it_settles(qtbot, view):
    view.set_messages(_conversation(10))
    _settle(qtbot, view)
    assert view._column.width() == cv.MAX_COLUMN_WIDTH
    view.resize(500, 700)
    QApplication.processEvents()
    assert view._column_width == cv.MAX_COLUMN_WIDTH  # not yet: the resize may go on
    qtbot.waitUntil(lambda: view._column_width < 500 - 2 * cv.SIDE_MARGIN + 1, timeout=2000)
    assert view._column_width == view._target_column_width()
    _settle(qtbot, view)
    assert view._column.width() == view._column_width
    user = view.message_widget(9)
    assert user.bubble.maximumWidth() == int(view._column_width * 0.75)


def test_dark_palette_restyles_the_view(qtbot, view):
    view.set_messages([MessageItem(1, "assistant", ANSWER)])
    _settle(qtbot, view)
    assert not view.theme.dark
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#252526"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#e6e6e6"))
    view.setPalette(palette)
    qtbot.waitUntil(lambda: view.theme.dark, timeout=2000)
    code = next(w for w in view.message_widget(1).body.block_widgets() if isinstance(w, CodeBlock))
    assert code.highlighter._style == "github-dark"


def test_icons_take_the_colour_and_are_cached(qapp):
    red = icon("copy", QColor("red"))
    assert not red.isNull()
    assert icon("copy", QColor("red")) is red
    assert icon("copy", QColor("blue")) is not red
    image = red.pixmap(24, 24).toImage()
    colours = {image.pixelColor(x, y).name() for x in range(24) for y in range(24)}
    assert "#ff0000" in colours


def test_the_messages_speak_the_users_language(qtbot, qapp):
    from llamadesk.ui.app import install_translations

    install_translations(qapp, "zh_CN")
    try:
        view = ConversationView()
        qtbot.addWidget(view)
        view.set_messages(
            [
                MessageItem(1, "user", "Q", branch_index=0, branch_count=2),
                MessageItem(2, "assistant", "A", status="cancelled"),
                MessageItem(3, "user", "Q2"),
            ]
        )
        view.set_context_start(3)
        answer, user = view.message_widget(2), view.message_widget(1)
        assert answer.header.text() == "助手"
        assert answer.copy_button.toolTip() == "复制"
        assert answer.regenerate_button.toolTip() == "重新生成"
        assert "已停止" in answer.stats.text()
        assert user.edit_button.toolTip() == "编辑"
        assert user.branches.previous_button.toolTip() != "Previous version"
        # said by the messages' common base class, for every kind of message
        assert answer.toolTip() == user.toolTip() == "这条消息已超出模型的上下文窗口。"
    finally:
        install_translations(qapp, "en")  # as the app speaks by default
