"""The main window's menu bar: File, Chat, View and Help, each item calling the window.

Its texts keep the window's translation context ("MainWindow"), where they were made
before the menus moved here."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow

from llamadesk.ui.about import show_about
from llamadesk.ui.shortcuts import give_keys


def build_menus(window: QMainWindow) -> None:
    """Fill the menu bar of ``window`` (a MainWindow, which this module may not import:
    the window imports it)."""
    file_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&File"))
    _action(
        file_menu,
        QCoreApplication.translate("MainWindow", "&New chat"),
        lambda: window.open_conversation(None),
        "new_chat",
    )
    file_menu.addMenu(window.task_starter.menu())
    _action(
        file_menu,
        QCoreApplication.translate("MainWindow", "&Open model file…"),
        window.open_model_file,
        "open_model",
    )
    file_menu.addSeparator()
    _action(
        file_menu,
        QCoreApplication.translate("MainWindow", "&Import conversation…"),
        window.import_conversation,
    )
    _action(
        file_menu,
        QCoreApplication.translate("MainWindow", "Export as &Markdown…"),
        lambda: window.export_conversation(window.chat.conversation_id, "markdown"),
    )
    _action(
        file_menu,
        QCoreApplication.translate("MainWindow", "Export as &JSON…"),
        lambda: window.export_conversation(window.chat.conversation_id, "json"),
    )
    file_menu.addSeparator()
    _action(file_menu, QCoreApplication.translate("MainWindow", "&Quit"), window.close, "quit")
    chat_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Chat"))
    _action(
        chat_menu,
        QCoreApplication.translate("MainWindow", "&Regenerate the last answer"),
        window.regenerate_last,
        "regenerate",
    )
    _action(
        chat_menu,
        QCoreApplication.translate("MainWindow", "&Edit your last message"),
        window.edit_last,
        "edit_last",
    )
    _action(
        chat_menu,
        QCoreApplication.translate("MainWindow", "&Copy the last answer"),
        window.copy_last,
        "copy_answer",
    )
    chat_menu.addSeparator()
    _action(
        chat_menu,
        QCoreApplication.translate("MainWindow", "&Search conversations"),
        window.focus_search,
        "search",
    )
    _action(
        chat_menu,
        QCoreApplication.translate("MainWindow", "Choose a &model…"),
        window.open_model_picker,
        "model_picker",
    )
    view_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&View"))
    view_menu.addAction(window.sidebar_action)
    view_menu.addAction(window.models_action)
    view_menu.addAction(window.settings_dock.toggleViewAction())
    view_menu.addAction(window.server_dock.toggleViewAction())
    view_menu.addSeparator()
    _choice_menu(
        view_menu.addMenu(QCoreApplication.translate("MainWindow", "&Appearance")),
        (
            ("system", QCoreApplication.translate("MainWindow", "As the &system")),
            ("light", QCoreApplication.translate("MainWindow", "&Light")),
            ("dark", QCoreApplication.translate("MainWindow", "&Dark")),
        ),
        window.settings.appearance,
        window.choose_appearance,
    )
    _choice_menu(
        view_menu.addMenu(QCoreApplication.translate("MainWindow", "&Language")),
        (
            ("", QCoreApplication.translate("MainWindow", "System language")),
            ("en", "English"),
            ("zh_CN", "简体中文"),
        ),
        window.settings.language,
        window.choose_language,
    )
    help_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    _action(
        help_menu,
        QCoreApplication.translate("MainWindow", "&Keyboard shortcuts"),
        window.show_shortcuts,
        "shortcuts",
    )
    _action(
        help_menu,
        QCoreApplication.translate("MainWindow", "Open the &log folder"),
        window.open_log_folder,
    )
    help_menu.addSeparator()
    _action(
        help_menu,
        QCoreApplication.translate("MainWindow", "&About LlamaDesk"),
        lambda: show_about(window),
    )


def _choice_menu(menu, choices, current: str, choose) -> None:
    """One checked choice among ``choices`` (value, text); ``choose(value)`` on a click."""
    group = QActionGroup(menu)
    for value, text in choices:
        action = group.addAction(text)
        action.setCheckable(True)
        action.setChecked(value == current)
        action.triggered.connect(lambda _=False, value=value: choose(value))
    menu.addActions(group.actions())


def _action(menu, text, slot, shortcut: str = "") -> QAction:
    """A menu item; ``shortcut``: its name in the table of shortcuts."""
    action = menu.addAction(text)
    action.triggered.connect(slot)
    if shortcut:
        give_keys(action, shortcut)
    return action
