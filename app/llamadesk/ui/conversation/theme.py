"""The conversation view's look: colours and fonts derived from the palette, light or dark.

``Theme.from_widget`` is computed again whenever the palette, font or colour scheme
changes; every widget of the view reads its colours and fonts from the view's theme.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPalette,
)
from PySide6.QtWidgets import QWidget

from llamadesk.ui.common import Colours, mix, readable


def _is_dark(palette: QPalette) -> bool:
    base = palette.color(QPalette.ColorRole.Base).lightnessF()
    text = palette.color(QPalette.ColorRole.Text).lightnessF()
    if abs(base - text) > 0.3:
        return base < text
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _body_font(base: QFont) -> QFont:
    font = QFont(base)
    size = base.pointSizeF()
    if size > 0:
        if sys.platform == "darwin":
            font.setPointSizeF(max(size, 13.0))
        elif size < 11.0:
            font.setPointSizeF(max(10.5, min(size + 1.5, 11.0)))
    return font


def _scaled(font: QFont, factor: float) -> QFont:
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(round(font.pointSizeF() * factor * 2) / 2)
    else:
        scaled.setPixelSize(max(1, round(font.pixelSize() * factor)))
    return scaled


@dataclass(frozen=True)
class Theme:
    """Colours and fonts derived from the palette, for light and dark alike."""

    dark: bool
    base: QColor
    text: QColor
    muted: QColor
    faint: QColor
    border: QColor
    bubble: QColor
    code_background: QColor
    code_header: QColor
    inline_code: QColor
    table_header: QColor
    link: QColor
    warning: QColor
    error: QColor
    body: QFont
    small: QFont
    mono: QFont

    @classmethod
    def from_widget(cls, widget: QWidget) -> Theme:
        palette = widget.palette()
        dark = _is_dark(palette)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        accent = palette.color(QPalette.ColorRole.Highlight)
        body = _body_font(widget.font())
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if body.pointSizeF() > 0:
            mono.setPointSizeF(round(body.pointSizeF() * 0.9 * 2) / 2)
        neutral = mix(base, text, 0.10 if dark else 0.06)
        bubble = mix(neutral, accent, 0.06 if dark else 0.07)
        code_header = mix(base, text, 0.10 if dark else 0.065)
        # secondary text (footers, the model's name, a code block's language) reads at
        # WCAG AA on the chat and on the tinted panels it sits on
        muted = readable(text, Colours.from_palette(palette).muted, [bubble, code_header])
        return cls(
            dark=dark,
            base=base,
            text=text,
            muted=muted,
            faint=mix(base, text, 0.40),
            border=mix(base, text, 0.16 if dark else 0.12),
            bubble=bubble,
            code_background=mix(base, text, 0.05 if dark else 0.03),
            code_header=code_header,
            inline_code=mix(base, text, 0.12 if dark else 0.07),
            table_header=mix(base, text, 0.08 if dark else 0.055),
            link=palette.color(QPalette.ColorRole.Link),
            warning=QColor("#d6a642") if dark else QColor("#8a5d00"),
            error=QColor("#f28b82") if dark else QColor("#b3261e"),
            body=body,
            small=_scaled(body, 0.87),
            mono=mono,
        )


def set_text_colour(label: QWidget, colour: QColor) -> None:
    """Draw ``label``'s text (or a tool button's) in ``colour``."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    palette.setColor(QPalette.ColorRole.Text, colour)  # selectable labels draw with Text
    palette.setColor(QPalette.ColorRole.ButtonText, colour)
    label.setPalette(palette)


def rounded_panel(widget: QWidget, rect: QRectF, radius: float) -> tuple[QPainter, QPainterPath]:
    """An antialiased painter on ``widget`` and the rounded outline of ``rect``, to fill."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    outline = QPainterPath()
    outline.addRoundedRect(rect, radius, radius)
    return painter, outline
