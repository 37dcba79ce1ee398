"""Defaults that make sense to a non-modeller: counts stay at or above zero, flat lines are explained."""

from __future__ import annotations

import pytest

from cld_editor.core import Diagram
from cld_editor.core.elements import SimulationSettings
from cld_editor.io import load
from cld_editor.sim.flat import why_flat
from cld_editor.sim.run import Simulator, integrate

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
SETTINGS = SimulationSettings(0, 20, 0.25, "euler")


def waiting_list(equation: str | None = None) -> tuple[Diagram, str]:
    d = Diagram()
    wl = d.new_variable("Waiting List", kind="stock", initial=5, equation=equation)
    treatments = d.new_variable("Treatments", initial=2)
    d.new_link(treatments.id, wl.id, "-")
    return d, wl.id


@pytest.mark.parametrize("method", ["euler", "rk4"])
def test_a_generated_stock_never_goes_below_zero(method):
    d, wl = waiting_list()
    sim = Simulator(d)
    settings = SimulationSettings(0, 20, 0.25, method)
    for run in (sim.run(settings), integrate(sim.compiled, settings, sim._param_defaults.reshape(-1, 1))):
        series = run.series(wl) if run.values.shape[2] == 1 else run.values[:, 0, 0]
        assert series.min() == 0.0  # emptied after 2.5 time units, then stays empty
        assert series[4] == pytest.approx(3.0) and series[-1] == 0.0


def test_a_stock_with_its_own_equation_may_go_negative():
    d, wl = waiting_list(equation="-treatments")
    run = Simulator(d).run(SETTINGS)
    assert run.series(wl)[-1] == pytest.approx(5 - 2 * 20)


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.cld")), ids=lambda p: p.name)
def test_no_example_count_goes_negative(path):
    diagram = load(path).diagram
    sim = Simulator(diagram)
    run = sim.run()
    for vid, eq in sim.model.equations.items():
        if eq.kind == "stock" and eq.generated:
            assert run.series(vid).min() >= 0.0, diagram.variables[vid].name


def test_why_a_line_is_flat_in_one_sentence():
    d = Diagram()
    goal = d.new_variable("Goal", kind="constant", equation="4")
    budget = d.new_variable("Budget", initial=3)
    savings = d.new_variable("Savings", kind="stock", initial=100)
    empty = d.new_variable("Stock of Beds", kind="stock", initial=0)
    d.new_link(budget.id, empty.id, "-")
    half = d.new_variable("Half Budget")
    d.new_link(budget.id, half.id, "+", strength=0.5)
    balance = d.new_variable("Balance")
    d.new_link(savings.id, balance.id, "+")
    d.new_link(goal.id, balance.id, "+")
    growing = d.new_variable("Growing", kind="stock", initial=1)
    d.new_link(budget.id, growing.id, "+")
    a, b = d.new_variable("Income"), d.new_variable("Net")
    d.new_link(growing.id, a.id, "+")
    d.new_link(growing.id, b.id, "+")
    d.new_link(a.id, b.id, "-")
    sim = Simulator(d)
    run = sim.run(SETTINGS)
    said = {d.variables[v].name: why_flat(sim, run, v) for v in d.variables}
    assert said == {
        "Goal": "Goal is a constant: it stays at the value you set.",
        "Budget": "Budget has no causes, so it stays at the value you set.",
        "Savings": "Savings stays at its starting value: nothing flows into or out of it (draw a link into it).",
        "Stock of Beds": "Stock of Beds starts empty and what drains it keeps it at zero: "
                         "a count cannot go below zero.",
        "Half Budget": "Half Budget does not change because Budget does not change either.",
        "Balance": "Balance does not change because Savings and Goal do not change either.",
        "Growing": None,
        "Income": None,
        "Net": "Net does not change: the effects of Growing and Income cancel each other out.",
    }
    for sentence in said.values():
        assert sentence is None or sentence.count(". ") == 0 and sentence.endswith(".")


def test_a_diagram_without_stocks_says_nothing_builds_up():
    d = Diagram()
    jobs, spending = d.new_variable("Jobs"), d.new_variable("Spending")
    d.new_link(jobs.id, spending.id, "+")
    d.new_link(spending.id, jobs.id, "+", delay=True)
    sim = Simulator(d)
    run = sim.run(SETTINGS)
    assert why_flat(sim, run, jobs.id) == ("Jobs does not change because Spending does not: nothing in the "
                                           "diagram builds up over time (make a variable that accumulates a stock).")
