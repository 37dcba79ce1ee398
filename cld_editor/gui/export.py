"""Export the diagram as drawn: PNG (chosen scale), SVG (text stays text), PDF, print, clipboard.

PDF and print put the drawing on a real sheet (A4 or Letter) through
:mod:`~cld_editor.gui.page_compose`; the canvas's fonts are sized in scene
units, so text keeps its size relative to the drawing on every device.

The same :class:`~cld_editor.gui.canvas.DiagramScene` and items that the
window shows do the drawing, so an export looks exactly like the canvas
(without selection marks or the grid).  ``export_diagram_headless`` serves the
command line: it makes an offscreen Qt application if none is running.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPagedPaintDevice, QPainter, QPdfWriter

from ..core.diagram import Diagram
from ..core.errors import CldError
from .page_compose import PageOptions, exporting, page_layout, paint_page
from .theme import LIGHT, Theme

EXPORT_FORMATS = (".png", ".svg", ".pdf")


class ExportError(CldError):
    """An export that could not be written."""


def render_image(scene, scale: float = 2.0, transparent: bool = False) -> QImage:
    """The diagram as an image, ``scale`` pixels per canvas unit."""
    with exporting(scene, background=not transparent) as rect:
        size = QSize(max(1, round(rect.width() * scale)), max(1, round(rect.height() * scale)))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(1.0)
        image.fill(Qt.GlobalColor.transparent if transparent else scene.theme.canvas)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        scene.render(painter, QRectF(0, 0, size.width(), size.height()), rect)
        painter.end()
    return image


def export_png(scene, path: str | os.PathLike[str], scale: float = 2.0) -> None:
    image = render_image(scene, scale)
    dpm = round(96 * scale / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    if not image.save(str(path), "PNG"):
        raise ExportError("could not write the image", str(path), "check the folder exists and is writable")


def export_svg(scene, path: str | os.PathLike[str], title: str = "") -> None:
    from PySide6.QtSvg import QSvgGenerator

    with exporting(scene) as rect:
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(round(rect.width()), round(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(title or "Causal loop diagram")
        generator.setDescription("Drawn with cld-editor")
        painter = QPainter()
        if not painter.begin(generator):
            raise ExportError("could not write the SVG file", str(path), "check the folder exists and is writable")
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()


def paint_on_pages(scene, device: QPagedPaintDevice, painter: QPainter | None = None,
                   options: PageOptions | None = None) -> None:
    """Paint the diagram on one page of ``device`` (PDF writer or printer), composed by :func:`paint_page`.

    ``painter`` is one already active on ``device`` (a print preview hands one over).
    """
    own = painter is None
    painter = painter or QPainter()
    if own and not painter.begin(device):
        raise ExportError("could not start the document", hint="check the file or printer")
    paint_page(scene, painter, device, options or PageOptions())
    if own:
        painter.end()


def export_pdf(scene, path: str | os.PathLike[str], title: str = "", options: PageOptions | None = None) -> None:
    """Write one vector page (A4 or Letter, turned to fit) with the fonts embedded.

    ``title`` names the document; ``options`` says what the page shows (by
    default the paper of the locale and the drawing alone).
    """
    options = options or PageOptions()
    writer = QPdfWriter(str(path))
    writer.setTitle(options.title or title or "Causal loop diagram")
    writer.setCreator("cld-editor")
    writer.setResolution(1200)  # device units only: the page is composed in points, text stays text
    with exporting(scene) as rect:
        writer.setPageLayout(page_layout(rect, options))
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError("could not write the PDF file", str(path), "check the folder exists and is writable")
    paint_page(scene, painter, writer, options)
    painter.end()
    if not Path(path).exists():
        raise ExportError("could not write the PDF file", str(path), "check the folder exists and is writable")


def export_scene(scene, path: str | os.PathLike[str], scale: float = 2.0, title: str = "",
                 page: PageOptions | None = None) -> None:
    """Write the scene to ``path``; the extension chooses PNG, SVG or PDF (laid out by ``page``)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".png":
        export_png(scene, path, scale)
    elif suffix == ".svg":
        export_svg(scene, path, title)
    elif suffix == ".pdf":
        export_pdf(scene, path, title, page)
    else:
        raise ExportError(f"cannot export to {suffix or 'a file without extension'!r}", str(path),
                          "use .png, .svg or .pdf")


def ensure_app() -> QGuiApplication:
    """Return the running Qt application, starting an offscreen one if there is none."""
    app = QGuiApplication.instance()
    if app is None:
        # Headless work needs no display: a missing X server must not abort the export.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        app = QApplication(["cld-editor"])
    return app  # type: ignore[return-value]


def export_diagram_headless(diagram: Diagram, path: str | os.PathLike[str], scale: float = 2.0,
                            theme: Theme = LIGHT, page: PageOptions | None = None) -> None:
    """Render ``diagram`` as drawn to ``.png`` (``scale`` px per unit), ``.svg`` or ``.pdf`` (laid out by ``page``).

    Used by ``cld-editor export``; works without a display.
    """
    ensure_app()
    from .canvas.scene import DiagramScene

    scene = DiagramScene(diagram.copy(), theme=theme)
    try:
        export_scene(scene, path, scale, diagram.title, page)
    finally:
        scene.detach()
        scene.deleteLater()
