"""A Jinja sandbox with a budget: a template from a stranger renders in bounded work,
time and memory, or stops with :class:`TemplateTooSlow` / :class:`TemplateTooLarge`.

Jinja's sandbox bounds what a template may touch, not how long it runs or how much it
builds: nested loops that print nothing, an exponentially recursive macro, ``**`` on
large numbers, ``'x' * 10**9``, ``center(10**9)`` or a string doubled in a namespace each
ran for minutes or took gigabytes. Here every step a template can repeat is counted
and every value it can grow is measured, before it is built where the size can be
known in advance (``*``, ``**``, ``join``, ``replace``, widths) and as it is built
otherwise:

- every loop iteration, call (functions, methods, macros) and filter is one step; after
  :data:`MAX_STEPS` steps, or :data:`MAX_SECONDS` of wall-clock time (checked every few
  hundred steps), the render stops;
- every string or list a step produces, and every piece of output, is charged to a
  memory budget (:data:`MAX_BYTES`, counted as if each character took the most room a
  Python string can give it), and none may exceed the per-value limit (the output limit
  of the conversation being rendered).

The guards sit in the compiled template itself: loops, ``~`` concatenations and output
are rewritten to pass through them (:meth:`BudgetSandbox._parse`), calls and operators
go through the sandbox's own hooks, filters are wrapped. None of it changes what a
template renders.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

MAX_STEPS = 1_000_000  # loop iterations, calls and filters in one render
MAX_SECONDS = 2.0  # the last guard: wall-clock time of one render
MAX_BYTES = 256 * 2**20  # memory the values of one render may take, in all
CHECK_EVERY = 256  # steps between two looks at the clock
MIN_VALUE_LIMIT = 4 * 2**20  # no single value is refused below this size
# Format widths and precisions this long (%1000000d, {:>10000000}) are refused outright.
_HUGE_WIDTH = re.compile(r"%[-+ #0]*\d{7,}|%[-+ #0]*\d*\.\d{7,}|[:<>^=]\s*\d{7,}")
_MARKUP_FUNCTIONS = {"tojson"}  # filters whose int arguments are indents
MAX_INDENT = 16


class TemplateTooSlow(Exception):
    """The template did too much work or ran too long."""


class TemplateTooLarge(Exception):
    """The template built a value, or values in all, too large for its conversation."""


class Budget:
    """What one render may still spend."""

    def __init__(self, value_limit: int) -> None:
        self.value_limit = max(MIN_VALUE_LIMIT, value_limit)
        self.steps = 0
        self.spent = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateTooSlow(f"more than {MAX_STEPS:,} steps")
        if self.steps % CHECK_EVERY == 0 and time.monotonic() > self.deadline:
            raise TemplateTooSlow(f"more than {MAX_SECONDS} s")

    def allow(self, size: int) -> None:
        """A value of ``size`` (in the units :func:`cost` counts) is about to be built."""
        if size > self.value_limit:
            raise TemplateTooLarge(f"a value of {size:,} bytes")
        if self.spent + size > MAX_BYTES:
            raise TemplateTooLarge(f"more than {MAX_BYTES:,} bytes in all")

    def charge(self, value: Any) -> Any:
        size = cost(value)
        if size:
            self.allow(size)
            self.spent += size
        return value


def cost(value: Any) -> int:
    """The room ``value`` takes beyond what it refers to: 4 bytes a character for a string
    that is not ASCII (what CPython may need), 8 bytes an item for containers."""
    if isinstance(value, str):
        return len(value) if value.isascii() else 4 * len(value)
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return 8 * len(value)
    if isinstance(value, bytes):
        return len(value)
    return 0


_active = threading.local()


def _budget() -> Budget:
    budget = getattr(_active, "budget", None)
    if budget is None:  # rendered outside BudgetSandbox.render: no budget is not allowed
        raise TemplateTooSlow("rendered without a budget")
    return budget


# ---------------------------------------------------------------------- guards
def _loop(iterable: Iterable) -> Iterator:
    """Every iteration of a template's ``for`` is a step."""
    budget = _budget()
    for item in iterable:
        budget.step()
        yield item


