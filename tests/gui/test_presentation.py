"""Presentation mode: build order, loop steps with stories, the pulse, keys."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cld_editor.analysis.loops import find_loops
from cld_editor.analysis.stories import generate_story
from cld_editor.core import LoopLabel
from cld_editor.gui.presentation.mode import LAP_SECONDS, PresentationWindow, PulseItem
from cld_editor.analysis.presentation_steps import build_order, default_order, make_plan, stored_order, with_order
from tests.conftest import build


def diagram():
    return build(["Jobs", "Worklessness", "Benefit claims", "Crime", "Weather"],
                 [("Jobs", "Worklessness", "-"), ("Worklessness", "Jobs", "-"),
                  ("Worklessness", "Benefit claims", "+"), ("Benefit claims", "Jobs", "+", True),
                  ("Worklessness", "Crime", "+")], title="Jobs and worklessness")


def ids(d, *names):
    return [d.variable_by_name(n).id for n in names]


def open_window(qtbot, d):
    window = PresentationWindow(d, fullscreen=False)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def visible_variables(window):
    return {vid for vid, item in window.scene.variables.items() if item.isVisible()}


def test_default_order_is_loop_by_loop_then_the_rest():
    d = diagram()
    loops = find_loops(d).loops
    order = default_order(d, loops)
    assert order[0] == list(loops[0].variables)
    assert order[1] == [v for v in loops[1].variables if v not in order[0]]
    # Crime is linked to what is shown, so it comes before the isolated Weather.
    assert order[2:] == [ids(d, "Crime"), ids(d, "Weather")]


def test_trainer_order_is_stored_in_the_diagram_and_completed():
    d = diagram()
    crime, weather, jobs = ids(d, "Crime", "Weather", "Jobs")
    d.set_property("extra", with_order(d, [[weather], [crime, jobs], ["gone"]]))
    assert d.extra["presentation"]["order"] == [weather, [crime, jobs], "gone"]
    assert stored_order(d)[:2] == [[weather], [crime, jobs]]
    order = build_order(d, find_loops(d).loops)
    assert order[:2] == [[weather], [crime, jobs]]
    assert sorted(v for group in order for v in group) == sorted(d.variables)


def test_plan_builds_then_shows_whole_then_each_loop_with_its_story():
    d = diagram()
    plan = make_plan(d)
    kinds = [s.kind for s in plan.steps]
    loops = find_loops(d).loops
    assert kinds == ["build"] * 4 + ["whole"] + ["loop"] * len(loops)
    assert plan[3].visible == frozenset(d.variables)
    for step, loop in zip(plan.steps[5:], loops):
        assert step.loop == loop
        assert step.caption == generate_story(d, loop)
    assert "2 feedback loops: 1 reinforcing, 1 balancing" in plan[4].caption


def test_labelled_loops_come_first_with_their_names_and_stories():
    d = diagram()
    loops = find_loops(d).loops
    d.insert("loop_label", LoopLabel("loop1", code=loops[1].name, name="Benefit trap", members=loops[1].variables,
                                     story="Our words."))
    plan = make_plan(d)
    first = next(step for step in plan.steps if step.kind == "loop")
    assert first.loop.variables == loops[1].variables
    assert first.heading.endswith(": Benefit trap") and first.caption == "Our words."


def test_window_reveals_in_order_and_steps_through_loops_with_keys(qtbot):
    d = diagram()
    window = open_window(qtbot, d)
    order = build_order(d, find_loops(d).loops)
    shown = set()
    for k, group in enumerate(order):
        shown.update(group)
        assert window.index == k
        assert visible_variables(window) == shown
        # A link shows only when both its ends do.
        for lid, item in window.scene.links.items():
            link = d.links[lid]
            assert item.isVisible() == (link.source in shown and link.target in shown)
        qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.step.kind == "whole"
    qtbot.keyClick(window, Qt.Key.Key_Space)
    loop = window.step.loop
    assert loop == find_loops(d).loops[0]
    assert window.caption.text() == generate_story(d, loop)
    for vid, item in window.scene.variables.items():
        assert (item.opacity() == 1.0) == (vid in loop.variables)
    assert isinstance(window.pulse, PulseItem) and window.pulse.polarity == loop.polarity
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.step.loop == find_loops(d).loops[1]
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.step.kind == "whole" and window.pulse is None
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert window.index == len(window.plan) - 1
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert window.index == 0
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_pulse_grows_on_reinforcing_and_shrinks_on_balancing_loops_at_the_chosen_speed(qtbot):
    d = diagram()
    window = open_window(qtbot, d)
    polarity = {}
    for index, step in enumerate(window.plan.steps):
        if step.loop is not None:
            polarity[step.loop.polarity] = index
    for code, grows in (("R", True), ("B", False)):
        window.go(polarity[code])
        pulse = window.pulse
        sizes = []
        for _ in range(4):
            window.advance(LAP_SECONDS / 5)
            sizes.append(pulse.radius(pulse.phase))
        assert sizes == sorted(sizes, reverse=not grows) and sizes[0] != sizes[-1]
    before = window.pulse.phase
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    assert window.speed == 1.25
    window.advance(LAP_SECONDS * 0.1)
    assert abs((window.pulse.phase - before) - 0.125) < 1e-9
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    assert window.speed == 0.8
    qtbot.keyClick(window, Qt.Key.Key_B)
    phase = window.pulse.phase
    window.advance(1.0)
    assert window.pulse.phase == phase and "paused" in window.footer.text()


def test_read_only_and_works_from_a_main_window_like_owner(qtbot):
    d = diagram()

    class Owner:
        diagram = d

    window = PresentationWindow(Owner(), fullscreen=False)
    qtbot.addWidget(window)
    assert window.diagram is not d and window.diagram == d
    assert not window.view.isInteractive()
    before = d.state()
    window.resize(1024, 768)
    window.show()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton)
    assert window.index == 1
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.RightButton)
    assert window.index == 0
    assert d.state() == before
    # Large type for a projector at 1024x768.
    assert window.caption.font().pixelSize() >= 20
    window.close()


def test_empty_diagram_says_so(qtbot):
    from cld_editor.core import Diagram

    window = PresentationWindow(Diagram(), fullscreen=False)
    qtbot.addWidget(window)
    assert "nothing to present" in window.caption.text()


def test_long_heading_and_story_never_widen_the_window_past_1024(qtbot):
    d = diagram()
    d.set_property("title", "A very long title for a diagram that a trainer typed without thinking of projectors " * 2)
    window = PresentationWindow(d, fullscreen=False)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    for _ in range(len(window.plan)):
        window.next()
        assert window.minimumSizeHint().width() <= 1024
    assert (window.width(), window.height()) == (1024, 768)
