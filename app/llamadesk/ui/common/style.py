"""The application's look: the platform's own style, plus a few calm touches.

Colours come from the palette, so light and dark (which follow the system) both work;
the style sheet is rebuilt whenever the palette or colour scheme changes.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


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
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def style_sheet(palette: QPalette) -> str:
    base = palette.color(QPalette.ColorRole.Base)
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.Text)
    accent = palette.color(QPalette.ColorRole.Highlight)
    accent_text = palette.color(QPalette.ColorRole.HighlightedText)
    dark = is_dark(palette)
    sidebar = mix(window, text, 0.03 if dark else 0.015).name()
    border = mix(base, text, 0.16).name()
    muted = mix(text, base, 0.45).name()
    hover = mix(sidebar, text, 0.07).name()
    selected = mix(sidebar, accent, 0.22).name()
    notices = {
        "error": ("#ef4444", 0.14 if dark else 0.09),
        "warning": ("#f59e0b", 0.16 if dark else 0.12),
        "info": (accent.name(), 0.14 if dark else 0.09),
    }
    notice_rules = "\n".join(
        f"""#noticeBar[kind="{kind}"] {{ background: {mix(base, QColor(colour), amount).name()};
            border-bottom: 1px solid {mix(base, QColor(colour), amount * 3).name()}; }}"""
        for kind, (colour, amount) in notices.items()
    )
    return f"""
    #sidebar {{ background: {sidebar}; }}
    #chatArea, #welcome {{ background: {base.name()}; }}
    #mainSplitter::handle {{ background: {border}; width: 1px; }}
    #conversationList {{ background: transparent; outline: 0; }}
    #conversationList::item {{ padding: 7px 8px; border-radius: 7px; margin: 1px 0; }}
    #conversationList::item:hover {{ background: {hover}; }}
    #conversationList::item:selected {{ background: {selected}; color: {text.name()}; }}
    #searchField {{ padding: 6px 8px; border: 1px solid {border}; border-radius: 8px;
        background: {base.name()}; }}
    #newChatButton {{ padding: 7px 12px; border: 1px solid {border}; border-radius: 8px;
        background: {base.name()}; text-align: left; font-weight: 600; }}
    #newChatButton:hover {{ background: {hover}; }}
    #composer {{ background: {base.name()}; }}
    #composerEdit {{ border: 1px solid {border}; border-radius: 12px; padding: 6px 8px;
        background: {base.name()}; }}
    #composerEdit:focus {{ border: 1px solid {mix(border, accent, 0.7).name()}; }}
    #sendButton, #primaryButton {{ background: {accent.name()}; color: {accent_text.name()};
        border: none; border-radius: 10px; padding: 8px 18px; font-weight: 600; }}
    #sendButton:disabled {{ background: {mix(base, text, 0.15).name()}; color: {muted}; }}
    #sendButton[stop="true"] {{ background: {mix(base, text, 0.75).name()}; color: {base.name()}; }}
    #secondaryButton {{ border: 1px solid {border}; border-radius: 10px; padding: 7px 16px;
        background: {base.name()}; }}
    #secondaryButton:hover {{ background: {hover}; }}
    #welcomeTitle {{ font-size: 22pt; font-weight: 600; }}
    #welcomeBody {{ color: {muted}; font-size: 11pt; }}
    #taskCard {{ border: 1px solid {border}; border-radius: 12px; background: {base.name()}; }}
    #taskCard:hover {{ background: {mix(base, text, 0.04).name()};
        border-color: {mix(border, accent, 0.45).name()}; }}
    #taskCard:focus {{ border: 1px solid {mix(border, accent, 0.8).name()}; }}
    #taskCardName {{ font-weight: 600; }}
    #taskCardAbout {{ color: {muted}; }}
    #noticeBar QLabel {{ color: {text.name()}; }}
    {notice_rules}
    QStatusBar QLabel {{ color: {muted}; padding: 0 6px; }}
    QLabel[role="hint"] {{ color: {muted}; }}
    #requestLog {{ border: 1px solid {border}; border-radius: 8px; background: {base.name()}; }}
    {focus_rules(palette)}
    """


def focus_rules(palette: QPalette) -> str:
    """Where the keyboard is, visible on every part it reaches: a 2 px ring in the accent
    colour (in the text colour on accent buttons), its padding 1 px less so nothing moves."""
    ring = palette.color(QPalette.ColorRole.Highlight).name()
    on_accent = palette.color(QPalette.ColorRole.Text).name()
    return f"""
    #conversationList::item:focus {{ border: 2px solid {ring}; padding: 5px 6px; }}
    #searchField:focus {{ border: 2px solid {ring}; padding: 5px 7px; }}
    #newChatButton:focus {{ border: 2px solid {ring}; padding: 6px 11px; }}
    #composerEdit:focus {{ border: 2px solid {ring}; padding: 5px 7px; }}
    #sendButton:focus, #primaryButton:focus {{ border: 2px solid {on_accent};
        padding: 6px 16px; }}
    #secondaryButton:focus {{ border: 2px solid {ring}; padding: 6px 15px; }}
    #taskCard:focus {{ border: 2px solid {ring}; }}
    QToolButton:focus {{ border: 2px solid {ring}; border-radius: 6px; }}
    QTreeView:focus, QListView:focus {{ outline: 0; }}
    QTreeView::item:focus, QListView::item:focus {{ border: 2px solid {ring}; }}
    """


def apply_style(app: QApplication) -> None:
    """Use the platform's style (Fusion where there is none) with our touches on top."""
    if sys.platform.startswith("linux") and app.style().name().lower() == "windows":
        app.setStyle("Fusion")

    def refresh() -> None:
        wants_dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
        if wants_dark and not is_dark(app.palette()):  # e.g. Fusion on a bare Linux desktop
            app.setPalette(dark_palette())
        app.setStyleSheet(style_sheet(app.palette()))

    refresh()
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: refresh())


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style, for systems whose theme does not supply one."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1f2023",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#222326",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2a2b2f",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.ToolTipBase: "#2a2b2f",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8a8c91",
        QPalette.ColorRole.Highlight: "#3b82f6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#60a5fa",
        QPalette.ColorRole.Light: "#3a3b40",
        QPalette.ColorRole.Mid: "#2f3034",
        QPalette.ColorRole.Dark: "#111113",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b6d72"))
    return palette


def force_color_scheme(app: QApplication, scheme: str) -> None:
    """Use the light or dark appearance whatever the system says (screenshots, tests)."""
    app.styleHints().setColorScheme(
        Qt.ColorScheme.Dark if scheme == "dark" else Qt.ColorScheme.Light
    )
    if (scheme == "dark") != is_dark(app.palette()):  # the platform theme did not follow
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if scheme == "dark" else app.style().standardPalette())
    app.setStyleSheet(style_sheet(app.palette()))
