"""Solver speed: a 500-variable model for 1,000 steps (ours vs PySD), and 1,000 what-if runs as one batch.

Run: python benchmarks/bench_solver.py        (not a test: it prints figures and ratios)

PySD (in the ``test`` extra) runs the same model exported as XMILE; PySD
integrates with Euler only, so it is compared with our Euler runs, and our
RK4 (four evaluations per step) is shown beside them.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from cld_editor.core import Diagram
from cld_editor.core.elements import SimulationSettings
from cld_editor.sim.run import Simulator


def big_model(n: int, seed: int = 1) -> Diagram:
    """``n`` variables: every fifth a stock, every tenth a constant, the rest auxiliaries.

    Each auxiliary and stock has two to three causes among the variables before it,
    and each stock also drains itself, so there are many loops through stocks and none
    without one.  Some auxiliaries have equations with functions; the rest are generated.
    """
    rng = random.Random(seed)
    d = Diagram(simulation=SimulationSettings(0, 100, 0.1, "rk4"))
    ids = []
    for i in range(n):
        kind = "stock" if i % 5 == 0 else "constant" if i % 10 == 3 else "auxiliary"
        fields = {"kind": kind}
        if kind == "stock":
            fields["initial"] = rng.uniform(1, 10)
        if kind == "constant":
            fields["equation"] = f"{rng.uniform(0.5, 2):.3f}"
        ids.append(d.new_variable(f"V{i}", **fields).id)
    for i, vid in enumerate(ids):
        kind = d.variables[vid].kind
        if kind == "constant" or i == 0:
            continue
        causes = rng.sample(range(i), min(i, rng.randint(2, 3)))
        if kind == "stock":
            d.new_link(vid, vid, "-", strength=0.05)
            later = [j for j in range(i + 1, n) if d.variables[ids[j]].kind == "auxiliary"]
            if later and rng.random() < 0.7:
                source = rng.choice(later)
                d.new_link(ids[source], vid, rng.choice("+-"), strength=rng.uniform(0.001, 0.01))
        for c in causes:
            d.new_link(ids[c], vid, rng.choice("+-"), strength=rng.uniform(0.05, 0.3))
        if kind == "auxiliary" and i % 7 == 0:
            names = [f"v{c}" for c in causes]
            d.update_variable(vid, equation=f"max(0, {names[0]}) * 0.2 + min({names[1]}, 5) * 0.1")
    return d


def timed(label: str, func, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    print(f"  {label:<48} {best:8.3f} s")
    return best


def main() -> int:
    print("500 variables, 1,000 steps (dt 0.1, 0..100)")
    d = big_model(500)
    euler = replace(d.simulation, method="euler")
    rk4 = replace(d.simulation, method="rk4")
    start = time.perf_counter()
    sim = Simulator(d)
    print(f"  {'build and check the equations (once per edit)':<48} {time.perf_counter() - start:8.3f} s")
    start = time.perf_counter()
    sim.run(rk4)
    print(f"  {'first RK4 run, generating its code':<48} {time.perf_counter() - start:8.3f} s")
    ours_euler = timed("ours, Euler", lambda: sim.run(euler))
    ours_rk4 = timed("ours, RK4", lambda: sim.run(rk4))
    try:
        import pysd
    except ImportError:
        print("  PySD is not installed (pip install -e .[test]): no side-by-side figure")
        pysd = None
    if pysd is not None:
        from cld_editor.io import xmile

        d.simulation = euler
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "big.xmile"
            path.write_bytes(xmile.write(d))
            start = time.perf_counter()
            model = pysd.read_xmile(str(path))
            print(f"  {'PySD: translate and load':<48} {time.perf_counter() - start:8.3f} s")
            mine = sim.run(euler)
            theirs_result = {}

            def run_pysd():
                model.reload()
                theirs_result["r"] = model.run(return_timestamps=mine.times)

            theirs = timed("PySD, Euler", run_pysd, repeat=1)
            frame = theirs_result["r"]
            worst = 0.0
            columns = {c.strip('"').casefold(): c for c in frame.columns}
            for i, name in enumerate(mine.names):
                a = frame[columns[name.casefold()]].to_numpy(dtype=float)
                b = mine.values[:, i, 0]
                worst = max(worst, float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1.0))))
            print(f"  largest difference ours vs PySD (relative)       {worst:.2e}")
            print(f"  ratio PySD / ours (Euler)                        {theirs / ours_euler:8.1f} x")
            print(f"  ratio PySD Euler / ours RK4                      {theirs / ours_rk4:8.1f} x")

    print("\n1,000 what-if runs of a 50-variable model as one batch")
    small = big_model(50, seed=2)
    small_sim = Simulator(small)
    key = next(k for k in small_sim.parameter_keys if k[0] == "value")
    values = np.linspace(0.5, 2.0, 1000)
    for steps, dt in ((400, 0.25), (1000, 0.1)):
        # 1,000 runs x 50 variables kept at every time unit (101 rows): 40 MB of results
        settings = SimulationSettings(0, 100, dt, "rk4", save_every=1)
        batch = timed(f"1,000 runs, RK4, {steps} steps", lambda: small_sim.run_batch(settings, {key: values}))
        single = timed(f"one run, RK4, {steps} steps", lambda: small_sim.run(settings), repeat=3)
        print(f"  batch per run / single run                       {batch / 1000 / single:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
