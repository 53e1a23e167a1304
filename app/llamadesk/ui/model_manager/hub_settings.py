"""Hub settings in the model manager: the Hub address (a mirror; HF_ENDPOINT is honoured),
the access token (in the system keychain; without one, the user chooses this session only
or a file only they can read), the models folder and extra folders, offline mode."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core.hub import (
    DEFAULT_ENDPOINT,
    TOKEN_PAGE,
    CredentialsError,
    HubConfig,
    Storage,
    TokenStore,
    keychain_status,
    token_hint,
)
from llamadesk.core.paths import models_dir
from llamadesk.core.settings import Settings
from llamadesk.ui.common import TaskRunner, translated
from llamadesk.ui.model_manager.key_storage import KeyStorageChoice
from llamadesk.ui.model_manager.style import Banner, muted_label, title_label

_ENDPOINT = re.compile(r"https?://[^\s/]+(/\S*)?", re.IGNORECASE)


class HubSettingsPage(QWidget):
    changed = Signal()  # a setting changed and was saved
    token_changed = Signal()

    def __init__(
        self,
        settings: Settings,
        save: Callable[[], None],
        runner: TaskRunner,
        tokens: TokenStore,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings, self._save, self._runner, self.tokens = settings, save, runner, tokens
        self.keychain: bool | None = None

        self.endpoint = QLineEdit(settings.hub_endpoint)
        self.endpoint.setObjectName("hubField")
        self.endpoint.setPlaceholderText(DEFAULT_ENDPOINT)
        self.endpoint.editingFinished.connect(self._on_endpoint)
        self.endpoint_note = muted_label()
        self.endpoint_error = QLabel()
        self.endpoint_error.setObjectName("errorText")
        self.endpoint_error.hide()

        self.token_status = muted_label()
        self.token = QLineEdit()
        self.token.setObjectName("hubField")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("Paste an access token (hf_…)"))
        self.token.returnPressed.connect(self.save_token)
        self.save_token_button = QPushButton(self.tr("Save token"))
        self.save_token_button.setObjectName("primaryButton")
        self.save_token_button.clicked.connect(self.save_token)
        self.remove_token_button = QPushButton(self.tr("Remove"))
        self.remove_token_button.setObjectName("secondaryButton")
        self.remove_token_button.clicked.connect(self.remove_token)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.save_token_button)
        token_row.addWidget(self.remove_token_button)
        self.no_keychain = Banner()
        self.choice_box = KeyStorageChoice()
        token_help = QLabel(
            self.tr(
                "Needed for gated models (accept their licence on the Hub first) and private "
                'ones. Create a read token at <a href="{url}">{url}</a>.'
            ).format(url=TOKEN_PAGE)
        )
        token_help.setObjectName("muted")
        token_help.setWordWrap(True)
        token_help.setOpenExternalLinks(True)
        self.token_banner = Banner()

        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        change = QPushButton(self.tr("Change…"))
        change.setObjectName("secondaryButton")
        change.clicked.connect(self.choose_models_folder)
        self.default_folder_button = QPushButton(self.tr("Use the default"))
        self.default_folder_button.setObjectName("secondaryButton")
        self.default_folder_button.clicked.connect(lambda: self.set_models_folder(None))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(change)
        folder_row.addWidget(self.default_folder_button)
        self.folders = QListWidget()
        self.folders.setObjectName("folderList")
        self.folders.setMaximumHeight(90)
        self.remove_folder_button = QPushButton(self.tr("Stop looking in this folder"))
        self.remove_folder_button.setObjectName("secondaryButton")
        self.remove_folder_button.clicked.connect(self._remove_folder)

        self.offline = QCheckBox(self.tr("Offline mode: never connect to the internet"))
        self.offline.setChecked(settings.offline)
        self.offline.toggled.connect(self.set_offline)
        self.offline_note = muted_label()

        column = QVBoxLayout()
        column.setSpacing(6)

        def field(text: str) -> QLabel:
            label = QLabel(text)
            label.setObjectName("cardTitle")
            return label

        column.addWidget(title_label(self.tr("Hugging Face Hub"), "sectionTitle"))
        column.addWidget(field(self.tr("Hub address")))
        column.addWidget(self.endpoint)
        column.addWidget(self.endpoint_error)
        column.addWidget(self.endpoint_note)
        column.addSpacing(10)
        column.addWidget(field(self.tr("Access token")))
        column.addLayout(token_row)
        column.addWidget(self.token_status)
        column.addWidget(self.no_keychain)
        column.addWidget(self.choice_box)
        column.addWidget(self.token_banner)
        column.addWidget(token_help)
        column.addSpacing(10)
        column.addWidget(self.offline)
        column.addWidget(self.offline_note)
        column.addSpacing(16)
        column.addWidget(title_label(self.tr("Folders"), "sectionTitle"))
        column.addWidget(field(self.tr("Models folder")))
        column.addLayout(folder_row)
        column.addWidget(
            muted_label(
                self.tr(
                    "Downloads and imported copies go here. Unfinished downloads stay "
                    "where they started."
                )
            )
        )
        column.addSpacing(10)
        column.addWidget(field(self.tr("Also look in")))
        column.addWidget(self.folders)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_folder_button)
        column.addLayout(remove_row)
        holder = QWidget()
        holder.setObjectName("pageHolder")
        outer = QVBoxLayout(holder)
        outer.setContentsMargins(0, 0, 12, 0)
        outer.addWidget(title_label(self.tr("Settings")))
        outer.addLayout(column)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.refresh()

    # ---------------------------------------------------------------- showing
    def refresh(self) -> None:
        env = os.environ.get("HF_ENDPOINT", "").strip()
        self.endpoint_note.setText(
            self.tr(
                "Leave it empty for {env}. Where the Hub is blocked or slow, a mirror such as "
                "https://hf-mirror.com works."
            ).format(
                env=self.tr("HF_ENDPOINT from the environment ({url})").format(url=env)
                if env
                else DEFAULT_ENDPOINT
            )
        )
        env_offline = HubConfig().is_offline()
        self.offline.blockSignals(True)
        self.offline.setChecked(self.settings.offline or env_offline)
        self.offline.setEnabled(not env_offline)
        self.offline.blockSignals(False)
        self.offline_note.setText(
            self.tr("HF_HUB_OFFLINE is set in the environment, so LlamaDesk stays offline.")
            if env_offline
            else self.tr("Models on this computer keep working; searching and downloading stop.")
        )
        folder = self.settings.models_folder
        self.folder_label.setText(str(folder or models_dir()))
        self.default_folder_button.setEnabled(folder is not None)
        self.folders.clear()
        for extra in self.settings.models_dirs:
            self.folders.addItem(str(extra))
        self.remove_folder_button.setEnabled(bool(self.settings.models_dirs))
        self.refresh_token()

    def refresh_token(self) -> None:
        """Where the token is, and whether a keychain exists (asked off the GUI thread)."""
        self._runner.run(
            lambda: (keychain_status(), self.tokens.lookup()),
            on_done=self._on_token_state,
            on_error=lambda message, _e: self.token_banner.show_message(message),
        )

    def _on_token_state(self, state) -> None:
        (available, why), (token, where) = state
        self.keychain = available
        places = {
            Storage.KEYCHAIN: self.tr("Saved in the system keychain ({hint})."),
            Storage.SESSION: self.tr("Kept for this session only ({hint})."),
            Storage.FILE: self.tr("Saved in a file only you can read ({hint}): {path}"),
        }
        if token and where is not None:
            text = places[where].format(hint=token_hint(token), path=self.tokens.file_path)
        elif os.environ.get("HF_TOKEN"):
            text = self.tr("No token saved here; HF_TOKEN from the environment is used.")
        else:
            text = self.tr("No token saved.")
        self.token_status.setText(text)
        self.remove_token_button.setEnabled(bool(token))
        if available:
            self.no_keychain.hide()
            self.choice_box.hide()
        else:
            self.no_keychain.show_message(
                self.tr("{why} Choose where LlamaDesk keeps the token:").format(
                    why=translated(why)
                ),
                "warning",
            )
            self.choice_box.offer(self.tokens.file_path)

    # ---------------------------------------------------------------- changes
    def _on_endpoint(self) -> None:
        text = self.endpoint.text().strip()
        if text and not _ENDPOINT.fullmatch(text):
            self.endpoint_error.setText(
                self.tr("Enter a web address starting with https:// (or leave it empty).")
            )
            self.endpoint_error.show()
            return
        self.endpoint_error.hide()
        if text != self.settings.hub_endpoint:
            self.settings.hub_endpoint = text
            self._changed()

    def save_token(self) -> None:
        token = self.token.text().strip()
        if not token:
            return
        storage = self.choice_box.storage() if self.keychain is False else None
        self.token_banner.hide()
        self._runner.run(
            lambda: self.tokens.save(token, storage),
            on_done=lambda _where: self._on_token_saved(),
            on_error=self._on_token_error,
        )

    def _on_token_saved(self) -> None:
        self.token.clear()
        self.refresh_token()
        self.token_changed.emit()

    def _on_token_error(self, message: str, error: BaseException) -> None:
        self.token_banner.show_message(message)
        if isinstance(error, CredentialsError) and error.reason == "no_keychain":
            self.refresh_token()  # shows the choice

    def remove_token(self) -> None:
        self._runner.run(
            self.tokens.clear,
            on_done=lambda _r: self._on_token_saved(),
            on_error=self._on_token_error,
        )

    def set_offline(self, offline: bool) -> None:
        if offline != self.settings.offline:
            self.settings.offline = offline
            self._changed()

    def choose_models_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            self.tr("Choose the models folder"),
            str(self.settings.models_folder or models_dir()),
        )
        if folder:
            self.set_models_folder(Path(folder))

    def set_models_folder(self, folder: Path | None) -> None:
        if folder != self.settings.models_folder:
            self.settings.models_folder = folder
            self._changed()

    def _remove_folder(self) -> None:
        item = self.folders.currentItem() or self.folders.item(0)
        if item is None:
            return
        self.settings.models_dirs = [f for f in self.settings.models_dirs if str(f) != item.text()]
        self._changed()

    def _changed(self) -> None:
        self._save()
        self.refresh()
        self.changed.emit()
