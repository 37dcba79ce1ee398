"""Each variable's equation (the user's or the generated one) in Vensim's or XMILE's syntax.

The Vensim and XMILE writers call these so that another engine (Vensim,
Stella, PySD) runs the same model as ours: stocks become ``INTEG(rate,
initial)`` in Vensim and stocks with inflows and outflows in XMILE, a delayed
link's ``smooth()`` becomes ``SMOOTH`` / ``SMTH1``, ``if_then_else`` becomes
``IF THEN ELSE``.  When the diagram cannot be simulated (an equation error or
an algebraic loop) the functions return ``None`` and the writers fall back to
what they wrote before (Vensim's ``A FUNCTION OF``).

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> pop = d.new_variable("Population", kind="stock", initial=100)
>>> births = d.new_variable("Births")
>>> _ = d.new_link(pop.id, births.id, "+", strength=0.03)
>>> _ = d.new_link(births.id, pop.id, "+")
>>> vensim_equations(d)[pop.id]
'INTEG(Births, 100)'
>>> vensim_equations(d)[births.id]
'0.03*Population'
>>> [(e.tag, e.name, e.eqn, e.inflows) for e in xmile_entries(d)]
[('stock', 'Population', '100', ['Births']), ('flow', 'Births', '0.03*Population', [])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy

from ..core.diagram import Diagram
from ..core.errors import CldError
from ..core.naming import equation_name, name_key
from .model import Equation, Model, build_model
from .printer import to_text

_VENSIM_PLAIN = re.compile(r"^[^\W\d][\w $']*$")
_XMILE_PLAIN = re.compile(r"^[^\W\d]\w*$")


def vensim_name(name: str) -> str:
    """A name as Vensim writes it (quoted where it needs quotes).

    Examples
    --------
    >>> vensim_name("Birth  rate"), vensim_name("Jobs (UK)")
    ('Birth rate', '"Jobs (UK)"')
    """
    name = " ".join(name.split())
    if _VENSIM_PLAIN.match(name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def xmile_name(name: str) -> str:
    """A name as an XMILE equation writes it (spaces as ``_``, quoted where needed).

    Examples
    --------
    >>> xmile_name("Birth rate"), xmile_name("Jobs (UK)")
    ('Birth_rate', '"Jobs (UK)"')
    """
    name = " ".join(name.split())
    plain = name.replace(" ", "_")
    if _XMILE_PLAIN.match(plain):
        return plain
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _model(diagram: Diagram) -> Model | None:
    try:
        return build_model(diagram)
    except CldError:
        return None


def numeric_expr(model: Model, eq: Equation, strengths: dict[str, float] | None = None) -> sympy.Expr:
    """The equation with link strengths filled in as numbers (``strengths`` overrides the diagram's)."""
    from .model import _exact

    values = {**model.strengths, **(strengths or {})}
    subs = {}
    for sym in eq.expr.free_symbols:  # only the strengths this equation uses
        if sym.name.startswith("strength[") and sym.name[9:-1] in values:
            subs[sym] = _exact(values[sym.name[9:-1]])
    return eq.expr.xreplace(subs)


def _namer(diagram: Diagram, style: str):
    by_eq = {equation_name(v.name): v.name for v in diagram.variables.values()}
    write = vensim_name if style == "vensim" else xmile_name

    def name(symbol_name: str) -> str:
        return write(by_eq.get(symbol_name, symbol_name))

    return name


def vensim_equations(diagram: Diagram) -> dict[str, str] | None:
    """Each variable's Vensim right-hand side (the text after ``=``), by variable id."""
    model = _model(diagram)
    if model is None:
        return None
    name = _namer(diagram, "vensim")
    out = {}
    for vid, eq in model.equations.items():
        text = to_text(numeric_expr(model, eq), "vensim", name)
        if eq.kind == "stock":
            text = f"INTEG({text}, {to_text(eq.initial, 'vensim', name)})"
        out[vid] = text
    return out


@dataclass
class XmileEntry:
    """One XMILE variable: ``tag`` is stock, flow or aux; ``name`` as in the diagram."""

    tag: str
    name: str
    eqn: str
    inflows: list[str] = field(default_factory=list)
    outflows: list[str] = field(default_factory=list)
    variable_id: str | None = None  # None for a flow made up to carry a stock's rate
    carries: str | None = None  # a made-up flow: the id of the stock whose rate it carries
    non_negative: bool = False  # a stock that never goes below zero (its equation is generated)


def _flow_split(model: Model, stock: Equation, expr: sympy.Expr) -> tuple[list[str], list[str]] | None:
    """The stock's rate as inflows minus outflows of auxiliaries, if it is one."""
    by_symbol = model.by_symbol()
    ins, outs = [], []
    for term in sympy.Add.make_args(expr):
        coeff, rest = term.as_coeff_Mul()
        cause = by_symbol.get(rest) if rest.is_Symbol else None
        if cause is None or cause.kind != "auxiliary" or coeff not in (1, -1):
            return None
        (ins if coeff == 1 else outs).append(cause.variable.id)
    if not ins and not outs:
        return None
    return ins, outs


def xmile_entries(diagram: Diagram) -> list[XmileEntry] | None:
    """Every XMILE variable, stocks with their inflows and outflows, in diagram order.

    A stock whose rate is a sum and difference of auxiliaries gets them as its
    inflows and outflows (they become flows); any other rate is carried by a
    made-up flow named "<stock> change" (``carries`` names the stock), and the
    links into the stock are then drawn into that flow.
    """
    model = _model(diagram)
    if model is None:
        return None
    name = _namer(diagram, "xmile")
    flows: dict[str, None] = {}
    stocks: dict[str, tuple[list[str], list[str], XmileEntry | None]] = {}
    taken = {name_key(v.name) for v in diagram.variables.values()}
    for vid, eq in model.equations.items():
        if eq.kind != "stock":
            continue
        expr = numeric_expr(model, eq)
        split = _flow_split(model, eq, expr)
        if split is not None:
            ins, outs = split
            flows.update(dict.fromkeys(ins + outs))
            stocks[vid] = ([diagram.variables[i].name for i in ins], [diagram.variables[o].name for o in outs], None)
        else:
            flow_name = f"{eq.variable.name} change"
            n = 2
            while name_key(flow_name) in taken:
                flow_name = f"{eq.variable.name} change {n}"
                n += 1
            taken.add(name_key(flow_name))
            made = XmileEntry("flow", flow_name, to_text(expr, "xmile", name), carries=vid)
            stocks[vid] = ([flow_name], [], made)
    entries: list[XmileEntry] = []
    for vid, eq in model.equations.items():
        var = eq.variable
        if eq.kind == "stock":
            ins, outs, made = stocks[vid]
            entries.append(XmileEntry("stock", var.name, to_text(eq.initial, "xmile", name), ins, outs, vid,
                                      non_negative=eq.generated))
            if made is not None:
                entries.append(made)
            continue
        tag = "flow" if vid in flows else "aux"
        entries.append(XmileEntry(tag, var.name, to_text(numeric_expr(model, eq), "xmile", name), variable_id=vid))
    return entries
