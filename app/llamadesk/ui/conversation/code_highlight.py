"""Syntax highlighting for code blocks: Pygments lexers driven line by line from Qt.

``QSyntaxHighlighter`` highlights one line (text block) at a time and re-highlights only
the lines that changed, carrying an integer state from line to line. Pygments'
``RegexLexer`` keeps a state *stack*; ``tokenize_line`` runs the same algorithm as
``RegexLexer.get_tokens_unprocessed`` on one line, starting from a given stack and returning
the stack it ends with, and the highlighter maps each distinct stack to an integer. So a
streaming code block costs only the line that grew, and multi-line strings and comments
still highlight correctly.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from functools import lru_cache

from pygments.lexer import ExtendedRegexLexer, Lexer, LexerContext, RegexLexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.styles import get_style_by_name
from pygments.token import Error, Whitespace, _TokenType
from pygments.util import ClassNotFound
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

LIGHT_STYLE = "xcode"
DARK_STYLE = "github-dark"

_ALIASES = {
    "shell": "bash",
    "zsh": "bash",
    "console": "console",
    "py3": "python",
    "jsonc": "json",
    "ps": "powershell",
    "ps1": "powershell",
    "cmd": "batch",
    "vue": "html",
    "svelte": "html",
}

Token = tuple[int, _TokenType, str]
Stack = tuple[str, ...]
_ROOT: Stack = ("root",)
_MAX_STATES = 4096  # distinct stacks a highlighter remembers before it stops highlighting


@lru_cache(maxsize=64)
def lexer_for(language: str) -> Lexer | None:
    """A Pygments lexer for a fence's language name, or ``None`` for plain text."""
    name = language.strip().lower()
    if not name:
        return None
    name = _ALIASES.get(name, name)
    try:
        lexer = get_lexer_by_name(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None
    return None if isinstance(lexer, TextLexer) else lexer


def tokenize_line(lexer: Lexer, line: str, stack: Stack = _ROOT) -> tuple[list[Token], Stack]:
    """Tokens of one line (offsets into ``line``) and the lexer state stack after it."""
    text = line + "\n"
    if (
        isinstance(lexer, ExtendedRegexLexer)
        and type(lexer).get_tokens_unprocessed is ExtendedRegexLexer.get_tokens_unprocessed
    ):
        context = LexerContext(text, 0, list(stack))
        return list(lexer.get_tokens_unprocessed(context=context)), tuple(context.stack)
    if isinstance(lexer, RegexLexer) and not isinstance(lexer, ExtendedRegexLexer):
        return _tokenize_regex(lexer, text, stack)
    return list(lexer.get_tokens_unprocessed(text)), _ROOT


def _tokenize_regex(lexer: RegexLexer, text: str, stack: Stack) -> tuple[list[Token], Stack]:
    # The loop of RegexLexer.get_tokens_unprocessed, keeping the final state stack.
    tokendefs = lexer._tokens
    statestack = [state for state in stack if state in tokendefs] or ["root"]
    statetokens = tokendefs[statestack[-1]]
    tokens: list[Token] = []
    pos = 0
    idle_rounds = 0
    while idle_rounds < 64:  # empty matches that only shuffle states must not spin forever
        for rexmatch, action, new_state in statetokens:
            match = rexmatch(text, pos)
            if not match:
                continue
            if action is not None:
                if type(action) is _TokenType:
                    tokens.append((pos, action, match.group()))
                else:
                    tokens.extend(action(lexer, match))
            idle_rounds = idle_rounds + 1 if match.end() == pos else 0
            pos = match.end()
            if new_state is not None:
                if isinstance(new_state, tuple):
                    for state in new_state:
                        if state == "#pop":
                            if len(statestack) > 1:
                                statestack.pop()
                        elif state == "#push":
                            statestack.append(statestack[-1])
                        else:
                            statestack.append(state)
                elif isinstance(new_state, int):
                    if abs(new_state) >= len(statestack):
                        del statestack[1:]
                    else:
                        del statestack[new_state:]
                elif new_state == "#push":
                    statestack.append(statestack[-1])
                statetokens = tokendefs[statestack[-1]]
            break
        else:
            if pos >= len(text):
                break
            if text[pos] == "\n":
                statestack = ["root"]
                statetokens = tokendefs["root"]
                tokens.append((pos, Whitespace, "\n"))
                pos += 1
                continue
            tokens.append((pos, Error, text[pos]))
            pos += 1
    return tokens, tuple(statestack)


_FORMATS: dict[tuple[str, _TokenType], QTextCharFormat | None] = {}


def _format_for(style_name: str, token_type: _TokenType) -> QTextCharFormat | None:
    key = (style_name, token_type)
    if key in _FORMATS:
        return _FORMATS[key]
    fmt: QTextCharFormat | None = None
    if token_type not in Error:  # a line lexed alone may see "errors" that are not there
        style = get_style_by_name(style_name).style_for_token(token_type)
        if style["color"] or style["bold"] or style["italic"]:
            fmt = QTextCharFormat()
            if style["color"]:
                fmt.setForeground(QColor(f"#{style['color']}"))
            if style["bold"]:
                fmt.setFontWeight(QFont.Weight.Bold)
            if style["italic"]:
                fmt.setFontItalic(True)
    _FORMATS[key] = fmt
    return fmt


class PygmentsHighlighter(QSyntaxHighlighter):
    """Highlights a code document for one language, in a light or a dark style.

    With ``incremental`` (an answer that is streaming), each line is lexed on its own from
    the state the previous line ended in, so text appended to the last line costs only that
    line. ``set_complete`` then lexes the final text as a whole -- which also gets right the
    constructs some lexers match with one multi-line pattern (``/* ... */``) -- in slices of
    a few milliseconds on a zero-delay timer, so the window never waits for Pygments.
    """

    COMPLETE_LIMIT = 200_000  # longer code is left as it is
    SLICE_SECONDS = 0.003

    def __init__(
        self, document: QTextDocument, language: str, dark: bool, incremental: bool = False
    ) -> None:
        super().__init__(document)
        self._lexer = lexer_for(language)
        self._style = DARK_STYLE if dark else LIGHT_STYLE
        self._incremental = incremental
        self._stacks: list[Stack] = [_ROOT]
        self._stack_ids: dict[Stack, int] = {_ROOT: 0}
        self._complete: list[list[tuple[int, int, _TokenType]]] | None = None
        self._job: Iterator[None] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    def set_complete(self, text: str) -> None:
        """The document now holds its final text: highlight it as a whole, in slices."""
        if self._lexer is None or len(text) > self.COMPLETE_LIMIT:
            return
        self._job = self._complete_steps(text)
        self._timer.start()

    def finish_now(self) -> None:
        """Run a pending whole-text pass to its end (tests, screenshots)."""
        while self._job is not None:
            self._step(deadline=float("inf"))

    def _step(self, deadline: float | None = None) -> None:
        if self._job is None:
            self._timer.stop()
            return
        deadline = time.perf_counter() + self.SLICE_SECONDS if deadline is None else deadline
        try:
            while time.perf_counter() < deadline:
                next(self._job)
        except StopIteration:
            self._job = None
            self._timer.stop()
        except Exception:  # a lexer bug must not break the view: keep what is shown
            self._job = None
            self._timer.stop()

    def _complete_steps(self, text: str) -> Iterator[None]:
        lines: list[list[tuple[int, int, _TokenType]]] = [[]]
        column = 0
        for count, (_pos, token_type, value) in enumerate(
            self._lexer.get_tokens_unprocessed(text + "\n")
        ):
            pieces = value.split("\n")
            for index, piece in enumerate(pieces):
                if index:
                    lines.append([])
                    column = 0
                if piece:
                    lines[-1].append((column, len(piece), token_type))
                    column += len(piece)
            if count % 32 == 0:
                yield
        document = self.document()
        if document is None or document.blockCount() > len(lines):
            return  # the text changed under us
        self._complete = lines
        block = document.firstBlock()
        count = 0
        while block.isValid():
            self.rehighlightBlock(block)
            block = block.next()
            count += 1
            if count % 16 == 0:
                yield

    def set_dark(self, dark: bool) -> None:
        style = DARK_STYLE if dark else LIGHT_STYLE
        if style != self._style:
            self._style = style
            if self._lexer is not None:
                self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if self._lexer is None:
            return
        length = len(text)
        if self._complete is not None:
            number = self.currentBlock().blockNumber()
            if number < len(self._complete):
                for column, size, token_type in self._complete[number]:
                    if column >= length:
                        break
                    fmt = _format_for(self._style, token_type)
                    if fmt is not None:
                        self.setFormat(column, min(size, length - column), fmt)
            # Keep the state as it was, so re-highlighting one line never cascades.
            self.setCurrentBlockState(self.currentBlockState())
            return
        if not self._incremental or len(self._stacks) > _MAX_STATES:
            return
        previous = self.previousBlockState()
        stack = self._stacks[previous] if 0 <= previous < len(self._stacks) else _ROOT
        try:
            tokens, stack = tokenize_line(self._lexer, text, stack)
        except Exception:  # a lexer bug must not break the view: leave this line plain
            tokens, stack = [], _ROOT
        for pos, token_type, value in tokens:
            if pos >= length:
                break
            fmt = _format_for(self._style, token_type)
            if fmt is not None:
                self.setFormat(pos, min(len(value), length - pos), fmt)
        state = self._stack_ids.get(stack)
        if state is None:
            state = self._stack_ids[stack] = len(self._stacks)
            self._stacks.append(stack)
        self.setCurrentBlockState(state)
