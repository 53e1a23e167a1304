"""Downloads: the queue with progress (bytes, speed, time left), pause, resume, cancel, the
retry state and errors that say what to do. Unfinished downloads found at startup appear
paused, with the bytes already on disk."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core.hub import Download, DownloadProgress, DownloadState
from llamadesk.core.units import format_bytes
from llamadesk.ui.common import icon, translated
from llamadesk.ui.model_manager.services import DownloadService
from llamadesk.ui.model_manager.style import format_duration, muted_label, plain_label, title_label

_ACTIVE = (
    DownloadState.QUEUED,
    DownloadState.CHECKING,
    DownloadState.DOWNLOADING,
    DownloadState.RETRYING,
    DownloadState.VERIFYING,
)
_TOKEN_REASONS = ("gated", "unauthorized", "forbidden", "not_found")


class DownloadRow(QFrame):
    """One download: name, progress bar, status line, actions."""

    pause_clicked = Signal(object)
    resume_clicked = Signal(object)
    cancel_clicked = Signal(object)
    remove_clicked = Signal(object)
    load_clicked = Signal(object)
    token_clicked = Signal()

    def __init__(self, download: Download, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("downloadRow")
        self.download = download
        variant = download.variant
        self.title = plain_label(variant.display_name)
        self.title.setObjectName("cardTitle")
        self.origin = muted_label(f"{variant.repo_id}  ·  {variant.quantization}", wrap=False)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.status = muted_label(wrap=True)
        self.error = plain_label()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        self.pause_button = self._button(self.tr("Pause"), "pause", colour, self.pause_clicked)
        self.resume_button = self._button(self.tr("Resume"), "play", colour, self.resume_clicked)
        self.cancel_button = self._button(self.tr("Cancel"), "close", colour, self.cancel_clicked)
        self.remove_button = self._button(self.tr("Remove"), "close", colour, self.remove_clicked)
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.setObjectName("primaryButton")
        self.load_button.clicked.connect(lambda: self.load_clicked.emit(self.download))
        self.token_button = QPushButton(self.tr("Set an access token"))
        self.token_button.setObjectName("secondaryButton")
        self.token_button.clicked.connect(self.token_clicked)
        self.cancel_button.setToolTip(self.tr("Stop and delete the partial file"))
        self.remove_button.setToolTip(self.tr("Remove from this list (the model stays)"))
        self.pause_button.setToolTip(self.tr("Stop for now; the partial file is kept"))
        self.resume_button.setToolTip(self.tr("Go on from where it stopped"))

        heading = QHBoxLayout()
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.origin)
        heading.addLayout(names, 1)
        for button in (
            self.token_button,
            self.load_button,
            self.pause_button,
            self.resume_button,
            self.cancel_button,
            self.remove_button,
        ):
            heading.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(heading)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.error)

    def _button(self, text: str, icon_name: str, colour, signal) -> QPushButton:
        button = QPushButton(icon(icon_name, colour), text)
        button.setObjectName("secondaryButton")
        button.clicked.connect(lambda: signal.emit(self.download))
        return button

    def update_progress(self, progress: DownloadProgress, restored: int | None = None) -> None:
        state = progress.state
        done = restored if restored is not None else progress.done
        total = progress.total
        if total:
            self.bar.setValue(round(1000 * min(done, total) / total))
        self.bar.setRange(0, 0 if state == DownloadState.CHECKING else 1000)
        amount = (
            self.tr("{done} of {total}").format(done=format_bytes(done), total=format_bytes(total))
            if total
            else format_bytes(done)
        )
        part = (
            self.tr(" · part {part} of {parts}").format(part=progress.part, parts=progress.parts)
            if progress.parts > 1 and state in _ACTIVE
            else ""
        )
        texts = {
            DownloadState.QUEUED: self.tr("Waiting to start…"),
            DownloadState.CHECKING: self.tr("Checking the part already downloaded…"),
            DownloadState.VERIFYING: self.tr("Verifying the size and checksum…"),
            DownloadState.PAUSED: self.tr("Paused · {amount}").format(amount=amount),
            DownloadState.CANCELLED: self.tr("Cancelled"),
            DownloadState.DONE: self.tr("Downloaded and verified · {size}").format(
                size=format_bytes(total or done)
            ),
            DownloadState.FAILED: self.tr("Stopped · {amount}").format(amount=amount),
            DownloadState.RETRYING: self.tr("Connection problem · {amount}").format(amount=amount),
        }
        if state == DownloadState.DOWNLOADING:
            bits = [amount]
            if progress.speed:
                bits.append(self.tr("{speed}/s").format(speed=format_bytes(round(progress.speed))))
            if progress.eta is not None:
                bits.append(self.tr("{time} left").format(time=format_duration(progress.eta)))
            text = "  ·  ".join(bits)
        else:
            text = texts.get(state, str(state))
        self.status.setText(text + part)
        error = self.download.error
        message = translated(progress.message) if state == DownloadState.RETRYING else ""
        if state == DownloadState.FAILED:
            message = translated(error if error is not None else progress.message)
        self.error.setText(message)
        self.error.setVisible(bool(message))
        reason = getattr(error, "reason", "")
        self.token_button.setVisible(state == DownloadState.FAILED and reason in _TOKEN_REASONS)
        self.pause_button.setVisible(state in _ACTIVE)
        self.resume_button.setVisible(state in (DownloadState.PAUSED, DownloadState.FAILED))
        self.resume_button.setText(
            self.tr("Try again") if state == DownloadState.FAILED else self.tr("Resume")
        )
        self.cancel_button.setVisible(state not in (DownloadState.DONE, DownloadState.CANCELLED))
        self.remove_button.setVisible(state in (DownloadState.DONE, DownloadState.CANCELLED))
        self.load_button.setVisible(state == DownloadState.DONE and download_is_model(self))


def download_is_model(row: DownloadRow) -> bool:
    return row.download.variant.kind == "model"


class DownloadsPage(QWidget):
    load_requested = Signal(object)  # Path
    token_settings_requested = Signal()

    def __init__(self, service: DownloadService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.rows: dict[Download, DownloadRow] = {}
        self.empty = muted_label(
            self.tr("Nothing is downloading. Find a model in Discover and choose Download.")
        )
        self._list = QVBoxLayout()
        self._list.setSpacing(8)
        holder = QWidget()
        holder.setObjectName("pageHolder")
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 6, 0)
        column.addLayout(self._list)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(title_label(self.tr("Downloads")))
        layout.addWidget(
            muted_label(
                self.tr(
                    "Downloads resume where they stopped, also after LlamaDesk is closed; each "
                    "file is checked (size and checksum) before it appears in the Library."
                )
            )
        )
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        service.added.connect(self._on_added)
        service.changed.connect(self._on_changed)
        for download in service.downloads:
            self._on_added(download)

    def _on_added(self, download: Download) -> None:
        if download in self.rows:
            return
        row = DownloadRow(download)
        row.pause_clicked.connect(self.service.pause)
        row.resume_clicked.connect(self.service.resume)
        row.cancel_clicked.connect(self.service.cancel)
        row.remove_clicked.connect(self._remove)
        row.load_clicked.connect(lambda d: self.load_requested.emit(d.path))
        row.token_clicked.connect(self.token_settings_requested)
        self.rows[download] = row
        self._list.insertWidget(0, row)
        self.empty.hide()
        row.update_progress(download.progress, self.service.restored.get(download))

    def _on_changed(self, download: Download) -> None:
        row = self.rows.get(download)
        if row is not None:  # rows are made on ``added``, which follows a first change
            row.update_progress(download.progress, self.service.restored.get(download))

    def _remove(self, download: Download) -> None:
        self.service.remove(download)
        row = self.rows.pop(download, None)
        if row is not None:
            row.deleteLater()
        self.empty.setVisible(not self.rows)

    def active_count(self) -> int:
        return sum(1 for d in self.rows if d.state in _ACTIVE)
