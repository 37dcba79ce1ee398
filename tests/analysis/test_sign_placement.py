"""Signs and delay marks placed so that none touches anything else drawn (Qt-free geometry)."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cld_editor.analysis.link_shape import curve_shape, self_loop_shape
from cld_editor.analysis.sign_placement import (
    SIGN_BACK,
    SIGN_CLEAR,
    SIGN_HALF,
    MARGIN,
    MAX_TRIES,
    QUICK_TRIES,
    DrawnLink,
    Marks,
    boxes_touch,
    delay_box,
    delay_spots,
    grow_box,
    obstacles_for,
    place_marks,
    segment_touches_box,
    sign_box,
    sign_spots,
    touches,
)


def label(x: float, y: float, name: str) -> tuple[float, float, float, float]:
    """A label box about the size the canvas gives ``name``."""
    w, h = 8.0 * len(name) + 12, 24.0
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def diagram(positions, names, pairs, bends, delays):
    boxes = [label(x, y, n) for (x, y), n in zip(positions, names)]
    links = []
    for k, (a, b) in enumerate(pairs):
        if a == b:
            shape = self_loop_shape(boxes[a])
        else:
            back = (b, a) in pairs
            bend = bends[k] if bends[k] or not back else 0.12
            shape = curve_shape(positions[a], positions[b], bend, boxes[a], boxes[b])
        links.append(DrawnLink(f"l{k}", shape, 2.0 + (k % 3) * 0.5, delays[k]))
    return links, boxes


def other_link_too_close(links, marks) -> list[str]:
    """Signs that another link's line or arrowhead comes within SIGN_CLEAR of (could be read as its)."""
    close = []
    for link in links:
        wide = grow_box(sign_box(marks[link.id].sign), SIGN_CLEAR)
        for other in links:
            if other.id == link.id:
                continue
            pts = other.shape.points
            if any(segment_touches_box(p, q, wide, other.width / 2) for p, q in zip(pts, pts[1:])):
                close.append(link.id)
    return close


def test_a_lone_sign_sits_beside_its_arrowhead_outside_the_arc():
    a, b = (-40.0, -12.0, 40.0, 12.0), (260.0, -12.0, 340.0, 12.0)
    for bend, above in ((0.3, True), (-0.3, False)):
        link = DrawnLink("l", curve_shape((0, 0), (300, 0), bend, a, b))
        marks = place_marks([link], [a, b])["l"]
        assert marks.clear
        tip = link.shape.tip
        assert math.dist(marks.sign, tip) < SIGN_BACK + 20  # beside the arrowhead
        # Outside the arc: on the side the curve bulges to (up for a left bend travelling right).
        assert (marks.sign[1] < tip[1]) == above


def test_a_sign_moves_along_its_link_away_from_a_crowd():
    a, b = (-40.0, -12.0, 40.0, 12.0), (260.0, -12.0, 340.0, 12.0)
    link = DrawnLink("l", curve_shape((0, 0), (300, 0), 0.3, a, b))
    free = place_marks([link], [a, b])["l"].sign
    blocker = (free[0] - 12, free[1] - 12, free[0] + 12, free[1] + 12)  # a loop label right there
    moved = place_marks([link], [a, b, blocker])["l"]
    assert moved.clear and not boxes_touch(sign_box(moved.sign), blocker)
    assert moved.sign[0] < free[0]  # further back along its own link, not across to another


def test_fan_of_links_into_a_hub_keeps_every_sign_clear():
    # Eight links into one variable from all round: the crowded case of the issue.
    hub = (0.0, 0.0)
    positions = [hub] + [(260 * math.cos(k * math.pi / 4), 200 * math.sin(k * math.pi / 4)) for k in range(8)]
    names = ["Worklessness"] + [f"Cause {k}" for k in range(8)]
    pairs = [(k, 0) for k in range(1, 9)]
    links, boxes = diagram(positions, names, pairs, [0.0] * 8, [True] * 8)
    marks = place_marks(links, boxes)
    assert touches(links, boxes, marks) == []
    assert other_link_too_close(links, marks) == []
    assert all(m.clear for m in marks.values())


def test_a_delay_mark_takes_a_free_gap_narrower_than_a_step():
    # l0 arcs up across l2 close to its middle and runs beside it to the same variable; the only
    # free stretch of l2 is a few pixels between its own sign and the crossing.
    positions = [(0, 160), (0, 0), (460, 0), (230, 320), (230, 146), (230, 0), (0, 320)]
    names = ["a", "b", "c", "d", "e", "ffffff", "g"]
    links, boxes = diagram(positions, names, [(4, 2), (0, 1), (2, 5), (0, 2)], [0.25, 0.0, 0.0, 0.0],
                           [False, False, True, False])
    marks = place_marks(links, boxes)
    assert touches(links, boxes, marks) == []
    assert all(m.clear for m in marks.values())
    sign, (centre, _) = marks["l2"].sign, marks["l2"].delay
    assert sign[0] < centre[0] < 310  # between its sign and where l0 crosses, not on l0


