"""Toolbar and menu icons drawn from the project's own SVG files, tinted for the theme.

The SVG files (resources/icons/) are drawn in one ink colour, ``#333333``,
which is replaced by the theme's text colour so icons stay readable in dark
mode.  Icons are rendered at several sizes for crisp high-DPI toolbars.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap

INK = "#333333"


def icon_dir() -> Path:
    """Where the icon files are: the installed data folder (see :mod:`cld_editor.paths`), else the package or tree."""
    from ..paths import resource

    here = Path(__file__).resolve().parent.parent
    for candidate in (resource("icons"), here / "resources" / "icons", here.parent / "resources" / "icons"):
        if candidate.is_dir():
            return candidate
    return here.parent / "resources" / "icons"


@lru_cache(maxsize=None)
def icon(name: str, colour: str = INK) -> QIcon:
    """The icon ``name`` (file ``name.svg``) in ``colour``; an empty icon if the file is missing."""
    from PySide6.QtSvg import QSvgRenderer

    path = icon_dir() / f"{name}.svg"
    if not path.is_file():
        return QIcon()
    data = path.read_text(encoding="utf-8").replace(INK, colour)
    renderer = QSvgRenderer(QByteArray(data.encode("utf-8")))
    result = QIcon()
    for size in (16, 20, 24, 32, 48, 64):
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(QPixmap.fromImage(image))
    return result
