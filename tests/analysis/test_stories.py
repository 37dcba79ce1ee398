"""Loop stories: grammar, delays, unknown links, and the user's own story."""

from __future__ import annotations

import pytest

from cld_editor.analysis.loops import find_loops
from cld_editor.analysis.stories import generate_story, is_plural, loop_story, story_label
from cld_editor.core import LoopLabel
from tests.conftest import build


def _only_loop(d):
    loops = find_loops(d).loops
    assert len(loops) == 1
    return loops[0]


def test_balancing_story_follows_the_signs_around():
    names = ["Benefit claims", "Jobs", "Worklessness"]
    d = build(names, [("Jobs", "Worklessness", "-"), ("Worklessness", "Benefit claims", "+"),
                      ("Benefit claims", "Jobs", "+")])
    assert generate_story(d, _only_loop(d)) == (
        "As Benefit claims rise, Jobs rise, which lowers Worklessness, which in turn lowers "
        "Benefit claims. So the loop balances: it pushes back against change.")


def test_reinforcing_story_ends_with_further():
    names = ["Benefit claims", "Jobs", "Worklessness"]
    d = build(names, [("Jobs", "Worklessness", "-"), ("Worklessness", "Benefit claims", "+"),
                      ("Benefit claims", "Jobs", "-")])
    story = generate_story(d, _only_loop(d))
    assert story.startswith("As Benefit claims rise, Jobs fall, which raises Worklessness")
    assert story.endswith("further. So the loop reinforces: change feeds on itself, in either direction.")


def test_singular_names_take_singular_verbs():
    d = build(["Crime", "Worklessness"], [("Crime", "Worklessness", "+"), ("Worklessness", "Crime", "+")])
    story = generate_story(d, _only_loop(d))
    assert story.startswith("As Crime rises, Worklessness rises, which in turn raises Crime further.")


def test_increase_wording():
    d = build(["Crime", "Police"], [("Crime", "Police", "+"), ("Police", "Crime", "-")])
    story = generate_story(d, _only_loop(d), wording="increase")
    assert story.startswith("As Crime increases, Police increase, which in turn reduces Crime.")


def test_delay_is_named_where_it_sits():
    d = build(["Stock", "Orders", "Price"],
              [("Orders", "Stock", "+"), ("Stock", "Price", "-", True), ("Price", "Orders", "+")])
    story = generate_story(d, _only_loop(d))
    # Loop starts at "Orders" (sorts first): Orders -> Stock -> Price (delayed) -> Orders.
    assert story.startswith("As Orders rise, Stock rises, which, after a delay, lowers Price,")
    d2 = build(["A", "B"], [("A", "B", "+", True), ("B", "A", "+")])
    assert generate_story(d2, _only_loop(d2)).startswith("As A rises, B rises after a delay,")


def test_unknown_link_is_told_as_unknown_and_what_follows_is_a_change():
    d = build(["A", "B", "C"], [("A", "B", "+"), ("B", "C", "?"), ("C", "A", "-")])
    story = generate_story(d, _only_loop(d))
    assert "which affects C in a way not yet known" in story
    assert "which in turn changes A" in story
    assert "not yet known" in story.split(". ")[-1]


@pytest.mark.parametrize("polarity, words", [("+", "raises it further"), ("-", "lowers it again"),
                                             ("?", "affects itself")])
def test_self_loop(polarity, words):
    d = build(["Population"], [("Population", "Population", polarity)])
    assert words in generate_story(d, _only_loop(d))


def test_user_story_wins_and_is_found_by_membership():
    d = build(["A", "B"], [("A", "B", "+"), ("B", "A", "+")])
    loop = _only_loop(d)
    assert loop_story(d, loop) == generate_story(d, loop)
    d.insert("loop_label", LoopLabel("loop1", members=tuple(reversed(loop.variables)), story="Our own words."))
    assert story_label(d, loop).id == "loop1"
    assert loop_story(d, loop) == "Our own words."
    d.update("loop_label", "loop1", story="")
    assert loop_story(d, loop) == generate_story(d, loop)


def test_plural_guess():
    assert is_plural("Hospital admissions")
    assert not is_plural("Stress")
    assert not is_plural("Status")
