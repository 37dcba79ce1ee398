"""The flat array program against the general solver: same numbers (1e-9) on random models."""

from __future__ import annotations

import random

import numpy as np
import pytest

from cld_editor.core import Diagram
from cld_editor.core.elements import SimulationSettings
from cld_editor.sim.program import build_tape, parameter_layout, specialise
from cld_editor.sim.run import Simulator, integrate

# Equations of two causes a and b (written as {a} and {b}) that use every part of the language.
FORMULAS = [
    "max(0, {a}) * 0.2 + min({b}, 5) * 0.1",
    "if_then_else({a} > {b}, {a} - {b}, 0.5 * {b})",
    "step(2, 3) + pulse(1, 2) * {a} + ramp(0.5, 1, 4)",
    "{a} * {b} / (1 + abs({b}))",
    "exp(-abs({a}) / 10) + ln(1 + {b} ^ 2)",
    "sqrt(abs({a}) + 1) - smooth({b}, 2)",
    "({a} >= {b}) * 3 + ({a} <> {b}) - ({a} = {b})",
    "max({a}, {b}, 1) - min({a}, -1, {b})",
    "if_then_else(time < 5, {a}, {b}) ^ 2 / 10",
    "{a} * (time >= 2) + ({b} <= 1) * ({b} < 0.5)",
]


def random_model(seed: int, n: int = 40) -> Diagram:
    """Stocks, constants, inputs and auxiliaries; generated and written equations; delayed links."""
    rng = random.Random(seed)
    d = Diagram()
    ids = []
    for i in range(n):
        kind = "stock" if i % 4 == 0 else "constant" if i % 9 == 2 else "auxiliary"
        fields: dict = {"kind": kind}
        if kind == "stock":
            fields["initial"] = round(rng.uniform(0, 5), 3)
        if kind == "constant":
            fields["equation"] = f"{rng.uniform(0.2, 2):.3f}"
        ids.append(d.new_variable(f"V{i}", **fields).id)
    for i, vid in enumerate(ids):
        kind = d.variables[vid].kind
        if kind == "constant" or i == 0:
            continue
        causes = rng.sample(range(i), min(i, 2))
        if kind == "stock":
            d.new_link(vid, vid, "-", strength=round(rng.uniform(0.05, 0.3), 3))
            later = [j for j in range(i + 1, n) if d.variables[ids[j]].kind == "auxiliary"]
            if later:
                d.new_link(ids[rng.choice(later)], vid, rng.choice("+-?"), strength=0.01,
                           delay=rng.random() < 0.3, delay_time=rng.choice([1.0, 2.5]))
        for c in causes:
            d.new_link(ids[c], vid, rng.choice("+-"), strength=round(rng.uniform(0.05, 0.4), 3),
                       delay=rng.random() < 0.15)
        if kind == "auxiliary" and len(causes) == 2 and rng.random() < 0.5:
            a, b = (f"v{c}" for c in causes)
            d.update_variable(vid, equation=rng.choice(FORMULAS).format(a=a, b=b))
    return d


def general(sim: Simulator, settings: SimulationSettings, changes=None):
    """The general solver's run (what every run used before the array program)."""
    params = sim._param_defaults.reshape(-1, 1).copy()
    columns = {}
    for key, value in (changes or {}).items():
        columns[key] = np.array([value])
        if key[0] != "initial":
            params[sim.parameter_keys.index(key)] = value
    return integrate(sim.compiled, settings, params, columns)


def relative_difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1.0)))


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("method", ["euler", "rk4"])
def test_the_array_program_gives_the_general_solvers_numbers(seed, method):
    d = random_model(seed)
    sim = Simulator(d)
    assert sim.tape() is not None, "the random model should run as an array program"
    settings = SimulationSettings(0, 12, 0.05, method)
    fast = sim.run(settings)
    assert sim._program is not None, "the run should have used the array program"
    slow = general(sim, settings)
    assert np.array_equal(fast.times, slow.times)
    assert fast.ids == slow.ids and fast.names == slow.names
    assert relative_difference(fast.values, slow.values) < 1e-9


