"""What the conversation store takes as a value: times, texts, JSON data, a message's meta.

The same rules judge an imported file (refused whole, with the first problem named: see
:mod:`~llamadesk.core.store.export`) and a row read back from the database (a damaged value
is read as unknown: see :mod:`~llamadesk.core.store.store`), so neither a stranger's file nor
a database edited by hand can put a value in front of the window that it cannot show: a
date no calendar has, a token count no counter holds, text no encoder takes.
"""

from __future__ import annotations

import math
import re

from llamadesk.core.texts import Text

LAST_TIME_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z: no date comes after it
MAX_DATA_DEPTH = 16  # nesting of a conversation's settings or a message's meta
MAX_INTEGER = 2**63 - 1  # what SQLite (and a JSON reader anywhere) holds
MAX_COUNT = 2**31 - 1  # token counts and the like: what the window's counters hold
MAX_SEED = 2**32 - 1
MAX_FIGURE = 1e9  # speeds and durations
_SURROGATE = re.compile("[\ud800-\udfff]")  # half a UTF-16 pair: no UTF-8 encoder takes it


def has_broken_text(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (JSON's "\\ud800"), which cannot be saved."""
    return _SURROGATE.search(text) is not None


def data_problem(value: object, depth: int = 0) -> str | None:
    """Why ``value`` is not plain JSON data the store can keep (a Text), or None: objects
    with text keys, lists, text, finite numbers, true, false and null, nested at most
    :data:`MAX_DATA_DEPTH` deep."""
    if depth > MAX_DATA_DEPTH:
        return Text("it is nested more than {limit} deep", limit=MAX_DATA_DEPTH)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return Text("it holds broken text") if has_broken_text(value) else None
    if isinstance(value, int):
        return None if abs(value) <= MAX_INTEGER else Text("it holds a number too large")
    if isinstance(value, float):
        return None if math.isfinite(value) else Text("it holds a number too large")
    if isinstance(value, list):
        items = value
    elif isinstance(value, dict):
        if any(not isinstance(key, str) or has_broken_text(key) for key in value):
            return Text("it holds broken text")
        items = list(value.values())
    else:
        return Text("it holds a value that is not JSON data")
    for item in items:
        problem = data_problem(item, depth + 1)
        if problem is not None:
            return problem
    return None


def _count(value: object) -> bool:
    return is_int(value) and 0 <= value <= MAX_COUNT


def _figure(value: object) -> bool:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return number and 0 <= value <= MAX_FIGURE  # NaN fails this too


# The meta of an answer as the app writes it (llamadesk.core.chat) and shows it.
_META = {
    "prompt_tokens": _count,
    "cached_tokens": _count,
    "generated_tokens": _count,
    "context_used": _count,
    "dropped_messages": _count,
    "seed": lambda v: is_int(v) and 0 <= v <= MAX_SEED,
    "tokens_per_second": _figure,
    "time_to_first_token": _figure,
    "generation_seconds": _figure,
    "finish_reason": lambda v: isinstance(v, str),
    "error": lambda v: isinstance(v, str),
    "warnings": lambda v: isinstance(v, list) and all(isinstance(w, str) for w in v),
    "sampling": lambda v: isinstance(v, dict),
    "texts": lambda v: isinstance(v, dict),
}


def meta_problem(meta: dict) -> str | None:
    """The first value of a message's meta the app could not show (a Text), or None."""
    problem = data_problem(meta)
    if problem is not None:
        return problem
    for key, valid in _META.items():
        if key in meta and not valid(meta[key]):
            shown = repr(meta[key])
            return Text(
                "its {key} is {value}",
                key=key,
                value=shown if len(shown) <= 40 else shown[:39] + "…",
            )
    return None


def clean_meta(meta: dict) -> dict:
    """``meta`` without the values the app could not show (read from a damaged database)."""
    if all(key not in meta or valid(meta[key]) for key, valid in _META.items()):
        return meta
    return {k: v for k, v in meta.items() if k not in _META or _META[k](v)}


def is_int(value: object) -> bool:
    """An integer, and not True or False (which Python counts as integers)."""
    return isinstance(value, int) and not isinstance(value, bool)
