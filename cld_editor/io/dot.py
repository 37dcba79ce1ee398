"""Graphviz DOT export (``.dot``, ``.gv``): the diagram for ``dot``/``neato`` and the many tools that read DOT.

Each variable is a node labelled with its name and pinned at its position
(``pos="x,y!"`` in points, y pointing up as Graphviz draws it; ``neato -n``
keeps them); stocks are boxes.  Each link is an edge labelled with its sign,
``||`` added for a delay, and drawn dashed when its sign is unknown.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram(title="Jobs")
>>> a = d.new_variable("Jobs", 0, 0); b = d.new_variable('Say "hi"', 100, 50)
>>> _ = d.new_link(a.id, b.id, "-", delay=True)
>>> print(write(d).decode())
digraph "Jobs" {
  graph [overlap=false, splines=true];
  node [shape=plaintext, fontname="Helvetica"];
  edge [fontname="Helvetica"];
  "v1" [label="Jobs", pos="0,0!"];
  "v2" [label="Say \\"hi\\"", pos="100,-50!"];
  "v1" -> "v2" [label="− ||", arrowhead=vee];
}
<BLANKLINE>
"""

from __future__ import annotations

from ..core.diagram import Diagram

SIGNS = {"+": "+", "-": "−", "?": "?"}


def quote(text: str) -> str:
    """A DOT double-quoted string.

    Examples
    --------
    >>> quote('a "b"\\nc')
    '"a \\\\"b\\\\"\\\\nc"'
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def write(diagram: Diagram) -> bytes:
    """Return the DOT text of ``diagram``."""
    lines = [f"digraph {quote(diagram.title or 'diagram')} {{",
             "  graph [overlap=false, splines=true];",
             '  node [shape=plaintext, fontname="Helvetica"];',
             '  edge [fontname="Helvetica"];']
    for var in diagram.variables.values():
        shape = ", shape=box" if var.kind == "stock" else ""
        lines.append(f"  {quote(var.id)} [label={quote(var.name)}, pos=\"{_num(var.x)},{_num(-var.y)}!\"{shape}];")
    for link in diagram.links.values():
        label = SIGNS[link.polarity] + (" ||" if link.delay else "")
        style = ", style=dashed" if link.polarity == "?" else ""
        lines.append(f"  {quote(link.source)} -> {quote(link.target)} [label={quote(label)}, arrowhead=vee{style}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")
