"""The What-if panel: sliders run live, baseline, apply to the diagram, canvas clicks, dominance."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QUndoStack

from cld_editor.core import Diagram
from cld_editor.core.elements import SimulationSettings
from cld_editor.gui.panels.whatif import WhatIfPanel


def goal_diagram() -> Diagram:
    d = Diagram(simulation=SimulationSettings(0, 20, 0.25, "euler"))
    level = d.new_variable("Level", kind="stock", initial=0)
    goal = d.new_variable("Goal", kind="constant", equation="10")
    gap = d.new_variable("Gap")
    d.new_link(goal.id, gap.id, "+")
    d.new_link(level.id, gap.id, "-")
    d.new_link(gap.id, level.id, "+", strength=0.5)
    return d


@pytest.fixture
def setup(qtbot):
    d = goal_diagram()
    stack = QUndoStack()
    panel = WhatIfPanel(d, stack)
    qtbot.addWidget(panel)
    panel.show()
    return d, stack, panel


def final_level(panel) -> float:
    return float(panel.run.series("Level")[-1])


def test_sliders_cover_constants_starts_and_strengths(setup):
    d, _, panel = setup
    kinds = sorted({k[0] for k in panel.rows})
    assert kinds == ["initial", "strength", "value"]
    assert final_level(panel) == pytest.approx(10, rel=1e-3)


def test_moving_a_slider_reruns(setup, qtbot):
    d, _, panel = setup
    row = panel.rows[("value", d.variable_by_name("Goal").id)]
    row.slider.setValue(row.slider.maximum())  # 2 x 10
    qtbot.waitUntil(lambda: final_level(panel) == pytest.approx(20, rel=1e-3))
    row.spin.setValue(5)
    qtbot.waitUntil(lambda: final_level(panel) == pytest.approx(5, rel=1e-3))
    assert "1 value changed" in panel.status.text()


def test_baseline_is_kept_and_drawn(setup):
    d, _, panel = setup
    panel.pin_baseline()
    panel.rows[("value", d.variable_by_name("Goal").id)].set_value(30)
    panel.run_now()
    assert float(panel.baseline.series("Level")[-1]) == pytest.approx(10, rel=1e-3)
    assert "Level (baseline)" in panel.plot.columns and "Level" in panel.plot.columns
    assert "baseline pinned" in panel.status.text()
    panel.clear_baseline()  # with a value changed, the diagram's own run is drawn dashed instead
    assert panel.plot.columns["Level (baseline)"][-1] == pytest.approx(10, rel=1e-3)
    assert "dashed: the diagram's own values" in panel.status.text()
    panel.reset()
    assert "Level (baseline)" not in panel.plot.columns


def test_moving_a_start_or_a_constant_visibly_changes_the_plot(qtbot):
    """A stock with nothing flowing in is a flat line: moving its start must still show on the plot."""
    d = Diagram(simulation=SimulationSettings(0, 10, 0.5, "euler"))
    savings = d.new_variable("Savings", kind="stock", initial=100)
    budget = d.new_variable("Budget", initial=10)
    spending = d.new_variable("Spending")
    d.new_link(budget.id, spending.id, "+")
    panel = WhatIfPanel(d, QUndoStack())
    qtbot.addWidget(panel)
    panel.show_variable(spending.id)
    assert "Savings stays at its starting value" in panel.flat_note.text()
    assert "Spending does not change because Budget does not change either." in panel.flat_note.text()
    panel.rows[("initial", savings.id)].set_value(150)
    panel.rows[("value", budget.id)].set_value(4)
    panel.run_now()
    drawn = panel.plot.columns
    assert drawn["Savings"][-1] == 150 and drawn["Savings (baseline)"][-1] == 100
    assert drawn["Spending"][-1] == 4 and drawn["Spending (baseline)"][-1] == 10


def test_stale_runs_are_dropped_and_the_newest_is_shown(setup, qtbot, monkeypatch):
    """Slider moves run in the background; requests overtaken while a run is busy never run."""
    import threading

    from cld_editor.sim.run import Simulator

    d, _, panel = setup
    goal = panel.rows[("value", d.variable_by_name("Goal").id)]
    started, release = threading.Event(), threading.Event()
    real_run = Simulator.run
    asked = []

    def slow_run(self, settings=None, changes=None, keep_states=False, stop=None):
        asked.append(dict(changes or {}))
        if len(asked) == 1:
            started.set()
            release.wait(10)  # the first run is busy while the slider moves on
            assert stop(), "a newer request should make the busy run stale"
        return real_run(self, settings, changes, keep_states, stop)

    monkeypatch.setattr(Simulator, "run", slow_run)
    goal.spin.setValue(11)  # a background run starts and blocks
    qtbot.waitUntil(started.is_set)
    for value in range(12, 31):  # the drag goes on: each move replaces the waiting request
        goal.spin.setValue(value)
    shown = []
    panel._worker.finished.connect(lambda number, result: shown.append(number))
    release.set()
    qtbot.waitUntil(lambda: final_level(panel) == pytest.approx(30, rel=1e-3))
    qtbot.waitUntil(panel._worker.idle)
    qtbot.wait(50)
    goal_values = [c[goal.key] for c in asked if goal.key in c]  # (the others: the diagram's own run)
    assert goal_values == [11, 30]  # the busy run and the newest: 12..29 never ran
    assert shown == [panel._worker.latest]  # the busy run's result came back stale: never shown
    assert "1 value changed" in panel.status.text()


def test_apply_to_diagram_is_one_undoable_step(setup):
    d, stack, panel = setup
    goal = d.variable_by_name("Goal").id
    link = next(iter(d.links_into(d.variable_by_name("Level").id)))
    panel.rows[("value", goal)].set_value(12)
    panel.rows[("strength", link.id)].set_value(0.25)
    panel.apply_to_diagram()
    assert d.variables[goal].equation == "12" and d.links[link.id].strength == 0.25
    assert stack.count() == 1
    stack.undo()
    assert d.variables[goal].equation == "10" and d.links[link.id].strength == 0.5


def test_canvas_click_plots_the_variable_and_edits_recompile(setup, qtbot):
    d, _, panel = setup
    gap = d.variable_by_name("Gap").id
    panel.set_selection([gap], [])
    assert gap in panel.plotted and "Gap" in panel.plot.columns
    d.update_variable(d.variable_by_name("Goal").id, equation="40")
    qtbot.waitUntil(lambda: final_level(panel) == pytest.approx(40, rel=1e-3))


def test_bad_model_says_why(qtbot):
    d = Diagram()
    a, b = d.new_variable("A"), d.new_variable("B")
    d.new_link(a.id, b.id, "+")
    d.new_link(b.id, a.id, "+")
    panel = WhatIfPanel(d, QUndoStack())
    qtbot.addWidget(panel)
    panel.show()
    assert "no stock and no delay" in panel.status.text()


def test_dominance_tab_and_exports(setup, tmp_path):
    d, _, panel = setup
    panel.tabs.setCurrentIndex(1)
    panel.update_dominance()
    assert "B1" in next(iter(panel.dominance_plot.columns))
    shares = np.array(list(panel.dominance_plot.columns.values()))
    assert np.all(shares[:, 1:] <= 0)
    panel.plot.export_csv(str(tmp_path / "plot.csv"))
    text = (tmp_path / "plot.csv").read_text()
    assert text.startswith("time,Level")
    panel.plot.export_png(str(tmp_path / "plot.png"), width=400)
    assert (tmp_path / "plot.png").read_bytes()[:4] == b"\x89PNG"


def test_a_hidden_panel_catches_up_when_shown(qtbot):
    d = goal_diagram()
    panel = WhatIfPanel(d, QUndoStack())
    qtbot.addWidget(panel)
    d.update_variable(d.variable_by_name("Goal").id, equation="40")
    qtbot.wait(200)
    assert final_level(panel) == pytest.approx(10, rel=1e-3)  # not rebuilt while hidden
    panel.show()
    qtbot.waitUntil(lambda: final_level(panel) == pytest.approx(40, rel=1e-3))


def test_moving_a_variable_does_not_rerun(setup, qtbot):
    d, _, panel = setup
    before = panel.run
    d.update_variable(d.variable_by_name("Goal").id, x=300.0, y=40.0)
    qtbot.wait(250)
    assert panel.run is before


def test_sweep_runs_a_batch_over_the_last_slider(setup, qtbot):
    d, _, panel = setup
    goal = ("value", d.variable_by_name("Goal").id)
    panel.rows[goal].spin.setValue(12)  # touched last
    qtbot.waitUntil(lambda: final_level(panel) == pytest.approx(12, rel=1e-3))
    panel.sweep_button.setChecked(True)
    qtbot.waitUntil(lambda: panel.sweep_run is not None)
    finals = panel.sweep_run.series("Level")[-1]
    assert finals.shape == (21,)
    assert finals[0] == pytest.approx(0, abs=1e-6) and finals[-1] == pytest.approx(20, rel=1e-3)  # 0..2 x 10
    assert "Level (sweep high)" in panel.plot.columns
    assert "Sweep of Goal" in panel.status.text()
    panel.sweep_button.setChecked(False)
    qtbot.waitUntil(lambda: panel.sweep_run is None)


def test_a_diagram_without_stocks_gets_a_hint(qtbot):
    d = Diagram()
    a, b = d.new_variable("Reputation"), d.new_variable("Sales")
    d.new_link(a.id, b.id, "+")
    d.new_link(b.id, a.id, "+", delay=True)
    panel = WhatIfPanel(d, QUndoStack())
    qtbot.addWidget(panel)
    assert "No variable is a stock" in panel.status.text()


def test_a_value_with_more_digits_than_its_box_shows_is_not_a_change(qtbot):
    d = goal_diagram()
    link = next(iter(d.links.values()))
    d.update_link(link.id, strength=0.123456)
    panel = WhatIfPanel(d, QUndoStack())
    qtbot.addWidget(panel)
    assert panel.changes() == {}
    assert "the diagram's values" in panel.status.text()
    assert not any("(baseline)" in name for name in panel.plot.columns)  # nothing to compare with yet


# ------------------------------------------------------- the newest run, soon (issue 14, item 6)
def _record_runs(monkeypatch):
    """Every Simulator.run, as (its changes, the thread it ran on); and an event set on each."""
    import threading

    from cld_editor.sim.run import Simulator

    real_run = Simulator.run
    runs, ran = [], threading.Event()

    def recording_run(self, settings=None, changes=None, keep_states=False, stop=None):
        result = real_run(self, settings, changes, keep_states, stop)
        runs.append(dict(changes or {}))
        ran.set()
        return result

    monkeypatch.setattr(Simulator, "run", recording_run)
    return runs, ran


def test_a_move_starts_its_run_while_the_window_is_still_busy(setup, monkeypatch):
    """The newest value goes to the background at once: it does not wait for the event loop to come round."""
    d, _, panel = setup
    goal = panel.rows[("value", d.variable_by_name("Goal").id)]
    runs, ran = _record_runs(monkeypatch)
    goal.slider.setValue(goal.slider.maximum())  # 20; no event is processed from here on
    assert ran.wait(10), "the run of the new value never started"
    assert runs[0] == {goal.key: 20.0}


def test_a_burst_of_moves_draws_only_its_newest_value(setup, qtbot, monkeypatch):
    d, _, panel = setup
    goal = panel.rows[("value", d.variable_by_name("Goal").id)]
    drawn = []
    real_set_series = panel.plot.set_series
    monkeypatch.setattr(panel.plot, "set_series", lambda times, series, *rest: (
        drawn.append(float(series["Level"][-1])), real_set_series(times, series, *rest)))
    for position in range(600, 1001, 50):  # nine moves before the window draws anything
        goal.slider.setValue(position)
    qtbot.waitUntil(lambda: panel._worker.idle() and bool(drawn) and drawn[-1] == pytest.approx(20, rel=1e-3))
    qtbot.wait(50)
    assert drawn == [pytest.approx(20, rel=1e-3)]  # one drawing: the newest value's run
    assert final_level(panel) == pytest.approx(20, rel=1e-3)


def test_the_first_move_does_not_run_the_diagram_again(setup, qtbot, monkeypatch):
    """The diagram's own run, drawn dashed once a slider moves, is the one already made: one run a move."""
    d, _, panel = setup
    own = panel.run
    runs, _ = _record_runs(monkeypatch)
    goal = panel.rows[("value", d.variable_by_name("Goal").id)]
    goal.spin.setValue(15)
    qtbot.waitUntil(lambda: final_level(panel) == pytest.approx(15, rel=1e-3))
    qtbot.waitUntil(panel._worker.idle)
    assert runs == [{goal.key: 15.0}]
    assert panel.reference is own
    assert panel.plot.columns["Level (baseline)"][-1] == pytest.approx(10, rel=1e-3)


