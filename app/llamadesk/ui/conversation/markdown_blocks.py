"""Split Markdown into blocks that are rendered one at a time (no Qt here).

A streaming answer is cut into *blocks*: fenced code blocks, and prose chunks cut at blank
lines outside code fences, lists and tables. A block that is finished never changes again,
however much text follows, so the view renders it once and only re-renders the block still
in progress. The cost of taking in new text is proportional to the new text plus the size
of the open block, never to the length of the whole answer.

Decisions are taken on complete lines only; the unfinished last line only ever shows up in
the open block. ``split_blocks`` is the whole-text form of ``BlockSplitter``: feeding a text
in any number of pieces gives the same blocks as splitting it at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROSE = "prose"
CODE = "code"

# Prose is cut at a blank line once the open block holds at least this many characters...
STREAM_SOFT_LIMIT = 1200
# ...and, failing a blank line, at a list item or table row once it holds this many.
STREAM_HARD_LIMIT = 3000

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_FENCE_CLOSE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*$")
_LIST_ITEM = re.compile(r"^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_TABLE_DELIMITER = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)*[ \t]*:?-+:?[ \t]*\|?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
# An unfinished last line that may still turn into a fence line: keep it out of sight.
_MAYBE_FENCE = re.compile(r"^[ \t]*(?:`{1,2}|~{1,2}|`{3,}[^`]*|~{3,}.*)$")
_MAYBE_CLOSING_FENCE = re.compile(r"^[ \t]*(?:`+|~+)[ \t]*$")


@dataclass(frozen=True)
class Block:
    """One renderable piece of a message.

    ``text`` is Markdown for prose and the bare code (fences removed) for code.
    ``closed`` is False for a code block whose closing fence has not arrived (yet).
    """

    kind: str
    text: str
    language: str = ""
    closed: bool = True


def _language(info: str) -> str:
    info = info.strip().lstrip("{").lstrip(".")
    return re.split(r"[\s,{}]", info, maxsplit=1)[0] if info else ""


def _indent_width(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _strip_indent(line: str, width: int) -> str:
    """Remove up to ``width`` columns of leading whitespace (the fence's own indent)."""
    removed = 0
    index = 0
    while index < len(line) and removed < width and line[index] in " \t":
        removed += 1 if line[index] == " " else 4 - removed % 4
        index += 1
    return line[index:]


def _prose_markdown(lines: list[str], prefix: tuple[str, ...] = ()) -> str:
    first = next((line for line in lines if line.strip()), "")
    indent = _indent_width(first)
    if indent:
        # Text that continues a list item after a code block: left indented, four spaces
        # would turn it into an indented code block.
        lines = [_strip_indent(line, indent) for line in lines]
    text = "\n".join(lines)
    if prefix:
        text = "\n".join(prefix) + "\n" + text
    return text


class BlockSplitter:
    """Incremental splitter: ``feed`` text as it arrives, read ``finished`` and ``pending()``.

    ``soft_limit``/``hard_limit`` bound the size of a prose block (``None``: no bound at
    that level). ``finished`` only ever grows; its blocks never change.
    """

    def __init__(
        self, soft_limit: int | None = STREAM_SOFT_LIMIT, hard_limit: int | None = STREAM_HARD_LIMIT
    ) -> None:
        self.soft_limit = soft_limit
        self.hard_limit = hard_limit
        self.finished: list[Block] = []
        self._partial = ""  # text after the last newline
        self._held_cr = False  # a trailing "\r" that may be the first half of "\r\n"
        self._done = False
        # The open block.
        self._kind: str | None = None
        self._lines: list[str] = []
        self._chars = 0
        self._prefix: tuple[str, ...] = ()  # table header repeated on a continuation chunk
        # Prose state.
        self._blank_before = False  # the previous complete line was blank
        self._last_line = ""  # the previous complete non-blank line
        self._table_header: tuple[str, str] | None = None  # inside a table: its header rows
        self._in_list = False
        # Code state.
        self._fence_char = ""
        self._fence_len = 0
        self._fence_indent = 0
        self._language = ""

    # -- input ---------------------------------------------------------------------------

    def feed(self, text: str) -> None:
        """Take in the next piece of the text (any size, may end mid-line or mid-CRLF)."""
        if self._done:
            raise RuntimeError("feed() after finish()")
        if not text:
            return
        if self._held_cr:
            text = "\r" + text
            self._held_cr = False
        if text.endswith("\r"):
            text = text[:-1]
            self._held_cr = True
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "\n" not in text:
            self._partial += text
            return
        lines = (self._partial + text).split("\n")
        self._partial = lines.pop()
        for line in lines:
            self._take_line(line)

    def finish(self) -> None:
        """The text is complete: the unfinished last line counts, the open block is closed."""
        if self._done:
            return
        if self._held_cr:
            self._held_cr = False
            self._take_line(self._partial)
            self._partial = ""
        if self._partial:
            self._take_line(self._partial)
            self._partial = ""
        self._close_block()
        self._done = True

    # -- output --------------------------------------------------------------------------

    def pending(self) -> Block | None:
        """The open block as it stands now (``None`` if there is nothing to show)."""
        if self._done:
            return None
        partial = self._partial
        if self._kind == CODE:
            if partial and _MAYBE_CLOSING_FENCE.match(partial) and self._fence_char in partial:
                partial = ""
            lines = self._lines
            if partial:
                lines = [*lines, _strip_indent(partial, self._fence_indent)]
            return Block(CODE, "\n".join(lines), self._language, closed=False)
        if partial and _MAYBE_FENCE.match(partial):
            partial = ""
        lines = [*self._lines, partial] if partial else self._lines
        if not any(line.strip() for line in lines):
            return None
        return Block(PROSE, _prose_markdown(lines, self._prefix).rstrip("\n"))

    def blocks(self) -> list[Block]:
        """Finished blocks plus the open one."""
        pending = self.pending()
        return [*self.finished, pending] if pending else list(self.finished)

    # -- the line state machine ------------------------------------------------------------

    def _take_line(self, line: str) -> None:
        if self._kind == CODE:
            closing = _FENCE_CLOSE.match(line)
            if (
                closing
                and closing["fence"][0] == self._fence_char
                and len(closing["fence"]) >= self._fence_len
            ):
                self._close_block(closed=True)
            else:
                self._append(_strip_indent(line, self._fence_indent))
            return

        opening = _FENCE_OPEN.match(line)
        if opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            self._close_block()
            self._kind = CODE
            self._fence_char = opening["fence"][0]
            self._fence_len = len(opening["fence"])
            self._fence_indent = _indent_width(opening["indent"])
            self._language = _language(opening["info"])
            return

        if not line.strip():
            self._blank_before = True
            self._table_header = None
            if self._kind == PROSE:
                self._append(line)
            return

        if self._kind == PROSE and self._should_cut_before(line):
            table_header = None if self._blank_before else self._table_header
            self._close_block()
            if table_header:
                # A table cut in two: the next chunk repeats its header so it renders as one.
                self._prefix = table_header
                self._table_header = table_header
        if self._kind is None:
            self._kind = PROSE

        indented = line[:1] in (" ", "\t")
        if not indented:
            self._in_list = bool(_LIST_ITEM.match(line)) or (
                self._in_list and not self._blank_before
            )
        if (
            self._table_header is None
            and not self._blank_before
            and "|" in line
            and "|" in self._last_line
            and _TABLE_DELIMITER.match(line)
        ):
            self._table_header = (self._last_line, line)
        self._append(line)
        self._blank_before = False
        self._last_line = line

    def _should_cut_before(self, line: str) -> bool:
        if not any(existing.strip() for existing in self._lines):
            return False
        indented = line[:1] in (" ", "\t")
        if self._blank_before:
            # After a blank line, an indented line continues a list item: keep it.
            return not indented and self.soft_limit is not None and self._chars >= self.soft_limit
        if self.hard_limit is None or self._chars < self.hard_limit or indented:
            return False
        if self._table_header is not None:
            return True  # the next chunk repeats the table header
        if self._in_list:
            return bool(_LIST_ITEM.match(line))
        # A paragraph that never ends: cut at a line break (but not before a setext underline).
        return not _SETEXT_UNDERLINE.match(line) and not _LIST_ITEM.match(line)

    def _append(self, line: str) -> None:
        self._lines.append(line)
        self._chars += len(line) + 1

    def _close_block(self, closed: bool = False) -> None:
        if self._kind == CODE:
            self.finished.append(Block(CODE, "\n".join(self._lines), self._language, closed))
        elif self._kind == PROSE and any(line.strip() for line in self._lines):
            text = _prose_markdown(self._lines, self._prefix).rstrip("\n")
            self.finished.append(Block(PROSE, text))
        self._kind = None
        self._lines = []
        self._chars = 0
        self._prefix = ()
        self._blank_before = False
        self._last_line = ""
        self._table_header = None
        self._in_list = False


def split_blocks(
    text: str,
    soft_limit: int | None = STREAM_SOFT_LIMIT,
    hard_limit: int | None = STREAM_HARD_LIMIT,
) -> list[Block]:
    """Split a complete Markdown text into blocks (the same ones streaming it would give)."""
    splitter = BlockSplitter(soft_limit, hard_limit)
    splitter.feed(text)
    splitter.finish()
    return splitter.finished
