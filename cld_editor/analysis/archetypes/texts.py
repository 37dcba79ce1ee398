"""Plain words for each archetype match: what the structure does, and where the leverage is.

The wording follows the archetype literature (Senge, The Fifth Discipline;
Kim, Systems Archetypes I-III; Wolstenholme 2003) and names the diagram's own
variables in their roles, so a partnership can read it aloud.
"""

from __future__ import annotations

from ...core.diagram import Diagram
from .model import CLASS_TITLES, ArchetypeMatch

CLASS_MEANING = {
    "underachievement": "an effort meant to grow something provokes a reaction that holds it back",
    "out_of_control": "an action meant to control a problem sets off consequences that bring it back worse",
    "relative_achievement": "two parties compete, and the one ahead is given the means to pull further ahead",
    "relative_control": "a gap is closed by moving the standard instead of the performance",
}

EXPLANATION = {
    "fixes_that_fail": (
        "A rise in {problem_symptom} calls for the fix, {fix}, which brings it down quickly (loop {loop1}). "
        "But the fix also drives {unintended_consequence}, which after a delay pushes {problem_symptom} back "
        "up (loop {loop2}): the fix works now and fails later, and the more it is used the more it is needed."),
    "shifting_the_burden": (
        "{problem_symptom} can be relieved two ways: quickly by {symptomatic_solution}, or slowly and "
        "for good by {fundamental_solution}. The quick way works first, so it is used more; through "
        "{side_effect} it weakens {fundamental_solution}, and the system comes to depend on the "
        "symptomatic solution."),
    "limits_to_growth": (
        "The growing action, {growing_action}, lifts {performance}, and success feeds on itself (the "
        "reinforcing loop). But growth brings on the slowing action, {slowing_action}, set by the limit, "
        "{limiting_condition}, and the balancing loop slows growth until it stops - pushing harder on the "
        "engine of growth does not help."),
    "growth_and_underinvestment": (
        "The growing action, {growing_action}, raises the demand, {demand}; the demand strains the "
        "performance, {performance}, which holds growth back. Investment in capacity, {capacity}, would "
        "lift the performance, but it comes only through {perceived_need_to_invest} and after a delay; "
        "when the standard is lowered or investment waits, the slowdown seems to prove that investing was "
        "not worth it."),
    "tragedy_of_the_commons": (
        "{activity_a} and {activity_b} each pay off for their own side ({net_gains_a}, {net_gains_b}), "
        "so both grow. Together they make up {total_activity}, and as it grows {gain_per_individual_activity} "
        "falls for everyone: each side's sensible choice wears out the shared resource."),
    "accidental_adversaries": (
        "{success_a} and {success_b} support each other through the partnership. Each side also acts on "
        "its own to grow its success ({unilateral_action_a}; {unilateral_action_b}), and each such "
        "action unintentionally obstructs the other's success: partners turn into adversaries without "
        "meaning to."),
    "success_to_the_successful": (
        "The allocation, {allocation_to_a_over_b}, decides who gets more. The more {success_of_a}, the more goes to "
        "{resources_to_a} and the less to {resources_to_b}; so the side that is ahead pulls further "
        "ahead and the other falls behind, whatever their merits."),
    "eroding_goals": (
        "The gap, {gap}, can close two ways: corrective action ({corrective_action}) improves the actual "
        "condition, {actual_condition}, but only after a delay; or pressure lowers the goal, {goal}, at "
        "once. Each time the goal gives way a little, performance drifts down with it."),
    "escalation": (
        "Each side answers the other: when {relative_position} moves against one side it steps up "
        "{activity_a} or {activity_b}, and every step provokes the other's reply. Together the two "
        "balancing loops make a reinforcing spiral that neither side wants."),
}

LEVERAGE = {
    "fixes_that_fail": "Watch for the unintended consequence and its delay; use the fix only to buy time "
                       "while the underlying cause is dealt with, or find a fix without the side effect.",
    "shifting_the_burden": "Strengthen the fundamental solution and use the symptomatic one sparingly, "
                           "as a bridge; make the side effect visible so the dependence is seen.",
    "limits_to_growth": "Do not push the growing action harder: find and remove or relax the limiting "
                        "condition before the limit is reached.",
    "growth_and_underinvestment": "Hold the performance standard firm and invest in capacity ahead of "
                                  "demand, allowing for the delay before new capacity arrives.",
    "tragedy_of_the_commons": "Make the total effect on the shared resource visible to every user and "
                              "manage the commons together: agreed limits, shared governance.",
    "accidental_adversaries": "Bring both partners to see the whole structure; agree the unilateral "
                              "actions together so that each side's effort stops obstructing the other.",
    "success_to_the_successful": "Look for the overarching goal both sides serve; allocate resources on "
                                 "that goal, or decouple the two so one's success does not starve the other.",
    "eroding_goals": "Anchor the goal to something outside the system (a standard, a need) and close the "
                     "gap by corrective action, allowing for its delay.",
    "escalation": "Step out of the spiral: a unilateral step down, or an agreement on a shared measure "
                  "so neither side reads the other's move as a threat.",
}


def _names(diagram: Diagram, ids: list[str]) -> str:
    names = [diagram.variables[v].name for v in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def explain(diagram: Diagram, match: ArchetypeMatch) -> str:
    """The match in plain words, naming the diagram's variables in their roles.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> from cld_editor.analysis.archetypes import find_archetypes
    >>> d = Diagram()
    >>> p, f, u = (d.new_variable(n) for n in ("Potholes", "Patching", "Road decay"))
    >>> for s, t, sign, late in [(p, f, "+", 0), (f, p, "-", 0), (f, u, "+", 0), (u, p, "+", 1)]:
    ...     _ = d.new_link(s.id, t.id, sign, delay=bool(late))
    >>> print(explain(d, find_archetypes(d)[0]))  # doctest: +NORMALIZE_WHITESPACE
    A rise in Potholes calls for the fix, Patching, which brings it down quickly (loop B1). But the
    fix also drives Road decay, which after a delay pushes Potholes back up (loop R1): the fix works
    now and fails later, and the more it is used the more it is needed.
    """
    by_role: dict[str, list[str]] = {}
    for loop in match.loops:
        for v in loop.variables:
            role = match.roles.get(v)
            if role and v not in by_role.setdefault(role, []):
                by_role[role].append(v)
    for v, role in match.roles.items():
        if v not in by_role.setdefault(role, []):
            by_role[role].append(v)
    fields = {role: _names(diagram, ids) for role, ids in by_role.items()}
    for i, loop in enumerate(match.loops, 1):
        fields[f"loop{i}"] = loop.name

    class Missing(dict):
        # A role structure alone cannot name (a limit acting from outside every loop, say) is
        # said to be unnamed, not left as a bare placeholder in the sentence.
        def __missing__(self, key: str) -> str:
            return "a " + key.replace("_", " ") + " the diagram does not name"

    return EXPLANATION[match.archetype].format_map(Missing(fields))


def leverage(match: ArchetypeMatch) -> str:
    """Where the archetype literature points for leverage."""
    return LEVERAGE[match.archetype]


def class_sentence(match: ArchetypeMatch) -> str:
    """``"Out of control: an action meant to control ..."``."""
    return f"{CLASS_TITLES[match.generic_class]}: {CLASS_MEANING[match.generic_class]}."
