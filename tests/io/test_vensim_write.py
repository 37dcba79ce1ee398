"""Vensim .mdl export: equations Vensim accepts and a sketch our reader (and Vensim's) can follow."""

from __future__ import annotations

import json

from cld_editor.io.vensim_read import read
from cld_editor.io.vensim_write import to_vensim, write
from tests.conftest import build


def test_a_cld_that_cannot_run_becomes_a_function_of_equations_and_a_v300_sketch():
    # Jobs <-> Worklessness without a delay or a stock: an algebraic loop, so a pure CLD export.
    d = build(["Jobs", "Worklessness", "Skills"], [("Jobs", "Worklessness", "-"), ("Worklessness", "Jobs", "+"),
                                                   ("Skills", "Jobs", "+", True)])
    text = write(d).decode("utf-8")
    assert text.startswith("{UTF-8}\r\n")
    assert "Jobs= A FUNCTION OF( Worklessness,Skills)" in text
    assert "V300  Do not put anything below this section" in text
    arrows = [line.split(",") for line in text.splitlines() if line.startswith("1,")]
    assert sorted((a[6], a[9]) for a in arrows) == [("43", "64"), ("43", "65"), ("45", "64")]
    for name in ("INITIAL TIME", "FINAL TIME", "TIME STEP", "SAVEPER"):
        assert f"{name}  =" in text


def test_stocks_with_equations_become_integ_and_equations_are_translated():
    from cld_editor.core import Diagram

    d = Diagram()
    pop = d.new_variable("Population", 0, 0, kind="stock", initial=100.0, equation="births")
    births = d.new_variable("Births", 100, 0, equation="if_then_else(time > 5, population * birth_rate, 0)")
    rate = d.new_variable("Birth rate", 100, 100, kind="constant", equation="0.02")
    for a, b in ((births, pop), (pop, births), (rate, births)):
        d.new_link(a.id, b.id, "+")
    text = write(d).decode()
    population = text.split("Population=", 1)[1].split("~", 1)[0]
    assert "INTEG" in population and "Births" in population and "100" in population
    assert "IF THEN ELSE(Time > 5, " in text
    back = read(write(d)).diagram
    assert back.variable_by_name("Population").kind == "stock"
    assert back.variable_by_name("Population").initial == 100.0
    assert back.variable_by_name("Births").equation.startswith("if_then_else(time > 5, ")


def test_translation_back_to_vensim_quotes_awkward_names():
    assert to_vensim("jobs_local * 2", {"jobs_local": "Jobs, local"}) == '"Jobs, local" * 2'


def test_exported_file_has_the_same_loops_through_the_command_line(cli, tmp_path):
    d = build(["A", "B", "C"], [("A", "B", "+"), ("B", "C", "-"), ("C", "A", "-"), ("B", "A", "?")])
    path = tmp_path / "out.mdl"
    path.write_bytes(write(d))
    counts = json.loads(cli("loops", path, "--count").stdout)
    assert (counts["total"], counts["reinforcing"], counts["unknown"]) == (2, 1, 1)


def test_bent_links_keep_their_bend_through_vensim():
    from cld_editor.core import Diagram

    d = Diagram()
    a, b = d.new_variable("A", 0, 0), d.new_variable("B", 300, 40)
    d.new_link(a.id, b.id, "+", curvature=0.3)
    d.new_link(b.id, a.id, "-", curvature=-0.2)
    back = read(write(d)).diagram
    bends = sorted(round(lk.curvature, 1) for lk in back.links.values())
    assert bends == [-0.2, 0.3]


def test_pysd_reads_and_runs_the_export(tmp_path):
    """PySD is not a dependency; where it is installed it must read our .mdl and reproduce Vensim's run."""
    pysd = __import__("pytest").importorskip("pysd")
    import csv

    from cld_editor.io import load, save
    from tests.conftest import DATA

    save(load(DATA / "vensim" / "teacup.mdl").diagram, tmp_path / "teacup.mdl")
    run = pysd.read_vensim(str(tmp_path / "teacup.mdl")).run()
    with open(DATA / "vensim" / "teacup.output.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert abs(run["Teacup Temperature"].iloc[-1] - float(rows[-1]["Teacup Temperature"])) < 1e-3


def test_loop_labels_and_notes_go_through_vensim_comments():
    from cld_editor.core import Diagram
    from cld_editor.core.elements import LoopLabel, Note

    d = Diagram()
    a, b = d.new_variable("A", 0, 0), d.new_variable("B", 300, 0)
    d.new_link(a.id, b.id, "+")
    d.new_link(b.id, a.id, "+")
    d.insert("loop_label", LoopLabel("loop1", 150, 50, code="R1", name="Engine of growth"))
    d.insert("note", Note("n1", "Check the data", 150, 200))
    back = read(write(d)).diagram
    assert [(lab.code, lab.name) for lab in back.loop_labels.values()] == [("R1", "Engine of growth")]
    assert [n.text for n in back.notes.values()] == ["Check the data"]
