"""The solver against the textbook: exact solutions, overshoot, S-curves, batches."""

from __future__ import annotations

import numpy as np
import pytest

from cld_editor.core import Diagram
from cld_editor.core.elements import SimulationSettings
from cld_editor.sim.run import SimulationError, Simulator, sweep


def goal_seeking(goal=10.0, time_constant=4.0, equation=True) -> Diagram:
    d = Diagram()
    level = d.new_variable("Level", kind="stock", initial=0)
    g = d.new_variable("Goal", kind="constant", equation=str(goal))
    tc = d.new_variable("Adjustment Time", kind="constant", equation=str(time_constant))
    gap = d.new_variable("Gap")
    d.new_link(g.id, gap.id, "+")
    d.new_link(level.id, gap.id, "-")
    d.new_link(gap.id, level.id, "+")
    d.new_link(tc.id, level.id, "-")
    if equation:
        d.update_variable(level.id, equation="gap / adjustment_time")
    return d


def test_goal_seeking_matches_the_exact_solution_with_rk4():
    sim = Simulator(goal_seeking())
    run = sim.run(SimulationSettings(0, 20, 0.05, "rk4"))
    exact = 10 * (1 - np.exp(-run.times / 4))
    level = run.series("Level")
    assert np.allclose(level[1:], exact[1:], rtol=1e-6, atol=0)
    assert np.allclose(run.series("Gap"), 10 - level)


def test_exponential_growth_matches_x0_e_rt():
    d = Diagram()
    pop = d.new_variable("Population", kind="stock", initial=50)
    births = d.new_variable("Births")
    d.new_link(pop.id, births.id, "+", strength=0.07)
    d.new_link(births.id, pop.id, "+")
    run = Simulator(d).run(SimulationSettings(0, 30, 0.1, "rk4"))
    assert np.allclose(run.series("Population"), 50 * np.exp(0.07 * run.times), rtol=1e-6, atol=0)


def test_euler_is_first_order_and_converges():
    d = goal_seeking()
    errors = []
    for dt in (0.1, 0.05):
        run = Simulator(d).run(SimulationSettings(0, 10, dt, "euler"))
        errors.append(abs(run.series("Level")[-1] - 10 * (1 - np.exp(-10 / 4))))
    assert 1.8 < errors[0] / errors[1] < 2.2


def test_euler_step_is_exactly_x_plus_dt_f():
    run = Simulator(goal_seeking()).run(SimulationSettings(0, 1, 0.25, "euler"))
    level = run.series("Level")
    expected = [0.0]
    for _ in range(4):
        expected.append(expected[-1] + 0.25 * (10 - expected[-1]) / 4)
    assert level.tolist() == pytest.approx(expected, rel=1e-15)


def test_generated_equations_make_an_r_loop_grow_and_a_b_loop_settle():
    d = Diagram()
    members = d.new_variable("Members", kind="stock", initial=1)
    word = d.new_variable("Word of Mouth")
    d.new_link(members.id, word.id, "+", strength=0.5)
    d.new_link(word.id, members.id, "+")
    run = Simulator(d).run(SimulationSettings(0, 10, 0.1, "rk4"))
    assert np.all(np.diff(run.series("Members")) > 0)
    assert run.series("Members")[-1] > 100

    d = Diagram()
    level = d.new_variable("Level", kind="stock", initial=0)
    target = d.new_variable("Target")  # no causes: an input, default value
    gap = d.new_variable("Gap")
    d.new_link(target.id, gap.id, "+")
    d.new_link(level.id, gap.id, "-")
    d.new_link(gap.id, level.id, "+")
    run = Simulator(d).run(SimulationSettings(0, 20, 0.1, "rk4"))
    level_series = run.series("Level")
    assert np.all(np.diff(level_series) >= 0)
    assert level_series[-1] == pytest.approx(run.series("Target")[-1], rel=1e-6)


def test_b_loop_with_a_delay_overshoots_its_goal():
    d = Diagram()
    level = d.new_variable("Inventory", kind="stock", initial=0)
    goal = d.new_variable("Desired Inventory", kind="constant", equation="100")
    gap = d.new_variable("Gap")
    d.new_link(goal.id, gap.id, "+")
    d.new_link(level.id, gap.id, "-", delay=True, delay_time=3)  # perceived late
    d.new_link(gap.id, level.id, "+", strength=0.5)
    run = Simulator(d).run(SimulationSettings(0, 60, 0.05, "rk4"))
    inv = run.series("Inventory")
    assert inv.max() > 110  # overshoot
    assert inv[-1] == pytest.approx(100, rel=0.05)  # and then settles


