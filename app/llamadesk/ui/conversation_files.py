"""Conversations to and from files: export as Markdown or JSON, import JSON."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.store import Store
from llamadesk.ui.common import NoticeBar, translated


class ConversationFiles(QObject):
    def __init__(self, window: QWidget, store: Store, notice: NoticeBar) -> None:
        super().__init__(window)
        self._window, self.store, self.notice = window, store, notice

    def export(self, conversation_id: int | None, kind: str) -> None:
        """Save a conversation as Markdown or JSON where the user chooses."""
        if conversation_id is None:
            self.notice.show_message(self.tr("Open a conversation to export it."), kind="info")
            return
        title = self.store.get_conversation(conversation_id).title or "conversation"
        suffix, filters = (
            (".md", self.tr("Markdown (*.md)"))
            if kind == "markdown"
            else (".json", self.tr("JSON (*.json)"))
        )
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip()
        target, _ = QFileDialog.getSaveFileName(
            self._window,
            self.tr("Export conversation"),
            str(Path.home() / (safe + suffix)),
            filters,
        )
        if not target:
            return
        text = (
            self.store.export_markdown(conversation_id)
            if kind == "markdown"
            else self.store.export_json(conversation_id)
        )
        try:
            Path(target).write_text(text, encoding="utf-8")
        except OSError as error:
            self.notice.show_message(
                self.tr("Could not save {path}: {reason}").format(
                    path=target, reason=error.strerror or error
                )
            )
            return
        self.notice.show_message(
            self.tr("Exported to {path}").format(path=target), kind="info", timeout_ms=8000
        )

    def import_(self) -> int | None:
        """Import a JSON export as a new conversation; returns its id."""
        source, _ = QFileDialog.getOpenFileName(
            self._window,
            self.tr("Import a conversation"),
            str(Path.home()),
            self.tr("JSON (*.json)"),
        )
        if not source:
            return None
        try:
            conversation = self.store.import_json_file(source)
        except LlamaDeskError as error:
            self.notice.show_message(translated(error))
            return None
        return conversation.id
