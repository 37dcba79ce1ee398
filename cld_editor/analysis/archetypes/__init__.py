"""System archetypes (Senge, Kim) found in a diagram's loops, with Wolstenholme's generic classes.

:func:`find_archetypes` reads only structure: the loops, their polarities, the
variables they share and the delays on their links; names never matter, and
extra intermediate variables on a loop do not hide an archetype.  Each match
names the archetype, its class, its loops and the role of each variable the
structure pins down.  Eroding goals and escalation have one structure: both
are reported, each ``ambiguous_with`` the other, with the question the user
must answer.  The signatures are stated in docs/archetypes.md.

To keep false matches rare, a loop and a variable with a role belong to at
most one match (the ambiguous pair counts as one); the tightest matches (the
fewest variables beyond the textbook form) are taken first.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> names = ("Potholes", "Patch repairs", "Resurfacing budget")
>>> pot, patch, budget = (d.new_variable(n) for n in names)
>>> _ = d.new_link(pot.id, patch.id, "+"); _ = d.new_link(patch.id, pot.id, "-")
>>> _ = d.new_link(patch.id, budget.id, "-"); _ = d.new_link(budget.id, pot.id, "-", delay=True)
>>> [match] = find_archetypes(d)
>>> match.archetype, match.generic_class, match.loop_names
('fixes_that_fail', 'out_of_control', ['B1', 'R1'])
>>> match.role_names(d)
{'Patch repairs': 'fix', 'Potholes': 'problem_symptom', 'Resurfacing budget': 'unintended_consequence'}
"""

from __future__ import annotations

from itertools import islice
from typing import Callable, Iterator

from ...core.diagram import Diagram
from ..loops import Loop, find_loops
from .compound import (detect_accidental_adversaries, detect_growth_and_underinvestment,
                       detect_shifting_the_burden, detect_tragedy_of_the_commons)
from .model import CATALOGUE, CLASS_TITLES, COMPOUND, TEXTBOOK_SIZE, ArchetypeMatch, role_title
from .signatures import (Exhausted, Scene, detect_fixes_that_fail, detect_goal_or_escalation, detect_limits_to_growth,
                         detect_success_to_the_successful)
from .reviews import REVIEWS, review_of, with_review
from .texts import class_sentence, explain, leverage

__all__ = ["ArchetypeMatch", "CATALOGUE", "CLASS_TITLES", "MAX_LOOP_LENGTH", "REVIEWS", "class_sentence", "explain",
           "find_archetypes", "leverage", "review_of", "role_title", "with_review"]

# Archetype loops are short: a textbook archetype has loops of two to five
# links, and a few extra steps on each still fit.  Longer loops are left out,
# which also bounds the work on a dense diagram.
MAX_LOOP_LENGTH = 8
MAX_LOOPS = 1500
# A dense diagram has so many overlapping short loops that the candidates
# multiply; each signature stops after this many candidates, or after
# examining Scene.budget new pairs of loops, so the answer comes in seconds.
MAX_CANDIDATES = 300
# A compound match absorbs a simple one on a subset of its loops when it has at most this many
# more extra steps (its own arcs may carry steps the simple one does not see).
SUBSUME_SLACK = 3

DETECTORS: tuple[Callable[[Scene], Iterator[ArchetypeMatch]], ...] = (
    detect_tragedy_of_the_commons,
    detect_accidental_adversaries,
    detect_growth_and_underinvestment,
    detect_shifting_the_burden,
    detect_fixes_that_fail,
    detect_limits_to_growth,
    detect_success_to_the_successful,
    detect_goal_or_escalation,
)


def find_archetypes(diagram: Diagram, loops: list[Loop] | None = None) -> list[ArchetypeMatch]:
    """Find the archetypes in ``diagram``.

    Parameters
    ----------
    diagram : Diagram
        The diagram.
    loops : list of Loop, optional
        Its loops, if already found (all of them, named as :func:`find_loops` names them).

    Returns
    -------
    list of ArchetypeMatch
        In catalogue order, then by loop names; an ambiguous pair is adjacent.
    """
    if loops is None:
        loops = find_loops(diagram, max_length=MAX_LOOP_LENGTH, limit=MAX_LOOPS).loops
    short = [loop for loop in loops if loop.length <= MAX_LOOP_LENGTH and loop.polarity != "?"][:MAX_LOOPS]
    scene = Scene(diagram, short)
    candidates: list[ArchetypeMatch] = []
    for detect in DETECTORS:
        scene.spent = 0
        try:
            for match in islice(detect(scene), MAX_CANDIDATES):
                candidates.append(match)
        except Exhausted:
            pass  # a very dense diagram: keep what this signature found so far
    return _choose(candidates)


def _choose(candidates: list[ArchetypeMatch]) -> list[ArchetypeMatch]:
    """Keep the most telling matches so that no loop and no role variable is claimed twice.

    The tightest matches come first: the fewest variables beyond the textbook form (extra steps),
    then more loops, then the smaller loops.  A simple match on loops that a compound match also
    uses is part of it and goes, unless the compound needs many more extra steps
    (``SUBSUME_SLACK``): then the compound is the chance one.
    """
    def extra(m: ArchetypeMatch) -> int:
        return m.order[0] - TEXTBOOK_SIZE[m.archetype]

    compounds = [(frozenset(lp.name for lp in m.loops), extra(m)) for m in candidates if m.archetype in COMPOUND]
    candidates = [m for m in candidates if m.archetype in COMPOUND or not any(
        frozenset(lp.name for lp in m.loops) <= loops and tight <= extra(m) + SUBSUME_SLACK
        for loops, tight in compounds)]

    def rank(m: ArchetypeMatch) -> tuple:
        return (extra(m), -len(m.loops), m.order, list(CATALOGUE).index(m.archetype))

    claimed: set[str] = set()
    roled: set[str] = set()
    chosen: list[ArchetypeMatch] = []
    groups: dict[tuple, list[ArchetypeMatch]] = {}
    for m in candidates:  # an ambiguous pair shares its loops and is taken or left together
        groups.setdefault((frozenset(lp.name for lp in m.loops), m.ambiguous_with and "pair" or m.archetype),
                          []).append(m)
    for group in sorted(groups.values(), key=lambda g: rank(g[0])):
        names = {lp.name for lp in group[0].loops}
        if names & claimed or roled & set(group[0].roles):
            continue
        claimed |= names
        roled |= set(group[0].roles)
        chosen.extend(group)
    order = list(CATALOGUE)
    chosen.sort(key=lambda m: (order.index(m.archetype) if not m.ambiguous_with else
                               min(order.index(a) for a in (m.archetype, *m.ambiguous_with)),
                               m.order, order.index(m.archetype)))
    return chosen
