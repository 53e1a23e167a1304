"""The main window remembers its size, position, dock and splitter layout between runs,
whether the conversations are shown and whether answers' reasoning is shown unfolded."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter

from llamadesk.core import paths

FIRST_SIZE = (1280, 820)


def _state() -> QSettings:
    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def restore_layout(window: QMainWindow, splitter: QSplitter, dock: QDockWidget) -> None:
    state = _state()
    geometry = state.value("geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        window.resize(*FIRST_SIZE)
    if state.value("windowState") is not None:
        window.restoreState(state.value("windowState"))
    else:
        dock.hide()  # a calm first start; the toolbar button shows it
    if state.value("splitter") is not None:
        splitter.restoreState(state.value("splitter"))


def save_layout(window: QMainWindow, splitter: QSplitter) -> None:
    state = _state()
    state.setValue("geometry", window.saveGeometry())
    state.setValue("windowState", window.saveState())
    state.setValue("splitter", splitter.saveState())
    state.sync()


def thinking_expanded() -> bool:
    """Whether answers' reasoning starts unfolded (the user's last choice; folded at first)."""
    return _state().value("thinking_expanded", False, type=bool)


def remember_thinking_expanded(expanded: bool) -> None:
    _remember("thinking_expanded", expanded)


def sidebar_shown() -> bool:
    """Whether the conversations are shown (the user's last choice; shown at first)."""
    return _state().value("sidebar_shown", True, type=bool)


def remember_sidebar_shown(shown: bool) -> None:
    _remember("sidebar_shown", shown)


def _remember(key: str, value: bool) -> None:
    state = _state()
    state.setValue(key, value)
    state.sync()
