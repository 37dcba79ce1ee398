"""docs/cld.schema.json and docs/file-format.md agree with the reader and writer."""

from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest

from cld_editor.core.diagram import Diagram
from cld_editor.core.elements import Evidence, Link, LoopLabel, Note, SimulationSettings, Variable
from cld_editor.core.errors import CldError
from cld_editor.io.native import read_cld, write_cld

from .conftest import EXAMPLES, ROOT

DOCS = ROOT / "docs"
SCHEMA = json.loads((DOCS / "cld.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def schema_errors(doc) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(doc)]


def reader_accepts(doc) -> bool:
    try:
        read_cld(json.dumps(doc).encode("utf-8"))
    except CldError:
        return False
    return True


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.cld")), ids=lambda p: p.name)
def test_every_example_fits_the_schema(path):
    assert schema_errors(json.loads(path.read_bytes())) == []


def _everything() -> Diagram:
    """A diagram using every field, including keys this version does not know."""
    d = Diagram(title="Everything", description="Every key.", author="Tests", created="2026-11-27T10:00:00Z",
                modified="2026-11-27T11:00:00Z",
                simulation=SimulationSettings(1, 50, 0.5, "rk4", 2, extra={"solver_note": "x"}),
                extra={"other_tool": {"zoom": 1.5}})
    d.insert("variable", Variable("v1", "Stock A", 10.5, -20, kind="stock", initial="k * 2", units="people",
                                  notes="n", evidence="e", colour="#336699", tags=("a", "b"),
                                  extra={"shape": "box"}))
    d.insert("variable", Variable("v2", "k", 100, 0, kind="constant", equation="3"))
    d.insert("variable", Variable("v3", "Flow é (b)", 0, 100, initial=4, perspectives=("Tutor", "Parent")))
    d.insert("link", Link("l1", "v1", "v3", "-", delay=True, delay_time=2.5, strength=0.3, label="S", notes="n",
                          evidence=Evidence("contested", "e", "Group 2", extra={"page": 4}), curvature=-0.2,
                          inferred=True, perspectives={"Tutor": "-", "Parent": "+"}, extra={"w": 2}))
    d.insert("link", Link("l2", "v3", "v1", "?"))
    d.insert("link", Link("l3", "v1", "v1", "+"))
    d.insert("loop_label", LoopLabel("loop1", 5, 6, code="U1", name="Engine", members=("v1", "v3"),
                                     story="It turns.", extra={"colour": "red"}))
    d.insert("note", Note("n1", "A note", 1, 2, 150, extra={"font": "big"}))
    d.insert("note", Note("n2", "", 3, 4))
    return d


@pytest.mark.parametrize("diagram", [Diagram(), _everything()], ids=["empty", "everything"])
def test_written_files_fit_the_schema(diagram):
    doc = json.loads(write_cld(diagram))
    assert schema_errors(doc) == []
    assert read_cld(write_cld(diagram)).diagram == diagram


def test_written_file_keeps_keys_in_the_documented_order():
    doc = json.loads(write_cld(_everything()))
    order = ["format", "version", "title", "description", "author", "created", "modified", "simulation",
             "variables", "links", "loops", "notes", "other_tool"]
    assert list(doc) == order
    assert list(doc["links"][0]) == ["id", "from", "to", "polarity", "delay", "delay_time", "strength", "label",
                                     "notes", "evidence", "curvature", "inferred", "perspectives", "w"]
    assert list(doc["links"][0]["evidence"]) == ["confidence", "source", "proposed_by", "page"]
    assert list(doc["variables"][0]) == ["id", "name", "x", "y", "kind", "initial", "units", "notes", "evidence",
                                         "colour", "tags", "shape"]


MINIMAL = {"format": "cld-editor", "version": 1,
           "variables": [{"id": "v1", "name": "Jobs", "x": 0, "y": 0},
                         {"id": "v2", "name": "Worklessness", "x": 200, "y": 0}],
           "links": [{"id": "l1", "from": "v1", "to": "v2", "polarity": "-"}]}


def _with(path: str, value):
    """MINIMAL with the value at a dotted path (``links.0.polarity``) set, or removed when value is ...."""
    doc = copy.deepcopy(MINIMAL)
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return doc


INVALID = {
    "no format": _with("format", ...),
    "another format": _with("format", "kumu"),
    "version as text": _with("version", "1"),
    "newer version": _with("version", 3),
    "variables not a list": _with("variables", {"v1": "Jobs"}),
    "variable without a name": _with("variables.0.name", ...),
    "blank name": _with("variables.0.name", "   "),
    "blank id": _with("variables.0.id", " "),
    "position as text": _with("variables.0.x", "10"),
    "unknown kind": _with("variables.0.kind", "flow"),
    "tags null": _with("variables.0.tags", None),
    "link without to": _with("links.0.to", ...),
    "polarity word": _with("links.0.polarity", "positive"),
    "delay as text": _with("links.0.delay", "yes"),
    "negative delay time": _with("links.0.delay_time", -1),
    "version 1 confidence out of range": _with("links.0.confidence", "certain"),
    "version 1 confidence of version 2": _with("links.0.confidence", "strong"),
    "confidence out of range": {**_with("links.0.evidence", {"confidence": "certain"}), "version": 2},
    "evidence as text in version 2": {**_with("links.0.evidence", "ONS"), "version": 2},
    "perspective sign a word": {**_with("links.0.perspectives", {"Tutor": "plus"}), "version": 2},
    "blank perspective": _with("variables.0.perspectives", [" "]),
    "note without text": {**MINIMAL, "notes": [{"id": "n1", "x": 0, "y": 0}]},
    "zero time step": {**MINIMAL, "simulation": {"dt": 0}},
    "unknown method": {**MINIMAL, "simulation": {"method": "gear"}},
    "members not a list": {**MINIMAL, "loops": [{"id": "L", "members": "v1 v2"}]},
}


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_documents_fail_the_schema_and_the_reader(name):
    doc = INVALID[name]
    assert schema_errors(doc), f"the schema accepts: {name}"
    assert not reader_accepts(doc), f"the reader accepts: {name}"


VALID = {
    "minimal": MINIMAL,
    "empty": {"format": "cld-editor", "version": 1},
    "nulls mean defaults": {**_with("variables.0.x", None), "title": None,
                            "simulation": {"start": None, "dt": None, "method": "RK4"}},
    "unknown keys": {**_with("links.0.weight", 3), "kumu_id": "abc"},
    "self link": {**MINIMAL, "links": [{"id": "l1", "from": "v1", "to": "v1"}]},
    "initial as an equation": _with("variables.0.initial", "capacity / 2"),
    "version 1 evidence and confidence": {**_with("links.0.evidence", "ONS"), "links": [
        {"id": "l1", "from": "v1", "to": "v2", "evidence": "ONS", "confidence": "low"}]},
    "version 2 evidence": {**_with("links.0.evidence", {"confidence": "hypothesis", "source": "workshop 3 March",
                                                        "proposed_by": "Parent", "page": 3}), "version": 2},
    "perspectives as names": {**_with("links.0.perspectives", ["Tutor", "Parent"]), "version": 2},
}


@pytest.mark.parametrize("name", list(VALID))
def test_valid_documents_pass_the_schema_and_the_reader(name):
    doc = VALID[name]
    assert schema_errors(doc) == []
    assert reader_accepts(doc)


def test_rules_beyond_the_schema_are_left_to_the_reader():
    # The schema cannot see across elements; the reader refuses these.
    duplicate_link = _with("links", [{"id": "l1", "from": "v1", "to": "v2"}, {"id": "l2", "from": "v1", "to": "v2"}])
    same_name = _with("variables.1.name", " JOBS ")
    unknown_end = _with("links.0.to", "zz")
    for doc in (duplicate_link, same_name, unknown_end):
        assert schema_errors(doc) == []
        assert not reader_accepts(doc)


def _json_blocks() -> list[str]:
    text = (DOCS / "file-format.md").read_text(encoding="utf-8")
    return re.findall(r"```json\n(.*?)```", text, re.S)


def test_documented_examples_are_valid():
    blocks = _json_blocks()
    assert len(blocks) >= 2
    for block in blocks:
        doc = json.loads(block)
        assert schema_errors(doc) == []
        assert reader_accepts(doc)


def test_complete_example_is_exactly_what_the_writer_writes():
    complete = _json_blocks()[1]
    assert write_cld(read_cld(complete.encode("utf-8")).diagram).decode("utf-8") == complete


def test_documented_limits_match_the_code():
    from cld_editor.io import limits

    text = (DOCS / "file-format.md").read_text(encoding="utf-8")
    assert f"{limits.MAX_FILE_BYTES // 2**20} MiB" in text
    assert f"{limits.MAX_ELEMENTS:,}" in text
    assert f"{limits.MAX_STRING:,} characters" in text
    assert f"{limits.MAX_DEPTH} levels" in text
    assert SCHEMA["properties"]["variables"]["maxItems"] == limits.MAX_ELEMENTS
