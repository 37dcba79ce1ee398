"""The loop panels inside the main window: docks, the Loops menu, the canvas highlight, presenting."""

from __future__ import annotations

from _editor_helpers import isolate_settings
from cld_editor.analysis.loops import find_loops
from cld_editor.core import Diagram
from cld_editor.gui.window.loop_docks import install_loop_panels


def small_diagram() -> Diagram:
    d = Diagram(title="Small")
    jobs = d.new_variable("Jobs", 0, 0)
    work = d.new_variable("Worklessness", 300, 0)
    skills = d.new_variable("Skills", 150, 220)
    d.new_link(jobs.id, work.id, "-")
    d.new_link(work.id, skills.id, "-", delay=True)
    d.new_link(skills.id, jobs.id, "+")
    d.new_link(work.id, jobs.id, "-")
    return d


def open_window(qtbot, diagram):
    from cld_editor.gui.window.main_window import MainWindow
    from cld_editor.gui.theme import LIGHT

    isolate_settings()
    window = MainWindow(diagram, None, LIGHT, show_start=False)
    window.show_error = lambda *args: None
    qtbot.addWidget(window)
    if getattr(window, "loop_panels", None) is None:  # the window installs them itself once wired
        install_loop_panels(window)
    window.resize(1100, 750)
    window.show()
    qtbot.waitExposed(window)
    panel = window.loop_panels.loops
    qtbot.waitUntil(lambda: panel.live.outcome is not None and not panel.live.running, timeout=10000)
    return window


def test_panels_are_docked_with_view_and_loops_menus(qtbot):
    d = small_diagram()
    window = open_window(qtbot, d)
    panels = window.loop_panels
    titles = [a.text() for a in window.menu("View").actions()]
    assert {"&Loops", "&Causes and Uses"} <= set(titles)
    assert any(t.startswith("War&nings") for t in titles)
    loops_menu = [a.text() for a in window.menu("Loops").actions()]
    assert "&Next Loop" in loops_menu and "&Heat View" in loops_menu
    names = [panels.loops.model.loop_at(r).name for r in range(panels.loops.model.rowCount())]
    assert names == [lp.name for lp in find_loops(d).loops]
    panels.detach()


def test_selecting_a_loop_dims_the_rest_of_the_real_canvas(qtbot):
    d = small_diagram()
    window = open_window(qtbot, d)
    panel = window.loop_panels.loops
    panel.next_action.trigger()
    loop = panel.current_loop()
    dim = window.canvas.theme.dim_opacity
    for vid, item in window.canvas.variables.items():
        assert item.opacity() == (1.0 if vid in loop.variables else dim)
    for lid, item in window.canvas.links.items():
        assert item.opacity() == (1.0 if lid in loop.links else dim)
    panel.add_label()
    assert len(d.loop_labels) == 1 and len(window.canvas.loop_labels) == 1
    window.undo_stack.undo()
    assert not d.loop_labels and not window.canvas.loop_labels
    panel.clear_selection()
    assert all(item.opacity() == 1.0 for item in window.canvas.variables.values())
    window.loop_panels.detach()


def test_edits_on_the_canvas_update_the_list(qtbot):
    d = small_diagram()
    window = open_window(qtbot, d)
    panel = window.loop_panels.loops
    before = panel.model.rowCount()
    skills, work = d.variable_by_name("Skills").id, d.variable_by_name("Worklessness").id
    window.canvas.add_link(skills, work, "+")  # an undoable command, as a drag would push
    qtbot.waitUntil(lambda: panel.model.rowCount() == before + 1 and not panel.live.running, timeout=10000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.model.rowCount() == before and not panel.live.running, timeout=10000)
    window.loop_panels.detach()


def test_presentation_opens_from_the_window(qtbot):
    from cld_editor.gui.presentation.mode import PresentationWindow

    window = open_window(qtbot, small_diagram())
    assert window.start_presentation()
    presentation = window._presentation
    assert isinstance(presentation, PresentationWindow)
    assert presentation.diagram == window.diagram
    presentation.close()
    window.loop_panels.detach()
