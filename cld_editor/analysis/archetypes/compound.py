"""Signatures of the archetypes made of three loops or more (docs/archetypes.md).

They are built from the two-loop notions of :mod:`.shapes`: shifting the
burden is two balancing loops and the reinforcing loop that runs from one into
the other; growth and underinvestment is limits to growth with an investment
loop behind the limit; the tragedy of the commons is two actors' growth loops
limited through one shared resource; accidental adversaries are two partners
whose own growth loops obstruct their partnership.
"""

from __future__ import annotations

from itertools import combinations
from typing import Iterator

from .model import ArchetypeMatch
from .shapes import Segment
from .signatures import Scene, _ends


def detect_shifting_the_burden(scene: Scene) -> Iterator[ArchetypeMatch]:
    """Two balancing loops meeting only in the problem symptom, and a reinforcing loop that
    leaves the symptom along the first (to the symptomatic solution), crosses over through at
    least one variable of its own (the side effect) and comes back along the second (from the
    fundamental solution).  Both solutions are applied the more, the worse the problem (a positive
    path from the symptom to each).  The symptomatic loop has no delay; the fundamental one has one,
    unless that part of the diagram has no delay marks at all."""
    for r in scene.of("R"):
        leaving: list[tuple[int, Segment]] = []
        entering: list[tuple[int, Segment]] = []
        for b in scene.touching(r, "B"):
            seg = scene.segment(b, r)
            if seg is None or len(seg.shared) < 2:
                continue
            leaving.append((b, seg))
            entering.append((b, seg))
        for (b1, s1), (b2, s2) in ((x, y) for x in leaving for y in entering if x[0] != y[0]):
            problem = s1.converge
            if s2.diverge != problem:
                continue
            if scene.shapes[b1].members & scene.shapes[b2].members != {problem}:
                continue
            if set(s1.shared) & set(s2.shared) != {problem}:
                continue
            # The symptomatic solution acts quickly; the fundamental one takes time (where delays are drawn).
            if any(scene.shapes[b1].delays) or not (any(scene.shapes[b2].delays) or scene.around.undelayed(problem)):
                continue
            symptomatic, fundamental = s1.diverge, s2.converge
            # Both solutions are applied the more, the worse the problem gets (as the fix in fixes that fail).
            if scene.shapes[b1].sign_from(problem, symptomatic) != "+" \
                    or scene.shapes[b2].sign_from(problem, fundamental) != "+":
                continue
            side = scene.shapes[r].between(symptomatic, fundamental)
            if not side:
                continue
            roles = dict.fromkeys(side, "side_effect")
            roles.update({problem: "problem_symptom", symptomatic: "symptomatic_solution",
                          fundamental: "fundamental_solution"})
            yield scene.match("shifting_the_burden", (b1, b2, r), roles)


def detect_growth_and_underinvestment(scene: Scene) -> Iterator[ArchetypeMatch]:
    """A reinforcing growth loop and a balancing loop sharing one path (the demand), and a
    balancing investment loop, apart from the growth loop and with a delay, that meets the
    balancing loop only in its own arc (the performance)."""
    for r in scene.of("R"):
        for b in scene.touching(r, "B"):
            seg = scene.segment(r, b)
            if seg is None or not seg.only_a or not seg.only_b:
                continue
            # Demand is one quantity that the growing action raises (as performance in limits to growth).
            if scene.shapes[r].sign_from(seg.converge, seg.diverge) != "+":
                continue
            # Performance answers demand at once; the delay is in building capacity.
            if scene.shapes[b].delayed(seg.diverge, seg.converge):
                continue
            for inv in scene.touching(b, "B"):
                if not scene.disjoint(r, inv):
                    continue
                meet = scene.segment(b, inv)
                # Need, investment and capacity each have a variable of their own, as in the textbook.
                if meet is None or len(meet.only_b) < 3 or not set(meet.shared) <= set(seg.only_b):
                    continue
                if not (scene.shapes[inv].delayed(meet.diverge, meet.converge)
                        or scene.around.undelayed(meet.converge)):
                    continue
                roles = dict.fromkeys(seg.shared, "demand")
                roles.update(dict.fromkeys(seg.only_a, "growing_action"))
                roles.update(dict.fromkeys(meet.shared, "performance"))
                roles.update(_ends(meet.only_b, "perceived_need_to_invest", "capacity", "investment_in_capacity"))
                members = scene.shapes[r].members | scene.shapes[b].members | scene.shapes[inv].members
                # Kim's standard sets the perceived need to invest.
                for source in scene.around.acting_on(meet.only_b, members, at=meet.only_b[0]):
                    roles[source] = "performance_standard"
                yield scene.match("growth_and_underinvestment", (r, b, inv), roles)


