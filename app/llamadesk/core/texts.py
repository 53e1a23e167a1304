"""Sentences for people, written by the core in English and shown by the window translated.

The core has no Qt and so no translations. Each sentence it writes for a person (an
error's message, a warning, a reason) is a :class:`Text`: a ``str`` that reads as the
English sentence, so ``str()``, logs, the terminal and tests see plain English, and that
keeps its template and named arguments, from which the window makes the sentence in the
user's language (``llamadesk.ui.common.core_texts``). An argument may itself be a Text,
a part of the sentence translated on its own. A Text pickles with its template and arguments (the
engine process sends them to the window) and turns into JSON data and back
(:func:`to_data`, :func:`from_data`) where a sentence is stored.

``packaging/translations.py`` puts the string literal of every ``Text("...", ...)`` and
``mark("...")`` of the code in the translation files, in the context :data:`CONTEXT`. So
a Text is made from a literal, or from a template that ``mark`` marked where it is kept
(a table of messages). Templates use ``str.format`` fields: ``{name}``, ``{count:,}``.
"""

from __future__ import annotations

from string import Formatter

CONTEXT = "Core"  # the translation context of every core sentence


class Text(str):
    """``template.format(**args)``, remembering ``template`` and ``args``."""

    template: str
    args: dict[str, object]

    def __new__(cls, template: str, /, **args: object) -> Text:
        text = super().__new__(cls, template.format(**args))
        text.template, text.args = template, args
        return text

    def __reduce__(self) -> tuple:
        return _rebuild, (self.template, self.args)


def _rebuild(template: str, args: dict[str, object]) -> Text:
    return Text(template, **args)


def mark(template: str) -> str:
    """``template`` as it is: marks it for translation where a Text is made of it later."""
    return template


def to_data(value: object) -> object:
    """``value`` for JSON: a Text as ``{"template": ..., "args": {...}}``, a number or None as
    it is, anything else as its text."""
    if isinstance(value, Text):
        return {"template": value.template, "args": {k: to_data(v) for k, v in value.args.items()}}
    if value is None or isinstance(value, (int, float)):
        return value
    return str(value)


def from_data(data: object) -> str | None:
    """What :func:`to_data` made, back (a Text, or the plain text it was); None for data that
    is no sentence. Data may come from an imported file: a template whose fields are not
    plain names of its arguments is refused."""
    if isinstance(data, str):
        return data
    if not isinstance(data, dict):
        return None
    template, raw = data.get("template"), data.get("args")
    if not isinstance(template, str) or not isinstance(raw, dict):
        return None
    args: dict[str, object] = {}
    for key, value in raw.items():
        if isinstance(value, dict):
            value = from_data(value)
            if value is None:
                return None
        elif not (value is None or isinstance(value, (str, int, float))):
            return None
        args[str(key)] = value
    try:
        fields = [name for _, name, _, _ in Formatter().parse(template) if name is not None]
        if not all(name in args for name in fields):
            return None
        return Text(template, **args)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def stored_texts(meta: dict, *sentences: object) -> dict:
    """What a message's meta keeps under "texts" so that the window can show its
    warnings and error in the user's language: those of ``meta`` and of ``sentences``,
    each Text's template and arguments under its English text."""
    texts = meta.get("texts")
    texts = dict(texts) if isinstance(texts, dict) else {}
    texts.update({str(s): to_data(s) for s in sentences if isinstance(s, Text)})
    return texts
