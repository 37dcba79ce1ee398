"""The steps of a presentation: build the diagram up, then walk through its loops.

No Qt here: a :class:`Plan` is a list of :class:`Step` that the presentation
window shows one at a time, so the order can be tested on its own.

The build order
---------------
A trainer can fix the order in which variables appear.  It is kept in the
diagram file under ``extra["presentation"]["order"]``: a list whose items are
variable ids, or lists of variable ids that appear together::

    "presentation": {"order": [["v1", "v2"], "v3", "v5"]}

Ids that no longer exist are skipped; variables the order leaves out appear
after it, in the default order.  Without an order the diagram is built loop
by loop: the shortest loop first (its variables in loop order), then each
following loop adds the variables it brings, then the variables on no loop.

Which loops are shown
---------------------
Loops with a loop label come first, in the order of their codes (a trainer
labels the loops worth talking about); then the remaining loops, shortest
first, up to :data:`MAX_LOOPS` in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from .loop_labels import match_labels
from .loops import POLARITY_WORDS, Loop, find_loops
from .stories import loop_story
from ..core.diagram import Diagram
from ..core.words import plural

MAX_LOOPS = 40
ORDER_KEY = "presentation"


@dataclass(frozen=True)
class Step:
    """One screen of the presentation.

    ``visible`` are the variable ids shown (links show when both ends do);
    ``new`` the ones this step adds; ``loop`` the highlighted loop, if any.
    """

    kind: str  # "build", "whole" or "loop"
    visible: frozenset[str]
    caption: str
    heading: str = ""
    new: tuple[str, ...] = ()
    loop: Loop | None = None
    label_name: str = ""


@dataclass
class Plan:
    """All the steps, in order."""

    steps: list[Step] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index: int) -> Step:
        return self.steps[index]


def stored_order(diagram: Diagram) -> list[list[str]]:
    """The trainer's build order from the diagram (groups of ids), or ``[]``.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram(extra={"presentation": {"order": [["v1", "v2"], "v3", 7]}})
    >>> stored_order(d)
    [['v1', 'v2'], ['v3']]
    """
    section = diagram.extra.get(ORDER_KEY) if isinstance(diagram.extra, dict) else None
    raw = section.get("order") if isinstance(section, dict) else None
    if not isinstance(raw, list):
        return []
    groups = []
    for entry in raw:
        if isinstance(entry, str):
            groups.append([entry])
        elif isinstance(entry, list):
            ids = [v for v in entry if isinstance(v, str)]
            if ids:
                groups.append(ids)
    return groups


def with_order(diagram: Diagram, groups: Sequence[Sequence[str]]) -> dict[str, Any]:
    """The diagram's ``extra`` with the build order set to ``groups`` (a new dict, for an undoable edit).

    Groups of one variable are written as a plain id.
    """
    extra = dict(diagram.extra)
    section = dict(extra.get(ORDER_KEY) or {}) if isinstance(extra.get(ORDER_KEY), dict) else {}
    section["order"] = [g[0] if len(g) == 1 else list(g) for g in groups if g]
    extra[ORDER_KEY] = section
    return extra


def default_order(diagram: Diagram, loops: Sequence[Loop]) -> list[list[str]]:
    """Loop by loop: each loop adds the variables it brings, then the variables on no loop.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> a, b, c, e = (d.new_variable(n).id for n in "abce")
    >>> for s, t in [(a, b), (b, a), (b, c), (c, a)]:
    ...     _ = d.new_link(s, t)
    >>> default_order(d, find_loops(d).loops)
    [['v1', 'v2'], ['v3'], ['v4']]
    """
    seen: set[str] = set()
    groups = []
    for loop in loops:
        new = [v for v in loop.variables if v not in seen and v in diagram.variables]
        if new:
            groups.append(new)
            seen.update(new)
    rest = [v for v in diagram.variables if v not in seen]
    # Variables on no loop come in one step each, those linked to what is shown first.
    while rest:
        linked = next((v for v in rest if any(lk.source in seen or lk.target in seen
                                               for lk in diagram.links_of(v))), rest[0])
        groups.append([linked])
        seen.add(linked)
        rest.remove(linked)
    return groups


def build_order(diagram: Diagram, loops: Sequence[Loop]) -> list[list[str]]:
    """The trainer's order (cleaned of unknown ids) followed by whatever it leaves out."""
    groups: list[list[str]] = []
    seen: set[str] = set()
    for group in stored_order(diagram):
        ids = [v for v in group if v in diagram.variables and v not in seen]
        if ids:
            groups.append(ids)
            seen.update(ids)
    if not groups:
        return default_order(diagram, loops)
    for group in default_order(diagram, loops):
        ids = [v for v in group if v not in seen]
        if ids:
            groups.append(ids)
            seen.update(ids)
    return groups


