"""The main window remembers its size, position, dock and splitter layout between runs, and
whether answers' reasoning is shown unfolded."""

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
    state = _state()
    state.setValue("thinking_expanded", expanded)
    state.sync()
