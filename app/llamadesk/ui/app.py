"""Start the window: Qt application, translations, style, then the main window."""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from llamadesk.core import paths
from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.settings import Settings, load_settings
from llamadesk.core.store import Store
from llamadesk.ui.common import apply_style, install_translations, translated
from llamadesk.ui.single_instance import InstanceGuard

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("LlamaDesk")
    app.setOrganizationName("LlamaDesk")
    app.setApplicationDisplayName("LlamaDesk")
    QGuiApplication.setDesktopFileName("llamadesk")
    icon = paths.resources_dir() / "icons" / "llamadesk.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def open_main_window(
    settings: Settings, warnings: list[str], model: Path | None = None, verbose: bool = False
):
    """Build the main window (the caller keeps it alive and shows it); ``verbose`` echoes
    llama.cpp's own log."""
    from llamadesk.ui.main_window import MainWindow

    store = Store()
    window = MainWindow(settings, store, warnings, verbose=verbose)
    target = model or (
        settings.last_model if settings.last_model and Path(settings.last_model).exists() else None
    )
    if target is not None:
        window.load_model(Path(target))
    return window


def run(model: Path | None = None, verbose: bool = False) -> int:
    """Run the desktop application until its window closes (or, when it is running
    already, bring that window forward)."""
    app = create_application()
    guard = InstanceGuard(paths.data_dir() / "instance")
    if not guard.acquire():
        guard.ask_running(model)
        print("LlamaDesk is running already: its window comes to the front.", file=sys.stderr)
        return 0
    settings, warnings = load_settings()
    install_translations(app, settings.language)
    apply_style(app, settings.appearance)
    try:
        window = open_main_window(settings, warnings, model, verbose)
    except LlamaDeskError as error:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "LlamaDesk", translated(error))
        return 1
    guard.activated.connect(window.bring_forward)
    window.show()
    gc.freeze()  # start-up objects live forever: keep them out of the collector's way
    try:
        return app.exec()
    finally:
        guard.release()
