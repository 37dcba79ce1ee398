"""A free-text note on the canvas: a soft card the user can place anywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QTextDocument, QTextOption
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...analysis.layout import NOTE_PAD, NOTE_WIDTH
from ...core.elements import Note
from .fonts import NOTE_PX, scene_font

if TYPE_CHECKING:
    from .scene import DiagramScene

DEFAULT_WIDTH = NOTE_WIDTH
PAD = NOTE_PAD


class NoteItem(QGraphicsItem):
    """Draws one :class:`Note`; its position is the note's top-left corner."""

    kind = "note"

    def __init__(self, note: Note) -> None:
        super().__init__()
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        self.setZValue(1)
        self.note = note
        self._doc = QTextDocument()
        self._doc.setDefaultFont(scene_font(NOTE_PX))
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        self._doc.setDefaultTextOption(option)
        self.set_note(note)

    @property
    def element_id(self) -> str:
        return self.note.id

    def set_note(self, note: Note) -> None:
        self.prepareGeometryChange()
        self.note = note
        self._doc.setPlainText(note.text)
        self._doc.setTextWidth(note.width or DEFAULT_WIDTH)
        size = self._doc.size()
        self._rect = QRectF(0, 0, size.width() + 2 * PAD, size.height() + 2 * PAD)
        if self.pos() != QPointF(note.x, note.y):
            self.setPos(note.x, note.y)
        self.update()

    def drawn_rect(self) -> QRectF:
        """The card, in item coordinates (what signs keep off)."""
        return self._rect

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene: DiagramScene = self.scene()  # type: ignore[assignment]
        theme = scene.theme
        selected = self.isSelected() and not scene.exporting
        painter.setPen(QPen(theme.selection if selected else theme.note_border, 1.5 if selected else 1.0))
        painter.setBrush(theme.note_fill)
        painter.drawRoundedRect(self._rect, 4, 4)
        painter.setPen(theme.text)
        painter.setFont(self._doc.defaultFont())
        painter.drawText(self._rect.adjusted(PAD, PAD, -PAD, -PAD),
                         int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft), self.note.text)
