"""Connections in the model manager: servers on this or other computers (llama-server, vLLM,
Ollama, LM Studio) whose models LlamaDesk can chat with. Each has a name, an address and an
optional API key (kept in the system keychain, or where the user chooses when there is
none; never in the settings file); Test says in a sentence what the server is and serves,
or what went wrong. Keychain and network calls run on the task runner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core.connections import (
    MAX_TIMEOUT,
    MIN_TIMEOUT,
    Connection,
    ConnectionReport,
    check_connection,
    is_offline,
    keys_folder,
    make_connection,
)
from llamadesk.core.engine import REMOTE_TIMEOUT
from llamadesk.core.errors import LlamaDeskError
from llamadesk.core.keychain import Storage, keychain_status, secret_hint
from llamadesk.core.settings import Settings
from llamadesk.ui.common import TaskRunner, translated, wheel_only_when_focused
from llamadesk.ui.model_manager.key_storage import KeyStorageChoice
from llamadesk.ui.model_manager.style import Banner, muted_label, title_label

ADDRESS_EXAMPLE = "http://192.168.1.20:8080/v1"


class ConnectionRow(QFrame):
    """A saved connection: its name, address, where its key is, the last test's sentence,
    and Test, Edit, Remove."""

    def __init__(self, connection: Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionRow")
        self.connection = connection
        self.title = QLabel(connection.name)
        self.title.setObjectName("cardTitle")
        self.details = muted_label(connection.base_url)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        self.test_button = QPushButton(self.tr("Test"))
        self.test_button.setObjectName("secondaryButton")
        self.test_button.setToolTip(self.tr("Contact the server and say what it serves"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setObjectName("secondaryButton")
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.setObjectName("secondaryButton")
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        for button in (self.test_button, self.edit_button, self.remove_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.result)

    def show_key(self, where: Storage | None, key: str | None) -> None:
        places = {
            Storage.KEYCHAIN: self.tr("API key in the system keychain ({hint})"),
            Storage.SESSION: self.tr("API key kept for this session only ({hint})"),
            Storage.FILE: self.tr("API key in a file only you can read ({hint})"),
        }
        if key and where is not None:
            key_text = places[where].format(hint=secret_hint(key))
        else:
            key_text = self.tr("no API key")
        timeout = self.tr("waits {seconds} s for an answer").format(
            seconds=f"{self.connection.timeout:g}"
        )
        self.details.setText(f"{self.connection.base_url}  ·  {key_text}  ·  {timeout}")

    def show_testing(self) -> None:
        self.test_button.setEnabled(False)
        self.result.setObjectName("muted")
        self._restyle_result(self.tr("Testing…"))

    def show_report(self, report: ConnectionReport) -> None:
        self.test_button.setEnabled(True)
        self.result.setObjectName("successText" if report.reachable else "errorText")
        self._restyle_result(translated(report.message))

    def _restyle_result(self, text: str) -> None:
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.setText(text)
        self.result.show()


class ConnectionEditor(QFrame):
    """The form to add a connection or edit one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionRow")
        self.heading = QLabel()
        self.heading.setObjectName("cardTitle")
        self.name = QLineEdit()
        self.name.setObjectName("hubField")
        self.name.setPlaceholderText(self.tr("office-gpu"))
        self.address = QLineEdit()
        self.address.setObjectName("hubField")
        self.address.setPlaceholderText(ADDRESS_EXAMPLE)
        self.key = QLineEdit()
        self.key.setObjectName("hubField")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.remove_key = QCheckBox(self.tr("Remove the saved API key"))
        self.no_keychain = Banner()
        self.storage = KeyStorageChoice()
        self.timeout = QSpinBox()
        self.timeout.setRange(int(MIN_TIMEOUT), int(MAX_TIMEOUT))
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setValue(int(REMOTE_TIMEOUT))
        wheel_only_when_focused(self.timeout)  # the page scrolls
        self.timeout.setToolTip(
            self.tr(
                "How long the server may stay silent while it reads a long conversation or "
                "loads the model"
            )
        )
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.hide()
        self.test_button = QPushButton(self.tr("Test"))
        self.test_button.setObjectName("secondaryButton")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("secondaryButton")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("primaryButton")

        def field(text: str) -> QLabel:
            label = QLabel(text)
            label.setObjectName("sectionTitle")
            return label

        timeout_row = QHBoxLayout()
        timeout_row.addWidget(self.timeout)
        timeout_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(field(self.tr("Name")))
        layout.addWidget(self.name)
        layout.addWidget(field(self.tr("Address")))
        layout.addWidget(self.address)
        layout.addWidget(
            muted_label(
                self.tr(
                    "The server's OpenAI-compatible address. llama-server: http://HOST:8080/v1, "
                    "Ollama: http://HOST:11434/v1, LM Studio: http://HOST:1234/v1, vLLM: "
                    "http://HOST:8000/v1."
                )
            )
        )
        layout.addWidget(field(self.tr("API key")))
        layout.addWidget(self.key)
        layout.addWidget(self.remove_key)
        layout.addWidget(self.no_keychain)
        layout.addWidget(self.storage)
        layout.addWidget(field(self.tr("Wait for an answer up to")))
        layout.addLayout(timeout_row)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        self.hide()

    def open(self, connection: Connection | None, saved_key: str | None) -> None:
        """Show the form for a new connection (None) or for ``connection``."""
        self.heading.setText(
            self.tr("New connection") if connection is None else self.tr("Edit connection")
        )
        self.name.setText(connection.name if connection else "")
        self.address.setText(connection.base_url if connection else "")
        self.timeout.setValue(round(connection.timeout) if connection else int(REMOTE_TIMEOUT))
        self.key.clear()
        self.key.setPlaceholderText(
            self.tr("Saved ({hint}); type a new key to replace it").format(
                hint=secret_hint(saved_key)
            )
            if saved_key
            else self.tr("Only if the server asks for one")
        )
        self.remove_key.setChecked(False)
        self.remove_key.setVisible(bool(saved_key))
        self.error.hide()
        self.result.hide()
        self.show()
        self.name.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def show_report(self, report: ConnectionReport) -> None:
        self.test_button.setEnabled(True)
        self.result.setObjectName("successText" if report.reachable else "errorText")
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.setText(translated(report.message))
        self.result.show()


