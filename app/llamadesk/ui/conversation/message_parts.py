"""The small parts of a message: icon and copy buttons, the branch switcher, the typing
indicator, the statistics line, the notice panel for warnings and errors, and the note
under a message too long to show whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolButton, QWidget

from llamadesk.ui.common import icon, mix
from llamadesk.ui.conversation.layout import no_margins
from llamadesk.ui.conversation.text_viewer import TextViewer
from llamadesk.ui.conversation.theme import rounded_panel, set_text_colour

if TYPE_CHECKING:
    from collections.abc import Callable

    from llamadesk.ui.conversation.context import MessageItem, ViewContext

COPIED_FEEDBACK_MS = 1500


class IconButton(QToolButton):
    """A small flat button showing a palette-coloured line icon."""

    def __init__(self, icon_name: str, tooltip: str, context: ViewContext, parent: QWidget):
        super().__init__(parent)
        self._context = context
        self.icon_name = icon_name
        self.setAutoRaise(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tooltip)
        self.setAccessibleName(tooltip)
        self.setIconSize(QSize(18, 18))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.apply_theme()

    def set_icon_name(self, name: str) -> None:
        self.icon_name = name
        self.apply_theme()

    def apply_theme(self) -> None:
        self.setIcon(icon(self.icon_name, self._context.theme.muted))


class CopyButton(IconButton):
    """Copies text to the clipboard and shows a check mark for a moment."""

    def __init__(self, text_source, context: ViewContext, parent: QWidget, label: bool = False):
        super().__init__("copy", "", context, parent)
        self._text_source = text_source
        self._label = label
        self._reset = QTimer(self)
        self._reset.setSingleShot(True)
        self._reset.setInterval(COPIED_FEEDBACK_MS)
        self._reset.timeout.connect(self._show_idle)
        if label:
            self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.setFont(context.theme.small)
        self._show_idle()
        self.clicked.connect(self._copy)

    @property
    def copied(self) -> bool:
        return self._reset.isActive()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self._text_source())
        self.set_icon_name("check")
        if self._label:
            self.setText(self.tr("Copied"))
        self.setToolTip(self.tr("Copied"))
        self._reset.start()

    def _show_idle(self) -> None:
        self.set_icon_name("copy")
        if self._label:
            self.setText(self.tr("Copy"))
        self.setToolTip(self.tr("Copy"))
        self.setAccessibleName(self.tr("Copy"))


class BranchSwitcher(QWidget):
    """The "‹ 2/3 ›" switcher: step between the versions of a message."""

    def __init__(
        self, message_id: Callable[[], int], context: ViewContext, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._message_id = message_id
        self._context = context
        layout = no_margins(QHBoxLayout(self), 0)
        previous = self.tr("Previous version")
        following = self.tr("Next version")
        self.previous_button = IconButton("chevron-left", previous, context, self)
        self.next_button = IconButton("chevron-right", following, context, self)
        self.label = QLabel(self)
        self.label.setFont(context.theme.small)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.label)
        layout.addWidget(self.next_button)
        self.previous_button.clicked.connect(lambda: self._switch(-1))
        self.next_button.clicked.connect(lambda: self._switch(+1))
        self.apply_theme()

    def set_branch(self, index: int, count: int) -> None:
        shown = self.tr("{current}/{count}")
        self.label.setText(shown.format(current=index + 1, count=count))
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)

    def _switch(self, delta: int) -> None:
        self._context.branch_switch_requested.emit(self._message_id(), delta)

    def apply_theme(self) -> None:
        self.previous_button.apply_theme()
        self.next_button.apply_theme()
        self.label.setFont(self._context.theme.small)
        set_text_colour(self.label, self._context.theme.muted)


class TypingIndicator(QWidget):
    """Three softly pulsing dots: the answer is on its way."""

    def __init__(self, context: ViewContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._phase = 0
        self._timer = QTimer(self)
        self._timer.setInterval(180)
        self._timer.timeout.connect(self._tick)
        self.setFixedSize(36, 14)
        self.setAccessibleName(self.tr("Writing…"))

    def _tick(self) -> None:
        self._phase = (self._phase + 1) % 6
        self.update()

    def showEvent(self, event) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        theme = self._context.theme
        for dot in range(3):
            lit = (self._phase - dot) % 6 < 2
            painter.setBrush(theme.text if lit else theme.faint)
            painter.drawEllipse(QRectF(2 + dot * 11, 3, 7, 7))


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when the room runs out (full text: ``text()``)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(0, self.width())
        )
        super().setText(shown)


class Notice(QLabel):
    """Warnings or an error under an answer, on a softly tinted rounded panel."""

    def __init__(self, context: ViewContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._error = False
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setContentsMargins(12, 7, 12, 7)
        self.apply_theme()

    def set_notice(self, text: str, error: bool) -> None:
        self._error = error
        self.setText(text)
        self.update()

    def apply_theme(self) -> None:
        self.setFont(self._context.theme.small)
        set_text_colour(self, self._context.theme.text)

    def paintEvent(self, event) -> None:
        theme = self._context.theme
        accent = theme.error if self._error else theme.warning
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter, path = rounded_panel(self, rect, 8)
        painter.fillPath(path, mix(theme.base, accent, 0.16 if theme.dark else 0.11))
        painter.setPen(QPen(mix(theme.base, accent, 0.45), 1))
        painter.drawPath(path)
        painter.end()
        super().paintEvent(event)


class CutNotice(QWidget):
    """Under a message too long to show whole: says so, and opens its whole text."""

    def __init__(self, text_source: Callable[[], str], context: ViewContext, parent: QWidget):
        super().__init__(parent)
        self._text_source = text_source
        self._context = context
        self.viewer: TextViewer | None = None
        layout = no_margins(QHBoxLayout(self), 8)
        self.label = QLabel(
            self.tr("Part of this message is not shown: it is too long to display here."), self
        )
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open as text"), self)
        self.open_button.clicked.connect(self.open_text)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        self.apply_theme()

    def open_text(self) -> None:
        """The whole text in a window of its own (plain text: nothing is rendered)."""
        title = self.tr("The whole message")
        self.viewer = TextViewer(title, self._text_source(), self._context.theme.mono, self)
        self.viewer.show()

    def apply_theme(self) -> None:
        self.label.setFont(self._context.theme.small)
        set_text_colour(self.label, self._context.theme.muted)


def _seconds(value: float) -> str:
    locale = QLocale()
    if value < 60:
        return QCoreApplication.translate("ConversationView", "{seconds} s").format(
            seconds=locale.toString(float(value), "f", 1)
        )
    minutes, seconds = divmod(round(value), 60)
    return QCoreApplication.translate("ConversationView", "{minutes} min {seconds} s").format(
        minutes=minutes, seconds=seconds
    )


def footer_text(item: MessageItem) -> str:
    """The statistics line, e.g. "Llama 3.2 1B · 312 tokens · 24.1 tok/s · 12.9 s"."""
    meta = item.meta or {}
    locale = QLocale()
    parts = [item.model] if item.model else []
    count = int(meta.get("generated_tokens") or 0)
    if count:
        parts.append(
            QCoreApplication.translate("ConversationView", "%n token(s)", "generated tokens", count)
        )
    beams = int(meta.get("beams") or 0)
    if beams > 1:
        parts.append(
            QCoreApplication.translate("ConversationView", "%n beams", "beam search", beams)
        )
    speed = meta.get("tokens_per_second")
    if speed:
        speed_text = locale.toString(float(speed), "f", 1)
        parts.append(
            QCoreApplication.translate("ConversationView", "{speed} tok/s").format(speed=speed_text)
        )
    duration = meta.get("generation_seconds")
    if duration:
        parts.append(_seconds(float(duration)))
    return " · ".join(parts)


def details_tooltip(item: MessageItem) -> str:
    meta = item.meta or {}
    lines = []
    if meta.get("time_to_first_token") is not None:
        lines.append(
            QCoreApplication.translate("ConversationView", "First token after {time}").format(
                time=_seconds(float(meta["time_to_first_token"]))
            )
        )
    thinking = int(meta.get("thinking_tokens") or 0)
    if thinking:
        lines.append(
            QCoreApplication.translate(
                "ConversationView", "%n token(s) of reasoning", "thinking tokens", thinking
            )
        )
    if meta.get("logprob") is not None:
        lines.append(
            QCoreApplication.translate(
                "ConversationView", "Found by beam search; log-probability {logprob}"
            ).format(logprob=QLocale().toString(float(meta["logprob"]), "f", 2))
        )
    reason = meta.get("finish_reason")
    if reason:
        lines.append(
            QCoreApplication.translate("ConversationView", "Finished because: {reason}").format(
                reason=_finish_reasons().get(reason, reason)
            )
        )
    return "\n".join(lines)


def _finish_reasons() -> dict[str, str]:
    """The engine's finish reasons (``GenerationStats.finish_reason``) in words."""
    return {
        "stop": QCoreApplication.translate("ConversationView", "the answer was complete"),
        "length": QCoreApplication.translate("ConversationView", "it reached the length limit"),
        "cancelled": QCoreApplication.translate("ConversationView", "you stopped it"),
        "error": QCoreApplication.translate("ConversationView", "an error occurred"),
    }
