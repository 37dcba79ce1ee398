"""Loop labels: automatic placement and names kept across renumbering."""

from __future__ import annotations

import math

from cld_editor.analysis.loop_labels import CLEARANCE, label_position, label_updates, match_labels, new_label
from cld_editor.analysis.loops import find_loops
from cld_editor.core import LoopLabel
from tests.conftest import build


def test_position_is_inside_and_clear_of_variables():
    d = build(["A", "B", "C", "D", "E"], [("A", "B", "+"), ("B", "C", "+"), ("C", "D", "+"), ("D", "E", "+"),
                                          ("E", "A", "+")])
    # A sixth variable right at the centre pushes the label aside.
    centre = d.new_variable("Middle", 0, 0)
    loop = find_loops(d).loops[0]
    x, y = label_position(d, loop.variables)
    assert all(math.hypot(x - v.x, y - v.y) >= CLEARANCE for v in d.variables.values())
    assert math.hypot(x, y) < 300  # still inside the ring of radius 300
    assert centre.id not in loop.variables


def test_new_label_takes_the_loop_code_and_members():
    d = build(["A", "B"], [("A", "B", "+"), ("B", "A", "-")])
    loop = find_loops(d).loops[0]
    label = new_label(d, loop, name="Thermostat")
    assert (label.code, label.members, label.name) == ("B1", loop.variables, "Thermostat")


def test_labels_keep_names_when_loops_are_renumbered():
    d = build(["A", "B", "C", "D"], [("A", "B", "+"), ("B", "A", "+"), ("C", "D", "+"), ("D", "C", "+")])
    loops = find_loops(d).loops
    assert [lp.name for lp in loops] == ["R1", "R2"]
    cd = next(lp for lp in loops if d.variables[lp.variables[0]].name == "C")
    d.insert("loop_label", LoopLabel("loop1", 5, 6, code="R2", name="Growth", members=cd.variables, story="x"))
    # A new short loop through a variable sorted first renumbers C-D from R2 to R3.
    z = d.new_variable("0 first")
    d.new_link(z.id, z.id, "+")
    updates = label_updates(d, find_loops(d).loops)
    assert updates == [("loop1", {"code": "R3"})]
    d.update("loop_label", "loop1", **updates[0][1])
    label = d.loop_labels["loop1"]
    assert (label.name, label.story, label.x, label.y) == ("Growth", "x", 5, 6)


def test_partial_match_follows_a_loop_that_gained_a_variable():
    d = build(["A", "B", "C"], [("A", "B", "+"), ("B", "C", "+"), ("C", "A", "-")])
    loop = find_loops(d).loops[0]
    d.insert("loop_label", LoopLabel("loop1", code=loop.name, name="Brake", members=loop.variables))
    # Insert D between C and A.
    dv = d.new_variable("D")
    link = d.link_between(d.variable_by_name("C").id, d.variable_by_name("A").id)
    d.remove_link(link.id)
    d.new_link(d.variable_by_name("C").id, dv.id, "-")
    d.new_link(dv.id, d.variable_by_name("A").id, "+")
    loops = find_loops(d).loops
    (match,) = match_labels(d.loop_labels.values(), loops)
    assert not match.exact and match.loop.length == 4
    assert label_updates(d, loops) == [("loop1", {"members": match.loop.variables})]


def test_exact_match_beats_partial_and_each_loop_goes_once():
    loops = find_loops(build(["A", "B", "C"], [("A", "B", "+"), ("B", "A", "+"), ("B", "C", "+"),
                                                ("C", "A", "+")])).loops
    two, three = loops
    labels = [LoopLabel("p", members=two.variables + ("zz",)), LoopLabel("e", members=two.variables)]
    matches = {m.label: (m.loop.name, m.exact) for m in match_labels(labels, loops)}
    assert matches["e"] == (two.name, True)
    # "p" overlaps the two-loop by 2/3 but it is taken; the triangle shares 2/4.
    assert matches["p"] == (three.name, False)


def test_gone_loop_leaves_label_alone():
    d = build(["A", "B"], [("A", "B", "+"), ("B", "A", "+")])
    loop = find_loops(d).loops[0]
    d.insert("loop_label", LoopLabel("loop1", code="R1", members=loop.variables))
    d.remove_link(next(iter(d.links)))
    assert label_updates(d, find_loops(d).loops) == []


def test_labels_without_members_are_matched_by_where_they_sit():
    # Two triangles side by side, like a label comment imported from a Vensim sketch.
    d = build(["A", "B", "C", "D", "E"], [])
    pos = {"A": (0, 0), "B": (300, 0), "C": (150, 250), "D": (600, 0), "E": (450, 250)}
    for name, (x, y) in pos.items():
        d.update_variable(d.variable_by_name(name).id, x=x, y=y)
    ids = {n: d.variable_by_name(n).id for n in pos}
    for s, t, p in [("A", "B", "+"), ("B", "C", "+"), ("C", "A", "-"), ("B", "D", "+"), ("D", "E", "+"),
                    ("E", "B", "+")]:
        d.new_link(ids[s], ids[t], p)
    d.insert("loop_label", LoopLabel("left", 150, 90, code="B9", name="Brake"))
    d.insert("loop_label", LoopLabel("right", 450, 90, code="R9"))
    d.insert("loop_label", LoopLabel("outside", 150, -300, code="R5"))
    loops = find_loops(d).loops
    updates = dict(label_updates(d, loops))
    left = next(lp for lp in loops if ids["A"] in lp.variables)
    right = next(lp for lp in loops if ids["D"] in lp.variables)
    assert updates["left"] == {"code": left.name, "members": left.variables}
    assert updates["right"] == {"code": right.name, "members": right.variables}
    assert "outside" not in updates
