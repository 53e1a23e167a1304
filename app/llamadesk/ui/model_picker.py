"""The model picker: a toolbar button naming the model, and what the searchable list it
opens (:mod:`llamadesk.ui.picker_popup`) holds.

The list holds the model files on this computer, grouped by model (each quantization with
its size and whether it fits this computer), and the models of every connection's server
under the connection's name. The loaded model is marked, the one loading shows its
progress in place, and Eject unloads. Type to filter, arrows to move, Enter to load, Esc
to close (Ctrl+L opens it from anywhere in the window).

Looking for files, reading their headers and asking servers all happen off the GUI
thread; the list fills in as each answers. A connection that cannot be reached (or that
offline mode forbids) shows as a greyed line whose tooltip says why. Choosing an entry
says which :class:`ModelChoice` was chosen; the window loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QPalette,
)
from PySide6.QtWidgets import (
    QToolButton,
    QWidget,
)

from llamadesk.core.chat import ModelChoice
from llamadesk.core.connections import ConnectionModels, list_remote_models
from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.gguf import GGUFInfo, read_info
from llamadesk.core.library import HeaderCache, Library, LocalModel, group_models
from llamadesk.core.machine import FitResult, Machine, fit_verdict
from llamadesk.core.settings import Settings
from llamadesk.core.units import format_bytes
from llamadesk.ui.common import (
    TaskRunner,
    icon,
    translated,
)
from llamadesk.ui.picker_popup import PickerPopup, Row


@dataclass(frozen=True)
class LocalListing:
    """What a scan found on this computer: the models and, once judged, each file's fit."""

    models: list[LocalModel]
    fits: dict[Path, FitResult]


def judge_fits(
    models: list[LocalModel],
    machine: Callable[[], Machine],
    n_ctx: Callable[[str], int],
    headers: dict[tuple[Path, int, float], GGUFInfo],
) -> dict[Path, FitResult]:
    """Whether each of ``models`` fits ``machine()`` at the context it would load with
    (``n_ctx(key)``, 0 for Auto). One header per model is read, and kept in ``headers``
    while its file stays the same (a model with a large vocabulary takes tens of
    milliseconds); its other quantizations are judged by their size (blocking: for a
    worker thread; ``machine()`` may wait for the engine's report of the GPUs)."""
    fits: dict[Path, FitResult] = {}
    usable = [m for m in models if m.ok and m.kind == "model"]
    if usable:
        computer = machine()
        kept = dict(headers)
        headers.clear()
        for group in group_models(usable):
            first = group.models[0]
            key = (first.path, first.size, first.modified)
            try:
                header = headers[key] = kept.get(key) or read_info(first.path)
            except (LlamaDeskError, OSError):
                continue
            for model in group.models:
                same = model.path == header.path
                key = ModelChoice.file(model.path).key
                fits[model.path] = fit_verdict(
                    header,
                    computer,
                    n_ctx=n_ctx(key),
                    file_size=None if same else model.size,
                )
    return fits


