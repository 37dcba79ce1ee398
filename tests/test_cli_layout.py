"""`cld-editor layout IN OUT [--tidy]`, and imports without positions laid out and curved."""

from __future__ import annotations

import networkx as nx

from cld_editor.analysis.curvature import program_owns
from cld_editor.analysis.layout_quality import quality_of
from cld_editor.io import graphml, load, save
from tests.analysis.cld_shapes import cld_shaped
from tests.conftest import EXAMPLES


def _drawn(d):
    return quality_of(d, None, {lk.id: lk.curvature for lk in d.links.values()})


def test_layout_draws_afresh_with_curved_loops(cli, tmp_path):
    d = cld_shaped(16, 8)  # every variable at (0, 0)
    save(d, tmp_path / "in.cld")
    out = cli("layout", "in.cld", "out.cld")
    assert out.returncode == 0, out.stderr
    laid = load(tmp_path / "out.cld").diagram
    q = _drawn(laid)
    assert q.overlaps == 0 and q.round_share >= 0.9
    assert all(program_owns(lk) for lk in laid.links.values())
    assert sum(lk.curvature != 0 for lk in laid.links.values()) >= q.loop_links


def test_a_fresh_layout_lines_the_notes_up_under_the_drawing_and_tidy_leaves_them(cli, tmp_path):
    from cld_editor.analysis.layout import label_box

    source = EXAMPLES / "urban-decline-forrester.cld"
    assert cli("layout", source, "fresh.cld").returncode == 0
    assert cli("layout", source, "tidy.cld", "--tidy").returncode == 0
    fresh = load(tmp_path / "fresh.cld").diagram
    boxes = [label_box(v.name, v.x, v.y, v.kind) for v in fresh.variables.values()]
    left = min(x - w for x, _, w, _ in boxes)
    bottom = max(y + h for _, y, _, h in boxes)
    notes = list(fresh.notes.values())
    assert notes
    for note in notes:  # just under the drawing, from its left edge: not where they were
        assert bottom < note.y <= bottom + 80 and left - 1 <= note.x
    assert notes[0].x == min(n.x for n in notes)
    assert {n.id: (n.x, n.y) for n in load(tmp_path / "tidy.cld").diagram.notes.values()} == \
        {n.id: (n.x, n.y) for n in load(source).diagram.notes.values()}


def test_tidy_leaves_a_tidy_drawing_where_it_is(cli, tmp_path):
    out = cli("layout", EXAMPLES / "worklessness-stoke.cld", "out.cld", "--tidy")
    assert out.returncode == 0, out.stderr
    before = load(EXAMPLES / "worklessness-stoke.cld").diagram
    after = load(tmp_path / "out.cld").diagram
    assert {v: (x.x, x.y) for v, x in after.variables.items()} == {v: (x.x, x.y) for v, x in before.variables.items()}
    assert after.links == before.links


def test_layout_bad_input_is_one_error_line_and_no_file(cli, tmp_path):
    (tmp_path / "bad.cld").write_text("{not json", encoding="utf-8")
    out = cli("layout", "bad.cld", "out.cld")
    assert out.returncode == 2 and out.stderr.startswith("error:") and len(out.stderr.splitlines()) == 1
    assert not (tmp_path / "out.cld").exists()


def test_an_import_without_positions_is_laid_out_and_curved_round_its_loops():
    g = nx.DiGraph()
    names = ["Jobs", "Income", "Spending", "Demand", "Skills"]
    for a, b in zip(names, names[1:] + names[:1]):
        g.add_edge(a, b, sign="+")
    g.add_edge("Skills", "Jobs", sign="+")
    g.add_edge("Jobs", "Skills", sign="+")
    result = graphml.read("\n".join(nx.generate_graphml(g)).encode())
    d = result.diagram
    q = _drawn(d)
    assert q.overlaps == 0 and q.round_share == 1.0
    assert all(lk.curvature != 0 and program_owns(lk) for lk in d.links.values())


def test_an_import_with_bends_keeps_them_and_its_straight_links(tmp_path):
    d = load(EXAMPLES / "archetypes.cld").diagram
    save(d, tmp_path / "a.mdl")  # Vensim carries each arrow's bend
    again = load(tmp_path / "a.mdl").diagram
    by_names = {(d.variables[lk.source].name, d.variables[lk.target].name): lk.curvature for lk in d.links.values()}
    for lk in again.links.values():
        want = by_names[(again.variables[lk.source].name, again.variables[lk.target].name)]
        assert abs(lk.curvature - want) < 0.05
    assert any(k == 0 for k in by_names.values())  # a straight one is there and stayed straight
