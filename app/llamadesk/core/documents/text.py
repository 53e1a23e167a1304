"""Text files: which encoding, and whether a file is text at all.

A file is text when it decodes as UTF-8 (with or without a byte-order mark), as UTF-16 or
UTF-32 with a byte-order mark, or, failing those, in the legacy encoding that
charset-normalizer finds most likely (Windows-1252, GB18030, Shift JIS, ...). A file with
NUL bytes and no UTF-16/32 mark, or whose decoded text is more than a sliver of control
characters, is binary. Line endings become "\\n".
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_MARKS = (  # longest first: a UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that text does not hold (tab, line feed, form feed, carriage return
# and escape, for coloured logs, are text).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.005
_LINE_ENDS = re.compile("\r\n?")
# Legacy encodings by how much text is written in them, for ties (charset-normalizer's names)
COMMON_ENCODINGS = ("cp1252", "gb18030", "cp932", "cp1251", "big5", "cp949", "cp1250")


def decode_text(data: bytes) -> str | None:
    """``data`` as text with "\\n" line endings, or None when it is not text."""
    text = _decoded(data)
    if text is None:
        return None
    if text and len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        return None
    return _LINE_ENDS.sub("\n", text)


def _decoded(data: bytes) -> str | None:
    for mark, encoding in _MARKS:
        if data.startswith(mark):
            try:
                return data[len(mark) :].decode(encoding)
            except UnicodeDecodeError:
                return None
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # Where several encodings read the text equally well (French reads as well in
    # Windows-1250 as in Windows-1252, but only one is right), the commoner one wins.
    tied = {m.encoding for m in matches if (m.chaos, -m.coherence) <= (best.chaos, -best.coherence)}
    encoding = next((e for e in COMMON_ENCODINGS if e in tied), best.encoding)
    return data.decode(encoding, errors="replace")
