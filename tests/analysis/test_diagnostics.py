"""The warnings of analysis.diagnostics: exact loops, plain words, counts in good English."""

from __future__ import annotations

from cld_editor.analysis.diagnostics import MOST_LOOPS, diagnose, loops_without_delay
from cld_editor.core import Diagram
from tests.conftest import build


def by_code(d, code):
    return [w for w in diagnose(d) if w.code == code]


def test_a_loop_without_a_delay_names_exactly_the_variables_it_passes_through():
    # Two loops share "Jobs": no single loop passes through all three variables.
    d = build(["Jobs", "Income", "Spending", "Weather"],
              [("Jobs", "Income", "+"), ("Income", "Jobs", "+"), ("Jobs", "Spending", "+"),
               ("Spending", "Jobs", "+")])
    (warning,) = by_code(d, "no-delay-loop")
    assert warning.message.startswith('the loop "Income" → "Jobs" → "Income" has no delayed link and no stock')
    assert [d.variables[v].name for v in warning.variables] == ["Income", "Jobs"]
    assert [(d.variables[d.links[lk].source].name, d.variables[d.links[lk].target].name)
            for lk in warning.links] == [("Income", "Jobs"), ("Jobs", "Income")]
    assert "Spending" not in warning.message
    assert warning.message.endswith("Other loops through these variables need the same")


def test_the_loop_warning_explains_a_stock_in_plain_words():
    d = build(["Jobs", "Income"], [("Jobs", "Income", "+"), ("Income", "Jobs", "+")])
    (warning,) = by_code(d, "no-delay-loop")
    assert "a stock (a quantity that builds up or drains away over time" in warning.message
    assert "Other loops" not in warning.message


def test_delays_stocks_and_self_links_are_read_as_the_solver_reads_them():
    d = build(["A", "B", "C"], [("A", "B", "+"), ("B", "A", "+", True), ("C", "C", "-")])
    assert [names for names, *_ in loops_without_delay(d)] == [["C"]]
    stock = Diagram()
    a = stock.new_variable("Savings", kind="stock")
    b = stock.new_variable("Interest")
    stock.new_link(a.id, b.id)
    stock.new_link(b.id, a.id)
    assert loops_without_delay(stock) == []


def test_many_groups_are_listed_a_few_at_a_time():
    names = [f"V{i}" for i in range(2 * (MOST_LOOPS + 2))]
    links = [(names[i], names[i + 1], "+") for i in range(0, len(names), 2)]
    links += [(names[i + 1], names[i], "+") for i in range(0, len(names), 2)]
    warnings = by_code(build(names, links), "no-delay-loop")
    assert len(warnings) == MOST_LOOPS + 1
    assert warnings[-1].message.startswith("2 other groups of variables have loops with no delayed link")


def test_counts_are_in_good_english():
    d = build(["Jobs", "Income", "Weather", "Skills"],
              [("Jobs", "Income", "+"), ("Income", "Jobs", "+", True), ("Skills", "Jobs", "+")])
    messages = [w.message for w in diagnose(d)]
    assert messages[0] == '1 variable has no links: "Weather"'
    assert messages[1] == "1 link is part of no feedback loop"
    assert messages[2].startswith('1 pair of variables is linked both ways ("Income" and "Jobs")') or \
        messages[2].startswith('1 pair of variables is linked both ways ("Jobs" and "Income")')
    assert not any("(s)" in m for m in messages)
    two = build(["A", "B", "C", "D"], [("A", "B", "+"), ("B", "A", "+", True), ("C", "A", "+"),
                                       ("D", "A", "+")])
    assert by_code(two, "no-loop")[0].message == "2 links are part of no feedback loop"