def _concat(*parts: Any) -> str:
    """``a ~ b ~ c``: measured before it is built."""
    budget = _budget()
    texts = [str(part) for part in parts]
    budget.step()
    return budget.charge("".join(_checked_join(budget, texts, "")))


def _output(value: Any) -> Any:
    """A piece of output (``{{ … }}`` or literal text) written by the template."""
    budget = _budget()
    budget.step()
    return budget.charge(value if isinstance(value, str) else str(value))


def _checked_join(budget: Budget, items: list, separator: str) -> list:
    size = cost(separator) * max(0, len(items) - 1) + sum(cost(str(item)) for item in items)
    budget.allow(size)
    return items


def _check_arguments(budget: Budget, args: tuple, kwargs: dict, name: str = "") -> None:
    """No call may be asked for a width, count or indent beyond what a value may hold."""
    limit = MAX_INDENT if name in _MARKUP_FUNCTIONS else budget.value_limit
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > limit:
            raise TemplateTooLarge(f"{name or 'a call'} with {value:,}")


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _HUGE_WIDTH.search(text):
        raise TemplateTooLarge("a format with a huge width")


def _replace_size(text: str, old: str, new: str, count: int = -1) -> int:
    hits = len(text) + 1 if not old else text.count(old)
    if count is not None and 0 <= count < hits:
        hits = count
    return cost(text) + hits * max(0, cost(new) - cost(old))


def _precheck(budget: Budget, name: str, args: tuple) -> None:
    """Sizes known before a string method or filter runs: refuse before it builds.
    ``args`` starts with the string (the method's owner, the filter's value)."""
    if name == "join" and len(args) >= 2:
        separator, items = args[0], args[1]
        if isinstance(separator, str) and isinstance(items, (list, tuple)):
            _checked_join(budget, list(items), separator)
    elif name == "replace" and len(args) >= 3 and all(isinstance(a, str) for a in args[:3]):
        count = args[3] if len(args) > 3 and isinstance(args[3], int) else -1
        budget.allow(_replace_size(args[0], args[1], args[2], count))
    elif name == "indent" and args and isinstance(args[0], str):
        width = args[1] if len(args) > 1 else 4
        per_line = len(width) if isinstance(width, str) else width
        if isinstance(per_line, int):
            budget.allow(cost(args[0]) + per_line * (args[0].count("\n") + 1))
    elif name in ("format", "format_map") and args:
        _check_format(args[0])


def _guarded_filter(name: str, function):
    """A filter that counts as a step, checks its arguments and measures its result."""
    passed = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.step()
        _check_arguments(budget, args[passed:], kwargs, name)
        if name == "join" and len(args) > passed and not isinstance(args[passed], str):
            items = list(args[passed])  # measured before the join builds it
            separator = args[passed + 1] if len(args) > passed + 1 else kwargs.get("d", "")
            if isinstance(separator, str):
                _checked_join(budget, items, separator)
            args = (*args[:passed], items, *args[passed + 1 :])
        else:
            _precheck(budget, name, args[passed:])
        return budget.charge(function(*args, **kwargs))

    return guarded


class GuardedNamespace(Namespace):
    """``namespace()`` whose attributes are measured as they are set, and never private."""

    def __setitem__(self, name: str, value: Any) -> None:
        if isinstance(name, str) and name.startswith("_"):
            raise jinja2.exceptions.SecurityError(f"a namespace attribute named {name!r}")
        _budget().charge(value)
        super().__setitem__(name, value)


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if n > 100 or max > 1000:
        raise TemplateTooLarge("lipsum")
    return jinja2.utils.generate_lorem_ipsum(n, html, min, max)


