"""From a diagram to equations: kinds, generated equations, checks (plain words: :mod:`.explanation`).

Every variable gets one :class:`Equation`:

* a **constant** is a number (its ``equation``, else its ``initial``, else
  :data:`DEFAULT_INPUT`); so is an auxiliary with no causes and no equation
  (an *input*): both become what-if parameters;
* a **stock** accumulates: its equation is its rate of change, its
  ``initial`` the starting value (default :data:`DEFAULT_INITIAL`);
* an **auxiliary** is computed from its causes.

Without a user equation a variable gets a generated one, the sum of its causes
each times ``strength * sign`` (``+1`` for ``+`` and ``?``... see
:func:`link_sign`); a delayed link passes its cause through
``smooth(cause, delay_time)``, a first-order delay.  docs/solver.md explains
why this makes R loops grow and B loops settle.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> pop = d.new_variable("Population", kind="stock", initial=100)
>>> births = d.new_variable("Births")
>>> _ = d.new_link(pop.id, births.id, "+", strength=0.02)
>>> _ = d.new_link(births.id, pop.id, "+")
>>> model = build_model(d)
>>> model.equation(births.id).text
'0.02*population'
>>> model.equation(pop.id).explanation
'Population grows with Births.'
"""

from __future__ import annotations

import difflib
import functools

from dataclasses import dataclass, field
from typing import Callable

import networkx as nx
import sympy

from ..core.diagram import Diagram
from ..core.elements import Link, Variable
from ..core.errors import CldError
from ..core.naming import equation_name
from .explanation import cause_signs, explain
from .expr import EquationError, Parsed, parse, parse_number
from .functions import Smooth
from .printer import to_text

DEFAULT_INITIAL = 1.0
DEFAULT_INPUT = 10.0
DEFAULT_DELAY_TIME = 1.0


class ModelError(CldError):
    """A diagram that cannot be simulated as it stands (the message says why and what to do)."""


class AlgebraicLoopError(ModelError):
    """A loop of instantaneous causes: no stock and no delay on it."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            f"the loop {' -> '.join(names + names[:1])} has no stock and no delay, "
            "so each of its values would need itself first",
            "",
            "mark one of its links as delayed, or make one of its variables a stock: "
            "a quantity that builds up or drains away over time",
        )


def link_sign(link: Link) -> int:
    """+1 for a ``+`` link, -1 for a ``-`` link, +1 for an unknown ``?`` link.

    An unknown sign is read as ``+`` (and said so in the explanation) so that a
    half-finished diagram still runs.
    """
    return -1 if link.polarity == "-" else 1


def strength_symbol(link_id: str) -> sympy.Symbol:
    """The parameter that stands for a link's strength in generated equations."""
    return sympy.Symbol(f"strength[{link_id}]", real=True)


@dataclass(frozen=True)
class Term:
    """One link's part of a generated equation: ``strength * sign * cause`` (delayed: through smooth())."""

    link: str  # link id: its strength is the parameter strength_symbol(link)
    sign: int
    cause: str  # variable id
    delay_time: float | None  # None: no delay


@dataclass
class Equation:
    """One variable's equation as the solver uses it.

    ``expr`` is in terms of the causes' symbols (and, in generated equations,
    :func:`strength_symbol` parameters); ``text`` shows it with the strengths
    filled in.  ``value`` is the number of a constant or an input.
    """

    variable: Variable
    kind: str  # "constant", "input", "stock", "auxiliary"
    expr_source: sympy.Expr | Callable[[], sympy.Expr]  # a generated one is built when first needed
    text_source: str | Callable[[], str]  # worked out when first shown: a run does not need it
    generated: bool
    explanation_source: str | Callable[[], str]
    value: float | None = None
    initial: sympy.Expr | None = None  # stocks: in terms of parameter symbols
    causes: list[str] = field(default_factory=list)  # variable ids with a link in
    terms: list[Term] | None = None  # a generated equation's terms (the solver reads these, not expr)

    @functools.cached_property
    def symbol(self) -> sympy.Symbol:
        return sympy.Symbol(_equation_name(self.variable.name), real=True)

    @property
    def expr(self) -> sympy.Expr:
        """The equation as a sympy expression (a generated one is built the first time it is asked for)."""
        if not isinstance(self.expr_source, sympy.Basic):  # (a sympy Symbol is callable too)
            self.expr_source = self.expr_source()
        return self.expr_source

    def instant_causes(self, by_symbol: dict[sympy.Symbol, str]) -> set[str]:
        """Ids of the variables whose value this one needs at the same moment (not through a delay)."""
        if self.terms is not None:
            return {term.cause for term in self.terms if term.delay_time is None}
        outside = self.expr.replace(lambda e: isinstance(e, Smooth), lambda e: sympy.Integer(0))
        return {by_symbol[s] for s in outside.free_symbols if s in by_symbol}

    @property
    def text(self) -> str:
        """The equation as shown (the user's text, or the generated one with strengths filled in)."""
        if callable(self.text_source):
            self.text_source = self.text_source()
        return self.text_source

    @property
    def explanation(self) -> str:
        """The equation in plain words."""
        if callable(self.explanation_source):
            self.explanation_source = self.explanation_source()
        return self.explanation_source


