"""The application icon as packages need it, drawn from the one source: resources/icons/clerk.svg."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "clerk.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(out: Path, size: int = 256, svg: Path = SVG) -> Path:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"not a valid SVG icon: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out)):  # format from the .png suffix
        raise OSError(f"could not write {out}")
    return out


def render_ico(out: Path, svg: Path = SVG) -> Path:
    """A Windows icon with every usual size (the program file and the Start-menu shortcut)."""
    png = render_png(out.with_suffix(".png"), 256, svg)
    with Image.open(png) as image:
        image.save(out, sizes=[(s, s) for s in ICO_SIZES])
    return out
