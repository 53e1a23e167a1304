"""The model manager: a window of its own with Discover, Downloads, Library, Connections
and Settings.

It finds GGUF models on the Hugging Face Hub, shows which quantization fits this computer,
downloads them (downloads go on while the window is closed), lists the models on disk and
asks the main window to load one (:attr:`ModelManager.load_requested`), and keeps the
connections to servers on other computers (:attr:`ModelManager.connections_changed`).
Network and disk work runs on worker threads (:mod:`llamadesk.ui.model_manager.services`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core.hub import HubConfig, ModelVariant, TokenStore, find_partial_downloads
from llamadesk.core.library import HeaderCache, Library
from llamadesk.core.machine import BackendReport, Machine
from llamadesk.core.paths import models_dir
from llamadesk.core.settings import Settings, save_settings
from llamadesk.ui.common import TaskRunner, icon
from llamadesk.ui.model_manager.connections import ConnectionsPage
from llamadesk.ui.model_manager.discover import DiscoverPage
from llamadesk.ui.model_manager.downloads import DownloadsPage
from llamadesk.ui.model_manager.hub_settings import HubSettingsPage
from llamadesk.ui.model_manager.library import LibraryPage
from llamadesk.ui.model_manager.services import (
    DownloadService,
    LibraryService,
    MachineProbe,
)
from llamadesk.ui.model_manager.style import style_sheet

PAGES = ("discover", "downloads", "library", "connections", "settings")


class ModelManager(QWidget):
    load_requested = Signal(object)  # Path of a model to load
    library_changed = Signal()  # models were added, deleted, or folders changed
    connections_changed = Signal()  # connections were added, edited or removed (saved)

    def __init__(
        self,
        settings: Settings,
        save: Callable[[], None] | None = None,
        *,
        machine: Machine | None = None,
        backends: Callable[[float], BackendReport | None] | None = None,
        tokens: TokenStore | None = None,
        config_options: dict[str, Any] | None = None,
        download_options: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``save()`` persists ``settings`` (default: save_settings). ``backends(timeout)``
        gives the engine's device report (the window's engine client waits for it);
        ``machine`` replaces the detected RAM and GPUs, ``config_options`` go to every
        HubConfig (timeouts) and ``download_options`` to every Download (retry policy ...):
        tests use them."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("modelManager")
        self.setWindowTitle(self.tr("Models — LlamaDesk"))
        self.settings = settings
        self._save = save or (lambda: save_settings(settings))
        self.tokens = tokens or TokenStore()
        self._token: str | None = None
        self._config_options = config_options or {}
        self._cache = HeaderCache()
        self._closed = False
        self.runner = TaskRunner(self)
        self.machine = MachineProbe(machine, backends)
        self.downloads = DownloadService(
            self.hub_config, self.models_folder, self, **(download_options or {})
        )
        self.library = LibraryService(self.runner, self.make_library)
        n_ctx = settings.load.n_ctx or 4096

        self.discover_page = DiscoverPage(self.runner, self.machine, self.hub_config, n_ctx)
        self.downloads_page = DownloadsPage(self.downloads)
        self.library_page = LibraryPage(self.library)
        self.connections_page = ConnectionsPage(settings, self._save, self.runner)
        self.settings_page = HubSettingsPage(settings, self._save, self.runner, self.tokens)
        self.pages = QStackedWidget()
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("managerSidebar")
        self.sidebar.setIconSize(QSize(18, 18))
        self.sidebar.setFixedWidth(190)
        self._labels = {
            "discover": self.tr("Discover"),
            "downloads": self.tr("Downloads"),
            "library": self.tr("Library"),
            "connections": self.tr("Connections"),
            "settings": self.tr("Settings"),
        }
        for key, page in zip(
            PAGES,
            (
                self.discover_page,
                self.downloads_page,
                self.library_page,
                self.connections_page,
                self.settings_page,
            ),
            strict=True,
        ):
            self.sidebar.addItem(QListWidgetItem(self._labels[key]))
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(24, 20, 24, 20)
            column.addWidget(page)
            self.pages.addWidget(holder)
        self.sidebar.currentRowChanged.connect(self._on_page_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.pages, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self._connect()
        self._restyle()
        self.resize(1040, 720)
        self.sidebar.setCurrentRow(0)
        self._load_token()
        self.restore_downloads()
        self.library_page.refresh()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        if parent is not None:
            parent.installEventFilter(self)  # the main window closing ends the downloads

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:  # as a dialog: what the page's widgets leave
            self.close()
            return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:
        if not event.spontaneous():
            self._centre_over_parent()
        super().showEvent(event)

    def _centre_over_parent(self) -> None:
        """Open over the main window, not wherever the window manager likes, and on screen."""
        parent = self.parentWidget()
        if parent is None or not parent.isVisible():
            return
        frame = self.frameGeometry()
        frame.setSize(frame.size() + self.size().expandedTo(self.minimumSizeHint()) - self.size())
        frame.moveCenter(parent.frameGeometry().center())
        screen = parent.screen().availableGeometry()
        frame.moveRight(min(frame.right(), screen.right()))
        frame.moveBottom(min(frame.bottom(), screen.bottom()))
        frame.moveLeft(max(frame.left(), screen.left()))
        frame.moveTop(max(frame.top(), screen.top()))
        self.move(frame.topLeft())

    def eventFilter(self, watched, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def _connect(self) -> None:
        self.discover_page.download_requested.connect(self.download)
        self.discover_page.token_settings_requested.connect(self.show_token_settings)
        self.discover_page.offline_off_requested.connect(lambda: self._set_offline(False))
        self.discover_page.work_offline_requested.connect(lambda: self._set_offline(True))
        self.downloads_page.load_requested.connect(self.load_requested)
        self.downloads_page.token_settings_requested.connect(self.show_token_settings)
        self.library_page.load_requested.connect(self.load_requested)
        self.library_page.folder_added.connect(self._on_folders)
        self.library.changed.connect(self._on_library_changed)
        self.downloads.finished.connect(lambda _d: self._on_library_changed())
        self.downloads.changed.connect(lambda _d: self._update_badge())
        self.connections_page.changed.connect(self.connections_changed)
        self.settings_page.changed.connect(self._on_settings_changed)
        self.settings_page.token_changed.connect(self._load_token)

    # ---------------------------------------------------------------- the core's view
    def hub_config(self) -> HubConfig:
        """How to reach the Hub now (the token was read from its store off this thread)."""
        config = HubConfig(
            endpoint=self.settings.hub_endpoint or None,
            offline=self.settings.offline,
            **self._config_options,
        )
        return config if config.is_offline() else replace(config, token=self._token)

    def models_folder(self) -> Path:
        return models_dir(self.settings.models_folder)

    def make_library(self) -> Library:
        return Library.from_settings(self.settings, cache=self._cache)

    def _load_token(self) -> None:
        def loaded(token: str | None) -> None:
            self._token = token

        self.runner.run(self.tokens.get, on_done=loaded)

    # ---------------------------------------------------------------- pages
    def show_page(self, name: str) -> None:
        self.sidebar.setCurrentRow(PAGES.index(name))

    def show_recommended(self) -> None:
        """Discover, listing the recommended models: where a first model comes from."""
        self.show_page("discover")
        self.discover_page.show_recommended()

    def current_page(self) -> str:
        return PAGES[self.sidebar.currentRow()]

    def show_token_settings(self) -> None:
        self.show_page("settings")
        self.settings_page.token.setFocus()

    def _on_page_changed(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        if PAGES[row] == "library":
            self.library_page.refresh()
        elif PAGES[row] == "connections":
            self.connections_page.refresh()
        elif PAGES[row] == "settings":
            self.settings_page.refresh()

    def _update_badge(self) -> None:
        active = self.downloads_page.active_count()
        text = self._labels["downloads"]
        self.sidebar.item(1).setText(f"{text}  ({active})" if active else text)

    # ---------------------------------------------------------------- actions
    def download(self, variant: ModelVariant) -> None:
        self.downloads.add(variant)
        self.show_page("downloads")

    def restore_downloads(self) -> None:
        """Unfinished downloads (the app was closed, or they were paused) come back paused."""
        root = self.models_folder()
        self.runner.run(find_partial_downloads, root, on_done=self.downloads.restore)

    def _on_library_changed(self) -> None:
        self.library_page.refresh()
        self.library_changed.emit()

    def _on_folders(self, folders: list[Path]) -> None:
        self.settings.models_dirs = [Path(f) for f in folders]
        self._save()
        self.settings_page.refresh()
        self._on_library_changed()

    def _set_offline(self, offline: bool) -> None:
        self.settings.offline = offline
        self._save()
        self.settings_page.refresh()
        self._on_settings_changed()

    def _on_settings_changed(self) -> None:
        self.discover_page.refresh_offline()
        self.connections_page.refresh()
        self._on_library_changed()

    # ---------------------------------------------------------------- window
    def _restyle(self) -> None:
        palette = self.palette()
        key = tuple(
            palette.color(r).rgba()
            for r in (
                QPalette.ColorRole.Base,
                QPalette.ColorRole.Text,
                QPalette.ColorRole.Highlight,
            )
        )
        if key == getattr(self, "_style_key", None):
            return  # setting a style sheet sends a palette change of its own
        self._style_key = key
        self.setStyleSheet(style_sheet(palette))
        colour = self.palette().color(QPalette.ColorRole.Text)
        for row, name in enumerate(("search", "download", "library", "server", "settings")):
            self.sidebar.item(row).setIcon(icon(name, colour))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle()
        super().changeEvent(event)

    def shutdown(self) -> None:
        """Pause running downloads (their partial files stay) and stop the workers."""
        if self._closed:
            return
        self._closed = True
        self.downloads.close()
        self.runner.shutdown(wait=True)
