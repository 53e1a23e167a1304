"""The core's sentences in the user's language.

The core writes its sentences for people (errors, warnings, reasons) as
:class:`~llamadesk.core.texts.Text`: English, with the template and arguments kept.
:func:`translated` makes the sentence in the user's language from them; every place
of the window that shows a core sentence goes through it. A message's warnings and
error are stored with their templates and arguments too
(:func:`llamadesk.core.texts.stored_texts`), so a
conversation opened later shows them translated (:func:`shown_meta`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.texts import CONTEXT, Text, from_data


def translated(value: object) -> str:
    """A core sentence (a Text, or a LlamaDeskError's message) in the user's language;
    any other value as ``str(value)``."""
    if isinstance(value, LlamaDeskError):
        value = value.text
    if not isinstance(value, Text):
        return str(value)
    template = QCoreApplication.translate(CONTEXT, value.template)
    try:
        return template.format(**{name: _argument(arg) for name, arg in value.args.items()})
    except (KeyError, IndexError, ValueError):  # a translation that broke a field: English
        return str(value)


def _argument(value: object) -> object:
    return translated(value) if isinstance(value, Text) else value


def shown_meta(meta: dict) -> dict:
    """A message's meta with its warnings and error in the user's language. Meta without
    stored texts (saved by an older version, or imported) is shown as it is."""
    texts = meta.get("texts")
    if not isinstance(texts, dict):
        return meta
    shown = dict(meta)
    if isinstance(meta.get("warnings"), list):
        shown["warnings"] = [_shown(texts, warning) for warning in meta["warnings"]]
    if "error" in meta:
        shown["error"] = _shown(texts, meta["error"])
    return shown


def _shown(texts: dict, english: object) -> object:
    text = from_data(texts.get(english)) if isinstance(english, str) else None
    return english if text is None else translated(text)
