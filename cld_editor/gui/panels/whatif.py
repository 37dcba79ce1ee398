"""The What-if panel: sliders for constants and link strengths, live runs, a pinned baseline.

Moving a slider re-runs the model (the model is compiled once per edit of the
diagram; a run only changes parameter values) on a worker thread, so the
window never waits: while a slider is dragged, runs overtaken by a newer value
stop or never start, and only the newest is drawn.  Once a value differs from
the diagram's, the diagram's own run is drawn dashed (unless a baseline is
pinned) so that every change shows, and a flat line is explained in one sentence.  "Pin as baseline"
keeps the current run: it is drawn dashed under every later run, so two
scenarios can be compared side by side.  "Apply to diagram" writes the
slider values into the diagram as one undoable step.  A second tab shows which
loop dominates the behaviour when (Loops That Matter).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from ...commands.equation_commands import ApplyWhatIf
from ...core.diagram import Diagram
from ...core.words import plural
from ...core.errors import CldError
from ...sim.dominance import loop_dominance
from ...sim.flat import why_flat
from ...sim.run import ParamKey, Run, Simulator
from .model_follower import FollowsModel
from .parameter_row import ParameterRow
from .plots import StackedSharePlot, TimePlot
from .whatif_worker import RunWorker

MAX_PLOTTED = 8


class WhatIfPanel(FollowsModel, QWidget):
    """Live what-if runs of the diagram, with a pinned baseline and loop dominance."""

    message = Signal(str)

    def __init__(self, diagram: Diagram, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.undo_stack = undo_stack
        self.simulator: Simulator | None = None
        self.rows: dict[ParamKey, ParameterRow] = {}
        self.run: Run | None = None
        self.baseline: Run | None = None
        self.plotted: list[str] = []
        self.swept: ParamKey | None = None  # the parameter a sweep varies: the last slider moved
        self.sweep_run: Run | None = None
        self.reference: Run | None = None  # the diagram's own values: drawn dashed once a slider moves
        self._last_sweep: tuple[tuple, Run] | None = None  # (what it swept, its runs), reused while unchanged
        self._worker = RunWorker(self)  # slider moves run in the background; the newest run wins
        self._worker.finished.connect(self._finished)
        self._rebuild_timer = QTimer(self, singleShot=True, interval=150)
        self._rebuild_timer.timeout.connect(self.rebuild)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("status")
        self.flat_note = QLabel()  # why a plotted line is flat, one sentence each
        self.flat_note.setWordWrap(True)
        self.flat_note.setStyleSheet("color: #4b535c;")
        self.sliders = QWidget()
        self.grid = QGridLayout(self.sliders)
        self.grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.sliders)
        scroll.setMinimumWidth(300)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pin_button = QPushButton("Pin as baseline")
        self.pin_button.setToolTip("Keep this run, drawn dashed, to compare the next ones with")
        self.pin_button.clicked.connect(self.pin_baseline)
        self.clear_button = QPushButton("Clear baseline")
        self.clear_button.clicked.connect(self.clear_baseline)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Put every slider back to the diagram's value")
        self.reset_button.clicked.connect(self.reset)
        self.sweep_button = QPushButton("Sweep")
        self.sweep_button.setCheckable(True)
        self.sweep_button.setToolTip("Run 21 what-ifs at once over the range of the last slider you moved, "
                                     "drawn as faint lines: how sensitive is the behaviour to it?")
        self.sweep_button.toggled.connect(lambda _on: self.run_later())
        self.apply_button = QPushButton("Apply to diagram")
        self.apply_button.setToolTip("Write these values into the diagram (undoable)")
        self.apply_button.clicked.connect(self.apply_to_diagram)
        buttons = QGridLayout()
        buttons.addWidget(self.pin_button, 0, 0)
        buttons.addWidget(self.clear_button, 0, 1)
        buttons.addWidget(self.reset_button, 1, 0)
        buttons.addWidget(self.sweep_button, 1, 1)
        buttons.addWidget(self.apply_button, 2, 0, 1, 2)
        self.variables = QListWidget()
        self.variables.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.variables.itemChanged.connect(self._plotted_changed)
        self.variables.setMaximumHeight(130)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>What if…</b>"))
        left_layout.addWidget(scroll, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(QLabel("<b>Plot</b>"))
        left_layout.addWidget(self.variables)

        self.plot = TimePlot("Variables over time")
        self.dominance_plot = StackedSharePlot("Which loop drives the behaviour")
        self.dominance_note = QLabel()
        self.dominance_note.setWordWrap(True)
        self.dominance_note.setStyleSheet("color: #4b535c;")
        dominance = QWidget()
        dom_layout = QVBoxLayout(dominance)
        dom_layout.setContentsMargins(0, 0, 0, 0)
        dom_layout.addWidget(self.dominance_plot, 1)
        dom_layout.addWidget(self.dominance_note)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.plot, "Behaviour")
        self.tabs.addTab(dominance, "Loop dominance")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.method = QComboBox()
        self.method.addItem("Euler", "euler")
        self.method.addItem("Runge-Kutta 4", "rk4")
        self.method.activated.connect(self._method_changed)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 700])
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(QLabel("Method"))
        top.addWidget(self.method)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.flat_note)
        self.follow(diagram, self._rebuild_timer)
        self.rebuild()

    # --------------------------------------------------------- building
    def rebuild(self) -> None:
        """Recompile after an edit of the diagram; keep slider values the diagram did not change."""
        kept = {key: row.value() for key, row in self.rows.items() if row.moved()}
        self.reference = self._last_sweep = None
        self.method.setCurrentIndex(self.method.findData(self.diagram.simulation.method))
        try:
            self.simulator = Simulator(self.diagram) if self.diagram.variables else None
        except CldError as exc:
            self.simulator = None
            self._set_status(f"Cannot run: {exc}", "#b03a2e")
        self._build_rows(kept)
        self._build_variable_list()
        if self.simulator is None:
            if not self.diagram.variables:
                self._set_status("Add variables and links to run the diagram.", "#6b7178")
            self.plot.set_series(np.zeros(0), {})
            return
        self.run_now()

    def _build_rows(self, kept: dict[ParamKey, float]) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.rows = {}
        if self.simulator is None:
            return
        row_index = 0
        for heading, keys in self._groups():
            if not keys:
                continue
            title = QLabel(f"<span style='color:#6b7178; font-weight:600'>{heading}</span>")
            if row_index:
                title.setContentsMargins(0, 8, 0, 0)
            self.grid.addWidget(title, row_index, 0, 1, 3)
            row_index += 1
            for key, label, tip in keys:
                row = ParameterRow(key, label, self.simulator.default(key), tip)
                if key in kept:
                    row.set_value(kept[key])
                row.changed.connect(lambda key=key: self._touched(key))
                self.grid.addWidget(row.label, row_index, 0, 1, 2)
                self.grid.addWidget(row.spin, row_index, 2)
                self.grid.addWidget(row.slider, row_index + 1, 0, 1, 3)
                self.rows[key] = row
                row_index += 2
        self.grid.setRowStretch(row_index, 1)

    def _touched(self, key: ParamKey) -> None:
        # Straight to the worker, no timer: the worker keeps only the newest request, so a burst of
        # moves costs one run, and the newest value never waits behind an event loop busy painting.
        self.swept = key
        self.run_later()

    def _method_changed(self, _index: int) -> None:
        self.reference = None  # the diagram's own run, by the new method
        self.run_later()

    def _tab_changed(self, index: int) -> None:
        """Bring the tab now shown up to date (only the visible one is drawn after each run)."""
        if index == 1:
            self.update_dominance()
        else:
            self._draw()

    def _groups(self) -> list[tuple[str, list[tuple[ParamKey, str, str]]]]:
        assert self.simulator is not None
        d = self.diagram
        values, starts, strengths = [], [], []
        for key in self.simulator.parameter_keys:
            if key[0] == "strength":
                link = d.links[key[1]]
                label = f"{d.variables[link.source].name} → {d.variables[link.target].name}"
                strengths.append((key, label, f"strength of the {link.polarity} link"))
            elif key[0] == "initial":
                starts.append((key, d.variables[key[1]].name, "starting value of the stock"))
            else:
                values.append((key, d.variables[key[1]].name, "a constant or an input"))
        return [("Constants and inputs", values), ("Stocks' starting values", starts),
                ("Link strengths", strengths)]

    def _build_variable_list(self) -> None:
        self.variables.blockSignals(True)
        self.variables.clear()
        ids = list(self.diagram.variables)
        self.plotted = [v for v in self.plotted if v in self.diagram.variables]
        if not self.plotted:
            stocks = [v for v in ids if self.diagram.variables[v].kind == "stock"]
            self.plotted = (stocks or ids)[:4]
        for vid in ids:
            item = QListWidgetItem(self.diagram.variables[vid].name)
            item.setData(Qt.ItemDataRole.UserRole, vid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if vid in self.plotted else Qt.CheckState.Unchecked)
            self.variables.addItem(item)
        self.variables.blockSignals(False)

    def _plotted_changed(self, item: QListWidgetItem) -> None:
        vid = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked and vid not in self.plotted:
            self.plotted.append(vid)
        elif item.checkState() != Qt.CheckState.Checked and vid in self.plotted:
            self.plotted.remove(vid)
        self._draw()

    def show_variable(self, variable_id: str) -> None:
        """Plot a variable (e.g. the one clicked on the canvas), keeping at most a few at a time."""
        if variable_id not in self.diagram.variables or variable_id in self.plotted:
            return
        self.plotted.append(variable_id)
        if len(self.plotted) > MAX_PLOTTED:
            self.plotted.pop(0)
        self._build_variable_list()
        self.tabs.setCurrentIndex(0)
        self._draw()

    def set_selection(self, variable_ids: list, _link_ids: list | None = None) -> None:
        """Slot for the window's ``selection_changed``: plot the clicked variables."""
        for vid in variable_ids:
            self.show_variable(vid)

    # ---------------------------------------------------------- running
    def changes(self) -> dict[ParamKey, float]:
        return {key: row.value() for key, row in self.rows.items() if row.moved()}

    def settings(self):
        from dataclasses import replace

        return replace(self.diagram.simulation, method=self.method.currentData() or "euler")

    def run_now(self) -> None:
        """Run at once on the GUI thread (after an edit or a button); runs in the background become stale."""
        self._worker.cancel()
        if self.simulator is not None:
            try:
                self._show(self._job()())
            except CldError as exc:
                self._show(exc)

    def run_later(self) -> None:
        """Run in the background (slider moves): only the newest values' run is shown, stale ones are dropped."""
        if self.simulator is not None:
            self._worker.submit(self._job())

    def _job(self):
        """The run of the sliders' current values (and the sweep, and the diagram's own run once), to do anywhere."""
        simulator, settings, changes = self.simulator, self.settings(), self.changes()
        sweep = self._sweep_changes() if self.sweep_button.isChecked() else None
        reference = self.reference is None and bool(changes)
        # Dragging the swept slider leaves the sweep as it was (it covers that slider's whole range,
        # the others as they are): the last sweep is kept and only the new value is run.
        wanted = (simulator, settings, [(k, v.tobytes()) for k, v in sweep[1].items()]) if sweep else None
        kept = self._last_sweep

        def job(stale=None):
            run = simulator.run(settings, changes, stop=stale)
            swept = None
            if sweep is not None and kept is not None and kept[0] == wanted:
                swept = kept[1]
            elif sweep is not None:
                try:
                    swept = simulator.run_batch(settings, sweep[1], stop=stale)
                    self._last_sweep = (wanted, swept)
                except CldError as exc:
                    swept = exc
            return (simulator, run, swept, sweep[0] if sweep else "",
                    simulator.run(settings, stop=stale) if reference else None)

        return job

    def _finished(self, number: int, result: object) -> None:
        if number == self._worker.latest and result is not None:  # (an overtaken result is dropped)
            self._show(result)

    def _show(self, result: object) -> None:
        if isinstance(result, Exception):
            self._set_status(f"Cannot run: {result}", "#b03a2e")
            return
        simulator, run, swept, swept_label, reference = result  # type: ignore[misc]
        if simulator is not self.simulator:
            return  # the diagram was edited meanwhile
        self.run = run
        if reference is not None:
            self.reference = reference
        elif not run.params:  # no slider moved: this run is the diagram's own, to compare later ones with
            self.reference = run
        trouble = self.run.first_non_finite()
        if trouble:
            self._set_status(f"{trouble[0]} ran off to infinity at time {trouble[1]:g}: "
                             "try smaller strengths or a smaller dt.", "#b03a2e")
        else:
            changed = len(self.run.params)  # (the values this run changed: the newest it has)
            what = f"{changed} value{'s' if changed != 1 else ''} changed" if changed else "the diagram's values"
            base = "; baseline pinned (dashed)" if self.baseline is not None else \
                "; dashed: the diagram's own values" if changed and self.reference is not None else ""
            hint = ""
            if self.simulator.n_stocks == 0 and any(
                    self.diagram.links_into(v) for v in self.diagram.variables):
                hint = " No variable is a stock, so nothing accumulates: loops hold or fade rather than grow " \
                       "(make a variable that builds up a stock in the Equations panel)."
            self._set_status(f"Run from {self.run.times[0]:g} to {self.run.times[-1]:g} with {what}{base}.{hint}",
                             "#2f6f4f")
        self.sweep_run = None
        if isinstance(swept, CldError):
            self._set_status(f"Cannot sweep: {swept}", "#b03a2e")
        elif swept is not None:
            self.sweep_run = swept
            self._set_status(f"Sweep of {swept_label} (21 runs, faint lines) around the current run.", "#2f6f4f")
        self._draw()
        if self.tabs.currentIndex() == 1:
            self.update_dominance()

    def _sweep_changes(self) -> tuple[str, dict] | None:
        """21 values over the swept slider's range, the other sliders as they are."""
        if self.simulator is None or not self.rows:
            return None
        key = self.swept if self.swept in self.rows else next(iter(self.rows))
        row = self.rows[key]
        changes = {k: np.full(21, v) for k, v in self.changes().items()}
        changes[key] = np.linspace(row.low, row.high, 21)
        return f"{row.label.text()} from {row.low:g} to {row.high:g}", changes

    def _draw(self) -> None:
        if self.run is None:
            return
        series = {}
        baseline = {}
        sweep = {}
        # a pinned baseline, else (once a slider has moved) the diagram's own run: a change always shows
        compare = self.baseline if self.baseline is not None else self.reference if self.run.params else None
        flat = []
        for vid in self.plotted:
            if vid in self.run.ids:
                name = self.diagram.variables[vid].name
                series[name] = self.run.series(vid)
                if self.sweep_run is not None:
                    sweep[name] = self.sweep_run.values[:, self.sweep_run.index(vid), :]
                if compare is not None and vid in compare.ids:
                    baseline[name] = compare.series(vid)
                if self.simulator is not None and vid in self.simulator.model.equations:
                    flat.append(why_flat(self.simulator, self.run, vid))
        if self.tabs.currentIndex() == 0:  # (a hidden plot is drawn when its tab is shown)
            self.plot.set_series(self.run.times, series, baseline or None,
                                 compare.times if compare is not None else None, sweep or None)
        self.flat_note.setText(" ".join(sentence for sentence in flat if sentence))

    def update_dominance(self) -> None:
        if self.simulator is None:
            return
        try:
            dom = loop_dominance(self.diagram, self.settings(), self.simulator, changes=self.changes())
        except CldError as exc:
            self.dominance_note.setText(f"Cannot score the loops: {exc}")
            return
        if not dom.loops:
            self.dominance_plot.set_shares(dom.times, [], np.zeros((len(dom.times), 0)))
            self.dominance_note.setText("The diagram has no feedback loops to compare.")
            return
        names = [f"{lp.name}: {' → '.join(lp.variable_names(self.diagram)[:4])}"
                 + ("…" if lp.length > 4 else "") for lp in dom.loops]
        self.dominance_plot.set_shares(dom.times, names, dom.shares)
        first = dom.dominant(1)
        last = dom.dominant(len(dom.times) - 1)
        text = "Reinforcing loops above the line, balancing loops below; the band's height is the loop's share " \
               "of the change at that moment (Loops That Matter)."
        if first is not None and last is not None:
            text += f" {first.name} drives the start" + (
                f"; {last.name} takes over by the end." if last.name != first.name else " and the end.")
        if not dom.complete:
            text += f" Only the {len(dom.loops)} shortest loops are scored."
        self.dominance_note.setText(text)

    # ---------------------------------------------------------- actions
    def pin_baseline(self) -> None:
        self.baseline = self.run
        self.run_now()

    def clear_baseline(self) -> None:
        self.baseline = None
        self.run_now()

    def reset(self) -> None:
        for row in self.rows.values():
            row.set_value(row.default)
        self.run_now()

    def apply_to_diagram(self) -> None:
        changes = self.changes()
        if not changes:
            return
        variables: dict[str, dict] = {}
        links: dict[str, float] = {}
        for (kind, ident), value in changes.items():
            if kind == "strength":
                links[ident] = value
            elif kind == "initial":
                variables.setdefault(ident, {})["initial"] = value
            else:
                var = self.diagram.variables[ident]
                field = "equation" if var.kind == "constant" else "initial"
                text = repr(value) if not float(value).is_integer() else str(int(value))
                variables.setdefault(ident, {})[field] = text if field == "equation" else value
        self.undo_stack.push(ApplyWhatIf(self.diagram, variables, links))
        self.message.emit(f"{plural(len(changes), 'what-if value')} written into the diagram")

    def _set_status(self, text: str, tint: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"QLabel#status {{ color: {tint}; }}")
