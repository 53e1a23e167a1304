"""The message box, offscreen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QApplication

from llamadesk.ui.conversation import Composer


class _Painted(QObject):
    """What of a widget was painted since ``clear()``."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.region = QRegion()
        widget.installEventFilter(self)

    def clear(self) -> None:
        self.region = QRegion()

    def covers(self, rect: QRect) -> bool:
        return QRegion(rect).subtracted(self.region).isEmpty()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.region = self.region.united(event.region())
        return False


def test_the_reason_it_cannot_send_goes_away_on_screen_once_it_can(qtbot):
    composer = Composer()
    qtbot.addWidget(composer)
    composer.set_ready(False, "Loading the model…")
    viewport = composer.edit.viewport()
    painted = _Painted(viewport)
    composer.show()
    qtbot.waitActive(composer)
    first_line = QRect(0, 0, viewport.width(), composer.edit.fontMetrics().height())
    qtbot.waitUntil(lambda: painted.covers(first_line), timeout=2000)
    QApplication.processEvents()
    painted.clear()
    composer.set_ready(True)
    assert "Enter to send" in composer.edit.placeholderText()
    # The placeholder was shown and still is, with other words: they must be painted, not
    # wait for a key press (only the blinking cursor would be painted meanwhile).
    qtbot.waitUntil(lambda: painted.covers(first_line), timeout=2000)
    assert composer.button.isEnabled()
