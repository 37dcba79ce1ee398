"""The index of what a mark must not touch: kept and changed, it answers as one built afresh."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cld_editor.analysis.box_geometry import (grow_box, segment_touches_box, segment_touches_edges,
                                              triangle_touches_box, triangle_touches_edges)
from cld_editor.analysis.link_shape import curve_shape
from cld_editor.analysis.mark_obstacles import DrawnLink, Marks, Obstacles, obstacles_for

coords = st.one_of(st.floats(-120, 120, allow_nan=False), st.integers(-8, 8).map(lambda k: k * 2.5))
points = st.tuples(coords, coords)
boxes = st.tuples(coords, coords, st.floats(0, 60), st.floats(0, 40)).map(
    lambda b: (b[0], b[1], b[0] + b[2], b[1] + b[3]))


@settings(max_examples=400, deadline=None)
@given(points, points, boxes, st.sampled_from([0.0, 1.3, 2.5]), points)
def test_the_unrolled_tests_answer_as_the_plain_ones(p, q, box, half_width, r):
    grown = grow_box(box, half_width)
    assert segment_touches_edges(*p, *q, *grown) == segment_touches_box(p, q, box, half_width)
    assert triangle_touches_edges((p, q, r), *box) == triangle_touches_box((p, q, r), box)


def _link(lid: str, a: tuple[float, float], b: tuple[float, float], bend: float) -> DrawnLink:
    return DrawnLink(lid, curve_shape(a, b, bend, (a[0] - 30, a[1] - 10, a[0] + 30, a[1] + 10),
                                      (b[0] - 30, b[1] - 10, b[0] + 30, b[1] + 10)), 2.0, delay=True)


links = st.lists(st.tuples(points, points, st.sampled_from([0.0, 0.2, -0.3])), min_size=2, max_size=7)


def _answers(index: Obstacles, probes: list[tuple[float, float]]) -> list:
    return [(sorted(index.touching(grow_box((x - 7, y - 7, x + 7, y + 7), 6))), index.assess_sign((x, y), "l0"))
            for x, y in probes]


@settings(max_examples=60, deadline=None)
@given(links, links, st.lists(boxes, max_size=4), st.lists(points, min_size=1, max_size=12), st.data())
def test_a_kept_index_changed_piece_by_piece_answers_as_a_fresh_one(before, after, labels, probes, data):
    old = [_link(f"l{k}", a, b, bend) for k, (a, b, bend) in enumerate(before)]
    new = [_link(f"l{k}", a, b, bend) for k, (a, b, bend) in enumerate(after)]
    old_marks = {link.id: Marks(link.shape.middle, (link.shape.middle, link.shape.middle_tangent)) for link in old}
    new_marks = {link.id: Marks(link.shape.tip) for link in new[1:]}  # the first link's marks are being placed
    kept = obstacles_for(old, labels[:2], old_marks)
    # Everything changes: links move, come and go; marks are placed again; a label goes, others come.
    for link in old:
        kept.forget_marks(link.id)
        if link.id not in {moved.id for moved in new}:
            kept.forget_link(link.id)
    for link in new:
        kept.replace_link(link)  # a link not indexed yet is simply added
    for owner, marks in new_marks.items():
        kept.add_marks(owner, marks)
    for box in labels[:1]:
        kept.forget_box(box)
    for box in labels[2:]:
        kept.add_box(box)
    remaining = [box for box in labels[:2] if box not in labels[:1]] + labels[2:]
    fresh = obstacles_for(new, remaining, new_marks)
    assert _answers(kept, probes) == _answers(fresh, probes)
    # Asked about one area only, it answers as an index of that area alone.
    window = data.draw(boxes)
    kept.window = window
    assert _answers(kept, probes) == _answers(obstacles_for(new, remaining, new_marks, area=window), probes)


def test_a_placed_delay_mark_is_indexed_as_wide_as_its_link_draws_it():
    # A thick link's bars are drawn with a wider pen: a sign placed later must keep clear of all of it.
    from cld_editor.analysis.mark_obstacles import delay_box

    thick = DrawnLink("l1", curve_shape((0, 0), (200, 0), 0.0, (-30, -10, 30, 10), (170, -10, 230, 10)),
                      3.0, delay=True)
    marks = {"l1": Marks((180.0, 14.0), ((100.0, 0.0), (1.0, 0.0)))}
    index = obstacles_for([thick], [], marks)
    narrow, drawn = delay_box((100.0, 0.0), (1.0, 0.0)), delay_box((100.0, 0.0), (1.0, 0.0), pen=3.4)
    probe = (narrow[2] + 0.1, -1.0, drawn[2] - 0.05, 1.0)  # beside the narrow box, inside the drawn one
    assert ("delay", "l1") in set(index.touching(probe))
