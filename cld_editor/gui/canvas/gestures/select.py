"""Selecting, moving and bending: Qt's own item handling, finished as one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsScene

from .base import Gesture


class SelectGesture(Gesture):
    """Click to select, drag items to move them (one Move on release), drag on empty canvas for a band.

    A press on empty canvas also ends a loop highlight.
    """

    def press(self, event) -> None:
        if not self.scene.items(event.scenePos()):
            self.scene.dismiss_highlight()
        QGraphicsScene.mousePressEvent(self.scene, event)

    def move(self, event) -> None:
        QGraphicsScene.mouseMoveEvent(self.scene, event)

    def release(self, event) -> None:
        QGraphicsScene.mouseReleaseEvent(self.scene, event)
        self.scene.commit_moves()

    def cancel(self) -> None:
        scene = self.scene
        grabber = scene.mouseGrabberItem()
        if grabber is not None:
            grabber.ungrabMouse()
        scene.put_back_dragged()


class BendGesture(Gesture):
    """Drag a link's bend handle: the link item bends itself and pushes the Bend command on release."""

    def __init__(self, scene, link_item) -> None:
        super().__init__(scene)
        self.link_item = link_item

    def press(self, event) -> None:
        QGraphicsScene.mousePressEvent(self.scene, event)

    def move(self, event) -> None:
        QGraphicsScene.mouseMoveEvent(self.scene, event)

    def release(self, event) -> None:
        QGraphicsScene.mouseReleaseEvent(self.scene, event)

    def cancel(self) -> None:
        item = self.link_item
        if item.scene() is None:
            return
        item.ungrabMouse()
        item._dragging_handle = False  # the bend shown while dragging goes; the link keeps its own
        item.preview_curvature = None
        item.update_geometry()
