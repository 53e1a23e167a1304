"""How much of a message is rendered: a bound on the cost of any text (no Qt here).

A message may hold anything: a model can write, and an imported conversation can carry,
a line of a megabyte, a table of 20,000 rows or a code block of 5 MB, and Qt lays each
out in one go (seconds to minutes, gigabytes). So what is rendered is bounded:

- only the first :data:`SOURCE_LIMIT` characters of a message are read at all (splitting
  a text into blocks takes time in proportion to it);
- a line longer than :data:`LINE_LIMIT` characters is cut there and ends in "…" (Qt's
  layout of one line grows faster than its length);
- the blocks of one message spend at most :data:`MESSAGE_BUDGET` between them, a
  character costing 1 and a table row :data:`ROW_COST` more; the block that reaches the
  budget is cut at a line, and the blocks after it are not rendered;
- a code block spends at most :data:`BLOCK_LIMIT` (one of 5 MB shows its start; prose
  comes in blocks of a few thousand characters already).

A long answer of a normal kind (300 KB of prose, code and tables of a few rows each) is
shown whole; the view builds it a slice at a time, and splits tables into pieces of a few
hundred rows (a table's layout grows faster than its rows). What is cut is said under
the message, which offers the whole text in a plain-text viewer.
"""

from __future__ import annotations

from typing import NamedTuple

SOURCE_LIMIT = 1_000_000
LINE_LIMIT = 10_000
MESSAGE_BUDGET = 800_000
BLOCK_LIMIT = 100_000
ROW_COST = 600
ELLIPSIS = "…"


class Bounded(NamedTuple):
    """What of a text is rendered: ``text``, what it cost, whether some was left out
    (``cut``), and whether the budget ran out (``full``: then no text added at the end
    would be shown either). A tuple: the garbage collector stops tracking it."""

    text: str
    cost: int
    cut: bool
    full: bool = False


def bound_text(text: str, budget: int, rows_cost: bool = True) -> Bounded:
    """The lines of ``text`` that fit in ``budget``, each cut at LINE_LIMIT. ``rows_cost``:
    a line with a "|" (a table row, in Markdown) costs ROW_COST more."""
    if len(text) <= min(budget, LINE_LIMIT) and not (rows_cost and "|" in text):
        return Bounded(text, len(text), False)  # the usual case: short and no table
    shown: list[str] = []
    cost, cut = 0, False
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start : min(end, start + LINE_LIMIT)]
        if end - start > LINE_LIMIT:
            line, cut = line + ELLIPSIS, True
        line_cost = len(line) + 1 + (ROW_COST if rows_cost and "|" in line else 0)
        if cost + line_cost > budget:
            return Bounded("\n".join(shown), cost, True, full=True)
        shown.append(line)
        cost += line_cost
        start = end + 1
    return Bounded("\n".join(shown), cost, cut)