def test_a_sign_takes_a_free_gap_narrower_than_a_step():
    # Three links meet at one variable; l0's outside is hemmed in by l2 near its arrowhead and by l1
    # further back, with a few free pixels between the two.
    positions = [(0, 0), (0, 160), (460, 160), (230, 0), (230, 147)]
    links, boxes = diagram(positions, list("abcde"), [(4, 2), (0, 2), (2, 3)], [0.25, 0.0, 0.0], [False] * 3)
    marks = place_marks(links, boxes)
    assert touches(links, boxes, marks) == []
    assert other_link_too_close(links, marks) == []
    assert all(m.clear for m in marks.values())
    assert marks["l0"].sign[1] < 95  # outside (above) the arc, along its own link


def test_touches_reports_a_sign_on_another_links_line():
    a, b, c = label(0, 0, "A"), label(300, 0, "B"), label(150, 150, "C")
    one = DrawnLink("one", curve_shape((0, 0), (300, 0), 0.0, a, b))
    two = DrawnLink("two", curve_shape((150, 150), (300, 0), 0.0, c, b))
    on_one = Marks(((one.shape.start[0] + one.shape.tip[0]) / 2, one.shape.start[1]))  # half way along one
    found = touches([one, two], [a, b, c], {"two": on_one})
    assert ("two", "sign", "line of one") in found


@st.composite
def random_diagrams(draw, max_links_per_variable: float = 2.0, self_loops: bool = True):
    cols, rows = draw(st.integers(2, 5)), draw(st.integers(2, 4))
    cells = [(c, r) for c in range(cols) for r in range(rows)]
    count = draw(st.integers(3, min(12, len(cells))))
    chosen = draw(st.permutations(cells))[:count]
    jitter = st.floats(-30, 30, allow_nan=False)
    positions = [(c * 230 + draw(jitter), r * 160 + draw(jitter)) for c, r in chosen]
    names = [draw(st.text("abcdefghij ", min_size=1, max_size=22)).strip() or "x" for _ in chosen]
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)),
                          min_size=1, max_size=int(max_links_per_variable * count), unique=True))
    if not self_loops:
        pairs = [(a, b) for a, b in pairs if a != b] or [(0, 1)]
    bends = [draw(st.sampled_from([0.0, 0.0, 0.12, -0.12, 0.25, -0.25, 0.4])) for _ in pairs]
    delays = [draw(st.booleans()) for _ in pairs]
    return diagram(positions, names, pairs, bends, delays)


def runs_over_a_name(links, boxes) -> bool:
    """Whether some link's line crosses a name other than its own two (the layout's to fix, not ours)."""
    for link in links:
        pts = link.shape.points
        for box in boxes:
            inner = (box[0] + 1, box[1] + 1, box[2] - 1, box[3] - 1)
            if box_is_an_end(link, box):
                continue
            if any(segment_touches_box(p, q, inner) for p, q in zip(pts, pts[1:])):
                return True
    return False


def _span(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def lines_overlap(links) -> bool:
    """Whether two links are drawn along the same stretch (a quarter of one lies on the other)."""
    spans = {link.id: _span(link.shape.points) for link in links}
    for a in links:
        for b in links:
            if a.id == b.id or not boxes_touch(grow_box(spans[a.id], 4), spans[b.id]):
                continue
            pts = b.shape.points
            near = sum(any(segment_touches_box(p, q, (x - 4, y - 4, x + 4, y + 4)) for p, q in zip(pts, pts[1:]))
                       for x, y in a.shape.points)
            if near >= len(a.shape.points) / 4:
                return True
    return False


def too_short(links) -> bool:
    """Whether a link is too short to carry its marks (its names nearly touch: the layout's to fix)."""
    return any(math.dist(link.shape.start, link.shape.tip) < 60 for link in links if len(link.shape.controls) == 1)


def ends_bunched(links) -> bool:
    """Whether two links end closer together than a sign is wide (at one variable, squeezed into one corner).

    A person spreads the links meeting at a variable round its name; ends this
    close leave no room beside one arrowhead that is not on the next link.
    """
    ends = [(link.id, p) for link in links for p in (link.shape.start, link.shape.tip)]
    return any(a != b and math.dist(p, q) < 2 * SIGN_HALF for k, (a, p) in enumerate(ends) for b, q in ends[k + 1:])


def box_is_an_end(link, box) -> bool:
    grown = grow_box(box, 4)
    return any(grown[0] <= p[0] <= grown[2] and grown[1] <= p[1] <= grown[3] for p in (link.shape.start, link.shape.tip))


@st.composite
def sparse_diagrams(draw):
    """Diagrams a person would draw: a link or two per variable, no link over another name or on another link,
    no links ending bunched together."""
    links, boxes = draw(random_diagrams(max_links_per_variable=1.5, self_loops=False))
    assume(not runs_over_a_name(links, boxes) and not lines_overlap(links) and not too_short(links)
           and not ends_bunched(links))
    return links, boxes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_diagrams())
