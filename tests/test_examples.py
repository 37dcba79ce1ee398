"""The example diagrams: they load, tell their story, label the loops the engine finds, and read well."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from cld_editor import cli
from cld_editor.analysis.diagnostics import diagnose
from cld_editor.analysis.loops import find_loops
from cld_editor.core.naming import sort_key
from cld_editor.io import load
from cld_editor.io.native import write_cld

from .conftest import EXAMPLES

NAMED = [
    "worklessness-stoke.cld",
    "neet-january-starts.cld",
    "urban-decline-forrester.cld",
    "waiting-list-targets.cld",
    "social-housing-repairs.cld",
    "think-family.cld",
    "archetypes.cld",
]
FILES = sorted(EXAMPLES.glob("*.cld"))

# A generous estimate of the room a name takes on the canvas, in scene units.
CHAR_WIDTH, PADDING, HEIGHT = 7.5, 20.0, 30.0


def box(var) -> tuple[float, float, float, float]:
    half_w = (len(var.name) * CHAR_WIDTH + PADDING) / 2
    return (var.x - half_w, var.y - HEIGHT / 2, var.x + half_w, var.y + HEIGHT / 2)


def overlap(a, b) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def test_every_named_example_is_there():
    assert set(NAMED) <= {p.name for p in FILES}
    assert len(FILES) >= 7


@pytest.fixture(params=FILES, ids=lambda p: p.name)
def example(request):
    return request.param, load(request.param).diagram


def test_loads_with_title_description_and_author(example):
    path, d = example
    assert d.title.strip()
    sentences = [s for s in d.description.replace("?", ".").split(". ") if s.strip()]
    assert 2 <= len(sentences) <= 5, d.description
    assert d.author == "cld-editor examples"
    assert len(d.variables) >= 5 and len(d.links) >= 5


def test_names_are_short(example):
    _, d = example
    for var in d.variables.values():
        assert 1 <= len(var.name.split()) <= 4, var.name
        assert var.name == var.name.strip()


def test_every_link_has_a_sign(example):
    _, d = example
    assert {link.polarity for link in d.links.values()} <= {"+", "-"}


def test_loop_labels_match_the_engine(example):
    _, d = example
    loops = find_loops(d).loops
    by_members = {lp.variables: lp for lp in loops}
    assert d.loop_labels, "an example should label its loops"
    for label in d.loop_labels.values():
        assert label.name.strip()
        # members start at the variable whose name sorts first, in loop order
        first = min(label.members, key=lambda v: sort_key(d.variables[v].name))
        assert label.members[0] == first
        loop = by_members.get(label.members)
        assert loop is not None, f"{label.code} {label.name!r} is not a loop of the diagram"
        assert label.code == loop.name


def test_loop_labels_sit_clear_of_variables(example):
    _, d = example
    for label in d.loop_labels.values():
        ring = (label.x - 20, label.y - 20, label.x + 20, label.y + 20)
        for var in d.variables.values():
            assert not overlap(ring, box(var)), f"{label.code} sits on {var.name!r}"


def test_no_two_variables_overlap(example):
    _, d = example
    variables = list(d.variables.values())
    for i, a in enumerate(variables):
        for b in variables[i + 1:]:
            assert not overlap(box(a), box(b)), f"{a.name!r} and {b.name!r} overlap"
            if abs(a.y - b.y) < HEIGHT:
                assert abs(a.x - b.x) >= 120, f"{a.name!r} and {b.name!r} are crowded on one row"


def test_every_loop_can_be_simulated(example):
    # Each loop passes through a stock or a delayed link, as the solver needs.
    _, d = example
    assert not [w for w in diagnose(d) if w.code == "no-delay-loop"]


def test_check_command_accepts_it(example, capsys):
    path, d = example
    assert cli.main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "a valid diagram" in out and d.title in out


def test_simulate_runs_on_it(example, tmp_path, capsys):
    # A trainer opens an example and presses Run: it must work without equations.
    path, d = example
    out = tmp_path / "run.csv"
    assert cli.main(["simulate", str(path), "--csv", str(out)]) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[0] == "time" and len(header) == len(d.variables) + 1


def test_loops_json_counts_match_the_readme(example, capsys):
    path, d = example
    assert cli.main(["loops", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if f"[{path.name}]" in line)
    assert row.rstrip(" |").endswith(f"{doc['total']}: {doc['reinforcing']} R, {doc['balancing']} B")


def _generator():
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_examples"] = module  # dataclasses look their module up while the class is made
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["make_examples"]
    return module


def test_files_are_what_the_generator_writes():
    # A hand edit to a file that the script would undo is caught here.
    gen = _generator()
    written = {ex.file for ex in gen.EXAMPLES}
    assert written == {p.name for p in FILES}
    for ex in gen.EXAMPLES:
        assert write_cld(gen.build(ex)) == Path(EXAMPLES / ex.file).read_bytes(), ex.file


def test_generator_layout_check_finds_problems():
    from cld_editor.core.diagram import Diagram

    gen = _generator()
    d = Diagram()
    a = d.new_variable("Jobs", 0, 0)
    b = d.new_variable("Worklessness", 300, 0)
    d.new_variable("Skills", 150, 0)
    d.new_variable("Health", 160, 10)
    d.new_link(a.id, b.id, "-")
    c = d.new_variable("Income", 0, 300)
    e = d.new_variable("Debt", 300, 300)
    d.new_link(a.id, e.id, "+")
    d.new_link(c.id, b.id, "+")
    problems = gen.layout_problems(d)
    assert any("too close" in p for p in problems)
    assert any("runs through" in p for p in problems)
    assert any("cross" in p for p in problems)