def presentation_loops(diagram: Diagram, limit: int = MAX_LOOPS) -> tuple[list[Loop], dict[str, str]]:
    """The loops to walk through (labelled first) and the label name of each by loop name."""
    found = find_loops(diagram, limit=max(limit, 1) * 4).loops
    labels = list(diagram.loop_labels.values())
    named = {}
    labelled = []
    by_id = {label.id: label for label in labels}
    for match in match_labels(labels, found):
        labelled.append(match.loop)
        named[match.loop.name] = by_id[match.label].name
    labelled.sort(key=lambda lp: (lp.polarity != "R", int(lp.name[1:]) if lp.name[1:].isdigit() else 0))
    rest = [lp for lp in found if lp.name not in named]
    return (labelled + rest)[:limit], named


def make_plan(diagram: Diagram, limit: int = MAX_LOOPS) -> Plan:
    """Build the diagram step by step, show it whole, then one step per loop.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram(title="Jobs")
    >>> a, b = d.new_variable("Jobs").id, d.new_variable("Worklessness").id
    >>> _ = d.new_link(a, b, "-"); _ = d.new_link(b, a, "+")
    >>> [(s.kind, sorted(s.visible), s.heading) for s in make_plan(d).steps]
    [('build', ['v1', 'v2'], 'Jobs'), ('whole', ['v1', 'v2'], 'Jobs'), ('loop', ['v1', 'v2'], 'B1 \u00b7 balancing loop')]
    """
    if not diagram.variables:
        return Plan()
    loops, named = presentation_loops(diagram, limit)
    everything = frozenset(diagram.variables)
    plan = Plan()
    shown: set[str] = set()
    title = diagram.title or "Causal loop diagram"
    variables = diagram.variables
    for i, group in enumerate(build_order(diagram, loops)):
        shown.update(group)
        names = ", ".join(variables[v].name for v in group)
        caption = (diagram.description or f"We start with {names}.") if i == 0 else f"Adding {names}."
        plan.steps.append(Step("build", frozenset(shown), caption, title, tuple(group)))
    total = find_loops(diagram, limit=10_000)
    count = len(total.loops)
    more = "" if total.complete else " or more"
    r = sum(lp.polarity == "R" for lp in total.loops)
    b = sum(lp.polarity == "B" for lp in total.loops)
    summary = (f"{plural(len(variables), 'variable')}, {plural(len(diagram.links), 'link')} and {count:,}{more} "
               f"feedback loop{'s' if count != 1 or more else ''}: {r:,} reinforcing, {b:,} balancing.")
    plan.steps.append(Step("whole", everything, summary, title))
    for loop in loops:
        heading = f"{loop.name} \u00b7 {POLARITY_WORDS[loop.polarity]} loop"
        name = named.get(loop.name, "")
        if name:
            heading += f": {name}"
        plan.steps.append(Step("loop", everything, loop_story(diagram, loop), heading, loop=loop, label_name=name))
    return plan
