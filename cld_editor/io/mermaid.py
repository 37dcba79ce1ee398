"""Mermaid flowchart export (``.mmd``): a diagram to paste into Markdown documents, wikis and slides.

Mermaid lays the chart out itself, so positions are not carried over; names,
signs and delays are (``-->|+|``; a delay is written ``+ ‖``; an unknown sign
is a dotted arrow).  Quotes and other characters Mermaid treats specially are
written as entity codes (``#quot;``), so any name is safe.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a = d.new_variable("Jobs"); b = d.new_variable('Say "hi"')
>>> _ = d.new_link(a.id, b.id, "-", delay=True); _ = d.new_link(b.id, a.id, "?")
>>> print(write(d).decode())
flowchart LR
  v1["Jobs"]
  v2["Say #quot;hi#quot;"]
  v1 -->|"− ‖"| v2
  v2 -.->|"?"| v1
<BLANKLINE>
"""

from __future__ import annotations

import re

from ..core.diagram import Diagram

SIGNS = {"+": "+", "-": "−", "?": "?"}
_SPECIAL = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "|": "#124;", "`": "#96;"}


def escape(text: str) -> str:
    """Make text safe inside a Mermaid ``"..."`` label.

    Examples
    --------
    >>> escape('a "b" <c>')
    'a #quot;b#quot; #lt;c#gt;'
    """
    text = " ".join(text.split())
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def _node_id(vid: str) -> str:
    return re.sub(r"\W", "_", vid) or "v"


def write(diagram: Diagram) -> bytes:
    """Return a Mermaid flowchart of ``diagram``."""
    lines = ["flowchart LR"]
    ids = {}
    for var in diagram.variables.values():
        node = _node_id(var.id)
        while node in ids.values():
            node += "_"
        ids[var.id] = node
        shape = ('["', '"]') if var.kind != "stock" else ('[["', '"]]')
        lines.append(f"  {node}{shape[0]}{escape(var.name)}{shape[1]}")
    for link in diagram.links.values():
        label = SIGNS[link.polarity] + (" ‖" if link.delay else "")
        arrow = "-.->" if link.polarity == "?" else "-->"
        lines.append(f'  {ids[link.source]} {arrow}|"{escape(label)}"| {ids[link.target]}')
    return ("\n".join(lines) + "\n").encode("utf-8")
