"""Loops That Matter: link scores, loop scores and shares."""

from __future__ import annotations

import numpy as np
import pytest

from cld_editor.core import Diagram
from cld_editor.core.elements import SimulationSettings
from cld_editor.sim.dominance import loop_dominance


def logistic() -> Diagram:
    d = Diagram()
    pop = d.new_variable("Population", kind="stock", initial=1, equation="births - deaths")
    births = d.new_variable("Births")
    deaths = d.new_variable("Deaths", equation="population^2 / capacity")
    cap = d.new_variable("Capacity", kind="constant", equation="1000")
    d.new_link(pop.id, births.id, "+", strength=0.5)
    d.new_link(births.id, pop.id, "+")
    d.new_link(pop.id, deaths.id, "+")
    d.new_link(cap.id, deaths.id, "-")
    d.new_link(deaths.id, pop.id, "-")
    return d


def test_shares_add_up_to_one_and_dominance_shifts_at_the_inflection():
    d = logistic()
    dom = loop_dominance(d, SimulationSettings(0, 40, 0.05, "euler"))
    assert [lp.polarity for lp in dom.loops] == ["R", "B"]
    assert np.isnan(dom.shares[0]).all()
    assert np.allclose(np.abs(dom.shares[1:]).sum(axis=1), 1)
    r, b = dom.shares[1:, 0], dom.shares[1:, 1]
    assert np.all(r >= 0) and np.all(b <= 0)
    # the R loop dominates until the population reaches half its 500 limit (logistic inflection)
    switch = int(np.argmax(np.abs(b) > r)) + 1
    pop = dom.run.series("Population")
    assert pop[switch] == pytest.approx(250, rel=0.05)


def test_flow_link_scores_follow_the_paper():
    d = logistic()
    dom = loop_dominance(d, SimulationSettings(0, 10, 0.1, "euler"))
    births_link = d.link_between(d.variable_by_name("Births").id, d.variable_by_name("Population").id)
    deaths_link = d.link_between(d.variable_by_name("Deaths").id, d.variable_by_name("Population").id)
    births = dom.run.series("Births")
    deaths = dom.run.series("Deaths")
    di, do = np.diff(births), np.diff(deaths)
    expected_in = np.abs(di / (di - do))
    assert np.allclose(dom.link_scores[births_link.id][1:], expected_in)
    assert np.allclose(dom.link_scores[deaths_link.id][1:], -np.abs(do / (di - do)))


def test_a_delayed_balancing_loop_scores_through_its_delay():
    d = Diagram()
    inv = d.new_variable("Inventory", kind="stock", initial=0)
    goal = d.new_variable("Goal", kind="constant", equation="100")
    gap = d.new_variable("Gap")
    d.new_link(goal.id, gap.id, "+")
    d.new_link(inv.id, gap.id, "-", delay=True, delay_time=3)
    d.new_link(gap.id, inv.id, "+", strength=0.5)
    dom = loop_dominance(d, SimulationSettings(0, 30, 0.1, "euler"))
    assert [lp.polarity for lp in dom.loops] == ["B"]
    moving = np.abs(dom.scores[1:, 0]) > 0
    assert moving.any() and np.all(dom.shares[1:, 0][moving] == -1)


def test_loop_count_is_limited_and_says_so():
    d = Diagram()
    vs = [d.new_variable(f"V{i}", kind="stock", initial=1) for i in range(6)]
    for a in vs:
        for b in vs:
            if a is not b:
                d.new_link(a.id, b.id, "+", strength=0.01)
    dom = loop_dominance(d, SimulationSettings(0, 1, 0.1, "euler"), max_loops=10)
    assert len(dom.loops) == 10 and not dom.complete


def test_what_if_changes_shift_the_dominance():
    d = logistic()
    cap = d.variable_by_name("Capacity").id
    settings = SimulationSettings(0, 40, 0.05, "euler")
    base = loop_dominance(d, settings)
    bigger = loop_dominance(d, settings, changes={("value", cap): 4000.0})

    def switch(dom):
        return int(np.argmax(np.abs(dom.shares[1:, 1]) > dom.shares[1:, 0]))

    assert switch(bigger) > switch(base)  # a higher limit lets the R loop dominate for longer
    births = d.link_between(d.variable_by_name("Population").id, d.variable_by_name("Births").id).id
    slower = loop_dominance(d, settings, changes={("strength", births): 0.25})
    assert switch(slower) > switch(base)
