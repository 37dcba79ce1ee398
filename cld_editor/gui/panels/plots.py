"""Time plots for the solver's panels: lines with a legend and crosshair read-out, and stacked loop shares.

Both plots export what they show: a PNG of the plot and a CSV of its data.
"""

from __future__ import annotations

import csv
import io
import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtCore import Qt, Signal  # noqa: E402  (PySide6 before pyqtgraph)
from PySide6.QtGui import QColor, QFont  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QFileDialog, QHBoxLayout, QLabel, QMessageBox, QToolButton, QVBoxLayout, QWidget,
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


class _Plot(QWidget):
    """A pyqtgraph plot with a header (title, read-out) and export buttons."""

    exported = Signal(str)

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget()
        self.plot.setMinimumHeight(180)
        self.item = self.plot.getPlotItem()
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
                curves += [((name, "sweep", j), self.times, runs[:, j]) for j in range(runs.shape[1])]
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
                known[what].setData(x, y)
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
                    item = self.item.plot(x, y, pen=pg.mkPen(tint, width=1))
                elif what[1] == "baseline":
                    item = self.item.plot(x, y, pen=pg.mkPen(colour(i), width=1.6, style=Qt.PenStyle.DashLine),
                                          name=f"{what[0]} (baseline)")
                else:
                    item = self.item.plot(x, y, pen=pg.mkPen(colour(i), width=2.2), name=what[0])
                self._curves[what] = item
        if self.vline.isVisible() and len(self.times):
            self.show_readout_at(self.vline.value())


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

