"""XMILE models (OASIS XMILE 1.0; Stella/iThink ``.stmx``, ``.itmx``): read and write.

Reading follows docs/architecture.md, "Import rules": the variables are the model's
stocks, flows and auxiliaries; the links are the view's connectors (the
``polarity`` attribute ``+``/``-``, otherwise ``?``; a ``delay_mark`` or
``delay`` attribute marks a delay) plus one link per flow and stock it fills
(``+``) or drains (``-``).  A model with no view gets its links from the
names its equations use.  Aliases (ghosts) are the variable they show; isee
loop indicators become loop labels; ``sim_specs`` become the run settings.
The XML is parsed with :func:`~cld_editor.io.safe_xml.parse_xml` (no DOCTYPE,
no entities).

Examples
--------
>>> data = b'''<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
... <sim_specs><start>0</start><stop>30</stop><dt>0.5</dt></sim_specs>
... <model><variables>
...  <stock name="Teacup Temperature"><eqn>180</eqn><outflow>Heat_Loss</outflow></stock>
...  <flow name="Heat Loss"><eqn>Teacup_Temperature / 10</eqn></flow>
... </variables></model></xmile>'''
>>> d = read(data).diagram
>>> sorted((d.variables[l.source].name, l.polarity) for l in d.links.values())
[('Heat Loss', '-'), ('Teacup Temperature', '?')]
>>> d.simulation.stop, d.variable_by_name("Heat Loss").equation
(30.0, 'teacup_temperature / 10')
>>> back = read(write(d)).diagram
>>> sorted((back.variables[l.source].name, l.polarity) for l in back.links.values())
[('Heat Loss', '-'), ('Teacup Temperature', '?')]
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterator

from ..core.diagram import Diagram
from ..core.elements import LoopLabel, SimulationSettings
from ..core.errors import CldError, FileFormatError
from ..core.naming import name_key
from ..core.words import plural, verb
from .build import DiagramBuilder
from .evidence_notes import notes_with_evidence, read_evidence_notes
from .result import ImportResult
from .safe_xml import local_name as local, parse_xml
from .vensim_equations import vensim_key
from .vensim_translate import translate

NAMESPACE = "http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"
ISEE = "http://iseesystems.com/XMILE"
KINDS = ("stock", "flow", "aux")
_NUMBER = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
_NAME_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[^\W\d][\w.$]*')
_TRUE = ("true", "1", "yes")


def display_name(name: str) -> str:
    """An XMILE name as a person reads it: ``\\n`` and underscores as spaces.

    Examples
    --------
    >>> display_name("teacup_temperature"), display_name("Birth\\\\nrate")
    ('teacup temperature', 'Birth rate')
    """
    name = name.replace("\\n", " ").replace("\n", " ")
    if " " not in name.strip():
        name = name.replace("_", " ")
    return " ".join(name.split())


def _children(elem: ET.Element, tag: str) -> Iterator[ET.Element]:
    return (c for c in elem if local(c.tag) == tag)


def _child_text(elem: ET.Element, tag: str) -> str | None:
    for c in _children(elem, tag):
        return (c.text or "").strip()
    return None


def read(data: bytes, source: str = "") -> ImportResult:
    """Read an XMILE model.

    Raises
    ------
    FileFormatError
        Malformed XML, a refused declaration, or not an XMILE model.
    """
    root = parse_xml(data, source)
    if local(root.tag) != "xmile":
        raise FileFormatError(f"the document is <{local(root.tag)}>, not an XMILE model", source,
                              "open a .xmile or .stmx file")
    models = [m for m in root if local(m.tag) == "model"]
    if not models:
        raise FileFormatError("the XMILE file has no <model>", source)
    header = next(_children(root, "header"), None)
    title = (_child_text(header, "name") if header is not None else None) or ""
    b = DiagramBuilder(title, source)
    try:
        main = next((m for m in models if not m.get("name")), models[0])  # modules have names
        _read_model(b, main, root)
        if len(models) > 1:
            n = len(models) - 1
            b.warn(f"{plural(n, 'module model')} besides the main model {verb(n, 'was')} not carried over")
    except CldError as exc:
        raise FileFormatError(exc.what, exc.where or source, exc.hint) from None
    read_evidence_notes(b.diagram)
    return b.finish()


def _read_model(b: DiagramBuilder, model: ET.Element, root: ET.Element) -> None:
    variables = next(_children(model, "variables"), None)
    elems = [e for e in (variables if variables is not None else []) if local(e.tag) in KINDS]
    others = [e for e in (variables if variables is not None else []) if local(e.tag) not in KINDS]
    if others:
        b.warn(f"{plural(len(others), 'model element')} such as modules or groups "
               f"{verb(len(others), 'was')} not carried over")
    kinds = {}
    for e in elems:
        eqn = _child_text(e, "eqn") or ""
        if local(e.tag) == "stock":
            kinds[vensim_key(e.get("name", ""))] = {"kind": "stock"}
        elif local(e.tag) == "aux" and _NUMBER.match(eqn) and next(_children(e, "gf"), None) is None:
            kinds[vensim_key(e.get("name", ""))] = {"kind": "constant"}
    b.fields_for = kinds
    views = [v for vs in _children(model, "views") for v in _children(vs, "view")]
    positions = _positions(views)
    for e in elems:
        name = e.get("name", "")
        if not name.strip():
            raise FileFormatError(f"a <{local(e.tag)}> without a name", b.source)
        key = vensim_key(name)
        x, y = positions.get(key, (None, None))
        b.variable(key, display_name(name), x, y)
    _drawn_only(b, views, positions)
    for e in elems:  # flow -> stock links
        if local(e.tag) != "stock":
            continue
        stock = b.keys[vensim_key(e.get("name", ""))]
        for tag, sign in (("inflow", "+"), ("outflow", "-")):
            for f in _children(e, tag):
                key = vensim_key(f.text or "")
                if key in b.keys:
                    b.link(b.keys[key], stock, sign)
    has_view = any(len([c for c in v if local(c.tag) in KINDS + ("connector",)]) for v in views)
    if has_view:
        _connectors(b, views)
    else:
        _equation_links(b, elems)
        b.warn("the model has no diagram, so the links come from the names each equation uses")
    _loop_indicators(b, views)
    _equations(b, elems)
    _sim_specs(b, root)


def _drawn_only(b: DiagramBuilder, views: list[ET.Element], positions: dict[str, tuple[float, float]]) -> None:
    """Variables drawn in a view (or shown by an alias) but missing from the model's variables.

    A hand-edited file can lose a variable's definition and keep its drawing;
    dropping it would drop its connectors and every loop through it, so it
    becomes a variable with no equation and the import report says so.
    """
    added: list[str] = []
    for view in views:
        for item in view:
            tag = local(item.tag)
            raw = item.get("name") if tag in KINDS else _child_text(item, "of") if tag == "alias" else None
            key = vensim_key(raw or "")
            if not key or key in b.keys:
                continue
            if tag == "stock":
                b.fields_for.setdefault(key, {"kind": "stock"})
            x, y = positions.get(key, (None, None))
            added.append(b.diagram.variables[b.variable(key, display_name(raw or ""), x, y)].name)
    if added:
        shown = ", ".join(f'"{name}"' for name in added[:6]) + (f" and {len(added) - 6} more" if len(added) > 6 else "")
        n = len(added)
        b.warn(f"{plural(n, 'variable')} drawn in the diagram but missing from the model's variables "
               f"{verb(n, 'was')} added with no equation, keeping {verb(n, 'its')} links: {shown}")


def _positions(views: list[ET.Element]) -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    for view in views:
        for item in view:
            if local(item.tag) in KINDS and item.get("name") and item.get("x") is not None:
                try:
                    out.setdefault(vensim_key(item.get("name")), (float(item.get("x")), float(item.get("y", 0))))
                except ValueError:
                    continue
    return out


def _connectors(b: DiagramBuilder, views: list[ET.Element]) -> None:
    aliases: dict[str, str] = {}
    for view in views:
        for item in view:
            if local(item.tag) == "alias" and item.get("uid") is not None:
                of = _child_text(item, "of")
                if of:
                    aliases[item.get("uid")] = vensim_key(of)
    dropped = 0
    for view in views:
        for conn in view:
            if local(conn.tag) != "connector":
                continue
            ends = [_end(next(_children(conn, t), None), aliases) for t in ("from", "to")]
            if None in ends or ends[0] not in b.keys or ends[1] not in b.keys:
                dropped += 1
                continue
            attrs = {local(k): v for k, v in conn.attrib.items()}
            polarity = attrs.get("polarity", "").strip()
            polarity = polarity if polarity in ("+", "-") else "?"
            delay = attrs.get("delay_mark", attrs.get("delay", "")).strip().lower() in _TRUE
            b.link(b.keys[ends[0]], b.keys[ends[1]], polarity, delay=delay)
    if dropped:
        b.warn(f"{plural(dropped, 'connector')} to things that are not variables {verb(dropped, 'was')} left out")


def _end(elem: ET.Element | None, aliases: dict[str, str]) -> str | None:
    if elem is None:
        return None
    alias = next(_children(elem, "alias"), None)
    if alias is not None:
        return aliases.get(alias.get("uid", ""))
    return vensim_key(elem.text or "") or None


def _equation_links(b: DiagramBuilder, elems: list[ET.Element]) -> None:
    for e in elems:
        target = b.keys[vensim_key(e.get("name", ""))]
        for token in _NAME_TOKEN.findall(_child_text(e, "eqn") or ""):
            key = vensim_key(token.strip('"'))
            if key in b.keys:
                b.link(b.keys[key], target, "?")


def _loop_indicators(b: DiagramBuilder, views: list[ET.Element]) -> None:
    d = b.diagram
    for view in views:
        for item in view.iter():
            if local(item.tag) not in ("loop_indicator", "loop_label"):
                continue
            text = (item.get("text") or item.get("label") or item.text or "").strip()
            match = re.match(r"^([RB])\s*(\d*)\s*(.*)$", text, re.DOTALL)
            try:
                x, y = float(item.get("x", 0)), float(item.get("y", 0))
            except ValueError:
                x = y = 0.0
            code = match.group(1) + match.group(2) if match else ""
            name = match.group(3).strip() if match else text
            d.insert("loop_label", LoopLabel(d.new_id("loop_label"), x, y, code=code, name=name))


def _equations(b: DiagramBuilder, elems: list[ET.Element]) -> None:
    d = b.diagram
    names = {key: d.variables[vid].name for key, vid in b.keys.items()}
    unused = 0
    for e in elems:
        vid = b.keys[vensim_key(e.get("name", ""))]
        var = d.variables[vid]
        eqn = _child_text(e, "eqn") or ""
        changes: dict = {"extra": {**var.extra, "xmile_equation": eqn}} if eqn else {}
        units = _child_text(e, "units")
        doc = _child_text(e, "doc")
        if units:
            changes["units"] = units
        if doc:
            changes["notes"] = " ".join(doc.split())
        if local(e.tag) == "stock":
            changes["initial"] = float(eqn) if _NUMBER.match(eqn) else (_translated(eqn, names) or eqn or None)
            ins = [equation_of(f.text, names) for f in _children(e, "inflow")]
            outs = [equation_of(f.text, names) for f in _children(e, "outflow")]
            if all(ins) and all(outs) and (ins or outs):
                changes["equation"] = " + ".join(ins) + "".join(f" - {o}" for o in outs) if ins \
                    else " - ".join(["-" + outs[0]] + outs[1:])
        elif var.kind == "constant":
            changes["equation"] = eqn.strip()
        elif eqn:
            text = _translated(eqn, names)
            allowed = {name_key(d.variables[lk.source].name) for lk in d.links_into(vid)}
            refs = translate(eqn, names)
            if text and refs and all(name_key(names[r]) in allowed for r in refs[1]) \
                    and next(_children(e, "gf"), None) is None:
                changes["equation"] = text
            else:
                unused += 1
        if changes:
            d.update_variable(vid, **changes)
    if unused:
        b.warn(f"{plural(unused, 'equation')} {verb(unused, 'is')} not in the program's equation language; "
               f"{verb(unused, 'it')} {verb(unused, 'is')} kept as XMILE text in "
               f"{'its' if unused == 1 else 'each'} variable")


def equation_of(name: str | None, names: dict[str, str]) -> str | None:
    """The equation name of a referenced XMILE variable, or ``None``."""
    from ..core.naming import equation_name

    key = vensim_key(name or "")
    return equation_name(names[key]) if key in names else None


def _translated(eqn: str, names: dict[str, str]) -> str | None:
    done = translate(eqn, names)
    return done[0] if done else None


def _sim_specs(b: DiagramBuilder, root: ET.Element) -> None:
    specs = next(_children(root, "sim_specs"), None)
    if specs is None:
        return
    def number(tag: str) -> float | None:
        elem = next(_children(specs, tag), None)
        if elem is None:
            return None
        try:
            value = float((elem.text or "").strip())
        except ValueError:
            return None
        if tag == "dt" and elem.get("reciprocal", "").lower() in _TRUE and value:
            value = 1.0 / value
        return value
    current = b.diagram.simulation
    method = (specs.get("method") or "euler").lower()
    if method not in ("euler", "rk4"):
        b.warn(f'the integration method "{method}" is not available; Euler is used')
        method = "euler"
    start, stop, dt = number("start"), number("stop"), number("dt")
    try:
        settings = SimulationSettings(start if start is not None else current.start,
                                      stop if stop is not None else current.stop,
                                      dt if dt is not None else current.dt, method)
    except CldError as exc:
        b.warn(f"the simulation settings were not carried over ({exc.what})")
        return
    b.diagram.set_property("simulation", settings)


# ----------------------------------------------------------------- write
def _xml_name(name: str) -> str:
    return " ".join(name.split())


def write(diagram: Diagram) -> bytes:
    """Return ``diagram`` as an XMILE 1.0 document (UTF-8)."""
    ET.register_namespace("", NAMESPACE)
    ET.register_namespace("isee", ISEE)
    q = "{%s}%s".__mod__
    root = ET.Element(q((NAMESPACE, "xmile")), {"version": "1.0"})
    header = ET.SubElement(root, q((NAMESPACE, "header")))
    ET.SubElement(header, q((NAMESPACE, "name"))).text = diagram.title or "diagram"
    ET.SubElement(header, q((NAMESPACE, "vendor"))).text = "cld-editor"
    ET.SubElement(header, q((NAMESPACE, "product")), {"version": "1.0"}).text = "cld-editor"
    sim = diagram.simulation
    specs = ET.SubElement(root, q((NAMESPACE, "sim_specs")), {"method": sim.method})
    for tag, value in (("start", sim.start), ("stop", sim.stop), ("dt", sim.dt)):
        ET.SubElement(specs, q((NAMESPACE, tag))).text = repr(float(value))
    model = ET.SubElement(root, q((NAMESPACE, "model")))
    variables = ET.SubElement(model, q((NAMESPACE, "variables")))
    from ..sim.translate import xmile_entries, xmile_name  # None when the diagram cannot be simulated

    entries = xmile_entries(diagram)
    tags: dict[str, str] = {}
    for var in ([] if entries is not None else diagram.variables.values()):
        tag = "stock" if var.kind == "stock" else "aux"
        elem = ET.SubElement(variables, q((NAMESPACE, tag)), {"name": _xml_name(var.name)})
        if var.kind == "stock":
            eqn = "" if var.initial is None else str(var.initial)
        else:
            eqn = var.equation or ""
        if eqn:
            ET.SubElement(elem, q((NAMESPACE, "eqn"))).text = eqn
        if var.units:
            ET.SubElement(elem, q((NAMESPACE, "units"))).text = var.units
        notes = notes_with_evidence(diagram, var)
        if notes:
            ET.SubElement(elem, q((NAMESPACE, "doc"))).text = notes
    for entry in entries or []:
        # The solver's equations; stocks with their inflows and outflows.
        var = diagram.variables.get(entry.variable_id or "")
        original = var.extra.get("xmile_equation") if var is not None and isinstance(var.extra, dict) else None
        eqn = entry.eqn
        if var is not None and not var.equation and var.kind != "stock" and isinstance(original, str) \
                and original.strip():
            eqn = original  # imported text we could not translate: keep it as it was
        if var is not None:
            tags[var.id] = entry.tag
        elem = ET.SubElement(variables, q((NAMESPACE, entry.tag)), {"name": _xml_name(entry.name)})
        ET.SubElement(elem, q((NAMESPACE, "eqn"))).text = eqn
        for flow_tag, names in (("inflow", entry.inflows), ("outflow", entry.outflows)):
            for flow in names:
                ET.SubElement(elem, q((NAMESPACE, flow_tag))).text = xmile_name(flow)
        if entry.non_negative:
            ET.SubElement(elem, q((NAMESPACE, "non_negative")))
        if var is not None and var.units:
            ET.SubElement(elem, q((NAMESPACE, "units"))).text = var.units
        notes = notes_with_evidence(diagram, var) if var is not None else ""
        if notes:
            ET.SubElement(elem, q((NAMESPACE, "doc"))).text = notes
    views = ET.SubElement(model, q((NAMESPACE, "views")))
    view = ET.SubElement(views, q((NAMESPACE, "view")))
    for var in diagram.variables.values():
        tag = tags.get(var.id, "stock" if var.kind == "stock" else "aux")
        ET.SubElement(view, q((NAMESPACE, tag)), {"name": _xml_name(var.name), "x": _num(var.x), "y": _num(var.y)})
    # A flow made up to carry a stock's rate: drawn beside its stock, and the stock's links go into it.
    carried = {e.carries: e.name for e in entries or [] if e.carries}
    for stock_id, flow in carried.items():
        stock = diagram.variables[stock_id]
        ET.SubElement(view, q((NAMESPACE, "flow")), {"name": _xml_name(flow), "x": _num(stock.x - 90),
                                                    "y": _num(stock.y)})
    for uid, link in enumerate(diagram.links.values(), start=1):
        attrs = {"uid": str(uid)}
        if link.polarity in "+-":
            attrs["polarity"] = link.polarity
        if link.delay:
            attrs["delay_mark"] = "true"
        conn = ET.SubElement(view, q((NAMESPACE, "connector")), attrs)
        ET.SubElement(conn, q((NAMESPACE, "from"))).text = _xml_name(diagram.variables[link.source].name)
        target = carried.get(link.target, diagram.variables[link.target].name)
        ET.SubElement(conn, q((NAMESPACE, "to"))).text = _xml_name(target)
    for label in diagram.loop_labels.values():
        ET.SubElement(view, q((ISEE, "loop_indicator")), {
            "x": _num(label.x), "y": _num(label.y), "text": " ".join(p for p in (label.code, label.name) if p)})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
