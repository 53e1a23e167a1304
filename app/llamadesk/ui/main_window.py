"""The main window: conversations on the left, the chat in the middle, settings on the right."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core import paths
from llamadesk.core.chat import DOCUMENT, ModelChoice, ModelState, Task
from llamadesk.core.connections import open_remote_engine
from llamadesk.core.engine import (
    Engine,
    GenerationStats,
    LoadedModel,
    LocalEngine,
    RemoteModel,
    ThinkingSupport,
)
from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.logs import current_log_file
from llamadesk.core.machine import LoadOptions, Machine, context_choices
from llamadesk.core.settings import Settings, save_settings
from llamadesk.core.store import Store
from llamadesk.ui.attachments import AttachmentController
from llamadesk.ui.chat_controller import ChatController
from llamadesk.ui.common import (
    FileDrops,
    NoticeBar,
    TaskRunner,
    icon,
    install_translations,
    set_appearance,
    translated,
)
from llamadesk.ui.conversation import Composer, ConversationView
from llamadesk.ui.conversation_files import ConversationFiles
from llamadesk.ui.conversation_list import ConversationList
from llamadesk.ui.engine_client import EngineClient
from llamadesk.ui.model_picker import ModelPicker
from llamadesk.ui.models_watcher import ModelsWatcher
from llamadesk.ui.prompt_dialog import PromptViewer
from llamadesk.ui.server_panel import ServerController, ServerPanel, connect_server
from llamadesk.ui.settings_binding import SettingsBinding
from llamadesk.ui.settings_panel import SettingsPanel
from llamadesk.ui.shortcuts import ShortcutsDialog, give_keys
from llamadesk.ui.status_bar import ModelStatusBar
from llamadesk.ui.task_starters import TaskStarter, composer_hint, introduction
from llamadesk.ui.welcome import WelcomePage
from llamadesk.ui.window_layout import (
    remember_sidebar_shown,
    remember_thinking_expanded,
    restore_layout,
    save_layout,
    sidebar_shown,
    thinking_expanded,
)
from llamadesk.ui.window_menus import build_menus


class MainWindow(QMainWindow):
    model_ready = Signal(object)  # LoadedModel: loaded and shown, the chat can start

    def __init__(
        self,
        settings: Settings,
        store: Store,
        settings_warnings: list[str] = (),
        *,
        make_engine: Callable[[], Engine] | None = None,
        verbose: bool = False,
    ):
        """``make_engine()`` starts the engine (again after a crash); by default the local
        llama.cpp engine, looking for models in the models folders (``verbose``: echoing
        llama.cpp's own log)."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("LlamaDesk")
        self.settings, self.store = settings, store
        self.model = ModelState()  # the one place that knows which model is loaded
        self._local_engine = make_engine or (
            lambda: LocalEngine(self._model_folders, verbose=verbose)
        )
        self.engine = EngineClient(self._local_engine, self)
        self.tasks = TaskRunner(self)
        self._has_models = False  # whether the last scan found any model file
        self.model_manager = None  # the model manager window, made on first use

        self.sidebar = ConversationList()
        self.view = ConversationView()
        self.welcome = WelcomePage()
        self.composer = Composer()
        self.notice = NoticeBar()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.view)
        center = QWidget()
        center.setObjectName("chatArea")
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice)
        column.addWidget(self.pages, 1)
        column.addWidget(self.composer)
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(center)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 900])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.settings_panel = SettingsPanel()
        self.settings_dock = QDockWidget(self.tr("Settings"), self)
        self.settings_dock.setObjectName("settingsDock")
        self.settings_dock.setWidget(self.settings_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.settings_dock)
        self.server = ServerController(
            self.engine.shared, lambda: self.settings.sampling, parent=self
        )
        self.server_panel = ServerPanel()
        self.server_dock = QDockWidget(self.tr("Server"), self)
        self.server_dock.setObjectName("serverDock")
        self.server_dock.setWidget(self.server_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.server_dock)
        self.tabifyDockWidget(self.settings_dock, self.server_dock)
        self.server_dock.hide()

        self.chat = ChatController(store, self.engine, self.view, settings, self.model)
        self.attachments = AttachmentController(
            self.composer, self.engine, self.tasks, self.model, self.chat, self.notice, self
        )
        self.file_drops = FileDrops(self)  # files dropped on the chat or the message box
        self.file_drops.watch(center)
        self.file_drops.dropped.connect(self._on_files_dropped)
        self.composer.files_dropped.connect(self._on_files_dropped)
        self.task_starter = TaskStarter(self, self.chat, settings.language)
        self._build_toolbar()
        self.files = ConversationFiles(self, store, self.notice)
        self.status = ModelStatusBar()
        self.setStatusBar(self.status)
        build_menus(self)
        self._connect()
        self._set_tab_order()
        restore_layout(self, self.splitter, self.settings_dock)
        self.show_sidebar(sidebar_shown())
        self.refresh_conversations()
        self.chat.new_conversation()
        self._on_model_state_changed()
        self.scan_models()
        self.models_watcher.watch()
        for warning in settings_warnings:
            self.notice.show_message(translated(warning), kind="warning")

    # ------------------------------------------------------------------ building
    def _build_toolbar(self) -> None:
        bar = self.addToolBar(self.tr("Model"))
        bar.setObjectName("modelToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setIconSize(QSize(18, 18))
        self.sidebar_action = QAction(self.tr("Conversations"), self)
        self.sidebar_action.setObjectName("sidebarAction")
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setChecked(True)
        self.sidebar_action.setToolTip(self.tr("Show or hide the conversations"))
        give_keys(self.sidebar_action, "sidebar")
        self.sidebar_action.toggled.connect(self.show_sidebar)
        bar.addAction(self.sidebar_action)
        self.picker = ModelPicker(self.tasks, self.settings, self._machine, self)
        self.model_picker = self.picker.button
        self.picker.chosen.connect(self.choose_model)
        self.picker.open_file_requested.connect(self.open_model_file)
        self.picker.eject_requested.connect(self.eject_model)
        self.picker.files_found.connect(lambda found: self._update_welcome(has_models=found))
        bar.addWidget(self.model_picker)
        self.models_watcher = ModelsWatcher(self._model_folders, self.tasks, self)
        self.models_watcher.changed.connect(self._on_models_folder_changed)
        self.cancel_load_button = QToolButton()
        self.cancel_load_button.setText(self.tr("Cancel"))
        self.cancel_load_button.setToolTip(self.tr("Stop loading this model"))
        self.cancel_load_button.clicked.connect(self.engine.cancel_load)
        self.cancel_action = bar.addWidget(self.cancel_load_button)
        self._set_loading_visible(False)
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
        )
        bar.addWidget(spacer)
        self.models_action = QAction(self.tr("Models"), self)
        self.models_action.setToolTip(
            self.tr("Find, download and manage models (Discover, Downloads, Library)")
        )
        give_keys(self.models_action, "models")
        self.models_action.triggered.connect(lambda: self.show_model_manager())
        bar.addAction(self.models_action)
        toggle = self.settings_dock.toggleViewAction()
        toggle.setText(self.tr("Settings"))
        toggle.setToolTip(self.tr("Show or hide the settings panel"))
        give_keys(toggle, "settings")
        bar.addAction(toggle)
        server = self.server_dock.toggleViewAction()
        server.setText(self.tr("Server"))
        server.setToolTip(self.tr("Serve the loaded model to other programs (OpenAI API)"))
        bar.addAction(server)
        self._toolbar_icons = {self.models_action: "library", toggle: "settings", server: "server"}
        self._apply_icons()

    def _apply_icons(self) -> None:
        """The tool bar's icons in the palette's text colour (again when it changes)."""
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        for action, name in self._toolbar_icons.items():
            action.setIcon(icon(name, colour))

    def open_log_folder(self) -> None:
        """Show the log files in the file manager: what to attach to a bug report."""
        log_file = current_log_file()
        folder = log_file.parent if log_file is not None else paths.logs_dir()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ------------------------------------------------------------------ keyboard
    def _set_tab_order(self) -> None:
        """Tab reads the window as the eye does: the model, the conversations, the box."""
        chain = [
            self.model_picker,
            self.sidebar.new_button,
            self.sidebar.search,
            self.sidebar.list,
            self.composer.edit,
            self.composer.button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_sidebar(self, shown: bool) -> None:
        """Show or hide the conversations (remembered); a narrow window gives the chat room."""
        self.sidebar.setVisible(shown)
        self.sidebar_action.setChecked(shown)
        if not shown and self.sidebar.isAncestorOf(self.focusWidget()):
            self.composer.focus()
        remember_sidebar_shown(shown)

    def focus_search(self) -> None:
        """Ctrl+F: the search field of the sidebar (shown first if it was hidden)."""
        self.show_sidebar(True)
        self.sidebar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.sidebar.search.selectAll()

    def open_model_picker(self) -> None:
        """Ctrl+L: the model picker, open, to choose with the keyboard."""
        self.picker.open()

    def regenerate_last(self) -> None:
        if not self.view.regenerate_last_answer():
            self._say(self.tr("There is no answer to write again now."))

    def edit_last(self) -> None:
        if not self.view.edit_last_message():
            self._say(self.tr("There is no message of yours to edit now."))

    def copy_last(self) -> None:
        if not self.view.copy_last_answer():
            self._say(self.tr("There is no answer to copy now."))

    def _say(self, text: str) -> None:
        self.notice.show_message(text, kind="info", timeout_ms=4000)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    def _connect(self) -> None:
        self.engine.load_progress.connect(self._on_load_progress)
        self.engine.model_loaded.connect(self._on_model_loaded)
        self.engine.model_load_failed.connect(self._on_model_load_failed)
        self.engine.model_load_cancelled.connect(lambda: self.model.finish_loading(None))
        self.engine.model_unloaded.connect(self._on_model_unloaded)
        self.model.on_change(self._on_model_state_changed)
        self.engine.engine_crashed.connect(self._on_engine_crashed)
        self.engine.context_used.connect(self._show_context)
        self.composer.send_requested.connect(self._send)
        self.composer.stop_requested.connect(self.chat.stop)
        stop = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.chat.stop)
        stop.setEnabled(False)  # only while an answer streams: Esc means cancel elsewhere
        self.chat.generating_changed.connect(stop.setEnabled)
        self.chat.generating_changed.connect(self.composer.set_generating)
        self.chat.generating_changed.connect(self._on_generating_changed)
        self.chat.conversation_opened.connect(self._on_conversation_opened)
        self.chat.conversations_changed.connect(self.refresh_conversations)
        self.chat.answer_finished.connect(self._on_answer_finished)
        self.chat.speed_measured.connect(self.status.show_speed)
        self.chat.error.connect(lambda text: self.notice.show_message(text))
        self.sidebar.new_requested.connect(lambda: self.open_conversation(None))
        self.sidebar.conversation_selected.connect(self.open_conversation)
        self.sidebar.search_hit_selected.connect(lambda cid, _mid: self.open_conversation(cid))
        self.sidebar.rename_requested.connect(self._rename)
        self.sidebar.pin_requested.connect(self._pin)
        self.sidebar.delete_requested.connect(self.delete_conversation)
        self.sidebar.export_requested.connect(self.export_conversation)
        self.sidebar.import_requested.connect(self.import_conversation)
        self.sidebar.search_changed.connect(self._on_search)
        self.welcome.open_file_requested.connect(self.open_model_file)
        self.welcome.tasks.chosen.connect(self.task_starter.start)
        self.task_starter.started.connect(self._on_task_started)
        self.welcome.download_requested.connect(self.show_recommended_models)
        self.picker.download_requested.connect(self.show_recommended_models)
        self.welcome.open_models_folder_requested.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._models_folder())))
        )
        self.settings_binding = SettingsBinding(
            self.settings_panel,
            self.settings,
            self.store,
            self.chat,
            self._save_settings,
            model_key=lambda: self.model.chosen.key if self.model.chosen else None,
        )
        self.settings_binding.reload_requested.connect(self._reload_model)
        self.prompts = PromptViewer(self, self.chat, self.engine, self.model)
        self.prompts.error.connect(lambda text: self.notice.show_message(text))
        connect_server(self.server_panel, self.server, self.settings, self._save_settings)
        self.engine.serving_changed.connect(self.server_panel.set_answering)
        self.engine.serving_changed.connect(self.status.show_serving)
        self.view.set_thinking_expanded(thinking_expanded())
        self.view.thinking_toggled.connect(remember_thinking_expanded)

    # ------------------------------------------------------------------ models
    def show_model_manager(self, page: str | None = None) -> None:
        """Open the model manager window (made on first use); ``page``: "discover",
        "downloads", "library" or "settings"."""
        if self.model_manager is None:
            from llamadesk.ui.model_manager import ModelManager

            self.model_manager = ModelManager(
                self.settings,
                self._save_settings,
                backends=self.engine.wait_for_backends,
                parent=self,
            )
            self.model_manager.load_requested.connect(self.load_model)
            self.model_manager.library_changed.connect(self.scan_models)
            self.model_manager.library_changed.connect(self.models_watcher.watch)
            self.model_manager.connections_changed.connect(self.picker.scan_servers)
        if page:
            self.model_manager.show_page(page)
        self.model_manager.show()
        self.model_manager.raise_()
        self.model_manager.activateWindow()

    def show_recommended_models(self) -> None:
        """The model manager, listing the models LlamaDesk recommends to download."""
        self.show_model_manager("discover")
        self.model_manager.show_recommended()

    def scan_models(self) -> None:
        """Look for model files and servers' models off the GUI thread; the picker fills in
        as they answer."""
        self.picker.scan()

    def _on_models_folder_changed(self) -> None:
        """A file arrived in or left a models folder: the picker, the welcome page and the
        Library follow."""
        self.picker.scan_files()
        if self.model_manager is not None and self.model_manager.isVisible():
            self.model_manager.library_page.refresh()

    def _machine(self) -> Machine:
        """This computer's memory and GPUs (blocking: for worker threads)."""
        return Machine.detect(self.engine.wait_for_backends(30.0))

    def _model_folders(self) -> list[Path]:
        return [self._models_folder(), *self.settings.models_dirs]

    def _models_folder(self) -> Path:
        return paths.models_dir(self.settings.models_folder)

    def open_model_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a model file"),
            str(self._models_folder()),
            self.tr("GGUF models (*.gguf);;All files (*)"),
        )
        if path:
            self.load_model(Path(path))

    def _on_files_dropped(self, paths: list[str]) -> None:
        """A model file dropped on the chat is loaded; documents are attached."""
        models = [path for path in paths if path.lower().endswith(".gguf")]
        if models:
            self.load_model(Path(models[0]))
        documents = [path for path in paths if path not in models]
        if documents:
            self.attachments.add_files(documents)

    def load_model(self, path: Path, options: LoadOptions | None = None) -> None:
        self.choose_model(ModelChoice.file(path), options)

    def choose_model(self, choice: ModelChoice, options: LoadOptions | None = None) -> None:
        """Load a model file, or choose a model on a connection's server."""
        if self.chat.generating:
            self.chat.stop()
        if options is None:  # what was set for this model the last time it was used
            self.settings.use_model(choice.key)
            self._save_settings()
            self.settings_binding.refresh()
            options = self.settings.effective(self.chat.conversation_overrides()).load
        self.notice.hide()
        self.model.begin_loading(choice)
        if not choice.remote:
            self.engine.use("local", self._local_engine)
            self.engine.load(choice.model, options)
            return
        connection = next(
            (c for c in self.settings.connections if c.id == choice.connection_id), None
        )
        if connection is None:
            self.model.finish_loading(None)
            self.notice.show_message(self.tr("This connection no longer exists."))
            return

        def opened(engine) -> None:  # its key came from the keychain off the GUI thread
            self.engine.use(f"remote:{connection.id}", lambda: engine)
            self.engine.load(choice.model, options)

        def refused(message: str, _error: BaseException) -> None:
            self.model.finish_loading(None)
            self.notice.show_message(message)

        self.tasks.run(
            open_remote_engine,
            connection,
            self.settings.offline,
            on_done=opened,
            on_error=refused,
        )

    def _on_load_progress(self, fraction: float) -> None:
        self.picker.set_progress(fraction)

    def eject_model(self) -> None:
        """Unload the model: its memory is free again, and no model answers."""
        if self.chat.generating:
            self.chat.stop()
        self.engine.unload()

    def _on_model_unloaded(self) -> None:
        if self.model.loading is None:
            self.model.lose()

    def _on_model_loaded(self, loaded: LoadedModel | RemoteModel) -> None:
        self.model.finish_loading(loaded)
        if loaded.template_warning:
            self.notice.show_message(translated(loaded.template_warning), kind="warning")
        if isinstance(loaded, LoadedModel):
            self.settings.last_model = loaded.path
            self._save_settings()
            self.tasks.run(
                lambda: context_choices(loaded.info, self._machine(), loaded.options),
                on_done=lambda choices: self._show_context_choices(loaded, choices),
            )
        self.composer.focus()
        self.model_ready.emit(loaded)

    def _show_context_choices(self, loaded: LoadedModel, choices) -> None:
        if self.model.loaded is loaded:
            self.settings_panel.set_context_choices(choices, loaded.info.context_length)

    def _on_model_load_failed(self, message: str, still_loaded: LoadedModel | None) -> None:
        """A file refused before loading leaves the previous model in place."""
        self.model.finish_loading(still_loaded)
        self.notice.show_message(translated(message))

    def _on_engine_crashed(self, message: str) -> None:
        crashed = self.model.loaded_choice if self.model.loaded is not None else None
        self.model.lose()
        if crashed is None:  # it died loading: picking the model again is the way back
            self.notice.show_message(translated(message))
        else:
            self.notice.show_message(
                translated(message),
                action=self.tr("Load again"),
                callback=lambda: self.choose_model(crashed),
            )

    def _on_model_state_changed(self) -> None:
        """Every part of the window that shows the model follows the model state here."""
        state = self.model
        self._set_loading_visible(state.loading is not None)
        if state.loading is not None:
            self.status.show_loading(state.loading.name)
            self.composer.set_ready(False, self.tr("Loading the model…"))
        elif state.loaded is not None:
            self.status.show_model(state.loaded, state.loaded_choice.name, state.label)
            self.settings_panel.set_thinking_support(state.loaded.thinking)
            self._show_context(self.chat.context_used)
            self.composer.set_ready(True)
        else:
            self.status.show_none()
            self.settings_panel.set_thinking_support(ThinkingSupport())
            self.settings_panel.set_context_choices([], 0)
            self.composer.set_ready(
                False, self.tr("Choose a model in the toolbar to start chatting")
            )
        loaded = state.loaded_choice if state.loaded is not None else None
        self.picker.show(loaded, state.loading)
        self.server_panel.set_model(state.label if state.ready else None)
        self._update_welcome()

    def _set_loading_visible(self, visible: bool) -> None:
        self.cancel_action.setVisible(visible)

    # ------------------------------------------------------------------ conversations
    def open_conversation(self, conversation_id: int | None) -> None:
        self.settings_panel.flush()  # a half-typed system prompt belongs to the old one
        self.chat.open_conversation(conversation_id)

    def refresh_conversations(self) -> None:
        if self.sidebar.searching():
            self._on_search(self.sidebar.search.text())
        else:
            self.sidebar.set_conversations(self.store.list_conversations())

    def _on_search(self, text: str) -> None:
        if text.strip():
            self.sidebar.set_search_results(self.store.search(text))
        else:
            self.sidebar.set_conversations(self.store.list_conversations())

    def _show_context(self, used: int) -> None:
        if self.model.loaded is not None:
            self.status.show_context(used, self.model.loaded.n_ctx)

    def _on_conversation_opened(self, conversation_id: int | None) -> None:
        task = self.chat.session.task
        self.composer.set_hint(composer_hint(task) if task is not None else "")
        self._show_context(self.chat.context_used)
        self.sidebar.select(conversation_id)
        self.settings_binding.show_conversation(conversation_id)
        self._update_welcome()
        title = self.store.get_conversation(conversation_id).title if conversation_id else ""
        self.setWindowTitle(f"{title} — LlamaDesk" if title else "LlamaDesk")

    def _on_task_started(self, task: Task) -> None:
        if task.kind == DOCUMENT:  # its document first: the chooser the paperclip opens,
            QTimer.singleShot(0, self.attachments.choose_files)  # once the page shows the task

    def _rename(self, conversation_id: int, title: str) -> None:
        self.store.rename_conversation(conversation_id, title)
        self.refresh_conversations()

    def _pin(self, conversation_id: int, pinned: bool) -> None:
        self.store.set_pinned(conversation_id, pinned)
        self.refresh_conversations()

    def delete_conversation(self, conversation_id: int) -> None:
        title = self.store.get_conversation(conversation_id).title
        self.store.delete_conversation(conversation_id)
        if self.chat.conversation_id == conversation_id:
            self.chat.new_conversation()
        self.refresh_conversations()
        self.notice.show_message(
            self.tr('Deleted "{title}".').format(title=title or self.tr("conversation")),
            kind="info",
            action=self.tr("Undo"),
            callback=lambda: self._undo_delete(conversation_id),
            timeout_ms=15000,
        )

    def _undo_delete(self, conversation_id: int) -> None:
        self.store.restore_conversation(conversation_id)
        self.refresh_conversations()
        self.chat.open_conversation(conversation_id)

    def export_conversation(self, conversation_id: int | None, kind: str) -> None:
        self.files.export(conversation_id, kind)

    def import_conversation(self) -> None:
        conversation_id = self.files.import_()
        if conversation_id is not None:
            self.refresh_conversations()
            self.chat.open_conversation(conversation_id)

    # ------------------------------------------------------------------ answers
    def _send(self, text: str) -> None:
        if self.chat.send(text, self.attachments.attachments):
            self.attachments.clear()

    def _on_generating_changed(self, generating: bool) -> None:
        self._update_welcome()  # the first message of a new chat replaces the welcome page
        if generating:
            self.status.show_speed(None)  # the last answer's speed is not this one's

    def _on_answer_finished(self, stats: GenerationStats) -> None:
        loaded = self.model.loaded
        self.status.show_answer(stats, loaded.n_ctx if loaded is not None else None)
        if stats.error:
            self.notice.show_message(translated(stats.error))

    def _reload_model(self, options: LoadOptions) -> None:
        target = self.model.chosen
        if target is not None and not target.remote:  # a server loads its models itself
            self.choose_model(target, options)

    def choose_language(self, code: str) -> None:
        """Speak ``code`` ("" = the system's language) at once, and from now on."""
        self.settings.language = code
        self._save_settings()
        self.task_starter.language = code
        install_translations(QApplication.instance(), code)
        # Texts made of several pieces, counts ("5 minutes ago") and stored sentences are
        # made again: the translator only recognises whole texts it handed out.
        self.refresh_conversations()
        self.chat.redisplay()
        self._on_model_state_changed()

    def choose_appearance(self, appearance: str) -> None:
        """Look light, dark or as the system does, at once and from now on."""
        self.settings.appearance = appearance
        self._save_settings()
        set_appearance(QApplication.instance(), appearance)

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except LlamaDeskError as error:
            self.notice.show_message(translated(error))

    # ------------------------------------------------------------------ window
    def _update_welcome(self, has_models: bool | None = None) -> None:
        if has_models is not None:
            self._has_models = has_models
        has_messages = self.view.message_count() > 0
        if self.model.loading is not None:
            self.welcome.set_state("loading", model=self.model.loading.name)
        elif self.model.loaded is not None:
            self.welcome.set_state("ready", model=self.model.loaded_choice.name)
        elif self._has_models:
            self.welcome.set_state("choose_model")
        else:
            self.welcome.set_state("no_models", folder=str(self._models_folder()))
        task = self.chat.session.task
        if task is not None and not has_messages:
            title = self.store.get_conversation(self.chat.conversation_id).title
            self.welcome.set_task(title, introduction(task))
        self.pages.setCurrentWidget(self.view if has_messages else self.welcome)

    def bring_forward(self, model: str = "") -> None:
        """LlamaDesk was started again: show this window (and open ``model``, if given)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if model:
            self.load_model(Path(model))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_icons()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        save_layout(self, self.splitter)
        self.chat.shutdown()
        self.attachments.shutdown()
        self.server.shutdown()
        self.engine.shutdown()
        self.tasks.shutdown(wait=False)
        super().closeEvent(event)
