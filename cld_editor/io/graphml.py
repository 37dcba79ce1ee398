"""GraphML (``.graphml``), read and written with networkx (see :mod:`.nxgraph`).

networkx parses GraphML with ElementTree, so the file is first checked for
DOCTYPE and ENTITY declarations, which are refused (:mod:`.safe_xml`).

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a = d.new_variable("Jobs", 0, 0); b = d.new_variable("Skills", 100, 0)
>>> _ = d.new_link(b.id, a.id, "+")
>>> [l.polarity for l in read(write(d)).diagram.links.values()]
['+']
"""

from __future__ import annotations


import networkx as nx

from ..core.diagram import Diagram
from ..core.errors import FileFormatError
from .nxgraph import from_graph, to_graph
from .result import ImportResult
from .safe_xml import parse_xml


def read(data: bytes, source: str = "") -> ImportResult:
    """Read a GraphML file."""
    parse_xml(data, source)  # refuses declarations and reports malformed XML with its place
    try:
        graph = nx.parse_graphml(data, node_type=str)
    # networkx's readers raise many kinds of error on a malformed graph (even a bare RuntimeError);
    # the bytes already passed the safe XML parser, so any of them just means "not a graph we can read".
    except Exception as exc:  # noqa: BLE001
        raise FileFormatError(f"not a GraphML graph networkx can read ({exc})", source) from None
    return from_graph(graph, source)


def write(diagram: Diagram) -> bytes:
    """Return ``diagram`` as GraphML."""
    return ("\n".join(nx.generate_graphml(to_graph(diagram), prettyprint=True)) + "\n").encode("utf-8")
