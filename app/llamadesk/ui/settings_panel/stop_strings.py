"""Stop strings as the settings panel's editor shows them: one per line, with escapes.

Plain Python (no Qt), so the round trip is easy to test: ``parse_stop_strings`` reads what
the user typed, ``format_stop_strings`` writes a tuple back so that it parses the same.
"""

from __future__ import annotations

_DECODE = {"n": "\n", "t": "\t", "r": "\r", "s": " ", "\\": "\\", ",": ","}
_ENCODE = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", ",": "\\,"}


def parse_stop_strings(text: str) -> tuple[str, ...]:
    r"""Stop strings from the editor: one per line or separated by commas.

    Escapes: ``\n`` new line, ``\t`` tab, ``\r``, ``\s`` space, ``\,`` comma, ``\\``
    backslash. Spaces around an item are dropped (write ``\s`` to keep one); empty items too.
    """
    items: list[str] = []
    for line in text.splitlines():
        chars: list[tuple[str, bool]] = []  # (character, written as an escape)
        i = 0
        while i <= len(line):
            ch = line[i] if i < len(line) else ","
            if ch == "\\" and i + 1 < len(line) and line[i + 1] in _DECODE:
                chars.append((_DECODE[line[i + 1]], True))
                i += 2
                continue
            if ch == ",":
                while chars and not chars[0][1] and chars[0][0].isspace():
                    chars.pop(0)
                while chars and not chars[-1][1] and chars[-1][0].isspace():
                    chars.pop()
                if chars:
                    items.append("".join(c for c, _ in chars))
                chars = []
            else:
                chars.append((ch, False))
            i += 1
    return tuple(items)


def format_stop_strings(stop: tuple[str, ...]) -> str:
    """The editor text for ``stop``: one per line, escaped so it parses back the same."""
    lines = []
    for item in stop:
        body = "".join(_ENCODE.get(ch, ch) for ch in item)
        lead = len(body) - len(body.lstrip(" "))
        trail = len(body) - len(body.rstrip(" ")) if body.strip(" ") else 0
        core = body[lead : len(body) - trail]
        lines.append("\\s" * lead + core + "\\s" * trail)
    return "\n".join(lines)
