"""Terminal output for ``llamadesk models`` and ``connections``: a download progress bar,
tables, questions, errors as one sentence.

Plain text, no Qt; progress and questions go to stderr so stdout stays for results. Text
from elsewhere (a Hub's answers and error messages, file names, a model's metadata) is
printed through :func:`printable`: a control character in it could clear the screen,
move the cursor, rename the window or hide text.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from llamadesk.core.units import format_bytes

if TYPE_CHECKING:
    from llamadesk.core.hub import DownloadProgress

# C0 and C1 controls (line breaks and tabs aside), DEL, and the marks that reorder text
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` with its control characters shown as "\ufffd" (line breaks and tabs kept)."""
    return _CONTROLS.sub("\ufffd", str(text))


def say(*values: object, file=None) -> None:
    """``print`` of :func:`printable` text."""
    print(*(printable(value) for value in values), file=file)


class ProgressBar:
    """A one-line progress bar on stderr: bytes, speed, ETA; new lines where it is not a
    terminal (at most one a second)."""

    def __init__(self, name: str, stream=None) -> None:
        self.name = printable(name)
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last = 0.0
        self._state: str | None = None
        self._step = 0
        self._line = ""

    def __call__(self, progress: DownloadProgress) -> None:
        changed = progress.state != self._state
        self._state = progress.state
        if progress.state == "retrying" and changed:
            self._print_line(printable(progress.message))
        elif progress.state == "checking" and changed:
            self._print_line("Checking the part already downloaded…")
        elif progress.state == "verifying" and changed:
            self._draw(progress, force=True)
            self._print_line("Verifying the size and sha256…")
        elif progress.state == "downloading":
            self._draw(progress, force=changed)

    def _draw(self, progress: DownloadProgress, force: bool = False) -> None:
        now = time.monotonic()
        interval = 0.1 if self.tty else 1.0
        finished = progress.total is not None and progress.done >= progress.total
        step = int((progress.fraction or 0.0) * 10)  # a log gets a line every 10% too
        if not (force or finished or step > self._step) and now - self._last < interval:
            return
        self._last, self._step = now, step
        self._line = render_progress(
            self.name, progress, width=terminal_width() if self.tty else 80
        )
        if self.tty:
            width = terminal_width() - 1
            self.stream.write("\r" + self._line.ljust(width)[:width])
        else:
            self.stream.write(self._line + "\n")
        self.stream.flush()

    def _print_line(self, text: str) -> None:
        if self.tty and self._line:
            self.stream.write("\n")
            self._line = ""
        self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty and self._line:
            self.stream.write("\n")
            self._line = ""
            self.stream.flush()


def render_progress(name: str, progress: DownloadProgress, width: int = 80) -> str:
    """``name [#######-----]  45%  1.2 MiB / 2.7 MiB  3.4 MiB/s  ETA 0:12``"""
    fraction = progress.fraction or 0.0
    amounts = format_bytes(progress.done)
    if progress.total is not None:
        amounts += f" / {format_bytes(progress.total)}"
    speed = f"{format_bytes(round(progress.speed))}/s" if progress.speed else ""
    eta = f"ETA {format_duration(progress.eta)}" if progress.eta is not None else ""
    part = f"part {progress.part}/{progress.parts}" if progress.parts > 1 else ""
    tail = "  ".join(x for x in (f"{fraction:4.0%}", amounts, speed, eta, part) if x)
    cells = max(10, min(30, width - len(tail) - len(name) - 6))
    filled = round(cells * fraction)
    short = name if len(name) <= 40 else name[:37] + "…"
    return f"{short} [{'#' * filled}{'-' * (cells - filled)}] {tail}"


def format_duration(seconds: float) -> str:
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def confirm(question: str) -> bool:
    try:
        answer = input(f"{question} [y/N] ")
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        return False
    return answer.strip().lower() in ("y", "yes")


def table(rows: list[tuple[str, ...]], right: tuple[int, ...] = ()) -> None:
    rows = [tuple(" ".join(printable(cell).split("\n")) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        print("  ".join(cells).rstrip())


def terminal_width() -> int:
    return shutil.get_terminal_size((100, 20)).columns


def quoted(path: Path) -> str:
    text = str(path)
    return f'"{text}"' if " " in text else text


def guarded(command):
    """``command`` with its errors turned into one sentence on stderr and exit status 2."""

    def run(args: argparse.Namespace) -> int:
        from llamadesk.core.errors import LlamaDeskError

        try:
            return command(args)
        except LlamaDeskError as error:
            say(f"error: {error}", file=sys.stderr)
        except OSError as error:
            where = f" ({error.filename})" if error.filename else ""
            say(f"error: {error.strerror or error}{where}", file=sys.stderr)
        return 2

    return run
