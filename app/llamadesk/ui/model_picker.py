"""The toolbar's model picker: the model files on this computer, and the models of every
connection's server beside them, marked with the connection's name.

Looking for files and asking servers both happen off the GUI thread; the list fills in as
each answers. A connection that cannot be reached (or that offline mode forbids) shows as
a greyed line whose tooltip says why. Choosing an entry says which :class:`ModelChoice`
was chosen; the window loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox

from llamadesk.core.chat import ModelChoice
from llamadesk.core.connections import ConnectionModels, list_remote_models
from llamadesk.core.library import find_model_files
from llamadesk.core.settings import Settings
from llamadesk.ui.common import TaskRunner, translated

OPEN_FILE = "open"
DOWNLOAD = "download"  # the entry offered while no model file is on this computer


class ModelPicker(QObject):
    chosen = Signal(object)  # ModelChoice
    open_file_requested = Signal()
    download_requested = Signal()  # the user wants one of the recommended models
    files_found = Signal(bool)  # whether any model file is on this computer

    def __init__(
        self,
        combo: QComboBox,
        tasks: TaskRunner,
        folders: Callable[[], list[Path]],
        settings: Settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.combo, self._tasks, self._folders, self._settings = combo, tasks, folders, settings
        self._files: list[Path] = []
        self._remote: list[ConnectionModels] = []
        self._choices: dict[str, ModelChoice] = {}
        self._shown: ModelChoice | None = None
        combo.activated.connect(self._on_activated)
        self._fill()

    def scan(self) -> None:
        """Look for model files and ask every connection's server for its models."""
        self._tasks.run(find_model_files, self._folders(), on_done=self._on_files)
        self.scan_servers()

    def scan_servers(self) -> None:
        connections = list(self._settings.connections)
        offline = self._settings.offline
        self._tasks.run(list_remote_models, connections, offline, on_done=self._on_remote)

    def show(self, choice: ModelChoice | None) -> None:
        """Show ``choice`` as the chosen model (added if it came from elsewhere)."""
        self._shown = choice
        if choice is not None and choice.key not in self._choices:
            self._add_choice(1, choice, choice.name, choice.model)
        index = self.combo.findData(choice.key) if choice is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    # ------------------------------------------------------------ filling
    def open(self) -> None:
        """Ctrl+L: focus the picker and open its list, to choose with the keyboard."""
        self.combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.combo.showPopup()

    def _on_files(self, files: list[Path]) -> None:
        last = self._settings.last_model
        if last is not None and last not in files and Path(last).exists():
            files.insert(0, Path(last))
        self._files = files
        self._fill()
        self.files_found.emit(bool(files))

    def _on_remote(self, remote: list[ConnectionModels]) -> None:
        self._remote = remote
        self._fill()

    def _fill(self) -> None:
        combo = self.combo
        combo.clear()
        self._choices.clear()
        combo.addItem(self.tr("Choose a model…"), None)
        for path in self._files:
            self._add_choice(combo.count(), ModelChoice.file(path), path.stem, str(path))
        for listing in self._remote:
            name = listing.connection.name
            if listing.problem:
                combo.addItem(self.tr("{name}: not reachable").format(name=name), None)
                index = combo.count() - 1
                combo.setItemData(index, translated(listing.problem), Qt.ItemDataRole.ToolTipRole)
                combo.model().item(index).setEnabled(False)
                continue
            for entry in listing.models:
                choice = ModelChoice(entry.id, listing.connection.id, entry.label)
                tip = self.tr("{model} on {connection} ({address})").format(
                    model=entry.id, connection=name, address=listing.connection.base_url
                )
                self._add_choice(combo.count(), choice, entry.label, tip)
        if not self._files:
            combo.addItem(self.tr("Download a recommended model…"), DOWNLOAD)
        combo.addItem(self.tr("Open a model file…"), OPEN_FILE)
        self.show(self._shown)

    def _add_choice(self, index: int, choice: ModelChoice, text: str, tip: str) -> None:
        self._choices[choice.key] = choice
        self.combo.insertItem(index, text, choice.key)
        self.combo.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)

    def _on_activated(self, index: int) -> None:
        data = self.combo.itemData(index)
        if data == OPEN_FILE:
            self.open_file_requested.emit()
        elif data == DOWNLOAD:
            self.show(self._shown)
            self.download_requested.emit()
        elif data in self._choices:
            self.chosen.emit(self._choices[data])
        else:  # "Choose a model…": the model stays what it is
            self.show(self._shown)
