"""The Server panel: serve the loaded model to other programs, and see what they ask.

A switch starts and stops the server; the address to give programs, the API key when it
is reachable from the local network, the model it serves, whether it is answering right
now, and a live log of the requests (time, client, endpoint, tokens, speed, status).
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llamadesk.server import DEFAULT_PORT, RequestRecord
from llamadesk.ui.server_panel.controller import MAX_LOG_ROWS, Running

MARGIN = 16


class ServerPanel(QWidget):
    start_requested = Signal(bool, int)  # local network, port
    stop_requested = Signal()
    new_key_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverPanel")
        self._running: Running | None = None
        self._model = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(12)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "hint")
        layout.addWidget(self.title)
        layout.addWidget(self.hint)

        self.switch = QPushButton()
        self.switch.setObjectName("primaryButton")
        self.switch.setCheckable(True)
        self.switch.clicked.connect(self._on_switch)
        layout.addWidget(self.switch, 0, Qt.AlignmentFlag.AlignLeft)

        form = QFormLayout()
        form.setHorizontalSpacing(MARGIN)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.reach = QComboBox()
        self.reach.setObjectName("reach")
        self.port = QSpinBox()
        self.port.setObjectName("port")
        self.port.setRange(1024, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.address.setReadOnly(True)
        self.copy_address = _secondary()
        self.copy_address.clicked.connect(lambda: self._copy(self.address.text()))
        self.key = QLineEdit()
        self.key.setObjectName("apiKey")
        self.key.setReadOnly(True)
        self.copy_key = _secondary()
        self.copy_key.clicked.connect(lambda: self._copy(self._running.key or ""))
        self.new_key = _secondary()
        self.new_key.clicked.connect(self.new_key_requested)
        self.model = QLabel()
        self.model.setObjectName("servedModel")
        self.model.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("serverStatus")
        self.labels = [QLabel() for _ in range(6)]
        form.addRow(self.labels[0], self.reach)
        form.addRow(self.labels[1], self.port)
        form.addRow(self.labels[2], _row(self.address, self.copy_address))
        form.addRow(self.labels[3], _row(self.key, self.copy_key, self.new_key))
        form.addRow(self.labels[4], self.model)
        form.addRow(self.labels[5], self.status)
        self.key_hint = QLabel()
        self.key_hint.setProperty("role", "hint")
        self.key_hint.setWordWrap(True)
        layout.addLayout(form)
        layout.addWidget(self.key_hint)

        self.log_title = QLabel()
        self.log_title.setFont(font)
        layout.addWidget(self.log_title)
        self.log = QTableWidget(0, 6)
        self.log.setObjectName("requestLog")
        self.log.verticalHeader().hide()
        self.log.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log.setShowGrid(False)
        self.log.setWordWrap(False)
        self.log.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.log.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        layout.addWidget(self.log, 1)
        self.retranslate()
        self.show_stopped()

    # ------------------------------------------------------------ what it shows
    def retranslate(self) -> None:
        self.title.setText(self.tr("Local server"))
        self.hint.setText(
            self.tr(
                "Let other programs (editors, Open WebUI, scripts using the openai package) "
                "use the loaded model through an OpenAI-compatible API. What a request leaves "
                "out, such as the temperature, follows your defaults in Settings."
            )
        )
        self.reach.clear()
        self.reach.addItem(self.tr("This computer only"), False)
        self.reach.addItem(self.tr("Local network (needs an API key)"), True)
        for label, text in zip(
            self.labels,
            (
                self.tr("Reachable from"),
                self.tr("Port"),
                self.tr("Address"),
                self.tr("API key"),
                self.tr("Model"),
                self.tr("Status"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.copy_address.setText(self.tr("Copy"))
        self.copy_key.setText(self.tr("Copy"))
        self.new_key.setText(self.tr("New key"))
        self.new_key.setToolTip(
            self.tr("Make a new key the next time the server starts: the old one stops working.")
        )
        self.log_title.setText(self.tr("Requests"))
        self.log.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Client"),
                self.tr("Endpoint"),
                self.tr("Tokens"),
                self.tr("Speed"),
                self.tr("Status"),
            ]
        )

    def set_settings(self, lan: bool, port: int) -> None:
        self.reach.setCurrentIndex(self.reach.findData(lan))
        self.port.setValue(port)

    def set_model(self, label: str | None) -> None:
        self._model = label or ""
        self.model.setText(label or self.tr("No model loaded: load one to serve it."))

    def set_answering(self, answering: bool) -> None:
        if self._running is not None:
            self.status.setText(
                self.tr("Answering a request…") if answering else self.tr("Listening")
            )

    def show_running(self, running: Running) -> None:
        self._running = running
        self.switch.setChecked(True)
        self.switch.setText(self.tr("Stop server"))
        self.address.setText(running.address)
        self.key.setText(_shown_key(running.key, full=running.new_key))
        has_key = running.key is not None
        for widget in (self.key, self.copy_key, self.new_key, self.labels[3]):
            widget.setVisible(has_key)
        if running.new_key:
            self.key_hint.setText(
                self.tr(
                    "A new API key was made and kept in the keychain. Give it to the programs "
                    "that call (as 'Authorization: Bearer KEY'); copy it now, it is shown in "
                    "full only once."
                )
            )
        elif has_key:
            self.key_hint.setText(self.tr("Programs on the local network must send this key."))
        self.key_hint.setVisible(has_key)
        # Serving this computer only, every client is this computer: room for the endpoint
        self.log.setColumnHidden(1, not running.lan)
        for widget in (self.reach, self.port):
            widget.setEnabled(False)
        self.status.setText(self.tr("Listening"))
        self.switch.setEnabled(True)

    def show_stopped(self, problem: str = "") -> None:
        self._running = None
        self.switch.setChecked(False)
        self.switch.setEnabled(True)
        self.switch.setText(self.tr("Start server"))
        self.address.setText("")
        for widget in (self.key, self.copy_key, self.new_key, self.labels[3], self.key_hint):
            widget.setVisible(False)
        for widget in (self.reach, self.port):
            widget.setEnabled(True)
        self.status.setText(problem or self.tr("Stopped"))

    def add_request(self, record: RequestRecord) -> None:
        if self.log.rowCount() >= MAX_LOG_ROWS:
            self.log.removeRow(self.log.rowCount() - 1)
        self.log.insertRow(0)
        tokens = (
            f"{record.prompt_tokens:,} + {record.completion_tokens:,}"
            if record.prompt_tokens or record.completion_tokens
            else ""
        )
        speed = (
            self.tr("{speed:.1f} tok/s").format(speed=record.tokens_per_second)
            if record.tokens_per_second
            else ""
        )
        cells = (
            time.strftime("%H:%M:%S", time.localtime(record.at)),
            record.client.rsplit(":", 1)[0],  # the address; its port says nothing to people
            record.endpoint.split(" /v1/")[-1],  # "chat/completions": the method is in the tip
            tokens,
            speed,
            str(record.status),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(record.endpoint if column == 2 else text)
            if column in (3, 4, 5):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.log.setItem(0, column, item)

    # ------------------------------------------------------------ events
    def _on_switch(self, checked: bool) -> None:
        self.switch.setEnabled(False)  # until the server says it started or stopped
        if checked:
            self.status.setText(self.tr("Starting…"))
            self.start_requested.emit(bool(self.reach.currentData()), self.port.value())
        else:
            self.stop_requested.emit()

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)


def _secondary() -> QPushButton:
    button = QPushButton()
    button.setObjectName("secondaryButton")
    return button


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    for index, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if index == 0 else 0)
    return holder


def _shown_key(key: str | None, full: bool) -> str:
    if key is None:
        return ""
    return key if full else key[:5] + "…" + key[-4:]