@dataclass
class Model:
    """The diagram's equations, checked; build with :func:`build_model`."""

    diagram: Diagram
    equations: dict[str, Equation]  # variable id -> equation, in diagram order
    strengths: dict[str, float]  # link id -> strength, links used by generated equations

    def equation(self, variable_id: str) -> Equation:
        return self.equations[variable_id]

    def by_symbol(self) -> dict[sympy.Symbol, Equation]:
        return {eq.symbol: eq for eq in self.equations.values()}

    def parameters(self) -> list[Equation]:
        """Constants and inputs: the values a what-if run may change."""
        return [eq for eq in self.equations.values() if eq.kind in ("constant", "input")]

    def stocks(self) -> list[Equation]:
        return [eq for eq in self.equations.values() if eq.kind == "stock"]


# ---------------------------------------------------------------- building
def _number(value: float | str | None, default: float, variable: Variable) -> float:
    if value is None or value == "":
        return default
    if isinstance(value, str):
        return parse_number(value, variable.name)
    return float(value)


def generated_expr(diagram: Diagram, variable: Variable, use_strength_symbols: bool = True) -> sympy.Expr:
    """The generated equation: the sum of ``strength * sign * cause`` over the links in.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> a, b, c = (d.new_variable(n) for n in ("Referrals", "Treatments", "Waiting list"))
    >>> _ = d.new_link(a.id, c.id, "+"); _ = d.new_link(b.id, c.id, "-", delay=True, delay_time=4)
    >>> to_text(generated_expr(d, c, use_strength_symbols=False))
    'referrals - smooth(treatments, 4)'
    """
    terms = []
    for link in diagram.links_into(variable.id):
        cause = diagram.variables[link.source]
        value: sympy.Expr = sympy.Symbol(equation_name(cause.name), real=True)
        if link.delay:
            value = Smooth(value, sympy.nsimplify(link.delay_time or DEFAULT_DELAY_TIME, rational=True))
        weight = strength_symbol(link.id) if use_strength_symbols else _exact(link.strength)
        terms.append(link_sign(link) * weight * value)
    return sympy.Add(*terms)


def _exact(value: float) -> sympy.Expr:
    return sympy.Integer(int(value)) if float(value).is_integer() else sympy.Rational(repr(float(value)))


def _check_names(parsed: Parsed, variable: Variable, diagram: Diagram, allowed: dict[str, str]) -> None:
    for name, column in parsed.names.items():
        if name in allowed:
            continue
        by_name = {_equation_name(v.name): v for v in diagram.variables.values()}
        other = by_name.get(name)
        if other is None:
            close = difflib.get_close_matches(name, list(allowed) or list(by_name), n=1, cutoff=0.75)
            hint = f"did you mean {close[0]}?" if close else "names are written in lower case with _ for spaces"
            raise EquationError(f"no variable is called {name!r}", variable.name, column, hint)
        if other.id == variable.id:
            raise EquationError(f"{variable.name} cannot use itself (only a stock may)", variable.name, column,
                                "make it a stock, or remove it from its own equation")
        raise EquationError(
            f"the equation uses {other.name} but there is no link from {other.name} to {variable.name}",
            variable.name, column, f"draw a link from {other.name} to {variable.name}, or remove {name}",
        )


# Every equation of a diagram is read against all its names: remember each name's equation form.
_equation_name = functools.lru_cache(maxsize=65_536)(equation_name)


def _equation_names(diagram: Diagram) -> list[str]:
    return [_equation_name(v.name) for v in diagram.variables.values()]


def _kind(diagram: Diagram, var: Variable) -> str:
    if var.kind in ("constant", "stock"):
        return var.kind
    if var.equation is None or not var.equation.strip():
        return "input" if not diagram.links_into(var.id) else "auxiliary"
    return "auxiliary"


