"""The main window's menu bar: File, Chat, View and Help, each item calling the window.

Its texts keep the window's translation context ("MainWindow"), where they were made
before the menus moved here."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from llamadesk.ui.about import show_about
from llamadesk.ui.shortcuts import give_keys

# A menu's entry: an item (its text, what it calls, its name in the table of shortcuts or
# ""), an action or a submenu made elsewhere, or None for a separator.
Entry = tuple[str, Callable[[], object], str] | QAction | QMenu | None


def build_menus(w: QMainWindow) -> None:
    """Fill the menu bar of the window ``w`` (a MainWindow, which this module may not
    import: the window imports it)."""
    _menu(
        w,
        QCoreApplication.translate("MainWindow", "&File"),
        [
            (
                QCoreApplication.translate("MainWindow", "&New chat"),
                lambda: w.open_conversation(None),
                "new_chat",
            ),
            w.task_starter.menu(),
            (
                QCoreApplication.translate("MainWindow", "&Open model file…"),
                w.open_model_file,
                "open_model",
            ),
            None,
            (
                QCoreApplication.translate("MainWindow", "&Import conversation…"),
                w.import_conversation,
                "",
            ),
            (
                QCoreApplication.translate("MainWindow", "Export as &Markdown…"),
                lambda: w.export_conversation(w.chat.conversation_id, "markdown"),
                "",
            ),
            (
                QCoreApplication.translate("MainWindow", "Export as &JSON…"),
                lambda: w.export_conversation(w.chat.conversation_id, "json"),
                "",
            ),
            None,
            (QCoreApplication.translate("MainWindow", "&Quit"), w.close, "quit"),
        ],
    )
    _menu(
        w,
        QCoreApplication.translate("MainWindow", "&Chat"),
        [
            (
                QCoreApplication.translate("MainWindow", "&Regenerate the last answer"),
                w.regenerate_last,
                "regenerate",
            ),
            (
                QCoreApplication.translate("MainWindow", "&Edit your last message"),
                w.edit_last,
                "edit_last",
            ),
            (
                QCoreApplication.translate("MainWindow", "&Copy the last answer"),
                w.copy_last,
                "copy_answer",
            ),
            None,
            (
                QCoreApplication.translate("MainWindow", "&Search conversations"),
                w.focus_search,
                "search",
            ),
            (
                QCoreApplication.translate("MainWindow", "Choose a &model…"),
                w.open_model_picker,
                "model_picker",
            ),
        ],
    )
    view = _menu(
        w,
        QCoreApplication.translate("MainWindow", "&View"),
        [
            w.sidebar_action,
            w.models_action,
            w.settings_dock.toggleViewAction(),
            w.server_dock.toggleViewAction(),
            None,
        ],
    )
    _choice_menu(
        view.addMenu(QCoreApplication.translate("MainWindow", "&Appearance")),
        (
            ("system", QCoreApplication.translate("MainWindow", "As the &system")),
            ("light", QCoreApplication.translate("MainWindow", "&Light")),
            ("dark", QCoreApplication.translate("MainWindow", "&Dark")),
        ),
        w.settings.appearance,
        w.choose_appearance,
    )
    _choice_menu(
        view.addMenu(QCoreApplication.translate("MainWindow", "&Language")),
        (
            ("", QCoreApplication.translate("MainWindow", "System language")),
            ("en", "English"),
            ("zh_CN", "简体中文"),
        ),
        w.settings.language,
        w.choose_language,
    )
    _menu(
        w,
        QCoreApplication.translate("MainWindow", "&Help"),
        [
            (
                QCoreApplication.translate("MainWindow", "&Keyboard shortcuts"),
                w.show_shortcuts,
                "shortcuts",
            ),
            (
                QCoreApplication.translate("MainWindow", "Open the &log folder"),
                w.open_log_folder,
                "",
            ),
            None,
            (
                QCoreApplication.translate("MainWindow", "&About LlamaDesk"),
                lambda: show_about(w),
                "",
            ),
        ],
    )


def _menu(window: QMainWindow, title: str, entries: Sequence[Entry]) -> QMenu:
    """A menu of the menu bar, filled with ``entries`` in order."""
    menu = window.menuBar().addMenu(title)
    for entry in entries:
        if entry is None:
            menu.addSeparator()
        elif isinstance(entry, QMenu):
            menu.addMenu(entry)
        elif isinstance(entry, QAction):
            menu.addAction(entry)
        else:
            text, slot, shortcut = entry
            action = menu.addAction(text)
            action.triggered.connect(slot)
            if shortcut:
                give_keys(action, shortcut)
    return menu


def _choice_menu(menu: QMenu, choices, current: str, choose) -> None:
    """One checked choice among ``choices`` (value, text); ``choose(value)`` on a click."""
    group = QActionGroup(menu)
    for value, text in choices:
        action = group.addAction(text)
        action.setCheckable(True)
        action.setChecked(value == current)
        action.triggered.connect(lambda _=False, value=value: choose(value))
    menu.addActions(group.actions())
