"""The one visual system: secondary text reads at WCAG AA (4.5:1) in light and dark, measured
on the real widgets as the window draws them; the appearance switch restyles at once."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QSpinBox,
    QStyle,
    QStyleOptionSlider,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core.store import MARK, SearchHit
from llamadesk.ui.common import Colours, contrast_ratio, is_dark, set_appearance
from llamadesk.ui.common.style import style_sheet
from llamadesk.ui.conversation import MessageItem
from llamadesk.ui.model_manager.style import Card
from llamadesk.ui.model_manager.style import style_sheet as manager_style_sheet
from tests.ui.window_helpers import make_window

AA = 4.5  # WCAG 2 AA, text
AA_GRAPHICS = 3.0  # WCAG 2 AA, the parts of a control one needs to see (an icon)


@pytest.fixture
def appearance(qapp):
    """Set the light or dark appearance; the application's own look again afterwards."""
    yield lambda name: set_appearance(qapp, name)
    qapp.setStyleSheet("")
    qapp.setPalette(QPalette())
    qapp.styleHints().setColorScheme(Qt.ColorScheme.Unknown)


def rendered_contrast(window: QWidget, widget: QWidget, area: QRect | None = None) -> float:
    """The contrast of the text in ``widget`` (``area`` of it, or all) as ``window`` draws
    it: the most common pixel is the background, and the pixel furthest from it is the
    text's own colour (antialiased edges only come closer to the background, never further)."""
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    ratio = window.devicePixelRatioF()
    area = area or widget.rect()
    corner = widget.mapTo(window, area.topLeft())
    pixels = Counter()
    for y in range(int(corner.y() * ratio), int((corner.y() + area.height()) * ratio)):
        for x in range(int(corner.x() * ratio), int((corner.x() + area.width()) * ratio)):
            pixels[image.pixel(x, y)] += 1
    background = QColor(pixels.most_common(1)[0][0])
    return max(contrast_ratio(QColor(p), background) for p in pixels)


def settle(qtbot) -> None:
    qtbot.wait(1)  # lets queued style and palette events through; waits for nothing else


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_secondary_text_reads_at_aa_on_every_surface(qapp, appearance, scheme):
    appearance(scheme)
    colours = Colours.from_palette(qapp.palette())
    assert colours.dark == (scheme == "dark")
    figures = {n: contrast_ratio(colours.muted, s) for n, s in colours.surfaces().items()}
    print(scheme, {n: round(r, 2) for n, r in figures.items()})
    assert min(figures.values()) >= AA, figures


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_footers_status_bar_and_subtitles_as_drawn(qtbot, qapp, appearance, scheme):
    appearance(scheme)
    window = make_window(qtbot)
    window.resize(1200, 800)
    window.view.set_messages(
        [
            MessageItem(id=1, role="user", content="Hello"),
            MessageItem(
                id=2,
                role="assistant",
                content="Hi there.",
                model="Tiny Llama · Q8_0",
                meta={"generated_tokens": 212, "tokens_per_second": 31.4},
            ),
        ]
    )
    window.pages.setCurrentWidget(window.view)
    manager = QWidget(window.view)  # a model manager card, with the manager's style sheet
    manager.setObjectName("modelManager")
    manager.setStyleSheet(manager_style_sheet(manager.palette()))
    card = Card("Llama 3.2 1B Instruct", "bartowski · 1.2M downloads · 3 days ago")
    QVBoxLayout(manager).addWidget(card)
    manager.setGeometry(20, 300, 420, 80)
    manager.show()
    settle(qtbot)
    answer = window.view.message_widget(2)
    measured = {
        "answer footer": answer.stats,
        "answer model name": answer.header,
        "status bar": window.status.model,
        "card subtitle": card.subtitle,
    }
    window.pages.setCurrentWidget(window.welcome)
    window.welcome.tasks.setVisible(True)
    settle(qtbot)
    welcome = {"task card subtitle": window.welcome.findChild(QWidget, "taskCardAbout")}
    figures = {name: rendered_contrast(window, w) for name, w in welcome.items()}
    snippet = f"… load the {MARK[0]}Q4_K_M{MARK[1]} file …"
    conversation = window.chat.conversation_id
    window.sidebar.set_search_results([SearchHit(conversation, "Quants", 2, "user", snippet, 0)])
    window.pages.setCurrentWidget(window.view)
    settle(qtbot)
    hits = window.sidebar.list
    figures["sidebar snippet"] = rendered_contrast(
        window, hits.viewport(), hits.visualItemRect(hits.item(0))
    )
    for name, widget in measured.items():
        assert widget.isVisible() and widget.width() > 0, name
        figures[name] = rendered_contrast(window, widget)
    icons = {
        "footer copy icon": rendered_contrast(window, answer.copy_button),
        "footer regenerate icon": rendered_contrast(window, answer.regenerate_button),
    }
    assert answer.copy_button.iconSize().width() >= 18
    print(scheme, {name: round(ratio, 2) for name, ratio in (figures | icons).items()})
    assert min(figures.values()) >= AA, figures
    assert min(icons.values()) >= AA_GRAPHICS, icons


def test_appearance_switch_restyles_at_once(qtbot, qapp, appearance):
    window = make_window(qtbot)
    appearance("dark")
    settle(qtbot)
    assert is_dark(qapp.palette()) and is_dark(window.palette())
    assert qapp.styleSheet() == style_sheet(qapp.palette())
    dark_sidebar = window.sidebar.grab().toImage().pixelColor(3, 3)
    appearance("light")
    settle(qtbot)
    assert not is_dark(qapp.palette()) and not is_dark(window.palette())
    light_sidebar = window.sidebar.grab().toImage().pixelColor(3, 3)
    assert light_sidebar.lightness() > 128 > dark_sidebar.lightness()


def test_scroll_bars_have_no_arrows_and_no_groove(qtbot, appearance):
    appearance("dark")
    area = QScrollArea()
    qtbot.addWidget(area)
    area.setWidget(QLabel("\n".join(f"line {n}" for n in range(200))))
    area.resize(300, 200)
    area.show()
    settle(qtbot)
    bar = area.verticalScrollBar()
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    for arrow in (QStyle.SubControl.SC_ScrollBarAddLine, QStyle.SubControl.SC_ScrollBarSubLine):
        rect = bar.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option, arrow, bar)
        assert rect.isEmpty() or rect.height() == 0, arrow
    groove = bar.style().subControlRect(
        QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarAddPage, bar
    )
    image = area.grab().toImage()
    below = bar.mapTo(area, groove.center())
    beside = bar.mapTo(area, groove.center()) - QPoint(bar.width(), 0)
    # the groove shows what is behind it: no dark trough (Fusion's) under the handle
    assert image.pixelColor(below) == image.pixelColor(beside)


def test_number_boxes_keep_their_numbers_off_the_border(qtbot, appearance):
    appearance("light")
    box = QSpinBox()
    qtbot.addWidget(box)
    box.show()
    settle(qtbot)
    assert box.alignment() & Qt.AlignmentFlag.AlignRight
