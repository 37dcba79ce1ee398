"""compare: exact variables, links and loops gained, lost and flipped between two versions."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cld_editor import cli
from cld_editor.analysis.compare import compare
from cld_editor.core import Diagram, Variable
from cld_editor.io.native import write_cld


def build(*links: tuple[str, str, str], ids: dict[str, str] | None = None) -> Diagram:
    """A diagram from ``(from, to, sign)`` by name; ``ids`` fixes some variables' ids."""
    d = Diagram()
    for a, b, sign in links:
        ends = []
        for name in (a, b):
            var = d.variable_by_name(name)
            if var is None:
                var = d.add_variable(Variable((ids or {}).get(name) or d.new_id("variable"), name))
            ends.append(var.id)
        d.new_link(*ends, sign)
    return d


def test_a_version_pair_gives_exactly_the_loops_gained_lost_and_flipped():
    old = build(("Jobs", "Income", "+"), ("Income", "Spending", "+"), ("Spending", "Jobs", "+"),
                ("Jobs", "Worklessness", "-"), ("Worklessness", "Jobs", "-"),
                ("Worklessness", "Health", "-"), ("Health", "Worklessness", "-"))
    new = build(("Jobs", "Income", "+"), ("Income", "Spending", "+"), ("Spending", "Jobs", "-"),
                ("Jobs", "Worklessness", "-"), ("Worklessness", "Jobs", "-"),
                ("Worklessness", "Skills", "-"), ("Skills", "Jobs", "+"), ids={"Skills": "v9"})
    got = compare(old, new).to_json()
    assert got == {
        "variables": {"added": ["Skills"], "removed": ["Health"], "renamed": []},
        "links": {"added": [["Worklessness", "Skills", "-"], ["Skills", "Jobs", "+"]],
                  "removed": [["Worklessness", "Health", "-"], ["Health", "Worklessness", "-"]],
                  "sign_changed": [["Spending", "Jobs", "+", "-"]]},
        "loops": {"gained": [{"members": ["Jobs", "Worklessness", "Skills"], "polarity": "R"}],
                  "lost": [{"members": ["Health", "Worklessness"], "polarity": "R"}],
                  "polarity_changed": [{"members": ["Income", "Spending", "Jobs"], "old": "R", "new": "B"}]},
    }


def test_a_rename_keeps_the_loops_and_a_new_id_with_the_same_name_is_the_same_variable():
    old = build(("Jobs", "Worklessness", "-"), ("Worklessness", "Jobs", "-"), ids={"Jobs": "a", "Worklessness": "b"})
    new = build(("Vacancies", "worklessness", "-"), ("worklessness", "Vacancies", "?"),
                ids={"Vacancies": "a", "worklessness": "zz"})
    got = compare(old, new).to_json()
    assert got["variables"] == {"added": [], "removed": [], "renamed": [["Jobs", "Vacancies"],
                                                                        ["Worklessness", "worklessness"]]}
    assert got["links"] == {"added": [], "removed": [],
                            "sign_changed": [["worklessness", "Vacancies", "-", "?"]]}
    assert got["loops"] == {"gained": [], "lost": [],
                            "polarity_changed": [{"members": ["Vacancies", "worklessness"], "old": "R", "new": "U"}]}


def test_an_id_kept_under_a_new_name_is_a_rename():
    # Ids are the file's identity: a variable removed and another added under its id reads as a rename.
    old = build(("A", "Health", "+"), ids={"Health": "v5"})
    new = build(("A", "Skills", "+"), ids={"Skills": "v5"})
    assert compare(old, new).to_json()["variables"]["renamed"] == [["Health", "Skills"]]


def test_two_loops_on_the_same_members_are_told_apart_by_their_order():
    # A->B->C->A and A->C->B->A share a member set; only the second is removed.
    both = build(("A", "B", "+"), ("B", "C", "+"), ("C", "A", "+"), ("A", "C", "-"), ("C", "B", "+"), ("B", "A", "+"))
    one = build(("A", "B", "+"), ("B", "C", "+"), ("C", "A", "+"), ("A", "C", "-"))
    got = compare(both, one).to_json()["loops"]
    lost = [loop["members"] for loop in got["lost"]]
    assert ["A", "C", "B"] in lost and ["A", "B", "C"] not in lost
    assert got["gained"] == [] and got["polarity_changed"] == []


names = st.sampled_from(["Jobs", "Skills", "Health", "Income", "Housing", "Debt"])
diagrams = st.lists(st.tuples(names, names, st.sampled_from("+-?")), max_size=14).map(
    lambda links: build(*{(a, b): (a, b, s) for a, b, s in links}.values()))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(diagrams)
def test_compare_of_a_diagram_with_itself_is_empty(d):
    assert compare(d, d).is_empty()
    assert compare(d, d).to_json() == {
        "variables": {"added": [], "removed": [], "renamed": []},
        "links": {"added": [], "removed": [], "sign_changed": []},
        "loops": {"gained": [], "lost": [], "polarity_changed": []}}


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(diagrams, diagrams)
def test_loops_gained_and_lost_account_for_every_loop(a, b):
    from cld_editor.analysis.loops import find_loops

    got = compare(a, b).to_json()["loops"]
    assert len(find_loops(b).loops) - len(find_loops(a).loops) == len(got["gained"]) - len(got["lost"])


def test_cli_json_and_text(tmp_path, capsys):
    old = build(("Jobs", "Income", "+"), ("Income", "Jobs", "+"))
    new = build(("Jobs", "Income", "+"), ("Income", "Jobs", "-"), ("Income", "Debt", "-"))
    (tmp_path / "old.cld").write_bytes(write_cld(old))
    (tmp_path / "new.cld").write_bytes(write_cld(new))
    assert cli.main(["compare", str(tmp_path / "old.cld"), str(tmp_path / "new.cld"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["loops"]["polarity_changed"] == [{"members": ["Income", "Jobs"], "old": "R", "new": "B"}]
    assert out["variables"]["added"] == ["Debt"]
    assert cli.main(["compare", str(tmp_path / "old.cld"), str(tmp_path / "new.cld")]) == 0
    text = capsys.readouterr().out
    assert "Loops that changed polarity (1):\n  R -> B  Income -> Jobs -> Income" in text
    assert "Variables added (1): Debt" in text and "Income -> Jobs: + to -" in text
    assert cli.main(["compare", str(tmp_path / "old.cld"), str(tmp_path / "old.cld")]) == 0
    assert capsys.readouterr().out.startswith("No differences")


def test_cli_bad_input_is_one_error_line_naming_the_file(tmp_path, capsys):
    good = tmp_path / "good.cld"
    good.write_bytes(write_cld(build(("A", "B", "+"))))
    bad = tmp_path / "bad.cld"
    bad.write_text('{"format": "cld-editor", "version": 1, "links": [{"id": "l1", "from": "x", "to": "y"}]}')
    assert cli.main(["compare", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and str(bad) in err
    assert cli.main(["compare", str(good)]) == 2
    assert capsys.readouterr().err.startswith("error: ")
