"""The loop engine: exactly the loops, polarity and names of docs/architecture.md."""

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cld_editor.analysis.loops import count_loops, find_loops, iter_loops
from cld_editor.core import Diagram
from tests.conftest import build


def summary(d, **kw):
    return [(lp.name, lp.polarity, lp.variable_names(d), lp.delayed) for lp in find_loops(d, **kw).loops]


def test_polarity_rules_and_names():
    d = build(
        ["Births", "Population", "Deaths", "Crowding"],
        [("Births", "Population", "+"), ("Population", "Births", "+"),
         ("Population", "Deaths", "+"), ("Deaths", "Population", "-"),
         ("Population", "Crowding", "+"), ("Crowding", "Births", "-", True),
         ("Crowding", "Crowding", "?")],
    )
    assert summary(d) == [
        ("U1", "?", ["Crowding"], False),
        ("R1", "R", ["Births", "Population"], False),
        ("B1", "B", ["Deaths", "Population"], False),
        ("B2", "B", ["Births", "Population", "Crowding"], True),
    ]


def test_rotation_starts_at_name_sorting_first_case_insensitively():
    d = build(["zeta", "Alpha", "beta"], [("zeta", "beta", "+"), ("beta", "Alpha", "+"), ("Alpha", "zeta", "+")])
    assert summary(d) == [("R1", "R", ["Alpha", "zeta", "beta"], False)]


def test_same_length_loops_are_numbered_by_name_sequence():
    # Two R loops of length 2 through "Hub": "Hub, b" sorts before "Hub, C" ignoring case... but
    # both start at the member sorting first: ("b","Hub") and ("C","Hub").
    d = build(["Hub", "C", "b"], [("Hub", "C", "+"), ("C", "Hub", "+"), ("Hub", "b", "+"), ("b", "Hub", "+")])
    assert [(n, v) for n, _, v, _ in summary(d)] == [("R1", ["b", "Hub"]), ("R2", ["C", "Hub"])]


def test_two_minus_links_reinforce_and_unknown_wins():
    d = build(["A", "B", "C"], [("A", "B", "-"), ("B", "A", "-"), ("B", "C", "?"), ("C", "B", "-")])
    assert [(n, p) for n, p, _, _ in summary(d)] == [("R1", "R"), ("U1", "?")]


def test_names_with_spaces_accents_and_brackets():
    names = ["Élan vital", "cost (£)", "Naïve demand", "x [per year]"]
    links = [(names[i], names[(i + 1) % 4], "+") for i in range(4)] + [(names[0], names[2], "-"), (names[2], names[0], "+")]
    d = build(names, links)
    loops = find_loops(d).loops
    # Case-insensitive code-point order: "cost (£)" < "naïve demand" < "x [per year]" < "élan vital".
    assert [(lp.name, lp.variable_names(d)) for lp in loops] == [
        ("B1", ["Naïve demand", "Élan vital"]),
        ("R1", ["cost (£)", "Naïve demand", "Élan vital"]),
        ("B2", ["Naïve demand", "x [per year]", "Élan vital"]),
        ("R2", ["cost (£)", "Naïve demand", "x [per year]", "Élan vital"]),
    ]


def test_filters_keep_global_names():
    d = build(["A", "B", "C", "D"], [("A", "B", "+"), ("B", "A", "-"), ("B", "C", "+"), ("C", "D", "+"),
                                    ("D", "B", "+"), ("C", "C", "-")])
    full = find_loops(d).loops
    assert [lp.name for lp in full] == ["B1", "B2", "R1"]
    b_id = d.variable_by_name("B").id
    c_id = d.variable_by_name("C").id
    assert [lp.name for lp in find_loops(d, through=c_id).loops] == ["B1", "R1"]
    assert [lp.name for lp in find_loops(d, max_length=2).loops] == ["B1", "B2"]
    limited = find_loops(d, limit=2)
    assert [lp.name for lp in limited.loops] == ["B1", "B2"] and not limited.complete
    assert find_loops(d, limit=3).complete
    assert count_loops(d, through=b_id).to_json() == {
        "total": 2, "reinforcing": 1, "balancing": 1, "unknown": 0, "complete": True}
    assert count_loops(d, limit=1).to_json() == {
        "total": 1, "reinforcing": 0, "balancing": 1, "unknown": 0, "complete": False}


