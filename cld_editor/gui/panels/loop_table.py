"""The table behind the Loops panel: 10^5 loops, filtered and sorted without a proxy.

A :class:`QSortFilterProxyModel` would call Python once per row for every
filter change; here the model keeps the loops in a plain list and a list of
the row order, and filters and sorts those with list operations.  The view
asks only for the rows it shows.
"""

from __future__ import annotations

from math import cos, radians, sin
from typing import Any, Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

from ...analysis.evidence import confidence_sort_key, weakest
from ...analysis.loops import Loop
from ...core.diagram import Diagram
from ...core.words import plural
from ..theme import LIGHT, Theme

COLUMNS = ("Loop", "Polarity", "Length", "Delay", "Confidence", "Variables")
NAME, POLARITY, LENGTH, DELAY, CONFIDENCE, MEMBERS = range(6)
POLARITY_TEXT = {"R": "Reinforcing", "B": "Balancing", "?": "Unknown"}
ARROW = " \u2192 "


def polarity_colour(polarity: str, theme: Theme) -> QColor:
    return {"R": theme.reinforcing, "B": theme.balancing}.get(polarity, theme.unknown)


def polarity_icon(polarity: str, theme: Theme = LIGHT, size: int = 32) -> QIcon:
    """A loop icon: a circular arrow around the letter R, B or ? (the shape tells, not the colour).

    In a selected row the icon is drawn white, to stand out on the selection colour.
    """
    icon = QIcon(_polarity_pixmap(polarity, polarity_colour(polarity, theme), size))
    icon.addPixmap(_polarity_pixmap(polarity, QColor("#ffffff"), size), QIcon.Mode.Selected)
    return icon


def _polarity_pixmap(polarity: str, colour: QColor, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, size * 0.09)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    margin = size * 0.12
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    path = QPainterPath()
    path.arcMoveTo(rect, 110)
    path.arcTo(rect, 110, 300)
    painter.drawPath(path)
    # Arrow head at the end of the arc (at 50 degrees, going counter-clockwise).
    end = path.currentPosition()
    tangent = path.angleAtPercent(1.0)
    head = QPainterPath()
    head.moveTo(end)
    for delta in (150, -150):
        a = radians(tangent + delta)
        head.lineTo(end + QPointF(cos(a) * size * 0.2, -sin(a) * size * 0.2))
        head.moveTo(end)
    painter.drawPath(head)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.42))
    painter.setFont(font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, {"R": "R", "B": "B"}.get(polarity, "?"))
    painter.end()
    return pixmap


def _name_number(name: str) -> int:
    digits = name[1:]
    return int(digits) if digits.isdigit() else 0


