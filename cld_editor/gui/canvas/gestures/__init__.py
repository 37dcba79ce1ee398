"""Canvas gestures: one small handler per kind of drag, from press to release.

The scene picks a handler when the left button goes down (:func:`gesture_for`)
and hands it the move and release events, or asks it to ``cancel`` (Esc):

- :class:`~.link.LinkGesture`: draw a link from a variable to another
  (Link tool: from anywhere on a variable; Select tool: from its link ring);
- :class:`~.select.BendGesture`: drag a link's bend handle (the link item
  bends itself; the gesture keeps the scene out of its way);
- :class:`~.select.SelectGesture`: click to select, drag to move or to draw
  a rubber band; the moves become one undo step on release, and a click on
  empty canvas ends a loop highlight.

Double-click name editing stays with the scene's double-click handler and
the view's name editor: a double-click is not a drag.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Gesture
from .link import LinkGesture
from .select import BendGesture, SelectGesture

if TYPE_CHECKING:
    from ..scene import DiagramScene

__all__ = ["BendGesture", "Gesture", "LinkGesture", "SelectGesture", "gesture_for"]


def gesture_for(scene: DiagramScene, event) -> Gesture:
    """The handler for a left-button press at ``event.scenePos()`` with the scene's current tool."""
    from ..link_item import LinkItem

    point = event.scenePos()
    link_item = next((i for i in scene.items(point) if isinstance(i, LinkItem)), None)
    if link_item is not None and link_item.near_handle(point):
        return BendGesture(scene, link_item)
    variable = scene.variable_at(point)
    if variable is not None and (scene.mode == "link" or variable.in_connector(point)):
        return LinkGesture(scene, variable)
    return SelectGesture(scene)
