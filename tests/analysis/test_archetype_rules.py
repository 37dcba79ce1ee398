"""Archetypes: what the literature says defines each structure (which way the signs run, where a
condition acts), and conditions drawn into loops elsewhere or shared with another archetype."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from cld_editor.analysis.archetypes import find_archetypes
from cld_editor.analysis.archetypes.signatures import Scene
from cld_editor.analysis.loops import find_loops
from tests.analysis.archetype_builders import (BLUEPRINTS, Builder, limits_to_growth_with_a_loop_aside,
                                              put_a_step_after_the_limit, roles_agree)


def test_a_limit_drawn_into_a_loop_elsewhere_behind_a_step_on_its_link_keeps_its_role():
    # Limit -> step -> slowing action, the limit also on a loop elsewhere: the step has the limit as
    # its one cause and carries nothing else, so the limit behind it is still the condition.
    builder, ids, aside = limits_to_growth_with_a_loop_aside(34)
    d = builder.diagram
    limit = ids["limiting_condition"]
    step = put_a_step_after_the_limit(builder, ids)
    builder.link(aside[0], limit, "+")
    builder.link(limit, aside[1], "+")
    [match] = [m for m in find_archetypes(d) if m.archetype == "limits_to_growth"]
    got = match.role_names(d)
    assert got.get(d.variables[limit].name) == "limiting_condition", got
    # A second cause of the step: it no longer carries the limit alone, and the limit is not named.
    builder.link(aside[1], step, "+")
    [match] = [m for m in find_archetypes(d) if m.archetype == "limits_to_growth"]
    assert d.variables[limit].name not in match.role_names(d), match.to_json(d)


def test_a_limit_that_is_part_of_another_archetype_does_not_hide_either():
    # The problem symptom of a fix that fails is the one outside push on a limit to growth's slowing
    # action: it is that structure's limiting condition and stays the fix's problem symptom.
    builder = Builder(random.Random(33))
    fix = builder.archetype(BLUEPRINTS["fixes_that_fail"])
    growth = BLUEPRINTS["limits_to_growth"]
    unlimited = replace(growth, links=tuple(link for link in growth.links if link[0] != "Constraint"),
                        roles={k: v for k, v in growth.roles.items() if k != "Constraint"})
    limits = builder.archetype(unlimited)
    d = builder.diagram
    ids = {v.name: v.id for v in d.variables.values()}
    problem = next(n for n, r in fix.items() if r == "problem_symptom")
    builder.link(ids[problem], ids[next(n for n, r in limits.items() if r == "slowing_action")], "+")
    matches = {m.archetype: m.role_names(d) for m in find_archetypes(d)}
    assert set(matches) == {"fixes_that_fail", "limits_to_growth"}, matches
    assert matches["limits_to_growth"][problem] == "limiting_condition"
    assert matches["fixes_that_fail"][problem] == "problem_symptom"


def test_growth_and_underinvestment_with_a_loop_crossing_its_investment_loop_is_not_cut_to_limits_to_growth():
    # An outside push on performance makes the growth loops a limits to growth of their own; a step
    # on the investment loop makes the compound one step looser than that, and a loop elsewhere runs
    # through the perceived need.  The investment loop's variables are still no more tied into other
    # loops than the growth loops' own: the whole structure is reported, not the part of it.
    builder = Builder(random.Random(35))
    blueprint = BLUEPRINTS["growth_and_underinvestment"]
    ids = {name: builder.variable() for name in blueprint.roles}
    for source, target, sign, delay in blueprint.links:
        chain = [ids[source]] + ([builder.variable("x")] if (source, target) == ("Investment", "Capacity") else [])
        chain.append(ids[target])
        for k, (a, b) in enumerate(zip(chain, chain[1:])):
            builder.link(a, b, sign if k == 0 else "+", delay and k == len(chain) - 2)
    other = builder.variable()
    builder.link(ids["Need"], other, "+")
    builder.link(other, ids["Need"], "-")
    builder.link(builder.variable(), ids["Performance"], "-")
    d = builder.diagram
    found = [m.archetype for m in find_archetypes(d)]
    assert found == ["growth_and_underinvestment"], [m.to_json(d) for m in find_archetypes(d)]


@pytest.mark.parametrize("performance_sign", ["+", "-"])
def test_limits_to_growth_needs_a_performance_that_rises_with_the_growing_action(performance_sign):
    # Performance drawn as two variables, the growth loop's own arc with a compensating sign so
    # that both loops keep their polarities.  Where the two fall as each other rises, they are not
    # one performance that the growing action raises and the slowing action pulls down.
    builder = Builder(random.Random(36))
    effort, first, second, slowing, limit = (builder.variable() for _ in range(5))
    for source, target, sign, delay in [(effort, first, "+", False), (first, second, performance_sign, False),
                                        (second, effort, performance_sign, False), (second, slowing, "+", False),
                                        (slowing, first, "-" if performance_sign == "+" else "+", True),
                                        (limit, slowing, "-", False)]:
        builder.link(source, target, sign, delay)
    d = builder.diagram
    found = [m.archetype for m in find_archetypes(d)]
    assert found == (["limits_to_growth"] if performance_sign == "+" else []), [m.to_json(d) for m in find_archetypes(d)]


@pytest.mark.parametrize("demand_sign", ["+", "-"])
def test_growth_and_underinvestment_needs_a_demand_that_rises_with_the_growing_action(demand_sign):
    # Demand drawn as two variables, with compensating signs so that every loop keeps its polarity;
    # where the two fall as each other rises, they are not one demand the growing action raises.
    builder = Builder(random.Random(37))
    names = ("Growing", "Demand", "Demand2", "Performance", "Need", "Investment", "Capacity", "Standard")
    ids = {name: builder.variable() for name in names}
    back = "+" if demand_sign == "+" else "-"
    for source, target, sign, delay in [
            ("Growing", "Demand", "+", False), ("Demand", "Demand2", demand_sign, False),
            ("Demand2", "Growing", demand_sign, False), ("Demand2", "Performance", "-", False),
            ("Performance", "Demand", back, False), ("Performance", "Need", "-", False),
            ("Need", "Investment", "+", False), ("Investment", "Capacity", "+", True),
            ("Capacity", "Performance", "+", False), ("Standard", "Need", "+", False)]:
        builder.link(ids[source], ids[target], sign, delay)
    d = builder.diagram
    found = [m.archetype for m in find_archetypes(d)]
    assert ("growth_and_underinvestment" in found) == (demand_sign == "+"), [m.to_json(d) for m in find_archetypes(d)]


@pytest.mark.parametrize("quick_sign", ["+", "-"])
def test_shifting_the_burden_needs_a_symptomatic_solution_applied_the_more_the_worse_the_problem(quick_sign):
    # The symptomatic solution falls as the symptom rises (signs compensated elsewhere, so that every
    # loop keeps its polarity): it is no solution to that symptom, and the structure is not reported.
    builder = Builder(random.Random(38))
    ids = {name: builder.variable() for name in BLUEPRINTS["shifting_the_burden"].roles}
    flip = {"+": "-", "-": "+"}
    for source, target, sign, delay in BLUEPRINTS["shifting_the_burden"].links:
        if quick_sign == "-" and "Quick" in (source, target):  # every link of the symptomatic solution
            sign = flip[sign]
        builder.link(ids[source], ids[target], sign, delay)
    d = builder.diagram
    found = [m.archetype for m in find_archetypes(d)]
    assert ("shifting_the_burden" in found) == (quick_sign == "+"), [m.to_json(d) for m in find_archetypes(d)]


@pytest.mark.parametrize("archetype, condition, other", [
    ("tragedy_of_the_commons", "Limit", "Total"),  # the limit acts on the gain per individual activity
    ("growth_and_underinvestment", "Standard", "Capacity"),  # the standard on the perceived need
])
def test_a_condition_drawn_into_loops_elsewhere_is_told_by_where_it_acts(archetype, condition, other):
    # The condition is on a loop elsewhere, and a second variable off the archetype pushes on the
    # same arc, but not on the variable the archetype has the condition act on (the gain per
    # individual activity, the perceived need to invest): the one push there is the condition.
    builder = Builder(random.Random(39))
    blueprint = BLUEPRINTS[archetype]
    ids = {name: builder.variable() for name in blueprint.roles}
    for source, target, sign, delay in blueprint.links:
        builder.link(ids[source], ids[target], sign, delay)
    aside = [builder.variable(), builder.variable()]
    builder.link(aside[0], ids[condition], "+")
    builder.link(ids[condition], aside[1], "+")
    builder.link(aside[1], aside[0], "-")
    builder.link(aside[1], ids[other], "+")
    d = builder.diagram
    [match] = [m for m in find_archetypes(d) if m.archetype == archetype]
    got = match.role_names(d)
    assert got.get(builder.name(ids[condition])) == blueprint.roles[condition], got
    assert builder.name(aside[1]) not in got, got


def test_of_several_pushes_on_the_slowing_action_the_limit_is_the_one_with_the_fewest_causes():
    # Limit and a second push on the slowing action are both drawn into loops that the growth drives
    # (performance -> aside -> ...).  The second push has two causes of its own and acts on the
    # archetype alone; the limit has one and acts elsewhere too: a limit is set outside the loops and
    # has few causes, so it is the limit, and the push driven by more is not.
    builder, ids, aside = limits_to_growth_with_a_loop_aside(40)
    limit, slowing = ids["limiting_condition"], ids["slowing_action"]
    push = builder.variable()
    builder.link(aside[0], limit, "+")
    builder.link(limit, aside[1], "+")
    builder.link(ids["performance"], aside[1], "+")
    builder.link(aside[0], push, "+")
    builder.link(aside[1], push, "+")
    builder.link(push, slowing, "-")
    d = builder.diagram
    [match] = [m for m in find_archetypes(d) if m.archetype == "limits_to_growth"]
    got = match.role_names(d)
    assert got.get(builder.name(limit)) == "limiting_condition", match.to_json(d)
    assert builder.name(push) not in got, match.to_json(d)
    # With a second cause of its own, the limit is driven as much as the other push; then the one
    # acting on the archetype alone is the limit, as before.
    builder.link(builder.variable(), limit, "+")
    [match] = [m for m in find_archetypes(d) if m.archetype == "limits_to_growth"]
    got = match.role_names(d)
    assert builder.name(limit) not in got and got.get(builder.name(push)) == "limiting_condition", match.to_json(d)


def test_a_fix_that_fails_drawn_without_delays_keeps_its_name_however_long_the_fix_takes_to_act():
    # Without delay marks, two steps on the fix's way back make its own arc longer than the
    # consequence's, and an outside push on that arc looks like a limit: it is still a fix that
    # fails (problem -> fix is shared; a limit to growth shares only its performance).
    builder = Builder(random.Random(41))
    ids = {name: builder.variable() for name in ("Problem", "Fix", "Consequence")}
    steps = [builder.variable("x"), builder.variable("x")]
    builder.link(ids["Problem"], ids["Fix"], "+")
    for a, b, sign in zip([ids["Fix"], *steps], [*steps, ids["Problem"]], "+-+"):
        builder.link(a, b, sign)
    builder.link(ids["Fix"], ids["Consequence"], "+")
    builder.link(ids["Consequence"], ids["Problem"], "+")
    builder.link(builder.variable(), steps[0], "+")
    d = builder.diagram
    matches = find_archetypes(d)
    assert [m.archetype for m in matches] == ["fixes_that_fail"], [m.to_json(d) for m in matches]
    assert matches[0].role_names(d) == {builder.name(ids["Problem"]): "problem_symptom",
                                        builder.name(ids["Fix"]): "fix",
                                        builder.name(ids["Consequence"]): "unintended_consequence"}


def test_a_push_on_the_slowing_action_driven_only_by_the_growth_is_not_the_limit():
    # The limit is drawn into a loop elsewhere (one cause there); a second push on the slowing action
    # has one cause too, the growing action: it is a side path of the structure, driven by the
    # growth, not a limit set outside the loops.
    builder, ids, aside = limits_to_growth_with_a_loop_aside(42)
    limit, slowing = ids["limiting_condition"], ids["slowing_action"]
    builder.link(aside[0], limit, "+")
    builder.link(limit, aside[1], "+")
    side = builder.variable()
    builder.link(ids["growing_action"], side, "+")
    builder.link(side, slowing, "+")
    d = builder.diagram
    [match] = [m for m in find_archetypes(d) if m.archetype == "limits_to_growth"]
    got = match.role_names(d)
    assert got.get(builder.name(limit)) == "limiting_condition", match.to_json(d)
    assert builder.name(side) not in got, match.to_json(d)


def test_one_chance_link_on_the_side_effect_does_not_hand_shifting_the_burden_to_eroding_goals():
    # Steps on both ways back give the two balancing loops the shape of eroding goals; the side
    # effect is all shifting the burden adds.  One more link from it, round through another variable
    # to the fundamental solution, ties it into a loop of its own: one link, not a tangle.
    builder = Builder(random.Random(43))
    ids = {name: builder.variable() for name in ("Symptom", "Quick", "Fundamental", "Side")}
    steps = {("Quick", "Symptom"): 1, ("Symptom", "Fundamental"): 1}
    for source, target, sign, delay in BLUEPRINTS["shifting_the_burden"].links:
        chain = [ids[source]] + [builder.variable("x") for _ in range(steps.get((source, target), 0))] + [ids[target]]
        for k, (a, b) in enumerate(zip(chain, chain[1:])):
            builder.link(a, b, sign if k == 0 else "+", delay and k == len(chain) - 2)
    other = builder.variable()
    builder.link(ids["Side"], other, "+")
    builder.link(other, ids["Fundamental"], "+")
    d = builder.diagram
    matches = find_archetypes(d)
    assert [m.archetype for m in matches] == ["shifting_the_burden"], [m.to_json(d) for m in matches]
    assert matches[0].role_names(d)[builder.name(ids["Side"])] == "side_effect"


def test_links_between_a_matchs_variables_that_its_loops_leave_out_are_counted():
    builder = Builder(random.Random(44))
    builder.archetype(BLUEPRINTS["fixes_that_fail"])
    d = builder.diagram
    [match] = find_archetypes(d)
    scene = Scene(d, find_loops(d).loops)
    assert scene.chords(match) == 0
    roles = {role: vid for vid, role in match.roles.items()}
    builder.link(roles["unintended_consequence"], roles["fix"], "+")
    assert scene.chords(match) == 1


@pytest.mark.parametrize("archetype, seeds", [("fixes_that_fail", (10, 22, 27, 42)),
                                              ("limits_to_growth", (45, 69, 96, 123))])
def test_a_chance_match_that_leaves_out_links_between_its_own_variables_gives_way_to_the_drawn_one(archetype, seeds):
    # Tied three links each way into a random part, these builds also hold a chance match as tight
    # as the drawn archetype (an eroding goals, say) that runs over the archetype's variables but
    # leaves out links joining them (the drawn loops' own links among them): the textbook forms
    # have no such link, so the drawn archetype is the telling one.
    for seed in seeds:
        rng = random.Random(seed)
        builder = Builder(rng)
        roles = builder.archetype(BLUEPRINTS[archetype], extra_steps=rng.randrange(3))
        builder.tie_both_ways(builder.random_part(12, 16), 3)
        d = builder.diagram
        matches = find_archetypes(d)
        assert any(m.archetype == archetype and m.variables <= builder.drawn[0]
                   and roles_agree(roles, m.role_names(d), loose=True) for m in matches), \
            (seed, [m.to_json(d) for m in matches])


def test_success_to_the_successful_with_steps_on_bs_way_back_keeps_its_name():
    # Two steps on "B's success -> allocation", the minus on the first of the three new links: B's
    # two minus links both sit in the first half of its loop, but a positive link (B's resources
    # raise B's success) still lies between them.
    builder = Builder(random.Random(45))
    ids = {name: builder.variable() for name in ("Allocation", "ResourcesA", "SuccessA", "ResourcesB", "SuccessB")}
    steps = [builder.variable("x"), builder.variable("x")]
    for a, b, sign in [("Allocation", "ResourcesA", "+"), ("ResourcesA", "SuccessA", "+"),
                       ("SuccessA", "Allocation", "+"), ("Allocation", "ResourcesB", "-"),
                       ("ResourcesB", "SuccessB", "+")]:
        builder.link(ids[a], ids[b], sign)
    for a, b, sign in zip([ids["SuccessB"], *steps], [*steps, ids["Allocation"]], "-++"):
        builder.link(a, b, sign)
    d = builder.diagram
    matches = find_archetypes(d)
    assert [m.archetype for m in matches] == ["success_to_the_successful"], [m.to_json(d) for m in matches]
    # The steps after B's success take the end of its arc, as any step there does (see POSITIONAL).
    expected = {builder.name(ids[k]): role for k, role in BLUEPRINTS["success_to_the_successful"].roles.items()}
    assert roles_agree(expected, matches[0].role_names(d), loose=True), matches[0].role_names(d)


def test_the_standard_on_the_perceived_need_is_named_beside_a_condition_elsewhere_on_the_investment_loop():
    # The standard is drawn into a loop elsewhere, so it is no condition on no loop; a variable on no
    # loop pushes on the investment.  Kim's standard sets the perceived need to invest: the one push
    # there is named too.
    builder = Builder(random.Random(46))
    roles = builder.archetype(BLUEPRINTS["growth_and_underinvestment"])
    d = builder.diagram
    ids = {role: next(v.id for v in d.variables.values() if v.name == n) for n, role in roles.items()}
    aside = builder.variable()
    builder.link(ids["performance_standard"], aside, "+")
    builder.link(aside, ids["performance_standard"], "+")
    outside = builder.variable()
    builder.link(outside, ids["investment_in_capacity"], "-")
    [match] = [m for m in find_archetypes(d) if m.archetype == "growth_and_underinvestment"]
    got = match.role_names(d)
    assert got.get(builder.name(ids["performance_standard"])) == "performance_standard", got
    assert got.get(builder.name(outside)) == "performance_standard", got
