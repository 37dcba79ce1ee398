"""The common shape of a canvas gesture: press, move, release, or cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGraphicsSceneMouseEvent

if TYPE_CHECKING:
    from ..scene import DiagramScene


class Gesture:
    """One drag on the canvas; the scene calls ``press`` once, ``move`` any number of times, then
    ``release`` or ``cancel``."""

    def __init__(self, scene: DiagramScene) -> None:
        self.scene = scene

    def press(self, event: QGraphicsSceneMouseEvent) -> None:
        """The left button went down where this gesture applies."""

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        """The pointer moved with the button held."""

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        """The button came up: finish, pushing at most one undo command."""

    def cancel(self) -> None:
        """Stop without changing the diagram (Esc during the drag)."""
