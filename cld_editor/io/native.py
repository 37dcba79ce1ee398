"""The native ``.cld`` file: JSON, UTF-8, stable and diff-friendly.

The format is documented in docs/file-format.md (with
docs/cld.schema.json).  Reading is strict and every refusal says where
(``links[3].to: no variable with id "zz"``); unknown keys are kept in each
element's ``extra`` and written back; older versions migrate step by step.

Examples
--------
>>> text = b'''{"format": "cld-editor", "version": 1,
...  "variables": [{"id": "v1", "name": "Jobs", "x": 0, "y": 0},
...                {"id": "v2", "name": "Worklessness", "x": 200, "y": 0}],
...  "links": [{"id": "l1", "from": "v1", "to": "v2", "polarity": "-"}]}'''
>>> d = read_cld(text).diagram
>>> d.links["l1"].polarity, d.links["l1"].delay
('-', False)
>>> read_cld(write_cld(d)).diagram == d
True
"""

from __future__ import annotations

import json
from typing import Any, Callable

from ..core.diagram import Diagram
from ..core.elements import (
    CONFIDENCES,
    KINDS,
    Evidence,
    METHODS,
    POLARITIES,
    Link,
    LoopLabel,
    Note,
    SimulationSettings,
    Variable,
)
from ..core.errors import CldError, FileFormatError
from . import jsonread as j
from .limits import check_count
from .result import ImportResult

FORMAT_NAME = "cld-editor"
CURRENT_VERSION = 2
OLDEST_VERSION = 1

