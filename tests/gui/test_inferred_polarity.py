"""Link > Infer Polarity from Equations in the window: one undo step, marked, accepted or overridden."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from cld_editor.core import Diagram
from cld_editor.sim.infer import infer_polarities

from _editor_helpers import make_window

TEACUP = Path(__file__).resolve().parent.parent / "data" / "vensim" / "teacup.mdl"


def _open_teacup(qtbot):
    window = make_window(qtbot)
    assert window.open_file(str(TEACUP))
    return window


def _state(diagram: Diagram) -> dict[str, tuple[str, bool]]:
    return {link.id: (link.polarity, link.inferred) for link in diagram.links.values()}


def _render(window, link_id: str) -> QImage:
    item = window.canvas.item_for("link", link_id)
    rect = item.sceneBoundingRect()
    image = QImage(int(rect.width()) + 4, int(rect.height()) + 4, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    window.canvas.render(painter, QRectF(0, 0, image.width(), image.height()), rect.adjusted(-2, -2, 2, 2))
    painter.end()
    return image


def test_infer_applies_the_equation_signs_to_unknown_links_in_one_step(qtbot):
    window = _open_teacup(qtbot)
    before = _state(window.diagram)
    expected = {lid: sign for lid, sign in infer_polarities(window.diagram).items()
                if sign and before[lid][0] == "?"}
    assert len(expected) >= 2  # the teacup has unknown links whose sign the equations settle
    steps = window.undo_stack.count()
    window.act["infer_polarity"].trigger()
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == "Infer polarity from equations"
    after = _state(window.diagram)
    for lid, (polarity, inferred) in after.items():
        if lid in expected:
            assert (polarity, inferred) == (expected[lid], True)
        else:
            assert (polarity, inferred) == before[lid]  # drawn signs and undeterminable links stay
    unknown = sum(1 for p, _ in before.values() if p == "?")
    assert window.statusBar().currentMessage().startswith(f"{len(expected)} of {unknown} unknown links")
    window.undo_stack.undo()
    assert _state(window.diagram) == before
    window.undo_stack.redo()
    assert _state(window.diagram) == after


def test_nothing_to_infer_says_so_and_pushes_nothing(qtbot):
    d = Diagram()
    a, b = d.new_variable("A"), d.new_variable("B", 200, 0)
    d.new_link(a.id, b.id, "?")
    window = make_window(qtbot, d)
    window.act["infer_polarity"].trigger()
    assert window.undo_stack.count() == 0
    assert "No polarity could be inferred" in window.statusBar().currentMessage()
    window.diagram.update_link(next(iter(window.diagram.links)), polarity="+")
    window.act["infer_polarity"].trigger()
    assert window.statusBar().currentMessage() == "No link has an unknown (?) polarity."


def test_properties_panel_shows_inferred_and_accept_is_undoable(qtbot):
    window = _open_teacup(qtbot)
    window.act["infer_polarity"].trigger()
    link_id = next(lid for lid, (_, inferred) in _state(window.diagram).items() if inferred)
    sign = window.diagram.links[link_id].polarity
    window.canvas.select_ids(link_ids=[link_id])
    panel = window.properties
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.link_page)
    assert not panel.inferred_row.isHidden()
    assert "Inferred from the equation" in panel.inferred_label.text()
    marked = _render(window, link_id)
    panel.accept_inferred_button.click()
    assert window.diagram.links[link_id].inferred is False
    assert window.diagram.links[link_id].polarity == sign
    assert window.undo_stack.undoText() == "Accept inferred polarity"
    qtbot.waitUntil(lambda: panel.inferred_row.isHidden())
    assert _render(window, link_id) != marked  # the mark is drawn, not only stored
    window.undo_stack.undo()
    assert window.diagram.links[link_id].inferred is True
    qtbot.waitUntil(lambda: not panel.inferred_row.isHidden())


def test_choosing_a_polarity_by_hand_clears_inferred(qtbot):
    window = _open_teacup(qtbot)
    window.act["infer_polarity"].trigger()
    inferred = [lid for lid, (_, mark) in _state(window.diagram).items() if mark]
    first, second = inferred[:2]
    # In the properties panel.
    window.canvas.select_ids(link_ids=[first])
    panel = window.properties
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.link_page)
    other = "-" if window.diagram.links[first].polarity == "+" else "+"
    panel.polarity_box.setCurrentIndex(panel.polarity_box.findData(other))
    assert (window.diagram.links[first].polarity, window.diagram.links[first].inferred) == (other, False)
    # With the key on the canvas: the same sign typed again still makes it the user's own.
    window.canvas.select_ids(link_ids=[second])
    same = window.diagram.links[second].polarity
    window.view.setFocus()
    qtbot.keyClicks(window.view, "+" if same == "+" else "-")
    assert (window.diagram.links[second].polarity, window.diagram.links[second].inferred) == (same, False)
    window.undo_stack.undo()
    assert window.diagram.links[second].inferred is True
