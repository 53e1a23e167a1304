"""The model manager's look and its small shared widgets: banners, cards, verdict colours.

Colours come from the palette (light and dark both work) and the style sheet is rebuilt
when the palette changes, as in :mod:`llamadesk.ui.common.style`.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from llamadesk.ui.common import Colours, mix, spacing


def _mix(a, b, amount: float) -> str:
    return mix(a, b, amount).name()


_BANNERS = {"error": "#ef4444", "warning": "#f59e0b", "info": None}


def format_count(n: int) -> str:
    """1234 -> "1.2k", 2_500_000 -> "2.5M"."""
    for unit, scale in (("M", 1e6), ("k", 1e3)):
        if n >= scale:
            value = n / scale
            return f"{value:.1f}{unit}" if value < 100 else f"{value:.0f}{unit}"
    return str(n)


def format_date(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else ""


def format_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return QCoreApplication.translate("ModelManager", "{h} h {m} min").format(
            h=hours, m=minutes
        )
    if minutes:
        return QCoreApplication.translate("ModelManager", "{m} min {s} s").format(
            m=minutes, s=seconds
        )
    return QCoreApplication.translate("ModelManager", "{s} s").format(s=seconds)


def style_sheet(palette: QPalette) -> str:
    c = Colours.from_palette(palette)
    base, text, accent, dark = c.base, c.text, c.accent, c.dark
    sidebar, border, muted = c.sidebar.name(), c.border.name(), c.muted.name()
    hover = _mix(base, text, 0.05)
    selected = c.selected.name()
    banners = "\n".join(
        f"""#banner[kind="{kind}"] {{ background: {_mix(base, QColor(tint or accent), 0.1)};
            border: 1px solid {_mix(base, QColor(tint or accent), 0.35)}; border-radius: 8px; }}"""
        for kind, tint in _BANNERS.items()
    )
    return f"""
    #modelManager {{ background: {base.name()}; }}
    #managerSidebar {{ background: {sidebar}; border: none; border-right: 1px solid {border};
        outline: 0; padding: 10px 6px; }}
    #managerSidebar::item {{ padding: 8px 10px; border-radius: 7px; margin: 1px 0; }}
    #managerSidebar::item:hover {{ background: {_mix(sidebar, text, 0.07)}; }}
    #managerSidebar::item:selected {{ background: {selected}; color: {text.name()}; }}
    #pageTitle {{ font-size: 16pt; font-weight: 600; }}
    #sectionTitle {{ font-weight: 600; color: {muted}; }}
    #muted {{ color: {muted}; }}
    #cardList {{ background: transparent; border: none; outline: 0; }}
    #cardList::item {{ border: 1px solid {border}; border-radius: 10px; margin: 3px 2px; }}
    #cardList::item:hover {{ background: {hover}; }}
    #cardList::item:selected {{ background: {_mix(base, accent, 0.12)};
        border: 1px solid {_mix(base, accent, 0.5)}; }}
    #cardTitle {{ font-weight: 600; }}
    #cardSubtitle {{ color: {muted}; }}
    #chip {{ border-radius: 8px; padding: 1px 8px; background: {_mix(base, text, 0.08)};
        color: {muted}; }}
    #chip[kind="gated"] {{ background: {_mix(base, QColor("#f59e0b"), 0.18)}; }}
    #chip[kind="recommended"] {{ background: {_mix(base, accent, 0.18)}; color: {text.name()}; }}
    #managerTable {{ border: 1px solid {border}; border-radius: 8px; }}
    #managerTable::item {{ padding: 4px 2px; }}
    #pageHolder, QScrollArea#pageScroll > QWidget > QWidget {{ background: {base.name()}; }}
    #downloadRow, #connectionRow {{ border: 1px solid {border}; border-radius: 10px; }}
    #searchField, #hubField {{ padding: 6px 8px; border: 1px solid {border};
        border-radius: 8px; background: {base.name()}; }}
    {banners}
    #banner QLabel {{ color: {text.name()}; }}
    #folderList {{ border: 1px solid {border}; border-radius: 8px; }}
    #primaryButton:disabled {{ background: {_mix(base, text, 0.12)}; color: {muted}; }}
    #errorText {{ color: {"#f87171" if dark else "#b91c1c"}; }}
    #successText {{ color: {"#4ade80" if dark else "#15803d"}; }}
    """


class Banner(QFrame):
    """A message inside a page ("error", "warning" or "info") with up to two actions."""

    action_clicked = Signal(str)  # the action's key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.label = plain_label()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(spacing.TIGHT)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(spacing.MARGIN, spacing.GAP, spacing.GAP, spacing.GAP)
        layout.addWidget(self.label, 1)
        layout.addLayout(self._buttons)
        self.hide()

    def show_message(self, text: str, kind: str = "error", actions: dict | None = None) -> None:
        """``actions``: key -> button text; a key starting with http opens that address."""
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        while self._buttons.count():
            widget = self._buttons.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for key, label in (actions or {}).items():
            button = QPushButton(label)
            button.setObjectName("secondaryButton")
            button.clicked.connect(lambda _=False, key=key: self._on_action(key))
            self._buttons.addWidget(button)
        self.show()

    def _on_action(self, key: str) -> None:
        if key.startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(key))
        self.action_clicked.emit(key)


class Card(QWidget):
    """A result in a list: a bold title, a muted line, an optional chip."""

    def __init__(self, title: str, subtitle: str, chip: str = "", chip_kind: str = "") -> None:
        super().__init__()
        self.title = plain_label(title)
        self.title.setObjectName("cardTitle")
        self.subtitle = plain_label(subtitle)
        self.subtitle.setObjectName("cardSubtitle")
        self.subtitle.setWordWrap(True)
        top = QHBoxLayout()
        top.setSpacing(spacing.GAP)
        top.addWidget(self.title)
        if chip:
            badge = plain_label(chip)
            badge.setObjectName("chip")
            badge.setProperty("kind", chip_kind)
            badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            top.addWidget(badge, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(spacing.MARGIN, spacing.GAP, spacing.MARGIN, spacing.GAP)
        layout.setSpacing(spacing.HAIRLINE)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)


def plain_label(text: str = "") -> QLabel:
    """A label that shows its text as it is: never as HTML, which could name an image
    to load (text from the Hub, a file name, an error message quoting a server)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def title_label(text: str, name: str = "pageTitle") -> QLabel:
    label = plain_label(text)
    label.setObjectName(name)
    return label


def muted_label(text: str = "", wrap: bool = True) -> QLabel:
    label = plain_label(text)
    label.setObjectName("muted")
    label.setWordWrap(wrap)
    return label
