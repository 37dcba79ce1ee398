"""merge: hand-built perspectives give exact unions, agreement counts, contested links and new loops."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cld_editor import cli
from cld_editor.analysis.compare import compare
from cld_editor.analysis.layout import label_box, overlaps
from cld_editor.analysis.merge import match_key, merge
from cld_editor.analysis.perspectives import loops_by_perspective, perspective_view
from cld_editor.core import Diagram, Evidence
from cld_editor.io.native import read_cld, write_cld


def build(*links, positions=None, evidence=None) -> Diagram:
    d = Diagram()
    for i, (a, b, sign) in enumerate(links):
        ends = []
        for name in (a, b):
            var = d.variable_by_name(name)
            if var is None:
                var = d.new_variable(name, *((positions or {}).get(name, (len(d.variables) * 200, 0))))
            ends.append(var.id)
        d.new_link(*ends, sign, evidence=(evidence or {}).get(i, Evidence()))
    return d


TUTOR = build(("Attendance", "Falling behind", "-"), ("Falling behind", "Motivation", "-"),
              ("Motivation", "Attendance", "+"), ("Parental pressure", "Motivation", "-"),
              positions={"Attendance": (0, 0), "Falling behind": (300, 0), "Motivation": (150, 200),
                         "Parental pressure": (150, 400)},
              evidence={0: Evidence("strong", "College attendance data"), 3: Evidence("weak", "", "Tutor")})
ADVISER = build(("Young people NEET", "Adviser caseload", "+"), ("Adviser caseload", "Re-engagement", "-"),
                ("Re-engagement", "Young people NEET", "-"), ("Motivation", "Re-engagement", "+"),
                ("Young People NEET", "Motivation", "-"))
PARENT = build(("attendance", "Falling Behind", "-"), ("Falling behind", "Parental Pressures", "+"),
               ("Parental Pressures", "Motivation", "+"), ("Motivation", "Attendance", "+"),
               evidence={0: Evidence("moderate", "school reports")})


def test_names_match_ignoring_case_spaces_punctuation_and_plurals():
    assert match_key("Parental Pressures") == match_key("parental pressure")
    assert match_key("Job-centre  referrals") == match_key("Jobcentre referral")
    assert match_key("Young People NEET") == match_key("young people neet")
    assert match_key("Opportunities") == match_key("opportunity")
    assert match_key("Benches") == match_key("bench") and match_key("Status") != match_key("Statu")
    assert match_key("Jobs") != match_key("Job losses")


def test_three_perspectives_give_the_exact_union():
    result = merge([("tutor", TUTOR), ("adviser", ADVISER), ("parent", PARENT)])
    d = result.diagram
    assert [v.name for v in d.variables.values()] == ["Attendance", "Falling behind", "Motivation",
                                                      "Parental pressure", "Young people NEET",
                                                      "Adviser caseload", "Re-engagement"]
    assert {v.name: v.perspectives for v in d.variables.values()} == {
        "Attendance": ("tutor", "parent"), "Falling behind": ("tutor", "parent"),
        "Motivation": ("tutor", "adviser", "parent"), "Parental pressure": ("tutor", "parent"),
        "Young people NEET": ("adviser",), "Adviser caseload": ("adviser",), "Re-engagement": ("adviser",)}
    links = {(d.variables[lk.source].name, d.variables[lk.target].name): (lk.polarity, lk.perspectives)
             for lk in d.links.values()}
    assert links == {
        ("Attendance", "Falling behind"): ("-", {"tutor": "-", "parent": "-"}),
        ("Falling behind", "Motivation"): ("-", {"tutor": "-"}),
        ("Motivation", "Attendance"): ("+", {"tutor": "+", "parent": "+"}),
        ("Parental pressure", "Motivation"): ("?", {"tutor": "-", "parent": "+"}),
        ("Young people NEET", "Adviser caseload"): ("+", {"adviser": "+"}),
        ("Adviser caseload", "Re-engagement"): ("-", {"adviser": "-"}),
        ("Re-engagement", "Young people NEET"): ("-", {"adviser": "-"}),
        ("Motivation", "Re-engagement"): ("+", {"adviser": "+"}),
        ("Young people NEET", "Motivation"): ("-", {"adviser": "-"}),
        ("Falling behind", "Parental pressure"): ("+", {"parent": "+"}),
    }


def test_json_counts_contested_links_and_new_loops_exactly():
    out = merge([("tutor", TUTOR), ("adviser", ADVISER), ("parent", PARENT)]).to_json()
    assert out == {
        "variables": 7,
        "links": 10,
        "contested": [["Parental pressure", "Motivation"]],
        "agreement": {"Attendance -> Falling behind": 2, "Falling behind -> Motivation": 1,
                      "Motivation -> Attendance": 2, "Parental pressure -> Motivation": 2,
                      "Young people NEET -> Adviser caseload": 1, "Adviser caseload -> Re-engagement": 1,
                      "Re-engagement -> Young people NEET": 1, "Motivation -> Re-engagement": 1,
                      "Young people NEET -> Motivation": 1, "Falling behind -> Parental pressure": 1},
        # Every loop here is someone's own (the parent's pressure loop is undecided in the merge, but
        # it is still the parent's loop), so none is new.
        "new_loops": [],
    }


def test_the_same_name_twice_in_one_file_stays_two_variables():
    # One person drew "Grade" and "Grades": they meant two things, so the merge keeps two.
    d = merge([("tutor", build(("Grade", "Grades", "+"))), ("parent", build(("grades", "Effort", "+")))]).diagram
    assert [(v.name, v.perspectives) for v in d.variables.values()] == [
        ("Grade", ("tutor", "parent")), ("Grades", ("tutor",)), ("Effort", ("parent",))]


def test_a_loop_made_of_two_peoples_links_is_new():
    # The tutor sees Attendance -> Grades; the parent sees Grades -> Attendance: neither sees the loop.
    tutor = build(("Attendance", "Grades", "+"), ("Grades", "Confidence", "+"))
    parent = build(("Grades", "Attendance", "+"), ("Confidence", "Attendance", "+"))
    out = merge([("tutor", tutor), ("parent", parent)]).to_json()
    assert out["new_loops"] == [{"members": ["Attendance", "Grades"], "polarity": "R"},
                                {"members": ["Attendance", "Grades", "Confidence"], "polarity": "R"}]
    assert out["contested"] == [] and set(out["agreement"].values()) == {1}


def test_each_perspective_sees_its_own_loops_with_its_own_signs():
    d = merge([("tutor", TUTOR), ("adviser", ADVISER), ("parent", PARENT)]).diagram
    seen = {name: [(lp.polarity, lp.variable_names(d)) for lp in loops]
            for name, loops in loops_by_perspective(d).items()}
    assert seen == {
        "tutor": [("R", ["Attendance", "Falling behind", "Motivation"])],
        "adviser": [("R", ["Adviser caseload", "Re-engagement", "Young people NEET"]),
                    ("R", ["Motivation", "Re-engagement", "Young people NEET"])],
        "parent": [("B", ["Attendance", "Falling behind", "Parental pressure", "Motivation"])],
    }
    assert perspective_view(d, "parent").link_between(
        d.variable_by_name("Parental pressure").id, d.variable_by_name("Motivation").id).polarity == "+"


def test_evidence_is_merged_and_contested_links_say_so():
    d = merge([("tutor", TUTOR), ("adviser", ADVISER), ("parent", PARENT)]).diagram
    ids = {v.name: v.id for v in d.variables.values()}
    assert d.link_between(ids["Attendance"], ids["Falling behind"]).evidence == Evidence(
        "moderate", "College attendance data; school reports")
    assert d.link_between(ids["Parental pressure"], ids["Motivation"]).evidence == Evidence("contested", "", "Tutor")


def test_the_first_files_positions_are_kept_and_the_rest_placed_clear_of_them():
    d = merge([("tutor", TUTOR), ("adviser", ADVISER)]).diagram
    for name in ("Attendance", "Falling behind", "Motivation", "Parental pressure"):
        var = d.variable_by_name(name)
        assert (var.x, var.y) == (TUTOR.variable_by_name(name).x, TUTOR.variable_by_name(name).y)
    boxes = [label_box(v.name, v.x, v.y) for v in d.variables.values()]
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    nearest = min(abs(d.variable_by_name("Re-engagement").x - v.x) + abs(d.variable_by_name("Re-engagement").y - v.y)
                  for v in d.variables.values() if v.name != "Re-engagement")
    assert nearest < 500


def test_close_names_are_offered_not_merged():
    tutor = build(("Attendance", "Grades", "+"))
    parent = build(("Attendence", "Grades", "+"))
    result = merge([("tutor", tutor), ("parent", parent)])
    assert len(result.diagram.variables) == 3
    assert [(c.first, c.second, c.perspectives) for c in result.candidates] == [
        ("Attendance", "Attendence", (("tutor",), ("parent",)))]
    confirmed = merge([("tutor", tutor), ("parent", parent)], same=[("Attendance", "Attendence")])
    assert len(confirmed.diagram.variables) == 2 and confirmed.to_json()["agreement"] == {"Attendance -> Grades": 2}


def test_a_merged_file_merged_again_keeps_its_perspectives():
    once = merge([("tutor", TUTOR), ("parent", PARENT)]).diagram
    again = merge([("workshop", read_cld(write_cld(once)).diagram)]).diagram
    assert [lk.perspectives for lk in again.links.values()] == [lk.perspectives for lk in once.links.values()]


names = st.sampled_from(["Jobs", "Skills", "Health", "Income", "Housing"])
diagrams = st.lists(st.tuples(names, names, st.sampled_from("+-?")), max_size=12).map(
    lambda links: build(*{(a, b): (a, b, s) for a, b, s in links}.values()))


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(diagrams)
def test_merge_of_one_file_is_that_file(d):
    result = merge([("only", d)])
    merged = result.diagram
    assert compare(d, merged).is_empty()
    assert [(v.id, v.name, v.x, v.y) for v in merged.variables.values()] == [
        (v.id, v.name, v.x, v.y) for v in d.variables.values()]
    assert [(lk.id, lk.source, lk.target, lk.polarity) for lk in merged.links.values()] == [
        (lk.id, lk.source, lk.target, lk.polarity) for lk in d.links.values()]
    out = result.to_json()
    assert out["contested"] == [] and out["new_loops"] == [] and set(out["agreement"].values()) <= {1}


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(diagrams, min_size=2, max_size=4))
def test_merged_links_are_the_union_and_agreement_counts_the_files(parts):
    result = merge([(f"p{i}", d) for i, d in enumerate(parts)])
    expected: dict[str, int] = {}
    for d in parts:
        for lk in d.links.values():
            key = f"{d.variables[lk.source].name} -> {d.variables[lk.target].name}"
            expected[key] = expected.get(key, 0) + 1
    assert result.to_json()["agreement"] == expected
    for lk in result.diagram.links.values():
        known = {s for s in lk.perspectives.values() if s != "?"}
        assert lk.polarity == (known.pop() if len(known) == 1 else "?")


def test_cli_writes_the_merge_and_prints_the_json(tmp_path, capsys):
    files = []
    for name, d in (("tutor", TUTOR), ("adviser", ADVISER), ("parent", PARENT)):
        files.append(tmp_path / f"{name}.cld")
        files[-1].write_bytes(write_cld(d))
    out = tmp_path / "merged.cld"
    assert cli.main(["merge", *map(str, files), "-o", str(out), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == merge([("tutor", TUTOR), ("adviser", ADVISER), ("parent", PARENT)]).to_json()
    written = read_cld(out.read_bytes()).diagram
    assert len(written.variables) == 7 and written.title == "Merged perspectives: tutor, adviser, parent"
    assert cli.main(["merge", *map(str, files), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Contested links (1)" in text and "Parental pressure -> Motivation (tutor -, parent +)" in text


@pytest.mark.parametrize("problem", ["missing", "broken", "bad output"])
def test_cli_bad_input_writes_nothing(tmp_path, capsys, problem):
    good = tmp_path / "tutor.cld"
    good.write_bytes(write_cld(TUTOR))
    bad = tmp_path / "parent.cld"
    if problem == "broken":
        bad.write_text('{"format": "cld-editor", "version": 2, "variables": [{"id": "v1"}]}')
    out = tmp_path / ("merged.txt" if problem == "bad output" else "merged.cld")
    files = [str(good)] + ([] if problem == "bad output" else [str(bad)])
    assert cli.main(["merge", *files, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert (str(out) if problem == "bad output" else str(bad)) in err
    assert not out.exists()


def test_each_later_map_keeps_its_shape():
    # The adviser's map shares only Motivation: it is moved as a whole so that Motivation lands on the
    # tutor's, and a map sharing nothing goes below the others, its own shape kept.
    tutor = build(("Motivation", "Attendance", "+"), positions={"Motivation": (0, 0), "Attendance": (300, 0)})
    adviser = build(("Motivation", "Re-engagement", "+"), ("Re-engagement", "Confidence", "+"),
                    positions={"Motivation": (1000, 1000), "Re-engagement": (1000, 1300),
                               "Confidence": (1400, 1300)})
    stranger = build(("Rent", "Arrears", "+"), positions={"Rent": (0, 0), "Arrears": (400, 0)})
    d = merge([("tutor", tutor), ("adviser", adviser), ("stranger", stranger)]).diagram
    at = {v.name: (v.x, v.y) for v in d.variables.values()}
    assert at["Re-engagement"] == (0, 300) and at["Confidence"] == (400, 300)
    assert at["Rent"][1] == at["Arrears"][1] > 300 and at["Arrears"][0] - at["Rent"][0] == 400


def test_a_map_with_too_many_loops_is_searched_shortest_first_and_says_so(tmp_path, capsys, monkeypatch):
    from cld_editor.analysis import merge as merge_module

    monkeypatch.setattr(merge_module, "MAX_LOOPS", 2)
    tutor = build(("A", "B", "+"), ("B", "C", "+"), ("C", "D", "+"))
    parent = build(("B", "A", "+"), ("C", "B", "+"), ("D", "C", "+"), ("D", "A", "+"))
    result = merge([("tutor", tutor), ("parent", parent)])
    assert not result.loops_complete
    assert [m for m, _ in result.new_loops] == [["A", "B"], ["B", "C"]]
    for name, d in (("tutor", tutor), ("parent", parent)):
        (tmp_path / f"{name}.cld").write_bytes(write_cld(d))
    assert cli.main(["merge", str(tmp_path / "tutor.cld"), str(tmp_path / "parent.cld"),
                     "-o", str(tmp_path / "m.cld"), "--json"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["new_loops"]) == 2
    assert "warning: the merged map has too many loops" in captured.err
    assert "the loops no single perspective drew were looked for among its 2 shortest only" in captured.err
    assert cli.main(["merge", str(tmp_path / "tutor.cld"), str(tmp_path / "parent.cld"),
                     "-o", str(tmp_path / "m2.cld")]) == 0
    text = capsys.readouterr().out
    assert "Loops no single perspective drew among the 2 shortest loops searched (2):" in text
    assert "already in someone's map" not in text


def test_the_new_loop_search_is_cut_by_counted_steps_not_the_clock(monkeypatch):
    # Every link between eight variables, half drawn by each person: thousands of loops, a search of many
    # thousand steps.  A busy machine (a clock that races) must not change what the merge finds.
    import itertools
    import time

    from cld_editor.analysis import merge as merge_module

    pairs = list(itertools.permutations("ABCDEFGH", 2))
    tutor = build(*[(a, b, "+") for a, b in pairs[::2]])
    parent = build(*[(a, b, "-") for a, b in pairs[1::2]])
    calm = merge([("tutor", tutor), ("parent", parent)])
    assert calm.loops_complete and calm.loops_searched == 16064  # every cycle of the complete graph on 8
    clock = itertools.count(0.0, 10.0)
    monkeypatch.setattr(time, "perf_counter", lambda: next(clock))
    busy = merge([("tutor", tutor), ("parent", parent)])
    assert busy.loops_complete and busy.to_json() == calm.to_json()
    # A budget that runs out cuts the search at the same place every time, and says so.
    monkeypatch.setattr(merge_module, "MAX_STEPS", 3 * merge_module.CHECK_EVERY)
    cut = [merge([("tutor", tutor), ("parent", parent)]) for _ in range(2)]
    assert not cut[0].loops_complete and cut[0].loops_searched < 16064
    assert cut[0].to_json() == cut[1].to_json() and cut[0].loops_searched == cut[1].loops_searched
