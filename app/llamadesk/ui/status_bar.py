"""The status bar: which model, on which backend, how full the context is, how fast."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from llamadesk.core.engine import GenerationStats, LoadedModel, RemoteModel
from llamadesk.ui.common import translated


class ModelStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QLabel()
        self.backend = QLabel()
        self.context = QLabel()
        self.speed = QLabel()
        self.serving = QLabel()
        self.serving.setObjectName("serving")
        for label in (self.model, self.backend, self.context):
            self.addWidget(label)
        self.addPermanentWidget(self.serving)
        self.addPermanentWidget(self.speed)
        self.show_none()

    def show_none(self) -> None:
        self.model.setText(self.tr("No model loaded"))
        self.model.setToolTip("")
        self.backend.clear()
        self.context.clear()

    def show_loading(self, name: str) -> None:
        self.model.setText(self.tr("Loading {name}…").format(name=name))

    def show_model(self, loaded: LoadedModel | RemoteModel, name: str, label: str) -> None:
        """``name``: the model as the picker names it (its file, or the server's name);
        ``label``: as its answers are labelled (the name in its header)."""
        self.model.setText(name)
        local = isinstance(loaded, LoadedModel)
        self.model.setToolTip(f"{label}\n{loaded.path if local else loaded.base_url}")
        backend = translated(loaded.backend)
        if local and loaded.layers_offloaded:
            backend += " " + self.tr("{done}/{total} layers").format(
                done=loaded.layers_offloaded, total=loaded.layers_total
            )
        self.backend.setText(backend)
        self.backend.setToolTip(translated(loaded.offload_summary))  # why not more on the GPU

    def show_context(self, used: int, n_ctx: int | None) -> None:
        """How full the context window is: live while an answer streams, and for the
        conversation shown (as its last answer left it). A server that does not say its
        context size: only the tokens."""
        if not n_ctx:
            self.context.setText(self.tr("Context: {used} tokens").format(used=f"{used:,}"))
            return
        self.context.setText(
            self.tr("Context: {used} / {size} ({percent}%)").format(
                used=f"{used:,}", size=f"{n_ctx:,}", percent=round(100 * used / n_ctx)
            )
        )
        self.context.setToolTip(
            self.tr("Tokens of this conversation in the model's context window")
        )

    def show_serving(self, serving: bool) -> None:
        """Whether the model is answering a request of the local server right now."""
        self.serving.setText(self.tr("Answering an API request…") if serving else "")

    def show_answer(self, stats: GenerationStats, n_ctx: int | None) -> None:
        if n_ctx:
            self.show_context(stats.context_used, n_ctx)
        self.show_speed(stats.tokens_per_second)

    def show_speed(self, tokens_per_second: float | None) -> None:
        """How fast the answer is written (live while it streams); None: not known yet."""
        if tokens_per_second is None:
            self.speed.clear()
        else:
            self.speed.setText(self.tr("{speed:.1f} tokens/s").format(speed=tokens_per_second))
