"""Archetypes: `cld-editor archetypes FILE --json` against listing the loops it is built on.

For the examples and random signed diagrams of rising density this prints, side
by side in one run, the wall time of

* ours:  the real command line, ``cld-editor archetypes FILE --json`` (load,
  find the loops of up to 8 links, match the nine signatures, choose);
* base:  ``cld-editor loops FILE --json --max-length 8`` (load and list the same
  loops: the work any archetype finder must do first),

each the best of ``--repeat`` runs after one warm-up run of each, and the ratio
ours/base.  The ours column is also the figure a user waits for.  Usage:
``python benchmarks/bench_archetypes.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cld_editor.io import save
from random_diagrams import random_diagram

ROOT = Path(__file__).resolve().parents[1]


def best_of(args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cld_editor", *args], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cases = [(p.stem, p) for p in sorted((ROOT / "examples").glob("*.cld"))]
        for n, m in ((20, 30), (30, 90), (60, 200)):
            path = Path(folder) / f"random-{n}x{m}.cld"
            save(random_diagram(n, m, seed=n, delayed=0.16), path)  # a sixth of the links delayed
            cases.append((f"random {n} x {m}", path))
        print(f"{'diagram':28} {'ours s':>8} {'base s':>8} {'ratio':>6}")
        for name, path in cases:
            ours_args = ["archetypes", str(path), "--json"]
            base_args = ["loops", str(path), "--json", "--max-length", "8"]
            best_of(ours_args, 1), best_of(base_args, 1)  # warm-up, both sides
            ours, base = best_of(ours_args, options.repeat), best_of(base_args, options.repeat)
            print(f"{name:28} {ours:8.2f} {base:8.2f} {ours / base:6.2f}")


if __name__ == "__main__":
    main()
