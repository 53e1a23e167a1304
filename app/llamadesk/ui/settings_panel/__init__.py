"""The settings panel: system prompt, sampling and how the model is loaded, for new chats
or for the open conversation."""

from llamadesk.ui.settings_panel.panel import SettingsPanel

__all__ = ["SettingsPanel"]
