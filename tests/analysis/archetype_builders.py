"""Textbook archetypes (Kim's diagrams) to build, disguise and embed in random diagrams for the tests."""

from __future__ import annotations

import random
from dataclasses import dataclass

from cld_editor.core import Diagram


@dataclass(frozen=True)
class Blueprint:
    """An archetype as links between role-named variables; ``roles`` maps variable -> expected role."""

    archetype: str
    links: tuple[tuple[str, str, str, bool], ...]  # (from, to, sign, delayed)
    roles: dict[str, str]


def _bp(archetype: str, links: str, roles: dict[str, str]) -> Blueprint:
    parsed = []
    for line in links.strip().splitlines():
        source, sign, target = (part.strip() for part in line.split("|"))
        delayed = sign.endswith("d")
        parsed.append((source, target, sign[0], delayed))
    return Blueprint(archetype, tuple(parsed), roles)


BLUEPRINTS = {bp.archetype: bp for bp in (
    _bp("fixes_that_fail", """
        Problem | + | Fix
        Fix | - | Problem
        Fix | + | Consequence
        Consequence | +d | Problem""",
        {"Problem": "problem_symptom", "Fix": "fix", "Consequence": "unintended_consequence"}),
    _bp("shifting_the_burden", """
        Symptom | + | Quick
        Quick | - | Symptom
        Symptom | + | Fundamental
        Fundamental | -d | Symptom
        Quick | + | Side
        Side | - | Fundamental""",
        {"Symptom": "problem_symptom", "Quick": "symptomatic_solution", "Fundamental": "fundamental_solution",
         "Side": "side_effect"}),
    _bp("limits_to_growth", """
        Effort | + | Performance
        Performance | + | Effort
        Performance | + | Slowing
        Slowing | -d | Performance
        Constraint | - | Slowing""",
        {"Effort": "growing_action", "Performance": "performance", "Slowing": "slowing_action",
         "Constraint": "limiting_condition"}),
    _bp("growth_and_underinvestment", """
        Growing | + | Demand
        Demand | + | Growing
        Demand | - | Performance
        Performance | + | Demand
        Performance | - | Need
        Need | + | Investment
        Investment | +d | Capacity
        Capacity | + | Performance
        Standard | + | Need""",
        {"Growing": "growing_action", "Demand": "demand", "Performance": "performance",
         "Need": "perceived_need_to_invest", "Investment": "investment_in_capacity", "Capacity": "capacity",
         "Standard": "performance_standard"}),
    _bp("eroding_goals", """
        Goal | + | Gap
        Gap | + | Pressure
        Pressure | - | Goal
        Gap | + | Corrective
        Corrective | +d | Actual
        Actual | - | Gap""",
        {"Gap": "gap", "Goal": "goal", "Pressure": "pressure_to_lower_goal", "Corrective": "corrective_action",
         "Actual": "actual_condition"}),
    _bp("success_to_the_successful", """
        Allocation | + | ResourcesA
        ResourcesA | + | SuccessA
        SuccessA | + | Allocation
        Allocation | - | ResourcesB
        ResourcesB | + | SuccessB
        SuccessB | - | Allocation""",
        {"Allocation": "allocation_to_a_over_b", "ResourcesA": "resources_to_a", "SuccessA": "success_of_a",
         "ResourcesB": "resources_to_b", "SuccessB": "success_of_b"}),
    _bp("tragedy_of_the_commons", """
        ActivityA | + | GainsA
        GainsA | + | ActivityA
        ActivityB | + | GainsB
        GainsB | + | ActivityB
        ActivityA | + | Total
        ActivityB | + | Total
        Total | -d | PerActivity
        PerActivity | + | GainsA
        PerActivity | + | GainsB
        Limit | + | PerActivity""",
        {"ActivityA": "activity_a", "GainsA": "net_gains_a", "ActivityB": "activity_b", "GainsB": "net_gains_b",
         "Total": "total_activity", "PerActivity": "gain_per_individual_activity", "Limit": "resource_limit"}),
    _bp("accidental_adversaries", """
        SuccessA | + | HelpToB
        HelpToB | + | SuccessB
        SuccessB | + | HelpToA
        HelpToA | + | SuccessA
        SuccessA | + | OwnA
        OwnA | + | SuccessA
        SuccessB | + | OwnB
        OwnB | + | SuccessB
        OwnA | -d | SuccessB
        OwnB | -d | SuccessA""",
        {"SuccessA": "success_a", "SuccessB": "success_b", "HelpToB": "activity_a_toward_b",
         "HelpToA": "activity_b_toward_a", "OwnA": "unilateral_action_a", "OwnB": "unilateral_action_b"}),
)}


def _word(rng: random.Random) -> str:
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(3)).capitalize()


