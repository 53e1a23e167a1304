"""Library: the models on this computer (the models folder and the folders the user added),
quantizations of one model grouped together, unfinished downloads, and what to do with a
model: load it, delete it, show it in the file manager; import a .gguf; add a folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core.hub import PartialDownload
from llamadesk.core.library import LocalModel, group_models
from llamadesk.core.units import format_bytes
from llamadesk.ui.common import icon, translated
from llamadesk.ui.model_manager.services import LibraryService
from llamadesk.ui.model_manager.style import Banner, muted_label, title_label

MODEL_ROLE = Qt.ItemDataRole.UserRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class LibraryPage(QWidget):
    load_requested = Signal(object)  # Path
    folder_added = Signal(list)  # the library's extra folders, to save in the settings
    shown = Signal()  # the table was filled (for tests)

    def __init__(self, service: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.models: list[LocalModel] = []
        self.partial: list[PartialDownload] = []
        self._pending_select: Path | None = None
        self.table = QTreeWidget()
        self.table.setObjectName("managerTable")
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Architecture"),
                self.tr("Parameters"),
                self.tr("Quantization"),
                self.tr("Size"),
                self.tr("Context"),
                self.tr("Chat template"),
            ]
        )
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 7):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.table.itemDoubleClicked.connect(lambda *_: self.load_selected())

        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.setObjectName("primaryButton")
        self.load_button.setToolTip(self.tr("Load this model for chatting; the chat goes on"))
        self.load_button.clicked.connect(self.load_selected)
        self.delete_button = QPushButton(icon("trash", colour), self.tr("Delete…"))
        self.delete_button.setObjectName("secondaryButton")
        self.delete_button.clicked.connect(self.delete_selected)
        self.reveal_button = QPushButton(icon("folder", colour), self.tr("Show in folder"))
        self.reveal_button.setObjectName("secondaryButton")
        self.reveal_button.setToolTip(self.tr("Open the folder holding this file"))
        self.reveal_button.clicked.connect(self.reveal_selected)
        self.import_button = QPushButton(self.tr("Import a .gguf…"))
        self.import_button.setObjectName("secondaryButton")
        self.import_button.clicked.connect(self.import_file)
        self.folder_button = QPushButton(self.tr("Add folder…"))
        self.folder_button.setObjectName("secondaryButton")
        self.folder_button.setToolTip(self.tr("Also list the .gguf files in a folder of yours"))
        self.folder_button.clicked.connect(self.add_folder)
        self.import_progress = QProgressBar()
        self.import_progress.setMaximumWidth(200)
        self.import_progress.setTextVisible(False)
        self.import_progress.hide()
        self.stop_import_button = QPushButton(self.tr("Stop"))
        self.stop_import_button.setObjectName("secondaryButton")
        self.stop_import_button.clicked.connect(service.stop_import)
        self.stop_import_button.hide()
        self.banner = Banner()
        self.status = muted_label()

        buttons = QHBoxLayout()
        for button in (self.load_button, self.delete_button, self.reveal_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_progress)
        buttons.addWidget(self.stop_import_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(title_label(self.tr("Library")))
        layout.addWidget(self.status)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        service.listed.connect(self._on_listed)
        service.import_progress.connect(self._on_import_progress)
        self._update_buttons()

    def refresh(self) -> None:
        self.service.refresh(on_error=lambda message, _e: self.banner.show_message(message))

    # ---------------------------------------------------------------- the table
    def _on_listed(self, models: list[LocalModel], partial: list[PartialDownload]) -> None:
        selected = self.selected_model()
        self.models, self.partial = models, partial
        self.table.clear()
        for group in group_models(models):
            if len(group.models) == 1:
                self.table.addTopLevelItem(self._model_item(group.models[0]))
                continue
            parent = QTreeWidgetItem([group.name, group.models[0].architecture, "", ""])
            parent.setText(3, self.tr("{n} quantizations").format(n=len(group.models)))
            parent.setText(4, format_bytes(sum(m.size for m in group.models)))
            parent.setTextAlignment(4, RIGHT)
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            parent.setToolTip(0, self.tr("Choose a quantization and Load it to switch to it"))
            for model in group.models:
                parent.addChild(self._model_item(model))
            self.table.addTopLevelItem(parent)
            parent.setExpanded(True)
        if partial:
            header = QTreeWidgetItem([self.tr("Unfinished downloads")])
            header.setFlags(header.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            font = QFont(header.font(0))
            font.setItalic(True)
            header.setFont(0, font)
            for item in partial:
                total = item.variant.size
                amount = (
                    self.tr("{done} of {total}").format(
                        done=format_bytes(item.done), total=format_bytes(total)
                    )
                    if total
                    else format_bytes(item.done)
                )
                child = QTreeWidgetItem(
                    [
                        self.tr(
                            "{name} from {repo}: {amount} so far (resume it in Downloads)"
                        ).format(
                            name=item.variant.display_name, repo=item.variant.repo_id, amount=amount
                        )
                    ]
                )
                child.setFlags(child.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                header.addChild(child)
            self.table.addTopLevelItem(header)
            header.setExpanded(True)
            for index in range(header.childCount()):
                header.child(index).setFirstColumnSpanned(True)
        usable = sum(1 for m in models if m.ok)
        total_size = format_bytes(sum(m.size for m in models))
        self.status.setText(
            (
                self.tr("1 model on this computer")
                if usable == 1
                else self.tr("{n} models on this computer").format(n=usable)
            )
            + f"  ·  {total_size}"
            if models
            else self.tr(
                "No models yet. Download one in Discover, import a .gguf file, or add a folder "
                "that holds some."
            )
        )
        wanted = self._pending_select or (selected.path if selected is not None else None)
        if wanted is not None and self.select(wanted):
            self._pending_select = None
        self._update_buttons()
        self.shown.emit()

    def _model_item(self, model: LocalModel) -> QTreeWidgetItem:
        if not model.ok:
            item = QTreeWidgetItem([model.file_name, self.tr("cannot be used"), "", ""])
            item.setText(4, format_bytes(model.size))
            item.setForeground(1, QBrush(Qt.GlobalColor.red))
            item.setToolTip(0, translated(model.error or ""))
            item.setToolTip(1, translated(model.error or ""))
        else:
            context = f"{model.context_length:,}" if model.context_length else ""
            item = QTreeWidgetItem(
                [
                    model.name if model.kind == "model" else self.tr("Vision projector"),
                    model.architecture,
                    model.parameters,
                    model.quantization,
                    format_bytes(model.size),
                    context,
                    self.tr("yes") if model.has_chat_template else self.tr("no"),
                ]
            )
            item.setToolTip(0, str(model.path))
            if not model.has_chat_template:
                item.setToolTip(6, self.tr("No chat template: a generic (ChatML) format is used"))
        for column in (2, 4, 5):
            item.setTextAlignment(column, RIGHT)
        item.setData(0, MODEL_ROLE, model)
        return item

    def selected_model(self) -> LocalModel | None:
        item = self.table.currentItem()
        model = item.data(0, MODEL_ROLE) if item is not None else None
        return model if isinstance(model, LocalModel) else None

    def select(self, path: Path) -> bool:
        for item in self._items():
            model = item.data(0, MODEL_ROLE)
            if isinstance(model, LocalModel) and Path(model.path) == Path(path):
                self.table.setCurrentItem(item)
                return True
        return False

    def _items(self):
        for index in range(self.table.topLevelItemCount()):
            top = self.table.topLevelItem(index)
            yield top
            for child in range(top.childCount()):
                yield top.child(child)

    def _update_buttons(self) -> None:
        model = self.selected_model()
        self.load_button.setEnabled(model is not None and model.ok and model.kind == "model")
        self.delete_button.setEnabled(model is not None)
        self.reveal_button.setEnabled(model is not None)

    # ---------------------------------------------------------------- actions
    def load_selected(self) -> None:
        model = self.selected_model()
        if model is not None and model.ok and model.kind == "model":
            self.load_requested.emit(model.path)

    def delete_selected(self) -> None:
        model = self.selected_model()
        if model is None:
            return
        count = len(model.parts)
        parts = self.tr(" (all {n} parts)").format(n=count) if count > 1 else ""
        answer = QMessageBox.question(
            self,
            self.tr("Delete model"),
            self.tr("Delete {name}{parts} ({size}) from this computer?\n{path}").format(
                name=model.file_name, parts=parts, size=format_bytes(model.size), path=model.path
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.service.delete(model, on_error=lambda message, _e: self.banner.show_message(message))

    def reveal_selected(self) -> None:
        model = self.selected_model()
        if model is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(model.path.parent)))

    def import_file(self) -> None:
        source, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a model file"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if not source:
            return
        mode = self.ask_import_mode(Path(source))
        if mode is None:
            return
        copy = mode == "copy"
        self.banner.hide()
        self.import_progress.setValue(0)
        self.import_progress.setVisible(copy)
        self.stop_import_button.setVisible(copy)
        self.import_button.setEnabled(False)
        self.service.import_file(Path(source), copy, self._on_imported, self._on_import_failed)

    def ask_import_mode(self, source: Path) -> str | None:
        """ "copy", "reference" (use the file where it is) or None (cancelled)."""
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Import a model file"))
        box.setText(
            self.tr("Copy {name} into the models folder, or use it where it is?").format(
                name=source.name
            )
        )
        box.setInformativeText(
            self.tr(
                "A copy stays even if the original is moved or its disk is unplugged. Using it "
                "where it is saves disk space: its folder is added to the library."
            )
        )
        copy = box.addButton(self.tr("Copy"), QMessageBox.ButtonRole.AcceptRole)
        in_place = box.addButton(self.tr("Use where it is"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return {copy: "copy", in_place: "reference"}.get(box.clickedButton())

    def _on_import_progress(self, done: int, total: int) -> None:
        self.import_progress.setValue(round(100 * done / total) if total else 0)

    def _end_import(self) -> None:
        self.import_progress.hide()
        self.stop_import_button.hide()
        self.import_button.setEnabled(True)

    def _on_imported(self, result) -> None:
        path, folders = result
        self._end_import()
        self.folder_added.emit(list(folders))
        self._pending_select = Path(path)
        self.banner.show_message(
            self.tr("Imported {name}.").format(name=Path(path).name), "info", {}
        )

    def _on_import_failed(self, message: str, _error) -> None:
        self._end_import()
        self.banner.show_message(message)

    def add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Add a folder with models"), str(Path.home())
        )
        if not folder:
            return
        library = self.service.library()
        try:
            library.add_folder(Path(folder))
        except Exception as error:  # LibraryError: not a folder
            self.banner.show_message(translated(error))
            return
        self.folder_added.emit(list(library.extra_folders))
