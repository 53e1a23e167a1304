"""Attached documents shown as chips: a document icon, the file's name and a detail (its
size in tokens while it is being written, its kind and size once sent). In the composer a
chip has a button that takes the document off; on a sent message it opens the text the
model read.

Chips flow over as many lines as they need (:class:`ChipFlow`), left to right in the
composer and right-aligned above a user's message, as the bubble is.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QMouseEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QToolButton, QWidget

from llamadesk.core.documents import Attachment
from llamadesk.core.units import format_bytes
from llamadesk.ui.common import icon, mix
from llamadesk.ui.conversation.layout import no_margins
from llamadesk.ui.conversation.theme import Theme, rounded_panel, set_text_colour

NAME_WIDTH = 220  # px: longer names end in "…" (the tooltip has them whole)
RADIUS = 9


def _kinds() -> dict[str, str]:
    return {
        "text": QCoreApplication.translate("AttachmentChip", "Text"),
        "markdown": QCoreApplication.translate("AttachmentChip", "Markdown"),
        "code": QCoreApplication.translate("AttachmentChip", "Code"),
        "pdf": QCoreApplication.translate("AttachmentChip", "PDF"),
        "docx": QCoreApplication.translate("AttachmentChip", "Word"),
    }


def kind_name(attachment: Attachment) -> str:
    return _kinds().get(attachment.kind, attachment.kind)


def sent_detail(attachment: Attachment) -> str:
    """What a sent document's chip says of it: "PDF · 12 pages", "Word · 48.2 KiB"."""
    parts = [kind_name(attachment)]
    if attachment.pages == 1:
        parts.append(QCoreApplication.translate("AttachmentChip", "1 page"))
    elif attachment.pages:
        parts.append(
            QCoreApplication.translate("AttachmentChip", "{count} pages").format(
                count=QLocale().toString(attachment.pages)
            )
        )
    elif attachment.size:
        parts.append(format_bytes(attachment.size))
    return " · ".join(parts)


def description(attachment: Attachment) -> str:
    """A chip's tooltip: the whole name, what the file was, and pages without text."""
    locale = QLocale()
    lines = [
        attachment.name,
        QCoreApplication.translate("AttachmentChip", "{kind}, {size}, {chars} characters").format(
            kind=kind_name(attachment),
            size=format_bytes(attachment.size),
            chars=locale.toString(len(attachment.text)),
        ),
    ]
    if attachment.blank_pages:
        lines.append(
            QCoreApplication.translate(
                "AttachmentChip",
                "{blank} of its {pages} pages have no text layer (scanned images?): the model "
                "does not see what is on them.",
            ).format(blank=attachment.blank_pages, pages=attachment.pages)
        )
    return "\n".join(lines)


class AttachmentChip(QWidget):
    """One document: icon, name, detail, and (in the composer) a remove button."""

    clicked = Signal()
    remove_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None, *, removable: bool) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentChip")
        self.name = name
        row = no_margins(QHBoxLayout(self), 6)
        row.setContentsMargins(9, 5, 5 if removable else 11, 5)
        self.icon = QLabel(self)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail = QLabel(self)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.icon)
        row.addWidget(self.label)
        row.addWidget(self.detail)
        self.remove_button: QToolButton | None = None
        if removable:
            self.remove_button = QToolButton(self)
            self.remove_button.setAutoRaise(True)
            self.remove_button.setIconSize(QSize(12, 12))
            self.remove_button.setCursor(Qt.CursorShape.PointingHandCursor)
            remove = QCoreApplication.translate("AttachmentChip", "Remove {name}").format(name=name)
            self.remove_button.setToolTip(remove)
            self.remove_button.setAccessibleName(remove)
            self.remove_button.clicked.connect(self.remove_requested)
            row.addWidget(self.remove_button)
        self.setAccessibleName(name)
        self._apply_palette()
        self._show_name()

    def set_detail(self, detail: str) -> None:
        self.detail.setText(detail)

    def set_clickable(self, tooltip: str) -> None:
        """A chip that opens something when clicked (a sent document's text)."""
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tooltip)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._apply_palette()

    def _apply_palette(self) -> None:
        theme = Theme.from_widget(self)
        self.icon.setPixmap(icon("document", theme.muted).pixmap(QSize(16, 16)))
        set_text_colour(self.label, theme.text)
        set_text_colour(self.detail, theme.muted)
        if self.remove_button is not None:
            self.remove_button.setIcon(icon("close", theme.muted))

    def _show_name(self) -> None:
        metrics = self.label.fontMetrics()
        self.label.setText(metrics.elidedText(self.name, Qt.TextElideMode.ElideMiddle, NAME_WIDTH))

    def paintEvent(self, event) -> None:
        theme = Theme.from_widget(self)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter, path = rounded_panel(self, rect, RADIUS)
        painter.fillPath(path, mix(theme.base, theme.text, 0.07 if theme.dark else 0.045))
        painter.setPen(QPen(theme.border, 1))
        painter.drawPath(path)


class ChipFlow(QLayout):
    """Items left to right, wrapping onto new lines; ``right``: each line right-aligned."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6, right: bool = False):
        super().__init__(parent)
        self._items = []
        self._right = right
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Lay the items out in ``rect`` (``move``: for real); the height they take."""
        lines: list[list] = [[]]
        used = 0
        for item in self._items:
            if item.widget() is not None and item.widget().isHidden():
                continue
            width = item.sizeHint().width()
            if lines[-1] and used + self.spacing() + width > rect.width():
                lines.append([])
                used = 0
            used += (self.spacing() if lines[-1] else 0) + width
            lines[-1].append(item)
        y = rect.y()
        for line in lines:
            if not line:
                continue
            height = max(item.sizeHint().height() for item in line)
            total = sum(item.sizeHint().width() for item in line) + self.spacing() * (len(line) - 1)
            x = rect.x() + (max(0, rect.width() - total) if self._right else 0)
            for item in line:
                hint = item.sizeHint()
                if move:
                    width = min(hint.width(), rect.width())
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
                x += hint.width() + self.spacing()
            y += height + self.spacing()
        return max(0, y - rect.y() - self.spacing())
