"""Place a few new variables into a diagram that is already laid out.

When several people's maps are merged, the first map's positions are kept
(the room has seen it) and the variables that the others added are put near
the variables they link to, in the first free spot that keeps their label
clear of every other label.  Label sizes and the overlap test come from
:mod:`.layout`, so placement and the tidy layout agree on what "clear" means.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> jobs = d.new_variable("Jobs", 0, 0).id
>>> skills = d.new_variable("Skills").id
>>> _ = d.new_link(skills, jobs, "+")
>>> pos = place_near_neighbours(d, [skills])
>>> from cld_editor.analysis.layout import label_box, overlaps
>>> overlaps(label_box("Jobs", 0, 0), label_box("Skills", *pos[skills]), GAP)
False
>>> abs(pos[skills][0]) + abs(pos[skills][1]) < 400  # near its neighbour
True
"""

from __future__ import annotations

import math
from typing import Callable, Iterable, Mapping

#: ``hint(variable_id, placed_positions)``: where a variable would like to go, or ``None``.
Hint = Callable[[str, Mapping[str, tuple[float, float]]], "tuple[float, float] | None"]

from ..core.diagram import Diagram
from .layout import LINK_LENGTH, Box, label_box, overlaps

#: Room kept between two labels when placing (px).
GAP = 24.0
#: Distance between the rings of candidate spots searched around the wanted place (px).
STEP = 40.0


def _free_spot(name: str, x: float, y: float, boxes: list[Box]) -> tuple[float, float]:
    # Rings of spots around (x, y), nearest first: the first one whose label box is clear.
    for ring in range(0, 200):
        radius = ring * STEP
        count = max(1, int(2 * math.pi * radius / STEP))
        for k in range(count):
            angle = 2 * math.pi * k / count
            cx, cy = x + radius * math.cos(angle), y + radius * math.sin(angle)
            box = label_box(name, cx, cy)
            if not any(overlaps(box, other, GAP) for other in boxes):
                return round(cx, 1), round(cy, 1)
    return x, y  # never reached for a diagram within the file limits


def place_near_neighbours(diagram: Diagram, unplaced: Iterable[str],
                          hint: Hint | None = None) -> dict[str, tuple[float, float]]:
    """Positions for the ``unplaced`` variable ids; every other variable stays where it is.

    A variable goes where ``hint`` asks, when it asks (for a merge: where its
    author drew it, moved with the author's map onto the merged one); else a
    variable linked to placed ones goes near the middle of them, one link
    length out from the diagram's centre; one with no placed neighbour yet
    waits until a neighbour is placed; a group linked to nothing placed starts
    below the diagram.  The nearest spot clear of every label is taken.  The
    diagram itself is not changed.
    """
    waiting = [vid for vid in dict.fromkeys(unplaced) if vid in diagram.variables]
    pending = set(waiting)
    pos = {vid: (v.x, v.y) for vid, v in diagram.variables.items() if vid not in pending}
    boxes = [label_box(diagram.variables[vid].name, *xy) for vid, xy in pos.items()]

    def neighbours(vid: str) -> list[str]:
        ends = [(link.source, link.target) for link in diagram.links_of(vid)]
        return [other for pair in ends for other in pair if other != vid and other in pos]

    def put(vid: str, x: float, y: float) -> None:
        name = diagram.variables[vid].name
        pos[vid] = _free_spot(name, x, y, boxes)
        boxes.append(label_box(name, *pos[vid]))
        pending.discard(vid)

    if hint is not None:
        for vid in waiting:
            wanted = hint(vid, pos)
            if wanted is not None:
                put(vid, *wanted)
    while pending:
        progress = False
        for vid in waiting:
            if vid not in pending:
                continue
            near = neighbours(vid)
            if not near:
                continue
            mx = sum(pos[n][0] for n in near) / len(near)
            my = sum(pos[n][1] for n in near) / len(near)
            cx, cy = _centre(pos.values())
            dx, dy = mx - cx, my - cy
            length = math.hypot(dx, dy) or 1.0
            # Step outwards from the diagram's centre, so new variables go round the edge, not into the middle.
            put(vid, mx + LINK_LENGTH * dx / length, my + LINK_LENGTH * dy / length)
            progress = True
        if not progress:
            first = next(vid for vid in waiting if vid in pending)
            bottom = max((b[1] + b[3] for b in boxes), default=0.0)
            left = min((b[0] - b[2] for b in boxes), default=0.0)
            put(first, left + 80.0, bottom + LINK_LENGTH * 0.6)
    return {vid: pos[vid] for vid in waiting}


def _centre(points: Iterable[tuple[float, float]]) -> tuple[float, float]:
    pts = list(points)
    if not pts:
        return 0.0, 0.0
    return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
