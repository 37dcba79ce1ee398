"""Generated equations, user equations, the link check, algebraic loops, plain words."""

from __future__ import annotations

import pytest

from cld_editor.core import Diagram
from cld_editor.sim.expr import EquationError
from cld_editor.sim.model import AlgebraicLoopError, build_model, equation_errors


def waiting_list() -> tuple[Diagram, dict]:
    d = Diagram()
    v = {n: d.new_variable(n) for n in ("Referrals", "Treatments", "Waiting List", "Capacity")}
    d.update_variable(v["Waiting List"].id, kind="stock", initial=50)
    d.new_link(v["Referrals"].id, v["Waiting List"].id, "+")
    d.new_link(v["Treatments"].id, v["Waiting List"].id, "-", strength=2)
    d.new_link(v["Capacity"].id, v["Treatments"].id, "+", delay=True, delay_time=3)
    return d, {n: x.id for n, x in v.items()}


def test_generated_equations_and_plain_words():
    d, ids = waiting_list()
    model = build_model(d)
    wl = model.equation(ids["Waiting List"])
    assert wl.generated and wl.kind == "stock"
    assert wl.text == "referrals - 2*treatments"
    assert wl.explanation == "Waiting List grows with Referrals and falls with Treatments."
    tr = model.equation(ids["Treatments"])
    assert tr.text == "smooth(capacity, 3)"
    assert "arrives after a delay" in tr.explanation
    ref = model.equation(ids["Referrals"])
    assert ref.kind == "input" and ref.value == 10
    assert "input" in ref.explanation


def test_user_equation_overrides_and_is_explained_from_its_derivative():
    d, ids = waiting_list()
    d.update_variable(ids["Waiting List"], equation="referrals - min(treatments, waiting_list)")
    eq = build_model(d).equation(ids["Waiting List"])
    assert not eq.generated
    assert "grows with Referrals" in eq.explanation
    assert "Treatments" in eq.explanation


def test_an_equation_may_use_only_linked_causes():
    d, ids = waiting_list()
    d.update_variable(ids["Treatments"], equation="capacity + referrals")
    with pytest.raises(EquationError) as info:
        build_model(d)
    msg = str(info.value)
    assert "Treatments" in msg and "no link from Referrals to Treatments" in msg
    assert info.value.column == 12


def test_unknown_names_and_self_use_are_errors():
    d, ids = waiting_list()
    d.update_variable(ids["Treatments"], equation="capacityy")
    with pytest.raises(EquationError, match="no variable is called .capacityy. .did you mean capacity"):
        build_model(d)
    d.update_variable(ids["Treatments"], equation="treatments + capacity")
    with pytest.raises(EquationError, match="only a stock may"):
        build_model(d)
    d.update_variable(ids["Treatments"], equation="smooth(capacity, 3)")
    d.update_variable(ids["Waiting List"], equation="referrals - treatments - waiting_list / 10")
    build_model(d)  # a stock may use itself


def test_algebraic_loop_is_refused_with_its_variables_named():
    d = Diagram()
    a, b, c = (d.new_variable(n) for n in ("Jobs", "Spending", "Demand"))
    d.new_link(a.id, b.id, "+")
    d.new_link(b.id, c.id, "+")
    d.new_link(c.id, a.id, "+")
    with pytest.raises(AlgebraicLoopError) as info:
        build_model(d)
    assert set(info.value.names) == {"Jobs", "Spending", "Demand"}
    assert "delayed" in str(info.value) and "stock" in str(info.value)
    d.update_link(d.link_between(c.id, a.id).id, delay=True)
    build_model(d)


def test_constants_and_errors_for_a_panel():
    d, ids = waiting_list()
    d.update_variable(ids["Capacity"], kind="constant", equation="2 * 20")
    assert build_model(d).equation(ids["Capacity"]).value == 40
    d.update_variable(ids["Capacity"], equation="capacity * 2")
    errors = equation_errors(d)
    assert list(errors) == [ids["Capacity"]]


def test_stock_initial_may_be_an_equation_of_constants():
    d, ids = waiting_list()
    d.update_variable(ids["Capacity"], kind="constant", equation="40")
    d.update_variable(ids["Waiting List"], initial="capacity * 3")
    from cld_editor.sim.run import Simulator

    sim = Simulator(d)
    assert sim.default(("initial", ids["Waiting List"])) == 120
    d.update_variable(ids["Waiting List"], initial="referrals + treatments")
    with pytest.raises(EquationError, match="only constants and inputs"):
        build_model(d)


def test_two_names_written_the_same_in_equations_are_refused():
    d = Diagram()
    d.new_variable("Jobs Total")
    d.new_variable("jobs_total")
    from cld_editor.sim.model import ModelError

    with pytest.raises(ModelError, match="both written jobs_total"):
        build_model(d)
