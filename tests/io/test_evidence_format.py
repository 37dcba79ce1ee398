"""Link evidence and perspectives in the .cld file: version 2, and the migration from version 1."""

from __future__ import annotations

import json

import pytest

from cld_editor.core.elements import Evidence
from cld_editor.core.errors import FileFormatError
from cld_editor.io.native import CURRENT_VERSION, read_cld, write_cld

V1 = {"format": "cld-editor", "version": 1, "title": "Jobs",
      "variables": [{"id": "v1", "name": "Jobs", "x": 0, "y": 0, "evidence": "NOMIS"},
                    {"id": "v2", "name": "Worklessness", "x": 200, "y": 0}],
      "links": [{"id": "l1", "from": "v1", "to": "v2", "polarity": "-", "notes": "n",
                 "evidence": "ONS 2024", "confidence": "high", "curvature": 0.2, "kumu_id": "c7"},
                {"id": "l2", "from": "v2", "to": "v1", "polarity": "+", "confidence": "low"},
                {"id": "l3", "from": "v2", "to": "v2", "polarity": "+", "evidence": "", "confidence": "medium"}]}


def _bytes(doc) -> bytes:
    return json.dumps(doc).encode("utf-8")


def test_version_one_evidence_and_confidence_become_the_evidence_object():
    d = read_cld(_bytes(V1)).diagram
    assert d.links["l1"].evidence == Evidence("strong", "ONS 2024")
    assert d.links["l2"].evidence == Evidence("weak")
    assert d.links["l3"].evidence == Evidence("moderate")
    # Everything else loads unchanged, unknown keys included; a variable's evidence stays text.
    assert d.links["l1"].notes == "n" and d.links["l1"].curvature == 0.2 and d.links["l1"].extra == {"kumu_id": "c7"}
    assert d.variables["v1"].evidence == "NOMIS" and d.title == "Jobs"


def test_a_migrated_file_is_written_as_version_two():
    out = json.loads(write_cld(read_cld(_bytes(V1)).diagram))
    assert CURRENT_VERSION == 2 and out["version"] == 2
    assert out["links"][0] == {"id": "l1", "from": "v1", "to": "v2", "polarity": "-", "notes": "n",
                               "evidence": {"confidence": "strong", "source": "ONS 2024"}, "curvature": 0.2,
                               "kumu_id": "c7"}
    assert "evidence" not in out["links"][1] or out["links"][1]["evidence"] == {"confidence": "weak"}
    assert read_cld(_bytes(out)).diagram == read_cld(_bytes(V1)).diagram


@pytest.mark.parametrize("link, message", [
    ({"confidence": "strong"}, 'links[0].confidence: expected one of "low", "medium", "high", got "strong"'),
    ({"evidence": {"source": "x"}}, "links[0].evidence: expected text, got an object"),
])
def test_version_one_values_of_the_wrong_shape_are_refused_with_their_place(link, message):
    doc = {**V1, "links": [{**V1["links"][0], **link}]}
    with pytest.raises(FileFormatError) as err:
        read_cld(_bytes(doc))
    assert message in str(err.value)


@pytest.mark.parametrize("evidence, message", [
    ("ONS", "links[0].evidence: expected an object"),
    ({"confidence": "high"}, 'links[0].evidence.confidence: expected one of "strong", "moderate", "weak", '
                             '"contested", "hypothesis", got "high"'),
    ({"source": 3}, "links[0].evidence.source: expected text"),
])
def test_version_two_evidence_is_checked(evidence, message):
    doc = {**V1, "version": 2, "links": [{"id": "l1", "from": "v1", "to": "v2", "evidence": evidence}]}
    with pytest.raises(FileFormatError) as err:
        read_cld(_bytes(doc))
    assert message in str(err.value)


def test_version_three_is_refused():
    with pytest.raises(FileFormatError, match="newer cld-editor .format version 3.*reads versions up to 2"):
        read_cld(_bytes({**V1, "version": 3}))


def test_perspectives_round_trip_and_plain_lists_take_the_link_sign():
    doc = {"format": "cld-editor", "version": 2,
           "variables": [{"id": "v1", "name": "Jobs", "perspectives": ["Tutor"]},
                         {"id": "v2", "name": "Worklessness", "perspectives": ["Tutor", "Parent"]}],
           "links": [{"id": "l1", "from": "v1", "to": "v2", "polarity": "?",
                      "evidence": {"confidence": "contested", "proposed_by": "Tutor; Parent"},
                      "perspectives": {"Tutor": "-", "Parent": "+"}},
                     {"id": "l2", "from": "v2", "to": "v1", "polarity": "-", "perspectives": ["Parent"]}]}
    d = read_cld(_bytes(doc)).diagram
    assert d.variables["v2"].perspectives == ("Tutor", "Parent")
    assert d.links["l1"].perspectives == {"Tutor": "-", "Parent": "+"}
    assert d.links["l2"].perspectives == {"Parent": "-"}
    out = json.loads(write_cld(d))
    assert out["links"][0]["perspectives"] == {"Tutor": "-", "Parent": "+"}
    assert out["links"][1]["perspectives"] == {"Parent": "-"}
    assert read_cld(write_cld(d)).diagram == d


@pytest.mark.parametrize("variables, links, message", [
    ([{"id": "v1", "name": "A", "perspectives": ["Tutor", "Tutor"]}], [], "variables[0].perspectives: "
                                                                          "a perspective is named twice"),
    ([{"id": "v1", "name": "A", "perspectives": [""]}], [], "variables[0].perspectives[0]: must not be empty"),
    ([{"id": "v1", "name": "A"}], [{"id": "l1", "from": "v1", "to": "v1", "perspectives": {"T": "up"}}],
     'links[0].perspectives.T: expected one of "+", "-", "?", got "up"'),
])
def test_bad_perspectives_are_refused_with_their_place(variables, links, message):
    doc = {"format": "cld-editor", "version": 2, "variables": variables, "links": links}
    with pytest.raises(FileFormatError) as err:
        read_cld(_bytes(doc))
    assert message in str(err.value)
