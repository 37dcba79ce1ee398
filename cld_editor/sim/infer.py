"""Link polarities from equations: the sign of the partial derivative.

A link ``x -> y`` is ``+`` when ``y``'s equation rises with ``x`` (``dy/dx > 0``),
``-`` when it falls.  Variables are taken as positive quantities (levels,
rates, counts), which is what settles the sign of ``births / lifetime`` and
similar; where the sign still depends on the values (``x * (1 - x)``), or the
target has no equation in our language, the polarity stays unknown.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> pop = d.new_variable("Population", kind="stock", equation="births - deaths")
>>> b, de = d.new_variable("Births"), d.new_variable("Deaths", equation="population / lifetime")
>>> life = d.new_variable("Lifetime")
>>> l1 = d.new_link(b.id, pop.id, "?"); l2 = d.new_link(de.id, pop.id, "?")
>>> l3 = d.new_link(pop.id, de.id, "?"); l4 = d.new_link(life.id, de.id, "?")
>>> [infer_polarities(d)[x.id] for x in (l1, l2, l3, l4)]
['+', '-', '+', '-']
>>> apply_inferred_polarity(d), d.links[l2.id].polarity, d.links[l2.id].inferred
(4, '-', True)
"""

from __future__ import annotations

import sympy

from ..core.diagram import Diagram
from ..core.errors import CldError
from ..core.naming import equation_name
from .expr import parse
from .functions import TIME, Smooth


def _slope_sign(expr: sympy.Expr, source: sympy.Symbol) -> str | None:
    plain = expr.replace(lambda e: isinstance(e, Smooth), lambda e: e.args[0])
    if not plain.has(source):
        return None
    positive = {s: sympy.Symbol(s.name, positive=True) for s in plain.free_symbols}
    positive[TIME] = sympy.Symbol("time", positive=True)
    try:
        slope = sympy.diff(plain, source).xreplace(positive)
        slope = sympy.simplify(slope) if slope.count_ops() < 200 else slope
    except (TypeError, ValueError, RecursionError):
        return None
    if slope.is_positive:
        return "+"
    if slope.is_negative:
        return "-"
    return None


def infer_polarities(diagram: Diagram) -> dict[str, str | None]:
    """The sign each link's target equation gives it: ``"+"``, ``"-"`` or ``None`` (unknown)."""
    result: dict[str, str | None] = {}
    parsed: dict[str, sympy.Expr | None] = {}
    for link in diagram.links.values():
        target = diagram.variables[link.target]
        if target.id not in parsed:
            parsed[target.id] = None
            if target.equation and target.equation.strip() and target.kind != "constant":
                try:
                    names = [equation_name(v.name) for v in diagram.variables.values()]
                    parsed[target.id] = parse(target.equation, target.name, names).expr
                except CldError:
                    pass
        expr = parsed[target.id]
        if expr is None:
            result[link.id] = None
            continue
        source = sympy.Symbol(equation_name(diagram.variables[link.source].name), real=True)
        result[link.id] = _slope_sign(expr, source)
    return result


def apply_inferred_polarity(diagram: Diagram) -> int:
    """Give each ``?`` link its inferred sign (marked ``inferred``); return how many changed."""
    changed = 0
    for link_id, sign in infer_polarities(diagram).items():
        link = diagram.links[link_id]
        if link.polarity == "?" and sign is not None:
            diagram.update_link(link_id, polarity=sign, inferred=True)
            changed += 1
    return changed
