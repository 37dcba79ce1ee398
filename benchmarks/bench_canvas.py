"""Canvas speed: open and first paint of a 2,000-variable, 5,000-link diagram, and a full repaint.

Goals: open (model -> scene items) and first paint under 2 s; a full-scene
repaint under 50 ms.  Prints the figures; not a test.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_canvas.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from cld_editor.core import Diagram  # noqa: E402

WORDS = ["jobs", "skills", "health", "income", "debt", "housing", "stress", "trust", "crime", "demand", "waiting",
         "staff", "funding", "pressure", "quality", "capacity", "confidence", "investment", "rent", "benefits"]


def big_diagram(n_vars: int = 2000, n_links: int = 5000, seed: int = 1) -> Diagram:
    rng = random.Random(seed)
    d = Diagram(title="benchmark")
    cols = 50
    ids = []
    for i in range(n_vars):
        name = " ".join(rng.sample(WORDS, rng.randint(1, 4))).capitalize() + f" {i}"
        ids.append(d.new_variable(name, (i % cols) * 220.0, (i // cols) * 120.0).id)
    made = 0
    while made < n_links:
        a = rng.randrange(n_vars)
        b = min(n_vars - 1, max(0, a + rng.choice([-51, -50, -49, -1, 1, 49, 50, 51, rng.randint(-200, 200)])))
        if a != b and d.link_between(ids[a], ids[b]) is None:
            d.new_link(ids[a], ids[b], rng.choice("+-?"), delay=rng.random() < 0.1, curvature=rng.choice([0, 0.1, -0.15]))
            made += 1
    return d


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from cld_editor.gui.canvas import DiagramScene, DiagramView
    from cld_editor.gui.theme import LIGHT

    diagram = big_diagram()
    start = time.perf_counter()
    scene = DiagramScene(diagram, theme=LIGHT)
    view = DiagramView(scene)
    view.resize(1600, 1000)
    view.show()
    view.fit()
    built = time.perf_counter()
    view.viewport().repaint()
    app.processEvents()
    first = time.perf_counter()
    times = []
    for _ in range(10):
        t = time.perf_counter()
        view.viewport().repaint()
        times.append(time.perf_counter() - t)
    view.set_zoom(1.0)
    app.processEvents()
    close = []
    for _ in range(10):
        t = time.perf_counter()
        view.viewport().repaint()
        close.append(time.perf_counter() - t)
    print(f"diagram: {len(diagram.variables)} variables, {len(diagram.links)} links")
    print(f"open (scene items built): {built - start:.3f} s")
    print(f"open + first paint:       {first - start:.3f} s   (goal < 2 s, ratio {(first - start) / 2:.2f})")
    print(f"full repaint, whole diagram in view: median {statistics.median(times) * 1000:.1f} ms "
          f"(goal < 50 ms, ratio {statistics.median(times) / 0.05:.2f})")
    print(f"repaint at 100 % zoom:      median {statistics.median(close) * 1000:.1f} ms")
    t = time.perf_counter()
    scene.select_ids(variable_ids=list(diagram.variables)[:200])
    for item in scene.selectedItems():
        item.moveBy(5, 5)
    scene.commit_moves()
    print(f"move 200 variables as one command: {(time.perf_counter() - t) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
