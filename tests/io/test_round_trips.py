"""Round trips .cld -> each writable format -> .cld keep names, links, signs, delays and positions.

Positions come back up to one uniform shift (Vensim moves the drawing onto
its page); CSV sheets carry no positions at all.  A property-based test does
this on random diagrams.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cld_editor.core import Diagram
from cld_editor.io import load, save
from cld_editor.io.vensim_equations import vensim_key
from tests.conftest import build

FORMATS = [".mdl", ".xmile", ".stmx", ".json", ".csv", ".xlsx", ".graphml", ".gexf"]
NO_POSITIONS = {".csv", ".xlsx"}


def snapshot(d: Diagram) -> tuple:
    names = {vid: v.name for vid, v in d.variables.items()}
    links = sorted((names[lk.source], names[lk.target], lk.polarity, lk.delay) for lk in d.links.values())
    return sorted(names.values()), links


def shifted_positions(d: Diagram) -> dict[str, tuple[float, float]]:
    first = next(iter(d.variables.values()))
    return {v.name: (v.x - first.x, v.y - first.y) for v in d.variables.values()}


def round_trip(d: Diagram, ext: str, tmp_path) -> Diagram:
    path = tmp_path / f"copy{ext}"
    save(d, path)
    return load(path).diagram


@pytest.mark.parametrize("ext", FORMATS)
def test_a_small_diagram_survives(ext, tmp_path):
    d = build(["Jobs", "Worklessness", "Skills, local", 'The "best" ideas'],
              [("Jobs", "Worklessness", "-"), ("Worklessness", "Skills, local", "-", True),
               ("Skills, local", "Jobs", "+"), ("The \"best\" ideas", "Jobs", "?"), ("Jobs", "Jobs", "+")])
    back = round_trip(d, ext, tmp_path)
    assert snapshot(back) == snapshot(d)
    if ext not in NO_POSITIONS:
        assert shifted_positions(back) == shifted_positions(d)


NAME = st.text(alphabet="abcXYZé 0123,'-&", min_size=1, max_size=14).map(lambda s: " ".join(s.split())) \
    .filter(lambda s: bool(s) and not s.isdigit())


@st.composite
def diagrams(draw):
    names = draw(st.lists(NAME, min_size=1, max_size=7, unique_by=vensim_key))
    d = Diagram()
    ids = []
    for name in names:
        x = draw(st.integers(-500, 500))
        y = draw(st.integers(-500, 500))
        ids.append(d.new_variable(name, x, y).id)
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=12, unique=True))
    for a, b in pairs:
        d.new_link(a, b, draw(st.sampled_from("+-?")), delay=draw(st.booleans()))
    return d


@pytest.mark.parametrize("ext", FORMATS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(d=diagrams())
def test_random_diagrams_survive(ext, tmp_path, d):
    back = round_trip(d, ext, tmp_path)
    assert snapshot(back) == snapshot(d)
    if ext not in NO_POSITIONS:
        assert shifted_positions(back) == shifted_positions(d)


def test_imported_vensim_equations_go_back_out_as_written(tmp_path):
    from tests.conftest import DATA

    d = load(DATA / "vensim" / "RealBeer4-Sterman13.mdl").diagram
    back = round_trip(d, ".mdl", tmp_path)
    assert snapshot(back) == snapshot(d)
    kept = {v.name: v.extra.get("vensim_equation") for v in back.variables.values()}
    assert kept == {v.name: v.extra.get("vensim_equation") for v in d.variables.values()}