# Version 1 wrote a link's source as an "evidence" string and its confidence as low/medium/high.
V1_CONFIDENCE = {"low": "weak", "medium": "moderate", "high": "strong"}


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Fold a version-1 link's ``evidence`` text and ``confidence`` into the evidence object.

    Examples
    --------
    >>> doc = {"links": [{"id": "l1", "evidence": "ONS 2024", "confidence": "high"}, {"id": "l2"}]}
    >>> _v1_to_v2(doc)["links"]
    [{'id': 'l1', 'evidence': {'confidence': 'strong', 'source': 'ONS 2024'}}, {'id': 'l2'}]
    """
    links = doc.get("links")
    if not isinstance(links, list):
        return doc  # the reader names the problem
    upgraded = []
    for i, raw in enumerate(links):
        if isinstance(raw, dict) and ("evidence" in raw or "confidence" in raw):
            raw = dict(raw)
            evidence: dict[str, Any] = {}
            confidence = raw.pop("confidence", None)
            if confidence is not None:
                evidence["confidence"] = V1_CONFIDENCE[j.choice(confidence, f"links[{i}].confidence",
                                                                tuple(V1_CONFIDENCE))]
            source = raw.pop("evidence", None)
            if source is not None and j.string(source, f"links[{i}].evidence"):
                evidence["source"] = source
            if evidence:
                raw["evidence"] = evidence
        upgraded.append(raw)
    return {**doc, "links": upgraded}


# Step-by-step upgrades: MIGRATIONS[n] turns a version-n document into version n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}

TOP_KEYS = ("format", "version", "title", "description", "author", "created", "modified",
            "simulation", "variables", "links", "loops", "notes")
VARIABLE_KEYS = ("id", "name", "x", "y", "kind", "initial", "equation", "units", "notes", "evidence",
                 "colour", "tags", "perspectives")
LINK_KEYS = ("id", "from", "to", "polarity", "delay", "delay_time", "strength", "label", "notes",
             "evidence", "curvature", "inferred", "perspectives")
EVIDENCE_KEYS = ("confidence", "source", "proposed_by")
LOOP_KEYS = ("id", "code", "name", "x", "y", "members", "story")
NOTE_KEYS = ("id", "text", "x", "y", "width")
SIMULATION_KEYS = ("start", "stop", "dt", "method", "save_every")


# ------------------------------------------------------------------ reading
def read_cld(data: bytes, source: str = "") -> ImportResult:
    """Read a ``.cld`` document from bytes.

    Raises
    ------
    FileFormatError
        With the JSON path of the first problem found.
    """
    doc = j.obj(j.parse_json(data, source), "the file")
    doc = _migrate(doc)
    diagram = Diagram(
        title=_opt_string(doc, "title", "title"),
        description=_opt_string(doc, "description", "description"),
        author=_opt_string(doc, "author", "author"),
        created=_opt_string(doc, "created", "created") or None,
        modified=_opt_string(doc, "modified", "modified") or None,
        simulation=_read_simulation(doc.get("simulation")),
        extra=_extra(doc, TOP_KEYS),
    )
    variables = j.array(doc.get("variables", []), "variables")
    links = j.array(doc.get("links", []), "links")
    loops = j.array(doc.get("loops", []), "loops")
    notes = j.array(doc.get("notes", []), "notes")
    for items, what, where in ((variables, "variables", "variables"), (links, "links", "links"),
                               (loops, "loop labels", "loops"), (notes, "notes", "notes")):
        check_count(len(items), what, where)
    for i, raw in enumerate(variables):
        _add(diagram, "variable", _read_variable(raw, f"variables[{i}]"), f"variables[{i}]")
    for i, raw in enumerate(links):
        _add(diagram, "link", _read_link(raw, f"links[{i}]", diagram), f"links[{i}]")
    for i, raw in enumerate(loops):
        _add(diagram, "loop_label", _read_loop(raw, f"loops[{i}]"), f"loops[{i}]")
    for i, raw in enumerate(notes):
        _add(diagram, "note", _read_note(raw, f"notes[{i}]"), f"notes[{i}]")
    return ImportResult(diagram)


def _migrate(doc: dict[str, Any]) -> dict[str, Any]:
    if doc.get("format") != FORMAT_NAME:
        found = j.describe(doc["format"]) if "format" in doc else "no format key"
        raise FileFormatError(
            f'not a cld-editor diagram (expected "format": "{FORMAT_NAME}", found {found})', "format"
        )
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise FileFormatError(f"expected a whole number, got {j.describe(version)}", "version")
    if version > CURRENT_VERSION:
        raise FileFormatError(
            f"the file was written by a newer cld-editor (format version {version}); "
            f"this program reads versions up to {CURRENT_VERSION}",
            "version",
            "update cld-editor to open it",
        )
    if version < OLDEST_VERSION:
        raise FileFormatError(f"unknown format version {version}", "version")
    while version < CURRENT_VERSION:
        doc = MIGRATIONS[version](dict(doc))
        version += 1
        doc["version"] = version
    return doc


def _add(diagram: Diagram, kind: str, element: Any, where: str) -> None:
    try:
        diagram.insert(kind, element)
    except CldError as exc:
        raise FileFormatError(_relocate(exc, where)) from None


def _relocate(exc: CldError, where: str) -> str:
    # Model errors name the element ("link "l3".to"); in a file the JSON path is clearer.
    place = exc.where
    if place.startswith(where):
        pass
    elif '".' in place:
        place = where + "." + place.rsplit('".', 1)[1]
    else:
        place = where
    text = f"{place}: {exc.what}"
    return f"{text} ({exc.hint})" if exc.hint else text


def _build(factory: Callable[..., Any], where: str, **fields: Any) -> Any:
    try:
        return factory(**fields)
    except CldError as exc:
        raise FileFormatError(_relocate(exc, where)) from None


def _extra(raw: dict[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k not in known}


def _opt_string(raw: dict[str, Any], key: str, where: str, default: str = "") -> str:
    return j.string(raw[key], where) if key in raw and raw[key] is not None else default


def _opt_number(raw: dict[str, Any], key: str, where: str, default: float | None = None) -> float | None:
    return j.number(raw[key], f"{where}.{key}") if key in raw and raw[key] is not None else default


def _id(raw: dict[str, Any], where: str) -> str:
    if "id" not in raw:
        raise FileFormatError("missing its id", where)
    return j.string(raw["id"], f"{where}.id", allow_empty=False)


def _read_variable(raw: Any, where: str) -> Variable:
    raw = j.obj(raw, where)
    vid = _id(raw, where)
    if "name" not in raw:
        raise FileFormatError("missing its name", where)
    initial = raw.get("initial")
    if initial is not None and not isinstance(initial, str):
        initial = j.number(initial, f"{where}.initial")
    tags = j.array(raw.get("tags", []), f"{where}.tags")
    colour = raw.get("colour")
    return _build(
        Variable,
        where,
        id=vid,
        name=j.string(raw["name"], f"{where}.name", allow_empty=False),
        x=_opt_number(raw, "x", where, 0.0),
        y=_opt_number(raw, "y", where, 0.0),
        kind=j.choice(raw.get("kind", "auxiliary"), f"{where}.kind", KINDS),
        initial=initial,
        equation=_opt_string(raw, "equation", f"{where}.equation") or None,
        units=_opt_string(raw, "units", f"{where}.units"),
        notes=_opt_string(raw, "notes", f"{where}.notes"),
        evidence=_opt_string(raw, "evidence", f"{where}.evidence"),
        colour=j.string(colour, f"{where}.colour") if colour is not None else None,
        tags=tuple(j.string(t, f"{where}.tags[{k}]") for k, t in enumerate(tags)),
        perspectives=tuple(j.string(p, f"{where}.perspectives[{k}]", allow_empty=False)
                           for k, p in enumerate(j.array(raw.get("perspectives", []), f"{where}.perspectives"))),
        extra=_extra(raw, VARIABLE_KEYS),
    )


def _read_link(raw: Any, where: str, diagram: Diagram) -> Link:
    raw = j.obj(raw, where)
    lid = _id(raw, where)
    ends = {}
    for key in ("from", "to"):
        if key not in raw:
            raise FileFormatError(f'missing "{key}"', where)
        ends[key] = j.string(raw[key], f"{where}.{key}")
        if ends[key] not in diagram.variables:
            raise FileFormatError(f'no variable with id "{ends[key]}"', f"{where}.{key}")
    existing = diagram.link_between(ends["from"], ends["to"])
    if existing is not None:
        names = diagram.variables[ends["from"]].name, diagram.variables[ends["to"]].name
        raise FileFormatError(
            f'a second link from "{names[0]}" to "{names[1]}" (the first is "{existing.id}")', where
        )
    polarity = j.choice(raw.get("polarity", "+"), f"{where}.polarity", POLARITIES)
    return _build(
        Link,
        where,
        id=lid,
        source=ends["from"],
        target=ends["to"],
        polarity=polarity,
        delay=j.boolean(raw.get("delay", False), f"{where}.delay"),
        delay_time=_opt_number(raw, "delay_time", where),
        strength=_opt_number(raw, "strength", where, 1.0),
        label=_opt_string(raw, "label", f"{where}.label"),
        notes=_opt_string(raw, "notes", f"{where}.notes"),
        evidence=_read_evidence(raw.get("evidence"), f"{where}.evidence"),
        curvature=_opt_number(raw, "curvature", where, 0.0),
        inferred=j.boolean(raw.get("inferred", False), f"{where}.inferred"),
        perspectives=_read_link_perspectives(raw.get("perspectives"), f"{where}.perspectives", polarity),
        extra=_extra(raw, LINK_KEYS),
    )


def _read_evidence(raw: Any, where: str) -> Evidence:
    if raw is None:
        return Evidence()
    raw = j.obj(raw, where)
    confidence = raw.get("confidence")
    return Evidence(
        confidence=j.choice(confidence, f"{where}.confidence", CONFIDENCES) if confidence is not None else None,
        source=_opt_string(raw, "source", f"{where}.source"),
        proposed_by=_opt_string(raw, "proposed_by", f"{where}.proposed_by"),
        extra=_extra(raw, EVIDENCE_KEYS),
    )


def _read_link_perspectives(raw: Any, where: str, polarity: str) -> dict[str, str]:
    """``{"Parent": "-"}``, or a plain list of names that each drew the link with its own sign."""
    if raw is None:
        return {}
    if isinstance(raw, list):
        names = [j.string(p, f"{where}[{k}]", allow_empty=False) for k, p in enumerate(raw)]
        return {name: polarity for name in names}
    raw = j.obj(raw, where)
    return {j.string(name, where, allow_empty=False): j.choice(sign, f"{where}.{name}", POLARITIES)
            for name, sign in raw.items()}


def _read_loop(raw: Any, where: str) -> LoopLabel:
    raw = j.obj(raw, where)
    members = j.array(raw.get("members", []), f"{where}.members")
    story = raw.get("story")
    return _build(
        LoopLabel,
        where,
        id=_id(raw, where),
        code=_opt_string(raw, "code", f"{where}.code"),
        name=_opt_string(raw, "name", f"{where}.name"),
        x=_opt_number(raw, "x", where, 0.0),
        y=_opt_number(raw, "y", where, 0.0),
        members=tuple(j.string(m, f"{where}.members[{k}]") for k, m in enumerate(members)),
        story=j.string(story, f"{where}.story") if story is not None else None,
        extra=_extra(raw, LOOP_KEYS),
    )


def _read_note(raw: Any, where: str) -> Note:
    raw = j.obj(raw, where)
    if "text" not in raw:
        raise FileFormatError("missing its text", where)
    return _build(
        Note,
        where,
        id=_id(raw, where),
        text=j.string(raw["text"], f"{where}.text"),
        x=_opt_number(raw, "x", where, 0.0),
        y=_opt_number(raw, "y", where, 0.0),
        width=_opt_number(raw, "width", where),
        extra=_extra(raw, NOTE_KEYS),
    )


def _read_simulation(raw: Any) -> SimulationSettings:
    if raw is None:
        return SimulationSettings()
    raw = j.obj(raw, "simulation")
    defaults = SimulationSettings()
    method = raw.get("method", defaults.method)
    if isinstance(method, str):
        method = method.lower()
    return _build(
        SimulationSettings,
        "simulation",
        start=_opt_number(raw, "start", "simulation", defaults.start),
        stop=_opt_number(raw, "stop", "simulation", defaults.stop),
        dt=_opt_number(raw, "dt", "simulation", defaults.dt),
        method=j.choice(method, "simulation.method", METHODS),
        save_every=_opt_number(raw, "save_every", "simulation"),
        extra=_extra(raw, SIMULATION_KEYS),
    )


# ------------------------------------------------------------------ writing
def _num(value: float) -> float | int:
    # 200.0 is written 200: shorter, and what a person would type.
    if float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _put(out: dict[str, Any], key: str, value: Any, default: Any) -> None:
    if value != default:
        out[key] = _num(value) if isinstance(value, float) else value


def diagram_to_dict(diagram: Diagram) -> dict[str, Any]:
    """Return the document for ``diagram`` as plain JSON data, keys in file order."""
    doc: dict[str, Any] = {"format": FORMAT_NAME, "version": CURRENT_VERSION}
    for key in ("title", "description", "author"):
        _put(doc, key, getattr(diagram, key), "")
    for key in ("created", "modified"):
        _put(doc, key, getattr(diagram, key), None)
    sim = diagram.simulation
    if sim != SimulationSettings():
        doc["simulation"] = {"start": _num(sim.start), "stop": _num(sim.stop), "dt": _num(sim.dt),
                             "method": sim.method}
        _put(doc["simulation"], "save_every", sim.save_every, None)
        doc["simulation"].update(sim.extra)
    doc["variables"] = [_variable_dict(v) for v in diagram.variables.values()]
    doc["links"] = [_link_dict(link) for link in diagram.links.values()]
    if diagram.loop_labels:
        doc["loops"] = [_loop_dict(label) for label in diagram.loop_labels.values()]
    if diagram.notes:
        doc["notes"] = [_note_dict(note) for note in diagram.notes.values()]
    for key, value in diagram.extra.items():
        doc.setdefault(key, value)
    return doc


def _variable_dict(v: Variable) -> dict[str, Any]:
    out: dict[str, Any] = {"id": v.id, "name": v.name, "x": _num(v.x), "y": _num(v.y)}
    _put(out, "kind", v.kind, "auxiliary")
    _put(out, "initial", v.initial, None)
    _put(out, "equation", v.equation, None)
    for key in ("units", "notes", "evidence"):
        _put(out, key, getattr(v, key), "")
    _put(out, "colour", v.colour, None)
    if v.tags:
        out["tags"] = list(v.tags)
    if v.perspectives:
        out["perspectives"] = list(v.perspectives)
    out.update((k, val) for k, val in v.extra.items() if k not in out)
    return out


def _link_dict(link: Link) -> dict[str, Any]:
    out: dict[str, Any] = {"id": link.id, "from": link.source, "to": link.target, "polarity": link.polarity}
    _put(out, "delay", link.delay, False)
    _put(out, "delay_time", link.delay_time, None)
    _put(out, "strength", link.strength, 1.0)
    for key in ("label", "notes"):
        _put(out, key, getattr(link, key), "")
    if link.evidence:
        out["evidence"] = _evidence_dict(link.evidence)
    _put(out, "curvature", link.curvature, 0.0)
    _put(out, "inferred", link.inferred, False)
    if link.perspectives:
        out["perspectives"] = dict(link.perspectives)
    out.update((k, val) for k, val in link.extra.items() if k not in out)
    return out


def _evidence_dict(evidence: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "confidence", evidence.confidence, None)
    _put(out, "source", evidence.source, "")
    _put(out, "proposed_by", evidence.proposed_by, "")
    out.update((k, val) for k, val in evidence.extra.items() if k not in out)
    return out


def _loop_dict(label: LoopLabel) -> dict[str, Any]:
    out: dict[str, Any] = {"id": label.id}
    _put(out, "code", label.code, "")
    _put(out, "name", label.name, "")
    out["x"], out["y"] = _num(label.x), _num(label.y)
    if label.members:
        out["members"] = list(label.members)
    _put(out, "story", label.story, None)
    out.update((k, val) for k, val in label.extra.items() if k not in out)
    return out


def _note_dict(note: Note) -> dict[str, Any]:
    out: dict[str, Any] = {"id": note.id, "text": note.text, "x": _num(note.x), "y": _num(note.y)}
    _put(out, "width", note.width, None)
    out.update((k, val) for k, val in note.extra.items() if k not in out)
    return out


def write_cld(diagram: Diagram) -> bytes:
    """Return the ``.cld`` bytes of ``diagram``: indented, keys in a fixed order, UTF-8."""
    return (json.dumps(diagram_to_dict(diagram), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
