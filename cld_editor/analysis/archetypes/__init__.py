"""System archetypes (Senge, Kim) found in a diagram's loops, with Wolstenholme's generic classes.

:func:`find_archetypes` reads only structure: the loops, their polarities, the
variables they share and the delays on their links; names never matter, and
extra intermediate variables on a loop do not hide an archetype.  Each match
names the archetype, its class, its loops and the role of each variable the
structure pins down.  Eroding goals and escalation have one structure: both
are reported, each ``ambiguous_with`` the other, with the question the user
must answer.  The signatures are stated in docs/archetypes.md.

To keep false matches rare, no two matches share a variable on their loops
(the ambiguous pair counts as one); the tightest matches (the fewest variables beyond the
textbook form, weighed with the loops and links of the rest of the diagram
that run through them) are taken first, and in a tangle of chance loops only
the most telling match is reported.  Delays decide where they are drawn;
where no delay mark is drawn near a structure, structure alone decides.

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

from collections import Counter
from itertools import islice
from typing import Callable, Iterator

from ...core.diagram import Diagram
from ..loops import Loop, find_loops
from .compound import (detect_accidental_adversaries, detect_growth_and_underinvestment,
                       detect_shifting_the_burden, detect_tragedy_of_the_commons)
from .model import CATALOGUE, CLASS_TITLES, COMPOUND, TEXTBOOK_LINKS, TEXTBOOK_SIZE, ArchetypeMatch, role_title
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
# A compound match absorbs a simple one on a subset of its loops when it is as tight, or when the
# variables it adds belong to it (no more tied into other loops than the simple one's own) and it
# has at most this many more extra steps (its own arcs may carry steps the simple one does not see).
SUBSUME_SLACK = 3
# A match with more variables than this beyond its textbook form is too loose to be telling, unless
# its textbook form has more links on its loops than that: one step drawn on every link of it
# (a common way to write an archetype out in a diagram's own words) is still the archetype.
MAX_EXTRA = 4
# How much a match's surroundings weigh against it, in extra steps: per short loop of the rest of the
# diagram through each of its variables, per link tying each of its variables into other loops, and
# per delayed link its textbook form does not have, and per link between two of its variables that its
# loops leave out (no textbook form has one; a chance match cut across a drawn archetype leaves out
# the archetype's own links).  A planted archetype sits apart; a chance one is made of the tangle.
# (Weights measured on built diagrams, see docs/archetypes.md.)
CROWD_WEIGHT = 0.5
STRAY_WEIGHT = 1.0
DELAY_WEIGHT = 1.0
CHORD_WEIGHT = 1.5
# A crowded match (see _choose) is still reported beside another when it stands out this clearly:
# extra steps plus the weight of its surroundings under this.  Archetypes drawn into a tangle score
# 0 to 4; chance matches in dense random diagrams mostly 3 to 8.
CLEAR = 4.0

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
    return _choose(candidates, scene)


def _choose(candidates: list[ArchetypeMatch], scene: Scene) -> list[ArchetypeMatch]:
    """Keep the most telling matches; no two share a variable on their loops.

    A match with more than ``MAX_EXTRA`` variables beyond the textbook form (or more than the
    textbook form has links on its loops, if that is more) is too loose to tell anything.  A simple
    match on loops that a compound match also uses is part of it and goes when the compound is as
    tight, or at most :func:`_slack` extra steps looser with the variables it adds no more tied into
    other loops than the simple match's own (they belong to it);
    otherwise the compound is the chance one.  A variable named as one match's outside condition
    may lie on another match's loops: it acts on that structure from outside.

    The rest are taken tightest first: the fewest variables beyond (or short of) the textbook
    form, plus the weight of their surroundings (loops of the rest of the diagram through them,
    links tying them into other loops, delays the archetype does not explain), then more loops,
    then the smaller loops.  A match whose loops are fewer than half the short loops of its
    strongly connected part of the diagram sits in a tangle where loops of every shape meet by
    chance: of all such crowded matches only the most telling is reported, and others only when
    they stand out clearly (their weighed extra steps under ``CLEAR``).
    """
    loops_in_part = Counter(scene.around.part(shape.vars[0]) for shape in scene.shapes)

    def crowded(m: ArchetypeMatch) -> bool:
        return 2 * len(m.loops) < loops_in_part[scene.around.part(m.loops[0].variables[0])]

    candidates = [m for m in candidates if _extra(m) <= max(MAX_EXTRA, TEXTBOOK_LINKS[m.archetype])]
    compounds = [(frozenset(lp.name for lp in c.loops), c) for c in candidates if c.archetype in COMPOUND]

    def absorbed(m: ArchetypeMatch) -> bool:
        loops = frozenset(lp.name for lp in m.loops)
        for big, c in compounds:
            if not loops <= big:
                continue
            if _extra(c) <= _extra(m) or (_extra(c) <= _extra(m) + _slack(c, m, scene) and scene.explains(c, m)):
                return True
        return False

    candidates = [m for m in candidates if m.archetype in COMPOUND or not absorbed(m)]

    def rank(m: ArchetypeMatch) -> tuple:
        return (_extra(m) + surroundings(m), -len(m.loops), m.order, list(CATALOGUE).index(m.archetype))

    def surroundings(m: ArchetypeMatch) -> float:
        return (CROWD_WEIGHT * scene.crowd(m) + STRAY_WEIGHT * scene.stray(m)
                + DELAY_WEIGHT * scene.surplus_delays(m) + CHORD_WEIGHT * scene.chords(m))

    taken: set[str] = set()
    chosen: list[ArchetypeMatch] = []
    groups: dict[tuple, list[ArchetypeMatch]] = {}
    for m in candidates:  # an ambiguous pair shares its loops and is taken or left together
        groups.setdefault((frozenset(lp.name for lp in m.loops), m.ambiguous_with and "pair" or m.archetype),
                          []).append(m)
    for group in sorted(groups.values(), key=lambda g: rank(g[0])):
        variables = group[0].variables
        tangled = crowded(group[0]) and _extra(group[0]) + surroundings(group[0]) >= CLEAR
        if variables & taken or (tangled and any(crowded(m) for m in chosen)):
            continue
        taken |= variables
        chosen.extend(group)
    order = list(CATALOGUE)
    chosen.sort(key=lambda m: (order.index(m.archetype) if not m.ambiguous_with else
                               min(order.index(a) for a in (m.archetype, *m.ambiguous_with)),
                               m.order, order.index(m.archetype)))
    return chosen


def _extra(m: ArchetypeMatch) -> int:
    """How far the match is from the textbook form: variables beyond it, or missing from it."""
    return abs(m.order[0] - TEXTBOOK_SIZE[m.archetype])


def _slack(compound: ArchetypeMatch, part: ArchetypeMatch, scene: Scene) -> int:
    """How many extra steps looser than ``part`` the ``compound`` may be and still absorb it.

    ``SUBSUME_SLACK``, or, where more, the steps that only relay among the variables the compound
    adds (one cause and one effect among the links that can lie on loops: steps drawn on its own
    links), less what its textbook form adds (a shifting the burden with a step on every link holds
    an eroding goals with two steps, whose textbook form is one variable larger than its own)."""
    relays = sum(scene.relays(v) for v in compound.variables - part.variables)
    return max(SUBSUME_SLACK, relays - (TEXTBOOK_SIZE[compound.archetype] - TEXTBOOK_SIZE[part.archetype]))