def test_random_diagrams_marks_said_clear_touch_nothing_and_none_is_missed(data):
    links, boxes = data
    marks = place_marks(links, boxes)
    assert set(marks) == {link.id for link in links}
    assert all(marks[link.id].delay is not None for link in links if link.delay)
    clear = {lid for lid, m in marks.items() if m.clear}
    # A mark said clear touches nothing, except a crowded link's mark that came later and found no
    # clear spot at all (it takes the spot touching the fewest things, which may be a mark).
    crowded_marks = {f"{kind} of {lid}" for lid in set(marks) - clear for kind in ("sign", "delay")}
    assert [t for t in touches(links, boxes, marks) if t[0] in clear and t[2] not in crowded_marks] == []
    assert [lid for lid in other_link_too_close(links, marks) if lid in clear] == []
    # A mark placed where it touches something had no clear spot left on its link (the search missed none):
    # its sign saw every other mark, its delay mark every other mark and its own sign.
    for link in links:
        if link.id in clear:
            continue
        own = marks[link.id]
        others = {k: v for k, v in marks.items() if k != link.id}
        index = obstacles_for(links, boxes, others)
        # The search looks at the first MAX_TRIES spots on each side before it calls a link crowded.
        spots = sign_spots(link)[:MAX_TRIES] + (sign_spots(link, inside=True)[:MAX_TRIES] if link.shape.outside else [])
        sign_free = any(index.assess_sign(spot, link.id)[0] == 0 for spot in spots)
        index = obstacles_for(links, boxes, {**others, link.id: Marks(own.sign)})
        delay_free = not link.delay or any(
            index.count(grow_box(delay_box(*spot, pen=link.width + 0.4), MARGIN), skip_line_of=link.id) == 0
            for spot in delay_spots(link))
        assert not (sign_free and delay_free)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(sparse_diagrams())
def test_sparse_diagrams_every_mark_is_clear(data):
    links, boxes = data
    marks = place_marks(links, boxes)
    assert all(marks[link.id].delay is not None for link in links if link.delay)
    # Every mark finds a spot along its own link that touches nothing drawn ...
    assert touches(links, boxes, marks) == []
    assert all(m.clear for m in marks.values())
    # ... and that no other link comes close to.
    assert other_link_too_close(links, marks) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_diagrams(max_links_per_variable=3.0))
def test_a_quick_search_still_says_clear_only_when_nothing_is_touched(data):
    links, boxes = data
    # As in a drag through a crowd: every link looks only near its arrowhead.
    every = {link.id for link in links}
    marks = place_marks(links, boxes, quick=every)
    assert set(marks) == every
    clear = {lid for lid, m in marks.items() if m.clear}
    crowded_marks = {f"{kind} of {lid}" for lid in every - clear for kind in ("sign", "delay")}
    found = touches(links, boxes, marks)
    assert [t for t in found if t[0] in clear and t[2] not in crowded_marks] == []
    # A sign that found nothing clear looked at its first QUICK_TRIES spots on each side, no further
    # (a link whose sign is clear and only its delay mark is not may have looked a step or two on).
    squeezed = {lid for lid, what, other in found if what == "sign" and other != f"delay of {lid}"}
    squeezed |= set(other_link_too_close(links, marks))
    for link in links:
        if link.id not in clear and link.id in squeezed:
            spots = sign_spots(link)[:QUICK_TRIES] + sign_spots(link, inside=True)[:QUICK_TRIES]
            assert marks[link.id].sign in spots or marks[link.id].sign == link.shape.tip


def test_touches_can_look_at_some_marks_only_with_the_index_already_built():
    a = DrawnLink("a", curve_shape((0, 0), (300, 0), 0.0, (-40, -12, 40, 12), (260, -12, 340, 12)))
    b = DrawnLink("b", curve_shape((150, -100), (150, 100), 0.0, (110, -112, 190, -88), (110, 88, 190, 112)))
    marks = {"a": Marks((150, 0)), "b": Marks((165, 40))}  # a's sign sits where the two lines cross
    index = obstacles_for([a, b], [], marks)
    assert {owner for owner, _, _ in touches([a, b], [], marks, owners=["b"], index=index)} == set()
    assert {owner for owner, _, _ in touches([a, b], [], marks, owners=["a"], index=index)} == {"a"}
