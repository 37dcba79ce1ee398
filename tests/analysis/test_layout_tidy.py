"""Tidy: overlaps and links through names go, the author's arrangement stays."""

from __future__ import annotations

import math

from cld_editor.analysis.layout_quality import quality_of
from cld_editor.analysis.layout_tidy import tidy_positions
from cld_editor.core import Diagram
from cld_editor.io import load
from tests.conftest import DATA, EXAMPLES


def _stored(d: Diagram) -> dict[str, float]:
    return {lk.id: lk.curvature for lk in d.links.values()}


def _moves(d: Diagram, pos) -> list[float]:
    return [math.hypot(pos[v][0] - var.x, pos[v][1] - var.y) for v, var in d.variables.items()]


def test_overlapping_names_are_parted_by_small_moves():
    d = Diagram()
    a = d.new_variable("Worklessness", 0, 0).id
    b = d.new_variable("Skills", 30, 8).id
    c = d.new_variable("Income", 400, 0).id
    d.new_link(a, c)
    d.new_link(c, b)
    assert quality_of(d, None, _stored(d)).overlaps == 1
    pos = tidy_positions(d)
    q = quality_of(d, pos, _stored(d))
    assert q.overlaps == 0 and q.through == 0
    assert pos[c] == (400.0, 0.0)  # not in the trouble: left exactly where it was
    assert max(_moves(d, pos)) < 120


def test_a_name_under_a_link_steps_just_clear_of_it():
    d = Diagram()
    a = d.new_variable("Jobs", 0, 0).id
    b = d.new_variable("Income", 600, 0).id
    d.new_variable("Skills", 300, 5)
    d.new_link(a, b)
    assert quality_of(d, None, _stored(d)).through == 1
    pos = tidy_positions(d)
    assert quality_of(d, pos, _stored(d)).through == 0
    assert max(_moves(d, pos)) < 60  # about the label's height, not a redraw
    assert pos[a] == (0.0, 0.0) and pos[b] == (600.0, 0.0)


def test_a_tidy_example_is_not_moved():
    d = load(EXAMPLES / "worklessness-stoke.cld").diagram
    pos = tidy_positions(d)
    assert max(_moves(d, pos)) == 0


def test_an_imported_sketch_is_tidied_with_small_moves():
    from cld_editor.analysis.layout import spread, spread_factor

    d = load(DATA / "vensim" / "SIR.mdl").diagram
    spread(d, spread_factor(d))
    before = quality_of(d, None, _stored(d))
    pos = tidy_positions(d)
    after = quality_of(d, pos, _stored(d))
    assert after.overlaps == 0 and after.through <= before.through
    assert after.crossings <= before.crossings + 1
    moves = _moves(d, pos)
    assert sum(moves) / len(moves) < 80
