"""The About box: the version of LlamaDesk and of the llama.cpp it runs on."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        QCoreApplication.translate("MainWindow", "About LlamaDesk"),
        QCoreApplication.translate(
            "MainWindow",
            "<h3>LlamaDesk {version}</h3><p>Chat with language models that run "
            "entirely on your own computer.</p><p>llama.cpp through llama-cpp-python "
            "{llama}.</p>",
        ).format(version=metadata.version("llamadesk"), llama=metadata.version("llama-cpp-python")),
    )
