"""Import and export speed of every format on a 3,000-variable, 9,000-link diagram.

Prints each format's read and write time and its ratio to the native .cld
reader; not a test.  Goal: every import of a model this size in under 2 s.

    python benchmarks/bench_import.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cld_editor.core import Diagram  # noqa: E402
from cld_editor.io.formats import format_for  # noqa: E402

EXTENSIONS = [".cld", ".mdl", ".xmile", ".json", ".csv", ".xlsx", ".graphml", ".gexf"]


def big_diagram(n_vars: int = 3000, n_links: int = 9000, seed: int = 1) -> Diagram:
    rng = random.Random(seed)
    d = Diagram()
    ids = [d.new_variable(f"Variable number {i}", rng.randint(0, 6000), rng.randint(0, 6000)).id
           for i in range(n_vars)]
    pairs = set()
    while len(pairs) < n_links:
        pairs.add(tuple(rng.sample(ids, 2)))
    for a, b in sorted(pairs):
        d.new_link(a, b, rng.choice("+-?"), delay=rng.random() < 0.1)
    return d


def timed(func, *args):
    start = time.perf_counter()
    value = func(*args)
    return value, time.perf_counter() - start


def main() -> None:
    d = big_diagram()
    native = None
    print(f"{'format':10} {'write s':>8} {'read s':>8} {'read / .cld':>12}")
    for ext in EXTENSIONS:
        fmt = format_for("model" + ext)
        data, write_s = timed(fmt.write, d)
        result, read_s = timed(fmt.read, data, "model" + ext)
        assert len(result.diagram.links) == len(d.links)
        native = native or read_s
        print(f"{ext:10} {write_s:8.2f} {read_s:8.2f} {read_s / native:12.1f}")


if __name__ == "__main__":
    main()
