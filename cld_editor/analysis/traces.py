"""Causes and uses trees: what drives a variable, and what it drives.

A tree stops at the depth asked for and where a variable repeats on the way
(the branch closes a loop), so it is always finite.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> jobs, work, crime = (d.new_variable(n) for n in ("Jobs", "Worklessness", "Crime"))
>>> _ = d.new_link(jobs.id, work.id, "-"); _ = d.new_link(work.id, crime.id, "+")
>>> tree = causes_tree(d, crime.id, depth=3)
>>> [(d.variables[c.variable].name, c.polarity) for c in tree.children]
[('Worklessness', '+')]
>>> print(tree.render(d))
Crime
  <- (+) Worklessness
    <- (-) Jobs
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.diagram import Diagram
from ..core.naming import sort_key


@dataclass
class TraceNode:
    """A variable in a causes or uses tree.

    ``link`` and ``polarity`` describe the link to the parent (``None`` at the
    root); ``repeated`` marks a variable already on the path from the root,
    whose branch therefore stops (it closes a loop).
    """

    variable: str
    link: str | None = None
    polarity: str | None = None
    delayed: bool = False
    repeated: bool = False
    children: list["TraceNode"] = field(default_factory=list)

    def size(self) -> int:
        """Number of nodes in the tree."""
        return 1 + sum(child.size() for child in self.children)

    def render(self, diagram: Diagram, arrow: str = "<-", indent: str = "") -> str:
        """Return the tree as indented text."""
        name = diagram.variables[self.variable].name
        if self.link is None:
            head = name
        else:
            marks = " (delay)" if self.delayed else ""
            head = f"{indent}{arrow} ({self.polarity}) {name}{marks}{' ...loop' if self.repeated else ''}"
        lines = [head]
        for child in self.children:
            lines.append(child.render(diagram, arrow, indent + "  "))
        return "\n".join(lines)


def _tree(diagram: Diagram, root: str, depth: int, upstream: bool) -> TraceNode:
    diagram.get("variable", root)

    def grow(node: TraceNode, on_path: frozenset[str], level: int) -> None:
        if level >= depth or node.repeated:
            return
        links = diagram.links_into(node.variable) if upstream else diagram.links_from(node.variable)
        links.sort(key=lambda lk: sort_key(diagram.variables[lk.source if upstream else lk.target].name))
        for link in links:
            other = link.source if upstream else link.target
            child = TraceNode(other, link.id, link.polarity, link.delay, other in on_path)
            node.children.append(child)
            grow(child, on_path | {other}, level + 1)

    top = TraceNode(root)
    grow(top, frozenset([root]), 0)
    return top


def causes_tree(diagram: Diagram, variable_id: str, depth: int = 3) -> TraceNode:
    """What drives ``variable_id``, ``depth`` links upstream."""
    return _tree(diagram, variable_id, depth, upstream=True)


def uses_tree(diagram: Diagram, variable_id: str, depth: int = 3) -> TraceNode:
    """What ``variable_id`` drives, ``depth`` links downstream."""
    return _tree(diagram, variable_id, depth, upstream=False)
