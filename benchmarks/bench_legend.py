"""The line style legend: what placing it costs on large diagrams, and what it adds to an export.

Side by side, with the same warm-up and repeats, on the same diagram (a
confidence on every third link, so dashed and dotted lines in both): the
legend shown, and the legend turned off (baseline).  Figures: the legend's
settle (choosing its lines and a free corner, run once after a pause in the
edits) and a whole PNG export, the figure a user waits for.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_legend.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from bench_canvas import big_diagram  # noqa: E402
from cld_editor.core import Evidence  # noqa: E402

REPEATS, WARM_UP = 5, 1


def with_evidence(d):
    for i, lid in enumerate(list(d.links)):
        if i % 3 == 0:
            d.update_link(lid, evidence=Evidence(confidence=("weak", "hypothesis", "contested")[i % 9 // 3]))
    return d


def timed(work) -> list[float]:
    runs = []
    for i in range(WARM_UP + REPEATS):
        start = time.perf_counter()
        work()
        if i >= WARM_UP:
            runs.append(time.perf_counter() - start)
    return runs


def line(label: str, ours: list[float], base: list[float], unit: float = 1000.0, name: str = "ms") -> None:
    m, b = statistics.median(ours), statistics.median(base)
    print(f"{label}: median {m * unit:.1f} {name} (range {min(ours) * unit:.1f}-{max(ours) * unit:.1f}); "
          f"baseline {b * unit:.1f} {name}; ratio {m / b if b else float('inf'):.2f}")


def main() -> None:
    QApplication.instance() or QApplication([])
    from cld_editor.gui.canvas.scene import DiagramScene
    from cld_editor.gui.export import export_scene

    for n_vars, n_links, export in ((300, 700, True), (2000, 5000, False)):
        scenes = {}
        for key in ("legend", "baseline"):
            scenes[key] = DiagramScene(with_evidence(big_diagram(n_vars, n_links)))
            scenes[key].legend.set_wanted(key == "legend")

        def settle(scene):
            def work():
                scene.legend.changed()  # as after an edit
                scene.legend.settle()
            return work

        print(f"{n_vars} variables, {n_links} links (legend shown: {scenes['legend'].legend.isVisible()}, "
              f"{len(scenes['legend'].legend.entries)} lines)")
        line("  legend settle", timed(settle(scenes["legend"])), timed(settle(scenes["baseline"])))
        if export:
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "d.png"
                line("  PNG export", timed(lambda: export_scene(scenes["legend"], out, scale=1.0)),
                     timed(lambda: export_scene(scenes["baseline"], out, scale=1.0)), 1.0, "s")
        for scene in scenes.values():
            scene.detach()

if __name__ == "__main__":
    main()
