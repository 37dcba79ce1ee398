"""Loop counting: speed against a bare networkx count, and peak memory of every counting mode.

Speed.  For random signed diagrams with about 10^4, 10^5 and 10^6 loops this
prints, side by side in one run, the wall time and peak memory of

* ours:  the real command line, ``cld-editor loops FILE --count`` (load, check,
  count with polarity);
* bare:  a child Python that loads the same JSON, builds a networkx DiGraph and
  counts ``networkx.simple_cycles`` (no polarity at all),

each the best of ``--repeat`` runs, and the ratio ours/bare.  Goal: ratio at
most 1.25 and flat memory.

Memory.  On one random diagram (``--memory-target`` loops, 10^5 by default;
10^6 takes about a minute per run) this runs ``cld-editor loops FILE --count``
with every combination of ``--limit`` (half the loops counted, so the limit
cuts a length part-way), ``--max-length`` (the shortest bound that keeps a
tenth of the loops) and ``--through`` (the variable with the most links), each
a child process measured by the kernel's peak resident set size (``ru_maxrss``)
and wall time, ``--repeat`` times (the largest peak and the best time), and
prints each against plain ``--count``.  Goal: every mode at most 1.5x the peak
of plain ``--count``.  A last row lists (``--json --limit``) the first 20,000 loops, as
merge, the report and the window's dialogs do: its peak is printed for comparison only.  ``--against TREE`` runs the same commands on another
checkout too (say the code before a change) and prints its figures beside.

Usage: ``python benchmarks/bench_loops.py [--only speed|memory] [--targets 1e4 1e5 1e6]
[--memory-target 1e5] [--repeat 3] [--against TREE]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cld_editor.analysis.loops import count_loops
from cld_editor.core import Diagram
from cld_editor.io import save
from random_diagrams import random_diagram

HERE = Path(__file__).resolve().parent.parent

BARE = """
import json, sys, networkx as nx
doc = json.load(open(sys.argv[1], encoding="utf-8"))
g = nx.DiGraph()
g.add_nodes_from(v["id"] for v in doc["variables"])
g.add_edges_from((l["from"], l["to"]) for l in doc["links"])
print(sum(1 for _ in nx.simple_cycles(g)))
"""


# Links that the random diagrams of 40 variables (seed 1) need for 10^4, 10^5 and
# 10^6 loops, found by the search below: starting there skips most of the search.
START_LINKS = {10_000: 93, 100_000: 100, 1_000_000: 109}


def diagram_with_loops(target: int, n: int = 40, seed: int = 1) -> tuple[Diagram, int]:
    """The first random diagram (adding links one by one) with at least ``target`` loops."""
    m = max((links for goal, links in START_LINKS.items() if goal <= target), default=n * 2) if n == 40 else n * 2
    while True:
        # A twentieth of the links of unknown sign and a tenth delayed, added in (from, to) order.
        d = random_diagram(n, m, seed, unknown=0.05, delayed=0.1, in_order=True)
        total = count_loops(d).total
        if total >= target:
            return d, total
        m += 1 if total > target / 20 else 4


def timed(cmd: list[str], tree: Path = HERE) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and stdout of one child run of the code in ``tree``.

    The child starts in an empty folder with ``tree`` first on its import path,
    so it runs that checkout's code and nothing else.  Its output goes to a file
    (a listing of thousands of loops would fill a pipe nobody reads until the end).
    """
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH")])))
    with tempfile.TemporaryDirectory() as empty:
        out_path, err_path = Path(empty) / "out", Path(empty) / "err"
        with out_path.open("w") as out_file, err_path.open("w") as err_file:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out_file, stderr=err_file, text=True, cwd=empty, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
        out, err = out_path.read_text(), err_path.read_text()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024, out


