"""XMILE import and export: connectors, flows, aliases, loop indicators, run settings."""

from __future__ import annotations

import pytest

from cld_editor.io import load
from cld_editor.io.xmile import read, write
from tests.conftest import DATA, build

NS = 'xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0" xmlns:isee="http://iseesystems.com/XMILE"'


def links(d):
    return sorted((d.variables[lk.source].name, d.variables[lk.target].name, lk.polarity, lk.delay)
                  for lk in d.links.values())


MODEL = f"""<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" {NS}>
 <header><name>Population</name></header>
 <sim_specs method="RK4" time_units="year"><start>1900</start><stop>2000</stop><dt reciprocal="true">4</dt></sim_specs>
 <model>
  <variables>
   <stock name="Population"><eqn>100</eqn><inflow>births</inflow><outflow>deaths</outflow><units>people</units></stock>
   <flow name="births"><eqn>Population * birth_rate</eqn></flow>
   <flow name="deaths"><eqn>Population / lifetime</eqn></flow>
   <aux name="birth rate"><eqn>0.03</eqn><doc>Per person and year.</doc></aux>
   <aux name="lifetime"><eqn>70</eqn></aux>
  </variables>
  <views>
   <view>
    <stock name="Population" x="300" y="200"/>
    <flow name="births" x="200" y="200"/>
    <flow name="deaths" x="400" y="200"/>
    <aux name="birth rate" x="150" y="300"/>
    <aux name="lifetime" x="450" y="300"/>
    <alias uid="7" x="250" y="100"><of>Population</of></alias>
    <connector uid="1" polarity="+"><from><alias uid="7"/></from><to>births</to></connector>
    <connector uid="2" polarity="+" delay_mark="true"><from>Population</from><to>deaths</to></connector>
    <connector uid="3" polarity="+"><from>birth_rate</from><to>births</to></connector>
    <connector uid="4"><from>lifetime</from><to>deaths</to></connector>
    <isee:loop_indicator x="260" y="150" text="R1 Growth"/>
    <isee:loop_indicator x="360" y="150" text="B1"/>
   </view>
  </views>
 </model>
</xmile>""".encode()


def test_connectors_flows_and_aliases_become_links():
    d = read(MODEL).diagram
    assert links(d) == [
        ("Population", "births", "+", False), ("Population", "deaths", "+", True),
        ("birth rate", "births", "+", False), ("births", "Population", "+", False),
        ("deaths", "Population", "-", False), ("lifetime", "deaths", "?", False),
    ]


def test_positions_kinds_equations_and_settings():
    d = read(MODEL).diagram
    pop = d.variable_by_name("Population")
    assert (pop.x, pop.y, pop.kind, pop.initial, pop.units) == (300.0, 200.0, "stock", 100.0, "people")
    assert pop.equation == "births - deaths"
    assert d.variable_by_name("births").equation == "population * birth_rate"
    rate = d.variable_by_name("birth rate")
    assert (rate.kind, rate.equation, rate.notes) == ("constant", "0.03", "Per person and year.")
    sim = d.simulation
    assert (sim.start, sim.stop, sim.dt, sim.method) == (1900.0, 2000.0, 0.25, "rk4")
    assert d.title == "Population"


def test_loop_indicators_become_loop_labels():
    d = read(MODEL).diagram
    assert sorted((lab.code, lab.name) for lab in d.loop_labels.values()) == [("B1", ""), ("R1", "Growth")]


def test_a_model_without_a_view_takes_links_from_equations_and_is_laid_out():
    result = load(DATA / "xmile" / "arms_race.stmx")
    d = result.diagram
    assert len(d.variables) == 12
    assert any("laid out automatically" in w for w in result.warnings)
    assert len({(v.x, v.y) for v in d.variables.values()}) == len(d.variables)


def test_export_has_connectors_with_polarity_and_delay_marks():
    d = build(["Jobs", "Work"], [("Jobs", "Work", "-", True), ("Work", "Jobs", "+")])
    text = write(d).decode()
    assert 'polarity="-"' in text and 'delay_mark="true"' in text
    back = read(write(d)).diagram
    assert links(back) == links(d)


@pytest.mark.parametrize("name", ["teacup.xmile", "teacup_w_diagram.xmile", "SIR.xmile", "arms_race.stmx"])
def test_corpus_files_convert_to_xmile_and_back_with_the_same_links(tmp_path, name):
    from cld_editor.io import save

    d = load(DATA / "xmile" / name).diagram
    save(d, tmp_path / "copy.xmile")
    assert links(load(tmp_path / "copy.xmile").diagram) == links(d)


HAND_EDITED = f"""<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" {NS}>
 <model>
  <variables>
   <aux name="Jobs"><eqn>income * 2</eqn></aux>
   <aux name="Income"/>
  </variables>
  <views>
   <view>
    <aux name="Jobs" x="0" y="0"/>
    <aux name="Income" x="200" y="0"/>
    <aux name="Local spending" x="100" y="150"/>
    <stock name="Savings" x="300" y="150"/>
    <connector uid="1" polarity="+"><from>Income</from><to>Local_spending</to></connector>
    <connector uid="2" polarity="+"><from>Local_spending</from><to>Jobs</to></connector>
    <connector uid="3" polarity="+"><from>Jobs</from><to>Income</to></connector>
    <connector uid="4" polarity="+"><from>Income</from><to>Savings</to></connector>
   </view>
  </views>
 </model>
</xmile>""".encode()


def test_a_variable_drawn_but_missing_from_the_model_keeps_its_links_and_loops():
    from cld_editor.analysis.loops import count_loops

    result = read(HAND_EDITED, "hand.xmile")
    d = result.diagram
    spending, savings = d.variable_by_name("Local spending"), d.variable_by_name("Savings")
    assert (spending.x, spending.y, spending.equation, spending.kind) == (100.0, 150.0, None, "auxiliary")
    assert savings.kind == "stock" and savings.equation is None
    assert ("Income", "Local spending", "+", False) in links(d) and ("Local spending", "Jobs", "+", False) in links(d)
    assert count_loops(d).total == 1
    assert any('2 variables drawn in the diagram but missing from the model\'s variables were added with no '
               'equation, keeping their links: "Local spending", "Savings"' == w for w in result.warnings)
    assert not any("connector" in w for w in result.warnings)