def _gain_pairs(scene: Scene) -> list[tuple[int, int, Segment]]:
    """(R, B, segment) where the balancing loop shares a path with the growth loop and has an arc of its own."""
    pairs = []
    for r in scene.of("R"):
        for b in scene.touching(r, "B"):
            seg = scene.segment(r, b)
            if seg is not None and len(seg.shared) >= 2 and seg.only_b:
                pairs.append((r, b, seg))
    return pairs


def detect_tragedy_of_the_commons(scene: Scene) -> Iterator[ArchetypeMatch]:
    """Two actors' growth loops (activity -> net gains -> activity), apart from each other, each
    limited by a balancing loop through the commons; the two balancing loops share one path
    (total activity -> gain per individual activity) that lies apart from both growth loops."""
    by_limit: dict[int, list[tuple[int, Segment]]] = {}
    for r, b, seg in _gain_pairs(scene):
        by_limit.setdefault(b, []).append((r, seg))
    for ba in sorted(by_limit):
        for bb in scene.touching(ba, "B"):
            if bb <= ba or bb not in by_limit:
                continue
            common = scene.segment(ba, bb)
            if common is None or len(common.shared) < 2:  # total activity, then gain per activity
                continue
            shared = set(common.shared)
            for ra, sa in by_limit[ba]:
                if not shared <= set(sa.only_b):
                    continue
                for rb, sb in by_limit[bb]:
                    if not shared <= set(sb.only_b) or not scene.disjoint(ra, rb) \
                            or not scene.disjoint(ra, bb) or not scene.disjoint(rb, ba):
                        continue
                    roles = _ends(common.shared, "total_activity", "gain_per_individual_activity")
                    for seg, side in ((sa, "a"), (sb, "b")):
                        roles[seg.diverge] = f"activity_{side}"
                        roles[seg.converge] = f"net_gains_{side}"
                    members = frozenset().union(*(scene.shapes[k].members for k in (ra, rb, ba, bb)))
                    # Kim's resource limit acts on the gain per individual activity.
                    for source in scene.around.acting_on(common.shared, members, at=common.diverge):
                        roles[source] = "resource_limit"
                    yield scene.match("tragedy_of_the_commons", (ra, rb, ba, bb), roles)


def detect_accidental_adversaries(scene: Scene) -> Iterator[ArchetypeMatch]:
    """A reinforcing partnership loop through A's success and B's success; each partner's own
    reinforcing loop meets it only in that partner's success; and for each partner a balancing
    loop runs from its own action into the other's success and round the partnership back:
    the obstruction."""
    for p in scene.of("R"):
        partner = scene.shapes[p]
        own: dict[str, list[int]] = {}
        for r in scene.touching(p, "R"):
            common = scene.shapes[r].members & partner.members
            if len(common) == 1:
                own.setdefault(next(iter(common)), []).append(r)
        for sa, sb in combinations(sorted(own, key=partner.pos.__getitem__), 2):
            for ra in own[sa]:
                for rb in own[sb]:
                    if not scene.disjoint(ra, rb):
                        continue
                    fix_a = scene.shapes[ra].members - {sa}
                    fix_b = scene.shapes[rb].members - {sb}
                    cross_a = _obstruction(scene, sa, sb, fix_a, p)
                    cross_b = _obstruction(scene, sb, sa, fix_b, p)
                    if cross_a is None or cross_b is None or not partner.between(sa, sb) \
                            or not partner.between(sb, sa):  # each partner acts toward the other
                        continue
                    roles = dict.fromkeys(partner.between(sa, sb), "activity_a_toward_b")
                    roles.update(dict.fromkeys(partner.between(sb, sa), "activity_b_toward_a"))
                    roles.update(dict.fromkeys(fix_a, "unilateral_action_a"))
                    roles.update(dict.fromkeys(fix_b, "unilateral_action_b"))
                    roles.update({sa: "success_a", sb: "success_b"})
                    yield scene.match("accidental_adversaries", (p, ra, rb, cross_a, cross_b), roles)


def _obstruction(scene: Scene, own: str, other: str, fix: frozenset[str], partnership: int) -> int | None:
    """A balancing loop through ``own``, one of its unilateral actions and the other's success."""
    for b in scene.touching(partnership, "B"):
        members = scene.shapes[b].members
        if own in members and other in members and members & fix:
            return b
    return None
