"""A loop is as sure as its weakest link; evidence gaps are the loops resting on weak or hypothesis links."""

from __future__ import annotations

import pytest

from cld_editor.analysis.evidence import evidence_gaps, loop_confidence
from cld_editor.analysis.loops import find_loops
from cld_editor.core import Diagram, Evidence


def two_loops(first: list, second: list) -> Diagram:
    """Loops A-B (confidences ``first``) and B-C (``second``)."""
    d = Diagram()
    a, b, c = (d.new_variable(n).id for n in "ABC")
    for (s, t), level in zip([(a, b), (b, a)], first):
        d.new_link(s, t, "+", evidence=Evidence(level))
    for (s, t), level in zip([(b, c), (c, b)], second):
        d.new_link(s, t, "-", evidence=Evidence(level))
    return d


@pytest.mark.parametrize("levels, expected", [
    (["strong", "strong"], "strong"),
    (["strong", "moderate"], "moderate"),
    (["strong", None], None),
    ([None, "weak"], "weak"),
    (["weak", "hypothesis"], "hypothesis"),
    (["hypothesis", "contested"], "contested"),
])
def test_loop_confidence_is_the_weakest_link(levels, expected):
    d = two_loops(levels, ["strong", "strong"])
    loop = next(lp for lp in find_loops(d).loops if lp.polarity == "R")
    assert loop_confidence(d, loop) == expected


def test_evidence_gaps_are_the_loops_on_weak_or_hypothesis_links():
    d = two_loops(["strong", "weak"], ["contested", "moderate"])
    gaps = evidence_gaps(d)
    assert [(gap.loop.variables, gap.weak_links) for gap in gaps] == [(("v1", "v2"), ("l2",))]
    d = two_loops(["hypothesis", "weak"], [None, "hypothesis"])
    assert [(gap.loop.variables, gap.weak_links) for gap in evidence_gaps(d)] == [
        (("v1", "v2"), ("l1", "l2")), (("v2", "v3"), ("l4",))]
    assert evidence_gaps(two_loops(["strong", None], ["moderate", "contested"])) == []
