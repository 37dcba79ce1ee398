"""The bounded loop search in process: this checkout against another, same diagram, same repeats.

``BoundedSearch`` serves ``--max-length``, ``--limit`` and the streamed
listing.  For one random diagram (``--loops`` loops in all, about 10^5 by
default; the builder of ``bench_loops.py``) this times, in a child process per
checkout with the checkout first on its import path,

* count:   counting the loops of at most ``--max-length`` links (``cycles``, counting);
* list:    listing the same loops (``cycles``, collecting);
* ordered: walking the loops of exactly ``--max-length`` links in name order (``in_order``),

each after one warm-up run, the best of ``--repeat`` runs; the checkouts take
turns ``--rounds`` times and the range of the bests over the rounds is
printed, with the ratio of the two best times.  Without ``--against`` only
this checkout is timed.  Usage: ``python benchmarks/bench_bounded_search.py
[--against TREE] [--loops 1e5] [--max-length 24] [--repeat 3] [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from cld_editor.io import save

from bench_loops import diagram_with_loops

HERE = Path(__file__).resolve().parent.parent

CHILD = """
import json, sys, time
from cld_editor.io import load
from cld_editor.analysis.graph import SignedGraph
from cld_editor.analysis.search import BoundedSearch, SearchState

path, bound, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
graph = SignedGraph.from_diagram(load(path).diagram)

def count():
    state = SearchState()
    for _ in BoundedSearch(graph).cycles(2, bound, None, state, False):
        pass
    return sum(state.counts)

def listing():
    return len(list(BoundedSearch(graph).cycles(2, bound, None, SearchState(), True)))

def ordered():
    return sum(1 for _ in BoundedSearch(graph).in_order(bound, None, SearchState()))

out = {}
for name, work in (("count", count), ("list", listing), ("ordered", ordered)):
    found = work()  # warm-up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        again = work()
        best = min(best, time.perf_counter() - start)
        assert again == found
    out[name] = (best, found)
print(json.dumps(out))
"""


def run(tree: Path, path: Path, bound: int, repeat: int) -> dict[str, list]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(bound), str(repeat)], env=env,
                          capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="TREE", help="another checkout to time beside this one")
    parser.add_argument("--loops", type=float, default=1e5)
    parser.add_argument("--max-length", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    trees = [("this tree", HERE)] + ([("against", Path(options.against).resolve())] if options.against else [])
    diagram, total = diagram_with_loops(int(options.loops))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "loops.cld"
        save(diagram, path)
        bests: dict[tuple[str, str], list[float]] = {}
        found: dict[tuple[str, str], int] = {}
        for _ in range(options.rounds):
            for name, tree in trees:
                for work, (best, count) in run(tree, path, options.max_length, options.repeat).items():
                    bests.setdefault((name, work), []).append(best)
                    found[(name, work)] = count
    print(f"{total} loops in all, {len(diagram.variables)} variables, {len(diagram.links)} links; "
          f"at most {options.max_length} links; best of {options.repeat} after a warm-up, {options.rounds} rounds")
    against = options.against is not None
    print(f"{'work':8} {'loops':>8} | " + " | ".join(f"{name + ' s (range)':>22}" for name, _ in trees)
          + (" | ratio" if against else ""))
    for work in ("count", "list", "ordered"):
        cells = []
        for name, _ in trees:
            assert found[(name, work)] == found[("this tree", work)], work
            times = bests[(name, work)]
            cells.append(f"{min(times):>10.3f} - {max(times):<10.3f}")
        ratio = f" | {min(bests[('this tree', work)]) / min(bests[('against', work)]):.3f}" if against else ""
        print(f"{work:8} {found[('this tree', work)]:>8} | " + " | ".join(cells) + ratio)


if __name__ == "__main__":
    main()
