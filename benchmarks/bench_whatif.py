"""What-if while a slider is dragged: how soon the newest run is on the screen, and how long the window stalls.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_whatif.py [--variables N] [--drags N] [--busy N]
     [--method euler|rk4] [--trace]
(not a test: it prints figures and never fails)

A drag is 30 moves of a constant's slider, one every 16 ms (a mouse drag at
60 Hz), on a generated model of 100 variables (every fifth a stock, every
tenth a constant; 0..100 in steps of 0.25, Euler unless --method rk4: 400 steps); the plot shows
the variables that constant drives.

* "Newest run on screen" is what the user waits for when they stop dragging:
  from the slider's last ``valueChanged`` until the plot's curves hold the
  run of that last value *and* a paint of the plot has been processed.
* "Bare run" is the baseline, timed side by side with the same warm-up and
  repeats: the solver alone running the same model with a new value
  (``Simulator.run``), nothing drawn, nothing waited for.  No window can show
  a run sooner than the run takes; the ratio says what the panel adds.
* "Processor time" is the same two figures counted in the processor time the
  program used (both its threads) instead of on the clock.  The newest run and
  its drawing come one after the other, so this is close to the wait on idle
  cores, and other programs on the machine hardly change it.
* "Longest stall" is the longest gap between ticks of a 5 ms timer during the
  drag: how long the window did not answer.

``--busy N`` keeps N other processes spinning on the cores while it measures
(``--busy 2`` on a 2-core machine: both cores busy).  ``--trace`` prints, for
the last drag, when each stage happened after the last move.  The machine's
load average is printed too: other programs on the same cores stretch every
wall-clock figure.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QUndoStack  # noqa: E402

from bench_solver import big_model  # noqa: E402
from cld_editor.core.elements import SimulationSettings  # noqa: E402
from cld_editor.gui.app import make_app  # noqa: E402
from cld_editor.gui.panels.whatif import WhatIfPanel  # noqa: E402
from cld_editor.sim.run import Simulator  # noqa: E402

MOVES = 30
MOVE_MS = 16


def spin(stop_at: float) -> None:
    """Keep one core busy (a child process) until ``stop_at``."""
    x = 0
    while time.time() < stop_at:
        x += 1


def wait(ms: int, loop: QEventLoop | None = None) -> None:
    """Let the window run for ``ms`` (or until ``loop`` is quit), as the application's own loop runs it.

    (Not ``QTest.qWait``: it holds Python's lock while it waits, so the run in the background
    would hardly move, which no user's window does.)
    """
    loop = loop or QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Screen:
    """Notes when the plot has painted the newest run: wraps the plot view's paintEvent."""

    def __init__(self, panel: WhatIfPanel, key) -> None:
        self.panel, self.key = panel, key
        self.wanted: float | None = None  # the value whose run must be on the screen
        self.shown_at: float | None = None
        self.loop = QEventLoop()
        self.trace: list[tuple[str, float]] = []
        view = panel.plot.plot
        original = view.paintEvent

        def paint(event) -> None:
            self.note("paint starts")
            original(event)
            self.note("paint ends")
            if self.wanted is not None and self.shown_at is None and self.holds_newest():
                self.shown_at = time.perf_counter()
                self.cpu_at = time.process_time()
                self.loop.quit()

        view.paintEvent = paint

    def note(self, what: str) -> None:
        self.trace.append((what, time.perf_counter()))

    def holds_newest(self) -> bool:
        """Whether the run of the wanted value is in the plot's curve items (not only in the panel)."""
        run = self.panel.run
        if run is None or self.key not in run.params or float(run.params[self.key][0]) != self.wanted:
            return False
        name = self.panel.diagram.variables[self.panel.plotted[0]].name
        curve = self.panel.plot._curves[(name, "line")]
        return bool(np.array_equal(curve.yData, run.series(self.panel.plotted[0])))


def drag(panel: WhatIfPanel, screen: Screen, start: int) -> tuple[float, float, float]:
    """One drag of the slider; returns seconds until the newest run is on screen, the processor
    time this program used meanwhile (both threads), and the longest stall."""
    row = panel.rows[screen.key]
    ticks: list[float] = []
    ticker = QTimer(interval=5)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    ticker.start()
    screen.wanted, screen.shown_at, screen.trace = None, None, []
    last_move = time.perf_counter()
    for i in range(MOVES):
        if i == MOVES - 1:
            screen.trace = []
        last_move, last_cpu = time.perf_counter(), time.process_time()
        row.slider.setValue(start + i + 1)  # emits valueChanged, as a mouse drag does
        if i == MOVES - 1:
            screen.wanted = row.value()
        wait(MOVE_MS)
    if screen.shown_at is None:
        wait(10_000, screen.loop)
    if screen.shown_at is None:
        run = panel.run
        raise SystemExit(f"the newest run ({screen.wanted}) never reached the screen: the panel shows "
                         f"{run.params if run is not None else None}; it says {panel.status.text()!r}; "
                         f"worker idle: {panel._worker.idle()}")
    ticker.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    screen.trace = [(what, at - last_move) for what, at in screen.trace]
    return screen.shown_at - last_move, screen.cpu_at - last_cpu, max(gaps, default=0.0)


def bare_run(simulator: Simulator, settings, key, value: float) -> tuple[float, float]:
    """The baseline: the solver alone running the model with a new value (seconds, processor seconds)."""
    start, cpu = time.perf_counter(), time.process_time()
    simulator.run(settings, {key: value})
    return time.perf_counter() - start, time.process_time() - cpu


def figures(label: str, values: list[float], unit: float = 1000) -> str:
    values = [v * unit for v in values]
    return f"{label} median {statistics.median(values):6.1f} ms (range {min(values):.1f}-{max(values):.1f})"


def instrument(screen: Screen) -> None:
    """For --trace: note when the stages of a new value happen (the panel's own methods, wrapped)."""
    import cld_editor.gui.panels.whatif_worker as worker

    for owner, name in ((Simulator, "run"), (worker.RunWorker, "submit"), (WhatIfPanel, "_show"),
                        (type(screen.panel.plot), "set_series")):
        original = getattr(owner, name)

        def wrapped(*args, _original=original, _name=name, **kwargs):
            screen.note(f"{_name} starts")
            try:
                return _original(*args, **kwargs)
            finally:
                screen.note(f"{_name} ends")

        setattr(owner, name, wrapped)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variables", type=int, default=100)
    parser.add_argument("--drags", type=int, default=7, help="timed drags (and bare runs), default 7")
    parser.add_argument("--busy", type=int, default=0, help="processes kept spinning meanwhile (default 0)")
    parser.add_argument("--method", choices=("euler", "rk4"), default="euler")
    parser.add_argument("--trace", action="store_true", help="print when each stage of the last drag happened")
    options = parser.parse_args()
    app = make_app()  # the application as the editor makes it (its style, its one BLAS thread)
    d = big_model(options.variables, seed=3)
    d.simulation = SimulationSettings(0, 100, 0.25, options.method)
    spinners = [multiprocessing.Process(target=spin, args=(time.time() + 600,), daemon=True)
                for _ in range(options.busy)]
    for p in spinners:
        p.start()
    try:
        panel = WhatIfPanel(d, QUndoStack())
        panel.resize(1100, 700)
        panel.show()
        app.processEvents()
        key = next(k for k in panel.rows if k[0] == "value")
        # plot what the dragged constant drives, as a user would: every move changes the picture
        driven = [link.target for link in d.links.values() if link.source == key[1]]
        panel.plotted = driven[:4]
        panel._build_variable_list()
        panel._draw()
        app.processEvents()
        screen = Screen(panel, key)
        if options.trace:
            instrument(screen)
        row = panel.rows[key]
        print(f"{options.variables} variables, {len(panel.run.times) - 1} steps, {options.method}; {MOVES} moves a drag, "
              f"one every {MOVE_MS} ms; {options.busy} busy processes; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        bare_run(panel.simulator, panel.settings(), key, row.value())  # warm-up on both sides
        drag(panel, screen, 0)
        bare, results = [], []
        for n in range(options.drags):  # side by side: a bare run, then a drag, under the same load
            bare.append(bare_run(panel.simulator, panel.settings(), key, row.value() + 0.001 * (n + 1)))
            results.append(drag(panel, screen, 100 + 40 * n))
        shown, cpu = [r[0] for r in results], [r[1] for r in results]
        bare_wall, bare_cpu = [b[0] for b in bare], [b[1] for b in bare]
        print("  " + figures("bare run (baseline):          ", bare_wall))
        print("  " + figures("newest run on screen:         ", shown)
              + f";  {statistics.median(shown) / statistics.median(bare_wall):.1f}x the bare run")
        print("  processor time (close to the wait on idle cores):")
        print("  " + figures("  bare run:                   ", bare_cpu))
        print("  " + figures("  last move to the screen:    ", cpu)
              + f";  {statistics.median(cpu) / statistics.median(bare_cpu):.1f}x the bare run")
        print("  " + figures("longest stall while dragging: ", [r[2] for r in results]))
        if options.trace:
            print("  stages of the last drag, ms after the last move:")
            for what, at in screen.trace:
                print(f"    {at * 1000:7.1f}  {what}")
    finally:
        for p in spinners:
            p.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
