"""The conversation's scroll area and reading column, and how their layout is settled.

The column sits centred in a container (the scroll area's widget) and holds one widget a
message, ending in a stretch. While an answer streams, ``settle`` lays out what changed
from the outside in, so no finished block is squeezed and repainted on the way.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

_Box = TypeVar("_Box", bound=QBoxLayout)


def no_margins(layout: _Box, spacing: int) -> _Box:
    """``layout`` without margins, its items ``spacing`` apart."""
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    return layout


def vertical_box(widget: QWidget, spacing: int) -> QVBoxLayout:
    """A column of widgets ending in a stretch: spare height (for a moment, while an
    answer shrinks) goes to the stretch instead of swelling the blocks."""
    layout = no_margins(QVBoxLayout(widget), spacing)
    layout.addStretch(1)
    return layout


def append_widget(layout: QVBoxLayout, widget: QWidget) -> None:
    """Add ``widget`` at the end of a ``vertical_box``, before its stretch."""
    layout.insertWidget(layout.count() - 1, widget)


def height_for_width_policy(
    horizontal: QSizePolicy.Policy = QSizePolicy.Policy.Preferred,
) -> QSizePolicy:
    """A size policy whose height depends on the width (text that wraps)."""
    policy = QSizePolicy(horizontal, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    return policy


def new_scroll_area(parent: QWidget) -> QScrollArea:
    """The view's scroll area: frameless, scrolling only up and down, painted in Base."""
    scroll = QScrollArea(parent)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    scroll.viewport().setBackgroundRole(QPalette.ColorRole.Base)
    scroll.viewport().setAutoFillBackground(True)
    return scroll


class Column(QWidget):
    """The reading column; its width is set by the view once resizing settles."""


def new_column(width: int) -> tuple[QWidget, Column, QVBoxLayout]:
    """A container holding an empty, centred column (``width`` wide, if not 0), and the
    column's layout, which ends in a stretch."""
    container = QWidget()
    container.setAutoFillBackground(False)
    row = no_margins(QHBoxLayout(container), 0)
    column = Column(container)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 20, 0, 28)
    layout.setSpacing(24)
    layout.addStretch(1)
    row.addStretch(1)
    row.addWidget(column)
    row.addStretch(1)
    if width:
        column.setFixedWidth(width)
    return container, column, layout


def install_column(scroll: QScrollArea, container: QWidget) -> None:
    """Show ``container`` in ``scroll``, throwing away the one shown before."""
    old = scroll.takeWidget()
    scroll.setWidget(container)
    # Opaque, so that scrolling can move pixels instead of repainting everything.
    container.setBackgroundRole(QPalette.ColorRole.Base)
    container.setAutoFillBackground(True)
    if old is not None:
        old.hide()
        old.deleteLater()


def _depth(widget: QWidget) -> int:
    depth = 0
    while widget is not None:
        depth += 1
        widget = widget.parentWidget()
    return depth


def settle(container: QWidget, changed: list[QWidget]) -> None:
    """Lay out what ``changed`` (widgets inside ``container``) affects now, from the top down.

    Left to the event loop, layouts activate from the inside out, each level one pass
    after the one below: meanwhile a parent that is still too small squeezes its biggest
    children, which then relayout and repaint -- work that grows with the answer.
    Invalidating upwards, growing the container first and then activating the layouts
    outside-in lays every widget out once, at its final size.
    """
    chain: list[QWidget] = []
    for widget in changed:
        path = []
        while widget is not None and widget is not container:
            path.append(widget)
            widget = widget.parentWidget()
        if widget is container:
            chain.extend(w for w in path if w not in chain)
    if not chain:
        return
    for widget in chain:  # inner before outer
        widget.updateGeometry()
    width = container.width()
    needed = container.heightForWidth(width)
    if needed > container.height():
        container.resize(width, needed)
    ordered = sorted(chain, key=_depth)
    for widget in (container, *ordered):
        layout = widget.layout()
        if layout is not None:
            layout.activate()
    flush_layout()


def flush_layout() -> None:
    """Run pending layout now, so the scroll range is up to date."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
