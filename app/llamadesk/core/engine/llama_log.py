"""Facts llama.cpp only tells through its log: memory buffers, offloaded layers, errors."""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from collections.abc import Sequence
from pathlib import Path

from llamadesk.core.texts import Text

log = logging.getLogger("llama.cpp")

_BUFFER_LINE = re.compile(r"(\S+)\s+(model|KV|compute|output) buffer size =\s+([\d.]+) MiB")
_OFFLOADED_LINE = re.compile(r"offloaded (\d+)/(\d+) layers to GPU")


class LogCollector:
    """Keeps llama.cpp's recent log lines (they explain load failures and memory use)."""

    def __init__(self) -> None:
        self.lines: deque[str] = deque(maxlen=2000)
        self.count = 0
        self._partial = ""
        self._lock = threading.Lock()  # llama.cpp may log from its worker threads
        self.echo = False

    def add(self, text: bytes | None) -> None:
        """Take a chunk of log text; llama.cpp sends lines in pieces."""
        with self._lock:
            self._partial += (text or b"").decode("utf-8", errors="replace")
            while "\n" in self._partial:
                line, self._partial = self._partial.split("\n", 1)
                self.lines.append(line)
                self.count += 1
                log.debug("%s", line)
                if self.echo:
                    print(line, flush=True)

    def since(self, mark: int) -> list[str]:
        """The lines logged after ``count`` was ``mark``."""
        with self._lock:
            new = min(self.count - mark, len(self.lines))
            return list(self.lines)[len(self.lines) - new :] if new > 0 else []


def layers_offloaded(lines: Sequence[str]) -> int:
    """How many layers llama.cpp put on the GPU (0 when it did not say)."""
    found = [m for m in map(_OFFLOADED_LINE.search, lines) if m]
    return int(found[-1].group(1)) if found else 0


def reported_buffers(lines: Sequence[str]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for match in filter(None, map(_BUFFER_LINE.search, lines)):
        kind = match.group(2)
        sizes[kind] = sizes.get(kind, 0) + int(float(match.group(3)) * 1024**2)
    return sizes


def load_failure_message(path: Path, lines: Sequence[str]) -> str:
    errors = [line for line in lines if "error" in line.lower() or "failed" in line.lower()]
    detail = errors[-1].split(": ", 1)[-1].strip() if errors else Text("no reason given")
    hint = Text("The file may be damaged, or made for a newer llama.cpp than this version.")
    if "architecture" in detail:
        hint = Text("This model's architecture is not supported by this version of llama.cpp.")
    elif "memory" in detail.lower() or "alloc" in detail.lower():
        hint = Text(
            "There is not enough memory: choose a smaller quantization or fewer GPU layers."
        )
    return Text(
        "llama.cpp could not load {name}: {detail}. {hint}",
        name=path.name,
        detail=detail,
        hint=hint,
    )


def decode_error(status: int) -> str:
    if status == 1:
        return Text("The context window is full: no room left for more tokens.")
    return Text("llama.cpp failed while computing (code {status}).", status=status)
