"""The settings panel's style sheet, made from a palette so light and dark both look right.

It styles the panel's parts by object name and ``role`` property (section cards, the
segmented scope switch, hints, inline errors, override dots and the button roles) and
never the panel itself, so the panel keeps the palette it inherits and a palette change
(light to dark) restyles it from the new colours.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from llamadesk.ui.common import Colours, mix


def settings_style_sheet(palette: QPalette) -> str:
    """The style sheet for a settings panel shown with ``palette``."""
    c = Colours.from_palette(palette)
    window, text, accent, accent_text = c.window, c.text, c.accent, c.accent_text
    card, border, muted = c.raised, c.border, c.muted
    track = mix(window, text, 0.07)
    error = QColor("#ff8a80") if c.dark else QColor("#c62828")
    hover = mix(card, text, 0.06)
    return f"""
            QFrame#scopeBar {{ border: none; border-bottom: 1px solid {border.name()}; }}
            QFrame#section {{
                background: {card.name()}; border: 1px solid {border.name()}; border-radius: 10px;
            }}
            QLabel[role="hint"] {{ color: {muted.name()}; }}
            QPlainTextEdit {{
                background: {c.base.name()}; border: 1px solid {border.name()}; border-radius: 6px;
                padding: 2px 4px;
            }}
            QPlainTextEdit:focus {{ border-color: {c.focus.name()}; }}
            QLabel[role="error"] {{ color: {error.name()}; }}
            QLabel[role="dot"] {{ background: {accent.name()}; border-radius: 3px; }}
            QFrame#segments {{
                background: {track.name()}; border: 1px solid {border.name()}; border-radius: 8px;
            }}
            QPushButton[role="segment"] {{
                background: transparent; border: none; border-radius: 6px;
                padding: 5px 8px; color: {muted.name()};
            }}
            QPushButton[role="segment"]:hover:!checked {{ color: {text.name()}; }}
            QPushButton[role="segment"]:checked {{
                background: {card.name()}; color: {text.name()}; border: 1px solid {border.name()};
            }}
            QPushButton[role="segment"]:disabled {{ color: {mix(muted, window, 0.45).name()}; }}
            QPushButton[role="primary"] {{
                background: {accent.name()}; color: {accent_text.name()}; border: none;
                border-radius: 6px; padding: 6px 12px; font-weight: 600;
            }}
            QPushButton[role="primary"]:hover {{ background: {accent.lighter(110).name()}; }}
            QPushButton[role="primary"]:disabled {{
                background: {mix(card, text, 0.08).name()}; color: {mix(muted, card, 0.3).name()};
            }}
            QPushButton[role="secondary"] {{
                background: {card.name()}; color: {text.name()}; border: 1px solid {border.name()};
                border-radius: 6px; padding: 4px 10px;
            }}
            QPushButton[role="secondary"]:hover {{ background: {hover.name()}; }}
            QPushButton[role="secondary"]:disabled {{ color: {mix(muted, window, 0.45).name()}; }}
            QPushButton[role="link"] {{
                background: transparent; border: none; color: {accent.name()}; padding: 2px 0;
            }}
            QPushButton[role="link"]:hover {{ text-decoration: underline; }}
            QPushButton[role="link"]:disabled {{ color: {mix(muted, window, 0.3).name()}; }}
            QPushButton[role="segment"]:focus {{ border: 2px solid {accent.name()};
                padding: 3px 6px; }}
            QPushButton[role="primary"]:focus {{ border: 2px solid {text.name()};
                padding: 4px 10px; }}
            QPushButton[role="secondary"]:focus {{ border: 2px solid {accent.name()};
                padding: 3px 9px; }}
            QPushButton[role="link"]:focus {{ text-decoration: underline; }}
        """
