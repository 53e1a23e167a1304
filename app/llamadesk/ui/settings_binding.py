"""Keeps the settings panel, the global settings and the open conversation's overrides in step.

The panel edits either the defaults for new conversations or the open conversation's
own overrides (its scope); changes go to the settings file or the conversation's row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from PySide6.QtCore import QObject, Signal

from llamadesk.core.engine import PRESETS, ReasoningOptions, SamplingParams
from llamadesk.core.machine import LoadOptions
from llamadesk.core.settings import BUILTIN_SYSTEM_PROMPTS, Settings
from llamadesk.core.store import Store
from llamadesk.ui.chat_controller import ChatController
from llamadesk.ui.settings_panel import SettingsPanel


class SettingsBinding(QObject):
    reload_requested = Signal(object)  # LoadOptions: load the current model again with these

    def __init__(
        self,
        panel: SettingsPanel,
        settings: Settings,
        store: Store,
        chat: ChatController,
        save: Callable[[], None],
        model_key: Callable[[], str | None] = lambda: None,
    ) -> None:
        """``model_key()``: the model chosen (its ModelChoice key), whose context size, GPU
        layers and sampling are remembered as they change."""
        super().__init__(panel)
        self._model_key = model_key
        self.panel, self.settings, self.store, self.chat, self._save = (
            panel,
            settings,
            store,
            chat,
            save,
        )
        panel.system_prompt_changed.connect(lambda text: self._store("system_prompt", text))
        panel.sampling_changed.connect(lambda params: self._store("sampling", params))
        panel.reasoning_changed.connect(lambda options: self._store("reasoning", options))
        panel.load_options_applied.connect(self._on_load_options_applied)
        panel.scope_changed.connect(lambda _scope: self.refresh())
        panel.reset_conversation_requested.connect(self._reset_conversation)
        panel.sampling_preset_saved.connect(self._save_sampling_preset)
        panel.system_prompt_preset_saved.connect(self._save_system_prompt_preset)
        panel.system_prompt_preset_deleted.connect(self._delete_system_prompt_preset)
        self.refresh()

    def show_conversation(self, conversation_id: int | None) -> None:
        self.panel.set_scope_available(conversation_id is not None)
        self.refresh()

    def refresh(self) -> None:
        settings = self.settings
        defaults = (settings.system_prompt, settings.sampling, settings.load, settings.reasoning)
        if self._scope() == "defaults":
            self.panel.set_values(*defaults)
        else:
            values = self.settings.effective(self.chat.conversation_overrides())
            self.panel.set_values(*values, defaults=defaults)
        self.panel.set_system_prompt_presets(
            dict(BUILTIN_SYSTEM_PROMPTS), self.settings.system_prompt_presets
        )
        self.panel.set_sampling_presets(dict(PRESETS), self.settings.sampling_presets)

    def _scope(self) -> str:
        if self.chat.conversation_id is None:
            return "defaults"
        return self.panel.scope()

    def _store(
        self, key: str, value: str | SamplingParams | LoadOptions | ReasoningOptions
    ) -> None:
        if self._scope() == "defaults":
            setattr(self.settings, key, value)
            model = self._model_key()
            if model is not None and key in ("sampling", "load"):
                self.settings.remember_model(model)
            self._save()
        else:
            overrides = dict(self.chat.conversation_overrides())
            overrides[key] = value if isinstance(value, str) else asdict(value)
            self.store.update_conversation_settings(self.chat.conversation_id, overrides)

    def _on_load_options_applied(self, options: LoadOptions) -> None:
        self._store("load", options)
        self.reload_requested.emit(options)

    def _reset_conversation(self) -> None:
        """The conversation takes the defaults again; what it was started for stays."""
        if self.chat.conversation_id is not None:
            kept = {k: v for k, v in self.chat.conversation_overrides().items() if k == "task"}
            self.store.update_conversation_settings(self.chat.conversation_id, kept)
            self.refresh()

    def _save_sampling_preset(self, name: str, params: SamplingParams) -> None:
        self.settings.sampling_presets[name] = params
        self._save()
        self.refresh()

    def _save_system_prompt_preset(self, name: str, text: str) -> None:
        self.settings.system_prompt_presets[name] = text
        self._save()
        self.refresh()

    def _delete_system_prompt_preset(self, name: str) -> None:
        self.settings.system_prompt_presets.pop(name, None)
        self._save()
        self.refresh()
