"""Turn a stream of token byte pieces into text, incrementally, and cut it at stop strings.

Tokens are byte pieces: one Chinese character or emoji may be split over several
tokens, and a piece may end in the middle of a UTF-8 sequence. :class:`Utf8Pieces`
holds back at most the 3 bytes of an unfinished sequence (an invalid sequence becomes
U+FFFD at once). :class:`StopStrings` searches for stop strings only in the small
window that could contain them, so the cost per token stays constant however long the
answer grows.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence


class Utf8Pieces:
    """Feed token bytes with :meth:`push`; it returns the text they complete."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def push(self, piece: bytes) -> str:
        return self._decoder.decode(piece)

    def finish(self) -> str:
        """The end: an unfinished sequence becomes U+FFFD."""
        return self._decoder.decode(b"", final=True)


class StopStrings:
    """Feed text with :meth:`push`; emit the text it returns, which ends before the first
    stop string (:attr:`stopped` is then set, and nothing more is returned)."""

    def __init__(self, stop: Sequence[str] = ()) -> None:
        self._stops = tuple(s for s in stop if s)
        self._hold_max = max((len(s) for s in self._stops), default=1) - 1
        self._pending = ""
        self.stopped = False
        self.stop_string: str | None = None

    def push(self, text: str) -> str:
        """Add text; return the text that is now safe to show."""
        if self.stopped:
            return ""
        text = self._pending + text
        if not self._stops:
            self._pending = ""
            return text
        hit, at = None, len(text)
        for stop in self._stops:
            index = text.find(stop)
            if index != -1 and index < at:
                hit, at = stop, index
        if hit is not None:
            self.stopped, self.stop_string, self._pending = True, hit, ""
            return text[:at]
        hold = self._partial_stop_length(text)
        self._pending = text[len(text) - hold :] if hold else ""
        return text[: len(text) - hold]

    def finish(self) -> str:
        """End of generation: return whatever was held back."""
        if self.stopped:
            return ""
        text, self._pending = self._pending, ""
        return text

    def _partial_stop_length(self, text: str) -> int:
        """Length of the longest end of ``text`` that could begin a stop string."""
        for length in range(min(self._hold_max, len(text)), 0, -1):
            tail = text[len(text) - length :]
            if any(stop.startswith(tail) for stop in self._stops):
                return length
        return 0
