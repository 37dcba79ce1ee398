"""How responsive the window stays while the loops of a huge diagram are counted.

A complete diagram of 10 variables (every variable linked to every other) has
1,112,073 feedback loops.  The Loops panel's background search lists the
first ones and counts the rest while a 5 ms QTimer ticks on the GUI thread;
the longest gap between two ticks is how long the window would have been
frozen.  Goal: under 50 ms.  Run it offscreen:

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui_responsiveness.py

This is a measurement, not a test: it prints figures and never fails.  Other
programs busy on the same cores stretch the gaps: the load is printed too.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cld_editor.core import Diagram  # noqa: E402


def complete_diagram(size: int) -> Diagram:
    """Every variable linked to every other; one "-" link in three."""
    d = Diagram(title=f"complete {size}")
    ids = [d.new_variable(f"Variable {i:02d}", (i % 5) * 160, (i // 5) * 120).id for i in range(size)]
    k = 0
    for a in ids:
        for b in ids:
            if a != b:
                d.new_link(a, b, "-" if k % 3 == 0 else "+")
                k += 1
    return d


def measure(size: int, with_panel: bool) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    diagram = complete_diagram(size)
    if with_panel:
        from cld_editor.gui.panels.loops import LoopsPanel

        panel = LoopsPanel(diagram)
        panel.resize(700, 500)
        panel.show()
        live = panel.live
    else:
        from cld_editor.gui.panels.loop_worker import LiveLoops

        live = LiveLoops(diagram)
    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(5)

    def tick() -> None:
        gaps.append(clock.nsecsElapsed() / 1e6)
        clock.restart()

    ticker.timeout.connect(tick)
    outcome = []
    loop = QEventLoop()
    live.done.connect(outcome.append)
    live.done.connect(loop.quit)
    started = time.perf_counter()
    clock.start()
    ticker.start()
    live.restart()
    loop.exec()
    elapsed = time.perf_counter() - started
    ticker.stop()
    count = outcome[0].count
    gaps = gaps[1:]
    label = "with the Loops panel" if with_panel else "search and signals only"
    print(f"{label}: {count.total:,} loops (R {count.reinforcing:,}, B {count.balancing:,}) "
          f"listed {len(live.loops):,} in {elapsed:.1f} s; ticks {len(gaps):,}; "
          f"longest gap {max(gaps):.1f} ms, 99th percentile {statistics.quantiles(gaps, n=100)[98]:.1f} ms, "
          f"median {statistics.median(gaps):.1f} ms (goal: longest < 50 ms); "
          f"machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if with_panel:
        panel.close()
        panel.live.detach()
    else:
        live.detach()


def measure_stop(size: int) -> None:
    """How long a Stop takes to end a search that would run for minutes."""
    from cld_editor.gui.panels.loop_worker import LiveLoops

    app = QApplication.instance() or QApplication(sys.argv)
    live = LiveLoops(complete_diagram(size))
    waits = []
    for delay_ms in (300, 1500, 4000):  # while listing, and while counting past the list
        loop = QEventLoop()
        live.done.connect(loop.quit)
        live.restart()
        QTimer.singleShot(delay_ms, loop.quit)
        loop.exec()
        started = time.perf_counter()
        live.stop()
        loop.exec()
        waits.append((time.perf_counter() - started) * 1000)
        live.done.disconnect(loop.quit)
    print(f"stop while searching {size} fully linked variables: done after "
          + ", ".join(f"{w:.0f} ms" for w in waits) + " (stopped at 0.3 s, 1.5 s and 4 s)")
    live.detach()


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    measure(size, with_panel=False)
    measure(size, with_panel=True)
    measure_stop(size + 1)
    sys.stdout.flush()
    # PySide6 6.12 can trip over its own reference counts while Python shuts
    # down after a timer has called into Python; the figures are printed.
    os._exit(0)
