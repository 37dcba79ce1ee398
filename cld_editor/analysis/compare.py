"""What changed between two versions of a diagram, loop by loop.

Variables are matched first by id and name together, then by name alone
(ignoring case and surrounding spaces: the same variable re-made in another
tool), then by id alone (a rename).  Links are matched by their matched ends.
A loop is identified by its member set: a loop of the new version whose
members are the matched members of an old loop is the same loop (when two
loops share a member set, their order tells them apart).  Loops are listed in
the loop engine's order, with members from the canonical start (docs/architecture.md,
"Loop rules"), named as in the version they belong to.

Examples
--------
>>> from cld_editor.core import Diagram
>>> old = Diagram()
>>> jobs, work = (old.new_variable(n).id for n in ("Jobs", "Worklessness"))
>>> _ = old.new_link(jobs, work, "-"); _ = old.new_link(work, jobs, "-")
>>> new = old.copy()
>>> _ = new.update_link("l2", polarity="+")
>>> _ = new.update_variable(jobs, name="Vacancies")
>>> diff = compare(old, new)
>>> diff.to_json()["variables"]["renamed"], diff.to_json()["links"]["sign_changed"]
([['Jobs', 'Vacancies']], [['Worklessness', 'Vacancies', '-', '+']])
>>> diff.to_json()["loops"]["polarity_changed"]
[{'members': ['Vacancies', 'Worklessness'], 'old': 'R', 'new': 'B'}]
>>> compare(old, old).is_empty()
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.diagram import Diagram
from ..core.naming import name_key
from .loops import Loop, find_loops

#: Loop polarity codes in the JSON of ``compare``: R, B, or U for unknown.
JSON_POLARITY = {"R": "R", "B": "B", "?": "U"}


@dataclass
class Comparison:
    """The differences between ``old`` and ``new`` (names as each version spells them)."""

    variables_added: list[str] = field(default_factory=list)
    variables_removed: list[str] = field(default_factory=list)
    variables_renamed: list[tuple[str, str]] = field(default_factory=list)
    links_added: list[tuple[str, str, str]] = field(default_factory=list)
    links_removed: list[tuple[str, str, str]] = field(default_factory=list)
    links_sign_changed: list[tuple[str, str, str, str]] = field(default_factory=list)
    loops_gained: list[tuple[list[str], str]] = field(default_factory=list)
    loops_lost: list[tuple[list[str], str]] = field(default_factory=list)
    loops_polarity_changed: list[tuple[list[str], str, str]] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when nothing changed."""
        return not any(getattr(self, name) for name in self.__dataclass_fields__)

    def to_json(self) -> dict[str, Any]:
        """The object ``cld-editor compare --json`` prints (issue 12's contract)."""
        return {
            "variables": {"added": list(self.variables_added), "removed": list(self.variables_removed),
                          "renamed": [list(pair) for pair in self.variables_renamed]},
            "links": {"added": [list(x) for x in self.links_added],
                      "removed": [list(x) for x in self.links_removed],
                      "sign_changed": [list(x) for x in self.links_sign_changed]},
            "loops": {"gained": [{"members": m, "polarity": p} for m, p in self.loops_gained],
                      "lost": [{"members": m, "polarity": p} for m, p in self.loops_lost],
                      "polarity_changed": [{"members": m, "old": o, "new": n}
                                           for m, o, n in self.loops_polarity_changed]},
        }


def match_variables(old: Diagram, new: Diagram) -> dict[str, str]:
    """Map old variable ids to the new ids of the same variables.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> a, b = Diagram(), Diagram()
    >>> _ = a.new_variable("Jobs"); _ = a.new_variable("Skills")
    >>> _ = b.new_variable("Skills"); _ = b.new_variable("Training")
    >>> match_variables(a, b)  # Skills by name although its id changed; Jobs has no counterpart
    {'v2': 'v1'}
    >>> _ = b.update_variable("v1", name="Training and skills")
    >>> match_variables(a, b)  # no names in common: matched by id, two renames
    {'v1': 'v1', 'v2': 'v2'}
    """
    matched: dict[str, str] = {}
    taken: set[str] = set()

    def pair(old_id: str, new_id: str) -> None:
        matched[old_id] = new_id
        taken.add(new_id)

    for vid, var in old.variables.items():  # the same id and the same name
        twin = new.variables.get(vid)
        if twin is not None and name_key(twin.name) == name_key(var.name):
            pair(vid, vid)
    for vid, var in old.variables.items():  # the same name under another id
        twin = new.variable_by_name(var.name)
        if vid not in matched and twin is not None and twin.id not in taken:
            pair(vid, twin.id)
    for vid in old.variables:  # the same id under another name: a rename
        if vid not in matched and vid in new.variables and vid not in taken:
            pair(vid, vid)
    return matched


def _members(loop: Loop, translate: dict[str, str], side: str) -> list[str]:
    # Matched variables by their new id; the others can belong to no loop of the other side.
    return [translate.get(v, f"{side}:{v}") for v in loop.variables]


def _loop_keys(loops: list[Loop], translate: dict[str, str], side: str) -> dict[frozenset[str], list[Loop]]:
    groups: dict[frozenset[str], list[Loop]] = {}
    for loop in loops:
        groups.setdefault(frozenset(_members(loop, translate, side)), []).append(loop)
    return groups


