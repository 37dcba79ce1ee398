"""Solver speed: a 500-variable model for 10,000 steps, ours against PySD, and what-if batches.

Run: python benchmarks/bench_solver.py [--repeats N] [--steps N]   (not a test: it prints figures)

Fair to both sides: each side gets one warm-up run that is not counted, then
the same number of timed repeats; the median and the range are printed, and
ratios are taken median to median.  PySD (in the ``test`` extra) runs the
same model exported as XMILE; its translation and its ``reload()`` are left
out - only ``run()`` is timed.  PySD integrates with Euler only, so it is
compared with our Euler and, as the issue asks, with our RK4 (four
evaluations a step).

"As a user waits": the whole ``cld-editor simulate FILE --method M --csv OUT``
command as a process, less the start-up of the same command on a
one-variable model, against PySD's ``run()``.  The command builds the model
from the file, runs it and writes every saved row (10,001 rows of 500
variables at full precision), which PySD's ``run()`` does not; so it is also
timed on the same file set to save one row per time unit.  The commands run
interleaved (start-up, then each file, round after round) and each is less the
start-up of its own round, so a change in the machine's load falls on both;
CPU seconds (user + system) are printed beside the wall time, and a CPU ratio
beside each wall-time ratio, because on a shared machine CPU time is the steadier
of the two.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
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


def timed(label: str, func, repeats: int, before=None) -> float:
    """One warm-up call, then ``repeats`` timed calls (``before`` runs untimed before each); the median."""
    if before:
        before()
    func()
    times = []
    for _ in range(repeats):
        if before:
            before()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"  {label:<52} median {median:8.3f} s   range {min(times):.3f}-{max(times):.3f} s")
    return median


def command_times(commands: dict[str, list[str]], repeats: int) -> dict[str, list[tuple[float, float]]]:
    """Wall and CPU seconds of each command as a process: one untimed warm-up each, then
    ``repeats`` rounds that run every command once, interleaved so that a change in the
    machine's load falls on all of them alike.  CPU is the child's user + system time."""
    def once(cmd: list[str]) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    for cmd in commands.values():
        once(cmd)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, cmd in commands.items():
            times[name].append(once(cmd))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats on each side (default 3)")
    parser.add_argument("--steps", type=int, default=10_000, help="steps of the 500-variable run (default 10,000)")
    parser.add_argument("--no-pysd", action="store_true", help="leave PySD out (it takes minutes)")
    options = parser.parse_args()
    repeats = options.repeats
    from cld_editor.io.native import write_cld
    from cld_editor.sim.model import build_model

    d = big_model(500)
    d.simulation = replace(d.simulation, dt=100 / options.steps)
    euler = replace(d.simulation, method="euler")
    rk4 = replace(d.simulation, method="rk4")
    print(f"500 variables, {options.steps:,} steps (dt {d.simulation.dt:g}, 0..100); "
          f"{repeats} timed repeats after one warm-up on each side")
    timed("build and check the equations (once per edit)", lambda: build_model(d), repeats)
    timed("build, check and make the run's program", lambda: Simulator(d).run(replace(euler, stop=euler.dt)),
          repeats)
    sim = Simulator(d)
    ours_euler = timed("ours, Euler", lambda: sim.run(euler), repeats)
    ours_rk4 = timed("ours, RK4", lambda: sim.run(rk4), repeats)

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        big, tiny, thin, out = (folder / name for name in ("big.cld", "tiny.cld", "thin.cld", "out.csv"))
        d.simulation = euler
        big.write_bytes(write_cld(d))
        one = Diagram(simulation=euler)
        one.new_variable("Level", kind="stock", initial=1)
        tiny.write_bytes(write_cld(one))
        d.simulation = replace(euler, save_every=1)
        thin.write_bytes(write_cld(d))
        d.simulation = euler

        def simulate(path: Path, method: str) -> list[str]:
            return [sys.executable, "-m", "cld_editor", "simulate", str(path), "--method", method, "--csv", str(out)]

        # The thin file saves one row per time unit (101 rows) rather than 10,001 rows of 500 numbers.
        runs = command_times({"start-up": simulate(tiny, "euler"),
                              "euler": simulate(big, "euler"), "rk4": simulate(big, "rk4"),
                              "euler thin": simulate(thin, "euler"), "rk4 thin": simulate(thin, "rk4")}, repeats)
        startup = runs.pop("start-up")
        print(f"  {'start-up: simulate on a one-variable model':<52} median "
              f"{statistics.median(w for w, _ in startup):8.3f} s   CPU {statistics.median(c for _, c in startup):.3f} s")
        command, command_cpu = {}, {}
        for name, rounds in runs.items():
            # less the start-up of the same round (run just before it, under the same load)
            walls = [w - s0 for (w, _), (s0, _) in zip(rounds, startup)]
            cpus = [c - s0 for (_, c), (_, s0) in zip(rounds, startup)]
            command[name], command_cpu[name] = statistics.median(walls), statistics.median(cpus)
            label = f"cld-editor simulate --csv, {name}, less start-up"
            print(f"  {label:<52} median {command[name]:8.3f} s   range {min(walls):.3f}-{max(walls):.3f} s"
                  f"   CPU {command_cpu[name]:.3f} s")

        pysd = None
        if not options.no_pysd:
            try:
                import pysd
            except ImportError:
                print("  PySD is not installed (pip install -e .[test]): no side-by-side figure")
        if pysd is not None:
            from cld_editor.io import xmile

            path = folder / "big.xmile"
            path.write_bytes(xmile.write(d))
            start = time.perf_counter()
            model = pysd.read_xmile(str(path))
            print(f"  {'PySD: translate and load (not counted)':<52} {time.perf_counter() - start:8.3f} s")
            result = {}

            def run_pysd():
                result["frame"] = model.run()

            theirs = timed("PySD run(), Euler (reload() not counted)", run_pysd, repeats, before=model.reload)
            # CPU per run (warm-up and reloads included in the clock, so take it from a timed run alone)
            model.reload()
            cpu_before = time.process_time()
            run_pysd()
            theirs_cpu = time.process_time() - cpu_before
            print(f"  {'PySD run(), Euler, CPU of one run':<52} {theirs_cpu:8.3f} s")
            frame = result["frame"]
            mine = sim.run(euler)
            columns = {c.strip('"').casefold(): c for c in frame.columns}
            worst = 0.0
            for i, name in enumerate(mine.names):
                a = frame[columns[name.casefold()]].to_numpy(dtype=float)
                b = mine.values[:, i, 0]
                worst = max(worst, float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1.0))))
            print(f"  {'largest difference ours vs PySD, Euler (relative)':<52} {worst:.1e}")
            print(f"  {'ratio PySD run() / ours, Euler, in-process':<52} {theirs / ours_euler:8.1f} x")
            print(f"  {'ratio PySD run() Euler / ours RK4, in-process':<52} {theirs / ours_rk4:8.1f} x")
            for method in ("euler", "rk4", "euler thin", "rk4 thin"):
                print(f"  {'ratio PySD run() Euler / whole simulate, ' + method:<52} "
                      f"{theirs / command[method]:8.1f} x   CPU {theirs_cpu / command_cpu[method]:.1f} x")

    print("\n1,000 what-if runs of a 50-variable model as one batch")
    small = big_model(50, seed=2)
    small_sim = Simulator(small)
    key = next(k for k in small_sim.parameter_keys if k[0] == "value")
    values = np.linspace(0.5, 2.0, 1000)
    for steps, dt in ((400, 0.25), (1000, 0.1)):
        # 1,000 runs x 50 variables kept at every time unit (101 rows): 40 MB of results
        settings = SimulationSettings(0, 100, dt, "rk4", save_every=1)
        batch = timed(f"1,000 runs, RK4, {steps} steps", lambda: small_sim.run_batch(settings, {key: values}),
                      repeats)
        single = timed(f"one run, RK4, {steps} steps", lambda: small_sim.run(settings), repeats)
        print(f"  {'batch per run / single run':<52} {batch / 1000 / single:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
