"""The application's look: the platform's style with one style sheet over every window.

Colours come from :class:`Colours` (made from the palette), sizes from :mod:`spacing`;
the style sheet is rebuilt whenever the palette or the colour scheme changes. The user's
appearance ("system", "light" or "dark", View › Appearance) picks the colour scheme.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from llamadesk.core.settings import APPEARANCES
from llamadesk.ui.common import spacing as s
from llamadesk.ui.common.colours import Colours, is_dark, mix
from llamadesk.ui.common.icons import icon_file

_APPEARANCE = "llamadeskAppearance"  # the application property holding the user's choice


def _controls(c: Colours) -> str:
    """Scroll bars, fields, drop-downs, number boxes, buttons, menus: one family. Numbers
    stand right, by their arrows (a style sheet cannot pad a number box's left). The thin
    scroll bar is also much cheaper to paint than Fusion's (2.5 ms per repaint at 800 px),
    and the chat's repaints on every frame that grows an answer."""
    field = c.base.name()
    border, muted, text = c.border.name(), c.muted.name(), c.text.name()
    hover = mix(c.base, c.text, 0.05).name()
    handle = mix(c.base, c.text, 0.30 if c.dark else 0.24).name()
    handle_hover = mix(c.base, c.text, 0.48).name()
    focus, accent = c.focus.name(), c.accent.name()
    knob = mix(c.base, c.text, 0.8).name() if c.dark else field  # a slider's handle
    faint = mix(c.muted, c.base, 0.5)
    arrows = {
        f"{name}{state}": icon_file(name, colour)
        for name in ("chevron-down", "chevron-up")
        for state, colour in (("", c.muted), ("-off", faint))
    }
    return f"""
    QScrollBar {{ background: transparent; border: none; }}
    QScrollBar:vertical {{ width: 12px; margin: 2px; }}
    QScrollBar:horizontal {{ height: 12px; margin: 2px; }}
    QScrollBar::handle {{ background: {handle}; border-radius: 4px; }}
    QScrollBar::handle:vertical {{ min-height: 32px; }}
    QScrollBar::handle:horizontal {{ min-width: 32px; }}
    QScrollBar::handle:hover, QScrollBar::handle:pressed {{ background: {handle_hover}; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none;
        background: none; }}
    QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
    QAbstractScrollArea::corner {{ background: transparent; border: none; }}

    QLineEdit, QAbstractSpinBox, QComboBox {{ background: {field}; color: {text};
        border: 1px solid {border}; border-radius: {s.RADIUS_SMALL}px;
        padding: {s.TIGHT}px {s.GAP}px; min-height: 18px;
        selection-background-color: {c.accent.name()};
        selection-color: {c.accent_text.name()}; }}
    QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus, QComboBox:on {{
        border-color: {focus}; }}
    QLineEdit:disabled, QAbstractSpinBox:disabled, QComboBox:disabled {{
        color: {muted}; background: {mix(c.base, c.text, 0.03).name()}; }}
    QComboBox {{ padding-right: 28px; }}
    QComboBox:hover, QAbstractSpinBox:hover {{
        border-color: {mix(c.border, c.text, 0.25).name()}; }}
    QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
        width: 24px; border: none; background: transparent; }}
    QComboBox::down-arrow {{ image: url({arrows["chevron-down"]}); width: 14px; height: 14px; }}
    QComboBox::down-arrow:disabled {{ image: url({arrows["chevron-down-off"]}); }}
    QComboBox QAbstractItemView {{ background: {field}; color: {text};
        border: 1px solid {border}; border-radius: {s.RADIUS_SMALL}px; padding: {s.TIGHT}px;
        outline: 0; selection-background-color: {c.selected.name()};
        selection-color: {text}; }}
    QAbstractSpinBox {{ padding-right: 24px; qproperty-alignment: 'AlignRight | AlignVCenter'; }}
    QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ subcontrol-origin: border;
        width: 22px; border: none; background: transparent; }}
    QAbstractSpinBox::up-button {{ subcontrol-position: top right; margin-top: 2px; }}
    QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; margin-bottom: 2px; }}
    QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover {{
        background: {hover}; border-radius: 4px; }}
    QAbstractSpinBox::up-arrow {{ image: url({arrows["chevron-up"]}); width: 11px;
        height: 11px; }}
    QAbstractSpinBox::down-arrow {{ image: url({arrows["chevron-down"]}); width: 11px;
        height: 11px; }}
    QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off {{
        image: url({arrows["chevron-up-off"]}); }}
    QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off {{
        image: url({arrows["chevron-down-off"]}); }}

    QPushButton {{ background: {c.raised.name()}; color: {text};
        border: 1px solid {border}; border-radius: {s.RADIUS_SMALL}px;
        padding: {s.TIGHT + 1}px {s.MARGIN}px; }}
    QPushButton:hover {{ background: {mix(c.raised, c.text, 0.06).name()}; }}
    QPushButton:pressed {{ background: {mix(c.raised, c.text, 0.12).name()}; }}
    QPushButton:focus {{ border-color: {focus}; }}
    QPushButton:disabled {{ color: {muted}; background: {mix(c.base, c.text, 0.03).name()}; }}
    QPushButton:default {{ border-color: {mix(c.border, c.accent, 0.6).name()}; }}

    QToolButton {{ border: 1px solid transparent; border-radius: {s.RADIUS_SMALL}px;
        padding: 2px; }}
    QToolButton:hover {{ background: {mix(c.base, c.text, 0.07).name()}; }}
    QToolButton:pressed {{ background: {mix(c.base, c.text, 0.13).name()}; }}
    QToolButton:focus {{ border-color: {focus}; }}

    QToolBar {{ background: {c.window.name()}; border: none;
        border-bottom: 1px solid {border}; padding: {s.TIGHT}px {s.GAP}px;
        spacing: {s.TIGHT}px; }}
    QToolBar QToolButton {{ border: 1px solid transparent; border-radius: {s.RADIUS_SMALL}px;
        padding: {s.TIGHT}px {s.GAP}px; color: {text}; }}
    QToolBar QToolButton:hover {{ background: {mix(c.window, c.text, 0.07).name()}; }}
    QToolBar QToolButton:checked {{ background: {mix(c.window, c.accent, 0.16).name()};
        border-color: {mix(c.window, c.accent, 0.35).name()}; }}
    QToolBar QToolButton:focus {{ border-color: {focus}; }}

    QMenu {{ background: {field}; color: {text}; border: 1px solid {border};
        padding: {s.TIGHT}px; }}
    QMenu::item {{ padding: {s.TIGHT + 1}px {s.WIDE + s.TIGHT}px {s.TIGHT + 1}px {s.WIDE}px;
        border-radius: {s.TIGHT}px; }}
    QMenu::item:selected {{ background: {c.selected.name()}; color: {text}; }}
    QMenu::item:disabled {{ color: {muted}; }}
    QMenu::separator {{ height: 1px; background: {border}; margin: {s.TIGHT}px {s.GAP}px; }}
    QMenu::indicator {{ width: 14px; height: 14px; margin-left: {s.TIGHT}px; }}
    QMenu::icon {{ padding: 2px; margin-left: {s.TIGHT}px; }}
    QMenu::icon:checked {{ background: {c.selected.name()}; border-radius: {s.TIGHT}px; }}
    QMenuBar {{ background: {c.window.name()}; }}
    QMenuBar::item {{ padding: {s.TIGHT}px {s.GAP}px; border-radius: {s.TIGHT}px; }}
    QMenuBar::item:selected {{ background: {mix(c.window, c.text, 0.08).name()}; }}

    QCheckBox::indicator, QRadioButton::indicator {{ width: 14px; height: 14px;
        border: 1px solid {mix(c.base, c.text, 0.45).name()}; background: {field}; }}
    QCheckBox::indicator {{ border-radius: 4px; }}
    QRadioButton::indicator {{ border-radius: 8px; }}
    QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border-color: {accent}; }}
    QCheckBox::indicator:checked {{ border-color: {accent}; background: {accent};
        image: url({icon_file("check", c.accent_text)}); }}
    QRadioButton::indicator:checked {{ border: 1px solid {accent};
        background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
            stop: 0 {accent}, stop: 0.45 {accent}, stop: 0.55 {field}, stop: 1 {field}); }}
    QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{
        border-color: {c.border.name()}; background: {mix(c.base, c.text, 0.08).name()}; }}
    QCheckBox::indicator:checked:disabled {{ background: {mix(c.accent, c.base, 0.5).name()}; }}
    QSlider::groove:horizontal {{ height: 4px; border-radius: 2px;
        background: {mix(c.base, c.text, 0.15).name()}; }}
    QSlider::sub-page:horizontal {{ height: 4px; border-radius: 2px; background: {accent}; }}
    QSlider::handle:horizontal {{ width: 14px; height: 14px; margin: -6px 0; border-radius: 8px;
        background: {knob}; border: 1px solid {mix(c.border, c.text, 0.3).name()}; }}
    QSlider::handle:horizontal:hover, QSlider::handle:horizontal:focus {{
        border-color: {accent}; }}
    QSlider::sub-page:horizontal:disabled {{ background: {mix(c.base, c.text, 0.3).name()}; }}

    QHeaderView::section {{ background: {mix(c.base, c.text, 0.04).name()}; color: {text};
        border: none; border-bottom: 1px solid {border}; border-right: 1px solid {border};
        padding: {s.TIGHT}px {s.TIGHT + 2}px; font-weight: 600; }}
    QTabBar::tab {{ background: transparent; color: {muted}; border: none;
        border-bottom: 2px solid transparent; padding: {s.TIGHT + 2}px {s.MARGIN}px; }}
    QTabBar::tab:hover {{ color: {text}; }}
    QTabBar::tab:selected {{ color: {text}; border-bottom-color: {c.accent.name()}; }}
    QDockWidget {{ titlebar-close-icon: url({icon_file("close", c.muted)}); }}
    QDockWidget::title {{ padding: {s.GAP}px {s.MARGIN}px {s.TIGHT}px; }}

    QProgressBar {{ background: {mix(c.base, c.text, 0.08).name()}; border: none;
        border-radius: 3px; max-height: 6px; }}
    QProgressBar::chunk {{ background: {c.accent.name()}; border-radius: 3px; }}
    QToolTip {{ background: {field}; color: {text}; border: 1px solid {border};
        padding: {s.TIGHT}px {s.GAP}px; }}
    """


def style_sheet(palette: QPalette) -> str:
    c = Colours.from_palette(palette)
    base, text, accent = c.base.name(), c.text.name(), c.accent.name()
    border, muted, hover, selected = c.border.name(), c.muted.name(), c.hover, c.selected
    notices = {
        "error": ("#ef4444", 0.14 if c.dark else 0.09),
        "warning": ("#f59e0b", 0.16 if c.dark else 0.12),
        "info": (accent, 0.14 if c.dark else 0.09),
    }
    notice_rules = "\n".join(
        f"""#noticeBar[kind="{kind}"] {{ background: {mix(c.base, QColor(colour), amount).name()};
            border-bottom: 1px solid {mix(c.base, QColor(colour), amount * 3).name()}; }}"""
        for kind, (colour, amount) in notices.items()
    )
    return f"""
    {_controls(c)}
    #sidebar {{ background: {c.sidebar.name()}; }}
    #chatArea, #welcome, #welcomeContent {{ background: {base}; }}
    #welcomeScroll {{ background: transparent; }}
    #mainSplitter::handle {{ background: {border}; width: 1px; }}
    #conversationList {{ background: transparent; outline: 0; }}
    #conversationList::item {{ padding: {s.GAP - 1}px {s.GAP}px; border-radius: {s.RADIUS}px;
        margin: 1px 0; }}
    #conversationList::item:hover {{ background: {hover.name()}; }}
    #conversationList::item:selected {{ background: {selected.name()}; color: {text}; }}
    #conversationList::item:disabled {{ color: {muted}; }}
    #searchField {{ padding: {s.GAP - 2}px {s.GAP}px; border-radius: {s.RADIUS}px; }}
    #newChatButton {{ padding: {s.GAP - 1}px {s.MARGIN}px; border-radius: {s.RADIUS}px;
        background: {base}; text-align: left; font-weight: 600; }}
    #newChatButton:hover {{ background: {hover.name()}; }}
    #composer {{ background: {base}; }}
    #composerEdit {{ border: 1px solid {border}; border-radius: {s.RADIUS_LARGE}px;
        padding: {s.GAP - 2}px {s.GAP}px; background: {base}; }}
    #composerEdit:focus {{ border: 1px solid {mix(c.border, c.accent, 0.7).name()}; }}
    #sendButton, #primaryButton {{ background: {accent}; color: {c.accent_text.name()};
        border: none; border-radius: {s.RADIUS}px; padding: {s.GAP}px {s.WIDE + 2}px;
        font-weight: 600; }}
    #sendButton:hover, #primaryButton:hover {{ background: {mix(c.accent, c.text, 0.12).name()}; }}
    #sendButton:disabled {{ background: {mix(c.base, c.text, 0.12).name()}; color: {muted}; }}
    #sendButton[stop="true"] {{ background: {mix(c.base, c.text, 0.75).name()}; color: {base}; }}
    #secondaryButton {{ border-radius: {s.RADIUS}px; padding: {s.GAP - 1}px {s.WIDE}px;
        background: {base}; }}
    #secondaryButton:hover {{ background: {hover.name()}; }}
    #welcomeTitle {{ font-size: 22pt; font-weight: 600; }}
    #welcomeBody {{ color: {muted}; font-size: 11pt; }}
    #taskCard {{ border: 1px solid {border}; border-radius: {s.RADIUS_LARGE}px;
        background: {base}; }}
    #taskCard:hover {{ background: {mix(c.base, c.text, 0.04).name()};
        border-color: {mix(c.border, c.accent, 0.45).name()}; }}
    #taskCard:focus {{ border: 1px solid {mix(c.border, c.accent, 0.8).name()}; }}
    #taskCardName {{ font-weight: 600; }}
    #taskCardAbout {{ color: {muted}; }}
    #noticeBar QLabel {{ color: {text}; }}
    {notice_rules}
    QStatusBar {{ background: {c.window.name()}; border-top: 1px solid {border}; }}
    QStatusBar QLabel {{ color: {muted}; padding: 0 {s.GAP - 2}px; }}
    QLabel[role="hint"] {{ color: {muted}; }}
    #requestLog {{ border: 1px solid {border}; border-radius: {s.RADIUS}px; background: {base}; }}
    {focus_rules(c)}
    """


def focus_rules(c: Colours) -> str:
    """Where the keyboard is, visible on every part it reaches: a 2 px ring in the focus
    colour (in the text colour on accent buttons), its padding 1 px less so nothing moves."""
    ring, on_accent = c.focus.name(), c.text.name()
    return f"""
    #conversationList::item:focus {{ border: 2px solid {ring};
        padding: {s.GAP - 3}px {s.GAP - 2}px; }}
    #searchField:focus {{ border: 2px solid {ring}; padding: {s.GAP - 3}px {s.GAP - 1}px; }}
    #newChatButton:focus {{ border: 2px solid {ring}; padding: {s.GAP - 2}px {s.MARGIN - 1}px; }}
    #composerEdit:focus {{ border: 2px solid {ring}; padding: {s.GAP - 3}px {s.GAP - 1}px; }}
    #sendButton:focus, #primaryButton:focus {{ border: 2px solid {on_accent};
        padding: {s.GAP - 2}px {s.WIDE}px; }}
    #secondaryButton:focus {{ border: 2px solid {ring}; padding: {s.GAP - 2}px {s.WIDE - 1}px; }}
    #taskCard:focus {{ border: 2px solid {ring}; }}
    QTreeView:focus, QListView:focus {{ outline: 0; }}
    QTreeView::item:focus, QListView::item:focus {{ border: 2px solid {ring}; }}
    """


def apply_style(app: QApplication, appearance: str = "system") -> None:
    """Use the platform's style (Fusion where there is none) with our touches on top, in
    ``appearance``; follow the system's colour scheme as it changes."""
    if sys.platform.startswith("linux") and app.style().name().lower() == "windows":
        app.setStyle("Fusion")
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: _refresh(app))
    set_appearance(app, appearance)


