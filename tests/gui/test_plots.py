"""The time plot under what-if reruns: steady axes, untouched unchanged lines, a grid under the lines."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPainter

from cld_editor.gui.panels.plots import TimePlot, nice_bounds


@pytest.fixture
def plot(qtbot):
    widget = TimePlot("Variables over time")
    widget.resize(700, 450)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def settle(plot, qtbot) -> None:
    """Paint until the axis has drawn: pyqtgraph applies some range changes on the next event-loop
    turn, which can clear a picture just painted (a loaded machine leaves that turn for later)."""
    axis = plot.item.getAxis("left")
    for _ in range(50):
        plot.plot.viewport().repaint()
        qtbot.wait(10)
        if axis.picture is not None:
            return


def test_nice_bounds_round_out_to_whole_steps():
    assert nice_bounds(0.0, 6.45) == (0.0, 7.0)
    assert nice_bounds(-0.019, 6.45) == (0.0, 7.0)  # half a pen's width below a step is on it
    assert nice_bounds(12.0, 97.0) == (0.0, 100.0)  # steps of 20
    assert nice_bounds(0.51, 0.93) == (0.5, 1.0)
    assert nice_bounds(3.0, 3.0) == (3.0, 3.0)  # a flat line: left to the view


def test_a_rerun_that_moves_the_lines_a_little_keeps_the_axes(plot, qtbot):
    times = np.linspace(0, 100, 401)
    plot.set_series(times, {"Level": 6.40 * (1 - np.exp(-times / 10))})
    settle(plot, qtbot)
    view = plot.item.getViewBox()
    axis = plot.item.getAxis("left")
    y_range, drawing = view.viewRange()[1], axis.picture
    assert drawing is not None
    plot.set_series(times, {"Level": 6.45 * (1 - np.exp(-times / 10))})
    settle(plot, qtbot)
    assert view.viewRange()[1] == y_range
    assert axis.picture is drawing  # the axis and its grid were not drawn again
    plot.set_series(times, {"Level": 9.5 * (1 - np.exp(-times / 10))})  # a line beyond the range
    settle(plot, qtbot)
    low, high = view.viewRange()[1]
    assert low < 0 < 9.5 < high


def test_a_rerun_leaves_an_unchanged_baseline_alone(plot, monkeypatch):
    times = np.linspace(0, 10, 41)
    baseline = {"Level": np.linspace(0, 10, 41)}
    plot.set_series(times, {"Level": np.linspace(0, 12, 41)}, baseline, times)
    given = []
    dashed = plot._curves[("Level", "baseline")]
    monkeypatch.setattr(dashed, "setData", lambda *args, **kwargs: given.append(args))
    plot.set_series(times, {"Level": np.linspace(0, 13, 41)}, {"Level": np.linspace(0, 10, 41)}, times)
    assert given == []
    assert np.array_equal(plot._curves[("Level", "line")].getOriginalDataset()[1], np.linspace(0, 13, 41))
    assert plot.columns["Level (baseline)"][-1] == 10


def test_the_grid_is_opaque_and_under_the_lines(plot, qtbot):
    times = np.linspace(0, 10, 41)
    plot.set_series(times, {"Level": times})
    settle(plot, qtbot)
    view = plot.item.getViewBox()
    for side in ("left", "bottom"):
        axis = plot.item.getAxis(side)
        assert axis.zValue() < view.zValue()
        image = QImage(10, 10, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        specs = axis.generateDrawSpecs(painter)
        painter.end()
        assert specs[1] and all(pen.color().alpha() == 255 for pen, _, _ in specs[1])