class LoopTableModel(QAbstractTableModel):
    """Loops as rows; :meth:`set_filter` and :meth:`sort` change which rows show, in what order."""

    def __init__(self, diagram: Diagram, theme: Theme = LIGHT, parent=None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.theme = theme
        self.loops: list[Loop] = []
        self.rows: list[int] = []  # indices into self.loops, in display order
        self.polarities: set[str] = {"R", "B", "?"}
        self.through: set[str] = set()
        self.max_length: int | None = None
        self.text = ""
        self.sort_column = LENGTH
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._icons = {p: polarity_icon(p, theme) for p in "RB?"}
        self._members_text: dict[int, str] = {}

    # ------------------------------------------------------------ Qt API
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        i = self.rows[index.row()]
        loop = self.loops[i]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return loop.name
            if column == POLARITY:
                return POLARITY_TEXT[loop.polarity]
            if column == LENGTH:
                return loop.length
            if column == DELAY:
                return "Delay" if loop.delayed else ""
            if column == CONFIDENCE:
                return self.confidence(i) or ""
            return self.members_text(i)
        if role == Qt.ItemDataRole.DecorationRole and column == POLARITY:
            return self._icons[loop.polarity]
        if role == Qt.ItemDataRole.ToolTipRole:
            word = POLARITY_TEXT[loop.polarity].lower()
            delay = ", with a delay" if loop.delayed else ""
            return f"{loop.name}: a {word} loop of {plural(loop.length, 'variable')}{delay}\n{self.members_text(i)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LENGTH:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return loop
        return None

    # ----------------------------------------------------------- content
    def members_text(self, i: int) -> str:
        text = self._members_text.get(i)
        if text is None:
            variables = self.diagram.variables
            names = [variables[v].name if v in variables else "?" for v in self.loops[i].variables]
            text = ARROW.join(names)
            self._members_text[i] = text
        return text

    def confidence(self, i: int) -> str | None:
        """The loop's confidence: its weakest link's (read live, so an edit shows at once)."""
        links = self.diagram.links
        return weakest(links[lid].evidence.confidence if lid in links else None for lid in self.loops[i].links)

    def rename_variable(self) -> None:
        """A variable was renamed: the members column shows new names."""
        self._members_text = {}
        if self.rows:
            self.dataChanged.emit(self.index(0, MEMBERS), self.index(len(self.rows) - 1, MEMBERS))

    def clear(self) -> None:
        self.beginResetModel()
        self.loops = []
        self.rows = []
        self._members_text = {}
        self.endResetModel()

    def append(self, loops: Iterable[Loop]) -> None:
        """Add loops that arrived from the search (in name order)."""
        start = len(self.loops)
        self.loops.extend(loops)
        new = [i for i in range(start, len(self.loops)) if self._accepts(i)]
        if not new:
            return
        if self._arrival_order():
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self.rows.extend(new)
            self.endInsertRows()
        else:
            self.layoutAboutToBeChanged.emit()
            self.rows.extend(new)
            self._sort_rows()
            self.layoutChanged.emit()

    def loop_at(self, row: int) -> Loop | None:
        return self.loops[self.rows[row]] if 0 <= row < len(self.rows) else None

    def row_of(self, members: frozenset[str]) -> int:
        """The row showing the loop with these members, or -1."""
        for row, i in enumerate(self.rows):
            if frozenset(self.loops[i].variables) == members:
                return row
        return -1

    # ------------------------------------------------------------ filter
    def set_filter(self, polarities: Iterable[str] | None = None, through: Iterable[str] | None = None,
                   max_length: int | None = -1, text: str | None = None) -> None:
        """Change the filters given (``None`` leaves a filter as it is; ``max_length=None`` lifts it)."""
        if polarities is not None:
            self.polarities = set(polarities)
        if through is not None:
            self.through = set(through)
        if max_length != -1:
            self.max_length = max_length
        if text is not None:
            self.text = text.strip().casefold()
        self.beginResetModel()
        self.rows = [i for i in range(len(self.loops)) if self._accepts(i)]
        self._sort_rows()
        self.endResetModel()

    def _accepts(self, i: int) -> bool:
        loop = self.loops[i]
        if loop.polarity not in self.polarities:
            return False
        if self.max_length is not None and loop.length > self.max_length:
            return False
        if self.through and self.through.isdisjoint(loop.variables):
            return False
        if self.text:
            return self.text in loop.name.casefold() or self.text in self.members_text(i).casefold()
        return True

    # -------------------------------------------------------------- sort
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_loops = [self.rows[ix.row()] if ix.row() < len(self.rows) else None for ix in old]
        self.sort_column, self.sort_order = column, order
        self._sort_rows()
        where = {i: row for row, i in enumerate(self.rows)}
        self.changePersistentIndexList(
            old, [self.index(where[i], ix.column()) if i in where else QModelIndex() for ix, i in zip(old, old_loops)]
        )
        self.layoutChanged.emit()

    def _arrival_order(self) -> bool:
        return self.sort_column == LENGTH and self.sort_order == Qt.SortOrder.AscendingOrder

    def _sort_rows(self) -> None:
        loops = self.loops
        column = self.sort_column
        if column == NAME:
            def key(i: int):
                return (loops[i].name[0], _name_number(loops[i].name))
        elif column == POLARITY:
            def key(i: int):
                return ("RB?".index(loops[i].polarity), i)
        elif column == DELAY:
            def key(i: int):
                return (not loops[i].delayed, i)
        elif column == CONFIDENCE:
            def key(i: int):
                return (confidence_sort_key(self.confidence(i)), i)
        elif column == MEMBERS:
            def key(i: int):
                return (self.members_text(i).casefold(), i)
        else:
            key = None  # arrival order is length order
        self.rows.sort(key=key, reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