def test_changing_the_method_redraws_the_diagrams_own_run_by_it(setup, qtbot):
    from dataclasses import replace

    d, _, panel = setup
    link = next(iter(d.links_into(d.variable_by_name("Level").id)))
    panel.rows[("strength", link.id)].spin.setValue(2.0)
    qtbot.waitUntil(lambda: bool(panel.run.params) and panel._worker.idle())
    panel.method.setCurrentIndex(panel.method.findData("rk4"))
    panel.method.activated.emit(panel.method.currentIndex())  # (as a choice in the box does)
    rk4 = panel.simulator.run(replace(d.simulation, method="rk4"))
    qtbot.waitUntil(lambda: panel.reference is not None and panel._worker.idle())
    assert np.array_equal(panel.reference.values, rk4.values)


def test_a_run_is_drawn_into_the_behaviour_tab_only_when_it_is_shown(setup, qtbot, monkeypatch):
    d, _, panel = setup
    monkeypatch.setattr(panel, "update_dominance", lambda: None)  # (scored on the GUI thread: not this test's matter)
    panel.tabs.setCurrentIndex(1)
    goal = panel.rows[("value", d.variable_by_name("Goal").id)]
    goal.spin.setValue(18)
    qtbot.waitUntil(lambda: final_level(panel) == pytest.approx(18, rel=1e-3))
    assert panel.plot.columns["Level"][-1] == pytest.approx(10, rel=1e-3)  # the hidden plot was left alone
    panel.tabs.setCurrentIndex(0)
    assert panel.plot.columns["Level"][-1] == pytest.approx(18, rel=1e-3)