def build_equation(diagram: Diagram, var: Variable) -> Equation:
    """The checked equation of one variable (raises :class:`EquationError`)."""
    kind = _kind(diagram, var)
    links_in = diagram.links_into(var.id)
    causes = {sympy.Symbol(equation_name(diagram.variables[lk.source].name), real=True):
              diagram.variables[lk.source].name for lk in links_in}
    if kind in ("constant", "input"):
        text = var.equation if kind == "constant" and var.equation and var.equation.strip() else None
        value = parse_number(text, var.name) if text else _number(var.initial, DEFAULT_INPUT, var)
        return Equation(var, kind, _exact(value), number_text_of(value), text is None,
                        explain(var, kind, [], [], []), value=value)
    user = var.equation is not None and var.equation.strip() != ""
    if user:
        parsed = parse(var.equation or "", var.name, _equation_names(diagram))
        allowed = {equation_name(diagram.variables[lk.source].name): lk.source for lk in links_in}
        if kind == "stock":
            allowed[equation_name(var.name)] = var.id
        _check_names(parsed, var, diagram, allowed)
        expr = parsed.expr
        text = " ".join((var.equation or "").split())  # as the user wrote it
        if kind == "stock":
            causes.setdefault(sympy.Symbol(equation_name(var.name), real=True), var.name)

        def explanation() -> str:
            rising, falling, other = cause_signs(expr, causes)
            delayed = [causes[s] for s in causes if any(
                isinstance(node, Smooth) and node.args[0].has(s) for node in sympy.preorder_traversal(expr))]
            return explain(var, kind, rising, falling, other, delayed, [])
    else:
        def expr() -> sympy.Expr:
            return generated_expr(diagram, var)

        terms = [Term(lk.id, link_sign(lk), lk.source, (lk.delay_time or DEFAULT_DELAY_TIME) if lk.delay else None)
                 for lk in links_in]

        def text() -> str:
            return to_text(generated_expr(diagram, var, use_strength_symbols=False))

        def explanation() -> str:
            rising = [diagram.variables[lk.source].name for lk in links_in
                      if link_sign(lk) > 0 and lk.strength > 0 or link_sign(lk) < 0 and lk.strength < 0]
            falling = [diagram.variables[lk.source].name for lk in links_in
                       if diagram.variables[lk.source].name not in rising and lk.strength != 0]
            delayed = [diagram.variables[lk.source].name for lk in links_in if lk.delay]
            unknown = [diagram.variables[lk.source].name for lk in links_in if lk.polarity == "?"]
            return explain(var, kind, rising, falling, [], delayed, unknown)
    initial = None
    if kind == "stock":
        initial = _initial_expr(diagram, var)
    return Equation(var, kind, expr, text, not user, explanation, initial=initial,
                    causes=[lk.source for lk in links_in], terms=None if user else terms)


def number_text_of(value: float) -> str:
    """A number as shown in an equation (``10`` rather than ``10.0``)."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def _initial_expr(diagram: Diagram, var: Variable) -> sympy.Expr:
    """A stock's starting value: a number, or an equation of constants and inputs."""
    if isinstance(var.initial, str) and var.initial.strip():
        parsed = parse(var.initial, f"{var.name} (initial value)", _equation_names(diagram))
        consts = {equation_name(v.name): v for v in diagram.variables.values()
                  if _kind(diagram, v) in ("constant", "input")}
        for name, column in parsed.names.items():
            if name not in consts:
                raise EquationError(
                    f"a starting value may use only constants and inputs, not {name!r}",
                    f"{var.name} (initial value)", column)
        if parsed.uses_time:
            raise EquationError("a starting value cannot use time", f"{var.name} (initial value)")
        if parsed.expr.has(Smooth):
            raise EquationError("a starting value cannot use smooth()", f"{var.name} (initial value)")
        return parsed.expr
    return _exact(_number(var.initial, DEFAULT_INITIAL, var))


def dependency_graph(model: Model) -> nx.DiGraph:
    """Instantaneous dependencies among auxiliaries (``cause -> effect``).

    A stock's value and a smooth()'s output are known at the start of a step,
    so they carry no instantaneous dependency.
    """
    graph = nx.DiGraph()
    sym_to_id = {eq.symbol: vid for vid, eq in model.equations.items()}
    for vid, eq in model.equations.items():
        if eq.kind != "auxiliary":
            continue
        graph.add_node(vid)
        for cause in eq.instant_causes(sym_to_id):
            if model.equations[cause].kind == "auxiliary":
                graph.add_edge(cause, vid)
    return graph


def check_algebraic_loops(model: Model) -> None:
    """Refuse a loop of auxiliaries with no stock and no delay on it, naming its variables."""
    graph = dependency_graph(model)
    for component in nx.strongly_connected_components(graph):
        members = list(component)
        if len(members) == 1 and not graph.has_edge(members[0], members[0]):
            continue
        cycle = nx.find_cycle(graph.subgraph(members))
        names = [model.diagram.variables[a].name for a, _ in cycle]
        raise AlgebraicLoopError(names)


