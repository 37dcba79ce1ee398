"""The quick overview of a large diagram zoomed far out.

Below :data:`FAR_ZOOM` labels cannot be read, and painting thousands of items
one by one costs far more than the 50 ms a repaint may take.  So the items are
made fully transparent (Qt then skips them, yet they stay selectable) and one
cached path draws every link, with a bar for each label, in the scene's
foreground.  Small diagrams, highlights and exports always draw in full.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

#: Below this zoom a large diagram is drawn as a quick overview (labels cannot be read there anyway).
FAR_ZOOM = 0.3
#: Diagrams with fewer variables and links than this always draw every item in full.
FAR_MIN_ITEMS = 1500


class OverviewMixin:
    """The overview part of :class:`~cld_editor.gui.canvas.scene.DiagramScene`."""

    def set_far(self, far: bool) -> None:
        """Switch the quick overview of a large diagram on (zoomed far out) or off.

        In the overview, variables and links are not painted one by one (they
        stay selectable); one cached path draws every link and a bar stands for
        each label.  Small diagrams, highlights and exports always draw in full.
        """
        far = far and self._highlighted is None and not self.exporting and \
            len(self.variables) + len(self.links) >= FAR_MIN_ITEMS
        if far == self.far:
            return
        self.far = far
        if far:
            for mapping in (self.variables, self.links):
                for item in mapping.values():
                    item.setOpacity(0.0)
        else:
            for mapping in (self.variables, self.links):
                for item in mapping.values():
                    item.setOpacity(1.0)
            self._apply_highlight()
        self._overview = None
        self.update()

    def overview_changed(self) -> None:
        """An item moved: the overview must be drawn again."""
        if self.far:
            self._overview = None
            self.update()

    def _build_overview(self) -> tuple[QPainterPath, QPainterPath, list[QRectF]]:
        lines, arrows = QPainterPath(), QPainterPath()
        for item in self.links.values():
            lines.addPath(item._path)
            arrows.addPolygon(item._arrow)
        rects = [item.scene_label_rect().adjusted(4, 5, -4, -5) for item in self.variables.values()]
        return lines, arrows, rects

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        if not self.far or self.exporting:
            return
        if self._overview is None:
            self._overview = self._build_overview()
        lines, arrows, rects = self._overview
        theme = self.theme
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # aliased: ten times cheaper here
        painter.setPen(QPen(theme.link, 0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(lines)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.link)
        painter.drawPath(arrows)
        painter.setBrush(theme.text)  # darker than the links, so the variables stand out
        painter.drawRects(rects)
        painter.setPen(QPen(theme.selection, 0))
        painter.setBrush(theme.selection)
        for item in self.selectedItems():
            if item.kind == "link":
                painter.drawPath(item._path)
            elif item.kind == "variable":
                painter.drawRect(item.scene_label_rect())
        painter.restore()
