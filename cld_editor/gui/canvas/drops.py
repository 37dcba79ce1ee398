"""Where dragged items land: snapped to the grid when asked, never on another variable's name.

A variable dropped on another is moved to the nearest free spot, in the same
Move step as the drag (the user never sees one name sitting on another).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

if TYPE_CHECKING:
    from .scene import DiagramScene

#: The canvas grid (scene units); a snapped drop lands on half of it.
GRID = 40.0
#: Room kept between a nudged variable's name and its neighbours' (scene units).
DROP_GAP = 6.0

Moves = dict[tuple[str, str], tuple[float, float]]


def drop_spot(x: float, y: float, snap: bool) -> tuple[float, float]:
    """Where an item let go at ``(x, y)`` lands."""
    if snap:
        step = GRID / 2
        return round(x / step) * step, round(y / step) * step
    return round(x, 1), round(y, 1)


def dragged_moves(scene: DiagramScene) -> Moves:
    """The items the user dragged away from their model positions, with where they land."""
    moves: Moves = {}
    for kind, mapping in (("variable", scene.variables), ("note", scene.notes), ("loop_label", scene.loop_labels)):
        for eid, item in mapping.items():
            element = scene.diagram.elements(kind)[eid]
            pos = item.pos()
            if abs(pos.x() - element.x) > 1e-6 or abs(pos.y() - element.y) > 1e-6:
                moves[(kind, eid)] = drop_spot(pos.x(), pos.y(), scene.snap)
    return moves


def _padded(rect: QRectF) -> QRectF:
    return rect.adjusted(-DROP_GAP, -DROP_GAP, DROP_GAP, DROP_GAP)


def nudge_apart(scene: DiagramScene, moves: Moves) -> None:
    """Move each dropped variable whose name would sit on another's to the nearest free spot.

    Variables dragged together are checked against each other too, in the
    order they were drawn.
    """
    moved = [eid for kind, eid in moves if kind == "variable"]
    if not moved:
        return
    placed = [_padded(item.scene_label_rect()) for vid, item in scene.variables.items()
              if ("variable", vid) not in moves]
    for vid in moved:
        item = scene.variables[vid]
        local = item.scene_label_rect().translated(-item.pos())
        x, y = moves[("variable", vid)]
        for radius in range(0, 1200, 12):  # rings of candidate spots, nearest first
            steps = 1 if radius == 0 else max(8, radius // 6)
            spots = (drop_spot(x + radius * math.cos(2 * math.pi * k / steps),
                               y + radius * math.sin(2 * math.pi * k / steps), scene.snap) for k in range(steps))
            spot = next((p for p in spots if not any(local.translated(*p).intersects(r) for r in placed)), None)
            if spot is not None:
                moves[("variable", vid)] = spot
                break
        placed.append(_padded(local.translated(*moves[("variable", vid)])))
