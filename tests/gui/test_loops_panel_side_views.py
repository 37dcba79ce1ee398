"""The side views next to the Loops panel: causes and uses trees, heat view, warnings."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cld_editor.analysis.leverage import loop_participation
from cld_editor.gui.canvas import DiagramScene
from cld_editor.gui.panels.causes import CausesPanel
from cld_editor.gui.panels.warnings_list import WarningsPanel
from tests.conftest import build


def diagram():
    return build(["Jobs", "Worklessness", "Crime", "Weather"],
                 [("Jobs", "Worklessness", "-"), ("Worklessness", "Jobs", "-"), ("Worklessness", "Crime", "+"),
                  ("Crime", "Jobs", "-", True)])


def tree_rows(tree):
    rows = []

    def walk(item, depth):
        rows.append(("  " * depth) + item.text(0) + (f" [{item.text(1)}]" if item.text(1) else ""))
        for i in range(item.childCount()):
            walk(item.child(i), depth + 1)

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i), 0)
    return rows


def test_causes_and_uses_follow_the_canvas_selection(qtbot):
    d = diagram()
    scene = DiagramScene(d)
    panel = CausesPanel(d, scene)
    qtbot.addWidget(panel)
    assert "Select a variable" in panel.title.text()
    scene.select_ids(variable_ids=[d.variable_by_name("Crime").id])
    assert panel.title.text() == "Causes and uses of \u201cCrime\u201d"
    panel.depth_box.setValue(2)
    assert tree_rows(panel.causes) == ["Crime", "  Worklessness [+]", "    Jobs [\u2212]"]
    assert tree_rows(panel.uses)[:2] == ["Crime", "  Jobs [\u2212]"]
    assert panel.uses.topLevelItem(0).child(0).text(2) == "delay"
    # Double-click follows a variable; an edit refreshes the trees.
    item = panel.causes.topLevelItem(0).child(0)
    panel._follow(item, 0)
    assert panel.variable_id == d.variable_by_name("Worklessness").id
    assert scene.selected("variable") == [panel.variable_id]
    d.remove_variable(d.variable_by_name("Worklessness").id)
    qtbot.waitUntil(lambda: "Select a variable" in panel.title.text())
    panel.detach()
    scene.detach()


def test_heat_view_shows_loop_counts_on_the_canvas(qtbot):
    d = diagram()
    scene = DiagramScene(d)
    panel = CausesPanel(d, scene)
    qtbot.addWidget(panel)
    before = len(scene.items())
    with qtbot.waitSignal(panel.heat_ready, timeout=5000):
        panel.heat_box.setChecked(True)
    expected = loop_participation(d)
    assert panel.participation.variables == expected.variables
    texts = {item.text() for item in scene.items() if hasattr(item, "text") and callable(item.text)}
    assert {"2", "1"} <= texts  # Jobs and Worklessness are on both loops, Crime on one
    assert "Most pass through" in panel.heat_summary.text()
    panel.heat_box.setChecked(False)
    assert len(scene.items()) == before
    panel.detach()
    scene.detach()


def test_warnings_list_and_click_selects(qtbot):
    d = diagram()
    scene = DiagramScene(d)
    panel = WarningsPanel(d, scene)
    qtbot.addWidget(panel)
    titles = [panel.list.item(i).text().split("\n")[0] for i in range(panel.list.count())]
    assert titles == ["Isolated variables", "Two-way links", "Loop without a delay"]
    panel._select(panel.list.item(0))
    assert scene.selected("variable") == [d.variable_by_name("Weather").id]
    panel._select(panel.list.item(1))
    assert len(scene.selected("link")) == 2
    # Linking Weather in clears its warning after the pause.
    d.new_link(d.variable_by_name("Weather").id, d.variable_by_name("Crime").id, "+")
    qtbot.waitUntil(lambda: panel.list.count() and "Isolated" not in panel.list.item(0).text())
    assert "Links in no loop" in panel.list.item(0).text()
    panel.detach()
    scene.detach()


def test_dense_diagram_limits_the_tree_depth(qtbot):
    names = [f"V{i}" for i in range(12)]
    d = build(names, [(a, b, "+") for a in names for b in names if a != b])
    panel = CausesPanel(d)
    qtbot.addWidget(panel)
    panel.depth_box.setValue(6)
    panel.set_variable(d.variable_by_name("V0").id)
    assert "dense diagram: 4 links deep" in panel.title.text()  # 11 ** 4 nodes at most
    panel.detach()