def test_the_window_does_its_sums_on_one_blas_thread(qtbot):
    """A second BLAS thread only waits for a core and spins: it doubled a what-if run's processor time."""
    from threadpoolctl import threadpool_info, threadpool_limits

    from cld_editor.gui.app import apply_theme, make_app
    from tests.gui._editor_helpers import isolate_settings

    before = threadpool_limits(limits=None)  # (notes the limits as they are, to put them back)
    try:
        app = make_app()
        isolate_settings()  # make_app names the real settings store; keep tests out of it
        apply_theme(app)  # (the tests' own theme again, not the one make_app read)
        assert {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"} <= {1}
    finally:
        before.restore_original_limits()


def test_dragging_the_swept_slider_runs_the_sweep_once(setup, qtbot, monkeypatch):
    """The sweep covers the dragged slider's whole range, the others as they are: moving it changes only the run."""
    from cld_editor.sim.run import Simulator

    d, _, panel = setup
    goal = panel.rows[("value", d.variable_by_name("Goal").id)]
    goal.spin.setValue(12)
    panel.sweep_button.setChecked(True)
    qtbot.waitUntil(lambda: panel.sweep_run is not None and panel._worker.idle())
    sweep = panel.sweep_run
    batches = []
    real_batch = Simulator.run_batch

    def counting_batch(self, settings, changes, *args, **kwargs):
        if any(len(np.atleast_1d(v)) > 1 for v in changes.values()):  # (a single run goes through here too)
            batches.append(len(next(iter(changes.values()))))
        return real_batch(self, settings, changes, *args, **kwargs)

    monkeypatch.setattr(Simulator, "run_batch", counting_batch)
    for value in (13, 14, 15):
        goal.spin.setValue(value)
        qtbot.waitUntil(lambda value=value: final_level(panel) == pytest.approx(value, rel=1e-3))
    assert batches == [] and panel.sweep_run is sweep
    panel.rows[("initial", d.variable_by_name("Level").id)].spin.setValue(3)  # another slider: a new sweep
    qtbot.waitUntil(lambda: panel.sweep_run is not sweep and panel._worker.idle())
    assert batches == [21]


def test_a_sweep_is_one_broken_line_a_variable(setup, qtbot):
    d, _, panel = setup
    panel.rows[("value", d.variable_by_name("Goal").id)].spin.setValue(12)
    panel.sweep_button.setChecked(True)
    qtbot.waitUntil(lambda: panel.sweep_run is not None and panel._worker.idle())
    faint = panel.plot._curves[("Level", "sweep")]
    x, y = faint.getOriginalDataset()
    rows = len(panel.run.times)
    assert len(y) == 21 * rows
    assert np.array_equal(y[-rows:], panel.sweep_run.series("Level")[:, -1])  # the last run, 2 x Goal
    assert [what for what in panel.plot._curves if what[1] == "sweep"] == [("Level", "sweep")]
