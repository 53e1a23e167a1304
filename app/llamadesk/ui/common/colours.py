"""The window's colours, derived once from the palette, for light and dark alike.

Every part of the window (the main style sheet, the conversation view, the settings panel,
the model manager) takes its surfaces and its secondary text from :class:`Colours`, so they
share one look. Secondary text is not a fixed tint: it is the palest grey that still reads
at :data:`SECONDARY_CONTRAST` (WCAG's 4.5:1 for body text, with a little room) on every
surface it is drawn on, whatever palette the system supplies.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QColor, QGuiApplication, QPalette

SECONDARY_CONTRAST = 4.6  # WCAG AA asks 4.5:1 of text; rounding in a palette costs a little


def mix(a: QColor | str, b: QColor | str, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``: tints that suit the palette."""
    a, b = QColor(a), QColor(b)
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return _dark_window(palette.color(QPalette.ColorRole.Window))


def _dark_window(window: QColor) -> bool:
    return window.lightness() < 128


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque sRGB colour (0 black .. 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast_ratio(a: QColor | str, b: QColor | str) -> float:
    """WCAG 2 contrast ratio of two opaque colours: 1 (none) .. 21 (black on white)."""
    first, second = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (first + 0.05) / (second + 0.05)


def readable(
    text: QColor, start: QColor, surfaces: list[QColor], ratio: float = SECONDARY_CONTRAST
) -> QColor:
    """``start`` moved towards ``text`` just far enough to reach ``ratio`` on every surface
    (``text`` itself where even that does not: the palette leaves no room for a tint)."""
    low, high = 0.0, 1.0  # how far towards text; 0 is start
    if all(contrast_ratio(start, s) >= ratio for s in surfaces):
        return start
    for _ in range(16):
        middle = (low + high) / 2
        if all(contrast_ratio(mix(start, text, middle), s) >= ratio for s in surfaces):
            high = middle
        else:
            low = middle
    return mix(start, text, high)


@dataclass(frozen=True)
class Colours:
    """Surfaces, text and accents of one palette."""

    dark: bool
    base: QColor  # where content sits: the chat, text fields, cards
    window: QColor  # the frame: status bar, docks, tool bar
    sidebar: QColor  # the conversation list and the manager's page list
    raised: QColor  # a card that stands out from the window (settings sections)
    hover: QColor  # under the pointer on the sidebar
    selected: QColor  # a chosen row
    text: QColor
    muted: QColor  # secondary text: footers, status bar, hints, card subtitles
    border: QColor
    accent: QColor
    accent_text: QColor
    focus: QColor  # the ring around the control that has the keyboard focus

    @classmethod
    def from_palette(cls, palette: QPalette) -> Colours:
        """The palette's colours, worked out once per palette: list delegates ask for them
        on every paint of every row."""
        roles = (
            QPalette.ColorRole.Base,
            QPalette.ColorRole.Window,
            QPalette.ColorRole.Text,
            QPalette.ColorRole.Highlight,
            QPalette.ColorRole.HighlightedText,
        )
        return _derived(tuple(palette.color(role).rgba() for role in roles))

    @classmethod
    def _derive(
        cls, base: QColor, window: QColor, text: QColor, accent: QColor, accent_text: QColor
    ) -> Colours:
        dark = _dark_window(window)
        sidebar = mix(window, text, 0.03 if dark else 0.015)
        raised = mix(window, QColor("white"), 0.06) if dark else base
        hover = mix(sidebar, text, 0.07)
        selected = mix(sidebar, accent, 0.22)
        surfaces = [base, window, sidebar, raised, hover, selected]
        muted = readable(text, mix(text, base, 0.5), surfaces, SECONDARY_CONTRAST)
        return cls(
            dark=dark,
            base=base,
            window=window,
            sidebar=sidebar,
            raised=raised,
            hover=hover,
            selected=selected,
            text=text,
            muted=muted,
            border=mix(base, text, 0.16 if dark else 0.14),
            accent=accent,
            accent_text=accent_text,
            focus=mix(accent, text, 0.15) if dark else accent,
        )

    def surfaces(self) -> dict[str, QColor]:
        """Every surface secondary text may sit on, by name (what the contrast test reads)."""
        return {
            "base": self.base,
            "window": self.window,
            "sidebar": self.sidebar,
            "raised": self.raised,
            "hover": self.hover,
            "selected": self.selected,
        }


@cache
def _derived(rgbas: tuple[int, ...]) -> Colours:
    """:meth:`Colours.from_palette` for the palette whose base, window, text, accent and
    accent text are ``rgbas``."""
    return Colours._derive(*(QColor.fromRgba(rgba) for rgba in rgbas))
