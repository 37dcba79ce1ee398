"""The model: edits, validation errors and change events."""

import pytest

from cld_editor.core import Diagram, Link, Variable
from cld_editor.core.errors import (
    DuplicateIdError,
    DuplicateLinkError,
    DuplicateNameError,
    InvalidValueError,
    UnknownElementError,
    UnknownVariableError,
)
from cld_editor.core.events import DiagramReset, ElementAdded, ElementChanged, ElementRemoved, PropertyChanged
from cld_editor.core.elements import SimulationSettings


def small():
    d = Diagram()
    a = d.new_variable("Jobs", 0, 0)
    b = d.new_variable("Worklessness", 200, 0)
    c = d.new_variable("Skills", 100, 150)
    d.new_link(a.id, b.id, "-")
    d.new_link(b.id, c.id, "-", delay=True)
    d.new_link(c.id, a.id, "+")
    return d


def test_names_are_unique_ignoring_case_and_spaces():
    d = small()
    with pytest.raises(DuplicateNameError) as err:
        d.new_variable("  jobs ")
    assert '"Jobs"' in str(err.value)
    v = d.variable_by_name("JOBS ")
    assert v is not None and v.name == "Jobs"


def test_rename_to_own_name_in_other_case_is_allowed_but_not_to_another():
    d = small()
    vid = d.variable_by_name("Jobs").id
    d.update_variable(vid, name="JOBS")
    assert d.variable_by_name("jobs").name == "JOBS"
    with pytest.raises(DuplicateNameError):
        d.update_variable(vid, name="skills")
    assert d.variables[vid].name == "JOBS"


def test_duplicate_link_and_unknown_variable_are_refused():
    d = small()
    a, b = d.variable_by_name("Jobs").id, d.variable_by_name("Worklessness").id
    with pytest.raises(DuplicateLinkError):
        d.new_link(a, b, "+")
    with pytest.raises(UnknownVariableError) as err:
        d.new_link(a, "nope")
    assert 'no variable with id "nope"' in str(err.value)
    with pytest.raises(DuplicateIdError):
        d.add_variable(Variable(a, "Other"))
    with pytest.raises(UnknownElementError):
        d.update_link("l99", polarity="-")


def test_invalid_values_are_refused_with_a_place():
    with pytest.raises(InvalidValueError) as err:
        Link("l1", "a", "b", "x")
    assert "polarity" in str(err.value)
    with pytest.raises(InvalidValueError):
        Variable("v1", "   ")
    with pytest.raises(InvalidValueError):
        Variable("v1", "A", float("nan"), 0)
    with pytest.raises(InvalidValueError):
        SimulationSettings(start=10, stop=5)


def test_events_follow_every_edit():
    d = small()
    seen = []
    d.subscribe(seen.append)
    vid = d.variable_by_name("Skills").id
    d.update_variable(vid, x=300)
    removed = d.remove_variable(vid)
    d.set_property("title", "Stoke")
    assert isinstance(seen[0], ElementChanged) and seen[0].new.x == 300
    assert [type(e) for e in seen[1:4]] == [ElementRemoved, ElementRemoved, ElementRemoved]
    assert [e.kind for e in seen[1:4]] == ["link", "link", "variable"]
    assert isinstance(seen[4], PropertyChanged) and seen[4].new == "Stoke"
    assert len(removed) == 3


def test_remove_and_reinsert_restores_exactly():
    d = small()
    before = d.state()
    vid = d.variable_by_name("Worklessness").id
    removed = d.remove_variable(vid)
    assert len(d.links) == 1
    for element, index in reversed(removed):
        kind = "variable" if isinstance(element, Variable) else "link"
        d.insert(kind, element, index)
    assert d.state() == before


def test_rename_keeps_links_and_no_op_update_sends_nothing():
    d = small()
    vid = d.variable_by_name("Jobs").id
    seen = []
    d.subscribe(seen.append)
    d.update_variable(vid, name="Jobs")
    assert seen == []
    d.update_variable(vid, name="Local jobs")
    assert len(d.links_of(vid)) == 2
    assert d.link_between(vid, d.variable_by_name("Worklessness").id) is not None


def test_relinking_a_link_updates_the_adjacency():
    d = small()
    a, b, c = (d.variable_by_name(n).id for n in ("Jobs", "Worklessness", "Skills"))
    link = d.link_between(a, b)
    d.update_link(link.id, target=c)
    assert d.link_between(a, b) is None
    assert d.link_between(a, c).id == link.id
    with pytest.raises(DuplicateLinkError):
        d.update_link(link.id, source=b)  # b -> c exists already


def test_copy_is_independent_and_replace_content_resets_listeners_view():
    d = small()
    twin = d.copy()
    assert twin == d
    twin.new_variable("Crime")
    assert twin != d
    seen = []
    d.subscribe(seen.append)
    d.replace_content(twin)
    assert isinstance(seen[-1], DiagramReset)
    assert d.variable_by_name("crime") is not None and d == twin
    d.new_variable("Health")
    assert twin.variable_by_name("health") is None


def test_insert_at_index_keeps_order():
    d = small()
    v = d.add_variable(Variable("v9", "Health"), index=0)
    assert list(d.variables)[0] == v.id
    assert isinstance(ElementAdded("variable", v, 0), ElementAdded)


def test_a_property_assigned_directly_still_sends_its_change_event():
    from cld_editor.core.events import PropertyChanged

    d = Diagram(title="Draft")
    seen = []
    d.subscribe(seen.append)
    d.title = "Waiting times"
    d.author = "Policy unit"
    d.title = "Waiting times"  # no change, no event
    assert seen == [PropertyChanged("title", "Draft", "Waiting times"), PropertyChanged("author", "", "Policy unit")]
    assert d.title == "Waiting times" and Diagram(title="Draft").title == "Draft"