def test_what_if_changes_and_saving_every_few_steps_agree_too():
    d = random_model(99)
    sim = Simulator(d)
    settings = SimulationSettings(0, 10, 0.1, "rk4", save_every=0.5)
    stock = next(k for k in sim.parameter_keys if k[0] == "initial")
    strength = next(k for k in sim.parameter_keys if k[0] == "strength")
    changes = {stock: 3.5, strength: 0.7}
    fast, slow = sim.run(settings, changes), general(sim, settings, changes)
    assert len(fast.times) == 21
    assert relative_difference(fast.values, slow.values) < 1e-9
    assert relative_difference(sim.run(settings).values, general(sim, settings).values) < 1e-9


def test_a_runaway_value_is_left_to_the_general_solver_which_says_where():
    d = Diagram()
    debt = d.new_variable("Debt", kind="stock", initial=1)
    d.new_link(debt.id, debt.id, "+", strength=100)
    sim = Simulator(d)
    settings = SimulationSettings(0, 200, 1, "euler")
    run = sim.run(settings)
    assert run.first_non_finite() == ("Debt", 154.0)  # 101 ** 154 > 1.8e308
    assert run.first_non_finite() == general(sim, settings).first_non_finite()


def test_a_chain_of_generated_equations_collapses_into_one_row():
    """Generated equations are affine: the program has no non-linear step at all."""
    d = Diagram()
    stock = d.new_variable("Stock", kind="stock", initial=2)
    previous = stock
    for i in range(30):
        aux = d.new_variable(f"A{i}")
        d.new_link(previous.id, aux.id, "+", strength=1.01)
        previous = aux
    d.new_link(previous.id, stock.id, "-", strength=0.01)
    sim = Simulator(d)
    program = specialise(sim.tape(), sim._param_defaults)
    assert program.full == [] and program.columns == 3  # 1, time, Stock
    run = sim.run(SimulationSettings(0, 5, 0.1, "rk4"))
    assert relative_difference(run.values, general(sim, SimulationSettings(0, 5, 0.1, "rk4")).values) < 1e-12


def test_a_rerun_with_the_same_values_reuses_the_program(monkeypatch):
    sim = Simulator(random_model(3))
    settings = SimulationSettings(0, 2, 0.1, "rk4")
    first = sim.run(settings)
    made = []
    monkeypatch.setattr("cld_editor.sim.run.specialise", lambda tape, p: made.append(p))
    again = sim.run(settings)
    assert made == [] and np.array_equal(first.values, again.values)


def test_the_tape_is_built_from_the_trees_not_from_text():
    """Every register is a number, a parameter, a state, time or an operation on registers."""
    d = random_model(5)
    sim = Simulator(d)
    tape = build_tape(sim.model, parameter_layout(sim.model)[0])
    allowed = {"const", "param", "state", "time", "add", "mul", "pow", "min", "max", "abs", "exp", "log",
               "lt", "le", "gt", "ge", "eq", "ne", "and", "or", "not", "piecewise"}
    for name, args in tape.ops:
        assert name in allowed
        assert all(isinstance(a, (int, float)) for a in args)


def test_a_run_stops_when_its_result_is_no_longer_wanted():
    from cld_editor.sim.run import RunCancelled

    sim = Simulator(random_model(7))
    settings = SimulationSettings(0, 50, 0.01, "rk4")
    asked = []

    def stale() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(RunCancelled):
        sim.run(settings, stop=stale)
    assert len(asked) == 4  # looked at every 32 steps, stopped at the fourth look
    asked.clear()
    with pytest.raises(RunCancelled):  # the general solver (a batch) stops too
        sim.run_batch(settings, {sim.parameter_keys[0]: [1.0, 2.0]}, stop=stale)
    assert sim.run(SimulationSettings(0, 1, 0.1, "euler"), stop=lambda: False).values.shape[0] == 11


def test_runs_of_one_simulator_on_two_threads_at_once_give_each_its_own_numbers():
    """The What-if panel's background run and a run on the window's thread can overlap (same values, one program)."""
    import sys
    import threading

    sim = Simulator(random_model(5))
    settings = [SimulationSettings(0, 20, 0.05, "euler"), SimulationSettings(0, 20, 0.1, "rk4")]
    alone = [sim.run(s).values for s in settings]
    got: dict[int, list] = {0: [], 1: []}

    def runs(i: int) -> None:
        for _ in range(6):
            got[i].append(sim.run(settings[i]).values)

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # (hand the interpreter over between threads as often as it can)
    try:
        threads = [threading.Thread(target=runs, args=(i,)) for i in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(switch)
    for i in (0, 1):
        assert len(got[i]) == 6 and all(np.array_equal(v, alone[i]) for v in got[i])
