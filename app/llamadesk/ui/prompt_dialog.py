"""Show prompt: the exact text an answer's model read, for users who fight templates.

"Show prompt" on an answer asks the engine to render that answer's history with the
settings the answer recorded, and shows the result: the text with the template's markup,
its size in tokens against the context window, how many old messages were left out to
fit, and whether the model's template had to be replaced.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core.chat import ModelState
from llamadesk.core.engine import PromptPreview
from llamadesk.ui.chat_controller import ChatController
from llamadesk.ui.common import translated
from llamadesk.ui.engine_client import EngineClient


class PromptDialog(QDialog):
    """One prompt, read-only, with its figures and a Copy button."""

    def __init__(self, preview: PromptPreview, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptDialog")
        self.setWindowTitle(self.tr("Prompt"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.summary = QLabel(summary(preview), self)
        self.summary.setObjectName("promptSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        lines = [note] if note else []
        if preview.warning:
            lines.append(translated(preview.warning))
        self.note = QLabel("\n".join(lines), self)
        self.note.setObjectName("promptNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(lines))
        layout.addWidget(self.note)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("promptText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setPlainText(preview.text)
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(
            self.tr("Copy"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(preview.text))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def summary(preview: PromptPreview) -> str:
    """E.g. "1,234 of 4,096 tokens of the context window. 2 old messages were left out…"."""
    locale = QLocale()
    if preview.n_ctx:
        text = QCoreApplication.translate(
            "PromptDialog", "{tokens} of {n_ctx} tokens of the context window."
        ).format(tokens=locale.toString(preview.tokens), n_ctx=locale.toString(preview.n_ctx))
    else:  # a server that does not say its context size
        text = QCoreApplication.translate("PromptDialog", "%n token(s).", "", preview.tokens)
    if preview.dropped_messages:
        count = preview.dropped_messages
        text += " " + QCoreApplication.translate(
            "PromptDialog", "Left out to fit the context window: %n old message(s).", "", count
        )
    return text


class PromptViewer(QObject):
    """Shows the prompt of the answer the conversation view asks about."""

    error = Signal(str)  # a sentence for the user: no prompt can be shown

    def __init__(
        self, parent: QWidget, chat: ChatController, engine: EngineClient, model: ModelState
    ) -> None:
        super().__init__(parent)
        self._window, self._chat, self._model = parent, chat, model
        self._asked: dict[int, str] = {}  # request id -> the note to show with its answer
        self.dialog: PromptDialog | None = None
        chat.view.prompt_requested.connect(self.show_prompt)
        engine.prompt_previewed.connect(self._on_previewed)

    def show_prompt(self, answer_id: int) -> None:
        if not self._model.ready:
            self.error.emit(self.tr("Load a model to see the prompt it reads for this answer."))
            return
        written_by = next((m.model for m in self._chat.session.path if m.id == answer_id), None)
        note = ""
        if written_by and written_by != self._model.label:
            note = self.tr(
                "Shown as {loaded} reads it; this answer was written by {model}."
            ).format(loaded=self._model.label, model=written_by)
        self._asked[self._chat.preview_prompt(answer_id)] = note

    def _on_previewed(self, request_id: int, preview: PromptPreview | None, message) -> None:
        note = self._asked.pop(request_id, None)
        if note is None:
            return
        if preview is None:
            self.error.emit(translated(message))
            return
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = PromptDialog(preview, note, self._window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.show()

    def _forget_dialog(self) -> None:
        self.dialog = None