def set_appearance(app: QApplication, appearance: str) -> None:
    """Show the window light, dark or as the system is ("system"), at once."""
    if appearance not in APPEARANCES:
        appearance = "system"
    app.setProperty(_APPEARANCE, appearance)
    app.styleHints().setColorScheme(
        {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
            appearance, Qt.ColorScheme.Unknown
        )
    )
    _refresh(app)


def _refresh(app: QApplication) -> None:
    chosen = app.property(_APPEARANCE) or "system"
    system_dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    wants_dark = chosen == "dark" or (chosen == "system" and system_dark)
    if wants_dark != is_dark(app.palette()):  # the platform theme did not follow
        if wants_dark:
            app.setStyle("Fusion")  # styles such as Windows' ignore a dark palette
            app.setPalette(dark_palette())
        else:
            app.setPalette(QPalette())  # the platform's own palette again
            if is_dark(app.palette()):  # ... which is dark: light needs Fusion's own
                app.setStyle("Fusion")
                app.setPalette(app.style().standardPalette())
    muted = Colours.from_palette(app.palette()).muted
    if app.palette().color(QPalette.ColorRole.PlaceholderText) != muted:
        palette = app.palette()  # hints in empty fields are secondary text too
        palette.setColor(QPalette.ColorRole.PlaceholderText, muted)
        app.setPalette(palette)
    app.setStyleSheet(style_sheet(app.palette()))


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
