"""The model manager window: Discover (Hub search and a repository's quantizations with
fit verdicts), Downloads, Library, Connections (servers on other computers) and Hub
settings."""

from llamadesk.ui.model_manager.window import ModelManager

__all__ = ["ModelManager"]
