"""GEXF (``.gexf``, Gephi's format), read and written with networkx (see :mod:`.nxgraph`).

Positions are written as GEXF ``viz:position`` (with y pointing up, as Gephi
draws it) and read back from there.  The file is checked for DOCTYPE and
ENTITY declarations first, which are refused (:mod:`.safe_xml`).

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a = d.new_variable("Jobs", 0, 10); b = d.new_variable("Skills", 100, 0)
>>> _ = d.new_link(b.id, a.id, "-")
>>> back = read(write(d)).diagram
>>> [l.polarity for l in back.links.values()], back.variable_by_name("Jobs").y
(['-'], 10.0)
"""

from __future__ import annotations

import io

import networkx as nx

from ..core.diagram import Diagram
from ..core.errors import FileFormatError
from .nxgraph import from_graph, to_graph
from .result import ImportResult
from .safe_xml import parse_xml


def read(data: bytes, source: str = "") -> ImportResult:
    """Read a GEXF file."""
    parse_xml(data, source)
    try:
        graph = nx.read_gexf(io.BytesIO(data), node_type=str)
    # networkx's readers raise many kinds of error on a malformed graph (even a bare RuntimeError);
    # the bytes already passed the safe XML parser, so any of them just means "not a graph we can read".
    except Exception as exc:  # noqa: BLE001
        raise FileFormatError(f"not a GEXF graph networkx can read ({exc})", source) from None
    return from_graph(graph, source)


def write(diagram: Diagram) -> bytes:
    """Return ``diagram`` as GEXF 1.2 with positions."""
    return ("\n".join(nx.generate_gexf(to_graph(diagram, viz=True), prettyprint=True)) + "\n").encode("utf-8")
