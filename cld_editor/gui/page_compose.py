"""One printed page of the diagram: paper, orientation, title, drawing and legend.

The PDF export and File > Print (with its preview) both paint through
:func:`paint_page`, so a printed sheet and a PDF of the same diagram are the
same picture.  The page is composed in points (1/72 inch) whatever the
device's resolution: the painter is scaled from device pixels to points
first, and the diagram, whose fonts are sized in scene units, is then scaled
as one drawing, so its text keeps its size relative to the boxes and arrows.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Mapping

from PySide6.QtCore import QLocale, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPageLayout, QPageSize, QPagedPaintDevice, QPainter, QPen

from .canvas.fonts import scene_font

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
#: Countries whose offices use US Letter paper; everywhere else uses A4.
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "DO", "PR",
                                "SV", "NI", "BZ"})
MARGIN_PT = 28.0  # about 1 cm: inside what office printers can reach
TITLE_PT = 15.0
LEGEND_PT = 8.5
GAP_PT = 10.0
#: A small diagram is printed no larger than this many points per canvas unit (names then 14 pt).
MAX_SCALE = 1.0


@dataclass(frozen=True)
class PageOptions:
    """What goes on the page besides the drawing.

    ``paper`` is ``"a4"`` or ``"letter"`` (empty: from the locale); ``title``
    is printed above the drawing when not empty; ``legend`` adds a line that
    explains R, B, +, − (and ?, delay when the diagram has them).
    """

    paper: str = ""
    title: str = ""
    legend: bool = False



@contextmanager
def exporting(scene, background: bool = True) -> Iterator[QRectF]:
    """Hide selection marks and the grid while painting; yield the area to draw.

    ``background=False`` leaves the canvas colour out (a printed page keeps its paper white).
    """
    scene.place_marks()  # signs and delay marks settled among their neighbours before anything is drawn
    selected = scene.selectedItems()
    far = scene.far
    scene.set_far(False)  # an export always draws every item in full
    scene.exporting = True
    scene.export_background = background
    try:
        yield scene.content_rect(24)
    finally:
        scene.exporting = False
        scene.export_background = True
        scene.set_far(far)
        for item in selected:
            item.setSelected(True)


def paper_for_locale(env: Mapping[str, str] | None = None, system_name: str | None = None) -> str:
    """``"letter"`` where the locale's country uses US Letter, else ``"a4"``.

    The paper locale (``LC_PAPER``) wins, as on Linux; ``LC_ALL`` overrides it;
    otherwise the system locale name (``en_US``) decides.

    Examples
    --------
    >>> paper_for_locale({"LANG": "en_US.UTF-8"})
    'letter'
    >>> paper_for_locale({"LANG": "en_US.UTF-8", "LC_PAPER": "en_GB.UTF-8"})
    'a4'
    >>> paper_for_locale({"LC_ALL": "C"}, system_name="en_CA")
    'a4'
    >>> paper_for_locale({}, system_name="fr_CA")
    'letter'
    """
    env = os.environ if env is None else env
    name = env.get("LC_ALL") or env.get("LC_PAPER") or env.get("LANG")
    if not name:
        name = system_name if system_name is not None else QLocale.system().name()
    territory = name.split(".")[0].split("@")[0].partition("_")[2].upper()
    return "letter" if territory in LETTER_TERRITORIES else "a4"


def fit_scale(content: tuple[float, float], area: tuple[float, float], largest: float = MAX_SCALE) -> float:
    """Points per canvas unit that fit ``content`` (w, h) into ``area`` (w, h), at most ``largest``.

    Examples
    --------
    >>> fit_scale((1000, 500), (500, 500))
    0.5
    >>> fit_scale((100, 100), (500, 500))
    1.0
    """
    width, height = max(content[0], 1e-6), max(content[1], 1e-6)
    return max(0.0, min(area[0] / width, area[1] / height, largest))


def _bands(options: PageOptions) -> float:
    """Height in points taken by the title and the legend."""
    height = 0.0
    if options.title:
        height += TITLE_PT * 1.4 + GAP_PT
    if options.legend:
        height += LEGEND_PT * 2.6 + GAP_PT
    return height


def page_layout(content: QRectF, options: PageOptions) -> QPageLayout:
    """The paper in the orientation that prints ``content`` (canvas units) the largest."""
    paper = options.paper or paper_for_locale()
    size = QPageSize(PAPERS[paper])
    margins = QMarginsF(MARGIN_PT, MARGIN_PT, MARGIN_PT, MARGIN_PT)
    best: tuple[float, QPageLayout.Orientation] | None = None
    for orientation in (QPageLayout.Orientation.Portrait, QPageLayout.Orientation.Landscape):
        layout = QPageLayout(size, orientation, margins, QPageLayout.Unit.Point)
        paint = layout.paintRect(QPageLayout.Unit.Point)
        scale = fit_scale((content.width(), content.height()), (paint.width(), paint.height() - _bands(options)))
        if best is None or scale > best[0] + 1e-9:
            best = (scale, orientation)
    return QPageLayout(size, best[1], margins, QPageLayout.Unit.Point)  # type: ignore[index]


def paint_page(scene, painter: QPainter, device: QPagedPaintDevice, options: PageOptions) -> QRectF:
    """Paint the title, the diagram fitted and centred, and the legend on the current page.

    The painter is active on ``device`` (a PDF writer or a printer).  Returns
    the rectangle, in points from the printable area's top-left, that the
    diagram was drawn into.
    """
    paint = device.pageLayout().paintRect(QPageLayout.Unit.Point)
    to_points = device.logicalDpiX() / 72.0
    painter.save()
    painter.scale(to_points, device.logicalDpiY() / 72.0)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    top, bottom = 0.0, paint.height()
    theme = scene.theme
    if options.title:
        font = scene_font(round(TITLE_PT), bold=True)
        painter.setFont(font)
        painter.setPen(theme.text)
        text = QFontMetricsF(font).elidedText(options.title, Qt.TextElideMode.ElideRight, paint.width())
        painter.drawText(QRectF(0, 0, paint.width(), TITLE_PT * 1.4), Qt.AlignmentFlag.AlignHCenter
                         | Qt.AlignmentFlag.AlignTop, text)
        top += TITLE_PT * 1.4 + GAP_PT
    if options.legend:
        height = LEGEND_PT * 2.6
        _paint_legend(scene, painter, QRectF(0, bottom - height, paint.width(), height))
        bottom -= height + GAP_PT
    with exporting(scene, background=False) as rect:
        scale = fit_scale((rect.width(), rect.height()), (paint.width(), bottom - top))
        w, h = rect.width() * scale, rect.height() * scale
        target = QRectF((paint.width() - w) / 2, top + (bottom - top - h) / 2, w, h)
        scene.render(painter, target, rect, Qt.AspectRatioMode.KeepAspectRatio)
    painter.restore()
    return target


def _legend_entries(scene) -> list[tuple[str, str]]:
    """(mark, words) for the marks the legend explains; ? and delay only when the diagram has them."""
    links = scene.diagram.links.values()
    entries = [("R", "reinforcing loop"), ("B", "balancing loop"),
               ("+", "same direction"), ("-", "opposite direction")]
    if any(link.polarity == "?" for link in links):
        entries.append(("?", "sign not known"))
    if any(link.delay for link in links):
        entries.append(("delay", "delay"))
    return entries


def _paint_legend(scene, painter: QPainter, box: QRectF) -> None:
    """One centred line of marks drawn as on the canvas, each followed by its meaning."""
    from .canvas.link_item import GLYPHS
    from .canvas.loop_label_item import LoopLabelItem

    theme = scene.theme
    font = scene_font(round(LEGEND_PT))
    metrics = QFontMetricsF(font)
    mark_w, space = LEGEND_PT * 2.0, LEGEND_PT * 1.6
    entries = _legend_entries(scene)
    total = sum(mark_w + 4 + metrics.horizontalAdvance(words) for _, words in entries) + space * (len(entries) - 1)
    x = box.left() + max(0.0, (box.width() - total) / 2)
    y = box.center().y()
    painter.setPen(QPen(theme.muted, 0.5))
    painter.drawLine(QPointF(box.left(), box.top()), QPointF(box.right(), box.top()))
    arc, head = LoopLabelItem._build_arc()
    code_font = scene_font(round(LEGEND_PT), bold=True)
    glyph_font = scene_font(round(LEGEND_PT * 1.5), bold=True)
    for mark, words in entries:
        centre = QPointF(x + mark_w / 2, y)
        if mark in ("R", "B"):
            colour = theme.reinforcing if mark == "R" else theme.balancing
            painter.save()
            painter.translate(centre)
            painter.scale(0.45, 0.45)
            painter.setPen(QPen(colour, 1.8))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(arc)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawPolygon(head)
            painter.restore()
            painter.setPen(colour)
            painter.setFont(code_font)
            painter.drawText(QRectF(centre.x() - 8, centre.y() - 8, 16, 16), Qt.AlignmentFlag.AlignCenter, mark)
        elif mark == "delay":
            painter.setPen(QPen(theme.link, 1.0))
            painter.drawLine(QPointF(x, y), QPointF(x + mark_w, y))
            for dx in (-1.5, 1.5):
                painter.drawLine(QPointF(centre.x() + dx, y - 4), QPointF(centre.x() + dx, y + 4))
        else:
            colour = {"+": theme.positive, "-": theme.negative, "?": theme.unknown}[mark]
            painter.setPen(colour)
            painter.setFont(glyph_font)
            painter.drawText(QRectF(x, y - LEGEND_PT, mark_w, 2 * LEGEND_PT), Qt.AlignmentFlag.AlignCenter,
                             GLYPHS[mark])
        x += mark_w + 4
        painter.setPen(theme.text)
        painter.setFont(font)
        width = metrics.horizontalAdvance(words)
        painter.drawText(QRectF(x, y - LEGEND_PT, width + 2, 2 * LEGEND_PT),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, words)
        x += width + space
