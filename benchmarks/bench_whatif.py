"""What-if while a slider is dragged: how soon the newest run shows, and how long the window stalls.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_whatif.py [--variables N] [--drags N]
(not a test: it prints figures)

A drag is 30 slider moves, one every 16 ms (a mouse drag at 60 Hz), on a
generated model (every fifth variable a stock, 0..100 in steps of 0.25).
"Newest run shown" is the time from the last move until the plot shows the
run of the last value - what the user waits for when they stop dragging.
"Processor time" is what a new value costs (its run and drawing it), which is
the wait on an idle core; on a loaded machine the wall-clock figures grow with
the load.  "Longest stall"
is the longest gap between ticks of a 5 ms timer during the drag: how long the
window did not answer.  Side by side: the runs in the background (now) and
each run on the GUI thread (as before), the same drags and one warm-up drag
on each side.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QUndoStack  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench_solver import big_model  # noqa: E402
from cld_editor.core.elements import SimulationSettings  # noqa: E402
from cld_editor.gui.panels.whatif import WhatIfPanel  # noqa: E402

MOVES = 30
MOVE_MS = 16


def drag(panel: WhatIfPanel, key, start: float) -> tuple[float, float]:
    """One drag; returns (seconds until the newest run shows, longest stall in seconds)."""
    row = panel.rows[key]
    ticks: list[float] = []
    ticker = QTimer(interval=5)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    ticker.start()
    last_move = time.perf_counter()
    for i in range(MOVES):
        last_move = time.perf_counter()
        row.spin.setValue(start + 0.01 * (i + 1))
        QTest.qWait(MOVE_MS)
    while not (panel.run is not None and key in panel.run.params
               and abs(float(panel.run.params[key][0]) - row.value()) < 1e-12):
        QTest.qWait(1)
    shown = time.perf_counter() - last_move
    ticker.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    return shown, max(gaps, default=0.0)


def measure(panel: WhatIfPanel, key, drags: int, label: str) -> None:
    base = panel.rows[key].value()
    drag(panel, key, base)  # warm-up
    results = [drag(panel, key, base + 0.5 * (n + 1)) for n in range(drags)]
    shown = [r[0] * 1000 for r in results]
    stall = [r[1] * 1000 for r in results]
    print(f"  {label:<34} newest run shown after: median {statistics.median(shown):6.1f} ms "
          f"(range {min(shown):.1f}-{max(shown):.1f});  longest stall: median {statistics.median(stall):6.1f} ms "
          f"(range {min(stall):.1f}-{max(stall):.1f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variables", type=int, default=100)
    parser.add_argument("--drags", type=int, default=5, help="timed drags on each side (default 5)")
    options = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    d = big_model(options.variables, seed=3)
    d.simulation = SimulationSettings(0, 100, 0.25, "euler")
    panel = WhatIfPanel(d, QUndoStack())
    panel.resize(1100, 700)
    panel.show()
    app.processEvents()
    key = next(k for k in panel.rows if k[0] == "value")
    row = panel.rows[key]
    cpu = []
    for n in range(6):  # processor time of what the newest value costs: its run, then drawing it
        row.set_value(row.value() + 0.01)
        start = time.process_time()
        panel.run_now()
        cpu.append((time.process_time() - start) * 1000)
    print(f"{options.variables} variables, {len(panel.run.times) - 1} steps, Euler; {MOVES} moves a drag, "
          f"one every {MOVE_MS} ms")
    print(f"  processor time of one new value (run and draw): median {statistics.median(cpu[1:]):.1f} ms "
          f"(range {min(cpu[1:]):.1f}-{max(cpu[1:]):.1f})")
    measure(panel, key, options.drags, "runs in the background (now)")
    panel._run_timer.timeout.disconnect()
    panel._run_timer.timeout.connect(panel.run_now)  # every run on the GUI thread, as before
    measure(panel, key, options.drags, "runs on the GUI thread (before)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
