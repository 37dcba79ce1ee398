"""What placing every sign clear of everything costs: opening a diagram, dragging a variable, exporting.

Each figure is measured side by side with a baseline that leaves every sign
at its first spot beside the arrowhead (what the canvas drew before signs were
placed), with the same repeats and warm-up, and printed with the ratio.  A
drag step is what the canvas does after each mouse move (links already in a
crowd look only near their arrowhead) while the first variable is dragged
three pixels to and fro: on the two generated diagrams that is a hub with 44
(60 variables, 150 links) and 45 (300 variables, 750 links) links running
across the whole diagram; "full search at rest" is the extra work once the
drag rests, which the user does not wait for while dragging.  Then the figure
a user waits for: the whole ``cld-editor export`` command.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_sign_placement.py [--cpu]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from bench_canvas import big_diagram  # noqa: E402
from cld_editor.io import load  # noqa: E402

REPEATS = 5
#: ``--cpu``: processor time of this process instead of wall time (fair on a machine shared with other work).
CLOCK = time.process_time if "--cpu" in sys.argv else time.perf_counter


def _median(run, repeats: int = REPEATS) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeats):
        t = CLOCK()
        run()
        times.append(CLOCK() - t)
    return statistics.median(times)


def main() -> None:
    app = QApplication.instance() or QApplication([])  # noqa: F841 - keeps Qt alive
    from cld_editor.gui.canvas import DiagramScene

    cases = [("worklessness-stoke example", load(ROOT / "examples" / "worklessness-stoke.cld").diagram),
             ("60 variables, 150 links", big_diagram(60, 150, seed=3)),
             ("300 variables, 750 links", big_diagram(300, 750, seed=3))]
    print(f"{'diagram':28} {'what':22} {'baseline':>10} {'placed':>10} {'ratio':>6}"
          f"   ({'processor' if CLOCK is time.process_time else 'wall'} time)")
    for name, diagram in cases:
        def open_placed() -> None:
            scene = DiagramScene(diagram.copy())
            scene.place_marks()
            scene.detach()

        def open_baseline() -> None:
            scene = DiagramScene(diagram.copy())
            scene.marks._pending.clear()  # every sign stays at its first spot
            scene.detach()

        base, placed = _median(open_baseline), _median(open_placed)
        print(f"{name:28} {'open (scene built)':22} {base * 1000:8.1f}ms {placed * 1000:8.1f}ms {placed / base:6.2f}")

        scene = DiagramScene(diagram.copy())
        scene.place_marks()
        item = next(iter(scene.variables.values()))
        step = [3.0]

        def drag(place: bool) -> None:
            step[0] = -step[0]
            item.setPos(item.pos().x() + step[0], item.pos().y())
            if place:
                scene.marks.place(quick=True)  # what the canvas does after each mouse move
            else:
                scene.marks._pending.clear()

        base, placed = _median(lambda: drag(False), 20), _median(lambda: drag(True), 20)
        print(f"{name:28} {'one drag step':22} {base * 1000:8.2f}ms {placed * 1000:8.2f}ms {placed / base:6.2f}")

        def rest() -> None:
            drag(True)
            scene.place_marks()  # the full search of crowded links, once the drag rests (and before an export)

        settle = _median(rest, 5) - placed
        print(f"{name:28} {'full search at rest':22} {'':>10} {settle * 1000:8.1f}ms")
        scene.detach()

    with tempfile.TemporaryDirectory() as tmp:
        walls = []
        for suffix in ("png", "svg", "pdf", "pdf"):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cld_editor", "export", str(ROOT / "examples" / "worklessness-stoke.cld"),
                            str(Path(tmp) / f"out.{suffix}")], check=True, cwd=ROOT)
            walls.append((suffix, time.perf_counter() - t))
        print("whole command, cld-editor export worklessness-stoke.cld: "
              + ", ".join(f"{s} {w:.2f} s" for s, w in walls))


if __name__ == "__main__":
    main()
