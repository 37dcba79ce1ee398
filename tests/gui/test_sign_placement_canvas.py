"""On the canvas itself: no sign or delay mark touches anything else drawn, and the pulse passes behind signs.

The geometry is read back from the Qt items (painter paths, arrow polygons,
the sign items' positions, the delay lines), not from the placement's own
numbers, and checked with the Qt-free touch tests.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtTest import QTest

from cld_editor.analysis.link_shape import LinkShape
from cld_editor.analysis.sign_placement import (
    SIGN_CLEAR,
    SIGN_HALF,
    DrawnLink,
    Marks,
    boxes_touch,
    grow_box,
    segment_touches_box,
    sign_box,
    touches,
)
from cld_editor.core import Diagram
from cld_editor.gui.canvas import DiagramScene
from cld_editor.gui.canvas.link_item import SIGN_Z, LinkItem, line_width
from cld_editor.io import load

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.cld"))


def _box(rect: QRectF) -> tuple[float, float, float, float]:
    return (rect.left(), rect.top(), rect.right(), rect.bottom())


def drawn_geometry(scene: DiagramScene):
    """Links, marks and boxes exactly as the items draw them."""
    scene.place_marks()
    links, marks = [], {}
    for lid, item in scene.links.items():
        path = item.mapToScene(item._path)
        points = tuple((p.x(), p.y()) for p in (path.pointAtPercent(k / 48) for k in range(49)))
        arrow = tuple((p.x(), p.y()) for p in item.mapToScene(item._arrow))[:3]
        shape = LinkShape(points[0], (), points[-1], arrow[0], (1.0, 0.0), points[24], points, arrow, 0,
                          points[24], (1.0, 0.0))
        links.append(DrawnLink(lid, shape, line_width(item.link.strength), item.link.delay))
        sign = item.sign.scenePos()
        delay = None
        if item._delay_lines:
            a, b = item._delay_lines
            centre = (a.center() + b.center()) / 2
            along = a.center() - b.center()
            length = math.hypot(along.x(), along.y())
            delay = ((centre.x(), centre.y()), (along.x() / length, along.y() / length))
        marks[lid] = Marks((sign.x(), sign.y()), delay)
    boxes = [_box(v.scene_label_rect()) for v in scene.variables.values()]
    boxes += [_box(i.mapRectToScene(i.drawn_rect())) for i in (*scene.loop_labels.values(), *scene.notes.values())]
    return links, marks, boxes


def too_close(links, marks) -> list[tuple[str, str]]:
    found = []
    for link in links:
        wide = grow_box(sign_box(marks[link.id].sign), SIGN_CLEAR)
        for other in links:
            pts = other.shape.points
            if other.id != link.id and any(segment_touches_box(p, q, wide, other.width / 2)
                                           for p, q in zip(pts, pts[1:])):
                found.append((link.id, other.id))
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_keeps_its_signs_clear(qapp, path):
    diagram = load(path).diagram
    scene = DiagramScene(diagram)
    links, marks, boxes = drawn_geometry(scene)
    assert touches(links, boxes, marks) == []
    assert too_close(links, marks) == []
    scene.detach()


@st.composite
def canvas_diagrams(draw):
    count = draw(st.integers(3, 9))
    cells = draw(st.permutations([(c, r) for c in range(4) for r in range(3)]))[:count]
    d = Diagram()
    ids = []
    for k, (c, r) in enumerate(cells):
        name = draw(st.sampled_from(["Jobs", "Worklessness", "Skills", "Local Spending", "Health",
                                     "Business Investment", "Job Search", "Wage Costs", "Benefit Dependency"]))
        ids.append(d.new_variable(f"{name} {k}", c * 240 + draw(st.integers(-25, 25)),
                                  r * 170 + draw(st.integers(-25, 25))).id)
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)).filter(lambda p: p[0] != p[1]),
                          min_size=1, max_size=int(1.5 * count), unique=True))
    for a, b in pairs:
        d.new_link(ids[a], ids[b], draw(st.sampled_from("+-?")), delay=draw(st.booleans()),
                   curvature=draw(st.sampled_from([0.0, 0.0, 0.12, -0.12, 0.25, -0.3])))
    return d


def _crowded(links, boxes) -> bool:
    """A link over another name or on top of another link, or two links ending closer together than a sign
    is wide (squeezed into one corner of a name): the layout's to fix, not the signs'."""
    ends = [(link.id, p) for link in links for p in (link.shape.points[0], link.shape.tip)]
    if any(a != b and math.dist(p, q) < 2 * SIGN_HALF for k, (a, p) in enumerate(ends) for b, q in ends[k + 1:]):
        return True
    for link in links:
        pts = link.shape.points
        if math.dist(pts[0], link.shape.tip) < 60:
            return True
        for box in boxes:
            inner = (box[0] + 1, box[1] + 1, box[2] - 1, box[3] - 1)
            ends = grow_box(box, 4)
            if any(ends[0] <= p[0] <= ends[2] and ends[1] <= p[1] <= ends[3] for p in (pts[0], link.shape.tip)):
                continue
            if any(segment_touches_box(p, q, inner) for p, q in zip(pts, pts[1:])):
                return True
        for other in links:
            if other.id != link.id:
                near = sum(any(segment_touches_box(p, q, (x - 4, y - 4, x + 4, y + 4))
                               for p, q in zip(other.shape.points, other.shape.points[1:])) for x, y in pts[::4])
                if near >= 3:
                    return True
    return False


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(canvas_diagrams())
def test_random_diagrams_on_the_canvas_keep_signs_clear(qapp, diagram):
    note([(v.name, v.x, v.y) for v in diagram.variables.values()])
    note([(k.source, k.target, k.polarity, k.delay, k.curvature) for k in diagram.links.values()])
    scene = DiagramScene(diagram)
    try:
        links, marks, boxes = drawn_geometry(scene)
        assume(not _crowded(links, boxes))
        assert touches(links, boxes, marks) == []
        assert too_close(links, marks) == []
    finally:
        scene.detach()


def test_moving_a_variable_places_the_signs_again(qapp):
    d = Diagram()
    a, b, c = d.new_variable("Jobs", 0, 0), d.new_variable("Worklessness", 300, 0), d.new_variable("Skills", 150, 220)
    d.new_link(a.id, b.id, "+")
    d.new_link(c.id, b.id, "-", delay=True)
    scene = DiagramScene(d)
    links, marks, boxes = drawn_geometry(scene)
    assert touches(links, boxes, marks) == []
    # Skills moves right under the arrowhead of Jobs -> Worklessness: the signs must make way.
    d.update_variable(c.id, x=250, y=60)
    links, marks, boxes = drawn_geometry(scene)
    assert touches(links, boxes, marks) == []
    scene.detach()


def test_signs_are_above_the_pulse_and_follow_their_links_opacity(qapp):
    from cld_editor.gui.presentation.pulse import PulseItem

    d = Diagram()
    a, b = d.new_variable("Jobs", 0, 0), d.new_variable("Worklessness", 300, 0)
    link = d.new_link(a.id, b.id, "-")
    scene = DiagramScene(d)
    item: LinkItem = scene.links[link.id]
    assert item.sign.scene() is scene
    assert item.sign.zValue() == SIGN_Z > PulseItem(_route_stub(), "B", scene.theme.link).zValue()
    scene.highlight([], [])  # dims everything
    assert item.opacity() < 1 and item.sign.opacity() == pytest.approx(item.opacity())
    scene.clear_highlight()
    assert item.sign.opacity() == 1
    d.remove_link(link.id)
    assert item.sign.scene() is None  # the sign goes with its link
    scene.detach()


def _route_stub():
    class Route:
        def bounds(self):
            return QRectF(0, 0, 10, 10)

        def point(self, fraction):
            return QPointF(0, 0)

    return Route()


def test_heat_badges_never_cover_a_sign(qapp):
    from cld_editor.gui.canvas.heat_overlay import heat_overlay

    diagram = load(Path(EXAMPLES[0]).parent / "worklessness-stoke.cld").diagram
    scene = DiagramScene(diagram)
    scene.place_marks()
    overlay = heat_overlay(scene)
    overlay.show({vid: 3 for vid in diagram.variables}, {lid: 2 for lid in diagram.links})
    scene.place_marks()
    signs = [sign_box((i.sign.scenePos().x(), i.sign.scenePos().y())) for i in scene.links.values()]
    badges = [_box(item.sceneBoundingRect()) for item in overlay.items if getattr(item, "is_badge", False)]
    assert len(badges) == len(diagram.variables) + len(diagram.links)
    assert [(b, s) for b in badges for s in signs if boxes_touch(b, s)] == []
    overlay.clear()
    scene.detach()


def tangle() -> Diagram:
    """A hub in a ring of variables, linked both ways with bends, and links round the ring: a crowd."""
    d = Diagram()
    hub = d.new_variable("Waiting list", 0, 0)
    ring = []
    for k in range(14):
        angle = 2 * math.pi * k / 14
        ring.append(d.new_variable(f"Pressure on services {k}", 260 * math.cos(angle), 200 * math.sin(angle)).id)
        d.new_link(ring[-1], hub.id, "+-"[k % 2], delay=k % 3 == 0, curvature=0.25 if k % 2 else -0.25)
        if k % 2:
            d.new_link(hub.id, ring[-1], "-", curvature=0.3)
    for k in range(14):  # links round the ring, so the hub's are fewer than half of all
        d.new_link(ring[k], ring[(k + 1) % 14], "+")
        d.new_link(ring[k], ring[(k + 3) % 14], "-", curvature=0.2)
    return d


def test_a_drag_through_a_crowd_looks_near_the_arrowhead_and_searches_fully_at_rest(qapp):
    from cld_editor.analysis.sign_placement import QUICK_TRIES  # noqa: F401 - the limit the quick step uses

    dragged, direct = DiagramScene(tangle()), DiagramScene(tangle())
    try:
        for scene in (dragged, direct):
            scene.place_marks()
        hub = next(iter(dragged.variables))
        crowded_before = {lid for lid, item in dragged.links.items() if not item.marks.clear}
        assert crowded_before  # the tangle has links with no clear spot
        for scene in (dragged, direct):
            scene.diagram.update_variable(hub, x=12, y=8)
        dragged.marks.place(quick=True)  # what the canvas does after a mouse move
        assert dragged.marks._unsettled and dragged.marks._settle_timer.isActive()
        # Left alone, the canvas searches the crowded links in full once the drag rests.
        # (On a loaded machine the timer may fire late: wait for it, up to a generous limit.)
        QTest.qWait(dragged.marks.SETTLE_MS)
        deadline = time.monotonic() + 60
        while (dragged.marks._unsettled or dragged.marks._settle_timer.isActive()) and time.monotonic() < deadline:
            QTest.qWait(20)
        assert not dragged.marks._unsettled and not dragged.marks._settle_timer.isActive()
        # An export (or print) does not wait: it searches them in full first.
        for scene in (dragged, direct):
            scene.diagram.update_variable(hub, x=20, y=-6)
        dragged.marks.place(quick=True)
        assert dragged.marks._unsettled
        links, marks, boxes = drawn_geometry(dragged)
        assert not dragged.marks._unsettled
        clear = {lid for lid, item in dragged.links.items() if item.marks.clear}
        assert not {owner for owner, _, _ in touches(links, boxes, marks)} & clear
        # At rest the marks are those a full search gives.
        direct.place_marks()
        assert {lid: item.marks for lid, item in dragged.links.items()} == \
            {lid: item.marks for lid, item in direct.links.items()}
    finally:
        dragged.detach()
        direct.detach()


def spread_grid() -> Diagram:
    """Forty variables in a wide grid, linked to their neighbours and a few far ones: a drag reaches part of it."""
    d = Diagram()
    ids = [d.new_variable(f"Service pressure {k}", (k % 8) * 230.0, (k // 8) * 150.0).id for k in range(40)]
    for k in range(40):
        for j in (k + 1, k + 8, (k * 7 + 3) % 40):
            if j < 40 and j != k and d.link_between(ids[k], ids[j]) is None and d.link_between(ids[j], ids[k]) is None:
                d.new_link(ids[k], ids[j], "+-?"[k % 3], delay=k % 4 == 0, curvature=(0.0, 0.15, -0.2)[j % 3])
    return d


def _marks(scene: DiagramScene) -> dict:
    return {lid: item.marks for lid, item in scene.links.items()}


@pytest.mark.parametrize("make, drags", [
    (tangle, [(0, [(12, 8), (30, -4), (55, -20), (80, -35), (60, 10)])]),  # the hub dragged through its ring
    (spread_grid, [(0, [(20, 10), (60, 30), (90, 75)]), (39, [(1500, 560), (1400, 500)]), (0, [(40, 0)])]),
], ids=["tangle", "grid"])
def test_a_drag_with_the_kept_index_places_every_mark_as_an_index_built_afresh_does(qapp, make, drags):
    """The index kept between updates (changed only where something moved) gives the marks of a fresh one."""
    kept, fresh = DiagramScene(make()), DiagramScene(make())
    try:
        for scene in (kept, fresh):
            scene.place_marks()
        for which, steps in drags:
            variable = list(kept.variables)[which]
            for x, y in steps:
                for scene in (kept, fresh):
                    scene.variables[variable].setPos(x, y)  # what a mouse move does
                fresh.marks.reindex()  # everything indexed again, as each update did before the index was kept
                for scene in (kept, fresh):
                    scene.marks.place(quick=True)  # what the canvas does after a mouse move
                assert _marks(kept) == _marks(fresh)
            fresh.marks.reindex()
            for scene in (kept, fresh):
                scene.place_marks()  # the drag rests (as the settle timer or an export does)
            assert _marks(kept) == _marks(fresh)
    finally:
        kept.detach()
        fresh.detach()


def test_drag_steps_through_a_crowd_then_rest_give_the_marks_of_a_full_placement_at_every_step(qapp):
    """Crowded links wait for the rest while the hub moves, and then land where full placements put them."""
    dragged, full = DiagramScene(tangle()), DiagramScene(tangle())
    try:
        for scene in (dragged, full):
            scene.place_marks()
        hub = next(iter(dragged.variables))
        for x, y in [(12, 8), (30, -4), (55, -20), (80, -35), (60, 10)]:  # the hub dragged through its ring
            for scene in (dragged, full):
                scene.variables[hub].setPos(x, y)
            dragged.marks.place(quick=True)
            full.marks.reindex()
            full.marks.place()  # every moved link searched in full, everything indexed afresh
        assert dragged.marks._unsettled and _marks(dragged) != _marks(full)  # the quick search is real
        dragged.place_marks()
        full.marks.reindex()
        full.place_marks()
        assert _marks(dragged) == _marks(full)
    finally:
        dragged.detach()
        full.detach()
