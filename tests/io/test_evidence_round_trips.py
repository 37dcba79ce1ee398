"""Link evidence survives every format that has a place for it, and comes back onto the right link."""

from __future__ import annotations

import pytest

from cld_editor.core import Diagram, Evidence
from cld_editor.io import formats

EVIDENCE = {
    ("Jobs", "Worklessness"): Evidence("strong", "ONS labour market statistics, table A02", "Policy team"),
    ("Worklessness", "Health"): Evidence("hypothesis", 'Workshop 3 March: "it makes people ill"; to test'),
    ("Health", "Worklessness"): Evidence("contested", "", "GP federation"),
    ("Skills", "Jobs"): Evidence("weak", "Employer survey (n=41), café discussion"),
}


def diagram() -> Diagram:
    d = Diagram(title="Evidence")
    for i, name in enumerate(["Jobs", "Worklessness", "Health", "Skills", "Spending"]):
        d.new_variable(name, 200 * i, 100 * (i % 2), notes="A variable." if name == "Health" else "")
    for a, b, sign in [("Jobs", "Worklessness", "-"), ("Worklessness", "Health", "-"), ("Health", "Worklessness", "-"),
                       ("Skills", "Jobs", "+"), ("Worklessness", "Spending", "-"), ("Spending", "Jobs", "+")]:
        d.new_link(d.variable_by_name(a).id, d.variable_by_name(b).id, sign,
                   evidence=EVIDENCE.get((a, b), Evidence()))
    return d


def evidence_by_names(d: Diagram) -> dict:
    return {(d.variables[lk.source].name, d.variables[lk.target].name): lk.evidence
            for lk in d.links.values() if lk.evidence}


@pytest.mark.parametrize("suffix", [".cld", ".json", ".kumu.csv", ".xlsx", ".graphml", ".gexf", ".xmile", ".stmx", ".mdl"])
def test_evidence_round_trips(tmp_path, suffix):
    path = tmp_path / f"evidence{suffix}"
    formats.save(diagram(), path)
    back = formats.load(path).diagram
    assert evidence_by_names(back) == EVIDENCE
    # The notes are a person's again: the evidence moved back onto the links.  (A Kumu CSV is one
    # connections sheet: it has no place for a variable's description.)
    assert back.variable_by_name("Health").notes == ("" if suffix == ".kumu.csv" else "A variable.")
    assert back.variable_by_name("Worklessness").notes == ""


def test_evidence_is_readable_in_the_documentation_of_xmile_and_vensim(tmp_path):
    for suffix in (".xmile", ".mdl"):
        path = tmp_path / f"evidence{suffix}"
        formats.save(diagram(), path)
        text = path.read_text(encoding="utf-8")
        assert '[evidence from "Jobs": confidence "strong", source "ONS labour market statistics, table A02", ' \
               'proposed by "Policy team"]' in text


def test_kumu_reads_its_own_confidence_words(tmp_path):
    from cld_editor.io.kumu import read

    blueprint = b'''{"elements": [{"_id": "a", "attributes": {"label": "Jobs"}},
                                  {"_id": "b", "attributes": {"label": "Worklessness"}}],
                     "connections": [{"from": "a", "to": "b", "attributes": {"connection type": "-",
                                      "confidence": "High", "source": "ONS", "proposed by": "Ana"}},
                                     {"from": "b", "to": "a", "attributes": {"confidence": "certain"}}]}'''
    d = read(blueprint).diagram
    assert [lk.evidence for lk in d.links.values()] == [Evidence("strong", "ONS", "Ana"), Evidence()]


def test_a_note_that_names_no_link_stays_in_the_notes():
    from cld_editor.io.evidence_notes import read_evidence_notes

    d = Diagram()
    d.new_variable("Jobs")
    text = 'Seen. [evidence from "Skills": confidence "weak"] [evidence from "Jobs": confidence "sure"]'
    work = d.new_variable("Worklessness", notes=text).id
    read_evidence_notes(d)
    assert d.variables[work].notes == text


def test_a_long_run_of_spaces_after_a_half_note_is_left_alone():
    # A hostile file: the note's pattern must not try every one of these spaces as a start.
    from cld_editor.io.evidence_notes import read_evidence_notes

    d = Diagram()
    text = "[evidence from " + " " * 150_000 + "x"
    work = d.new_variable("Worklessness", notes=text).id
    read_evidence_notes(d)
    assert d.variables[work].notes == text
