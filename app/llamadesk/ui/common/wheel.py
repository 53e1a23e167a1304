"""Controls in a page that scrolls take the mouse wheel only while they have the focus.

Otherwise a user scrolling the page would change whatever drop-down, number box or slider
passes under the pointer. Unfocused, the wheel scrolls the page instead, and it does not
give the control the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or watched.hasFocus():
            return False
        area = _scroll_area_of(watched)
        if area is not None:
            QCoreApplication.sendEvent(area.viewport(), event)
        else:
            event.ignore()  # passed on to the widgets below, not taken by the control
        return True


_guard: _WheelGuard | None = None


def wheel_only_when_focused(*controls: QWidget) -> None:
    """Make ``controls`` leave the wheel to the page around them unless they have the focus."""
    global _guard
    if _guard is None:
        _guard = _WheelGuard()
    for control in controls:
        control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel gives no focus
        control.installEventFilter(_guard)


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        grandparent = parent.parentWidget()
        if isinstance(grandparent, QAbstractScrollArea) and grandparent.viewport() is parent:
            return grandparent
        parent = grandparent
    return None