def build_model(diagram: Diagram) -> Model:
    """Build and check every equation of ``diagram``.

    Raises :class:`EquationError` for an equation that cannot be read or uses a
    variable without a link, and :class:`AlgebraicLoopError` for a loop that
    needs a stock or a delay.
    """
    seen: dict[str, str] = {}
    for var in diagram.variables.values():
        key = equation_name(var.name)
        if key in seen:
            raise ModelError(f"{seen[key]} and {var.name} are both written {key} in equations", var.name,
                             "rename one of them")
        seen[key] = var.name
    equations = {vid: build_equation(diagram, var) for vid, var in diagram.variables.items()}
    strengths = {
        lk.id: lk.strength for lk in diagram.links.values()
        if equations[lk.target].generated and equations[lk.target].kind in ("auxiliary", "stock")
    }
    model = Model(diagram, equations, strengths)
    check_algebraic_loops(model)
    return model


def floored_stocks(model: Model) -> list[int]:
    """Positions (among the stocks, in diagram order) of the stocks that never go below zero.

    A stock whose equation is generated holds a count - people waiting, jobs,
    money - so it never goes below zero: when it is empty, whatever drains it
    stops (the solver floors it at zero after each step, as XMILE's
    ``non_negative`` stocks do).  A stock with an equation of your own may go
    negative.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> a = d.new_variable("Waiting List", kind="stock")
    >>> b = d.new_variable("Balance", kind="stock", equation="-1")
    >>> floored_stocks(build_model(d))
    [0]
    """
    stocks = [eq for eq in model.equations.values() if eq.kind == "stock"]
    return [i for i, eq in enumerate(stocks) if eq.generated]


def equation_errors(diagram: Diagram) -> dict[str, EquationError]:
    """Every variable whose equation is wrong, with its error (for a panel's inline display)."""
    errors = {}
    for vid, var in diagram.variables.items():
        try:
            build_equation(diagram, var)
        except EquationError as exc:
            errors[vid] = exc
    return errors


def equation_problems(diagram: Diagram) -> list[tuple[str, CldError]]:
    """Everything in the equations that ``simulate`` would refuse: ``(variable id, error)`` in diagram order.

    Each written equation or starting value that cannot be read or names a
    variable without a link, and two names written the same way in equations.
    A loop with no stock and no delay is not listed: a diagram drawn without
    equations has many, and the loop warnings name them.

    Examples
    --------
    >>> d = Diagram()
    >>> jobs = d.new_variable("Jobs")
    >>> _ = d.update_variable(jobs.id, equation="2 *")
    >>> [(d.variables[vid].name, str(err)) for vid, err in equation_problems(d)]
    [('Jobs', 'Jobs, column 4: the equation ends too soon (a value is missing at the end)')]
    """
    problems: list[tuple[str, CldError]] = []
    seen: dict[str, str] = {}
    for vid, var in diagram.variables.items():
        key = equation_name(var.name)
        if key in seen:
            problems.append((vid, ModelError(f"{seen[key]} and {var.name} are both written {key} in equations",
                                             var.name, "rename one of them")))
        seen.setdefault(key, var.name)
    for vid, var in diagram.variables.items():
        # Only written text can be wrong: a generated equation is built from the links and always reads.
        if (var.equation and var.equation.strip()) or isinstance(var.initial, str):
            try:
                build_equation(diagram, var)
            except EquationError as exc:
                problems.append((vid, exc))
    order = {vid: i for i, vid in enumerate(diagram.variables)}
    return sorted(problems, key=lambda p: order[p[0]])


_VARIABLE_FIELDS = ("name", "kind", "initial", "equation")
_LINK_FIELDS = ("source", "target", "polarity", "delay", "delay_time", "strength")


def affects_model(event: object) -> bool:
    """Whether a diagram change event can change the equations or the run settings.

    Moving, recolouring or annotating elements does not; panels skip rebuilding then.

    Examples
    --------
    >>> from cld_editor.core.events import ElementChanged
    >>> a = Variable("v1", "Jobs")
    >>> affects_model(ElementChanged("variable", a, Variable("v1", "Jobs", x=50)))
    False
    >>> affects_model(ElementChanged("variable", a, Variable("v1", "Jobs", equation="2")))
    True
    """
    from ..core.events import ElementAdded, ElementChanged, ElementRemoved, PropertyChanged

    if isinstance(event, (ElementAdded, ElementRemoved)):
        return event.kind in ("variable", "link")
    if isinstance(event, ElementChanged):
        fields = {"variable": _VARIABLE_FIELDS, "link": _LINK_FIELDS}.get(event.kind)
        return fields is not None and any(getattr(event.old, f) != getattr(event.new, f) for f in fields)
    if isinstance(event, PropertyChanged):
        return event.key == "simulation"
    return True
