"""Polarity from equations, as `convert --infer-polarity` uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cld_editor.analysis.loops import find_loops
from cld_editor.cli import main
from cld_editor.core import Diagram
from cld_editor.io import load
from cld_editor.sim.infer import apply_inferred_polarity, infer_polarities

DATA = Path(__file__).resolve().parent.parent / "data" / "sim"


@pytest.mark.parametrize(
    "equation, sign",
    [("x * 2", "+"), ("10 - x", "-"), ("1 / x", "-"), ("x ^ 2", "+"), ("exp(-x)", "-"), ("ln(x)", "+"),
     ("x * (1 - x)", None), ("sin_free + 3", None), ("smooth(x, 3)", "+"), ("max(x, 5)", None),
     ("if_then_else(time > 3, x, 0)", None)],
)
def test_sign_of_the_partial_derivative(equation, sign):
    d = Diagram()
    x = d.new_variable("x")
    y = d.new_variable("y", equation=equation)
    other = d.new_variable("sin free")
    link = d.new_link(x.id, y.id, "?")
    d.new_link(other.id, y.id, "?")
    assert infer_polarities(d)[link.id] == sign


def test_known_signs_are_kept_and_unparseable_equations_stay_unknown():
    d = Diagram()
    x = d.new_variable("x")
    y = d.new_variable("y", equation="x +")
    link = d.new_link(x.id, y.id, "?")
    assert infer_polarities(d)[link.id] is None
    d.update_variable(y.id, equation="-x")
    d.update_link(link.id, polarity="+")
    assert apply_inferred_polarity(d) == 0 and d.links[link.id].polarity == "+"


def test_sir_gets_its_textbook_loops(tmp_path):
    out = tmp_path / "sir.cld"
    assert main(["convert", str(DATA / "SIR.mdl"), str(out), "--infer-polarity"]) == 0
    diagram = load(out).diagram
    assert sum(link.inferred for link in diagram.links.values()) == 6
    unknown = [link for link in diagram.links.values() if link.polarity == "?"]
    # the one left: Total Population sets Susceptible's start, not its rate
    assert [(diagram.variables[lk.source].name, diagram.variables[lk.target].name) for lk in unknown] == [
        ("Total Population", "Susceptible")]
    counts = find_loops(diagram).counts()
    assert (counts.reinforcing, counts.balancing) == (1, 2)
