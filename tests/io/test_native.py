"""The native .cld file: defaults, stable writing, refusals with places, migration, atomic saves."""

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cld_editor import io
from cld_editor.core import Diagram
from cld_editor.core.errors import FileFormatError, SaveError
from cld_editor.io import native
from cld_editor.io.native import read_cld, write_cld

MINIMAL = {
    "format": "cld-editor", "version": 1,
    "variables": [{"id": "v1", "name": "Jobs", "x": 0, "y": 0},
                  {"id": "v2", "name": "Worklessness", "x": 200, "y": 0}],
    "links": [{"id": "l1", "from": "v1", "to": "v2", "polarity": "-"},
              {"id": "l2", "from": "v2", "to": "v1", "polarity": "+", "delay": True}],
}


def doc(**changes):
    data = json.loads(json.dumps(MINIMAL))
    data.update(changes)
    return json.dumps(data).encode()


def test_minimal_file_loads_with_defaults():
    d = read_cld(doc()).diagram
    jobs = d.variables["v1"]
    assert (jobs.kind, jobs.equation, jobs.initial, jobs.tags) == ("auxiliary", None, None, ())
    l1, l2 = d.links["l1"], d.links["l2"]
    assert (l1.polarity, l1.delay, l1.strength, l1.curvature) == ("-", False, 1.0, 0.0)
    assert l2.delay is True
    assert d.simulation.method == "euler" and d.title == ""


def test_only_format_version_is_required():
    d = read_cld(b'{"format": "cld-editor", "version": 1}').diagram
    assert len(d.variables) == 0 and len(d.links) == 0


def test_writing_is_stable_and_ordered():
    d = read_cld(doc(title="Stoke")).diagram
    first = write_cld(d)
    assert write_cld(read_cld(first).diagram) == first
    text = first.decode()
    assert text.index('"format"') < text.index('"version"') < text.index('"title"') < text.index('"variables"')
    assert text.index('"variables"') < text.index('"links"')
    assert '\n  "variables": [\n' in text  # indented for clean diffs
    link = json.loads(text)["links"][0]
    assert list(link) == ["id", "from", "to", "polarity"]  # defaults are left out


def test_unknown_keys_survive_load_and_save():
    data = json.loads(doc())
    data["zz_future"] = {"a": [1, 2]}
    data["variables"][0]["shape"] = "cloud"
    data["links"][0]["weight_source"] = "survey"
    data["simulation"] = {"start": 0, "stop": 10, "dt": 0.5, "method": "rk4", "integrator_hint": "x"}
    out = json.loads(write_cld(read_cld(json.dumps(data).encode()).diagram))
    assert out["zz_future"] == {"a": [1, 2]}
    assert out["variables"][0]["shape"] == "cloud"
    assert out["links"][0]["weight_source"] == "survey"
    assert out["simulation"]["integrator_hint"] == "x" and out["simulation"]["method"] == "rk4"


def test_all_optional_fields_round_trip():
    data = json.loads(doc(title="T", description="D", author="A", created="2026-01-01T00:00:00Z",
                          modified="2026-01-02T00:00:00Z"))
    data["variables"][0].update(kind="stock", initial=5, equation="hires - quits", units="people",
                                notes="n", evidence="ONS 2024", colour="#336699", tags=["economy"])
    data["version"] = 2
    data["variables"][0]["perspectives"] = ["Tutor"]
    data["links"][0].update(delay_time=3, strength=0.5, label="S", notes="n",
                            evidence={"confidence": "strong", "source": "e", "proposed_by": "Tutor"},
                            curvature=0.25, inferred=True, perspectives={"Tutor": "+", "Parent": "-"})
    data["loops"] = [{"id": "loop1", "code": "B1", "name": "Work pays", "x": 100, "y": 20,
                      "members": ["v1", "v2"], "story": "As jobs rise..."}]
    data["notes"] = [{"id": "n1", "text": "Draft for the board", "x": -50, "y": 300, "width": 200}]
    data["simulation"] = {"start": 2020, "stop": 2030, "dt": 0.125, "method": "rk4", "save_every": 1}
    d = read_cld(json.dumps(data).encode()).diagram
    again = read_cld(write_cld(d)).diagram
    assert again == d
    assert again.variables["v1"].initial == 5 and again.links["l1"].evidence.confidence == "strong"
    assert again.loop_labels["loop1"].members == ("v1", "v2")
    assert again.notes["n1"].width == 200
    assert json.loads(write_cld(again)) == data


