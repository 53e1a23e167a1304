"""Where a secret (the Hub token, a connection's API key) is kept when this computer has no
system keychain: the user chooses this session only, or a file only they can read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWidget

from llamadesk.core.keychain import Storage


class KeyStorageChoice(QWidget):
    """Two choices, this session only (the default) or a file; hidden while a keychain
    exists (:meth:`storage` is then None: the keychain)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = QRadioButton(
            self.tr("Keep it for this session only (forgotten when LlamaDesk quits)")
        )
        self.file = QRadioButton(self.tr("Save it in a file that only you can read"))
        self.session.setChecked(True)
        self._group = QButtonGroup(self)
        self._group.addButton(self.session)
        self._group.addButton(self.file)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.session)
        layout.addWidget(self.file)
        self.hide()

    def offer(self, file_path: Path) -> None:
        """Show the choice; the file would be ``file_path``."""
        self.file.setText(
            self.tr("Save it in a file that only you can read ({path})").format(path=file_path)
        )
        self.show()

    def storage(self) -> Storage | None:
        if self.isHidden():
            return None
        return Storage.FILE if self.file.isChecked() else Storage.SESSION
