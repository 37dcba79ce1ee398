"""Archetypes: how often they are found, and how often chance makes a false match.

Prints, on seeds the tests do not use (``--seed``, default 20000):

* false matches: for random diagrams of several sizes (random signs, 15% delayed links; one size
  without any delay mark), how many diagrams give no match, one, two ... (the ambiguous
  eroding goals / escalation pair counts once);
* crossing: each archetype, with up to two extra steps, tied three links each way into a random
  part of 12 variables and 16 links, so that loops cross between them: in how many builds it is
  found, found with the expected roles, and found on its own loops with its roles (every loop of
  the match made of the archetype's variables, as `archetypes --json` must give it back); builds
  with more than one false match;
* one way: each archetype with one to three extra steps and a random part of 10 variables tied
  in one way only: found on its own loops with the expected roles, and builds with more than one
  false match;
* no delay marks: each archetype drawn without its delays, with a random part tied in one way;
* three in one: three different archetypes (up to two extra steps each) in one diagram with a
  random part of 10 variables, tied one way (the random part into them, each archetype into the
  one before) or both ways (two links each way between the random part and the rest): how many
  of the archetypes are given back on their own loops with their roles, and diagrams with more
  than one false match;
* in the examples: each archetype (up to two extra steps) drawn beside each example diagram of
  examples/, tied one way (three links from the example into it) or both ways (two links each
  way), five builds each: given back on its own loops with its roles, and builds where more matches
  lie off the archetype than the example gives alone (or more than one).

Usage: ``python benchmarks/measure_archetype_matches.py [--seed 20000] [--builds 90]``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

# The builders live with the tests: run from anywhere, as `make bench` runs the others.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cld_editor.analysis.archetypes import ArchetypeMatch, find_archetypes  # noqa: E402
from cld_editor.core import Diagram  # noqa: E402
from cld_editor.io import load  # noqa: E402
from tests.analysis.archetype_builders import BLUEPRINTS, Builder, random_diagram, roles_agree  # noqa: E402


def _without_delays(seed: int, variables: int, links: int) -> Diagram:
    builder = Builder(random.Random(seed))
    builder.random_part(variables, links, delays=0.0)
    return builder.diagram


def _given_back(match: ArchetypeMatch, archetype: str, roles: dict[str, str], drawn: frozenset[str],
                diagram: Diagram) -> bool:
    """The match is the drawn archetype: its loops run through the drawn variables only, roles right."""
    return (match.archetype == archetype and match.variables <= drawn
            and roles_agree(roles, match.role_names(diagram), loose=True))


def _false(matches: list[ArchetypeMatch], drawn: list[frozenset[str]]) -> int:
    """Matches (an ambiguous pair once) whose loops are not all made of one drawn archetype."""
    return len({m.loops for m in matches if not any(m.variables <= d for d in drawn)})


def false_matches(seed: int, count: int = 300) -> None:
    sizes = [("12 x 16", 12, 16, True), ("14 x 20", 14, 20, True), ("20 x 30", 20, 30, True),
             ("25 x 40", 25, 40, True), ("20 x 30, no delays", 20, 30, False)]
    for label, variables, links, delays in sizes:
        tally: Counter[int] = Counter()
        for s in range(seed, seed + count):
            d = random_diagram(s, variables, links) if delays else _without_delays(s, variables, links)
            tally[len([m for m in find_archetypes(d) if m.archetype != "escalation"])] += 1
        print(f"false matches, {label:20} " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.items())))


def crossing(seed: int, builds: int) -> None:
    for archetype in sorted(BLUEPRINTS):
        found = right = own = crowded = 0
        for s in range(seed, seed + builds):
            rng = random.Random(s)
            builder = Builder(rng)
            roles = builder.archetype(BLUEPRINTS[archetype], extra_steps=rng.randrange(3))
            builder.tie_both_ways(builder.random_part(12, 16), 3)
            matches = find_archetypes(builder.diagram)
            hits = [m for m in matches if m.archetype == archetype]
            found += bool(hits)
            right += any(roles_agree(roles, m.role_names(builder.diagram), loose=True) for m in hits)
            own += any(_given_back(m, archetype, roles, builder.drawn[0], builder.diagram) for m in hits)
            crowded += _false(matches, builder.drawn) > 1
        print(f"crossing  {archetype:28} found {found}/{builds}, with its roles {right}/{builds}, "
              f"on its own loops with its roles {own}/{builds}, more than one false match {crowded}")


def one_way(seed: int, builds: int, delays: bool) -> None:
    for archetype in sorted(BLUEPRINTS):
        blueprint = BLUEPRINTS[archetype]
        if not delays:
            blueprint = replace(blueprint, links=tuple((a, b, s, False) for a, b, s, _ in blueprint.links))
        found = crowded = 0
        for s in range(seed, seed + builds):
            rng = random.Random(s)
            builder = Builder(rng)
            roles = builder.archetype(blueprint, extra_steps=1 + s % 3)
            builder.connect(builder.random_part(10, 14), 3)
            matches = find_archetypes(builder.diagram)
            found += any(_given_back(m, archetype, roles, builder.drawn[0], builder.diagram) for m in matches)
            crowded += _false(matches, builder.drawn) > 1
        label = "one way" if delays else "no delays"
        print(f"{label:9} {archetype:28} on its own loops with its roles {found}/{builds}, "
              f"more than one false match {crowded}")


def three_in_one(seed: int, builds: int, both_ways: bool) -> None:
    given = total = crowded = 0
    missed: Counter[str] = Counter()
    for s in range(seed, seed + builds):
        rng = random.Random(s)
        builder = Builder(rng)
        drawn = [(a, builder.archetype(BLUEPRINTS[a], extra_steps=rng.randrange(3)))
                 for a in rng.sample(sorted(BLUEPRINTS), 3)]
        part = builder.random_part(10, 14)
        if both_ways:
            builder.tie_both_ways(part, 2)
        else:
            builder.connect(part, 4)
        for later, earlier in zip(builder.drawn[1:], builder.drawn):  # one way: no loop crosses
            builder.link(rng.choice(sorted(later)), rng.choice(sorted(earlier)), rng.choice("+-"))
        matches = find_archetypes(builder.diagram)
        for (archetype, roles), variables in zip(drawn, builder.drawn):
            total += 1
            if any(_given_back(m, archetype, roles, variables, builder.diagram) for m in matches):
                given += 1
            else:
                missed[archetype] += 1
        crowded += _false(matches, builder.drawn) > 1
    label = "both ways" if both_ways else "one way"
    print(f"three in one, {label:9} given back on their own loops with their roles {given}/{total}, "
          f"diagrams with more than one false match {crowded}/{builds}; missed "
          + (", ".join(f"{a} {n}" for a, n in sorted(missed.items())) or "none"))


def in_the_examples(seed: int, builds: int = 5) -> None:
    examples = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.cld"))
    for both_ways in (False, True):
        given = total = crowded = 0
        missed: Counter[str] = Counter()
        for path in examples:
            alone = len({m.loops for m in find_archetypes(load(path).diagram)})
            for archetype in sorted(BLUEPRINTS):
                for s in range(seed, seed + builds):
                    rng = random.Random(s)
                    builder = Builder(rng)
                    builder.diagram = load(path).diagram
                    builder.used = {v.name.casefold() for v in builder.diagram.variables.values()}
                    example = list(builder.diagram.variables)
                    roles = builder.archetype(BLUEPRINTS[archetype], extra_steps=rng.randrange(3))
                    if both_ways:
                        builder.tie_both_ways(example, 2)
                    else:
                        builder.connect(example, 3)
                    matches = find_archetypes(builder.diagram)
                    total += 1
                    if any(_given_back(m, archetype, roles, builder.drawn[0], builder.diagram) for m in matches):
                        given += 1
                    else:
                        missed[archetype] += 1
                    crowded += _false(matches, builder.drawn) > max(1, alone)
        label = "both ways" if both_ways else "one way"
        print(f"in the examples, {label:9} given back on its own loops with its roles {given}/{total}, "
              f"more false matches than the example alone {crowded}; missed "
              + (", ".join(f"{a} {n}" for a, n in sorted(missed.items())) or "none"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20000)
    parser.add_argument("--builds", type=int, default=90)
    options = parser.parse_args()
    false_matches(options.seed)
    crossing(options.seed, options.builds)
    one_way(options.seed, 40, delays=True)
    one_way(options.seed, 30, delays=False)
    three_in_one(options.seed, 150, both_ways=False)
    three_in_one(options.seed, 150, both_ways=True)
    in_the_examples(options.seed)


if __name__ == "__main__":
    main()
