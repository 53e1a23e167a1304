"""The window's language, switched while it runs (View › Language), with no restart.

All of LlamaDesk's and Qt's translations go through one :class:`_Translations`
translator, which remembers every text it handed out and what it was asked for
(context, source, plural). Switching the language walks every widget and action of the
application: each text it recognises (a label, a button, a menu, a tooltip, a drop-down's
items, a placeholder; with its ``{name}`` values put back in) is asked for again in the new
language. Widgets that compose their texts themselves also get Qt's LanguageChange event
and answer it (the settings panel); texts shown later are made in the new language anyway.
A text the user wrote is left alone: fields' contents are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMenu,
    QTabBar,
    QTreeWidget,
    QWidget,
)

from llamadesk.core import paths

# The text properties of widgets and actions that carry translated texts. A field's own
# text (QLineEdit's "text") is the user's and never among them; an action's icon text and
# tooltip follow its text unless they were set.
_PROPERTIES = (
    "text",
    "title",
    "windowTitle",
    "toolTip",
    "statusTip",
    "whatsThis",
    "placeholderText",
    "accessibleName",
    "accessibleDescription",
    "prefix",
    "suffix",
    "specialValueText",
)
_PLACEHOLDER = re.compile(r"\\\{(\w+)\\\}")  # a {name} in an escaped template

Key = tuple[str, str, str | None, int]  # context, source, disambiguation, plural count


class _Translations(QTranslator):
    """LlamaDesk's and Qt's translations for one language, remembering what they gave."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.loaded: list[QTranslator] = []
        self.given: dict[str, list[Key]] = {}  # a text handed out -> what was asked

    def load_language(self, locale: QLocale) -> None:
        for translator in self.loaded:
            translator.deleteLater()
        self.loaded = []
        ours = str(paths.resources_dir() / "translations")
        for name, folder, fallback in (
            # A language LlamaDesk is not translated to is shown in English, with the
            # English plural forms ("1 minute ago", not "1 minute(s) ago").
            ("llamadesk", ours, QLocale(QLocale.Language.English)),
            ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), None),
        ):
            translator = QTranslator(self)
            if translator.load(locale, name, "_", folder) or (
                fallback is not None and translator.load(fallback, name, "_", folder)
            ):
                self.loaded.append(translator)

    def translate(self, context, source, disambiguation=None, n=-1):
        found = ""
        for translator in self.loaded:
            found = translator.translate(context, source, disambiguation, n)
            if found:
                break
        keys = self.given.setdefault(found or source, [])
        key = (context, source, disambiguation, n)
        if key not in keys:
            keys.append(key)
        return found or None  # None (a null string): Qt falls back to the source text

    def isEmpty(self) -> bool:
        return False  # English has no file to load, and is still worth remembering

    def recognise(self, text: str, contexts: set[str]) -> Callable[[], str] | None:
        """How to say ``text`` again in the current language, if it is one of ours."""
        keys = self.given.get(text)
        if keys:
            return lambda: _say(keys, contexts)
        for template, keys in self.given.items():
            if "{" not in template:
                continue
            match = _pattern(template).fullmatch(text)
            if match:
                values = match.groupdict()
                return lambda keys=keys: _fill(_say(keys, contexts), values)
        return None


def _say(keys: list[Key], contexts: set[str]) -> str:
    """The text in the current language. PySide's ``tr`` asks the class, then its Qt bases
    (QWidget, QObject...) in turn, so one text has several askers: the widget's own class
    or one of its parents' comes first (a word such as "Copy" may differ between them),
    and the first that has a translation wins, as it does for ``tr``."""
    ranked = sorted(keys, key=lambda key: (key[0] not in contexts, key[0].startswith("Q")))
    for key in ranked:
        text = QCoreApplication.translate(*key)
        if text != key[1]:
            return text
    return ranked[0][1]


@cache
def _pattern(template: str) -> re.Pattern:
    pattern = _PLACEHOLDER.sub(lambda m: f"(?P<{m.group(1)}>.+?)", re.escape(template), count=0)
    try:
        return re.compile(pattern, re.DOTALL)
    except re.error:  # a name twice: such a text stays as it is until it is shown again
        return re.compile(r"(?!)")


def _fill(template: str, values: dict[str, str]) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation that lost a name
        return template


def _plain(text: str) -> str:
    """An action's text as its derived tooltip shows it: no mnemonic, no "..."."""
    return re.sub(r"&(.)", r"\1", text).removesuffix("...").removesuffix("…")


def _contexts(obj: QObject) -> set[str]:
    names: set[str] = set()
    while obj is not None:
        names.update(cls.__name__ for cls in type(obj).__mro__)
        obj = obj.parent()
    return names


def _texts(widget: QWidget) -> Iterator[tuple[str, Callable[[str], None]]]:
    """Every text of ``widget`` (and of its actions) that may be translated, and how to
    set it. Qt's methods are called through their classes: a widget of ours may have an
    attribute of the same name (a message's "actions" row)."""
    objects: list[QObject] = [widget, *QWidget.actions(widget)]
    if isinstance(widget, QMenu):
        objects.append(QMenu.menuAction(widget))
    for obj in objects:
        for name in _PROPERTIES:
            if name == "text" and isinstance(widget, QLineEdit) and obj is widget:
                continue
            value = QObject.property(obj, name)
            derived = isinstance(obj, QAction) and name == "toolTip"
            if derived and value == _plain(QAction.text(obj)):
                continue
            if isinstance(value, str) and value:
                yield value, lambda v, o=obj, n=name: QObject.setProperty(o, n, v)
    if isinstance(widget, QComboBox):
        for row in range(widget.count()):
            yield widget.itemText(row), lambda v, r=row: widget.setItemText(r, v)
    if isinstance(widget, QTabBar):
        for tab in range(widget.count()):
            yield widget.tabText(tab), lambda v, t=tab: widget.setTabText(t, v)
            yield widget.tabToolTip(tab), lambda v, t=tab: widget.setTabToolTip(t, v)
    if isinstance(widget, QListWidget):
        for row in range(widget.count()):
            item = widget.item(row)
            yield item.text(), item.setText
            yield item.toolTip(), item.setToolTip
    if isinstance(widget, QTreeWidget):
        header = widget.headerItem()
        for column in range(header.columnCount()):
            yield header.text(column), lambda v, c=column: header.setText(c, v)


def _translations(app: QApplication) -> _Translations:
    found = app.findChild(_Translations)
    return found if found is not None else _Translations(app)


def install_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Speak ``language`` ("" = the system's) from now on, the texts on screen included;
    the translator installed (a list, to remove it again)."""
    translations = _translations(app)
    again: list[tuple[Callable[[str], None], Callable[[], str]]] = []
    for widget in app.allWidgets():
        contexts = _contexts(widget)
        for text, setter in _texts(widget):
            say = translations.recognise(text, contexts)
            if say is not None:
                again.append((setter, say))
    locale = QLocale(language) if language else QLocale.system()
    QLocale.setDefault(locale)
    translations.load_language(locale)
    app.removeTranslator(translations)
    app.installTranslator(translations)  # sends LanguageChange to every widget
    for setter, say in again:
        setter(say())
    return [translations]
