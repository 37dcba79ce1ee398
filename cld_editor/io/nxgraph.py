"""Diagrams as networkx graphs: the common ground of the GraphML and GEXF modules.

A variable is a node (``label``, ``x``, ``y``, ``kind``, ...), a link an edge
(``polarity``, ``delay``, ``label``...).  Reading is forgiving: a node's name
is its ``label`` or ``name`` attribute, else its id; an edge's sign is its
``polarity``, ``sign`` or ``type`` attribute (or a negative ``weight``);
positions come from ``x``/``y`` attributes or GEXF's ``viz`` position.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a = d.new_variable("Jobs", 10, 20); b = d.new_variable("Worklessness", 200, 20)
>>> _ = d.new_link(a.id, b.id, "-", delay=True)
>>> back = from_graph(to_graph(d)).diagram
>>> [(l.polarity, l.delay) for l in back.links.values()], back.variable_by_name("Jobs").x
([('-', True)], 10.0)
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..core.diagram import Diagram
from .build import DiagramBuilder
from .evidence_notes import evidence_fields, evidence_from_fields
from .kumu import sign_of, truthy
from .result import ImportResult

NODE_KEYS = ("kind", "units", "notes", "equation")
EDGE_KEYS = ("label", "notes")
GRAPH_EVIDENCE_KEYS = {"confidence": "confidence", "source": "evidence_source", "proposed by": "proposed_by"}


def to_graph(diagram: Diagram, viz: bool = False) -> nx.DiGraph:
    """A directed graph with the diagram's variables and links (``viz``: GEXF positions too)."""
    g = nx.DiGraph(name=diagram.title or "diagram")
    for var in diagram.variables.values():
        attrs: dict[str, Any] = {"label": var.name, "x": float(var.x), "y": float(var.y)}
        for key in NODE_KEYS:
            value = getattr(var, key)
            if value:
                attrs[key] = str(value)
        if var.initial is not None:
            attrs["initial"] = str(var.initial)
        if viz:
            attrs["viz"] = {"position": {"x": float(var.x), "y": float(-var.y), "z": 0.0}}
        g.add_node(var.id, **attrs)
    for link in diagram.links.values():
        attrs = {"polarity": link.polarity, "delay": bool(link.delay)}
        for key in EDGE_KEYS:
            value = getattr(link, key)
            if value:
                attrs[key] = str(value)
        # "source" alone would read like the edge's own end in Gephi's table: say what it is.
        attrs.update({GRAPH_EVIDENCE_KEYS[key]: value for key, value in evidence_fields(link.evidence).items()})
        g.add_edge(link.source, link.target, **attrs)
    return g


def _position(attrs: dict[str, Any]) -> tuple[float | None, float | None]:
    viz = attrs.get("viz")
    if isinstance(viz, dict) and isinstance(viz.get("position"), dict):
        pos = viz["position"]
        try:
            return float(pos.get("x")), -float(pos.get("y"))
        except (TypeError, ValueError):
            pass
    try:
        return float(attrs["x"]), float(attrs["y"])
    except (KeyError, TypeError, ValueError):
        return None, None


def from_graph(graph: nx.Graph, source: str = "") -> ImportResult:
    """Build a diagram from any networkx graph (undirected edges become a link each way)."""
    b = DiagramBuilder(str(graph.graph.get("name") or ""), source)
    for node, attrs in graph.nodes(data=True):
        name = str(attrs.get("label") or attrs.get("name") or node)
        x, y = _position(attrs)
        fields: dict[str, Any] = {}
        if attrs.get("kind") in ("auxiliary", "stock", "constant"):
            fields["kind"] = attrs["kind"]
        for key in ("units", "notes", "equation"):
            if isinstance(attrs.get(key), str):
                fields[key] = attrs[key]
        if isinstance(attrs.get("initial"), str) and attrs["initial"]:
            try:
                fields["initial"] = float(attrs["initial"])
            except ValueError:
                fields["initial"] = attrs["initial"]
        b.variable(str(node), name, x, y, **fields)
    edges = graph.edges(data=True)
    for u, v, attrs in edges:
        polarity = "?"
        for key in ("polarity", "sign", "type"):
            polarity = sign_of(attrs.get(key))
            if polarity != "?":
                break
        weight = attrs.get("weight")
        if polarity == "?" and isinstance(weight, (int, float)) and weight < 0:
            polarity = "-"
        extra: dict[str, Any] = {k: str(attrs[k]) for k in EDGE_KEYS if attrs.get(k)}
        extra["evidence"] = evidence_from_fields({k: attrs.get(v) for k, v in GRAPH_EVIDENCE_KEYS.items()
                                                  if attrs.get(v) is not None})
        b.link(b.keys[str(u)], b.keys[str(v)], polarity, delay=truthy(attrs.get("delay")), **extra)
        if not graph.is_directed():
            b.link(b.keys[str(v)], b.keys[str(u)], polarity, delay=truthy(attrs.get("delay")), **extra)
    if not graph.is_directed() and graph.number_of_edges():
        b.warn("the graph is undirected, so every edge became two links, one each way")
    if graph.is_multigraph():
        b.warn("repeated edges between the same two nodes were merged into one link")
    return b.finish()
