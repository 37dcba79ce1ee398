"""Loops > Archetypes in the window: the list, the roles on the canvas, confirm / dismiss saved, Export Report."""

from __future__ import annotations

from pathlib import Path

from _editor_helpers import isolate_settings
from cld_editor.io import load, save

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def open_window(qtbot, diagram, path=None):
    try:
        from cld_editor.gui.window.main_window import MainWindow
    except ImportError:
        from cld_editor.gui.window.main_window import MainWindow
    from cld_editor.gui.theme import LIGHT

    isolate_settings()
    window = MainWindow(diagram, path, LIGHT, show_start=False)
    window.show_error = lambda *args: None
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def _show_panel(qtbot, window):
    [action] = [a for a in window.menu("Loops").actions() if a.text() == "&Archetypes"]
    action.trigger()
    panel = window.archetypes_panel
    qtbot.waitUntil(panel.isVisible, timeout=10000)
    return panel


def test_loops_menu_lists_the_archetypes_and_shows_roles_on_the_canvas(qtbot):
    d = load(EXAMPLES / "archetypes.cld").diagram
    window = open_window(qtbot, d)
    panel = _show_panel(qtbot, window)
    titles = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert [t.split(" \u2013 ")[0] for t in titles] == ["Fixes that fail", "Shifting the burden", "Limits to growth"]
    panel.list.setCurrentRow(0)
    match = panel.current_match()
    assert match.archetype == "fixes_that_fail"
    assert sorted(panel.tags.texts()) == ["fix", "problem symptom", "unintended consequence"]
    # Its loops are highlighted: the canvas dims everything else.
    lit_vars, lit_links = window.canvas._highlighted
    assert lit_links == {lid for loop in match.loops for lid in loop.links}
    text = panel.details.toPlainText()
    assert "Leverage:" in text and "Patch Repairs" in text
    panel.list.setCurrentRow(2)
    assert "limiting condition" in panel.tags.texts()
    window.archetypes_panel.detach()


def test_confirm_and_dismiss_are_undoable_and_saved_with_the_diagram(qtbot, tmp_path):
    d = load(EXAMPLES / "archetypes.cld").diagram
    window = open_window(qtbot, d)
    panel = _show_panel(qtbot, window)
    panel.list.setCurrentRow(0)
    panel.dismiss.click()
    assert panel.list.item(panel.list.count() - 1).text().startswith("\u2715 Fixes that fail")
    assert d.extra["archetype_reviews"][0]["review"] == "dismissed"
    window.undo_stack.undo()
    assert "archetype_reviews" not in d.extra
    window.undo_stack.redo()
    panel.list.setCurrentRow(0)
    panel.confirm.click()
    path = tmp_path / "reviewed.cld"
    save(d, path)
    again = load(path).diagram
    reviews = {e["archetype"]: e["review"] for e in again.extra["archetype_reviews"]}
    assert reviews == {"fixes_that_fail": "dismissed", "shifting_the_burden": "confirmed"}
    window.archetypes_panel.detach()
    window.undo_stack.setClean()  # saved above: closing the window must not ask


def test_ambiguous_pair_asks_the_user(qtbot):
    from cld_editor.core import Diagram

    d = Diagram()
    names = ["Goal", "Gap", "Pressure", "Corrective", "Actual"]
    ids = {n: d.new_variable(n, 100 * i, 50 * (i % 2)).id for i, n in enumerate(names)}
    for a, b, sign, late in [("Goal", "Gap", "+", 0), ("Gap", "Pressure", "+", 0), ("Pressure", "Goal", "-", 0),
                             ("Gap", "Corrective", "+", 0), ("Corrective", "Actual", "+", 1),
                             ("Actual", "Gap", "-", 0)]:
        d.new_link(ids[a], ids[b], sign, delay=bool(late))
    window = open_window(qtbot, d)
    panel = _show_panel(qtbot, window)
    assert panel.list.count() == 2
    panel.list.setCurrentRow(0)
    assert "Only you can tell:" in panel.details.toPlainText()
    window.archetypes_panel.detach()


def test_file_export_report_writes_the_chosen_format(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    d = load(EXAMPLES / "waiting-list-targets.cld").diagram
    window = open_window(qtbot, d)
    labels = [a.text() for a in window.menu("File").actions()]
    assert "E&xport Report\u2026" in labels
    target = tmp_path / "board-paper"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kw: (str(target), "Word document (*.docx)")))
    window.archetypes_actions["report"].trigger()
    written = tmp_path / "board-paper.docx"
    assert written.exists() and written.stat().st_size > 10_000
    window.archetypes_panel.detach()


def test_role_tags_never_cover_a_sign(qtbot):
    """Signs step aside along their links when a role tag is drawn where they sat, and none sits under a tag."""
    from cld_editor.analysis.sign_placement import boxes_touch, sign_box

    d = load(EXAMPLES / "archetypes.cld").diagram
    window = open_window(qtbot, d)
    panel = _show_panel(qtbot, window)
    scene = window.canvas
    for row in range(panel.list.count()):
        panel.list.setCurrentRow(row)
        scene.place_marks()
        tags = [item.sceneBoundingRect() for item in panel.tags.items]
        assert tags
        for link_item in scene.links.values():
            if link_item.marks is None:
                continue
            sign = sign_box(link_item.marks.sign)
            for rect in tags:
                assert not boxes_touch(sign, (rect.left(), rect.top(), rect.right(), rect.bottom())), \
                    f"the sign of {link_item.link.id} sits under a role tag"
    window.archetypes_panel.detach()
