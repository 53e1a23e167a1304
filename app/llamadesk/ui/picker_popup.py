"""The list the model picker opens: a search field, the models grouped under headings
(each with its size, its fit badge, and whether it is loaded or loading), and a row of
actions; typing filters, the arrows move, Enter chooses, Esc closes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QPainter,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core.chat import ModelChoice
from llamadesk.core.machine import FitResult
from llamadesk.ui.common import Colours, icon, is_dark, mix, verdict_colour
from llamadesk.ui.common import verdict_text as fit_text

ROW_ROLE = Qt.ItemDataRole.UserRole  # a Row


@dataclass(frozen=True)
class Row:
    kind: str  # "group" (a heading), "model" (a choice) or "unreachable" (a greyed line)
    title: str
    detail: str = ""  # the line under the title, or beside a heading
    size: str = ""  # "1.3 GB", for files
    choice: ModelChoice | None = None
    fit: FitResult | None = None
    tip: str = ""
    search: str = ""  # the words typing matches against
    tags: tuple[str, ...] = ()  # a heading's traits of the model: "Thinking", "Tools"


class PickerPopup(QFrame):
    """The list the picker opens: a search field, the models, and a row of actions."""

    activated = Signal(object)  # Row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("modelPickerPopup")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list = QListWidget()
        self.list.setObjectName("pickerList")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(False)
        self.list.setMouseTracking(True)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.itemClicked.connect(self._on_clicked)
        self.delegate = RowDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.empty = QLabel()
        self.empty.setObjectName("pickerEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.open_file = QPushButton()
        self.download = QPushButton()
        self.eject = QPushButton()
        self.eject.setObjectName("pickerEject")
        for button in (self.open_file, self.download, self.eject):
            button.setProperty("picker", "action")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        actions = QHBoxLayout()
        actions.setContentsMargins(8, 6, 8, 8)
        actions.setSpacing(4)
        actions.addWidget(self.open_file)
        actions.addWidget(self.download)
        actions.addStretch(1)
        actions.addWidget(self.eject)
        footer = QFrame()
        footer.setObjectName("pickerFooter")
        footer.setLayout(actions)
        column = QVBoxLayout(self)
        column.setContentsMargins(1, 1, 1, 1)
        column.setSpacing(0)
        top = QHBoxLayout()
        top.setContentsMargins(10, 10, 10, 6)
        top.addWidget(self.search)
        column.addLayout(top)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty, 1)
        column.addWidget(footer)
        self._retranslate()
        self._restyle()

    def set_rows(self, rows, loaded, loading, progress) -> None:
        self.delegate.state = (loaded, loading, progress)
        current = self.current_row()
        self.list.clear()
        for row in rows:
            item = QListWidgetItem()
            item.setData(ROW_ROLE, row)
            item.setToolTip(row.tip)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            item.setFlags(flags if row.kind == "model" else Qt.ItemFlag.NoItemFlags)
            item.setSizeHint(QSize(0, self.delegate.height(row)))
            self.list.addItem(item)
        self._filter(self.search.text())
        wanted = current.choice if current is not None else (loading or loaded)
        self._select(lambda row: row.choice is not None and row.choice == wanted)

    def current_row(self) -> Row | None:
        item = self.list.currentItem()
        return item.data(ROW_ROLE) if item is not None and not item.isHidden() else None

    def visible_rows(self) -> list[Row]:
        return [
            self.list.item(i).data(ROW_ROLE)
            for i in range(self.list.count())
            if not self.list.item(i).isHidden()
        ]

    def open_under(self, anchor: QWidget) -> None:
        self.search.clear()
        self._filter("")
        loaded, loading, _ = self.delegate.state
        wanted = loading or loaded
        if not self._select(lambda row: row.choice is not None and row.choice == wanted):
            self._move(1)
        screen = anchor.screen().availableGeometry()
        width = min(560, screen.width() - 16)
        rows = sum(
            self.list.item(i).sizeHint().height()
            for i in range(self.list.count())
            if not self.list.item(i).isHidden()
        )
        chrome = self.search.sizeHint().height() + self.open_file.sizeHint().height() + 40
        height = min(max(rows, 96) + chrome, 520, screen.height() - 80)
        self.resize(width, height)
        corner = anchor.mapToGlobal(QPoint(0, anchor.height() + 4))
        corner.setX(max(screen.left() + 8, min(corner.x(), screen.right() - width - 8)))
        self.move(corner)
        self.show()
        self.search.setFocus()
        if self.list.currentItem() is not None:
            self.list.scrollToItem(self.list.currentItem())

    # ------------------------------------------------------------ keys and filtering
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            return self._on_key(event)
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._on_key(event):
            super().keyPressEvent(event)

    def _on_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self._move(1)
        elif key == Qt.Key.Key_Up:
            self._move(-1)
        elif key == Qt.Key.Key_PageDown:
            self._move(8)
        elif key == Qt.Key.Key_PageUp:
            self._move(-8)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            row = self.current_row()
            if row is not None and row.kind == "model":
                self.activated.emit(row)
        elif key == Qt.Key.Key_Escape:
            self.hide()
        else:
            return False
        return True

    def _choosable(self) -> list[QListWidgetItem]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [i for i in items if not i.isHidden() and i.data(ROW_ROLE).kind == "model"]

    def _move(self, step: int) -> None:
        items = self._choosable()
        if not items:
            return
        current = self.list.currentItem()
        index = items.index(current) if current in items else (-1 if step > 0 else len(items))
        self.list.setCurrentItem(items[max(0, min(len(items) - 1, index + step))])

    def _select(self, test: Callable[[Row], bool]) -> bool:
        for item in self._choosable():
            if test(item.data(ROW_ROLE)):
                self.list.setCurrentItem(item)
                return True
        return False

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        heading: QListWidgetItem | None = None
        shown_under_heading = False
        for i in range(self.list.count()):
            item = self.list.item(i)
            row: Row = item.data(ROW_ROLE)
            if row.kind == "group":
                if heading is not None:
                    heading.setHidden(not shown_under_heading)
                heading, shown_under_heading = item, False
                continue
            haystack = f"{row.search} {row.title} {row.detail}".casefold()
            hidden = bool(words) and not all(w in haystack for w in words)
            item.setHidden(hidden)
            shown_under_heading |= not hidden
        if heading is not None:
            heading.setHidden(not shown_under_heading)
        anything = any(not self.list.item(i).isHidden() for i in range(self.list.count()))
        self.list.setVisible(anything)
        self.empty.setVisible(not anything)
        if words:
            self.empty.setText(self.tr('No model matches "{text}".').format(text=text.strip()))
        else:
            self.empty.setText(
                self.tr("No models yet. Download a recommended one, or open a .gguf file.")
            )
        if self.current_row() is None or self.current_row().kind != "model":
            self._move(1)

    def _on_clicked(self, item: QListWidgetItem) -> None:
        row = item.data(ROW_ROLE)
        if row.kind == "model":
            self.activated.emit(row)

    # ------------------------------------------------------------ look
    def _retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search models"))
        self.open_file.setText(self.tr("Open a model file…"))
        self.download.setText(self.tr("Download a recommended model…"))
        self.eject.setText(self.tr("Eject"))
        self.eject.setToolTip(self.tr("Unload the model and free its memory"))

    def _restyle(self) -> None:
        c = Colours.from_palette(self.palette())
        base, text, muted = c.base, c.text, c.muted.name()
        border, raised = c.border.name(), c.raised.name()
        hover = mix(c.raised, text, 0.07).name()
        self.search.addAction(icon("search", c.muted), QLineEdit.ActionPosition.LeadingPosition)
        self.setStyleSheet(f"""
            #modelPickerPopup {{ background: {raised}; border: 1px solid {border};
                border-radius: 10px; }}
            #pickerSearch {{ border: 1px solid {border}; border-radius: 8px; padding: 6px 6px;
                background: {base.name()}; }}
            #pickerSearch:focus {{ border-color: {c.focus.name()}; }}
            #pickerList {{ background: transparent; border: none; outline: 0; }}
            #pickerEmpty {{ color: {muted}; padding: 24px; }}
            #pickerFooter {{ border-top: 1px solid {mix(base, text, 0.1).name()}; }}
            QPushButton[picker="action"] {{ border: none; border-radius: 6px; padding: 5px 10px;
                background: transparent; color: {text.name()}; }}
            QPushButton[picker="action"]:hover {{ background: {hover}; }}
            """)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class RowDelegate(QStyledItemDelegate):
    """Draws a heading, a model (title, detail, size, fit badge, loaded or loading), or a
    greyed line."""

    PAD = 12

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.state: tuple = (None, None, lambda: 0.0)

    def height(self, row: Row) -> int:
        metrics = QFontMetrics(self.parent().font())
        if row.kind == "group":
            return metrics.height() + 14
        return 2 * metrics.height() + 14

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(option.rect.width(), self.height(index.data(ROW_ROLE)))

    def _paint_tags(
        self, painter: QPainter, tags: tuple[str, ...], area: QRect, font: QFont, c: Colours
    ) -> int:
        """Outlined pills at the right of a heading; where the space left of them begins."""
        small = QFont(font)
        small.setWeight(QFont.Weight.Normal)
        small.setPointSizeF(font.pointSizeF() * 0.9)
        metrics = QFontMetrics(small)
        painter.setFont(small)
        right = area.right()
        for tag in reversed(tags):
            width = metrics.horizontalAdvance(tag) + 12
            pill = QRect(right - width, area.center().y() - 8, width, 16)
            painter.setPen(c.border)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(pill).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
            painter.setPen(c.muted)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, tag)
            right = pill.left() - 4
        return right

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row: Row = index.data(ROW_ROLE)
        palette = QGuiApplication.palette()  # the list's own is see-through (its style sheet)
        c = Colours.from_palette(palette)
        base, text, accent, muted = c.base, c.text, c.accent, c.muted
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(6, 1, -6, -1)
        font = QFont(option.font)
        if row.kind == "group":
            font.setPointSizeF(font.pointSizeF() * 0.88)
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.setPen(muted)
            area = rect.adjusted(self.PAD - 6, 6, -self.PAD, 0)
            area.setRight(self._paint_tags(painter, row.tags, area, font, c) - 8)
            painter.setFont(font)
            painter.setPen(muted)
            title_width = QFontMetrics(font).horizontalAdvance(row.title)
            painter.drawText(
                area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, row.title
            )
            if row.detail:
                font.setWeight(QFont.Weight.Normal)
                painter.setFont(font)
                painter.setPen(muted)
                detail = area.adjusted(title_width + 8, 0, 0, 0)
                elided = QFontMetrics(font).elidedText(
                    row.detail, Qt.TextElideMode.ElideRight, detail.width()
                )
                painter.drawText(
                    detail, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
                )
            painter.restore()
            return
        loaded, loading, progress = self.state
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mix(base, accent, 0.16) if selected else mix(base, text, 0.06))
            painter.drawRoundedRect(rect, 7, 7)
        is_loaded = row.choice is not None and row.choice == loaded and loading is None
        is_loading = row.choice is not None and row.choice == loading
        inner = rect.adjusted(self.PAD, 6, -self.PAD, -6)
        right = inner.right()
        metrics = QFontMetrics(font)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.88)
        small_metrics = QFontMetrics(small)
        # the badge: loading, loaded, or the fit verdict
        badge, badge_colour = "", muted
        if is_loading:
            badge = self.tr("Loading {percent}%").format(percent=round(progress() * 100))
            badge_colour = accent
        elif is_loaded:
            badge, badge_colour = self.tr("Loaded"), accent
        elif row.fit is not None:
            badge, badge_colour = (
                fit_text(row.fit.verdict),
                verdict_colour(row.fit.verdict, palette),
            )
        if badge:
            width = small_metrics.horizontalAdvance(badge) + 16
            pill = QRect(right - width, inner.center().y() - 10, width, 20)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mix(base, badge_colour, 0.16 if not is_dark(palette) else 0.22))
            painter.drawRoundedRect(pill, 10, 10)
            painter.setPen(_readable(badge_colour, base))
            painter.setFont(small)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, badge)
            right = pill.left() - 10
        if row.size:
            painter.setFont(small)
            painter.setPen(muted)
            width = small_metrics.horizontalAdvance(row.size)
            painter.drawText(
                QRect(right - width, inner.top(), width, inner.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                row.size,
            )
            right -= width + 12
        left = inner.left()
        if is_loaded:
            mark = icon("check", accent)
            mark.paint(painter, QRect(left, inner.center().y() - 8, 16, 16))
        left += 24
        title_font = QFont(font)
        title_font.setWeight(QFont.Weight.DemiBold if row.kind == "model" else QFont.Weight.Normal)
        painter.setFont(title_font)
        painter.setPen(text if row.kind == "model" else muted)
        line = metrics.height()
        width = max(right - left, 10)
        title = QFontMetrics(title_font).elidedText(row.title, Qt.TextElideMode.ElideRight, width)
        painter.drawText(
            QRect(left, inner.top(), width, line), Qt.AlignmentFlag.AlignVCenter, title
        )
        if row.detail:
            painter.setFont(small)
            painter.setPen(muted)
            detail = small_metrics.elidedText(row.detail, Qt.TextElideMode.ElideMiddle, width)
            painter.drawText(
                QRect(left, inner.top() + line, width, inner.height() - line),
                Qt.AlignmentFlag.AlignVCenter,
                detail,
            )
        if is_loading:
            track = QRect(rect.left() + self.PAD, rect.bottom() - 3, rect.width() - 2 * self.PAD, 3)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mix(base, accent, 0.2))
            painter.drawRoundedRect(track, 1.5, 1.5)
            done = QRect(track.left(), track.top(), round(track.width() * progress()), 3)
            painter.setBrush(accent)
            painter.drawRoundedRect(done, 1.5, 1.5)
        painter.restore()


def _readable(colour: QColor, background: QColor) -> QColor:
    """``colour`` darkened (on light) or lightened (on dark) enough to read on its tint."""
    return mix(colour, QColor("#000000"), 0.2) if background.lightness() > 128 else colour