class ConnectionsPage(QWidget):
    changed = Signal()  # connections were added, edited or removed, and saved
    tested = Signal(object)  # a ConnectionReport arrived (for tests)

    def __init__(
        self,
        settings: Settings,
        save: Callable[[], None],
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings, self._save, self._runner = settings, save, runner
        self.keychain: bool | None = None
        self.rows: dict[str, ConnectionRow] = {}  # by connection id
        self.editing: Connection | None = None  # the one in the editor (None: a new one)
        self.offline_banner = Banner()
        self.banner = Banner()
        self.empty = muted_label(
            self.tr(
                "No connections yet. Add one to chat with the models of a llama-server, "
                "Ollama, LM Studio or vLLM on this or another computer."
            )
        )
        self.add_button = QPushButton(self.tr("Add a connection"))
        self.add_button.setObjectName("primaryButton")
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.editor = ConnectionEditor()
        self.editor.save_button.clicked.connect(self.save_editor)
        self.editor.cancel_button.clicked.connect(self.close_editor)
        self.editor.test_button.clicked.connect(self.test_editor)
        self.editor.address.returnPressed.connect(self.save_editor)
        self._list = QVBoxLayout()
        self._list.setSpacing(8)

        holder = QWidget()
        holder.setObjectName("pageHolder")
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(10)
        column.addWidget(title_label(self.tr("Connections")))
        column.addWidget(
            muted_label(
                self.tr(
                    "Models served by llama-server, vLLM, Ollama or LM Studio, on this computer "
                    "or another, appear in the model picker beside the models on this computer. "
                    "The server applies each model's chat template and settings."
                )
            )
        )
        column.addWidget(self.offline_banner)
        column.addWidget(self.banner)
        column.addLayout(self._list)
        column.addWidget(self.empty)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        column.addLayout(add_row)
        column.addWidget(self.editor)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.refresh()

    # ---------------------------------------------------------------- showing
    def refresh(self) -> None:
        """The list as the settings have it, offline mode, and where each key is (asked of
        the keychain off the GUI thread)."""
        ids = [c.id for c in self.settings.connections]
        for ident in [i for i in self.rows if i not in ids]:
            self.rows.pop(ident).deleteLater()
        for index, connection in enumerate(self.settings.connections):
            row = self.rows.get(connection.id)
            if row is None or row.connection != connection:
                if row is not None:
                    row.deleteLater()
                row = self.rows[connection.id] = self._row(connection)
            self._list.insertWidget(index, row)
        self.empty.setVisible(not self.settings.connections)
        if is_offline(self.settings.offline):
            self.offline_banner.show_message(
                self.tr(
                    "Offline mode is on: LlamaDesk uses only the servers on this computer "
                    "(localhost). Turn it off in Settings to use the others."
                ),
                "warning",
            )
        else:
            self.offline_banner.hide()
        connections = list(self.settings.connections)
        self._runner.run(
            lambda: (keychain_status(), [c.keys().lookup() for c in connections]),
            on_done=lambda state: self._on_keys(connections, state),
            on_error=lambda message, _e: self.banner.show_message(message),
        )

    def _row(self, connection: Connection) -> ConnectionRow:
        row = ConnectionRow(connection)
        row.test_button.clicked.connect(lambda: self.test(row.connection))
        row.edit_button.clicked.connect(lambda: self.edit(row.connection))
        row.remove_button.clicked.connect(lambda: self.remove(row.connection))
        return row

    def _on_keys(self, connections: list[Connection], state) -> None:
        (available, why), keys = state
        self.keychain = available
        for connection, (key, where) in zip(connections, keys, strict=True):
            row = self.rows.get(connection.id)
            if row is not None:
                row.show_key(where, key)
        if available:
            self.editor.no_keychain.hide()
            self.editor.storage.hide()
        else:
            self.editor.no_keychain.show_message(
                self.tr("{why} Choose where LlamaDesk keeps API keys:").format(why=translated(why)),
                "warning",
            )
            self.editor.storage.offer(keys_folder())

    # ---------------------------------------------------------------- actions
    def test(self, connection: Connection) -> None:
        row = self.rows[connection.id]
        row.show_testing()

        def done(report: ConnectionReport) -> None:
            if self.rows.get(connection.id) is row:
                row.show_report(report)
            self.tested.emit(report)

        self._runner.run(
            check_connection,
            connection,
            self.settings.offline,
            on_done=done,
            on_error=lambda message, _e: self.banner.show_message(message),
        )

    def edit(self, connection: Connection | None) -> None:
        self.editing = connection
        if connection is None:
            self.editor.open(None, None)
            return
        self._runner.run(
            connection.keys().get,
            on_done=lambda key: self.editor.open(connection, key),
            on_error=lambda message, _e: self.banner.show_message(message),
        )

    def close_editor(self) -> None:
        self.editor.hide()
        self.editing = None

    def _from_editor(self) -> Connection | None:
        """The connection the form describes, or None after saying what to change."""
        others = [c for c in self.settings.connections if c is not self.editing]
        try:
            return make_connection(
                self.editor.name.text(),
                self.editor.address.text(),
                others,
                timeout=self.editor.timeout.value(),
                ident=self.editing.id if self.editing is not None else None,
            )
        except LlamaDeskError as error:
            self.editor.show_error(translated(error))
            return None

    def test_editor(self) -> None:
        """Test what the form says, before it is saved (with the key typed, if any)."""
        connection = self._from_editor()
        if connection is None:
            return
        self.editor.error.hide()
        self.editor.test_button.setEnabled(False)

        def done(report: ConnectionReport) -> None:
            self.editor.show_report(report)
            self.tested.emit(report)

        self._runner.run(
            check_connection,
            connection,
            self.settings.offline,
            self.editor.key.text().strip() or None,
            on_done=done,
            on_error=lambda message, _e: self.editor.show_error(message),
        )

    def save_editor(self) -> None:
        connection = self._from_editor()
        if connection is None:
            return
        key = self.editor.key.text().strip()
        remove = self.editor.remove_key.isChecked() and not key
        storage = self.editor.storage.storage()
        store = connection.keys()

        def keep_key() -> None:
            if key:
                store.save(key, storage)
            elif remove:
                store.clear()

        self.editor.save_button.setEnabled(False)
        self._runner.run(
            keep_key,
            on_done=lambda _r: self._saved(connection),
            on_error=self._key_failed,
        )

    def _saved(self, connection: Connection) -> None:
        self.editor.save_button.setEnabled(True)
        replaced = self.editing
        connections = list(self.settings.connections)
        if replaced is not None and replaced in connections:
            connections[connections.index(replaced)] = connection
        else:
            connections.append(connection)
        self.settings.connections = connections
        self._save()
        self.close_editor()
        self.refresh()
        self.changed.emit()
        self.test(connection)

    def _key_failed(self, message: str, _error: BaseException) -> None:
        self.editor.save_button.setEnabled(True)
        self.editor.show_error(message)
        self.refresh()  # no keychain after all: the choice is offered

    def remove(self, connection: Connection) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Remove connection"),
            self.tr(
                'Remove the connection "{name}" and its saved API key? The server and its '
                "models are not touched."
            ).format(name=connection.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.settings.connections = [c for c in self.settings.connections if c != connection]
        self._save()
        if self.editing == connection:
            self.close_editor()
        self._runner.run(
            connection.keys().clear,
            on_error=lambda message, _e: self.banner.show_message(message),
        )
        self.refresh()
        self.changed.emit()
