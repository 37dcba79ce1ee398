"""How sure a loop is: its weakest link, and the loops that rest on a guess.

A chain of reasoning is only as good as its weakest step, so a loop's
confidence is the lowest confidence among its links, in the order
strong > moderate > weak > hypothesis > contested (a contested link, whose
sign people disagree on, puts the loop's very polarity in doubt).  A link
with no confidence stated is unknown: it leaves the loop unrated (``None``)
unless a weak, hypothesis or contested link already settles the loop lower.

Examples
--------
>>> from cld_editor.core import Diagram, Evidence
>>> d = Diagram()
>>> a, b, c = (d.new_variable(n).id for n in ("Attendance", "Grades", "Motivation"))
>>> _ = d.new_link(a, b, "+", evidence=Evidence("strong"))
>>> _ = d.new_link(b, c, "+", evidence=Evidence("moderate"))
>>> _ = d.new_link(c, a, "+", evidence=Evidence("hypothesis", "tutor's hunch"))
>>> from cld_editor.analysis.loops import find_loops
>>> loop = find_loops(d).loops[0]
>>> loop_confidence(d, loop)
'hypothesis'
>>> [(gap.loop.name, gap.weak_links) for gap in evidence_gaps(d)]
[('R1', ('l3',))]
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from ..core.diagram import Diagram
from ..core.elements import WEAK_CONFIDENCES
from .loops import Loop, find_loops

#: Confidence levels from the strongest down; ``None`` (not stated) ranks between moderate and weak.
RANKED = ("strong", "moderate", None, "weak", "hypothesis", "contested")


def link_confidence(diagram: Diagram, link_id: str) -> str | None:
    """The confidence stated on one link (``None``: not stated)."""
    return diagram.links[link_id].evidence.confidence


def weakest(confidences: Iterable[str | None]) -> str | None:
    """The weakest of several confidence levels (see :data:`RANKED`).

    Examples
    --------
    >>> weakest(["strong", "moderate"]), weakest(["strong", None]), weakest([None, "weak"])
    ('moderate', None, 'weak')
    >>> weakest([]) is None
    True
    """
    levels = list(confidences)
    if not levels:
        return None
    return max(levels, key=RANKED.index)


def loop_confidence(diagram: Diagram, loop: Loop) -> str | None:
    """A loop's confidence: that of its weakest link."""
    return weakest(link_confidence(diagram, lid) for lid in loop.links)


def confidence_sort_key(confidence: str | None) -> int:
    """A key that sorts loops from the best supported to the least (for tables).

    Examples
    --------
    >>> sorted(["weak", "strong", None], key=confidence_sort_key)
    ['strong', None, 'weak']
    """
    return RANKED.index(confidence)


class EvidenceGap(NamedTuple):
    """A loop that rests on weak or hypothesis links, and those links' ids."""

    loop: Loop
    weak_links: tuple[str, ...]


def evidence_gaps(diagram: Diagram, loops: Iterable[Loop] | None = None) -> list[EvidenceGap]:
    """The loops resting on at least one weak or hypothesis link, in loop order.

    ``loops`` defaults to every loop of the diagram.
    """
    found = find_loops(diagram).loops if loops is None else loops
    gaps = []
    for loop in found:
        weak = tuple(lid for lid in loop.links if link_confidence(diagram, lid) in WEAK_CONFIDENCES)
        if weak:
            gaps.append(EvidenceGap(loop, weak))
    return gaps
