"""Every keyboard shortcut of the main window in one table: the window gives its actions
their keys from it and Help › Keyboard shortcuts lists it, so the list always tells the
truth about the keys."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

Keys = str | QKeySequence.StandardKey


@dataclass(frozen=True)
class Shortcut:
    action: str  # the window's action with these keys; "" where a widget reads them itself
    keys: tuple[Keys, ...]  # each in QKeySequence's portable form ("Ctrl+R") or a standard key
    group: str
    what: str


def shortcuts() -> list[Shortcut]:
    """The table, in the user's language."""
    chat, conversations, models = (
        QCoreApplication.translate("Shortcuts", "Chat"),
        QCoreApplication.translate("Shortcuts", "Conversations"),
        QCoreApplication.translate("Shortcuts", "Models and window"),
    )
    return [
        Shortcut(
            "",
            ("Return",),
            chat,
            QCoreApplication.translate("Shortcuts", "Send the message (also when editing one)"),
        ),
        Shortcut(
            "", ("Shift+Return",), chat, QCoreApplication.translate("Shortcuts", "Start a new line")
        ),
        Shortcut(
            "",
            ("Esc",),
            chat,
            QCoreApplication.translate("Shortcuts", "Stop the answer, or stop editing a message"),
        ),
        Shortcut(
            "regenerate",
            ("Ctrl+R",),
            chat,
            QCoreApplication.translate("Shortcuts", "Write the last answer again"),
        ),
        Shortcut(
            "edit_last",
            ("Ctrl+E",),
            chat,
            QCoreApplication.translate("Shortcuts", "Edit your last message"),
        ),
        Shortcut(
            "copy_answer",
            ("Ctrl+Shift+C",),
            chat,
            QCoreApplication.translate("Shortcuts", "Copy the last answer"),
        ),
        Shortcut(
            "new_chat",
            ("Ctrl+N",),
            conversations,
            QCoreApplication.translate("Shortcuts", "Start a new conversation"),
        ),
        Shortcut(
            "search",
            ("Ctrl+F",),
            conversations,
            QCoreApplication.translate("Shortcuts", "Search all conversations"),
        ),
        Shortcut(
            "sidebar",
            ("Ctrl+B",),
            conversations,
            QCoreApplication.translate("Shortcuts", "Show or hide the conversations"),
        ),
        Shortcut(
            "",
            ("Up", "Down"),
            conversations,
            QCoreApplication.translate("Shortcuts", "Open the conversation above or below"),
        ),
        Shortcut(
            "",
            ("F2",),
            conversations,
            QCoreApplication.translate("Shortcuts", "Rename the conversation"),
        ),
        Shortcut(
            "",
            ("Del",),
            conversations,
            QCoreApplication.translate("Shortcuts", "Delete the conversation"),
        ),
        Shortcut(
            "model_picker",
            ("Ctrl+L",),
            models,
            QCoreApplication.translate("Shortcuts", "Choose a model"),
        ),
        Shortcut(
            "open_model",
            ("Ctrl+O",),
            models,
            QCoreApplication.translate("Shortcuts", "Open a model file"),
        ),
        Shortcut(
            "models",
            ("Ctrl+Shift+M",),
            models,
            QCoreApplication.translate("Shortcuts", "Find, download and manage models"),
        ),
        Shortcut(
            "settings",
            ("Ctrl+,",),
            models,
            QCoreApplication.translate("Shortcuts", "Show or hide the settings panel"),
        ),
        Shortcut(
            "shortcuts",
            ("Ctrl+/",),
            models,
            QCoreApplication.translate("Shortcuts", "Show these keyboard shortcuts"),
        ),
        Shortcut(
            "quit",
            (QKeySequence.StandardKey.Quit,),
            models,
            QCoreApplication.translate("Shortcuts", "Quit LlamaDesk"),
        ),
    ]


def give_keys(action: QAction, name: str) -> QAction:
    """Give ``action`` the keys the table lists for ``name`` (and name them in its tooltip)."""
    (entry,) = [s for s in shortcuts() if s.action == name]
    sequences = [QKeySequence(keys) for keys in entry.keys]
    action.setShortcuts(sequences)
    if shown(entry):
        action.setToolTip(f"{action.toolTip() or entry.what} ({shown(entry)})")
    return action


def shown(entry: Shortcut) -> str:
    """The keys as the user's platform writes them ("Ctrl+R", "⌘R")."""
    words = (
        QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) for keys in entry.keys
    )
    return " / ".join(word for word in words if word)


class ShortcutsDialog(QDialog):
    """Help › Keyboard shortcuts: the table, grouped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.list = QTreeWidget()
        self.list.setObjectName("shortcutList")
        self.list.setColumnCount(2)
        self.list.setHeaderLabels([self.tr("Keys"), self.tr("What they do")])
        self.list.setRootIsDecorated(False)
        self.list.setItemsExpandable(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        groups: dict[str, QTreeWidgetItem] = {}
        for entry in shortcuts():
            if not shown(entry):  # a standard key this platform does not bind
                continue
            if entry.group not in groups:
                group = QTreeWidgetItem(self.list, [entry.group])
                group.setFirstColumnSpanned(True)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                groups[entry.group] = group
            QTreeWidgetItem(groups[entry.group], [shown(entry), entry.what])
        self.list.expandAll()
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 560)