def _cycle(loop: Loop, translate: dict[str, str], side: str) -> tuple[str, ...]:
    # The member order, rotated to a fixed start so the two versions' orders compare.
    ids = _members(loop, translate, side)
    start = ids.index(min(ids))
    return tuple(ids[start:] + ids[:start])


def _pair_loops(old_loops: list[Loop], new_loops: list[Loop], matched: dict[str, str]):
    """Yield ``(old_loop, new_loop)`` with either side ``None`` when a loop has no counterpart."""
    same = {vid: vid for vid in matched.values()}
    old_groups, new_groups = _loop_keys(old_loops, matched, "old"), _loop_keys(new_loops, same, "new")
    pairs: dict[int, Loop | None] = {}
    for key, olds in old_groups.items():
        news = list(new_groups.get(key, []))
        if len(olds) == 1 and len(news) == 1:
            pairs[id(olds[0])] = news[0]
            continue
        for loop in olds:  # several loops on one member set: their order decides
            order = _cycle(loop, matched, "old")
            twin = next((n for n in news if _cycle(n, same, "new") == order), None)
            pairs[id(loop)] = twin
            if twin is not None:
                news.remove(twin)
    return pairs


def compare(old: Diagram, new: Diagram) -> Comparison:
    """Compare two versions of a diagram (see the module's description for the matching rules)."""
    out = Comparison()
    matched = match_variables(old, new)
    names_old = {vid: v.name for vid, v in old.variables.items()}
    names_new = {vid: v.name for vid, v in new.variables.items()}
    reached = set(matched.values())
    out.variables_added = [v.name for vid, v in new.variables.items() if vid not in reached]
    out.variables_removed = [v.name for vid, v in old.variables.items() if vid not in matched]
    out.variables_renamed = [(v.name, names_new[matched[vid]]) for vid, v in old.variables.items()
                             if vid in matched and names_new[matched[vid]] != v.name]

    old_links = {}
    for link in old.links.values():
        ends = matched.get(link.source), matched.get(link.target)
        old_links[ends if None not in ends else ("old:" + link.id,)] = link
    seen = set()
    for link in new.links.values():
        before = old_links.get((link.source, link.target))
        src, dst = names_new[link.source], names_new[link.target]
        if before is None:
            out.links_added.append((src, dst, link.polarity))
            continue
        seen.add(before.id)
        if before.polarity != link.polarity:
            out.links_sign_changed.append((src, dst, before.polarity, link.polarity))
    out.links_removed = [(names_old[link.source], names_old[link.target], link.polarity)
                         for link in old.links.values() if link.id not in seen]

    old_loops, new_loops = find_loops(old).loops, find_loops(new).loops
    pairs = _pair_loops(old_loops, new_loops, matched)
    found = {id(twin) for twin in pairs.values() if twin is not None}
    for loop in old_loops:
        if pairs.get(id(loop)) is None:
            out.loops_lost.append((loop.variable_names(old), JSON_POLARITY[loop.polarity]))
    for loop in new_loops:
        if id(loop) not in found:
            out.loops_gained.append((loop.variable_names(new), JSON_POLARITY[loop.polarity]))
    twins = {id(twin): loop for loop in old_loops if (twin := pairs.get(id(loop))) is not None}
    for loop in new_loops:
        before = twins.get(id(loop))
        if before is not None and before.polarity != loop.polarity:
            out.loops_polarity_changed.append((loop.variable_names(new), JSON_POLARITY[before.polarity],
                                               JSON_POLARITY[loop.polarity]))
    return out


def describe(diff: Comparison, old_label: str = "old", new_label: str = "new") -> str:
    """The comparison as readable text, loops first: they are what a reader wants to know.

    Examples
    --------
    >>> print(describe(Comparison(loops_gained=[(["Jobs", "Skills"], "R")], variables_added=["Skills"])))
    Loops gained (1):
      + R  Jobs -> Skills -> Jobs
    Variables added (1): Skills
    """
    if diff.is_empty():
        return f"No differences: {new_label} has the same variables, links and loops as {old_label}."
    lines: list[str] = []

    def cycle(members: list[str]) -> str:
        return " -> ".join(members + members[:1])

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {item}" for item in items)

    section("Loops gained", [f"+ {p}  {cycle(m)}" for m, p in diff.loops_gained])
    section("Loops lost", [f"- {p}  {cycle(m)}" for m, p in diff.loops_lost])
    section("Loops that changed polarity", [f"{o} -> {n}  {cycle(m)}" for m, o, n in diff.loops_polarity_changed])
    for title, names in (("Variables added", diff.variables_added), ("Variables removed", diff.variables_removed)):
        if names:
            lines.append(f"{title} ({len(names)}): {', '.join(names)}")
    section("Variables renamed", [f'"{a}" -> "{b}"' for a, b in diff.variables_renamed])
    section("Links added", [f"{a} -> {b} ({s})" for a, b, s in diff.links_added])
    section("Links removed", [f"{a} -> {b} ({s})" for a, b, s in diff.links_removed])
    section("Links that changed sign", [f"{a} -> {b}: {o} to {n}" for a, b, o, n in diff.links_sign_changed])
    return "\n".join(lines)