def test_stop_request_ends_the_search_incomplete():
    # A complete digraph on 9 nodes has 125,664 cycles; stop almost at once.
    d = Diagram()
    ids = [d.new_variable(f"V{i}").id for i in range(9)]
    for a in ids:
        for b in ids:
            if a != b:
                d.new_link(a, b, "+")
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 2

    result = count_loops(d, should_stop=stop)
    assert not result.complete and 0 < result.total < 125_664
    streamed = []
    from cld_editor.analysis.search import SearchState

    state = SearchState(should_stop=lambda: len(streamed) > 0)
    for loop in iter_loops(d, state=state):
        streamed.append(loop)
    assert state.stopped and 36 <= len(streamed) < 125_664  # at least all loops of length 2
    assert [lp.length for lp in streamed] == sorted(lp.length for lp in streamed)


@st.composite
def signed_digraphs(draw):
    n = draw(st.integers(1, 7))
    d = Diagram()
    ids = [d.new_variable(draw(st.sampled_from(["", "x ", "Ä"])) + f"N{i}").id for i in range(n)]
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=22, unique=True))
    for a, b in edges:
        d.new_link(ids[a], ids[b], draw(st.sampled_from("+-?")), delay=draw(st.booleans()))
    return d


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(signed_digraphs())
def test_engine_agrees_with_networkx_and_with_itself(d):
    g = nx.DiGraph()
    g.add_nodes_from(d.variables)
    g.add_edges_from((lk.source, lk.target, {"p": lk.polarity, "d": lk.delay}) for lk in d.links.values())
    expected = set()
    for cycle in nx.simple_cycles(g):
        edges = [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]
        signs = [g.edges[e]["p"] for e in edges]
        pol = "?" if "?" in signs else ("B" if signs.count("-") % 2 else "R")
        start = min(range(len(cycle)), key=lambda i: d.variables[cycle[i]].name.casefold())
        expected.add((tuple(cycle[start:] + cycle[:start]), pol, any(g.edges[e]["d"] for e in edges)))
    found = find_loops(d)
    assert {(lp.variables, lp.polarity, lp.delayed) for lp in found.loops} == expected
    assert list(iter_loops(d)) == found.loops
    counts = count_loops(d)
    assert counts == found.counts()
    # Names: numbered per polarity in (length, names) order.
    for prefix, pol in (("R", "R"), ("B", "B"), ("U", "?")):
        same = [lp for lp in found.loops if lp.polarity == pol]
        assert [lp.name for lp in same] == [f"{prefix}{i}" for i in range(1, len(same) + 1)]
        keys = [(lp.length, [d.variables[v].name.casefold() for v in lp.variables]) for lp in same]
        assert keys == sorted(keys)
    for limit in (0, 2):
        assert find_loops(d, limit=limit).loops == found.loops[:limit]
    some = next(iter(d.variables))
    through = [lp for lp in found.loops if some in lp.variables]
    assert find_loops(d, through=some).loops == through
    assert count_loops(d, through=some).total == len(through)
    for m in (1, 3):
        short = [lp for lp in found.loops if lp.length <= m]
        assert find_loops(d, max_length=m).loops == short
        assert count_loops(d, max_length=m).total == len(short)
        assert count_loops(d, max_length=m, through=some).total == len([lp for lp in short if some in lp.variables])


@pytest.mark.parametrize("n, expected", [(3, 5), (5, 84), (6, 409)])
def test_complete_graph_counts(n, expected):
    # Elementary cycles of the complete digraph K_n: sum over k of C(n,k)(k-1)!.
    d = Diagram()
    ids = [d.new_variable(f"V{i}").id for i in range(n)]
    for a in ids:
        for b in ids:
            if a != b:
                d.new_link(a, b, "-")
    c = count_loops(d)
    assert c.total == expected
    assert c.total == len(find_loops(d).loops)