def test_limits_to_growth_gives_an_s_curve():
    d = Diagram()
    pop = d.new_variable("Population", kind="stock", initial=1,
                         equation="0.5 * population * (1 - population / capacity)")
    cap = d.new_variable("Capacity", kind="constant", equation="1000")
    d.new_link(cap.id, pop.id, "-")
    d.new_link(pop.id, pop.id, "+")
    run = Simulator(d).run(SimulationSettings(0, 40, 0.1, "rk4"))
    p = run.series("Population")
    exact = 1000 / (1 + 999 * np.exp(-0.5 * run.times))
    assert np.allclose(p, exact, rtol=1e-6)
    growth = np.diff(p)
    peak = int(np.argmax(growth))
    assert 0 < peak < len(growth) - 1  # growth speeds up, then slows: an S
    assert np.all(growth[:peak] > 0) and p[-1] == pytest.approx(1000, rel=1e-3)


def test_smooth_starts_at_its_input_and_follows_exponentially():
    d = Diagram()
    src = d.new_variable("Signal", equation="if_then_else(time >= 1, 10, 2)")
    out = d.new_variable("Perceived")
    d.new_link(src.id, out.id, "+", delay=True, delay_time=2)
    run = Simulator(d).run(SimulationSettings(0, 10, 0.01, "rk4"))
    perceived = run.series("Perceived")
    assert perceived[0] == pytest.approx(2)
    t = run.times
    later = t >= 1.5
    # smooth of a step: 10 - 8 exp(-(t - 1) / 2); RK4 sees the step inside one step
    assert np.allclose(perceived[later], 10 - 8 * np.exp(-(t[later] - 1) / 2), rtol=2e-3)


def test_batch_equals_separate_runs():
    d = goal_seeking()
    sim = Simulator(d)
    goal = d.variable_by_name("Goal").id
    settings = SimulationSettings(0, 10, 0.1, "rk4")
    batch = sim.run_batch(settings, {("value", goal): [5, 10, 20]})
    for i, value in enumerate([5, 10, 20]):
        single = sim.run(settings, {("value", goal): value})
        assert np.allclose(batch.series("Level", run=i), single.series("Level"), rtol=1e-12)


def test_strength_and_initial_what_ifs():
    d = Diagram()
    s = d.new_variable("Savings", kind="stock", initial=100)
    link = d.new_link(s.id, s.id, "+", strength=0.05)
    sim = Simulator(d)
    settings = SimulationSettings(0, 10, 0.01, "rk4")
    run = sweep(sim, ("strength", link.id), [0.0, 0.1], settings)
    assert run.series("Savings")[-1].tolist() == pytest.approx([100, 100 * np.e], rel=1e-8)
    run = sim.run(settings, {("initial", s.id): 200})
    assert run.series("Savings")[-1] == pytest.approx(200 * np.exp(0.5), rel=1e-8)
    assert sim.default(("initial", s.id)) == 100


def test_save_every_keeps_fewer_rows():
    d = goal_seeking()
    run = Simulator(d).run(SimulationSettings(0, 10, 0.25, "euler", save_every=1))
    assert run.times.tolist() == [float(t) for t in range(11)]


def test_bad_what_ifs_are_refused():
    d = goal_seeking()
    sim = Simulator(d)
    gap = d.variable_by_name("Gap").id
    with pytest.raises(SimulationError):
        sim.run(None, {("value", gap): 1})
    with pytest.raises(SimulationError):
        sim.run(None, {("initial", gap): 1})
    goal = d.variable_by_name("Goal").id
    with pytest.raises(SimulationError):
        sim.run_batch(None, {("value", goal): [1, 2], ("initial", d.variable_by_name("Level").id): [1]})


def test_runaway_values_are_reported_not_crashed():
    d = Diagram()
    s = d.new_variable("Debt", kind="stock", initial=1, equation="exp(debt)")
    d.new_link(s.id, s.id, "+")
    run = Simulator(d).run(SimulationSettings(0, 5, 0.5, "euler"))
    name, _ = run.first_non_finite()
    assert name == "Debt"
