"""Imported sketches are spread so our larger labels do not sit on each other."""

from cld_editor.analysis.layout import label_box, overlaps, spread, spread_factor
from cld_editor.io import load
from tests.conftest import DATA


def boxes(d):
    return [label_box(v.name, v.x, v.y) for v in d.variables.values()]


def clashes(d):
    b = boxes(d)
    return sum(overlaps(p, q) for i, p in enumerate(b) for q in b[i + 1:])


def test_vensim_sketch_is_spread_until_labels_part():
    d = load(DATA / "vensim" / "teacup.mdl").diagram
    assert clashes(d) > 0
    before = {vid: (v.x, v.y) for vid, v in d.variables.items()}
    factor = spread_factor(d)
    spread(d, factor)
    assert 1 < factor < 4 and clashes(d) == 0
    for vid, v in d.variables.items():  # one uniform scale: the arrangement is kept
        assert abs(v.x - before[vid][0] * factor) < 0.1 and abs(v.y - before[vid][1] * factor) < 0.1


def test_a_tidy_diagram_is_left_alone():
    d = load(DATA.parent.parent / "examples" / "worklessness-stoke.cld").diagram
    assert spread_factor(d) == 1.0
