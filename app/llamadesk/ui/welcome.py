"""What an empty conversation shows: the next step, never a blank screen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from llamadesk.ui.task_starters import TaskCards


class ButtonRow(QWidget):
    """Buttons side by side and centred; one above the other where a narrow window has no
    room for them side by side."""

    def __init__(self, *buttons: QPushButton) -> None:
        super().__init__()
        self._buttons = buttons
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        for button in buttons:
            self._layout.addWidget(button)
        self._layout.addStretch(1)

    def _shown(self) -> list[QPushButton]:
        return [button for button in self._buttons if not button.isHidden()]

    def minimumSizeHint(self) -> QSize:
        widest = max((button.sizeHint().width() for button in self._shown()), default=0)
        return QSize(widest, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        shown = self._shown()
        side_by_side = sum(button.sizeHint().width() for button in shown)
        side_by_side += self._layout.spacing() * max(0, len(shown) - 1)
        self._layout.setDirection(
            QBoxLayout.Direction.LeftToRight
            if event.size().width() >= side_by_side
            else QBoxLayout.Direction.TopToBottom
        )
        super().resizeEvent(event)


class WelcomePage(QWidget):
    download_requested = Signal()  # the user wants one of the recommended models
    open_file_requested = Signal()
    open_models_folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.title = QLabel()
        self.title.setObjectName("welcomeTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)  # a narrow window: two lines, not a cut
        self.body = QLabel()
        self.body.setObjectName("welcomeBody")
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.download_button = QPushButton(self.tr("Download a recommended model"))
        self.download_button.setObjectName("primaryButton")
        self.download_button.setToolTip(
            self.tr("Choose one of the chat models LlamaDesk recommends and download it")
        )
        self.download_button.clicked.connect(self.download_requested)
        self.open_button = QPushButton(self.tr("Open a GGUF file…"))
        self.open_button.setObjectName("secondaryButton")
        self.open_button.setToolTip(
            self.tr("Load a model file (.gguf) from anywhere on this computer")
        )
        self.open_button.clicked.connect(self.open_file_requested)
        self.folder_button = QPushButton(self.tr("Open the models folder"))
        self.folder_button.setObjectName("secondaryButton")
        self.folder_button.setToolTip(
            self.tr("Model files placed in this folder appear in the model list")
        )
        self.folder_button.clicked.connect(self.open_models_folder_requested)
        download = QHBoxLayout()  # the first step, on a line of its own
        download.addStretch(1)
        download.addWidget(self.download_button)
        download.addStretch(1)
        buttons = ButtonRow(self.open_button, self.folder_button)
        self.tasks = TaskCards()  # the task starters, beside open chat
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(self.title)
        column.addWidget(self.body)
        column.addSpacing(8)
        column.addLayout(download)
        column.addWidget(buttons)
        column.addSpacing(12)
        column.addWidget(self.tasks)
        holder = QWidget()
        holder.setMaximumWidth(560)
        holder.setLayout(column)
        row = QHBoxLayout()  # centred by stretches: an alignment flag would squeeze the
        row.addStretch(1)  # word-wrapped text to its narrowest and clip it
        row.addWidget(holder, 4)
        row.addStretch(1)
        content = QWidget()  # centred while it fits; in a short window it scrolls, never cut
        content.setObjectName("welcomeContent")
        page = QVBoxLayout(content)
        page.setContentsMargins(4, 12, 4, 12)  # narrow: beside a side panel in 760 px
        page.addStretch(2)
        page.addLayout(row)
        page.addStretch(3)
        scroll = QScrollArea()
        scroll.setObjectName("welcomeScroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self._content, self._scroll = content, scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.set_state("no_models")

    def minimumSizeHint(self) -> QSize:
        """As wide as the content needs (a scroll area alone would let a side panel squeeze
        it and cut its buttons); as short as the scroll area allows."""
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        return QSize(
            self._content.minimumSizeHint().width() + bar, super().minimumSizeHint().height()
        )

    def set_state(self, state: str, model: str = "", folder: str = "") -> None:
        """``state``: "no_models", "choose_model", "loading" or "ready"."""
        buttons = state in ("no_models", "choose_model")
        self.open_button.setVisible(buttons)
        self.download_button.setVisible(state == "no_models")
        self.folder_button.setVisible(state == "no_models")
        self.tasks.setVisible(state in ("choose_model", "ready"))
        if state == "no_models":
            self.title.setText(self.tr("Welcome to LlamaDesk"))
            self.body.setText(
                self.tr(
                    "Chat with AI models that run entirely on this computer: nothing you type "
                    "leaves it. To begin you need a model file in GGUF format, for example "
                    "Llama 3.2 1B Instruct in Q4_K_M (about 0.8 GB). Open one, or put .gguf "
                    "files in the models folder:\n{folder}"
                ).format(folder=folder)
            )
        elif state == "choose_model":
            self.title.setText(self.tr("Choose a model"))
            self.body.setText(
                self.tr("Pick a model in the toolbar above to start chatting, or open a file.")
            )
        elif state == "loading":
            self.title.setText(self.tr("Loading {model}…").format(model=model))
            self.body.setText(self.tr("Large models can take a little while to load."))
        else:
            self.title.setText(self.tr("What can I help with?"))
            self.body.setText(
                self.tr("{model} is ready. Everything stays on this computer.").format(model=model)
            )

    def set_task(self, title: str, introduction: str) -> None:
        """An empty conversation started for a task: its name and what to do next."""
        self.open_button.hide()
        self.folder_button.hide()
        self.tasks.hide()
        self.title.setText(title)
        self.body.setText(introduction)
