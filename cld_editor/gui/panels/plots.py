"""Time plots for the solver's panels: lines with a legend and crosshair read-out, and stacked loop shares.

Both plots export what they show: a PNG of the plot and a CSV of its data.
"""

from __future__ import annotations

import csv
import io
import math
import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtCore import Qt, Signal  # noqa: E402  (PySide6 before pyqtgraph)
from PySide6.QtGui import QColor, QFont, QPen  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QFileDialog, QGraphicsItem, QHBoxLayout, QLabel, QMessageBox, QToolButton, QVBoxLayout, QWidget,
)

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from pyqtgraph.exporters import ImageExporter  # noqa: E402

#: Distinct line colours that stay apart for colour-blind readers (Okabe-Ito, then Tol).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#44AA99",
           "#999933", "#AA4499", "#332288", "#117733"]
REINFORCING = ["#C0392B", "#E67E22", "#D35400", "#E74C3C", "#F39C12", "#A04000"]
BALANCING = ["#1F618D", "#117A65", "#2E86C1", "#148F77", "#5B2C6F", "#21618C"]

pg.setConfigOptions(antialias=True, background="w", foreground="#22262b")


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def nice_bounds(low: float, high: float) -> tuple[float, float]:
    """``low``..``high`` widened to whole steps of 1, 2, 2.5 or 5 times a power of ten (about eight steps).

    A what-if rerun moves its lines a little; bounds that only change when a line crosses a step
    keep the axes (and their labels) as they are, so a rerun repaints the lines and nothing else.
    """
    span = high - low
    if not (math.isfinite(low) and math.isfinite(high)) or span <= 0:
        return low, high
    raw = span / 8
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(k * power for k in (1, 2, 2.5, 5, 10) if k * power >= raw)
    # (a line that passes a step by a twentieth of one - a rounding error, half a pen's width -
    # counts as on it: the view's padding still shows it whole)
    return math.floor(low / step + 0.05) * step, math.ceil(high / step - 0.05) * step


class _SteadyViewBox(pg.ViewBox):
    """Autoscales the value axis to whole steps (see :func:`nice_bounds`), not to the data's very edge."""

    def childrenBounds(self, frac=None, orthoRange=(None, None), items=None):  # noqa: N802 (Qt's name)
        bounds = super().childrenBounds(frac=frac, orthoRange=orthoRange, items=items)
        if bounds[1] is not None:
            bounds[1] = list(nice_bounds(*bounds[1]))
        return bounds


def _on_white(pen: QPen) -> QPen:
    """An opaque pen of the colour ``pen`` shows on a white background."""
    tint = pen.color()
    alpha = tint.alphaF()
    if alpha >= 1.0:
        return pen
    opaque = QPen(pen)
    opaque.setColor(QColor(*(round(alpha * c + (1 - alpha) * 255) for c in (tint.red(), tint.green(), tint.blue()))))
    return opaque