def counting_modes(diagram: Diagram, total: int) -> list[tuple[str, list[str]]]:
    """Every combination of --limit, --max-length and --through, as (label, arguments)."""
    degree = {vid: 0 for vid in diagram.variables}
    for link in diagram.links.values():
        degree[link.source] += 1
        degree[link.target] += 1
    busiest = diagram.variables[max(degree, key=degree.get)]
    bound = 2
    while count_loops(diagram, max_length=bound).total < total // 10:
        bound += 1
    through_total = count_loops(diagram, through=busiest.id).total
    bounded_total = count_loops(diagram, max_length=bound).total
    both_total = count_loops(diagram, max_length=bound, through=busiest.id).total
    modes = []
    for limit, length, through in itertools.product((False, True), repeat=3):
        counted = both_total if length and through else bounded_total if length else through_total if through else total
        args, label = ["--count"], ["--count"]
        if limit:
            args += ["--limit", str(max(counted // 2, 1))]
            label.append(f"--limit {max(counted // 2, 1)}")
        if length:
            args += ["--max-length", str(bound)]
            label.append(f"--max-length {bound}")
        if through:
            args += ["--through", busiest.name]
            label.append(f'--through "{busiest.name}"')
        modes.append((" ".join(label), args))
    # Listing (not counting) the first loops, as merge, the report and the window's dialogs do.
    listed = min(20_000, max(total // 2, 1))
    modes.append((f"--json --limit {listed} (a listing)", ["--json", "--limit", str(listed)]))
    return modes


def memory(target: int, repeat: int, against: str | None) -> None:
    """Peak memory and time of every counting mode, against plain --count."""
    diagram, total = diagram_with_loops(target)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"loops-{target}.cld"
        save(diagram, path)
        print(f"{total} loops, {len(diagram.variables)} variables, {len(diagram.links)} links; "
              f"peak memory (largest of {repeat}) and time (best of {repeat}) of each mode")
        trees = [("this tree", HERE)] + ([("against", Path(against).resolve())] if against else [])
        head = f"{'mode':<62} {'loops':>9}"
        for name, _ in trees:
            head += f" | {name + ' MiB':>14} {'x plain':>7} {'s':>7}"
        print(head)
        cmd = [sys.executable, "-m", "cld_editor", "loops", str(path)]
        plain: dict[Path, float] = {}
        for label, args in counting_modes(diagram, total):
            line = ""
            for _, tree in trees:
                runs = [timed(cmd + args, tree) for _ in range(repeat)]
                counted = json.loads(runs[0][2])["total"]
                peak, best = max(r[1] for r in runs), min(r[0] for r in runs)
                plain.setdefault(tree, peak)
                line += f" | {peak:>14.1f} {peak / plain[tree]:>7.2f} {best:>7.2f}"
            print(f"{label:<62} {counted:>9}{line}", flush=True)


def speed(targets: list[float], repeat: int) -> None:
    ours_cmd = [sys.executable, "-m", "cld_editor", "loops"]
    print(f"{'loops':>10} {'links':>6} {'ours s':>8} {'bare s':>8} {'ratio':>6} {'ours MiB':>9} {'bare MiB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for target in targets:
            diagram, total = diagram_with_loops(int(target))
            path = Path(folder) / f"loops-{int(target)}.cld"
            save(diagram, path)
            ours = [timed(ours_cmd + [str(path), "--count"]) for _ in range(repeat)]
            bare = [timed([sys.executable, "-c", BARE, str(path)]) for _ in range(repeat)]
            assert json.loads(ours[0][2])["total"] == int(bare[0][2]) == total
            t_ours, t_bare = min(r[0] for r in ours), min(r[0] for r in bare)
            m_ours, m_bare = max(r[1] for r in ours), max(r[1] for r in bare)
            print(f"{total:>10} {len(diagram.links):>6} {t_ours:>8.2f} {t_bare:>8.2f} {t_ours / t_bare:>6.2f}"
                  f" {m_ours:>9.0f} {m_bare:>9.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("speed", "memory"))
    parser.add_argument("--targets", nargs="+", type=float, default=[1e4, 1e5, 1e6])
    parser.add_argument("--memory-target", type=float, default=1e5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", metavar="TREE", help="another checkout to measure side by side")
    args = parser.parse_args()
    if args.only != "memory":
        speed(args.targets, args.repeat)
    if args.only != "speed":
        memory(int(args.memory_target), args.repeat, args.against)


if __name__ == "__main__":
    main()
