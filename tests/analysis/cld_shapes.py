"""Generated diagrams shaped like real causal-loop diagrams (tests and the layout benchmark use them).

Overlapping loops of 3-6 variables that share hubs, a few two-variable loops
and a few outside causes, with names of realistic lengths.
"""

from __future__ import annotations

import random

from cld_editor.core import Diagram

_SUBJECTS = ("Jobs", "Skills", "Worklessness", "Demand for services", "Staff morale", "Waiting list",
             "Funding", "Public trust", "Crime", "Housing quality", "Repairs backlog", "Tenant complaints",
             "Benefit claims", "School attendance", "Family stress", "Training places", "Employer confidence",
             "Local spending", "Business investment", "Population", "Vacant homes", "Rent arrears",
             "Health", "Caseload per worker", "Quality of care", "Referrals", "Budget pressure",
             "Overtime", "Sickness absence", "Recruitment", "Reputation", "Productivity")
_QUALIFIERS = ("", "", "Perceived ", "Average ", "Local ", "Pressure on ", "Time to improve ")


def cld_shaped(n: int, seed: int) -> Diagram:
    """A diagram of ``n`` variables built from overlapping short loops sharing hubs."""
    rng = random.Random(seed)
    d = Diagram()
    names: set[str] = set()

    def new_var() -> str:
        while True:
            name = (rng.choice(_QUALIFIERS) + rng.choice(_SUBJECTS)).strip()
            name = name[0].upper() + name[1:]
            if name.lower() in names:
                name = f"{name} {len(names)}"
            if name.lower() not in names:
                names.add(name.lower())
                return d.new_variable(name).id

    def link(a: str, b: str) -> None:
        if a != b and d.link_between(a, b) is None:
            d.new_link(a, b, rng.choice("++-"))

    hubs = [new_var() for _ in range(max(1, n // 14))]
    while len(d.variables) < n:
        size = rng.choice((3, 3, 4, 4, 5, 6))
        members = [rng.choice(hubs)]
        if len(d.variables) > 4 and rng.random() < 0.35:
            members.append(rng.choice(list(d.variables)))
        while len(members) < size and len(d.variables) < n:
            members.append(new_var())
        members = list(dict.fromkeys(members))
        if len(members) < 3:
            continue
        rng.shuffle(members[1:])
        for i, v in enumerate(members):
            link(v, members[(i + 1) % len(members)])
    ids = list(d.variables)
    for _ in range(max(1, n // 15)):  # a few two-variable loops
        a = rng.choice(ids)
        outs = d.links_from(a)
        if outs:
            link(outs[0].target, a)
    for _ in range(max(1, n // 12)):  # a few outside causes (on no loop)
        a, b = rng.sample(ids, 2)
        if not d.links_into(a) or rng.random() < 0.3:
            link(a, b)
    return d