class _CachedAxis(pg.AxisItem):
    """An axis (with its grid lines and labels) painted once into a pixmap, reused until its ticks change.

    Replaying the axis's drawing costs more than drawing every line of a run; a what-if rerun
    leaves the axes as they are, so each repaint is a copy of the pixmap.
    """

    def __init__(self, orientation: str, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def generateDrawSpecs(self, p):  # noqa: N802 (pyqtgraph's name)
        """The grid's translucent lines made opaque, of the colour they show on the white plot.

        Qt draws a translucent thin line about ten times slower than an opaque one.  (The axes
        lie under the plotted lines, so an opaque grid hides nothing.)
        """
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis, ticks, texts = specs
        return axis, [(_on_white(pen), a, b) for pen, a, b in ticks], texts

    @property
    def picture(self):
        return self._picture

    @picture.setter
    def picture(self, value) -> None:
        self._picture = value
        if value is None:  # the drawing must be made again: so must the cached pixmap
            self.update()


class _Plot(QWidget):
    """A pyqtgraph plot with a header (title, read-out) and export buttons."""

    exported = Signal(str)

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(viewBox=_SteadyViewBox(), axisItems={
            side: _CachedAxis(side) for side in ("left", "bottom")})
        self.plot.setMinimumHeight(180)
        self.item = self.plot.getPlotItem()
        for side in ("left", "bottom"):  # the grid under the lines (it is opaque: see _CachedAxis)
            self.item.getAxis(side).setZValue(self.item.getViewBox().zValue() - 1)
        self.item.showGrid(x=True, y=True, alpha=0.15)
        self.item.setLabel("bottom", "time")
        self.item.getViewBox().setMouseEnabled(x=True, y=True)
        self.legend = self.item.addLegend(offset=(10, 10), labelTextColor="#22262b",
                                          brush=pg.mkBrush(255, 255, 255, 220), pen=pg.mkPen("#d0d3d8"))
        self.title = QLabel(title)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.readout = QLabel("")
        self.readout.setObjectName("readout")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setStyleSheet("color: #4b535c;")
        self.readout.setWordWrap(True)
        png = QToolButton(text="PNG…")
        png.setToolTip("Save this plot as a PNG image")
        png.clicked.connect(self.export_png_dialog)
        data = QToolButton(text="CSV…")
        data.setToolTip("Save the plotted values as a CSV file")
        data.clicked.connect(self.export_csv_dialog)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(png)
        header.addWidget(data)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.readout)
        self.vline = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#8a9099", style=Qt.PenStyle.DashLine))
        self.vline.setVisible(False)
        self.item.addItem(self.vline, ignoreBounds=True)
        self._proxy = pg.SignalProxy(self.plot.scene().sigMouseMoved, rateLimit=30, slot=self._moved)
        self.times = np.zeros(0)
        self.columns: dict[str, np.ndarray] = {}

    # -- crosshair
    def _moved(self, event: tuple) -> None:
        pos = event[0]
        if not self.item.sceneBoundingRect().contains(pos) or not len(self.times):
            return
        point = self.item.getViewBox().mapSceneToView(pos)
        self.show_readout_at(point.x())

    def show_readout_at(self, t: float) -> None:
        """Put the crosshair at time ``t`` and read every series there."""
        if not len(self.times):
            return
        row = int(np.clip(np.searchsorted(self.times, t), 0, len(self.times) - 1))
        if row > 0 and abs(self.times[row - 1] - t) < abs(self.times[row] - t):
            row -= 1
        self.vline.setPos(self.times[row])
        self.vline.setVisible(True)
        parts = [f"time {self.times[row]:g}"]
        parts += [f"{name} {values[row]:.4g}" for name, values in self.columns.items() if "(sweep" not in name]
        self.readout.setText("   ".join(parts))

    # -- export
    def export_png(self, path: str, width: int = 1200) -> None:
        exporter = ImageExporter(self.item)
        exporter.parameters()["width"] = width
        exporter.export(path)

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["time", *self.columns])
        for row, t in enumerate(self.times):
            writer.writerow([repr(float(t)), *(repr(float(v[row])) for v in self.columns.values())])
        return out.getvalue()

    def export_csv(self, path: str) -> None:
        from ...io.atomic import write_atomic

        write_atomic(path, self.csv_text().encode("utf-8"))

    def export_png_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save plot as PNG", "plot.png", "PNG image (*.png)")
        if path:
            self._export(self.export_png, path)

    def export_csv_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save plotted values", "plot.csv", "CSV (*.csv)")
        if path:
            self._export(self.export_csv, path)

    def _export(self, action, path: str) -> None:
        try:
            action(path)
        except Exception as exc:  # noqa: BLE001 - tell the person, keep the program
            QMessageBox.warning(self, "Export failed", f"Could not write {path}:\n{exc}")
            return
        self.exported.emit(path)


