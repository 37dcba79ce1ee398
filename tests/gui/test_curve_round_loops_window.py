"""Arrange > Curve Round Loops / Straighten, curved automatic layout and new links that close a loop."""

from __future__ import annotations


from cld_editor.analysis.curvature import AUTO_KEY, loop_curvatures, program_owns
from cld_editor.core import Diagram

from _editor_helpers import drag, make_window, small_diagram



def _ring(window, vid: str) -> float:
    """A point on the select tool's link ring, right of the variable's name."""
    return window.canvas.variables[vid].scene_label_rect().right() + 4


def test_curve_round_loops_curves_all_links_in_one_undo_step(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    before = d.copy()
    assert all(lk.curvature == 0 for lk in d.links.values())
    window.act["curve_loops"].trigger()
    wanted = loop_curvatures(d)
    assert all(lk.curvature == wanted[lk.id] != 0 for lk in d.links.values())
    assert all(program_owns(lk) for lk in d.links.values())
    assert window.undo_stack.count() == 1
    assert "Curve 3 links" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert d == before


def test_straighten_acts_on_the_selection_only(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    window.act["curve_loops"].trigger()
    first, second, third = d.links
    window.canvas.select_ids(link_ids=[first])
    window.act["straighten"].trigger()
    assert d.links[first].curvature == 0 and AUTO_KEY not in d.links[first].extra
    assert d.links[second].curvature != 0 and d.links[third].curvature != 0
    assert window.undo_stack.count() == 2


def test_a_dragged_bend_is_left_and_the_status_bar_says_so(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    first, second, _ = d.links
    window.canvas.bend_link(second, -0.45)  # the user's own bend
    window.canvas.select_ids(link_ids=[first, second])
    window.act["curve_loops"].trigger()
    assert d.links[second].curvature == -0.45
    assert d.links[first].curvature == loop_curvatures(d)[first]
    assert "left 1 bend you dragged" in window.statusBar().currentMessage()
    # Straighten, then curve: the user asked, so the link is curved round its loop.
    window.act["straighten"].trigger()
    window.act["curve_loops"].trigger()
    assert d.links[second].curvature == loop_curvatures(d)[second]


def test_automatic_layout_curves_the_loop_in_the_same_undo_step(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    window.act["layout"].trigger()
    assert window.undo_stack.count() == 1
    assert all(lk.curvature != 0 and program_owns(lk) for lk in d.links.values())
    window.undo_stack.undo()
    assert d == small_diagram()


def test_automatic_layout_places_labels_and_notes_as_the_command_line_does(qtbot):
    from cld_editor.analysis.layout import layout_diagram, loop_label_spots, note_spots
    from cld_editor.io import load
    from tests.conftest import EXAMPLES

    original = load(EXAMPLES / "urban-decline-forrester.cld").diagram
    window = make_window(qtbot, original.copy())
    d = window.diagram
    window.act["layout"].trigger()
    assert window.undo_stack.count() == 1
    positions = layout_diagram(original)
    assert {n.id: (n.x, n.y) for n in d.notes.values()} == note_spots(original, positions)
    assert {n.id: (n.x, n.y) for n in d.notes.values()} != {n.id: (n.x, n.y) for n in original.notes.values()}
    spots = loop_label_spots(original, positions)
    assert spots and {lid: (d.loop_labels[lid].x, d.loop_labels[lid].y) for lid in spots} == spots
    window.undo_stack.undo()
    assert d == original


def test_automatic_layout_keeps_a_dragged_bend(qtbot):
    diagram = small_diagram()
    lid = next(iter(diagram.links))
    diagram.update_link(lid, curvature=-0.4)
    window = make_window(qtbot, diagram)
    window.act["layout"].trigger()
    assert window.diagram.links[lid].curvature == -0.4


def test_a_link_drawn_to_close_a_loop_curves_round_it(qtbot):
    window = make_window(qtbot)
    d = window.diagram
    a = d.new_variable("Jobs", 0, -150)
    b = d.new_variable("Income", 130, 75)
    c = d.new_variable("Spending", -130, 75)
    ab = d.new_link(a.id, b.id).id
    bc = d.new_link(b.id, c.id).id
    window.view.fit()
    drag(window.view, (_ring(window, c.id), 75), (0, -150))
    new = d.link_between(c.id, a.id)
    assert new is not None
    wanted = loop_curvatures(d)
    # The new link and the loop's two straight links curve round the loop, all in one step.
    assert {lid: d.links[lid].curvature for lid in (ab, bc, new.id)} == {lid: wanted[lid] for lid in (ab, bc, new.id)}
    assert all(wanted[lid] > 0.08 for lid in (ab, bc, new.id))
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert d.link_between(c.id, a.id) is None
    assert d.links[ab].curvature == 0 and d.links[bc].curvature == 0


def test_a_new_link_leaves_a_dragged_bend_on_its_loop(qtbot):
    d = Diagram()
    a = d.new_variable("Jobs", 0, -150)
    b = d.new_variable("Income", 130, 75)
    c = d.new_variable("Spending", -130, 75)
    ab = d.new_link(a.id, b.id, curvature=-0.3).id
    d.new_link(b.id, c.id)
    window = make_window(qtbot, d)
    window.canvas.add_link(c.id, a.id)
    assert window.diagram.links[ab].curvature == -0.3