class Builder:
    """Builds a diagram from parts, with fresh random names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.diagram = Diagram()
        self.used: set[str] = set()
        self.drawn: list[frozenset[str]] = []  # the variables of each archetype added, steps included

    def variable(self, prefix: str = "") -> str:
        while True:
            name = f"{prefix}{_word(self.rng)}"
            if name.casefold() not in self.used:
                self.used.add(name.casefold())
                return self.diagram.new_variable(name).id

    def link(self, source: str, target: str, sign: str, delay: bool = False) -> None:
        if source != target and self.diagram.link_between(source, target) is None:
            self.diagram.new_link(source, target, sign, delay=delay)

    def name(self, vid: str) -> str:
        return self.diagram.variables[vid].name

    def archetype(self, blueprint: Blueprint, extra_steps: int = 0, on_every_loop_link: bool = False) -> dict[str, str]:
        """Add ``blueprint`` under random names, with ``extra_steps`` intermediate variables put on
        random links (a chain keeps the link's sign on one random piece, + on the others), and with
        ``on_every_loop_link`` one more on each link of its loops (not on a condition's link).

        Returns the expected roles by variable name; :attr:`drawn` gets its variables.
        """
        before = set(self.diagram.variables)
        ids: dict[str, str] = {}
        for source, target, _, _ in blueprint.links:
            for role_name in (source, target):
                if role_name not in ids:
                    ids[role_name] = self.variable()
        steps = [0] * len(blueprint.links)
        for _ in range(extra_steps):
            steps[self.rng.randrange(len(steps))] += 1
        if on_every_loop_link:
            caused = {target for _, target, _, _ in blueprint.links}
            steps = [n + (source in caused) for n, (source, _, _, _) in zip(steps, blueprint.links)]
        for (source, target, sign, delay), count in zip(blueprint.links, steps):
            chain = [ids[source]] + [self.variable("x") for _ in range(count)] + [ids[target]]
            signed = self.rng.randrange(len(chain) - 1)
            late = self.rng.randrange(len(chain) - 1)
            for k, (a, b) in enumerate(zip(chain, chain[1:])):
                self.link(a, b, sign if k == signed else "+", delay and k == late)
        self.drawn.append(frozenset(self.diagram.variables) - before)
        return {self.name(ids[k]): role for k, role in blueprint.roles.items()}

    def random_part(self, variables: int, links: int, delays: float = 0.15) -> list[str]:
        """Add a random signed diagram of ``variables`` variables and about ``links`` links."""
        ids = [self.variable() for _ in range(variables)]
        for _ in range(links):
            a, b = self.rng.sample(ids, 2)
            self.link(a, b, self.rng.choice("+-"), self.rng.random() < delays)
        return ids

    def connect(self, part: list[str], count: int) -> None:
        """Tie the random part to everything else with ``count`` links in one direction only
        (from the random part), so that no loop crosses between them."""
        others = [v for v in self.diagram.variables if v not in set(part)]
        for _ in range(count):
            self.link(self.rng.choice(part), self.rng.choice(others), self.rng.choice("+-"))

    def tie_both_ways(self, part: list[str], count: int) -> None:
        """Tie the random part to everything else with ``count`` links each way, so loops cross."""
        others = [v for v in self.diagram.variables if v not in set(part)]
        for _ in range(count):
            self.link(self.rng.choice(part), self.rng.choice(others), self.rng.choice("+-"))
            self.link(self.rng.choice(others), self.rng.choice(part), self.rng.choice("+-"))


def random_diagram(seed: int, variables: int = 14, links: int = 20) -> Diagram:
    """A random diagram of the kind the false-match tests use."""
    builder = Builder(random.Random(seed))
    builder.random_part(variables, links)
    return builder.diagram


# On an arc that holds two roles one after the other, an extra step put at the arc's end takes
# the end's position, so these roles are only told apart when no step sits at that end.
POSITIONAL = [
    {"corrective_action", "actual_condition"},
    {"pressure_to_lower_goal", "goal"},
    {"resources_to_a", "success_of_a"},
    {"resources_to_b", "success_of_b"},
    {"perceived_need_to_invest", "investment_in_capacity", "capacity"},
]


def _swap(role: str) -> str:
    """The same role seen from the other actor (A and B are interchangeable names)."""
    return "_".join({"a": "b", "b": "a"}.get(word, word) for word in role.split("_"))


def _same(expected: str, got: str | None, loose: bool) -> bool:
    if got == expected:
        return True
    return loose and got is not None and any(expected in g and got in g for g in POSITIONAL)


def roles_agree(expected: dict[str, str], got: dict[str, str], loose: bool) -> bool:
    """Whether ``got`` gives every expected role (A and B may be swapped; ``loose``: an extra step at
    the end of an arc may take the end's role, see :data:`POSITIONAL`)."""
    for view in (got, {k: _swap(v) for k, v in got.items()}):
        if all(_same(role, view.get(name), loose) for name, role in expected.items()):
            return True
    return False


def limits_to_growth_with_a_loop_aside(seed: int):
    """Limits to growth, and a loop of its own elsewhere (two variables, not touching the archetype)."""
    builder = Builder(random.Random(seed))
    roles = builder.archetype(BLUEPRINTS["limits_to_growth"])
    names = {v.name: v.id for v in builder.diagram.variables.values()}
    ids = {role: names[n] for n, role in roles.items()}
    aside = [builder.variable(), builder.variable()]
    builder.link(aside[0], aside[1], "+")
    builder.link(aside[1], aside[0], "-")
    return builder, ids, aside


def put_a_step_after_the_limit(builder: Builder, ids: dict[str, str]) -> str:
    """Replace the link limit -> slowing action of :func:`limits_to_growth_with_a_loop_aside` by
    limit -> step -> slowing action; returns the step."""
    d = builder.diagram
    limit, slowing = ids["limiting_condition"], ids["slowing_action"]
    [old] = [lid for lid, link in d.links.items() if link.source == limit]
    d.remove_link(old)
    step = builder.variable("x")
    builder.link(limit, step, "-")
    builder.link(step, slowing, "+")
    return step
