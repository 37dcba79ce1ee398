"""Workshop commands: how long `cld-editor merge` and `compare` keep a person waiting.

Each command is timed as the user runs it (a new process: start-up, reading,
the work, writing), side by side with a baseline command that reads the same
files (`cld-editor check` of the biggest file), with the same warm-up and
repeats on both sides; the ratio says what the workshop work adds.  Then
in-process merges of synthetic workshops (each person's map ~15-20 variables
drawn from a shared vocabulary) show how the merge grows with the room.

    python benchmarks/bench_workshop.py
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cld_editor.analysis.merge import merge  # noqa: E402
from cld_editor.core import Diagram  # noqa: E402

EXAMPLE = ROOT / "examples" / "neet-perspectives"
PERSPECTIVES = [str(EXAMPLE / f"{name}.cld") for name in ("college-tutor", "connexions-adviser", "parent")]
REPEATS, WARM_UP = 5, 1


def timed(cmd: list[str]) -> list[float]:
    runs = []
    for i in range(WARM_UP + REPEATS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cld_editor", *cmd], check=True, capture_output=True, cwd=ROOT)
        if i >= WARM_UP:
            runs.append(time.perf_counter() - start)
    return runs


def side_by_side(label: str, cmd: list[str], baseline: list[str]) -> None:
    ours, base = timed(cmd), timed(baseline)
    print(f"{label}: median {statistics.median(ours):.2f} s (range {min(ours):.2f}-{max(ours):.2f}); "
          f"baseline {statistics.median(base):.2f} s; ratio {statistics.median(ours) / statistics.median(base):.2f}")


def synthetic(people: int, size: int, links: int, vocabulary: int, seed: int = 4) -> list[tuple[str, Diagram]]:
    rng = random.Random(seed)
    words = [f"Factor {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(vocabulary)]
    out = []
    for p in range(people):
        d = Diagram()
        ids = [d.new_variable(n, rng.uniform(0, 1000), rng.uniform(0, 700)).id for n in rng.sample(words, size)]
        while len(d.links) < links:
            a, b = rng.sample(ids, 2)
            if d.link_between(a, b) is None:
                d.new_link(a, b, rng.choice("+-"))
        out.append((f"person {p + 1}", d))
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "merged.cld")
        side_by_side("merge of the three NEET perspectives", ["merge", *PERSPECTIVES, "-o", out, "--json"],
                     ["check", str(EXAMPLE / "merged.cld")])
        side_by_side("compare tutor -> merged", ["compare", PERSPECTIVES[0], str(EXAMPLE / "merged.cld"), "--json"],
                     ["check", str(EXAMPLE / "merged.cld")])
    for people, size, links, vocabulary in ((3, 12, 18, 30), (6, 15, 22, 40), (8, 18, 28, 50)):
        sources = synthetic(people, size, links, vocabulary)
        runs, answers = [], []
        for _ in range(3):
            start = time.perf_counter()
            result = merge(sources)
            runs.append(time.perf_counter() - start)
            answers.append(result.to_json())
        d = result.diagram
        # The search is cut by counted steps, not seconds: every run must give the same JSON.
        same = all(answer == answers[0] for answer in answers)
        print(f"{people} people: {len(d.variables)} variables, {len(d.links)} links merged in "
              f"{statistics.median(runs):.2f} s (range {min(runs):.2f}-{max(runs):.2f}); "
              f"{len(result.new_loops)} new loops among {result.loops_searched:,} searched, search "
              f"{'complete' if result.loops_complete else 'cut short'}; same answer every run: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
