"""Links curved round their loops, pairs as opposite arcs, and the user's bends left alone."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cld_editor.analysis.curvature import (AUTO_KEY, apply_changes, curve_round_loops, curve_unbent_links,
                                           loop_curvatures, program_owns, straighten)
from cld_editor.analysis.layout_quality import quality_of
from cld_editor.analysis.link_shape import curve_middle
from cld_editor.core import Diagram
from cld_editor.io import load, save
from tests.conftest import EXAMPLES


def _triangle() -> tuple[Diagram, list[str], list[str]]:
    d = Diagram()
    ids = [d.new_variable(n, 200 * math.cos(a), 200 * math.sin(a)).id
           for n, a in (("Jobs", 0.0), ("Income", 2.1), ("Spending", 4.2))]
    links = [d.new_link(ids[i], ids[(i + 1) % 3]).id for i in range(3)]
    return d, ids, links


def _middles(d: Diagram, values: dict[str, float]) -> dict[str, np.ndarray]:
    out = {}
    for lid, k in values.items():
        lk = d.links[lid]
        s, t = d.variables[lk.source], d.variables[lk.target]
        out[lid] = curve_middle(np.array([[s.x, s.y]]), np.array([[t.x, t.y]]), np.array([k]))[0]
    return out


@pytest.mark.parametrize("reverse", [False, True])
def test_each_arc_bulges_away_from_the_loop_centre(reverse):
    d, ids, _ = _triangle()
    if reverse:  # the same loop run the other way round
        d = Diagram()
        d2, ids2, _ = _triangle()
        for v in d2.variables.values():
            d.add_variable(v)
        for i in range(3):
            d.new_link(ids2[(i + 1) % 3], ids2[i])
    values = loop_curvatures(d)
    centre = np.mean([(v.x, v.y) for v in d.variables.values()], axis=0)
    for lid, mid in _middles(d, values).items():
        lk = d.links[lid]
        s, t = d.variables[lk.source], d.variables[lk.target]
        chord_mid = np.array([(s.x + t.x) / 2, (s.y + t.y) / 2])
        assert np.hypot(*(mid - centre)) > np.hypot(*(chord_mid - centre)) + 20
        # On the circle through the members: the arc's middle is as far out as they are.
        assert abs(np.hypot(*(mid - centre)) - 200) < 15


def test_a_two_variable_loop_is_a_pair_of_opposite_arcs():
    d = Diagram()
    a, b = d.new_variable("Jobs", 0, 0).id, d.new_variable("Income", 300, 0).id
    ab, ba = d.new_link(a, b).id, d.new_link(b, a).id
    mids = _middles(d, loop_curvatures(d))
    assert mids[ab][1] * mids[ba][1] < 0  # one above the chord, one below


def test_a_link_on_no_loop_stays_straight():
    d, ids, _ = _triangle()
    outside = d.new_variable("Interest rate", 500, 0).id
    lid = d.new_link(outside, ids[0]).id
    assert loop_curvatures(d)[lid] == 0.0


def test_the_shortest_loop_decides():
    d, ids, links = _triangle()
    far = d.new_variable("Far", 0, -900).id
    d.new_link(ids[1], far)
    d.new_link(far, ids[0])
    values = loop_curvatures(d)
    assert all(values[lid] > 0.2 for lid in links)  # a third of a circle, not a long loop's gentle bend


def test_a_dragged_bend_is_never_overwritten_unless_forced():
    d, _, links = _triangle()
    apply_changes(d, curve_round_loops(d))
    assert all(d.links[lid].extra[AUTO_KEY] == d.links[lid].curvature for lid in links)
    d.update_link(links[0], curvature=-0.6)  # what dragging the bend handle does
    assert not program_owns(d.links[links[0]])
    d.update_variable(d.links[links[1]].source, x=-400.0)
    changes = curve_round_loops(d)
    assert links[0] not in changes
    assert curve_round_loops(d, [links[0]], force=True)[links[0]]["curvature"] > 0


def test_dragged_straight_is_kept_too():
    d, _, links = _triangle()
    apply_changes(d, curve_round_loops(d))
    d.update_link(links[0], curvature=0.0)  # snapped straight by a drag: the record stays behind
    assert links[0] not in curve_round_loops(d)


def test_straighten_gives_back_zero_and_forgets_the_record():
    d, _, links = _triangle()
    apply_changes(d, curve_round_loops(d))
    changes = straighten(d, links[:2])
    assert set(changes) == set(links[:2])
    apply_changes(d, changes)
    assert [d.links[lid].curvature for lid in links[:2]] == [0.0, 0.0]
    assert AUTO_KEY not in d.links[links[0]].extra
    assert d.links[links[2]].curvature != 0.0


def test_the_record_survives_a_save_and_load(tmp_path):
    d, _, links = _triangle()
    curve_unbent_links(d)
    save(d, tmp_path / "t.cld")
    again = load(tmp_path / "t.cld").diagram
    assert all(program_owns(again.links[lid]) for lid in links)
    assert again == d


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.cld")), ids=lambda p: p.name)
def test_examples_read_as_circles_with_nothing_in_the_way(path):
    d = load(path).diagram
    q = quality_of(d, None, {lk.id: lk.curvature for lk in d.links.values()})
    assert (q.overlaps, q.crossings, q.through) == (0, 0, 0)
    assert q.round_share >= 0.9, q
