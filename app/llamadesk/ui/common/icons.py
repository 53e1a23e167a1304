"""Line icons from ``resources/icons/*.svg``, drawn in a colour taken from the palette.

The SVG files stroke with ``currentColor``, which QSvgRenderer does not resolve, so the
colour is written into the SVG text before rendering. Icons are cached per name and colour,
so the same icon in light and dark appearance costs two renders in all.
"""

from __future__ import annotations

import os
from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from llamadesk.core.paths import cache_dir, resources_dir

# Pixmap sizes kept in each icon: the common icon sizes at 1x and 2x device pixel ratio.
_SIZES = (16, 18, 20, 24, 32, 36, 40, 48, 64)
_DISABLED_OPACITY = 0.38

_icons: dict[tuple[str, int], QIcon] = {}


@cache
def _svg_text(name: str) -> str:
    return (resources_dir() / "icons" / f"{name}.svg").read_text(encoding="utf-8")


def _render(svg: str, size: int) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


def _coloured(name: str, color: QColor, opacity: float = 1.0) -> str:
    svg = _svg_text(name).replace("currentColor", color.name(QColor.NameFormat.HexRgb))
    alpha = color.alphaF() * opacity
    if alpha < 1.0:
        svg = svg.replace("<svg ", f'<svg opacity="{alpha:.3f}" ', 1)
    return svg


def icon_file(name: str, color: QColor) -> str:
    """A file holding ``resources/icons/<name>.svg`` stroked in ``color``, for style sheets
    (``image: url(...)``), which name images by path; written once per name and colour."""
    hex_colour = color.name(QColor.NameFormat.HexRgb)
    path = cache_dir() / "style-icons" / f"{name}-{hex_colour[1:]}.svg"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.part")
        temporary.write_text(_coloured(name, color), encoding="utf-8")
        temporary.replace(path)  # another LlamaDesk never reads half a file
    return path.as_posix()


def icon(name: str, color: QColor) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` stroked in ``color`` (cached)."""
    key = (name, color.rgba())
    cached = _icons.get(key)
    if cached is not None:
        return cached
    normal = _coloured(name, color)
    disabled = _coloured(name, color, _DISABLED_OPACITY)
    result = QIcon()
    for size in _SIZES:
        result.addPixmap(_render(normal, size), QIcon.Mode.Normal)
        result.addPixmap(_render(disabled, size), QIcon.Mode.Disabled)
    _icons[key] = result
    return result