class TimePlot(_Plot):
    """Lines over time; a pinned baseline is drawn dashed under the current run."""

    def set_series(self, times: np.ndarray, series: dict[str, np.ndarray],
                   baseline: dict[str, np.ndarray] | None = None, baseline_times: np.ndarray | None = None,
                   sweep: dict[str, np.ndarray] | None = None) -> None:
        """Draw ``series``; ``baseline`` dashed under them; ``sweep`` (rows, runs) as faint lines behind.

        The same lines as last time (a what-if rerun) only get new data: rebuilding the curves and
        the legend costs far more than a run.
        """
        self.times = np.asarray(times, dtype=float)
        self.columns = {}
        curves: list[tuple[tuple, np.ndarray, np.ndarray]] = []  # (what, x, y) in drawing order
        for name, values in series.items():
            if sweep and name in sweep:
                runs = np.asarray(sweep[name])
                # one line through every run, broken between runs: one item to draw, not 21
                curves.append(((name, "sweep"), np.tile(self.times, runs.shape[1]), runs.T.ravel()))
                self.columns[f"{name} (sweep low)"] = runs.min(axis=1)
                self.columns[f"{name} (sweep high)"] = runs.max(axis=1)
        for name, values in series.items():
            if baseline and name in baseline and baseline_times is not None:
                curves.append(((name, "baseline"), np.asarray(baseline_times, dtype=float), baseline[name]))
                self.columns[f"{name} (baseline)"] = np.interp(self.times, baseline_times, baseline[name])
            curves.append(((name, "line"), self.times, values))
            self.columns[name] = np.asarray(values, dtype=float)
        known = getattr(self, "_curves", {})
        if [what for what, _, _ in curves] == list(known):
            for what, x, y in curves:
                old_x, old_y = known[what].getOriginalDataset()
                if not (np.array_equal(old_y, y) and np.array_equal(old_x, x)):  # (a baseline stays cached)
                    known[what].setData(x, y, **self._breaks(what, x))
        else:
            self.item.clear()
            self.legend.clear()
            self.item.addItem(self.vline, ignoreBounds=True)
            order = list(series)
            self._curves = {}
            for what, x, y in curves:
                i = order.index(what[0])
                if what[1] == "sweep":
                    tint = QColor(colour(i))
                    tint.setAlpha(70)
                    item = self.item.plot(x, y, pen=pg.mkPen(tint, width=1), **self._breaks(what, x))
                elif what[1] == "baseline":
                    item = self.item.plot(x, y, pen=pg.mkPen(colour(i), width=1.6, style=Qt.PenStyle.DashLine),
                                          name=f"{what[0]} (baseline)")
                else:
                    item = self.item.plot(x, y, pen=pg.mkPen(colour(i), width=2.2), name=what[0])
                if what[1] != "line":  # what a rerun leaves alone is painted once, then copied
                    item.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                self._curves[what] = item
        if self.vline.isVisible() and len(self.times):
            self.show_readout_at(self.vline.value())

    def _breaks(self, what: tuple, x: np.ndarray) -> dict:
        """For a sweep's line: where one run ends and the next begins, the line is not joined."""
        if what[1] != "sweep":
            return {}
        joined = np.ones(len(x), dtype=bool)
        joined[len(self.times) - 1:: len(self.times)] = False
        return {"connect": joined}


class StackedSharePlot(_Plot):
    """Loop shares over time, stacked: reinforcing loops above zero, balancing loops below."""

    def __init__(self, title: str = "Loop dominance", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.legend.setOffset((-10, 10))  # top right: shares fan out from the middle line
        self.item.setLabel("left", "share of the behaviour")
        self.item.setYRange(-1.02, 1.02, padding=0)

    def set_shares(self, times: np.ndarray, names: list[str], shares: np.ndarray) -> None:
        """``shares`` (rows, loops) signed: R loops positive, B loops negative."""
        self.item.clear()
        self.legend.clear()
        self.item.addItem(self.vline, ignoreBounds=True)
        self.times = np.asarray(times, dtype=float)
        shares = np.nan_to_num(np.asarray(shares, dtype=float))
        self.columns = {name: shares[:, j] for j, name in enumerate(names)}
        zero = pg.PlotDataItem(self.times, np.zeros_like(self.times), pen=pg.mkPen("#22262b", width=1))
        self.item.addItem(zero)
        up = np.zeros_like(self.times)
        down = np.zeros_like(self.times)
        r_i = b_i = 0
        for j, name in enumerate(names):
            part = shares[:, j]
            positive = bool(np.sum(part) >= 0)
            base = up if positive else down
            top = base + part
            if positive:
                tint = REINFORCING[r_i % len(REINFORCING)]
                r_i += 1
            else:
                tint = BALANCING[b_i % len(BALANCING)]
                b_i += 1
            lower = pg.PlotDataItem(self.times, base, pen=pg.mkPen(None))
            upper = pg.PlotDataItem(self.times, top, pen=pg.mkPen(QColor(tint).darker(120), width=1), name=name)
            fill = pg.FillBetweenItem(lower, upper, brush=pg.mkBrush(QColor(tint).lighter(115)))
            self.item.addItem(lower)
            self.item.addItem(upper)
            self.item.addItem(fill)
            if positive:
                up = top
            else:
                down = top
        self.item.setYRange(-1.02 if b_i else 0, 1.02 if r_i else 0, padding=0)
        if len(self.times):
            self.item.setXRange(float(self.times[0]), float(self.times[-1]), padding=0)

