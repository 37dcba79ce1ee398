"""Equations written for Vensim and XMILE, and read back."""

from __future__ import annotations

import numpy as np
import pytest

from cld_editor.analysis.loops import find_loops
from cld_editor.core import Diagram
from cld_editor.core.elements import SimulationSettings
from cld_editor.io import vensim_write, xmile
from cld_editor.io.vensim_read import read as read_vensim
from cld_editor.sim.expr import parse
from cld_editor.sim.model import build_model
from cld_editor.sim.run import Simulator
from cld_editor.sim.translate import vensim_equations, xmile_entries


def model() -> Diagram:
    d = Diagram(simulation=SimulationSettings(0, 20, 0.25, "euler"))
    inv = d.new_variable("Stock (units)", kind="stock", initial=10)
    goal = d.new_variable("A&E Target", kind="constant", equation="100")
    gap = d.new_variable("Gap")
    d.new_link(goal.id, gap.id, "+")
    d.new_link(inv.id, gap.id, "-", delay=True, delay_time=3)
    d.new_link(gap.id, inv.id, "+", strength=0.5)
    d.new_link(inv.id, inv.id, "-", strength=0.01)
    return d


def test_names_with_punctuation_can_be_written_as_they_are():
    d = model()
    gap = d.variable_by_name("Gap")
    for text in ("a&e_target - stock_(units)", '"A&E Target" - "Stock (units)"'):
        d.update_variable(gap.id, equation=text)
        assert build_model(d).equation(gap.id).expr.free_symbols
    assert parse("min(a, b)", names=["min_(x)"]).expr.func.__name__ == "Min"


def test_vensim_equations():
    d = model()
    eqs = vensim_equations(d)
    assert eqs[d.variable_by_name("Gap").id] == '"A&E Target" - SMOOTH("Stock (units)", 3)'
    assert eqs[d.variable_by_name("Stock (units)").id] == 'INTEG(0.5*Gap - 0.01*"Stock (units)", 10)'


def test_vensim_round_trip_runs_the_same():
    d = model()
    back = read_vensim(vensim_write.write(d)).diagram
    ours, theirs = Simulator(d).run(), Simulator(back).run(d.simulation)
    for name in ours.names:
        assert np.allclose(ours.series(name), theirs.series(name), rtol=1e-12)


def test_xmile_carries_a_stock_rate_in_a_flow_and_keeps_the_loops():
    d = model()
    entries = xmile_entries(d)
    flow = next(e for e in entries if e.carries)
    assert flow.name == "Stock (units) change" and flow.eqn == '0.5*Gap - 0.01*"Stock (units)"'
    back = xmile.read(xmile.write(d)).diagram
    before, after = find_loops(d).counts(), find_loops(back).counts()
    assert (after.reinforcing, after.balancing) == (before.reinforcing, before.balancing)


def test_unsimulatable_diagram_falls_back():
    d = Diagram()
    a, b = d.new_variable("A"), d.new_variable("B")
    d.new_link(a.id, b.id, "+")
    d.new_link(b.id, a.id, "+")
    assert vensim_equations(d) is None and xmile_entries(d) is None
    assert b"A FUNCTION OF" in vensim_write.write(d)