_GUARDS = (_loop, _concat, _output)


class BudgetSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with every template rendered within a :class:`Budget`."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.update(
            namespace=GuardedNamespace,
            lipsum=_lipsum,
            __ld_loop=_loop,
            __ld_concat=_concat,
            __ld_output=_output,
        )
        self.filters = {name: _guarded_filter(name, f) for name, f in self.filters.items()}

    def set_filter(self, name: str, function) -> None:
        self.filters[name] = _guarded_filter(name, function)

    def render(
        self, template: jinja2.Template, context: dict, output_limit: int, content_size: int
    ) -> str:
        """Render ``template`` within a budget sized for a conversation of
        ``content_size`` characters; output beyond ``output_limit`` characters fails."""
        budget = Budget(max(output_limit, 8 * content_size))
        previous, _active.budget = getattr(_active, "budget", None), budget
        try:
            parts: list[str] = []
            size = 0
            for chunk in template.generate(context):
                size += len(chunk)
                if size > output_limit:
                    raise TemplateTooLarge(f"more than {output_limit:,} characters of output")
                parts.append(chunk)
            return "".join(parts)
        finally:
            _active.budget = previous

    def parse_unguarded(self, source: str) -> nodes.Template:
        """The template's syntax tree as written (to see which variables it reads)."""
        return super()._parse(source, None, None)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for node in list(tree.find_all((nodes.For, nodes.Output))):
            if isinstance(node, nodes.For):
                node.iter = _call("__ld_loop", [node.iter], node.iter.lineno)
            else:
                node.nodes = [_guard_output(child) for child in node.nodes]
        _rewrite_concat(tree)
        return tree

    # ------------------------------------------------------------------ sandbox hooks
    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        budget.step()
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and abs(left) > 1 and right * max(1, abs(left).bit_length()) > 65_536:
                raise TemplateTooLarge("** on large numbers")
        elif operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
                    budget.allow(cost(sequence) * max(0, times))
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and abs(left).bit_length() + abs(right).bit_length() > 65_536
            ):
                raise TemplateTooLarge("* on large numbers")
        elif operator == "+" and isinstance(left, (str, list, tuple)):
            if isinstance(right, type(left)):
                budget.allow(cost(left) + cost(right))
        elif operator == "%":
            _check_format(left)
        return budget.charge(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if any(__obj is guard for guard in _GUARDS):  # they count for themselves
            return __context.call(__obj, *args, **kwargs)
        budget = _budget()
        budget.step()
        target = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(target, "__self__", None)
        name = getattr(target, "__name__", "")
        _check_arguments(budget, args, kwargs, name if isinstance(owner, str) else "")
        if isinstance(owner, str):
            _precheck(budget, name, (owner, *args))
        return budget.charge(super().call(__context, __obj, *args, **kwargs))


def _call(name: str, args: list[nodes.Expr], lineno: int) -> nodes.Call:
    return nodes.Call(nodes.Name(name, "load", lineno=lineno), args, [], None, None, lineno=lineno)


def _guard_output(child: nodes.Node) -> nodes.Node:
    if isinstance(child, nodes.TemplateData):
        return _call("__ld_output", [nodes.Const(child.data, lineno=child.lineno)], child.lineno)
    return _call("__ld_output", [child], child.lineno)


def _rewrite_concat(tree: nodes.Node) -> None:
    """Every ``a ~ b`` becomes a measured concatenation, innermost first."""
    for node in tree.iter_child_nodes():
        _rewrite_concat(node)
    for field in tree.fields:
        value = getattr(tree, field, None)
        if isinstance(value, nodes.Concat):
            setattr(tree, field, _call("__ld_concat", value.nodes, value.lineno))
        elif isinstance(value, list):
            setattr(
                tree,
                field,
                [
                    _call("__ld_concat", item.nodes, item.lineno)
                    if isinstance(item, nodes.Concat)
                    else item
                    for item in value
                ],
            )
