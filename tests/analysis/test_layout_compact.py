"""Compaction and packing: a drawing gets smaller without hiding, tangling or squashing anything."""

from __future__ import annotations

import numpy as np
import pytest

from cld_editor.analysis.layout import layout_diagram
from cld_editor.analysis.layout_compact import FITS, THROUGH_SHARE, compact, misshapen
from cld_editor.analysis.layout_pack import Part, convex_hull, inside_hull, pack
from cld_editor.analysis.layout_place import link_unit
from cld_editor.analysis.layout_quality import DrawingProblem
from cld_editor.core import Diagram

from .cld_shapes import cld_shaped


def _loose(n: int, seed: int, factor: float = 1.8) -> tuple[DrawingProblem, np.ndarray]:
    """A laid-out diagram drawn ``factor`` times too big, measured with loop ties settled there."""
    d = cld_shaped(n, seed)
    pos = layout_diagram(d)
    ids = list(d.variables)
    xy = np.round(np.array([pos[v] for v in ids]) * factor)
    return DrawingProblem(d, dict(zip(ids, map(tuple, xy)))), xy


@pytest.mark.parametrize("n, seed", [(14, 2), (40, 3)])
def test_a_loose_drawing_is_compacted_and_stays_as_clear(n, seed):
    problem, xy = _loose(n, seed)
    before = problem.quality(xy)
    out = compact(problem, xy, link_unit(problem, np.arange(len(xy))))
    after = problem.quality(out)
    assert after.area < 0.6 * before.area
    assert after.overlaps == 0
    assert after.crossings <= before.crossings
    # A part that fits the window anyway keeps every name clear; a larger one may trade a few.
    allowance = 0 if n <= FITS else int(THROUGH_SHARE * len(problem.src))
    assert after.through <= max(before.through, allowance)
    assert misshapen(problem, out) <= misshapen(problem, xy)
    assert np.array_equal(out, np.round(out))  # whole pixels, as the layout hands them out


def test_compaction_is_deterministic():
    problem, xy = _loose(30, 5)
    unit = link_unit(problem, np.arange(len(xy)))
    assert np.array_equal(compact(problem, xy, unit), compact(problem, xy.copy(), unit))


def test_a_squashed_loop_counts_as_misshapen():
    d = Diagram()
    ids = [d.new_variable(name).id for name in ("Jobs", "Income", "Spending", "Demand", "Hiring")]
    for i in range(5):
        d.new_link(ids[i], ids[(i + 1) % 5])
    problem = DrawingProblem(d)
    angles = np.arange(5) * 2 * np.pi / 5
    ring = np.stack([np.cos(angles), np.sin(angles)], axis=1) * 200
    assert misshapen(problem, ring) == 0
    assert misshapen(problem, ring * [1.0, 0.4]) == 1


def _ring_part() -> Part:
    """Six names round a circle with links between neighbours (straight, for the test)."""
    angles = np.arange(6) * np.pi / 3
    xy = np.stack([np.cos(angles), np.sin(angles)], axis=1) * 300
    half = np.tile([60.0, 16.0], (6, 1))
    curves = np.stack([np.linspace(xy[i], xy[(i + 1) % 6], 9) for i in range(6)])
    return Part([f"v{i}" for i in range(6)], xy, half, curves)


def test_a_lone_variable_fills_an_empty_corner_clear_of_names_links_and_loops():
    ring = _ring_part()
    lone = Part(["lone"], np.zeros((1, 2)), np.array([[50.0, 16.0]]), np.zeros((0, 9, 2)))
    out = pack([lone, ring])
    assert all(np.array_equal(out[v], p) for v, p in zip(ring.ids, ring.xy))  # the largest part stays
    spot = out["lone"]
    lo, hi = (ring.xy - ring.half).min(axis=0), (ring.xy + ring.half).max(axis=0)
    # Inside the ring's own box: the drawing grows no bigger ...
    assert (spot - lone.half[0] >= lo - 1e-9).all() and (spot + lone.half[0] <= hi + 1e-9).all()
    # ... yet not in the middle of the loop, where it would read as one of its members,
    assert not inside_hull(convex_hull(ring.xy), spot[None])[0]
    # ... and on no name and no link.
    assert not (np.abs(ring.xy - spot) < ring.half + lone.half[0]).all(axis=1).any()
    pts = ring.curves.reshape(-1, 2)
    assert not (np.abs(pts - spot) < lone.half[0]).all(axis=1).any()


def test_a_lone_variable_is_not_drawn_inside_a_loop():
    d = Diagram()
    ids = [d.new_variable(f"Long name of variable {i}").id for i in range(8)]
    for i in range(8):
        d.new_link(ids[i], ids[(i + 1) % 8])
    lone = d.new_variable("Weather").id
    pos = layout_diagram(d)
    ring = np.array([pos[v] for v in ids])
    assert not inside_hull(convex_hull(ring), np.array([pos[lone]]))[0]
