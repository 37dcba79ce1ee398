"""Editing operations behind the Edit and Arrange menus, as commands on the window's stack.

Align, distribute and automatic layout move elements with one
:class:`~cld_editor.commands.MoveElements`; delete, cut and paste are single
commands too.  All functions take the scene, so panels can reuse them.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from ...analysis.layout import layout_diagram, loop_label_spots, note_spots
from ...commands import MoveElements, intents
from ...core.errors import CldError
from ..canvas.scene import DiagramScene
from ...io.clipboard import MIME_TYPE, copy_payload

MOVABLE = ("variable", "note", "loop_label")


def delete_selection(scene: DiagramScene, text: str = "Delete") -> bool:
    """Delete the selected elements (variables take their links) as one command."""
    return scene.delete_selection(text)


def copy_selection(scene: DiagramScene) -> bool:
    targets = scene.selected_targets()
    if not targets:
        return False
    data, text = copy_payload(scene.diagram, targets)
    mime = QMimeData()
    mime.setData(MIME_TYPE, data)
    mime.setText(text)
    QGuiApplication.clipboard().setMimeData(mime)
    return True


def cut_selection(scene: DiagramScene) -> bool:
    return copy_selection(scene) and delete_selection(scene, "Cut")


def can_paste() -> bool:
    mime = QGuiApplication.clipboard().mimeData()
    return mime is not None and mime.hasFormat(MIME_TYPE)


def paste(scene: DiagramScene, offset: tuple[float, float] = (30.0, 30.0)) -> str | None:
    """Paste the clipboard's diagram piece; return an error message or None."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return "The clipboard holds no diagram elements."
    try:
        command = intents.paste(scene.diagram, bytes(mime.data(MIME_TYPE)), offset)
    except CldError as exc:
        return f"Cannot paste: {exc}"
    if command is None:
        return None
    scene.push(command)
    ids: dict[str, list[str]] = {}
    for kind, element in command.elements:
        ids.setdefault(kind, []).append(element.id)
    scene.select_ids(ids.get("variable", []), ids.get("link", []), ids.get("note", []), ids.get("loop_label", []))
    return None


def _selected_positions(scene: DiagramScene) -> dict[tuple[str, str], tuple[float, float]]:
    out = {}
    for kind in MOVABLE:
        for eid in scene.selected(kind):
            element = scene.diagram.elements(kind)[eid]
            out[(kind, eid)] = (element.x, element.y)
    return out


def align(scene: DiagramScene, how: str) -> bool:
    """Align the selection: ``left``, ``hcenter``, ``right``, ``top``, ``vcenter`` or ``bottom``."""
    positions = _selected_positions(scene)
    if len(positions) < 2:
        return False
    rects = {key: scene.item_for(*key).sceneBoundingRect() for key in positions}
    if how in ("left", "hcenter", "right"):
        edge = {"left": min(r.left() for r in rects.values()), "right": max(r.right() for r in rects.values()),
                "hcenter": sum(r.center().x() for r in rects.values()) / len(rects)}[how]
        moves = {}
        for key, (x, y) in positions.items():
            r = rects[key]
            ref = {"left": r.left(), "right": r.right(), "hcenter": r.center().x()}[how]
            moves[key] = (round(x + edge - ref, 1), y)
    else:
        edge = {"top": min(r.top() for r in rects.values()), "bottom": max(r.bottom() for r in rects.values()),
                "vcenter": sum(r.center().y() for r in rects.values()) / len(rects)}[how]
        moves = {}
        for key, (x, y) in positions.items():
            r = rects[key]
            ref = {"top": r.top(), "bottom": r.bottom(), "vcenter": r.center().y()}[how]
            moves[key] = (x, round(y + edge - ref, 1))
    moves = {k: v for k, v in moves.items() if v != positions[k]}
    if moves:
        scene.push(MoveElements(scene.diagram, moves, "Align"))
    return True


def distribute(scene: DiagramScene, axis: str) -> bool:
    """Space the selection evenly between its outermost members: ``horizontal`` or ``vertical``."""
    positions = _selected_positions(scene)
    if len(positions) < 3:
        return False
    i = 0 if axis == "horizontal" else 1
    order = sorted(positions, key=lambda k: positions[k][i])
    first, last = positions[order[0]][i], positions[order[-1]][i]
    step = (last - first) / (len(order) - 1)
    moves = {}
    for n, key in enumerate(order):
        x, y = positions[key]
        value = round(first + n * step, 1)
        moves[key] = (value, y) if i == 0 else (x, value)
    moves = {k: v for k, v in moves.items() if v != positions[k]}
    if moves:
        scene.push(MoveElements(scene.diagram, moves, "Distribute"))
    return True


def auto_layout(scene: DiagramScene) -> bool:
    """Lay out every variable afresh, loop labels to their loops, notes in a row under the drawing: one undo step.

    The same placement as ``cld-editor layout`` and as opening an import laid out afresh.
    """
    diagram = scene.diagram
    positions = layout_diagram(diagram)
    moves = {("variable", vid): xy for vid, xy in positions.items()
             if (diagram.variables[vid].x, diagram.variables[vid].y) != xy}
    for kind, spots, elements in (("loop_label", loop_label_spots(diagram, positions), diagram.loop_labels),
                                  ("note", note_spots(diagram, positions), diagram.notes)):
        moves.update({(kind, eid): xy for eid, xy in spots.items()
                      if (elements[eid].x, elements[eid].y) != xy})
    command = intents.layout_moves(diagram, moves, positions)
    if command is None:
        return False
    scene.push(command)
    return True


def curve_round_loops(scene: DiagramScene) -> str:
    """Curve the selected links (all when none) round their loops in one step; return what to tell the user.

    Bends the user dragged are left as they are and the message says so:
    Straighten such a link first to have it curved.
    """
    ids = intents.links_to_arrange(scene.diagram, scene.selected("link"), scene.selected("variable"))
    command, kept = intents.curve_links(scene.diagram, ids)
    if command is not None:
        scene.push(command)
    said = command.text() if command is not None else "No link to curve"
    if kept:
        bends = "1 bend" if len(kept) == 1 else f"{len(kept)} bends"
        said += f"; left {bends} you dragged (Straighten first to curve {'it' if len(kept) == 1 else 'them'})"
    return said + "."


def straighten(scene: DiagramScene) -> str:
    """Draw the selected links (all when none) straight in one step; return what to tell the user."""
    ids = intents.links_to_arrange(scene.diagram, scene.selected("link"), scene.selected("variable"))
    command = intents.straighten_links(scene.diagram, ids)
    if command is None:
        return "The links are straight already."
    scene.push(command)
    return command.text() + "."
