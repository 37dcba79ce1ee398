"""The line style legend on the canvas: when it shows, what it lists, where it sits, and every export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from cld_editor.analysis.merge import merge
from cld_editor.core import Diagram, Evidence
from cld_editor.gui.canvas.legend import legend_entries
from cld_editor.gui.canvas.scene import DiagramScene
from cld_editor.gui.export import export_diagram_headless, export_scene
from cld_editor.io import load

from _editor_helpers import make_window, small_diagram
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def with_confidence(d: Diagram, *levels: str | None) -> Diagram:
    for link, level in zip(list(d.links.values()), levels):
        if level is not None:
            d.update_link(link.id, evidence=Evidence(confidence=level))
    return d


def scene_of(qtbot, d: Diagram) -> DiagramScene:
    scene = DiagramScene(d)
    scene.legend.settle()
    return scene


def test_no_evidence_no_legend(qtbot):
    scene = scene_of(qtbot, small_diagram())
    assert legend_entries(scene.diagram) == []
    assert not scene.legend.isVisible() and scene.legend.placed_rect().isNull()


def test_lists_exactly_the_line_styles_used(qtbot):
    d = with_confidence(small_diagram(), "weak", "hypothesis", "strong")
    scene = scene_of(qtbot, d)
    assert scene.legend.isVisible()
    assert scene.legend.entries == ["solid", "weak", "hypothesis"]
    # Every link weak or contested: no solid line is drawn, so none is explained.
    d = with_confidence(small_diagram(), "contested", "weak", "weak")
    assert scene_of(qtbot, d).legend.entries == ["weak", "contested"]


def test_legend_follows_edits_and_the_agreement_view(qtbot):
    d = small_diagram()
    scene = scene_of(qtbot, d)
    link = next(iter(d.links))
    d.update_link(link, evidence=Evidence(confidence="hypothesis"))
    qtbot.waitUntil(lambda: scene.legend.isVisible())
    assert scene.legend.entries == ["solid", "hypothesis"]
    d.update_link(link, evidence=Evidence())
    qtbot.waitUntil(lambda: not scene.legend.isVisible())
    a = small_diagram()
    b = small_diagram()
    merged = merge([("tutor", a), ("parent", b)]).diagram  # every link drawn by two people, no confidence
    assert scene_of(qtbot, merged).legend.entries == ["solid", "agreement"]


def covered(scene: DiagramScene) -> list[str]:
    """Names of the variables, and ids of the links, whose drawing the legend touches."""
    rect = scene.legend.placed_rect()
    hits = [item.variable.name for item in scene.variables.values() if item.sceneBoundingRect().intersects(rect)]
    hits += [lid for lid, item in scene.links.items() if item.collidesWithItem(scene.legend)]
    return hits


def test_legend_never_covers_a_variable_or_a_link(qtbot):
    merged = load(EXAMPLES / "neet-perspectives" / "merged.cld").diagram
    scene = scene_of(qtbot, merged)
    assert scene.legend.isVisible() and covered(scene) == []
    assert scene.content_rect(0).contains(scene.legend.placed_rect())
    # A grid of variables with no free corner: the legend goes beside the drawing, on the side that
    # makes the picture grow least: below a square grid, to the right of a long flat one.
    for columns, rows, side in ((6, 6, "below"), (24, 3, "right")):
        d = Diagram()
        ids = [d.new_variable(f"Factor {i}", (i % columns) * 130, (i // columns) * 70).id
               for i in range(columns * rows)]
        for a, b in zip(ids, ids[1:]):
            d.new_link(a, b, "+", evidence=Evidence(confidence="weak"))
        scene = scene_of(qtbot, d)
        assert covered(scene) == []
        boxes = [item.sceneBoundingRect() for item in scene.variables.values()]
        legend = scene.legend.placed_rect()
        if side == "below":
            assert legend.top() > max(box.bottom() for box in boxes)
        else:
            assert legend.left() > max(box.right() for box in boxes)


def test_legend_is_in_svg_pdf_and_png(qtbot, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    d = with_confidence(small_diagram(), "weak", "contested", None)
    export_diagram_headless(d, tmp_path / "d.svg")
    svg = (tmp_path / "d.svg").read_text()
    assert "Link lines" in svg and "weak evidence" in svg and "contested" in svg and "hypothesis" not in svg
    export_diagram_headless(d, tmp_path / "d.pdf")
    with pdfplumber.open(tmp_path / "d.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "Link lines" in text and "weak evidence" in text
    # The picture's area takes the legend in: a PNG shows it whole.
    scene = scene_of(qtbot, d)
    export_scene(scene, tmp_path / "d.png", scale=1.0)
    from PySide6.QtGui import QImage

    image = QImage(str(tmp_path / "d.png"))
    area = scene.content_rect(24)
    assert area.contains(scene.legend.placed_rect())
    assert abs(image.width() - round(area.width())) <= 1 and abs(image.height() - round(area.height())) <= 1


def activate(qtbot, window) -> None:
    """Make ``window`` the active one: shortcuts reach the active window only."""
    with qtbot.waitActive(window):
        window.activateWindow()


def test_view_menu_toggle_by_keyboard_is_remembered(qtbot):
    d = with_confidence(small_diagram(), "weak")
    window = make_window(qtbot, d)
    window.settings.setValue("canvas/legend", True)
    window.canvas.legend.set_wanted(True)
    assert window.canvas.legend.isVisible()
    activate(qtbot, window)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert not window.act["legend"].isChecked() and not window.canvas.legend.isVisible()
    assert window.settings.value("canvas/legend", type=bool) is False
    other = make_window(qtbot, with_confidence(small_diagram(), "weak"))
    assert not other.act["legend"].isChecked() and not other.canvas.legend.isVisible()
    activate(qtbot, other)
    QTest.keyClick(other.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert other.canvas.legend.isVisible() and window.settings.value("canvas/legend", type=bool) is True


def test_legend_is_on_the_printed_page(qtbot, tmp_path):
    # File > Print paints through the same page composer as the PDF; a printer writing to a file shows it.
    pdfplumber = pytest.importorskip("pdfplumber")
    from PySide6.QtPrintSupport import QPrinter

    from cld_editor.gui.export import paint_on_pages

    scene = scene_of(qtbot, with_confidence(small_diagram(), "hypothesis"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    paint_on_pages(scene, printer)
    with pdfplumber.open(tmp_path / "printed.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "Link lines" in text and "hypothesis" in text and "weak evidence" not in text