BROKEN = [
    (b"", "not valid JSON"),
    (b'{"format": "cld-editor", "version": 1, "variables": [', "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"[1, 2]", "expected an object"),
    (b'{"format": "something-else", "version": 1}', 'format: not a cld-editor diagram'),
    (b'{"format": "cld-editor"}', "version: expected a whole number"),
    (b'{"format": "cld-editor", "version": "1"}', "version: expected a whole number"),
    (doc(variables={"v1": 1}), "variables: expected a list"),
    (doc(variables=[{"id": "v1", "x": 0, "y": 0}]), "variables[0]: missing its name"),
    (doc(variables=[{"id": "v1", "name": "A", "x": "left"}]), 'variables[0].x: expected a number, got "left"'),
    (doc(variables=[{"id": "v1", "name": "A"}, {"id": "v1", "name": "B"}]), 'variables[1]: there is already a variable with id "v1"'),
    (doc(variables=[{"id": "v1", "name": "A"}, {"id": "v2", "name": " a "}]), 'variables[1]: there is already a variable called "A"'),
    (doc(variables=[{"id": "v1", "name": "A", "kind": "flow"}]), 'variables[0].kind: expected one of'),
    (doc(links=[{"id": "l1", "from": "v1", "to": "zz"}]), 'links[0].to: no variable with id "zz"'),
    (doc(links=[{"id": "l1", "from": "v1", "to": "v2", "polarity": "positive"}]), 'links[0].polarity: expected one of "+", "-", "?"'),
    (doc(links=[{"id": "l1", "from": "v1", "to": "v2", "delay": "yes"}]), 'links[0].delay: expected true or false, got "yes"'),
    (doc(links=[{"id": "l1", "from": "v1", "to": "v2"}, {"id": "l2", "from": "v1", "to": "v2"}]), 'links[1]: a second link from "Jobs" to "Worklessness"'),
    (doc(links=[{"id": "l1", "from": "v1", "to": "v2", "strength": 7}]).replace(b"7", b"1e400"), "too large"),
    (b'{"format": "cld-editor", "version": 1, "title": NaN}', "NaN is not allowed"),
    (doc(variables=[{"id": "v1", "name": "A", "x": 7}]).replace(b"7", b"1" + b"0" * 400), "variables[0].x: a number is too large"),
    (doc(simulation={"start": 5, "stop": 1}), "simulation.stop: stop (1.0) must be after start (5.0)"),
    (b"[" * 10000 + b"]" * 10000, "nested more than"),
]


@pytest.mark.parametrize("data, message", BROKEN, ids=[m for _, m in BROKEN])
def test_broken_files_are_refused_with_place(data, message):
    with pytest.raises(FileFormatError) as err:
        read_cld(data)
    assert message in str(err.value)


def test_the_links_3_to_message_of_the_issue():
    data = json.loads(doc())
    data["variables"].append({"id": "v3", "name": "Skills"})
    data["links"] = [{"id": f"l{i}", "from": "v1", "to": t} for i, t in enumerate(["v2", "v3", "v1"])]
    data["links"].append({"id": "l9", "from": "v2", "to": "zz"})
    with pytest.raises(FileFormatError) as err:
        read_cld(json.dumps(data).encode())
    assert str(err.value) == 'links[3].to: no variable with id "zz"'


def test_newer_version_is_refused_clearly():
    with pytest.raises(FileFormatError) as err:
        read_cld(doc(version=7))
    text = str(err.value)
    assert "newer cld-editor" in text and "version 7" in text and "update cld-editor" in text


def test_older_versions_migrate_step_by_step(monkeypatch):
    # Pretend the program is at version 3 and versions 1 and 2 had other key names.
    def one_to_two(d):
        d["variables"] = d.pop("nodes")
        return d

    def two_to_three(d):
        d["links"] = d.pop("edges")
        return d

    monkeypatch.setattr(native, "CURRENT_VERSION", 3)
    monkeypatch.setattr(native, "MIGRATIONS", {1: one_to_two, 2: two_to_three})
    old = {"format": "cld-editor", "version": 1, "nodes": MINIMAL["variables"], "edges": MINIMAL["links"]}
    d = read_cld(json.dumps(old).encode()).diagram
    assert len(d.variables) == 2 and d.links["l1"].polarity == "-"
    assert json.loads(write_cld(d))["version"] == 3


def test_load_names_the_file(tmp_path):
    path = tmp_path / "broken.cld"
    path.write_bytes(doc(links=[{"id": "l1", "from": "v1", "to": "zz"}]))
    with pytest.raises(FileFormatError) as err:
        io.load(path)
    assert str(err.value) == f'{path}: links[0].to: no variable with id "zz"'
    with pytest.raises(FileFormatError, match="no such file"):
        io.load(tmp_path / "missing.cld")
    with pytest.raises(FileFormatError, match="unsupported file type"):
        io.load(tmp_path / "x.docx")


def test_failed_save_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "diagram.cld"
    io.save(read_cld(doc()).diagram, path)
    old = path.read_bytes()
    changed = read_cld(doc(title="New title")).diagram

    real_fsync = os.fsync

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(SaveError) as err:
        io.save(changed, path)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert "disk is full" in str(err.value)
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diagram.cld"]


def test_save_into_missing_folder_says_so(tmp_path):
    with pytest.raises(SaveError, match="folder does not exist"):
        io.save(Diagram(), tmp_path / "gone" / "x.cld")


def test_backup_keeps_previous_version(tmp_path):
    path = tmp_path / "d.cld"
    io.save(read_cld(doc()).diagram, path)
    first = path.read_bytes()
    io.save(read_cld(doc(title="Second")).diagram, path, backup=True)
    assert (tmp_path / "d.cld.bak").read_bytes() == first
    assert b"Second" in path.read_bytes()


names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda s: s.strip()
)


@st.composite
def diagrams(draw):
    d = Diagram(title=draw(st.text(max_size=10)))
    for name in draw(st.lists(names, max_size=8, unique_by=lambda s: s.strip().casefold())):
        d.new_variable(name, draw(st.floats(-1e4, 1e4)), draw(st.floats(-1e4, 1e4)),
                       kind=draw(st.sampled_from(["auxiliary", "stock", "constant"])))
    ids = list(d.variables)
    if ids:
        for a, b in draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=15, unique=True)):
            d.new_link(a, b, draw(st.sampled_from("+-?")), delay=draw(st.booleans()),
                       curvature=draw(st.floats(-1, 1)))
    return d


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diagrams())
def test_any_diagram_round_trips_exactly(d):
    data = write_cld(d)
    again = read_cld(data).diagram
    assert again == d
    assert write_cld(again) == data
