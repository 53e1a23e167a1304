"""Render the application icon (resources/icons/llamadesk.svg) for the installers.

    python packaging/render_icons.py build/icons

writes, with nothing but PySide6 (offscreen, no display and no external tools):

    llamadesk-<size>.png   16 ... 1024 px: the Linux hicolor theme, the preview sheet
    llamadesk.ico          Windows: 16, 24, 32, 48, 64, 128 and 256 px in one file
    llamadesk.icns         macOS: 16 ... 1024 px (PNG entries, macOS 10.7+)
    preview.png            every size side by side, to look at small sizes at a glance
    line-icons.png         the window's line icons (resources/icons/*.svg but the app's)
                           at 16, 24 and 48 px, drawn as the window draws them: in the
                           text colour of the light and of the dark appearance
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "llamadesk.svg"
LINE_ICON_SIZES = (16, 24, 48)
APPEARANCES = (("#ffffff", "#1a1a1a"), ("#17181a", "#e6e6e6"))  # background, text
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types holding PNG data, by pixel size (the @2x types share a size).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128@2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256@2x
    (b"ic10", 1024),  # 512@2x
)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (Windows Vista and later)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    directory, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + directory + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    entries = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(entries)) + entries


def preview(renderer: QSvgRenderer) -> QImage:
    """Every size side by side, on a light row and on a dark row."""
    sizes = (16, 24, 32, 48, 64, 128, 256)
    margin, row_height = 16, 256 + 32
    width = sum(sizes) + margin * (len(sizes) + 1)
    sheet = QImage(width, 2 * row_height, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(sheet)
    for row, background in enumerate(("#ffffff", "#2b2b2b")):
        painter.fillRect(0, row * row_height, width, row_height, QColor(background))
        x = margin
        for size in sizes:
            painter.drawImage(x, row * row_height + margin + 256 - size, render(renderer, size))
            x += size + margin
    painter.end()
    return sheet


def line_icons() -> QImage:
    """Every line icon, a row per appearance, stroked as ``currentColor`` becomes there."""
    names = sorted(p.stem for p in SVG.parent.glob("*.svg") if p != SVG)
    margin, cell = 12, sum(size + 4 for size in LINE_ICON_SIZES)
    row_height = max(LINE_ICON_SIZES) + 2 * margin
    width = margin + len(names) * (cell + margin)
    sheet = QImage(width, len(APPEARANCES) * row_height, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(sheet)
    for row, (background, stroke) in enumerate(APPEARANCES):
        top = row * row_height
        painter.fillRect(0, top, width, row_height, QColor(background))
        x = margin
        for name in names:
            svg = (SVG.parent / f"{name}.svg").read_text(encoding="utf-8")
            renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", stroke).encode()))
            for size in LINE_ICON_SIZES:
                painter.drawImage(
                    x, top + margin + max(LINE_ICON_SIZES) - size, render(renderer, size)
                )
                x += size + 4
            x += margin
    painter.end()
    return sheet


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    _app = QGuiApplication.instance() or QGuiApplication([argv[0]])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    pngs = {size: png_bytes(render(renderer, size)) for size in PNG_SIZES}
    for size, data in pngs.items():
        (out / f"llamadesk-{size}.png").write_bytes(data)
    (out / "llamadesk.ico").write_bytes(ico_bytes(pngs))
    (out / "llamadesk.icns").write_bytes(icns_bytes(pngs))
    preview(renderer).save(str(out / "preview.png"))
    line_icons().save(str(out / "line-icons.png"))
    print(f"icons written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
