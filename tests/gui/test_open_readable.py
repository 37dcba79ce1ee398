"""Opening a diagram shows it at a size that can be read: fitted, never magnified, imports tidied when tiny."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from cld_editor.analysis.layout import label_box, overlaps
from cld_editor.gui.dialogs.import_report import ImportReportDialog
from cld_editor.gui.window.files import READABLE_ZOOM, fitted_zoom
from cld_editor.io import formats, load, save

from _editor_helpers import make_window, small_diagram

DATA = Path(__file__).resolve().parent.parent / "data"
BEER = DATA / "vensim" / "RealBeer4-Sterman13.mdl"


def _positions(diagram):
    return {v.name: (v.x, v.y) for v in diagram.variables.values()}


def test_a_small_diagram_opens_at_actual_size_not_magnified(qtbot, tmp_path):
    path = tmp_path / "small.cld"
    save(small_diagram(), path)
    window = make_window(qtbot)
    assert window.open_file(str(path))
    assert window.view.zoom() == 1.0


def test_the_beer_game_opens_laid_out_afresh_and_the_report_says_so(qtbot):
    window = make_window(qtbot)
    viewport = window.view.viewport().size()
    as_drawn = load(BEER).diagram
    formats.spread_imported(as_drawn, BEER)
    assert fitted_zoom(as_drawn, viewport) < READABLE_ZOOM  # the hairball the user saw
    assert window.open_file(str(BEER))
    d = window.diagram
    dialog = window.findChild(ImportReportDialog)
    assert "laid out afresh so names can be read" in dialog.items()[0]
    dialog.close()
    # Drawn larger than before, no two names on top of each other, and links curved round their loops.
    assert window.view.zoom() > 1.2 * fitted_zoom(as_drawn, viewport)
    boxes = [label_box(v.name, v.x, v.y, v.kind) for v in d.variables.values()]
    assert not any(overlaps(a, b) for a, b in combinations(boxes, 2))
    assert any(link.curvature != 0 for link in d.links.values())
    # Part of the import: nothing to undo, and the diagram is unmodified.
    assert window.undo_stack.count() == 0 and window.undo_stack.isClean()


def test_a_cld_file_keeps_the_users_arrangement_however_large(qtbot, tmp_path):
    big = small_diagram()
    for v in list(big.variables.values()):
        big.update_variable(v.id, x=v.x * 12, y=v.y * 12)
    path = tmp_path / "big.cld"
    save(big, path)
    window = make_window(qtbot)
    assert window.open_file(str(path))
    assert _positions(window.diagram) == _positions(big)
    assert window.view.zoom() < READABLE_ZOOM


def test_an_import_that_fits_readably_keeps_its_positions(qtbot):
    path = DATA / "vensim" / "teacup.mdl"
    expected = load(path).diagram
    formats.spread_imported(expected, path)
    window = make_window(qtbot)
    assert window.open_file(str(path))
    assert _positions(window.diagram) == _positions(expected)
    assert window.view.zoom() <= 1.0


def test_the_panels_leave_the_canvas_most_of_a_new_window(qtbot):
    from cld_editor.gui.theme import LIGHT
    from cld_editor.gui.window.main_window import MainWindow
    from _editor_helpers import isolate_settings

    isolate_settings()
    window = MainWindow(small_diagram(), None, LIGHT, show_start=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.undo_stack.setClean())
    window.show()
    qtbot.waitExposed(window)
    # The Loops table's own size hint would take nearly half the window.
    assert window.view.viewport().width() >= 0.58 * window.width()
