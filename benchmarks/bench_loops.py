"""Loop counting: `cld-editor loops FILE --count` against a bare networkx count.

For random signed diagrams with about 10^4, 10^5 and 10^6 loops this prints,
side by side in one run, the wall time and peak memory of

* ours:  the real command line, ``cld-editor loops FILE --count`` (load, check,
  count with polarity);
* bare:  a child Python that loads the same JSON, builds a networkx DiGraph and
  counts ``networkx.simple_cycles`` (no polarity at all),

each the best of ``--repeat`` runs, and the ratio ours/bare.  Goal: ratio at
most 1.25 and flat memory.  Usage: ``python benchmarks/bench_loops.py
[--targets 1e4 1e5 1e6] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cld_editor.analysis.loops import count_loops
from cld_editor.core import Diagram
from cld_editor.io import save

BARE = """
import json, sys, networkx as nx
doc = json.load(open(sys.argv[1], encoding="utf-8"))
g = nx.DiGraph()
g.add_nodes_from(v["id"] for v in doc["variables"])
g.add_edges_from((l["from"], l["to"]) for l in doc["links"])
print(sum(1 for _ in nx.simple_cycles(g)))
"""


def random_diagram(n: int, m: int, seed: int) -> Diagram:
    """``n`` variables and ``m`` random signed links (a tenth of unknown sign, some delayed)."""
    rnd = random.Random(seed)
    d = Diagram(title=f"random {n} x {m}")
    ids = [d.new_variable(f"Variable {i}", rnd.uniform(0, 2000), rnd.uniform(0, 2000)).id for i in range(n)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        a, b = rnd.randrange(n), rnd.randrange(n)
        if a != b:
            pairs.add((a, b))
    for a, b in sorted(pairs):
        polarity = "?" if rnd.random() < 0.05 else rnd.choice("+-")
        d.new_link(ids[a], ids[b], polarity, delay=rnd.random() < 0.1)
    return d


def diagram_with_loops(target: int, n: int = 40, seed: int = 1) -> tuple[Diagram, int]:
    """The first random diagram (adding links one by one) with at least ``target`` loops."""
    m = n * 2
    while True:
        d = random_diagram(n, m, seed)
        total = count_loops(d).total
        if total >= target:
            return d, total
        m += 1 if total > target / 20 else 4


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and stdout of one child run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    out = proc.stdout.read() if proc.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read() if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", nargs="+", type=float, default=[1e4, 1e5, 1e6])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ours_cmd = [sys.executable, "-m", "cld_editor", "loops"]
    print(f"{'loops':>10} {'links':>6} {'ours s':>8} {'bare s':>8} {'ratio':>6} {'ours MiB':>9} {'bare MiB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for target in args.targets:
            diagram, total = diagram_with_loops(int(target))
            path = Path(folder) / f"loops-{int(target)}.cld"
            save(diagram, path)
            ours = [timed(ours_cmd + [str(path), "--count"]) for _ in range(args.repeat)]
            bare = [timed([sys.executable, "-c", BARE, str(path)]) for _ in range(args.repeat)]
            assert json.loads(ours[0][2])["total"] == int(bare[0][2]) == total
            t_ours, t_bare = min(r[0] for r in ours), min(r[0] for r in bare)
            m_ours, m_bare = max(r[1] for r in ours), max(r[1] for r in bare)
            print(f"{total:>10} {len(diagram.links):>6} {t_ours:>8.2f} {t_bare:>8.2f} {t_ours / t_bare:>6.2f}"
                  f" {m_ours:>9.0f} {m_bare:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