class ModelPicker(QObject):
    chosen = Signal(object)  # ModelChoice
    open_file_requested = Signal()
    download_requested = Signal()  # the user wants one of the recommended models
    eject_requested = Signal()  # unload the model
    files_found = Signal(bool)  # whether any model file is on this computer

    def __init__(
        self,
        tasks: TaskRunner,
        settings: Settings,
        machine: Callable[[], Machine],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks, self._settings, self._machine = tasks, settings, machine
        self._cache = HeaderCache()
        self._local = LocalListing([], {})
        self._headers: dict[tuple[Path, int, float], GGUFInfo] = {}  # judge_fits keeps them
        self._remote: list[ConnectionModels] = []
        self._loaded: ModelChoice | None = None
        self._loading: ModelChoice | None = None
        self._progress = 0.0
        self._scanning = False
        self._scan_again = False
        self._rows: list[Row] = []
        self.button = QToolButton(parent)
        self.button.setObjectName("modelPicker")
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setMinimumWidth(300)
        self.button.clicked.connect(self.open)
        self.button.installEventFilter(self)  # a new language: its words again
        self.popup = PickerPopup(parent)
        self.popup.activated.connect(self._on_activated)
        self.popup.open_file.clicked.connect(self._open_file)
        self.popup.download.clicked.connect(self._download)
        self.popup.eject.clicked.connect(self._eject)
        self._fill()

    # ------------------------------------------------------------ the window's side
    def scan(self) -> None:
        """Look for model files and ask every connection's server for its models."""
        self.scan_files()
        self.scan_servers()

    def scan_files(self) -> None:
        """Look for model files again (a folder changed); one scan at a time."""
        if self._scanning:
            self._scan_again = True
            return
        self._scanning = True
        library = Library.from_settings(self._settings, cache=self._cache)
        self._tasks.run(
            library.list_models,
            on_done=self._on_files,
            on_error=lambda _message, _error: self._on_files(self._local.models),
        )

    def scan_servers(self) -> None:
        connections = list(self._settings.connections)
        offline = self._settings.offline
        self._tasks.run(list_remote_models, connections, offline, on_done=self._on_remote)

    def show(self, loaded: ModelChoice | None, loading: ModelChoice | None = None) -> None:
        """Show ``loaded`` as the model loaded and ``loading`` as the one on its way."""
        if loading != self._loading:
            self._progress = 0.0
        self._loaded, self._loading = loaded, loading
        self._fill()

    def set_progress(self, fraction: float) -> None:
        self._progress = fraction
        self._update_button()
        self.popup.list.viewport().update()

    def open(self) -> None:
        """Open the list under the button, the loaded model selected, ready to type."""
        self._fill()
        self.popup.open_under(self.button)

    def rows(self) -> list[Row]:
        """What the list holds, headings included, before any filtering."""
        return self._rows

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.button and event.type() == QEvent.Type.LanguageChange:
            self._fill()
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ filling
    def _on_files(self, models: list[LocalModel]) -> None:
        """The files are listed at once; whether each fits follows (the GPUs may not be
        known yet)."""
        self._scanning = False
        changed = [(m.path, m.size, m.modified) for m in models] != [
            (m.path, m.size, m.modified) for m in self._local.models
        ]
        if changed:
            self._local = LocalListing(models, {})
            self._fill()
            remembered = dict(self._settings.model_settings)
            default = self._settings.load.n_ctx

            def n_ctx(key: str) -> int:
                model = remembered.get(key)
                return model.n_ctx if model is not None else default

            self._tasks.run(
                judge_fits,
                models,
                self._machine,
                n_ctx,
                self._headers,
                on_done=lambda fits: self._on_fits(models, fits),
            )
        self.files_found.emit(bool(models))
        if self._scan_again:
            self._scan_again = False
            self.scan_files()

    def _on_fits(self, models: list[LocalModel], fits: dict[Path, FitResult]) -> None:
        if models is self._local.models:  # not a listing since replaced
            self._local = LocalListing(models, fits)
            self._fill()

    def _on_remote(self, remote: list[ConnectionModels]) -> None:
        self._remote = remote
        self._fill()

    def _fill(self) -> None:
        self._rows = self._local_rows() + self._remote_rows()
        self.popup.set_rows(self._rows, self._loaded, self._loading, lambda: self._progress)
        self.popup.download.setVisible(not self._local.models)
        self.popup.eject.setVisible(self._loaded is not None and self._loading is None)
        self._update_button()

    def _local_rows(self) -> list[Row]:
        rows: list[Row] = []
        listed = {m.path for m in self._local.models}
        for group in group_models(self._local.models):
            first = group.models[0]
            if first.kind != "model":
                continue
            detail = " · ".join(p for p in (first.parameters, first.architecture) if p)
            tags = (self.tr("Thinking"),) if first.facts.thinks else ()
            tags += (self.tr("Tools"),) if first.facts.takes_tools else ()
            rows.append(Row("group", group.name, detail, tags=tags))
            words = " ".join((group.name, *tags))  # typing "thinking" finds thinking models
            for model in group.models:
                rows.append(self._file_row(model, words))
        others = [c for c in (self._loaded, self._loading) if c is not None and not c.remote]
        extra = [c for c in dict.fromkeys(others) if c.path not in listed]
        if extra:
            rows.append(Row("group", self.tr("Opened from elsewhere")))
            for choice in extra:
                rows.append(
                    Row("model", choice.name, str(choice.path), choice=choice, tip=choice.model)
                )
        return rows

    def _file_row(self, model: LocalModel, heading: str) -> Row:
        """``heading``: the words of its heading (the model's name and tags), for the search."""
        choice = ModelChoice.file(model.path)
        if not model.ok:
            problem = translated(model.error) if model.error else ""
            return Row(
                "unreachable", model.file_name, problem, format_bytes(model.size), tip=problem
            )
        fit = self._local.fits.get(model.path)
        tip = "\n".join(p for p in (str(model.path), translated(fit.reason) if fit else "") if p)
        return Row(
            "model",
            model.quantization,
            model.file_name,
            format_bytes(model.size),
            choice=choice,
            fit=fit,
            tip=tip,
            search=f"{heading} {model.file_name} {model.quantization}",
        )

    def _remote_rows(self) -> list[Row]:
        rows: list[Row] = []
        for listing in self._remote:
            connection = listing.connection
            if listing.problem:
                problem = translated(listing.problem)
                rows.append(Row("group", connection.name, connection.base_url))
                rows.append(
                    Row(
                        "unreachable",
                        self.tr("{name}: not reachable").format(name=connection.name),
                        problem,
                        tip=problem,
                    )
                )
                continue
            rows.append(Row("group", connection.name, connection.base_url, search=connection.name))
            for entry in listing.models:
                choice = ModelChoice(entry.id, connection.id, entry.label)
                tip = self.tr("{model} on {connection} ({address})").format(
                    model=entry.id, connection=connection.name, address=connection.base_url
                )
                rows.append(
                    Row(
                        "model",
                        entry.label,
                        entry.id if entry.id != entry.label else "",
                        choice=choice,
                        tip=tip,
                        search=f"{connection.name} {entry.id} {entry.label}",
                    )
                )
        return rows

    def _update_button(self) -> None:
        button = self.button
        colour = button.palette().color(QPalette.ColorRole.ButtonText)
        button.setIcon(icon("library", colour))
        if self._loading is not None:
            text = self.tr("Loading {name}… {percent}%").format(
                name=self._loading.name, percent=round(self._progress * 100)
            )
        elif self._loaded is not None:
            text = self._loaded.name
        else:
            text = self.tr("Choose a model…")
        button.setText(text + "  ▾")
        if self._loaded is None:
            button.setToolTip(self.tr("The model that answers. Choosing one loads it. (Ctrl+L)"))
        else:
            tip = self.tr("{name}\nChoose another model (Ctrl+L)")
            button.setToolTip(tip.format(name=self._loaded.name))

    # ------------------------------------------------------------ choosing
    def _on_activated(self, row: Row) -> None:
        self.popup.hide()
        if row.choice is not None and row.choice not in (self._loaded, self._loading):
            self.chosen.emit(row.choice)

    def _open_file(self) -> None:
        self.popup.hide()
        self.open_file_requested.emit()

    def _download(self) -> None:
        self.popup.hide()
        self.download_requested.emit()

    def _eject(self) -> None:
        self.popup.hide()
        self.eject_requested.emit()
